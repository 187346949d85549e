"""Run a system over many documents: in input order, in parallel, one bad document never stops the rest.

The runner holds no state between runs: in one process it uses the extractor it is given; with
several workers each process builds its own copy from the extractor's `spec`.
"""

import gc
import os
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from importlib.util import find_spec
from itertools import islice
from multiprocessing import get_context
from pathlib import Path

from ie.extract.base import Extractor, SystemSpec
from ie.extract.single import Extracted, extract_one
from ie.read.inputs import Item, item_doc_id
from ie.read.jsonl import JsonlWriter, prepare_resume
from ie.schema import Prediction

QUEUE_PER_WORKER = 64  # documents handed to the pool at a time: bounds memory on any corpus size


class _Worker:
    """A worker process's own system, built once when the process starts."""

    extractor: Extractor | None = None

    @classmethod
    def start(cls, spec: SystemSpec, threads: int) -> None:
        _limit_threads(threads)
        cls.extractor = spec.build()
        _settle()

    @classmethod
    def extract(cls, item) -> Extracted:
        return extract_one(cls.extractor, item)


def _settle() -> None:
    """The system is built: what it holds (dictionaries, models, compiled patterns) lives as long
    as the process, so the cycle collector stops walking it at every collection (3% of the rules'
    time on generated reports)."""
    gc.freeze()


def _limit_threads(threads: int) -> None:
    """Several workers on few cores: each worker's math library gets its share, not all cores each."""
    import sys

    if "torch" in sys.modules:
        sys.modules["torch"].set_num_threads(threads)
    os.environ["OMP_NUM_THREADS"] = str(threads)


def run(items: Iterable[Item | str], extractor: Extractor, workers: int = 1) -> Iterator[Extracted]:
    """Each document's prediction with its text, in input order.

    workers > 1 uses separate processes, each building its own copy of `extractor` from its
    spec, fed a bounded queue."""
    if workers <= 1:
        _settle()
        for item in items:
            yield extract_one(extractor, item)
        return
    items = iter(items)
    threads = max(1, (os.cpu_count() or 1) // workers)
    context = get_context("fork" if os.name != "nt" else "spawn")
    with context.Pool(workers, _Worker.start, (extractor.spec, threads)) as pool:
        while batch := list(islice(items, workers * QUEUE_PER_WORKER)):
            yield from pool.imap(_Worker.extract, batch, chunksize=8)


@dataclass(frozen=True)
class Engine:
    """Where documents are extracted: this process and its workers ("local"), or Ray actors
    ("ray", a local Ray or the cluster at `address`)."""

    name: str = "local"
    address: str | None = None
    gpus_per_worker: float = 0.0

    def __post_init__(self):
        if self.name not in ENGINES:
            raise ValueError(f"unknown engine {self.name!r}: one of {', '.join(ENGINES)}")
        if self.name == "ray" and find_spec("ray") is None:
            raise ValueError("the ray engine needs Ray: pip install -e '.[ray]'")


ENGINES = ("local", "ray")


def predictions(
    items: Iterable, extractor: Extractor, workers: int = 1, engine: Engine = Engine()
) -> Iterator[Prediction]:
    """Each document's prediction in input order, made by the chosen engine."""
    if engine.name == "ray":
        from ie.extract.ray_engine import run_ray

        yield from run_ray(
            items, extractor.spec, max(1, workers), engine.address, engine.gpus_per_worker
        )
        return
    for extracted in run(items, extractor, workers):
        yield extracted.prediction


@dataclass
class ExtractionSummary:
    done: int = 0
    failed: list[Prediction] = field(default_factory=list)
    skipped: int = 0


def extract_to_file(
    items,
    extractor: Extractor,
    output: Path,
    workers: int = 1,
    resume: bool = False,
    on_record=None,
    engine: Engine = Engine(),
) -> ExtractionSummary:
    """Predictions written to `output` as they are made; with `resume`, documents already there are skipped.

    `on_record(prediction)` is called after each one (progress, error lines)."""
    skip = prepare_resume(output) if resume else set()
    summary = ExtractionSummary(skipped=len(skip))
    todo = (item for item in items if item_doc_id(item) not in skip)
    with JsonlWriter(output, append=resume) as writer:
        for prediction in predictions(todo, extractor, workers, engine):
            writer.write(prediction)
            summary.done += 1
            if prediction.error is not None:
                summary.failed.append(prediction)
            if on_record:
                on_record(prediction)
    return summary
