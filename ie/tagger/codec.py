"""What training and inference must agree on, in one object saved beside the model.

Characters → ids (the vocabulary), text → windows and column types (the windowing), tags ↔
label ids (the schema's BIO labels), rows → padded tensors (collation). `govie train`
saves the codec; the model system loads the same one, so the two cannot drift apart.
"""

import json
from dataclasses import dataclass, field
from pathlib import Path

from ie.schema import COLUMN_LABELS, KIND_TYPES, ROW_LABELS, bio_labels, factorised_tags
from ie.tagger.vocab import CharVocab
from ie.tagger.windows import Windowing

MODEL_INFO_FILE = "govie_model.json"  # windowing, training time, dev scores
SPLITS_FILE = "splits.json"  # the documents of each split
IGNORE = -100  # label id the loss skips ([CLS], [SEP], padding)
LABEL_KEYS = ("labels", "row_labels", "column_labels")  # what a training row may carry
_ROW_IDS = {row: i for i, row in enumerate(ROW_LABELS)}
_COLUMN_IDS = {column: i for i, column in enumerate(COLUMN_LABELS)}


@dataclass
class CharCodec:
    vocab: CharVocab
    windowing: Windowing = field(default_factory=Windowing)
    labels: list[str] = field(default_factory=bio_labels)
    # cells tagged as `cell` plus a row and a column label (ie.tagger.heads)
    factorised: bool = False

    @classmethod
    def factorised_for(cls, vocab: CharVocab, windowing: Windowing) -> "CharCodec":
        """The codec of the factorised tagger: BIO over facts, problems and `cell`."""
        return cls(vocab, windowing, bio_labels(KIND_TYPES), factorised=True)

    @property
    def label2id(self) -> dict[str, int]:
        return {label: i for i, label in enumerate(self.labels)}

    def windows(self, text: str) -> list[tuple[int, int]]:
        return self.windowing.spans(len(text))

    def rows(self, text: str, tags: list[str] | None = None) -> list[dict]:
        """The windows of a text as rows (start, text, columns, and tags when given)."""
        columns = self.windowing.column_ids(text)
        out = []
        for start, end in self.windows(text):
            row = {"start": start, "text": text[start:end], "columns": columns[start:end]}
            if tags is not None:
                row["tags"] = tags[start:end]
            out.append(row)
        return out

    def encode(self, row: dict) -> dict:
        """A row as model inputs: ids and column types between [CLS] and [SEP], and label ids with tags."""
        encoded = {
            "input_ids": [self.vocab.cls_id, *self.vocab.encode(row["text"]), self.vocab.sep_id],
            "token_type_ids": [0, *row["columns"], 0],
        }
        if "tags" in row and self.factorised:
            encoded.update(self._factorised_labels(row["tags"]))
        elif "tags" in row:
            label2id = self.label2id
            encoded["labels"] = [IGNORE, *(label2id[t] for t in row["tags"]), IGNORE]
        return encoded

    def _factorised_labels(self, tags: list[str]) -> dict[str, list[int]]:
        label2id = self.label2id
        kinds, rows, columns = [IGNORE], [IGNORE], [IGNORE]
        for tag in tags:
            kind, row, column = factorised_tags(tag)
            kinds.append(label2id[kind])
            rows.append(IGNORE if row is None else _ROW_IDS[row])
            columns.append(IGNORE if column is None else _COLUMN_IDS[column])
        return {
            "labels": [*kinds, IGNORE],
            "row_labels": [*rows, IGNORE],
            "column_labels": [*columns, IGNORE],
        }

    def collate(self, encoded: list[dict]) -> dict:
        """Encoded rows → padded tensors (the Trainer's data collator, and the inference batch)."""
        import torch

        width = max(len(r["input_ids"]) for r in encoded)
        ids = torch.full((len(encoded), width), self.vocab.pad_id, dtype=torch.long)
        mask = torch.zeros((len(encoded), width), dtype=torch.long)
        types = torch.zeros((len(encoded), width), dtype=torch.long)
        for i, r in enumerate(encoded):
            n = len(r["input_ids"])
            ids[i, :n] = torch.tensor(r["input_ids"])
            types[i, :n] = torch.tensor(r["token_type_ids"])
            mask[i, :n] = 1
        batch = {"input_ids": ids, "attention_mask": mask, "token_type_ids": types}
        for key in LABEL_KEYS:
            if all(key in r for r in encoded):
                labels = torch.full((len(encoded), width), IGNORE, dtype=torch.long)
                for i, r in enumerate(encoded):
                    labels[i, : len(r[key])] = torch.tensor(r[key])
                batch[key] = labels
        return batch

    __call__ = collate  # a codec is its own data collator

    def windows_batch(self, text: str) -> tuple[list[tuple[int, int]], dict]:
        """Every window of a text as one batch of model inputs, and where each window lies: the
        same tensors as `collate` of `encode` of each of `rows`, with each character encoded
        once (windows overlap) and no padding (every window has the same length)."""
        import torch

        spans = self.windows(text)
        ids = torch.tensor(self.vocab.encode(text), dtype=torch.long)
        columns = torch.from_numpy(self.windowing.column_array(text).astype("int64"))
        width = spans[0][1] - spans[0][0]
        at = torch.tensor([s for s, _ in spans]).unsqueeze(1) + torch.arange(width)
        edge = torch.zeros((len(spans), 1), dtype=torch.long)
        batch = {
            "input_ids": torch.cat(
                [edge + self.vocab.cls_id, ids[at], edge + self.vocab.sep_id], dim=1
            ),
            "attention_mask": torch.ones((len(spans), width + 2), dtype=torch.long),
            "token_type_ids": torch.cat([edge, columns[at], edge], dim=1),
        }
        return spans, batch

    def save(self, folder: Path, **info) -> None:
        """Vocabulary and windowing (plus `info`: timings, scores) into a model folder."""
        folder = Path(folder)
        self.vocab.save(folder)
        data = {
            "max_length": self.windowing.max_length,
            "window": self.windowing.size,
            "stride": self.windowing.stride,
            "columns": self.windowing.columns,
            "factorised": self.factorised,
            **info,
        }
        (folder / MODEL_INFO_FILE).write_text(
            json.dumps(data, ensure_ascii=False, indent=1), encoding="utf-8"
        )

    @classmethod
    def load(cls, folder: Path, labels: list[str] | None = None) -> "CharCodec":
        """The codec a model was trained with; `labels` are the model's own (its config's label map)."""
        folder = Path(folder)
        info = read_model_info(folder)
        max_length = info.get("max_length") or int(info.get("window", Windowing().size)) + 2
        windowing = Windowing(
            int(max_length),
            int(info.get("stride", Windowing().stride)),
            str(info.get("columns", "separators")),  # models saved before the choice existed
        )
        factorised = bool(info.get("factorised", False))
        default = bio_labels(KIND_TYPES) if factorised else bio_labels()
        return cls(CharVocab.load(folder), windowing, labels or default, factorised)


def read_model_info(folder: Path) -> dict:
    path = Path(folder) / MODEL_INFO_FILE
    if not path.exists():
        return {}
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise ValueError(f"{path}: not a model info file ({exc})") from None


def read_splits(folder: Path) -> dict[str, list[str]]:
    """The documents of each split a model or dataset folder lists (none when it lists none)."""
    path = Path(folder) / SPLITS_FILE
    if not path.exists():
        return {}
    try:
        return {str(k): [str(d) for d in v] for k, v in json.loads(path.read_text("utf-8")).items()}
    except (OSError, ValueError, AttributeError, TypeError) as exc:
        raise ValueError(f"{path}: not a splits file ({exc})") from None


def write_splits(dataset, folder: Path) -> None:
    """The documents of each split of a DatasetDict, listed beside a dataset or a model."""
    splits = {s: sorted(set(dataset[s]["doc_id"])) for s in dataset}
    (Path(folder) / SPLITS_FILE).write_text(
        json.dumps(splits, ensure_ascii=False, indent=1), encoding="utf-8"
    )
