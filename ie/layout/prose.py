"""The running prose of a document, with table lines left out and line wraps undone.

PDF and web extraction break sentences across lines and put spaces inside numbers
(`1136 条`, `政\\n府信息`); rules and matchers read a squeezed copy with all white
space removed, and every character keeps its offset in the original text.
"""

import re
from dataclasses import dataclass
from functools import lru_cache

_NOT_SPACE = re.compile(r"\S+")
_SPACE = re.compile(r"\s")


@dataclass
class Prose:
    text: str  # squeezed
    offsets: list[int]  # for each squeezed character, its offset in `source`
    source: str = ""  # the document text

    def original(self, start: int, end: int) -> str:
        """The document text behind squeezed[start:end] (its own spaces and line breaks kept)."""
        s, e = self.span(start, end)
        return self.source[s:e]

    def span(self, start: int, end: int) -> tuple[int, int]:
        """Offsets in the original text of squeezed[start:end]."""
        return self.offsets[start], self.offsets[end - 1] + 1


def squeeze(text: str, start: int = 0, end: int | None = None) -> Prose:
    """Prose of text[start:end]: table lines become a sentence break, blank lines a paragraph break."""
    end = len(text) if end is None else end
    chars: list[str] = []
    offsets: list[int] = []
    pos = start
    for line in text[start:end].split("\n"):
        if (  # most lines fail the first test: too long for a page mark, nothing to strip
            len(line) <= 8 or " " in line or line[0].isspace() or line[-1].isspace()
        ) and (line.startswith("=== page") or _is_page_number(line)):
            pass
        elif "\t" in line or "|" in line or not line.strip():  # a table line, a blank line
            if chars and chars[-1] != "\n":
                chars.append("\n")
                offsets.append(pos)
        elif _SPACE.search(line) is None:  # most prose lines: nothing to squeeze out
            chars.append(line)
            offsets.extend(range(pos, pos + len(line)))
        else:
            for run in _NOT_SPACE.finditer(line):
                chars.append(run.group())
                offsets.extend(range(pos + run.start(), pos + run.end()))
        pos += len(line) + 1
    return Prose("".join(chars), offsets, text)


@lru_cache(maxsize=4096)  # the short lines it is asked about (0, 12, 第3页) repeat
def _is_page_number(line: str) -> bool:
    s = line.strip().replace(" ", "")
    return bool(s) and len(s) <= 8 and s.strip("-—第页/共").isdigit()
