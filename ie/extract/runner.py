"""Run a system over many documents: streamed JSONL output, resumable, parallel, one bad document never stops the rest."""

import json
import os
from collections.abc import Iterable, Iterator
from itertools import islice
from multiprocessing import get_context
from pathlib import Path

from ie.extract.base import Extractor, get_extractor
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


def _with_text(item: Path | TextRecord | str) -> tuple[dict, str | None]:
    """The prediction for one document, and the text it was made on (None where it could not be read)."""
    item = item if isinstance(item, TextRecord) else Path(item)
    text = None
    try:
        doc = read_item(item)
        text = doc.text
        return _WORKER.extract(doc), text
    except ReadError as exc:
        return _failure(item, exc.reason), text
    except Exception as exc:  # a bug on one document must not lose the others
        return _failure(item, f"extraction failed: {type(exc).__name__}: {exc}"), text


def _one(item: Path | TextRecord | str) -> dict:
    return _with_text(item)[0]


def _failure(item, reason: str) -> dict:
    return {"doc_id": item_doc_id(item), "system": _WORKER.name, "source": item_source(item), "error": reason}


def run(items: Iterable[Path | TextRecord | str], system: str = "rules", options: dict | None = None,
        workers: int = 1, with_text: bool = False, extractor: Extractor | None = None) -> Iterator:
    """Predictions in input order (with `with_text`, (prediction, text) pairs, so callers need not read twice).

    workers > 1 uses separate processes, fed a bounded queue; in one process a system already
    built can be given as `extractor`, so a model is not loaded a second time."""
    global _WORKER
    options = options or {}
    work = _with_text if with_text else _one
    if workers <= 1:
        if extractor is not None:
            _WORKER = extractor
        else:
            _init(system, options)
        for item in items:
            yield work(item)
        return
    items = iter(items)
    threads = max(1, (os.cpu_count() or 1) // workers)
    with get_context("fork" if os.name != "nt" else "spawn").Pool(workers, _init, (system, options, threads)) as pool:
        while batch := list(islice(items, workers * QUEUE_PER_WORKER)):
            yield from pool.imap(work, batch, chunksize=8)


def prepare_resume(output: Path) -> set[str]:
    """doc_ids already written to an output file (for --resume); a half-written last line left by a
    crash is cut off, so that appended lines stay valid JSON Lines."""
    if not output.exists():
        return set()
    data = output.read_bytes()
    if data and not data.endswith(b"\n"):
        data = data[: data.rfind(b"\n") + 1]
        output.write_bytes(data)
    ids = set()
    for line in data.decode("utf-8").splitlines():
        try:
            ids.add(json.loads(line)["doc_id"])
        except (json.JSONDecodeError, KeyError):
            continue
    return ids
