"""Gold (or silver) annotations + text → character windows with BIO tags, split by document.

Gold files carry spans for facts and problems; table cells carry only values, so a cell's
span is where the rule-based table reader found that same value (cells it misses stay
untagged). Silver documents are unannotated reports labelled by the rules.
"""

import hashlib
import json
import random
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

from ie.extract.tables import TableReader
from ie.evaluate.scores import same_number
from ie.read import iter_input_files, normalize_text, text_sha256
from ie.schema import FACT_FIELDS, OUTSIDE, PROBLEM_CATEGORIES
from ie.train.chars import column_ids

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
    reading = TableReader().read(text, template_hint=template)
    return [(start, end, cid) for cid, (start, end) in reading.spans.items()
            if gold_cells.get(cid) is not None and same_number(reading.cells.get(cid), gold_cells[cid])]


def prose_entities(record: dict) -> list[tuple[int, int, str]]:
    """Fact and problem spans of a gold file or a prediction."""
    spans = [(f["start"], f["end"], f["field"]) for f in record.get("facts", []) if "start" in f]
    return spans + [(p["start"], p["end"], p["category"]) for p in record.get("problems", []) if "start" in p]


def gold_entities(gold: dict, text: str) -> list[tuple[int, int, str]]:
    return prose_entities(gold) + cell_entities(gold.get("cells", {}), text, (gold.get("meta") or {}).get("template"))


def silver_entities(prediction: dict) -> list[tuple[int, int, str]]:
    cells = [(s, e, cid) for cid, (s, e) in prediction.get("cell_spans", {}).items()
             if prediction.get("cells", {}).get(cid) is not None]
    return prose_entities(prediction) + cells


def read_annotated(corpus_dir: Path) -> Iterator[TaggedDocument]:
    """Documents of an annotated corpus (text/ + gold/); a gold file whose text does not match is an error."""
    from ie.evaluate.corpus import load_corpus

    for doc in load_corpus(corpus_dir):
        if doc.text_path is None:
            raise ValueError(f"{corpus_dir}: {doc.doc_id} has no text/{doc.doc_id}.txt to train on")
        text = normalize_text(doc.text_path.read_text(encoding="utf-8"))
        expected = doc.gold.get("text_sha256")
        if expected and expected != text_sha256(text):
            raise ValueError(f"{doc.text_path}: text does not match text_sha256 of gold/{doc.doc_id}.json; offsets would be wrong")
        yield TaggedDocument(doc.doc_id, text, gold_entities(doc.gold, text), str(corpus_dir))


def read_silver(inputs: list[str]) -> Iterator[TaggedDocument]:
    """Unannotated reports labelled by the rules (unreadable files are skipped with a message)."""
    from ie.extract.runner import run

    for prediction, text in run(iter_input_files(inputs), "rules", with_text=True):
        if "error" in prediction:
            print(f"skipped silver document: {prediction['source']}: {prediction['error']}")
            continue
        yield TaggedDocument(prediction["doc_id"], text, silver_entities(prediction), "silver")


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


def windows(length: int, size: int, stride: int) -> list[tuple[int, int]]:
    """Overlapping [start, end) windows covering 0..length; the last one ends at `length`."""
    if length <= size:
        return [(0, length)]
    starts = list(range(0, length - size, stride)) + [length - size]
    return [(s, s + size) for s in dict.fromkeys(starts)]


def split_of(doc_id: str, dev: float, test: float, seed: int) -> str:
    """A document's split from a hash of its id: stable, and no document in two splits."""
    h = int(hashlib.sha256(f"{seed}:{doc_id}".encode()).hexdigest()[:8], 16) / 0xFFFFFFFF
    return "test" if h < test else ("dev" if h < test + dev else "train")


def document_rows(doc: TaggedDocument, window: int, stride: int) -> Iterator[dict]:
    tags = bio_tags(len(doc.text), doc.entities)
    columns = column_ids(doc.text)
    for start, end in windows(len(doc.text), window, stride):
        yield {"doc_id": doc.doc_id, "source": doc.source, "start": start,
               "text": doc.text[start:end], "columns": columns[start:end], "tags": tags[start:end]}


def build_dataset(documents: Iterable[TaggedDocument], window: int = 254, stride: int = 192, dev: float = 0.1,
                  test: float = 0.1, seed: int = 0, keep_empty: float = 1.0, fixed_splits: dict[str, str] | None = None,
                  oversample_prose: int = 1):
    """A `datasets.DatasetDict` (train/dev/test) of windows; `fixed_splits` pins a document's split by source."""
    from datasets import Dataset, DatasetDict

    rng = random.Random(seed)
    rows: dict[str, list[dict]] = {s: [] for s in SPLITS}
    for doc in documents:
        split = (fixed_splits or {}).get(doc.source) or split_of(doc.doc_id, dev, test, seed)
        for row in document_rows(doc, window, stride):
            empty = all(t == OUTSIDE for t in row["tags"])
            if split == "train" and empty and rng.random() >= keep_empty:
                continue
            prose = any(t[2:] in PROSE_TYPES for t in row["tags"] if t != OUTSIDE)
            rows[split].extend([row] * (oversample_prose if split == "train" and prose else 1))
    empty_row = {"doc_id": [], "source": [], "start": [], "text": [], "columns": [], "tags": []}
    return DatasetDict({s: Dataset.from_list(r) if r else Dataset.from_dict(empty_row) for s, r in rows.items()})


def save_dataset(dataset, output: Path) -> None:
    """The dataset on disk, with the documents of each split listed beside it."""
    dataset.save_to_disk(str(output))
    splits = {s: sorted(set(dataset[s]["doc_id"])) for s in dataset}
    (Path(output) / "splits.json").write_text(json.dumps(splits, ensure_ascii=False, indent=1), encoding="utf-8")
