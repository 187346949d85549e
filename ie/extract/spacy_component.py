"""govie as a spaCy pipeline component: `spacy.blank("zh").add_pipe("govie")`.

The component runs any registered system (`config={"system": "rules"}`, or
`{"system": "model", "model": DIR}`) on the doc's text and puts what it found on the doc:
facts in `doc.spans["govie_facts"]` and staff problems in `doc.spans["govie_problems"]`
(labels are the schema's ids, the number on `span._.govie_value`), the typed record in
`doc._.govie`. It is registered through the `spacy_factories` entry point, so spaCy finds it
after `pip install govie` without an import.

The extractors read normalized text (SCHEMA §6); where normalization changes a character's
length (`\\r\\n`, `㈠`), offsets are mapped back to the doc's own characters.
"""

import unicodedata

from spacy.language import Language
from spacy.tokens import Doc, Span

from ie.extract.base import get_extractor
from ie.read import Document, normalize_text
from ie.schema import Prediction

FACTS_KEY = "govie_facts"
PROBLEMS_KEY = "govie_problems"

if not Doc.has_extension("govie"):
    Doc.set_extension("govie", default=None)
if not Span.has_extension("govie_value"):
    Span.set_extension("govie_value", default=None)


def normalized_with_offsets(text: str) -> tuple[str, list[int]]:
    """The text as the readers normalize it, and for each of its characters the offset of the
    original character it came from (one more entry: the end)."""
    normalized = normalize_text(text)
    if len(normalized) == len(text):
        return normalized, list(range(len(text) + 1))
    chars, offsets = [], []
    k = 0
    while k < len(text):
        if text[k] == "\ufeff" and k == 0:
            k += 1
            continue
        width = 2 if text[k : k + 2] == "\r\n" else 1
        piece = "\n" if text[k] in "\r\n" else unicodedata.normalize("NFKC", text[k])
        chars.append(piece)
        offsets += [k] * len(piece)
        k += width
    offsets.append(len(text))
    return "".join(chars), offsets


def add_record_spans(doc: Doc, record: Prediction, offsets: list[int] | None = None) -> Doc:
    """The record's facts and problems as span groups on `doc` (its offsets mapped through
    `offsets` when given); spans that cut a token are widened to whole tokens."""
    offsets = offsets or list(range(len(doc.text) + 1))
    groups = {FACTS_KEY: [], PROBLEMS_KEY: []}
    items = [(FACTS_KEY, f.field, f.value, f.start, f.end) for f in record.facts if f.has_span]
    items += [(PROBLEMS_KEY, p.category, None, p.start, p.end) for p in record.problems]
    for key, label, value, start, end in items:
        if start is None or end is None or not 0 <= start < end < len(offsets):
            continue
        span = doc.char_span(offsets[start], offsets[end], label=label, alignment_mode="expand")
        if span is None:
            continue
        span._.govie_value = value
        groups[key].append(span)
    for key, spans in groups.items():
        doc.spans[key] = spans
    return doc


class GovieComponent:
    """Runs one govie system on each doc."""

    def __init__(self, nlp: Language, name: str, system: str, model: str | None):
        options = {"model": model} if model else {}
        self.name = name
        self.extractor = get_extractor(system, **options)

    def __call__(self, doc: Doc) -> Doc:
        text, offsets = normalized_with_offsets(doc.text)
        doc_id = str(doc.user_data.get("doc_id", "doc"))
        record = self.extractor.extract(Document(doc_id, text))
        doc._.govie = record
        return add_record_spans(doc, record, offsets)


@Language.factory("govie", default_config={"system": "rules", "model": None})
def make_govie(nlp: Language, name: str, system: str, model: str | None) -> GovieComponent:
    return GovieComponent(nlp, name, system, model)
