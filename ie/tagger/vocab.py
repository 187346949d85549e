"""One token per character, so that a tagged token is a text span with the same offsets.

A pretrained subword vocabulary merges 交通运输 or 人大代表 into one piece, which makes
character labels awkward; instead each character gets its own id: the piece for the
character (its NFKC form, else `▁` + that form), else unknown. Layout characters (newline,
tab, space, `|`) get their own rows, because tables are read from them.
"""

import json
import unicodedata
from collections import Counter
from collections.abc import Iterable
from pathlib import Path

PAD, UNK, CLS, SEP = "[PAD]", "[UNK]", "[CLS]", "[SEP]"
SPECIALS = (PAD, UNK, CLS, SEP)
LAYOUT_CHARS = ("\n", "\t", " ", "|")
VOCAB_FILE = "char_vocab.json"


class CharVocab:
    def __init__(self, chars: Iterable[str]):
        self.tokens: list[str] = list(SPECIALS) + [
            c for c in dict.fromkeys(chars) if c not in SPECIALS
        ]
        self.ids = {t: i for i, t in enumerate(self.tokens)}
        self.pad_id, self.unk_id, self.cls_id, self.sep_id = (self.ids[s] for s in SPECIALS)
        self._of_char = _CharIds(self)

    def __len__(self) -> int:
        return len(self.tokens)

    def id_of(self, char: str) -> int:
        found = self.ids.get(char)
        if found is None:
            found = self.ids.get(unicodedata.normalize("NFKC", char), self.unk_id)
        return found

    def encode(self, text: str) -> list[int]:
        return list(map(self._of_char.__getitem__, text))

    @classmethod
    def from_texts(cls, texts: Iterable[str], min_count: int = 1) -> "CharVocab":
        counts = Counter()
        for t in texts:
            counts.update(t)
        chars = [
            c for c, n in sorted(counts.items(), key=lambda x: (-x[1], x[0])) if n >= min_count
        ]
        return cls([*LAYOUT_CHARS, *chars])

    def save(self, folder: Path) -> None:
        (Path(folder) / VOCAB_FILE).write_text(
            json.dumps({"tokens": self.tokens}, ensure_ascii=False), encoding="utf-8"
        )

    @classmethod
    def load(cls, folder: Path) -> "CharVocab":
        path = Path(folder) / VOCAB_FILE
        try:
            tokens = json.loads(path.read_text(encoding="utf-8"))["tokens"]
        except (OSError, ValueError, KeyError) as exc:
            raise ValueError(f"{path}: not a character vocabulary ({exc})") from None
        return cls(tokens[len(SPECIALS) :])


class _CharIds(dict):
    """character → id, each character looked up (and normalized) once: `encode` maps a whole
    text through it without a Python call per known character."""

    def __init__(self, vocab: CharVocab):
        super().__init__()
        self.vocab = vocab

    def __missing__(self, char: str) -> int:
        self[char] = found = self.vocab.id_of(char)
        return found


def pretrained_rows(
    vocab: CharVocab, piece_ids: dict[str, int], special_ids: dict[str, int]
) -> list[int]:
    """For each character id, the row of a pretrained subword embedding that initialises it."""
    space = piece_ids.get("▁", special_ids[UNK])
    rows = []
    for token in vocab.tokens:
        if token in special_ids:
            rows.append(special_ids[token])
        elif token in LAYOUT_CHARS:
            rows.append(space)
        else:
            form = unicodedata.normalize("NFKC", token)
            rows.append(piece_ids.get(form, piece_ids.get("▁" + form, special_ids[UNK])))
    return rows


def single_char_pieces(piece_ids: dict[str, int]) -> list[str]:
    """Characters that a subword vocabulary holds as one piece (`字` or `▁字`): the trimmed vocabulary."""
    chars = {p[-1] for p in piece_ids if len(p) == 1 or (len(p) == 2 and p[0] == "▁")}
    chars.discard("▁")
    return sorted(chars)
