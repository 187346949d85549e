"""How a text is cut for the encoder: overlapping windows, and each character's table column.

Training rows and inference batches are cut by the same `Windowing`, saved with the model.
Two ways to say a character's column (its token type id):
- `separators`: the tabs and pipes before it on its line (models trained before `cells`);
- `cells`: its cell's place in its table row, however the page prints the row: after the
  separators on a line of several cells, among the numbers after a label (PDF rows spaced
  out), or among the lines of one value each that follow a label (one cell per line, the
  layout of most real reports' tables), where separators say nothing.
"""

import re
from dataclasses import dataclass

SPECIAL_POSITIONS = 2  # [CLS] and [SEP] around every window
DEFAULT_MAX_LENGTH = 256  # positions per window, specials included
DEFAULT_STRIDE = 192  # characters between window starts
COLUMN_TYPES = (
    16  # token type ids: a character's cell index in its line, so the model sees table columns
)


COLUMN_SCHEMES = ("separators", "cells")


@dataclass(frozen=True)
class Windowing:
    max_length: int = DEFAULT_MAX_LENGTH
    stride: int = DEFAULT_STRIDE
    columns: str = "separators"  # how column types are counted (COLUMN_SCHEMES)

    def __post_init__(self):
        if self.columns not in COLUMN_SCHEMES:
            raise ValueError(f"columns {self.columns!r}: one of {', '.join(COLUMN_SCHEMES)}")
        if not SPECIAL_POSITIONS < self.max_length <= 512:
            raise ValueError(
                f"max_length {self.max_length} must be between {SPECIAL_POSITIONS + 1} and 512"
            )
        if not 0 < self.stride <= self.size:
            raise ValueError(
                f"stride {self.stride} must be between 1 and the window ({self.size} characters)"
            )

    @property
    def size(self) -> int:
        """Characters per window."""
        return self.max_length - SPECIAL_POSITIONS

    def spans(self, length: int) -> list[tuple[int, int]]:
        """Overlapping [start, end) windows covering 0..length; the last one ends at `length`."""
        if length <= self.size:
            return [(0, length)]
        starts = list(range(0, length - self.size, self.stride)) + [length - self.size]
        return [(s, s + self.size) for s in dict.fromkeys(starts)]

    def column_array(self, text: str):
        """Each character's column type, as this windowing counts them (numpy)."""
        if self.columns == "cells":
            return cell_columns(text)
        return column_array(text)

    def column_ids(self, text: str) -> list[int]:
        return self.column_array(text).tolist()


def column_ids(text: str, types: int = COLUMN_TYPES) -> list[int]:
    """For each character, how many cell separators (tab, |) come before it on its line (capped).

    Given to the encoder as token type ids: which column a number stands in is what tells
    t2.new.natural from t2.new.commercial, and a window may not reach the header."""
    return column_array(text, types).tolist()


def column_array(text: str, types: int = COLUMN_TYPES):
    """`column_ids` as a numpy array, counted for the whole text at once: the separators up to
    each character (itself included), less those before its line began; 0 on a line break."""
    import numpy as np

    codes = np.frombuffer(text.encode("utf-32-le"), dtype=np.uint32)
    separators = np.cumsum((codes == 9) | (codes == 124))
    breaks = codes == 10
    line_start = np.maximum.accumulate(np.where(breaks, np.arange(len(codes)), -1))
    before_line = np.where(line_start >= 0, separators[np.maximum(line_start, 0)], 0)
    columns = separators - before_line
    columns[breaks] = 0
    return np.minimum(columns, types - 1)


_SEPARATOR = re.compile(r"[\t|]")
_HAN = re.compile(r"[\u4e00-\u9fff]")
_SPACED_NUMBER = re.compile(r"(?<!\S)[-−+]?\d[\d,.]*%?(?!\S)")


def cell_columns(text: str, types: int = COLUMN_TYPES):
    """The `cells` scheme: 1, 2, 3… for the cells of a table row, 0 for labels and prose (capped
    at types - 1). A line without a Chinese character holding one value goes on the run of
    such lines since the last line of text; lines holding no cell keep the run going."""
    import numpy as np

    separators = column_array(text, types)
    out = np.zeros(len(text), dtype=separators.dtype)
    top = types - 1
    pos, run = 0, 0
    for line in text.split("\n"):
        end = pos + len(line)
        cells = [c for c in _SEPARATOR.split(line) if c.strip()]
        if len(cells) >= 2:  # a row on one line: the separators say where each cell is
            out[pos:end] = separators[pos:end]
            run = 0
        elif cells and _HAN.search(cells[0]) is None:
            values = cells[0].split()
            if len(values) == 1:  # one value on its line: its place in the run
                run += 1
                out[pos:end] = min(run, top)
            else:  # several values spaced out on one line
                run = 0
                for k, m in enumerate(_SPACED_NUMBER.finditer(line), 1):
                    out[pos + m.start() : pos + m.end()] = min(k, top)
        elif cells:  # text: a label, perhaps with its values after it, spaced out
            run = 0
            last_han = max(m.end() for m in _HAN.finditer(line))
            for k, m in enumerate(_SPACED_NUMBER.finditer(line, last_han), 1):
                out[pos + m.start() : pos + m.end()] = min(k, top)
        pos = end + 1
    return out
