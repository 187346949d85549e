"""Gold (or silver) annotations + text → character windows with BIO tags, split by document.

Gold files carry spans for facts and problems; table cells carry only values, so a cell's
span is where the rule-based table reader found that same value (cells it misses stay
untagged). Silver documents are unannotated reports labelled by the rules. Windows are cut
by the model's codec, the same one inference uses.
"""

import hashlib
import random
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

from ie.extract.base import get_extractor
from ie.extract.runner import run
from ie.extract.tables import TableReader
from ie.read import normalize_text, text_sha256
from ie.read.corpus import CorpusDoc, load_corpus
from ie.read.inputs import Inputs
from ie.schema import AGENCY, FACT_FIELDS, OUTSIDE, PROBLEM_CATEGORIES, Prediction
from ie.schema.numbers import same_number
from ie.tagger import Windowing, write_splits

SPLITS = ("train", "dev", "test")
PROSE_TYPES = frozenset(FACT_FIELDS) | frozenset(PROBLEM_CATEGORIES)


@dataclass
class TaggedDocument:
    doc_id: str
    text: str
    entities: list[tuple[int, int, str]]  # (start, end, entity type)
    source: str  # corpus folder, or "silver"


def cell_entities(gold_cells: dict, text: str, template: str | None) -> list[tuple[int, int, str]]:
    """Spans of the gold cell values, where the table reader found the same value."""
    reading = TableReader().read(text, template)
    return [
        (start, end, cid)
        for cid, (start, end) in reading.spans.items()
        if gold_cells.get(cid) is not None and same_number(reading.cells.get(cid), gold_cells[cid])
    ]


def prose_entities(record: Prediction) -> list[tuple[int, int, str]]:
    """Fact and problem spans of a gold file or a prediction."""
    spans = [(f.start, f.end, f.field) for f in record.facts if f.has_span]
    return spans + [(p.start, p.end, p.category) for p in record.problems if p.has_span]


def agency_entities(agency: str | None, text: str) -> list[tuple[int, int, str]]:
    """Every place the text prints the issuing body's name as meta.agency gives it (the title,
    the signature…); gold has no span for it."""
    if not agency:
        return []
    found, at = [], text.find(agency)
    while at >= 0:
        found.append((at, at + len(agency), AGENCY))
        at = text.find(agency, at + len(agency))
    return found


def gold_entities(gold: Prediction, text: str) -> list[tuple[int, int, str]]:
    return (
        prose_entities(gold)
        + agency_entities(gold.meta.agency, text)
        + cell_entities(gold.cells, text, gold.meta.template)
    )


def silver_entities(prediction: Prediction, text: str) -> list[tuple[int, int, str]]:
    cells = [
        (s, e, cid)
        for cid, (s, e) in prediction.cell_spans.items()
        if prediction.cells.get(cid) is not None
    ]
    return prose_entities(prediction) + agency_entities(prediction.meta.agency, text) + cells


def annotated_texts(corpus_dir: Path) -> Iterator[tuple[CorpusDoc, str]]:
    """Each document of an annotated corpus with its text; a text that does not match its gold
    file's hash is an error (the offsets would be wrong)."""
    for doc in load_corpus(corpus_dir):
        if doc.text_path is None:
            raise ValueError(f"{corpus_dir}: {doc.doc_id} has no text/{doc.doc_id}.txt to train on")
        text = normalize_text(doc.text_path.read_text(encoding="utf-8"))
        expected = doc.gold.text_sha256
        if expected and expected != text_sha256(text):
            raise ValueError(
                f"{doc.text_path}: text does not match text_sha256 of gold/{doc.doc_id}.json; "
                "offsets would be wrong"
            )
        yield doc, text


def read_annotated(corpus_dir: Path) -> Iterator[TaggedDocument]:
    """Documents of an annotated corpus (text/ + gold/), tagged from their gold."""
    for doc, text in annotated_texts(corpus_dir):
        yield TaggedDocument(doc.doc_id, text, gold_entities(doc.gold, text), str(corpus_dir))


