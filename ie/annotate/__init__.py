"""Label Studio round trip: a labeling config from the schema, tasks with pre-annotations, exports back to gold."""
