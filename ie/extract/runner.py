"""Run a system over many documents: streamed JSONL output, resumable, parallel, one bad document never stops the rest."""

import json
import os
from collections.abc import Iterable, Iterator
from itertools import islice
from multiprocessing import get_context
from pathlib import Path

from ie.extract.base import get_extractor
from ie.read import ReadError
from ie.read.inputs import TextRecord, item_doc_id, item_source, read_item

_WORKER = None
QUEUE_PER_WORKER = 64  # documents handed to the pool at a time: bounds memory on any corpus size


def _init(system: str, options: dict, threads: int | None = None) -> None:
    global _WORKER
    if threads:
        _limit_threads(threads)
    _WORKER = get_extractor(system, **options)


def _limit_threads(threads: int) -> None:
    """Several workers on few cores: each worker's math library gets its share, not all cores each."""
    import sys

    if "torch" in sys.modules:
        sys.modules["torch"].set_num_threads(threads)
    os.environ["OMP_NUM_THREADS"] = str(threads)


def _one(item: Path | TextRecord | str) -> dict:
    item = item if isinstance(item, TextRecord) else Path(item)
    try:
        return _WORKER.extract(read_item(item))
    except ReadError as exc:
        return _failure(item, exc.reason)
    except Exception as exc:  # a bug on one document must not lose the others
        return _failure(item, f"extraction failed: {type(exc).__name__}: {exc}")


def _failure(item, reason: str) -> dict:
    return {"doc_id": item_doc_id(item), "system": _WORKER.name, "source": item_source(item), "error": reason}


def run(items: Iterable[Path | TextRecord | str], system: str = "rules", options: dict | None = None,
        workers: int = 1) -> Iterator[dict]:
    """Predictions in input order; workers > 1 uses separate processes, fed a bounded queue."""
    options = options or {}
    if workers <= 1:
        _init(system, options)
        for item in items:
            yield _one(item)
        return
    items = iter(items)
    threads = max(1, (os.cpu_count() or 1) // workers)
    with get_context("fork" if os.name != "nt" else "spawn").Pool(workers, _init, (system, options, threads)) as pool:
        while batch := list(islice(items, workers * QUEUE_PER_WORKER)):
            yield from pool.imap(_one, batch, chunksize=8)


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
