"""What `govie extract` reads: files, folders, globs, `datasets` datasets saved to disk and
Parquet tables, streamed one by one.

A dataset or table row is a document whose text is already extracted: a `text` column and a
`doc_id` (or `id`) column. Paths and rows travel as small items, so nothing holds the whole
corpus in memory.
"""

import hashlib
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from ie.read.document import (
    Document,
    ReadError,
    check_doc_id,
    check_length,
    doc_id_of,
    normalize_text,
)
from ie.read.files import iter_input_files, read_document


@dataclass(frozen=True)
class TextRecord:
    """A document given as text (a dataset row) rather than as a file."""

    doc_id: str
    text: str
    source: str


def is_saved_dataset(path: Path) -> bool:
    return path.is_dir() and (
        (path / "dataset_info.json").exists() or (path / "dataset_dict.json").exists()
    )


def is_text_table(path: Path) -> bool:
    return path.is_file() and path.suffix.lower() == ".parquet"


class ParquetRows:
    """A Parquet file's rows as dicts, read a batch at a time (a table of any size streams)."""

    def __init__(self, path: Path):
        import pyarrow.parquet as pq

        try:
            self.file = pq.ParquetFile(path)
        except Exception as exc:  # pyarrow raises several kinds for a file that is not Parquet
            raise ReadError(path, f"not a readable Parquet file ({exc})") from None
        self.column_names = self.file.schema_arrow.names

    def __len__(self) -> int:
        return self.file.metadata.num_rows

    def __iter__(self) -> Iterator[dict]:
        columns = [c for c in ("doc_id", "id", "text") if c in self.column_names]
        for batch in self.file.iter_batches(batch_size=256, columns=columns):
            yield from batch.to_pylist()


def open_dataset(path: Path):
    """The rows of a saved Dataset (or every split of a DatasetDict), or of a Parquet file; a
    clear error without a text column."""
    if is_text_table(path):
        parts = [ParquetRows(path)]
    else:
        from datasets import DatasetDict, load_from_disk

        loaded = load_from_disk(str(path))
        parts = list(loaded.values()) if isinstance(loaded, DatasetDict) else [loaded]
    for part in parts:
        if "text" not in part.column_names:
            raise ReadError(
                path, f"dataset has no 'text' column (columns: {', '.join(part.column_names)})"
            )
    return parts


def dataset_records(path: Path, parts: list) -> Iterator[TextRecord]:
    """Rows of a saved dataset (opened by `open_dataset`) as documents."""
    for part in parts:
        id_column = (
            "doc_id"
            if "doc_id" in part.column_names
            else ("id" if "id" in part.column_names else None)
        )
        for i, row in enumerate(part):
            doc_id = str(row[id_column]) if id_column else f"{path.name}-{i:07d}"
            yield TextRecord(doc_id, row["text"] or "", f"{path}#{i}")


@dataclass(frozen=True)
class FileRecord:
    """A file with the id its document gets (its stem, made distinct where two files share one)."""

    path: Path
    doc_id: str

    @property
    def source(self) -> str:
        return str(self.path)


Item = Path | FileRecord | TextRecord


def item_doc_id(item: Item) -> str:
    return doc_id_of(item) if isinstance(item, Path) else item.doc_id


def item_source(item: Item) -> str:
    return str(item) if isinstance(item, Path) else item.source


def read_item(item: Item) -> Document:
    if isinstance(item, Path):
        return read_document(item)
    try:
        check_doc_id(item.doc_id)
    except ValueError as exc:
        raise ReadError(item.source, str(exc)) from None
    if isinstance(item, FileRecord):
        return read_document(item.path, doc_id=item.doc_id)
    if not item.text.strip():
        raise ReadError(item.source, "no text in document")
    return Document(
        item.doc_id, check_length(normalize_text(item.text), item.source), item.source, "txt"
    )


def distinct_id(doc_id: str, source: str) -> str:
    """A second document with the same id gets a short hash of where it came from."""
    return f"{doc_id}-{hashlib.sha256(source.encode('utf-8')).hexdigest()[:8]}"


class Inputs:
    """Files and dataset rows named on the command line, counted up front and streamed.

    Every document gets its own id: where two share one (a/report.txt and b/report.txt,
    x.docx and x.html), the later ones get a short hash suffix, listed in `renamed`."""

    def __init__(self, inputs: list[str]):
        self.datasets = {
            Path(i): open_dataset(Path(i))
            for i in inputs
            if is_saved_dataset(Path(i)) or is_text_table(Path(i))
        }
        self.files: list[Path] = iter_input_files(
            [i for i in inputs if Path(i) not in self.datasets]
        )
        self.renamed: list[tuple[str, str]] = []  # (source, the id it was given)

    def __len__(self) -> int:
        return len(self.files) + sum(
            len(part) for parts in self.datasets.values() for part in parts
        )

    def __iter__(self) -> Iterator[Item]:
        seen: set[str] = set()
        self.renamed = []

        def unique(doc_id: str, source: str) -> str:
            if doc_id in seen:
                doc_id = distinct_id(doc_id, source)
                self.renamed.append((source, doc_id))
            seen.add(doc_id)
            return doc_id

        for path in self.files:
            yield FileRecord(path, unique(doc_id_of(path), str(path)))
        for path, parts in self.datasets.items():
            for record in dataset_records(path, parts):
                yield TextRecord(unique(record.doc_id, record.source), record.text, record.source)
