"""Annotated corpora laid out as ../shared/corpus/README.md says: text/, gold/, and source/ for originals."""

import json
from dataclasses import dataclass
from pathlib import Path

from ie.read import READERS


@dataclass
class CorpusDoc:
    doc_id: str
    gold: dict
    input_path: Path  # what the systems read: the original where there is one, else the text
    text_path: Path | None


def load_gold_dir(gold_dir: str | Path) -> dict[str, dict]:
    gold_dir = Path(gold_dir)
    if not gold_dir.is_dir():
        raise FileNotFoundError(f"{gold_dir}: not a folder of gold files")
    out = {}
    for path in sorted(gold_dir.glob("*.json")):
        try:
            gold = json.loads(path.read_text(encoding="utf-8"))
        except json.JSONDecodeError as exc:
            raise ValueError(f"{path}: not valid JSON ({exc.msg}, line {exc.lineno})") from None
        out[gold.get("doc_id") or path.stem] = gold
    return out


def load_corpus(corpus_dir: str | Path) -> list[CorpusDoc]:
    root = Path(corpus_dir)
    gold = load_gold_dir(root / "gold")
    docs = []
    for doc_id, g in gold.items():
        text_path = root / "text" / f"{doc_id}.txt"
        sources = sorted(p for p in (root / "source").glob(f"{doc_id}.*") if p.suffix.lower() in READERS) \
            if (root / "source").is_dir() else []
        input_path = sources[0] if sources else text_path
        if not input_path.exists():
            raise FileNotFoundError(f"{root}: no text or source file for {doc_id}")
        docs.append(CorpusDoc(doc_id, g, input_path, text_path if text_path.exists() else None))
    return docs


def load_texts(text_dir: Path, doc_ids) -> dict[str, str]:
    """Normalized texts of the documents that have one in `text_dir` (for showing errors in context)."""
    from ie.read import normalize_text

    paths = {d: Path(text_dir) / f"{d}.txt" for d in doc_ids}
    return {d: normalize_text(p.read_text(encoding="utf-8")) for d, p in paths.items() if p.exists()}


def load_predictions(path: str | Path) -> dict[str, dict]:
    preds = {}
    with open(path, encoding="utf-8") as fh:
        for n, line in enumerate(fh, 1):
            if not line.strip():
                continue
            try:
                pred = json.loads(line)
            except json.JSONDecodeError:
                raise ValueError(f"{path}:{n}: not a JSON line") from None
            preds[pred["doc_id"]] = pred
    return preds
