"""Any supported file → one normalized `Document` (SCHEMA §6); files found under folders and globs."""

from pathlib import Path

from ie.read.document import Document, ReadError, check_length, doc_id_of, normalize_text
from ie.read.docx import read_docx
from ie.read.html import read_html
from ie.read.pdf import read_pdf
from ie.read.plain import read_plain

READERS = {
    ".txt": read_plain,
    ".md": read_plain,
    ".text": read_plain,
    ".html": read_html,
    ".htm": read_html,
    ".docx": read_docx,
    ".pdf": read_pdf,
}
MAX_BYTES = 20 * 1024 * 1024


def read_document(
    path: str | Path, max_bytes: int = MAX_BYTES, doc_id: str | None = None
) -> Document:
    path = Path(path)
    reader = READERS.get(path.suffix.lower())
    if reader is None:
        raise ReadError(
            path,
            f"unsupported file type {path.suffix!r} (expected one of {', '.join(sorted(READERS))})",
        )
    if not path.is_file():
        raise ReadError(path, "no such file")
    size = path.stat().st_size
    if size == 0:
        raise ReadError(path, "empty file")
    if size > max_bytes:
        raise ReadError(
            path,
            f"file too large ({size / 2**20:.0f} MB > {max_bytes / 2**20:.0f} MB); not a single report",
        )
    text = check_length(normalize_text(reader(path)), path)
    if not text.strip():
        raise ReadError(path, "no text in document")
    return Document(doc_id or doc_id_of(path), text, str(path), path.suffix.lower().lstrip("."))


def document_from_text(doc_id: str, text: str) -> Document:
    return Document(doc_id, normalize_text(text), format="txt")


def iter_input_files(inputs) -> list[Path]:
    """Files named or found under folders (recursively), in a stable order; globs are expanded."""
    files: list[Path] = []
    for item in inputs:
        p = Path(item)
        if p.is_dir():
            files.extend(
                sorted(f for f in p.rglob("*") if f.is_file() and f.suffix.lower() in READERS)
            )
        elif any(ch in str(item) for ch in "*?["):
            files.extend(sorted(f for f in Path().glob(str(item)) if f.is_file()))
        else:
            files.append(p)
    return files
