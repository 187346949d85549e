"""Document metadata: the issuing body, the statistics year and the format version.

Every system reads metadata here (`read_meta`), so the rules and the model cannot differ on it.
"""

import re
from collections import Counter

from ie.extract import agency
from ie.schema import TEMPLATE_MARKERS, Meta

_TITLE_FROM_YEAR = (
    r"(?P<year>(?:19|20)\d{2})年度?(?P<middle>[^\n。]{0,40}?)"
    r"(?:政府)?\n?(?:信息公开|政务公开)\n?(?:工作)?\n?(?:年度)?\n?(?:工作)?\n?的?(?:报告|年报)"
)
TITLE = re.compile(r"(?P<before>[^\n。]{0,60}?)" + _TITLE_FROM_YEAR)
TITLE_FROM_YEAR = re.compile(_TITLE_FROM_YEAR)
STAT_YEAR = re.compile(
    r"统计(期限|时间|日期|期间)?[^。]{0,10}?((?:19|20)\d{2})年\s*1\s*月\s*1\s*日"
)


def _squeezed(text: str) -> str:
    """The text without white space (str.split's white space is the regex's \\s, and faster)."""
    return "".join(text.split())


def find_title(text: str):
    """The title match in the first part of the document (web pages put clutter before it); a
    document quoted by name (按照《关于做好2021年度…报告工作的通知》) is not the title."""
    titles = _titles(_head(text))
    return titles[0] if titles else None


def _titles(head: str) -> list:
    return [m for m in _title_matches(head) if "《" not in m.group("before").split("》")[-1]]


def _title_matches(head: str):
    """TITLE.finditer(head), found from the year on: each match starts as far back before its
    year as `before` may reach (60 characters, not past a line or sentence end), so this finds
    the same matches without trying the title at every character."""
    pos = 0
    while (core := TITLE_FROM_YEAR.search(head, pos)) is not None:
        year = core.start()
        line_start = max(head.rfind("\n", 0, year), head.rfind("。", 0, year)) + 1
        m = TITLE.match(head, max(pos, year - 60, line_start))
        yield m
        pos = m.end()


def _head(text: str) -> str:
    """The first 3,000 characters without spaces, tabs, # and *, and without empty lines
    (str.replace: a regex over them takes four times as long)."""
    head = text[:3000]
    for char in " \t\u3000#*":
        if char in head:
            head = head.replace(char, "")
    while "\n\n" in head:
        head = head.replace("\n\n", "\n")
    return head


def _line_before(head: str, pos: int) -> str:
    lines = head[:pos].rstrip("\n").split("\n")
    return lines[-1] if lines else ""


def _title_parts(head: str, titles: list) -> tuple[str, ...]:
    """Where the titles may name the body: before the year, after it, the line above. A breadcrumb
    (…>2020年政府信息公开年报>) may come before the title, so the first three titles are offered."""
    parts: list[str] = []
    for title in titles[:3]:
        parts += [title.group("before"), title.group("middle"), _line_before(head, title.start())]
    return tuple(parts)


def find_agency(text: str) -> str | None:
    head = _head(text)
    return agency.find_agency(
        _squeezed(text), _title_parts(head, _titles(head)), agency.find_signature(text)
    )


def template_of_year(year: int | None) -> str | None:
    """The format a report of that year follows (SCHEMA: 2021 format from 2021 on), when the tables do not say."""
    if year is None:
        return None
    return "2021" if year >= 2021 else "2019"


def find_year(text: str, titles: list | None = None, squeezed: str | None = None) -> int | None:
    """`squeezed`: the whole text squeezed, when the caller has it (a short text's head is all of it)."""
    head = squeezed if squeezed is not None and len(text) <= 5000 else _squeezed(text[:5000])
    stat = STAT_YEAR.search(head)
    if stat:
        return int(stat.group(2))
    titles = _titles(_head(text)) if titles is None else titles
    if titles:
        return int(titles[0].group("year"))
    years = Counter(int(y) for y in re.findall(r"((?:19|20)\d{2})\s*年", text[:8000]))
    return max(years, key=lambda y: (years[y], -y)) if years else None


def detect_template(text: str) -> str | None:
    """The format read off the table headers; None when the document prints no table 1 header."""
    return _template_of_squeezed(_squeezed(text))


def _template_of_squeezed(squeezed: str) -> str | None:
    votes = {t: sum(squeezed.count(m) for m in markers) for t, markers in TEMPLATE_MARKERS.items()}
    if not any(votes.values()):
        return None
    return max(votes, key=lambda t: (votes[t], t == "2021"))


def read_meta(text: str) -> Meta:
    """Agency, year and format of a report: the format from the tables, else from the year. The
    text is squeezed and its titles found once, for all three."""
    squeezed = _squeezed(text)
    head = _head(text)
    titles = _titles(head)
    year = find_year(text, titles, squeezed)
    return Meta(
        agency=agency.find_agency(
            squeezed, _title_parts(head, titles), agency.find_signature(text)
        ),
        year=year,
        template=_template_of_squeezed(squeezed) or template_of_year(year),
    )
