"""The running prose of a document, with table lines left out and line wraps undone.

PDF and web extraction break sentences across lines and put spaces inside numbers
(`1136 条`, `政\\n府信息`); rules and matchers read a squeezed copy with all white
space removed, and every character keeps its offset in the original text.
"""

import re
from bisect import bisect_right
from dataclasses import dataclass
from functools import lru_cache

_NOT_SPACE = re.compile(r"\S+")
_SPACE = re.compile(r"\s")


@dataclass
class Prose:
    text: str  # squeezed
    # where each run of squeezed characters starts, in `text` and in `source` (a run keeps its
    # characters' spacing): a few hundred pairs instead of an offset per character
    run_starts: list[int]
    run_sources: list[int]
    source: str = ""  # the document text

    def original(self, start: int, end: int) -> str:
        """The document text behind squeezed[start:end] (its own spaces and line breaks kept)."""
        s, e = self.span(start, end)
        return self.source[s:e]

    def offset(self, i: int) -> int:
        """Where squeezed character i is in the original text."""
        run = bisect_right(self.run_starts, i) - 1
        return self.run_sources[run] + i - self.run_starts[run]

    def span(self, start: int, end: int) -> tuple[int, int]:
        """Offsets in the original text of squeezed[start:end]."""
        return self.offset(start), self.offset(end - 1) + 1


def squeeze(text: str, start: int = 0, end: int | None = None) -> Prose:
    """Prose of text[start:end]: table lines become a sentence break, blank lines a paragraph break."""
    end = len(text) if end is None else end
    chars: list[str] = []
    run_starts: list[int] = []
    run_sources: list[int] = []
    size = 0  # squeezed characters so far
    pos = start
    for line in text[start:end].split("\n"):
        kind = _kind_short(line) if len(line) <= 80 else _kind(line)
        if kind is _PLAIN:  # most prose lines: nothing to squeeze out
            chars.append(line)
            run_starts.append(size)
            run_sources.append(pos)
            size += len(line)
        elif kind is _BREAK:  # a table line, a blank line
            if chars and chars[-1] != "\n":
                chars.append("\n")
                run_starts.append(size)
                run_sources.append(pos)
                size += 1
        elif kind is _SPACED:
            for run in _NOT_SPACE.finditer(line):
                piece = run.group()
                chars.append(piece)
                run_starts.append(size)
                run_sources.append(pos + run.start())
                size += len(piece)
        pos += len(line) + 1
    return Prose("".join(chars), run_starts, run_sources, text)


_PAGE, _BREAK, _PLAIN, _SPACED = "page", "break", "plain", "spaced"


def _kind(line: str) -> str:
    """What a line is to the prose: a page mark (dropped), a table or blank line (a break),
    prose with or without white space inside."""
    if (  # most lines fail the first test: too long for a page mark, nothing to strip
        len(line) <= 8 or " " in line or line[0].isspace() or line[-1].isspace()
    ) and (line.startswith("=== page") or _is_page_number(line)):
        return _PAGE
    if "\t" in line or "|" in line or not line.strip():
        return _BREAK
    return _PLAIN if _SPACE.search(line) is None else _SPACED


_kind_short = lru_cache(maxsize=16384)(_kind)  # short lines repeat: table rows, values, 第3页


def _is_page_number(line: str) -> bool:
    s = line.strip().replace(" ", "")
    return bool(s) and len(s) <= 8 and s.strip("-—第页/共").isdigit()
