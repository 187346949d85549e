"""Annotated corpora laid out as ../shared/corpus/README.md says: text/, gold/, and source/ for originals."""

import json
from dataclasses import dataclass
from pathlib import Path

from ie.read.document import normalize_text
from ie.read.files import READERS
from ie.schema import Prediction, RecordError


@dataclass
class CorpusDoc:
    doc_id: str
    gold: Prediction
    input_path: Path  # what the systems read: the original where there is one, else the text
    text_path: Path | None


def load_gold_dir(gold_dir: str | Path, problems: list[str] | None = None) -> dict[str, Prediction]:
    """Every gold file of a folder, typed. A file that is not a record is an error naming it;
    given a `problems` list, it is noted there and the other files are read."""
    gold_dir = Path(gold_dir)
    if not gold_dir.is_dir():
        raise FileNotFoundError(f"{gold_dir}: not a folder of gold files")
    out = {}
    for path in sorted(gold_dir.glob("*.json")):
        try:
            out |= _gold_file(path)
        except ValueError as exc:
            if problems is None:
                raise
            problems.append(str(exc))
    return out


def _gold_file(path: Path) -> dict[str, Prediction]:
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except json.JSONDecodeError as exc:
        raise ValueError(f"{path}: not valid JSON ({exc.msg}, line {exc.lineno})") from None
    except UnicodeDecodeError:
        raise ValueError(f"{path}: not UTF-8 text") from None
    if isinstance(data, dict) and not data.get("doc_id"):
        data = {**data, "doc_id": path.stem}
    try:
        gold = Prediction.from_json(data)
    except RecordError as exc:
        raise ValueError(f"{path}: {exc}") from None
    return {gold.doc_id: gold}


def load_corpus(corpus_dir: str | Path) -> list[CorpusDoc]:
    root = Path(corpus_dir)
    gold = load_gold_dir(root / "gold")
    docs = []
    for doc_id, g in gold.items():
        text_path = root / "text" / f"{doc_id}.txt"
        sources = (
            sorted(p for p in (root / "source").glob(f"{doc_id}.*") if p.suffix.lower() in READERS)
            if (root / "source").is_dir()
            else []
        )
        input_path = sources[0] if sources else text_path
        if not input_path.exists():
            raise FileNotFoundError(f"{root}: no text or source file for {doc_id}")
        docs.append(CorpusDoc(doc_id, g, input_path, text_path if text_path.exists() else None))
    return docs


def load_texts(text_dir: Path, doc_ids) -> dict[str, str]:
    """Normalized texts of the documents that have one in `text_dir` (for showing errors in context)."""
    paths = {d: Path(text_dir) / f"{d}.txt" for d in doc_ids}
    return {
        d: normalize_text(p.read_text(encoding="utf-8")) for d, p in paths.items() if p.exists()
    }
