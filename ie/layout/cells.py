"""Split a document into lines of cells, whatever the table layout.

Tabs and pipes separate cells; a Markdown rule row (|---|) or a line of bare pipes
(the `||` runs of pasted web tables) carries no cells; a line holding only tabs and
spaces is one blank cell (one-cell-per-line layouts print blanks that way).
Offsets are kept so that cells can be traced back to the text.
"""

import re
from functools import lru_cache
from itertools import accumulate
from operator import add

from ie.schema.numbers import is_blank_cell, parse_cell

_SEP = re.compile(r"[\t|]")
_RULE = re.compile(r"^:?-{3,}:?$")
_CJK = re.compile(r"[\u4e00-\u9fff]")
MARKUP = re.compile(r"<br\s*/?>|\*\*|#+\s")


class Cell:
    """A cell, its readings computed once (the table reader asks for them many times): clean
    text, blank/value/text, and the value as a count (`number`) and as an amount (`amount`).

    The cells `split_lines` gives are shared by every line of the same text, so their offsets
    are within the line; `placed` gives a copy with offsets in the document."""

    __slots__ = (
        *("text", "start", "end", "clean"),
        *("is_blank", "is_value", "is_text", "number", "amount"),
    )

    def __init__(self, text: str, start: int, end: int):
        self.text, self.start, self.end = text, start, end
        reading = _read_short(text) if len(text) <= 40 else _read(text)
        self.clean, self.is_blank, self.is_value, self.is_text, self.number, self.amount = reading

    def placed(self, offset: int) -> "Cell":
        """The same cell with its offsets moved by `offset` (the start of its line)."""
        moved = Cell.__new__(Cell)
        moved.text, moved.start, moved.end = self.text, self.start + offset, self.end + offset
        moved.clean, moved.is_blank = self.clean, self.is_blank
        moved.is_value, moved.is_text = self.is_value, self.is_text
        moved.number, moved.amount = self.number, self.amount
        return moved

    def __repr__(self) -> str:
        return f"Cell({self.text!r}, {self.start}, {self.end})"

    def __eq__(self, other) -> bool:
        return isinstance(other, Cell) and (self.text, self.start, self.end) == (
            other.text,
            other.start,
            other.end,
        )

    def __hash__(self) -> int:
        return hash((self.text, self.start, self.end))


def _read(text: str) -> tuple[str, bool, bool, bool, float | None, float | None]:
    """A cell's clean text; whether it is blank, a value, or text; its value as a count and as
    an amount (万元), None when it is not a value."""
    clean = MARKUP.sub("", text).strip() if ("<" in text or "*" in text or "#" in text) else text
    is_blank = is_blank_cell(clean)
    amount = None if is_blank else parse_cell(clean, amount=True)
    is_value = amount is not None
    number = parse_cell(clean) if is_value else None
    is_text = not is_value and not is_blank and bool(_CJK.search(clean))
    return clean, is_blank, is_value, is_text, number, amount


_read_short = lru_cache(maxsize=8192)(_read)  # table cells repeat: 0, 行政机关, 合计…


def split_lines(text: str) -> tuple[list["Line"], list[int]]:
    """The cells of each line of the text (none for lines that carry none), with offsets
    within the line, and where each line starts in the text. Lines and cells are shared
    between texts: they are never changed, only read."""
    parts = text.split("\n")
    lines = [_cells_short(line) if len(line) <= 80 else _cells(line) for line in parts]
    # line i starts after the i lines before it and their i line breaks
    starts = list(map(add, accumulate(map(len, parts), initial=0), range(len(parts))))
    return lines, starts


class Line(tuple):
    """A line's cells, and where its text cells are (`texts`: most lines of a table have none,
    and the table reader looks for row labels only there); `filled`: its cells without the
    blank ones (the first cell where all are blank), what a row printed down the page takes
    from it. `readings` is where a reader keeps what it worked out from the line alone: the
    line comes back in other reports."""

    texts: tuple[int, ...]
    filled: tuple[Cell, ...]
    readings: dict


def _cells(line: str) -> Line:
    cells = Line([_cell(core, a, b) for core, a, b in _layout(line)])
    cells.texts = tuple(i for i, c in enumerate(cells) if c.is_text)
    cells.filled = tuple(c for c in cells if not c.is_blank) or cells[:1]
    cells.readings = {}
    return cells


_cell = lru_cache(maxsize=16384)(Cell)  # new lines are mostly old cells: 0 at the same place


_cells_short = lru_cache(maxsize=8192)(_cells)  # short lines repeat from report to report


def _layout(line: str) -> tuple[tuple[str, int, int], ...]:
    """Where a line's cells are: (text, start, end) within the line."""
    if not line.strip():
        return (("", 0, 0),) if "\t" in line else ()
    if "\t" not in line and "|" not in line:  # a line of prose or a one-cell-per-line cell
        core = line.strip()
        lead = len(line) - len(line.lstrip())
        if "---" in line and _RULE.match(core):
            return ()
        return ((core, lead, lead + len(core)),)
    body_start, body_end = 0, len(line)
    stripped = line.strip()
    if "|" in stripped:
        if stripped.startswith("|"):
            body_start = line.index("|") + 1
        if stripped.endswith("|"):
            body_end = line.rindex("|")
    body = line[body_start:body_end]
    if body_start >= body_end or not body.replace("|", "").replace("\t", "").strip():
        return () if "|" in line else (("", 0, 0),)
    cells = []
    pos = body_start
    ruled = "-" in body
    for part in _SEP.split(body) if "|" in body else body.split("\t"):
        core = part.strip()
        if not (ruled and _RULE.match(core)):
            s = pos if len(core) == len(part) else pos + len(part) - len(part.lstrip())
            cells.append((core, s, s + len(core)))
        pos += len(part) + 1
    if ruled and "---" in line and all(_RULE.match(c[0]) or not c[0] for c in cells):
        return ()
    return tuple(cells)
