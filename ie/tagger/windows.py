"""How a text is cut for the encoder: overlapping windows, and each character's table column.

Training rows and inference batches are cut by the same `Windowing`, saved with the model.
"""

from dataclasses import dataclass

SPECIAL_POSITIONS = 2  # [CLS] and [SEP] around every window
DEFAULT_MAX_LENGTH = 256  # positions per window, specials included
DEFAULT_STRIDE = 192  # characters between window starts
COLUMN_TYPES = (
    16  # token type ids: a character's cell index in its line, so the model sees table columns
)


@dataclass(frozen=True)
class Windowing:
    max_length: int = DEFAULT_MAX_LENGTH
    stride: int = DEFAULT_STRIDE

    def __post_init__(self):
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
