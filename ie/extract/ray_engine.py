"""Run a system with Ray: on this machine, or on a cluster (`--engine ray --address ray://…`).

Ray Data holds the inputs (file paths, or the text of dataset rows) and runs the extractor in
`map_batches` on a pool of actors, each building its own copy of the system from its spec once
(one model per actor; `gpus_per_worker` gives each actor a GPU share). Reading happens in the
actors, so a bad document becomes the same error record as with the local runner, and the
records come back in input order. Inputs are sent in windows of `WINDOW` documents, so the
driver never holds a whole corpus.
"""

import json
from collections.abc import Iterable, Iterator
from itertools import islice
from pathlib import Path

from ie.extract.base import SystemSpec
from ie.extract.single import extract_one
from ie.read.inputs import FileRecord, Item, TextRecord
from ie.schema import Prediction

WINDOW = 10_000  # documents handed to Ray at a time
BATCH = 16  # documents per map_batches call


def _as_row(item: Item | str) -> dict:
    if isinstance(item, TextRecord):
        return {"doc_id": item.doc_id, "text": item.text, "source": item.source, "path": ""}
    if isinstance(item, FileRecord):
        return {"doc_id": item.doc_id, "text": "", "source": "", "path": str(item.path)}
    return {"doc_id": "", "text": "", "source": "", "path": str(item)}


def _as_item(row: dict) -> Item:
    if row["path"]:
        path = Path(row["path"])
        return FileRecord(path, row["doc_id"]) if row["doc_id"] else path
    return TextRecord(row["doc_id"], row["text"], row["source"])


class ExtractActor:
    """One copy of the system per Ray actor, built when the actor starts."""

    def __init__(self, spec: SystemSpec):
        self.extractor = spec.build()

    def __call__(self, batch: dict) -> dict:
        records = []
        for k in range(len(batch["doc_id"])):
            row = {key: batch[key][k] for key in ("doc_id", "text", "source", "path")}
            prediction = extract_one(self.extractor, _as_item(row)).prediction
            records.append(prediction.to_json())
        return {"record": [json.dumps(r, ensure_ascii=False) for r in records]}


def start_ray(address: str | None = None, num_cpus: int | None = None) -> None:
    """Connect to a cluster at `address`, or start a local Ray (once per process)."""
    import logging

    import ray

    if ray.is_initialized():
        return
    logging.getLogger("ray").setLevel(logging.WARNING)
    if address:
        ray.init(address=address, log_to_driver=False, logging_level=logging.WARNING)
    else:
        ray.init(
            num_cpus=num_cpus,
            include_dashboard=False,
            log_to_driver=False,
            logging_level=logging.WARNING,
        )


def run_ray(
    items: Iterable[Item | str],
    spec: SystemSpec,
    workers: int = 2,
    address: str | None = None,
    gpus_per_worker: float = 0.0,
) -> Iterator[Prediction]:
    """Each document's prediction, in input order, made by `workers` Ray actors."""
    import ray

    start_ray(address)
    context = ray.data.DataContext.get_current()
    context.execution_options.preserve_order = True
    context.enable_progress_bars = False
    context.print_on_execution_start = False
    items = iter(items)
    while window := [_as_row(item) for item in islice(items, WINDOW)]:
        dataset = ray.data.from_items(window).map_batches(
            ExtractActor,
            fn_constructor_kwargs={"spec": spec},
            batch_size=BATCH,
            batch_format="numpy",
            compute=ray.data.ActorPoolStrategy(size=workers),
            num_gpus=gpus_per_worker or None,
        )
        for row in dataset.iter_rows():
            yield Prediction.from_json(json.loads(row["record"]))
