"""Match a table cell's text to a row of the schema, tolerating numbering, spaces, breaks and misprints."""

import re
from functools import lru_cache

from rapidfuzz import fuzz, process

from ie.schema import Row

_NUMBERING = re.compile(
    r"^(?:第?[一二三四五六七八九十]+[、.,]|\(?[一二三四五六七八九十]+\)|\d{1,2}(?:[.、,)]|(?=[\u4e00-\u9fff]))|[①②③④⑤⑥⑦⑧⑨⑩])"
)
MAX_LABEL = 160  # characters: a longer cell is a line of prose
_NOISE = re.compile(r"<br\s*/?>|\*\*|[\s“”\"'‘’`#:]")
# a remark after a label (规章(设区的市…应提供相关数据)): not part of what names the row
_REMARK = re.compile(r"(?<=[\u4e00-\u9fff])\([^()]{2,80}\)$")


@lru_cache(maxsize=8192)  # the same labels come back in every table of every report
def normalize_label(text: str, keep_remark: bool = False) -> str:
    s = _NOISE.sub("", text)
    s = s if keep_remark else _REMARK.sub("", s)
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
        self._lengths: dict[int, tuple[list[str], list[int]]] = {}
        self.groups = sorted(
            {normalize_label(r.group) for r in rows if r.group}, key=len, reverse=True
        )
        for i, row in enumerate(rows):
            for label in (row.label, *row.variants):
                for form in dict.fromkeys(
                    (normalize_label(label), normalize_label(label, keep_remark=True))
                ):
                    self.choices.append(form)  # with and without the remark the form puts after it
                    self.owner.append(i)

    def match(self, text: str) -> tuple[int, float] | None:
        """(index of the row, score), or None when nothing is close enough."""
        if len(text) > MAX_LABEL:  # a line of prose, not a row label
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
            choices, owners = self._of_length(len(t))
            if not choices:
                continue
            hit = process.extractOne(t, choices, scorer=fuzz.ratio, score_cutoff=self.cutoff)
            if hit and (best is None or hit[1] > best[1]):
                best = (owners[hit[2]], hit[1])
        return best

    def _of_length(self, n: int) -> tuple[list[str], list[int]]:
        """The choices a text of n characters can reach the cutoff with, in their order:
        fuzz.ratio is 200 × common / (n + m), so m must lie within n × [r, 1/r], r = cutoff/(200 -
        cutoff) (2/3 at 80). The rest cannot score enough, and leaving them out changes no
        result, only how many rapidfuzz compares (prose lines: none)."""
        if n not in self._lengths:
            r = self.cutoff / (200 - self.cutoff) * 0.99  # a hair wider: rounding never excludes
            kept = [k for k, c in enumerate(self.choices) if n * r <= len(c) <= n / r]
            self._lengths[n] = ([self.choices[k] for k in kept], [self.owner[k] for k in kept])
        return self._lengths[n]
