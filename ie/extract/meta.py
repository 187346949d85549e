"""Document metadata: the issuing body, the statistics year and the format version.

Every system reads metadata here (`read_meta`), so the rules and the model cannot differ on it.
"""

import re
from collections import Counter
from functools import lru_cache

from ie.schema import TEMPLATE_MARKERS, Meta

TITLE = re.compile(
    r"(?P<before>[^\n。]{0,60}?)(?P<year>(?:19|20)\d{2})年度?(?P<middle>[^\n。]{0,40}?)"
    r"(?:政府)?\n?(?:信息公开|政务公开)\n?(?:工作)?\n?(?:年度)?\n?(?:工作)?\n?的?(?:报告|年报)"
)
AGENCY_SUFFIX = r"(?:人民政府办公室|人民政府办公厅|人民政府|办公室|办公厅|委员会|街道办事处|办事处|管理委员会|局|委|办|厅|院|署|中心|会|站|所|队|处|镇|乡|街道|政府|公司)"
AGENCY = re.compile(rf"^[\u4e00-\u9fff()]{{2,40}}?{AGENCY_SUFFIX}$")
PLACE_FIRST = re.compile(r"^[\u4e00-\u9fff]{1,12}?(省|自治区|市|州|盟|县|区|旗|镇|乡)")
STAT_YEAR = re.compile(
    r"统计(期限|时间|日期|期间)?[^。]{0,10}?((?:19|20)\d{2})年\s*1\s*月\s*1\s*日"
)
MENTIONED = re.compile(rf"[\u4e00-\u9fff]{{2,30}}?{AGENCY_SUFFIX}")
_STRIP = re.compile(r"[#*\s《》<>\"“”]|关于")


def _clean(s: str) -> str:
    return _STRIP.sub("", s)


def find_title(text: str):
    """The title match in the first part of the document (web pages put clutter before it)."""
    return TITLE.search(_head(text))


def _head(text: str) -> str:
    return re.sub(r"\n+", "\n", re.sub(r"[ \t　#*]", "", text[:3000]))


def _line_before(head: str, pos: int) -> str:
    lines = head[:pos].rstrip("\n").split("\n")
    return lines[-1] if lines else ""


def find_agency(text: str) -> str | None:
    title = find_title(text)
    if title:
        before = title.group("before") or _line_before(_head(text), title.start())
        for part in (before, title.group("middle")):
            name = _clean(part).strip(":,、-—")
            if name.endswith("关于"):
                name = name[:-2]
            if (
                name
                and AGENCY.match(name)
                and PLACE_FIRST.match(name)
                and not name.startswith(("县", "市", "区", "我", "本"))
            ):
                return name
    # no name in the title: the fullest form named in the text, if it names its place
    squeezed = re.sub(r"\s", "", text)
    counts: Counter[str] = Counter()
    for m in MENTIONED.finditer(squeezed):
        name = _from_name_start(m.group(0))
        if (
            name
            and PLACE_FIRST.match(name)
            and not name.startswith(("县", "市", "区", "省", "我", "本", "全"))
            and len(name) >= 5
        ):
            counts[name] += 1
    if not counts:
        return None
    return max(counts, key=lambda n: (counts[n], len(n)))


_NOT_NAME_START = {
    "c",
    "v",
    "vn",
    "a",
    "ad",
    "d",
    "p",
    "r",
    "u",
    "m",
    "q",
    "f",
    "uj",
    "ul",
    "zg",
    "y",
    "x",
}


@lru_cache(maxsize=8192)
def _from_name_start(phrase: str) -> str | None:
    """Drop the words before a proper name (由, 按照, 严格落实 …): jieba tags tell where the name starts."""
    import jieba  # on first use: loading its dictionaries takes about a second
    import jieba.posseg

    jieba.setLogLevel(60)
    words = list(jieba.posseg.cut(phrase))
    for i, w in enumerate(words):
        if w.flag not in _NOT_NAME_START and len(w.word) >= 2:
            return "".join(x.word for x in words[i:])
    return None


def template_of_year(year: int | None) -> str | None:
    """The format a report of that year follows (SCHEMA: 2021 format from 2021 on), when the tables do not say."""
    if year is None:
        return None
    return "2021" if year >= 2021 else "2019"


def warm_up() -> None:
    """Load jieba's dictionaries now (about a second), not inside the first document."""
    _from_name_start("本机关宝清县交通运输局")


def find_year(text: str) -> int | None:
    stat = STAT_YEAR.search(re.sub(r"\s", "", text[:5000]))
    if stat:
        return int(stat.group(2))
    title = find_title(text)
    if title:
        return int(title.group("year"))
    years = Counter(int(y) for y in re.findall(r"((?:19|20)\d{2})\s*年", text[:8000]))
    return max(years, key=lambda y: (years[y], -y)) if years else None


def detect_template(text: str) -> str | None:
    """The format read off the table headers; None when the document prints no table 1 header."""
    squeezed = re.sub(r"\s", "", text)
    votes = {t: sum(squeezed.count(m) for m in markers) for t, markers in TEMPLATE_MARKERS.items()}
    if not any(votes.values()):
        return None
    return max(votes, key=lambda t: (votes[t], t == "2021"))


def read_meta(text: str) -> Meta:
    """Agency, year and format of a report: the format from the tables, else from the year."""
    year = find_year(text)
    return Meta(
        agency=find_agency(text),
        year=year,
        template=detect_template(text) or template_of_year(year),
    )
