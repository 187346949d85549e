"""Plain text and Markdown: UTF-8 (with or without BOM), falling back to GB18030."""

from pathlib import Path

from ie.read.document import ReadError


def decode_bytes(data: bytes, path: str | Path) -> str:
    if not data.strip():
        raise ReadError(path, "empty file")
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):  # UTF-16 with its byte-order mark: unambiguous
        try:
            text = data.decode("utf-16")
        except UnicodeDecodeError:
            text = ""
        if _looks_like_text(text):
            return text
    head = data[:8192]
    if b"\x00" in head:
        raise ReadError(path, "binary file (NUL bytes), not a text report")
    for encoding in ("utf-8-sig", "gb18030"):
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise ReadError(path, "undecodable bytes: neither UTF-8 nor GB18030")


def _looks_like_text(text: str) -> bool:
    """Mostly Chinese, ASCII and punctuation: what a report decodes to (random bytes do not)."""
    if not text:
        return False
    usual = sum(
        1 for ch in text if ch.isascii() or "\u3000" <= ch <= "\u9fff" or "\uff00" <= ch <= "\uffef"
    )
    return usual >= 0.9 * len(text)


def read_plain(path: Path) -> str:
    return decode_bytes(path.read_bytes(), path)
