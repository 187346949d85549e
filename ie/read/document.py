"""The document every reader produces: one normalized text that all offsets refer to."""

import hashlib
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path


class ReadError(Exception):
    """A document that cannot be read; the message names the file and the reason."""

    def __init__(self, path: str | Path, reason: str):
        self.path = str(path)
        self.reason = reason
        super().__init__(f"{self.path}: {reason}")


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
