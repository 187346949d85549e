"""Run a system over many files: streamed JSONL output, resumable, parallel, one bad file never stops the rest."""

import json
import os
from collections.abc import Iterable, Iterator
from multiprocessing import get_context
from pathlib import Path

from ie.extract.base import get_extractor
from ie.read import ReadError, doc_id_of, read_document

_WORKER = None


def _init(system: str, options: dict) -> None:
    global _WORKER
    _WORKER = get_extractor(system, **options)


def _one(path: str) -> dict:
    try:
        doc = read_document(path)
        return _WORKER.extract(doc)
    except ReadError as exc:
        return {"doc_id": doc_id_of(path), "system": _WORKER.name, "source": str(path), "error": exc.reason}
    except Exception as exc:  # a bug on one document must not lose the others
        return {"doc_id": doc_id_of(path), "system": _WORKER.name, "source": str(path),
                "error": f"extraction failed: {type(exc).__name__}: {exc}"}


def run(paths: Iterable[Path], system: str = "rules", options: dict | None = None, workers: int = 1) -> Iterator[dict]:
    """Predictions in input order; workers > 1 uses separate processes."""
    options = options or {}
    names = [str(p) for p in paths]
    if workers <= 1:
        _init(system, options)
        for p in names:
            yield _one(p)
        return
    with get_context("fork" if os.name != "nt" else "spawn").Pool(workers, _init, (system, options)) as pool:
        yield from pool.imap(_one, names, chunksize=8)


def done_ids(output: Path) -> set[str]:
    """doc_ids already written to an output file (for --resume); a torn last line is ignored."""
    ids = set()
    if output.exists():
        with open(output, encoding="utf-8") as fh:
            for line in fh:
                try:
                    ids.add(json.loads(line)["doc_id"])
                except (json.JSONDecodeError, KeyError):
                    continue
    return ids
