"""What `govie extract` reads: files, folders, globs, and `datasets` datasets saved to disk, streamed one by one.

A dataset row is a document whose text is already extracted: a `text` column and a
`doc_id` (or `id`) column. Paths and rows travel as small items, so nothing holds the whole
corpus in memory.
"""

from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from ie.read.document import Document, ReadError, doc_id_of, normalize_text
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


def open_dataset(path: Path):
    """The rows of a saved Dataset (or every split of a DatasetDict); a clear error without a text column."""
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


def item_doc_id(item: Path | TextRecord) -> str:
    return item.doc_id if isinstance(item, TextRecord) else doc_id_of(item)


def item_source(item: Path | TextRecord) -> str:
    return item.source if isinstance(item, TextRecord) else str(item)


def read_item(item: Path | TextRecord) -> Document:
    if not isinstance(item, TextRecord):
        return read_document(item)
    if not item.text.strip():
        raise ReadError(item.source, "no text in document")
    return Document(item.doc_id, normalize_text(item.text), item.source, "txt")


class Inputs:
    """Files and dataset rows named on the command line, counted up front and streamed."""

    def __init__(self, inputs: list[str]):
        self.datasets = {
            Path(i): open_dataset(Path(i)) for i in inputs if is_saved_dataset(Path(i))
        }
        self.files: list[Path] = iter_input_files(
            [i for i in inputs if Path(i) not in self.datasets]
        )

    def __len__(self) -> int:
        return len(self.files) + sum(
            len(part) for parts in self.datasets.values() for part in parts
        )

    def __iter__(self) -> Iterator[Path | TextRecord]:
        yield from self.files
        for path, parts in self.datasets.items():
            yield from dataset_records(path, parts)
