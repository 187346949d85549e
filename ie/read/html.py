"""HTML pages: prose as lines, each table row as one line of TAB-separated cells.

Merged cells keep the grid: a colspan adds empty cells after the text, a rowspan
leaves an empty cell in the rows below, so values stay in their columns.
"""

from pathlib import Path

from bs4 import BeautifulSoup, NavigableString

from ie.read.document import ReadError
from ie.read.plain import decode_bytes

_BLOCKS = ("p", "div", "br", "h1", "h2", "h3", "h4", "h5", "h6", "li", "section", "article", "title")


def _cell_text(cell) -> str:
    return " ".join(cell.get_text(" ").split())


def table_to_lines(table) -> list[str]:
    pending: dict[int, int] = {}  # column -> rows still covered by a rowspan above
    lines = []
    for tr in table.find_all("tr"):
        if tr.find_parent("table") is not table:
            continue
        row: list[str] = []
        col = 0

        def fill_spans():
            nonlocal col
            while pending.get(col, 0) > 0:
                pending[col] -= 1
                row.append("")
                col += 1

        for cell in tr.find_all(["td", "th"], recursive=False):
            fill_spans()
            colspan = int(cell.get("colspan", 1) or 1)
            rowspan = int(cell.get("rowspan", 1) or 1)
            row.append(_cell_text(cell))
            row.extend([""] * (colspan - 1))
            for c in range(col, col + colspan):
                if rowspan > 1:
                    pending[c] = rowspan - 1
            col += colspan
        fill_spans()
        lines.append("\t".join(row))
    return lines


def html_to_text(markup: str) -> str:
    soup = BeautifulSoup(markup, "lxml")
    for tag in soup(["script", "style", "noscript", "head"]):
        tag.decompose()
    for table in reversed(soup.find_all("table")):
        table.replace_with(NavigableString("\n" + "\n".join(table_to_lines(table)) + "\n"))
    for tag in soup.find_all(_BLOCKS):
        tag.insert_after(NavigableString("\n"))
    lines = [line.strip(" ") for line in soup.get_text("").split("\n")]
    out: list[str] = []
    for line in lines:
        if line.strip() or (out and out[-1].strip()):
            out.append(line)
    return "\n".join(out).strip("\n") + "\n"


def read_html(path: Path) -> str:
    text = html_to_text(decode_bytes(path.read_bytes(), path))
    if not text.strip():
        raise ReadError(path, "HTML without text")
    return text
