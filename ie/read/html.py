"""HTML pages: prose as lines, each table row as one line of TAB-separated cells.

Parsed with lxml directly (BeautifulSoup's tree made HTML the slowest input). Merged cells
keep the grid: a colspan adds empty cells after the text, a rowspan leaves an empty cell in
the rows below, so values stay in their columns.
"""

import re
from pathlib import Path

from lxml import etree
from lxml import html as lxml_html

from ie.read.document import ReadError
from ie.read.plain import decode_bytes

_BLOCKS = (
    "p",
    "div",
    "br",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "li",
    "section",
    "article",
    "title",
)
_XML_DECLARATION = re.compile(r"^\s*<\?xml[^>]*\?>")


def _cell_text(cell) -> str:
    return " ".join(" ".join(cell.itertext()).split())


MAX_COLSPAN = 64  # a report's widest table has 16 columns: a larger span is damage or an attack
MAX_ROWSPAN = 1000


def _fill_spans(pending: dict[int, int], row: list[str], col: int) -> int:
    """Blank cells where rowspans from above cover the row; the next free column."""
    while pending.get(col, 0) > 0:
        pending[col] -= 1
        row.append("")
        col += 1
    return col


def table_to_lines(table) -> list[str]:
    pending: dict[int, int] = {}  # column -> rows still covered by a rowspan above
    lines = []
    for tr in table.iter("tr"):
        if next(tr.iterancestors("table"), None) is not table:
            continue
        row: list[str] = []
        col = 0
        for cell in tr:
            if cell.tag not in ("td", "th"):
                continue
            col = _fill_spans(pending, row, col)
            colspan = _span(cell.get("colspan"), MAX_COLSPAN)
            rowspan = _span(cell.get("rowspan"), MAX_ROWSPAN)
            row.append(_cell_text(cell))
            row.extend([""] * (colspan - 1))
            for c in range(col, col + colspan):
                if rowspan > 1:
                    pending[c] = rowspan - 1
            col += colspan
        _fill_spans(pending, row, col)
        lines.append("\t".join(row))
    return lines


def _span(value, most: int) -> int:
    try:
        return min(most, max(1, int(value or 1)))
    except ValueError:
        return 1


def _replace_with_text(element, text: str) -> None:
    """Put `text` where `element` stood (its tail kept), and remove the element."""
    parent, previous = element.getparent(), element.getprevious()
    text += element.tail or ""
    if previous is not None:
        previous.tail = (previous.tail or "") + text
    else:
        parent.text = (parent.text or "") + text
    parent.remove(element)


def html_to_text(markup: str) -> str:
    markup = _XML_DECLARATION.sub("", markup)
    try:
        root = lxml_html.document_fromstring(markup)
    except (etree.ParserError, ValueError):
        return ""
    for element in root.xpath("//script|//style|//noscript|//head|//comment()"):
        if element.getparent() is not None:
            _replace_with_text(element, "")
    for table in reversed(root.xpath("//table")):
        _replace_with_text(table, "\n" + "\n".join(table_to_lines(table)) + "\n")
    for element in root.iter(*_BLOCKS):
        element.tail = "\n" + (element.tail or "")
    lines = [line.strip(" ") for line in "".join(root.itertext()).split("\n")]
    out: list[str] = []
    for line in lines:
        if line.strip() or (out and out[-1].strip()):
            out.append(line)
    return "\n".join(out).strip("\n") + "\n"


MAX_DEPTH = 255  # element nesting lxml (libxml2) parses; deeper markup is cut off there
_TAG = re.compile(r"<(/?)([a-zA-Z][a-zA-Z0-9]*)[^>]*?(/?)>")
_VOID = frozenset(
    {"br", "hr", "img", "meta", "link", "input", "col", "area", "base", "wbr", "source"}
)


def nesting_depth(markup: str) -> int:
    """The deepest element nesting, estimated from the tags alone (linear time)."""
    depth = deepest = 0
    for closing, name, self_closing in _TAG.findall(markup):
        if name.lower() in _VOID or self_closing:
            continue
        depth = max(0, depth - 1) if closing else depth + 1
        deepest = max(deepest, depth)
    return deepest


def read_html(path: Path) -> str:
    markup = decode_bytes(path.read_bytes(), path)
    text = html_to_text(markup)
    if not text.strip():
        if (depth := nesting_depth(markup)) > MAX_DEPTH:
            raise ReadError(
                path,
                f"HTML nested {depth} elements deep (more than {MAX_DEPTH}): not a report page",
            )
        raise ReadError(path, "HTML without text")
    return text
