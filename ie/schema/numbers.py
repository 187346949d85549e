"""Numbers as SCHEMA writes them (§2, §4) and when two are equal (§7): one grammar, one tolerance.

Arabic or Chinese numerals, 万/亿, approximations, signed changes. Every stage reads numbers
through this module, so a span means the same value whichever system found it.
"""

import math
import re
from functools import lru_cache

import cn2an

ARABIC = r"\d+(?:,\d{3})*(?:\.\d+)?"
CHINESE = r"[零〇一二两三四五六七八九十百千]+"
NUMERAL = rf"(?:{ARABIC}|{CHINESE})"
# every character a numeral can hold: a span that cuts through these cuts a number
NUMERAL_CHARS = frozenset("0123456789.,零〇一二两三四五六七八九十百千万亿")

COUNT_RE = re.compile(
    rf"(?P<sign>[+\-增减])?\s*(?P<num>{ARABIC}|{CHINESE})\s*(?P<mult>[万亿](?!元))?"
)
CELL_RE = re.compile(
    rf"^(?P<sign>[+\-增减])?(?P<num>{ARABIC}|\.\d+)(?P<unit>万元|亿元|元|万|件|条|个|项|次|%)?$"
)
APPROX_PREFIX = ("约", "近", "大约", "将近", "逾", "超过")
APPROX_SUFFIX = ("余", "多", "左右", "以上", "来")
BLANK_MARKS = {"", "-", "--", "—", "——", "/", "无", "空", "\\", "_", "x", "X", "*", "一"}
NEGATION = ("未", "无", "没有", "零")
RELATIVE_TOLERANCE = 1e-6
MAX_DIGITS = 15  # more digits than a float holds exactly: not a count in a report


def same_number(a, b) -> bool:
    """SCHEMA §7: equal when they differ by less than 1e-6 relative; None equals only None."""
    if a is None or b is None:
        return a is None and b is None
    a, b = float(a), float(b)
    return a == b or abs(a - b) < RELATIVE_TOLERANCE * max(abs(a), abs(b))


def chinese_to_int(text: str) -> int | None:
    try:
        value = cn2an.cn2an(text, "smart")
    except (ValueError, KeyError, TypeError):
        return None
    return int(value) if float(value).is_integer() else None


def _arabic(num: str) -> float | None:
    digits = num.replace(",", "")
    if len(digits.split(".")[0]) > MAX_DIGITS:
        return None
    value = float(digits)
    return value if math.isfinite(value) else None


def parse_count(text: str) -> tuple[float, bool] | None:
    """The value of a number phrase ('251', '十二', '1.2万', '200多', '约56'), and whether it is approximate."""
    if text.isdigit() and text.isascii() and len(text) <= MAX_DIGITS:
        return int(text), False  # the common case, and a new number in every report
    return _parse_count(text) if len(text) <= 40 else _parse_count.__wrapped__(text)


@lru_cache(maxsize=16384)  # reports repeat the same few counts (1, 12, 三); cn2an is slow
def _parse_count(text: str) -> tuple[float, bool] | None:
    s = "".join(text.split())
    approx = (
        s.startswith(APPROX_PREFIX)
        or s.endswith(APPROX_SUFFIX)
        or any(a in s for a in ("余", "多"))
    )
    for p in APPROX_PREFIX:
        if s.startswith(p):
            s = s[len(p) :]
    s = s.rstrip("余多左右以上来")
    m = COUNT_RE.search(s)
    if not m:
        return None
    num = m.group("num")
    if not num[0].isdigit():
        parsed = chinese_to_int(num + (m.group("mult") or ""))
        return None if parsed is None else (_int(parsed), approx)
    value = _arabic(num)
    if value is None:
        return None
    if m.group("mult") == "万":
        value *= 10_000
    elif m.group("mult") == "亿":
        value *= 100_000_000
    return _int(value), approx


def fact_value(span: str) -> float | None:
    """A fact's value from its evidence span: the number, or 0 for a negated phrase (未收到…申请)."""
    parsed = parse_count(span)
    if parsed is not None:
        return parsed[0]
    return 0 if any(n in span for n in NEGATION) else None


def _int(value: float) -> float:
    return int(value) if float(value).is_integer() else round(value, 6)


def is_blank_cell(text: str) -> bool:
    return len(text) <= 16 and _is_blank_short(text)


@lru_cache(maxsize=16384)
def _is_blank_short(text: str) -> bool:
    return "".join(text.split()) in BLANK_MARKS


def parse_cell(text: str, amount: bool = False) -> float | None:
    """A table cell's value; None when the cell is not a number. Amounts end up in 万元."""
    if text.isdigit() and text.isascii() and len(text) <= MAX_DIGITS:
        return int(text)  # the common case, and a new number in every report
    return _parse_cell(text, amount) if len(text) <= 40 else None


@lru_cache(maxsize=16384)  # tables repeat the same few cell texts; prose lines never get here
def _parse_cell(text: str, amount: bool) -> float | None:
    s = "".join(text.split())
    m = CELL_RE.match(s)
    if not m:
        return None
    value = _arabic(m.group("num"))
    if value is None:
        return None
    unit = m.group("unit") or ""
    if amount and unit == "元":
        value /= 10_000
    elif amount and unit == "亿元":
        value *= 10_000
    elif unit == "万" and not amount:
        value *= 10_000
    if m.group("sign") in ("-", "减"):
        value = -value
    return _int(value)
