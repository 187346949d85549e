"""Prediction files (JSON Lines): one writer for every command that writes them, one reader.

The writer flushes each line as it is written, so a crash loses nothing already written,
and can resume a file a crash cut short.
"""

import json
from collections.abc import Iterator
from pathlib import Path

from ie.schema import Prediction, RecordError


def dumps(record: Prediction | dict) -> str:
    data = record.to_json() if isinstance(record, Prediction) else record
    return json.dumps(data, ensure_ascii=False, allow_nan=False)


class JsonlWriter:
    """Appends records to a JSON Lines file, one flushed line each (a context manager)."""

    def __init__(self, path: str | Path, append: bool = False):
        self.path = Path(path)
        self.path.parent.mkdir(parents=True, exist_ok=True)
        self._fh = open(self.path, "a" if append else "w", encoding="utf-8")

    def write(self, record: Prediction | dict) -> None:
        self._fh.write(dumps(record) + "\n")
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


def read_records(path: str | Path) -> Iterator[Prediction]:
    """The records of a JSON Lines file; a line that is not a record is an error naming the file and line."""
    try:
        fh = open(path, encoding="utf-8")
    except OSError as exc:
        raise ValueError(f"{path}: cannot open ({exc.strerror})") from None
    with fh:
        try:
            for n, line in enumerate(fh, 1):
                if not line.strip():
                    continue
                try:
                    yield Prediction.from_json(json.loads(line))
                except json.JSONDecodeError:
                    raise ValueError(f"{path}:{n}: not a JSON line") from None
                except RecordError as exc:
                    raise ValueError(f"{path}:{n}: {exc}") from None
        except UnicodeDecodeError:
            raise ValueError(f"{path}: not UTF-8 text") from None


def load_predictions(path: str | Path) -> dict[str, Prediction]:
    return {record.doc_id: record for record in read_records(path)}
