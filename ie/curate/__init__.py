"""Building a corpus around the Label Studio round trip: choose what to annotate, measure how
far two annotators agree, settle their differences into gold, describe the result."""
