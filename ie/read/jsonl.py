"""Prediction files (JSON Lines): one writer for every command that writes them, one reader.

The writer flushes each line as it is written, so a crash loses nothing already written,
and can resume a file a crash cut short.
"""

import json
import math
from collections.abc import Iterator
from pathlib import Path

import orjson

from ie.schema import Prediction, RecordError


def dump_bytes(record: Prediction | dict) -> bytes:
    """One record as UTF-8 JSON (orjson: a tenth of the json module's time on a prediction).

    orjson writes NaN and infinity as null, so a prediction holding one is refused here, as the
    json module's allow_nan=False did: a figure must not silently become "not read"."""
    if isinstance(record, Prediction):
        _check_finite(record)
        record = record.to_json()
    return orjson.dumps(record)


def _check_finite(prediction: Prediction) -> None:
    values = [*filter(None, prediction.cells.values()), *(f.value for f in prediction.facts)]
    try:
        finite = math.isfinite(sum(values))
    except OverflowError:  # an integer beyond a float's range
        finite = False
    if not finite:
        raise ValueError("a value is not a finite number")


class JsonlWriter:
    """Appends records to a JSON Lines file, one flushed line each (a context manager)."""

    def __init__(self, path: str | Path, append: bool = False):
        self.path = Path(path)
        self.path.parent.mkdir(parents=True, exist_ok=True)
        self._fh = open(self.path, "ab" if append else "wb")

    def write(self, record: Prediction | dict) -> None:
        """One line; a record JSON cannot hold (a number too large for a float) becomes an error record."""
        try:
            line = dump_bytes(record)
        except (ValueError, TypeError) as exc:
            doc_id = record.doc_id if isinstance(record, Prediction) else record.get("doc_id")
            line = dump_bytes(
                {"doc_id": doc_id, "error": f"prediction not representable as JSON ({exc})"}
            )
        self._fh.write(line + b"\n")
        self._fh.flush()

    def close(self) -> None:
        self._fh.close()

    def __enter__(self) -> "JsonlWriter":
        return self

    def __exit__(self, *exc) -> None:
        self.close()


def prepare_resume(output: Path) -> set[str]:
    """doc_ids already written to an output file (for --resume); a half-written last line left by a
    crash is cut off, so that appended lines stay valid JSON Lines."""
    output = Path(output)
    if not output.exists():
        return set()
    data = output.read_bytes()
    if data and not data.endswith(b"\n"):
        data = data[: data.rfind(b"\n") + 1]
        output.write_bytes(data)
    ids = set()
    for line in data.decode("utf-8", errors="replace").splitlines():
        try:
            ids.add(json.loads(line)["doc_id"])
        except (json.JSONDecodeError, KeyError, TypeError):
            continue
    return ids


def read_records(path: str | Path, problems: list[str] | None = None) -> Iterator[Prediction]:
    """The records of a JSON Lines file. A line that is not a record is an error naming the file,
    line and field; given a `problems` list, it is noted there and reading goes on."""

    def bad(message: str) -> None:
        if problems is None:
            raise ValueError(message)
        problems.append(message)

    try:
        fh = open(path, encoding="utf-8")
    except OSError as exc:
        raise ValueError(f"{path}: cannot open ({exc.strerror})") from None
    with fh:
        n = 0
        while True:
            try:
                line = fh.readline()
            except UnicodeDecodeError:
                raise ValueError(f"{path}: not UTF-8 text (line {n + 1})") from None
            if not line:
                return
            n += 1
            if not line.strip():
                continue
            try:
                yield Prediction.from_json(json.loads(line))
            except json.JSONDecodeError:
                bad(f"{path}:{n}: not a JSON line")
            except RecordError as exc:
                bad(f"{path}:{n}: {exc}")


def load_predictions(path: str | Path, problems: list[str] | None = None) -> dict[str, Prediction]:
    return {record.doc_id: record for record in read_records(path, problems)}
