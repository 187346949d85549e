"""A BERT encoder with factorised cell heads: what a character is, and for a cell its row and column.

With one label per cell id, each of 226 cells is a class seen a handful of times per report.
Here a cell is one entity type (`cell`) in the BIO head, and two more heads say which table
row (37) and which column (20) it stands in, so the column head learns `natural` from every
row of table 2 and the row head learns a row from all its columns. Training and inference load
the same class; its config carries the row and column names.
"""

import json
from dataclasses import dataclass
from pathlib import Path

import torch
from torch import nn
from torch.nn import functional
from transformers import BertConfig, BertModel, BertPreTrainedModel
from transformers.modeling_outputs import ModelOutput

from ie.tagger.codec import IGNORE


@dataclass
class FactorisedOutput(ModelOutput):
    loss: torch.Tensor | None = None
    logits: torch.Tensor | None = None
    row_logits: torch.Tensor | None = None
    column_logits: torch.Tensor | None = None


def _loss(logits: torch.Tensor, target: torch.Tensor) -> torch.Tensor:
    """Mean cross-entropy over the positions that have a label (zero where none has: a window
    of prose has no cell, and the row and column heads then learn nothing from it)."""
    keep = target != IGNORE
    if not bool(keep.any()):
        return logits.sum() * 0.0
    return functional.cross_entropy(logits[keep].float(), target[keep])


class BertForFactorisedTagging(BertPreTrainedModel):
    """BIO over facts, problems and `cell` (`logits`), and each character's row and column
    (`row_logits`, `column_logits`, learnt only on cell characters). The row and column losses
    count `config.head_loss_weight` times (1 by default) beside the BIO loss."""

    def __init__(self, config: BertConfig):
        super().__init__(config)
        self.num_labels = config.num_labels
        self.bert = BertModel(config, add_pooling_layer=False)
        dropout = config.classifier_dropout
        self.dropout = nn.Dropout(config.hidden_dropout_prob if dropout is None else dropout)
        self.classifier = nn.Linear(config.hidden_size, config.num_labels)
        self.row_classifier = nn.Linear(config.hidden_size, len(config.row_labels))
        self.column_classifier = nn.Linear(config.hidden_size, len(config.column_labels))
        self.post_init()

    def forward(
        self,
        input_ids=None,
        attention_mask=None,
        token_type_ids=None,
        labels=None,
        row_labels=None,
        column_labels=None,
        **_kwargs,
    ) -> FactorisedOutput:
        hidden = self.bert(
            input_ids, attention_mask=attention_mask, token_type_ids=token_type_ids
        ).last_hidden_state
        hidden = self.dropout(hidden)
        out = FactorisedOutput(
            logits=self.classifier(hidden),
            row_logits=self.row_classifier(hidden),
            column_logits=self.column_classifier(hidden),
        )
        if labels is not None:
            out.loss = _loss(out.logits, labels)
            weight = getattr(self.config, "head_loss_weight", 1.0)
            if row_labels is not None:
                out.loss = out.loss + weight * _loss(out.row_logits, row_labels)
            if column_labels is not None:
                out.loss = out.loss + weight * _loss(out.column_logits, column_labels)
        return out


def is_factorised(folder: Path) -> bool:
    """Whether a model folder holds the factorised tagger (its config names rows and columns)."""
    try:
        config = json.loads((Path(folder) / "config.json").read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise ValueError(f"{folder}: no readable config.json ({exc})") from None
    return isinstance(config, dict) and bool(config.get("row_labels"))


def load_tagger(folder: Path):
    """The token classifier a model folder holds, whichever kind of heads it has."""
    if is_factorised(folder):
        return BertForFactorisedTagging.from_pretrained(str(folder))
    from transformers import AutoModelForTokenClassification

    return AutoModelForTokenClassification.from_pretrained(str(folder))