def read_silver(inputs: list[str]) -> Iterator[TaggedDocument]:
    """Unannotated reports labelled by the rules (unreadable files are skipped with a message)."""
    for extracted in run(
        Inputs(inputs), get_extractor("rules")
    ):  # ids made distinct as for extract
        prediction = extracted.prediction
        if prediction.error is not None:
            print(f"skipped silver document: {prediction.source}: {prediction.error}")
            continue
        yield TaggedDocument(
            prediction.doc_id, extracted.text, silver_entities(prediction, extracted.text), "silver"
        )


def bio_tags(length: int, entities: Iterable[tuple[int, int, str]]) -> list[str]:
    """One tag per character; an entity overlapping one already placed is left out (one tag per character)."""
    tags = [OUTSIDE] * length
    for start, end, kind in sorted(entities):
        if start < 0 or end > length or start >= end or any(t != OUTSIDE for t in tags[start:end]):
            continue
        tags[start] = f"B-{kind}"
        for i in range(start + 1, end):
            tags[i] = f"I-{kind}"
    return tags


def split_of(doc_id: str, dev: float, test: float, seed: int) -> str:
    """A document's split from a hash of its id: stable, and no document in two splits."""
    h = int(hashlib.sha256(f"{seed}:{doc_id}".encode()).hexdigest()[:8], 16) / 0xFFFFFFFF
    return "test" if h < test else ("dev" if h < test + dev else "train")


def document_rows(doc: TaggedDocument, windowing: Windowing) -> Iterator[dict]:
    tags = bio_tags(len(doc.text), doc.entities)
    columns = windowing.column_ids(doc.text)
    for start, end in windowing.spans(len(doc.text)):
        yield {
            "doc_id": doc.doc_id,
            "source": doc.source,
            "start": start,
            "text": doc.text[start:end],
            "columns": columns[start:end],
            "tags": tags[start:end],
        }


def build_dataset(
    documents: Iterable[TaggedDocument],
    windowing: Windowing,
    dev: float,
    test: float,
    seed: int = 0,
    keep_empty: float = 1.0,
    fixed_splits: dict[str, str] | None = None,
    oversample_prose: int = 1,
    prose_repeats: dict[str, int] | None = None,
):
    """A `datasets.DatasetDict` (train/dev/test) of windows; `fixed_splits` pins a document's split
    by source; a training window holding a fact or problem is repeated `oversample_prose` times,
    or `prose_repeats[source]` times for the sources named there."""
    from datasets import Dataset, DatasetDict

    rng = random.Random(seed)
    rows: dict[str, list[dict]] = {s: [] for s in SPLITS}
    for doc in documents:
        split = (fixed_splits or {}).get(doc.source) or split_of(doc.doc_id, dev, test, seed)
        for row in document_rows(doc, windowing):
            empty = all(t == OUTSIDE for t in row["tags"])
            if split == "train" and empty and rng.random() >= keep_empty:
                continue
            prose = any(t[2:] in PROSE_TYPES for t in row["tags"] if t != OUTSIDE)
            repeats = (prose_repeats or {}).get(doc.source, oversample_prose)
            rows[split].extend([row] * (repeats if split == "train" and prose else 1))
    empty_row = {"doc_id": [], "source": [], "start": [], "text": [], "columns": [], "tags": []}
    return DatasetDict(
        {s: Dataset.from_list(r) if r else Dataset.from_dict(empty_row) for s, r in rows.items()}
    )


def save_dataset(dataset, output: Path) -> None:
    """The dataset on disk (empty splits left out: `datasets` cannot load them back), with the
    documents of each split listed beside it."""
    from datasets import DatasetDict

    DatasetDict({s: part for s, part in dataset.items() if len(part)}).save_to_disk(str(output))
    write_splits(dataset, output)
