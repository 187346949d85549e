"""Split a document into lines of cells, whatever the table layout.

Tabs and pipes separate cells; a Markdown rule row (|---|) or a line of bare pipes
(the `||` runs of pasted web tables) carries no cells; a line holding only tabs and
spaces is one blank cell (one-cell-per-line layouts print blanks that way).
Offsets are kept so that cells can be traced back to the text.
"""

import re

from ie.schema.numbers import is_blank_cell, looks_like_value

_SEP = re.compile(r"[\t|]")
_RULE = re.compile(r"^:?-{3,}:?$")
_CJK = re.compile(r"[\u4e00-\u9fff]")
MARKUP = re.compile(r"<br\s*/?>|\*\*|#+\s")


class Cell:
    """A cell of a line, its readings computed once (the table reader asks for them many times)."""

    __slots__ = ("text", "start", "end", "line", "clean", "is_blank", "is_value", "is_text")

    def __init__(self, text: str, start: int, end: int, line: int):
        self.text, self.start, self.end, self.line = text, start, end, line
        clean = (
            MARKUP.sub("", text).strip() if ("<" in text or "*" in text or "#" in text) else text
        )
        self.clean = clean
        self.is_blank = is_blank_cell(clean)
        self.is_value = not self.is_blank and looks_like_value(clean)
        self.is_text = not self.is_value and not self.is_blank and bool(_CJK.search(clean))

    def __repr__(self) -> str:
        return f"Cell({self.text!r}, {self.start}, {self.end}, line={self.line})"

    def __eq__(self, other) -> bool:
        return isinstance(other, Cell) and (self.text, self.start, self.end, self.line) == (
            other.text,
            other.start,
            other.end,
            other.line,
        )

    def __hash__(self) -> int:
        return hash((self.text, self.start, self.end, self.line))


def split_lines(text: str) -> list[list[Cell]]:
    """One list of cells per line of the text (empty for lines that carry none)."""
    lines: list[list[Cell]] = []
    pos = 0
    for number, line in enumerate(text.split("\n")):
        lines.append(_cells_of_line(line, pos, number))
        pos += len(line) + 1
    return lines


def _cells_of_line(line: str, offset: int, number: int) -> list[Cell]:
    if not line.strip():
        return [Cell("", offset, offset, number)] if "\t" in line else []
    if "\t" not in line and "|" not in line:  # a line of prose or a one-cell-per-line cell
        core = line.strip()
        lead = len(line) - len(line.lstrip())
        if _RULE.match(core) and "---" in line:
            return []
        return [Cell(core, offset + lead, offset + lead + len(core), number)]
    body_start, body_end = 0, len(line)
    stripped = line.strip()
    if "|" in stripped:
        if stripped.startswith("|"):
            body_start = line.index("|") + 1
        if stripped.endswith("|"):
            body_end = line.rindex("|")
    body = line[body_start:body_end]
    if body_start >= body_end or not body.replace("|", "").replace("\t", "").strip():
        return [] if "|" in line else [Cell("", offset, offset, number)]
    cells = []
    pos = body_start
    ruled = "-" in body
    for part in _SEP.split(body):
        core = part.strip()
        if not (ruled and _RULE.match(core)):
            s = offset + pos + len(part) - len(part.lstrip())
            cells.append(Cell(core, s, s + len(core), number))
        pos += len(part) + 1
    if ruled and "---" in line and all(_RULE.match(c.text) or not c.text for c in cells):
        return []
    return cells
