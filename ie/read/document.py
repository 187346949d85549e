"""The document every reader produces: one normalized text that all offsets refer to."""

import hashlib
import re
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path


class ReadError(Exception):
    """A document that cannot be read; the message names the file and the reason."""

    def __init__(self, path: str | Path, reason: str):
        self.path = str(path)
        self.reason = reason
        super().__init__(f"{self.path}: {reason}")


MAX_CHARS = 10_000_000  # characters of normalized text: a report has well under a million
DOC_ID = re.compile(r"^[^/\\\x00-\x1f]{1,200}$")


def check_length(text: str, source: str | Path) -> str:
    if len(text) > MAX_CHARS:
        raise ReadError(
            source, f"text too long ({len(text):,} characters > {MAX_CHARS:,}); not a single report"
        )
    return text


def check_doc_id(doc_id: str) -> str:
    """A document id that is safe as a file name: no folders, no `..`, no control characters.

    Ids come from file names, datasets and Label Studio tasks, and become file names of gold
    and text files: an id that could leave its folder is refused wherever it enters."""
    if not isinstance(doc_id, str) or not DOC_ID.match(doc_id) or doc_id.strip(". ") == "":
        raise ValueError(f"unsafe document id {doc_id!r}: ids are file names without folders")
    return doc_id


def path_inside(folder: Path, doc_id: str, suffix: str) -> Path:
    """`folder/<doc_id><suffix>`, checked to stay inside `folder`."""
    path = Path(folder) / f"{check_doc_id(doc_id)}{suffix}"
    if Path(folder).resolve() not in path.resolve().parents:
        raise ValueError(f"unsafe document id {doc_id!r}: it would be written outside {folder}")
    return path


def normalize_text(text: str) -> str:
    """SCHEMA §6: drop a BOM, unify line endings, NFKC. Nothing else."""
    if text.startswith("\ufeff"):
        text = text[1:]
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    return unicodedata.normalize("NFKC", text)


def text_sha256(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def doc_id_of(path: str | Path) -> str:
    return Path(path).stem


@dataclass
class Document:
    doc_id: str
    text: str
    source: str = ""
    format: str = "txt"
    info: dict = field(default_factory=dict)

    @property
    def sha256(self) -> str:
        return text_sha256(self.text)
