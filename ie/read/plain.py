"""Plain text and Markdown: UTF-8 (with or without BOM), falling back to GB18030."""

from pathlib import Path

from ie.read.document import ReadError


def decode_bytes(data: bytes, path: str | Path) -> str:
    if not data.strip():
        raise ReadError(path, "empty file")
    head = data[:8192]
    if b"\x00" in head:
        raise ReadError(path, "binary file (NUL bytes), not a text report")
    for encoding in ("utf-8-sig", "gb18030"):
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise ReadError(path, "undecodable bytes: neither UTF-8 nor GB18030")


def read_plain(path: Path) -> str:
    return decode_bytes(path.read_bytes(), path)
