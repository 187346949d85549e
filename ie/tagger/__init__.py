"""The character codec of the model system, shared by training and inference."""

from ie.tagger.codec import (
    MODEL_INFO_FILE,
    SPLITS_FILE,
    CharCodec,
    read_model_info,
    read_splits,
    write_splits,
)
from ie.tagger.vocab import CharVocab, pretrained_rows, single_char_pieces
from ie.tagger.windows import COLUMN_TYPES, Windowing, column_ids

__all__ = [
    "MODEL_INFO_FILE",
    "SPLITS_FILE",
    "read_splits",
    "CharCodec",
    "read_model_info",
    "write_splits",
    "CharVocab",
    "pretrained_rows",
    "single_char_pieces",
    "COLUMN_TYPES",
    "Windowing",
    "column_ids",
]
