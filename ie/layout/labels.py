"""Match a table cell's text to a row of the schema, tolerating numbering, spaces, breaks and misprints."""

import re

from rapidfuzz import fuzz, process

from ie.schema import Row

_NUMBERING = re.compile(
    r"^(?:第?[一二三四五六七八九十]+[、.,]|\(?[一二三四五六七八九十]+\)|\d{1,2}(?:[.、,)]|(?=[\u4e00-\u9fff]))|[①②③④⑤⑥⑦⑧⑨⑩])"
)
_NOISE = re.compile(r"<br\s*/?>|\*\*|[\s“”\"'‘’`#:]")


def normalize_label(text: str) -> str:
    s = _NOISE.sub("", text)
    while True:
        m = _NUMBERING.match(s)
        if not m or m.end() == len(s):
            return s
        s = s[m.end() :]


class RowMatcher:
    """Fuzzy row lookup over a fixed set of rows (one table, or the union of its formats)."""

    def __init__(self, rows: list[Row], cutoff: float = 80.0):
        self.rows = rows
        self.cutoff = cutoff
        self.choices: list[str] = []
        self.owner: list[int] = []
        self._cache: dict[str, tuple[int, float] | None] = {}
        self.groups = sorted(
            {normalize_label(r.group) for r in rows if r.group}, key=len, reverse=True
        )
        for i, row in enumerate(rows):
            for label in (row.label, *row.variants):
                self.choices.append(normalize_label(label))
                self.owner.append(i)

    def match(self, text: str) -> tuple[int, float] | None:
        """(index of the row, score), or None when nothing is close enough."""
        if len(text) > 160:  # a line of prose, not a row label
            return None
        if text not in self._cache:
            if len(self._cache) > 20_000:
                self._cache.clear()
            self._cache[text] = self._match(text)
        return self._cache[text]

    def _match(self, text: str) -> tuple[int, float] | None:
        norm = normalize_label(text)
        if not norm or len(norm) > 60:
            return None
        tries = [norm] + [
            normalize_label(norm[len(g) :])
            for g in self.groups
            if norm.startswith(g) and len(norm) > len(g)
        ]
        best = None
        for t in tries:
            hit = process.extractOne(t, self.choices, scorer=fuzz.ratio, score_cutoff=self.cutoff)
            if hit and (best is None or hit[1] > best[1]):
                best = (self.owner[hit[2]], hit[1])
        return best
