"""Fine-tune a character-level token classifier on the schema's BIO labels (Hugging Face Trainer).

The output folder is what `govie extract --system model --model DIR` loads: model.safetensors
and config.json (with the label map), the codec (char_vocab.json, govie_model.json with the
windowing) and the configuration it was trained with.
"""

import shutil
import time
from pathlib import Path

import numpy as np
import yaml

from ie.schema import (
    CELL,
    COLUMN_LABELS,
    KIND_TYPES,
    OUTSIDE,
    ROW_LABELS,
    bio_labels,
    cell_grid,
    join_cell,
)
from ie.synth import ALL_LAYOUTS, SynthConfig, cached_corpus
from ie.tagger import (
    COLUMN_TYPES,
    CharCodec,
    CharVocab,
    pretrained_rows,
    single_char_pieces,
    write_splits,
)
from ie.tagger.vocab import CLS, LAYOUT_CHARS, PAD, SEP, UNK
from ie.train.arguments import DataArguments, ModelArguments, read_config
from ie.train.dataset import build_dataset, read_annotated, read_silver


def load_config(
    path: str | Path, output_dir: str | Path | None = None, overrides: dict | None = None
):
    """(ModelArguments, DataArguments, TrainingArguments) from one YAML file; unknown keys are an error naming the file."""
    from transformers import HfArgumentParser, TrainingArguments

    path = Path(path)
    config = read_config(path)
    config.update(overrides or {})
    if output_dir is not None:
        config["output_dir"] = str(output_dir)
    config.setdefault("output_dir", f"models/{path.stem}")
    parser = HfArgumentParser((ModelArguments, DataArguments, TrainingArguments))
    try:
        return (*parser.parse_dict(config, allow_extra_keys=False), config)
    except ValueError as exc:
        raise ValueError(f"{path}: {exc}") from None


def collect_documents(data: DataArguments):
    """The tagged documents named by the data arguments, and the split pinned for each source."""
    sources, fixed = [], {}
    if data.synthetic_n:
        layouts = tuple(data.synthetic_layouts)
        unknown = sorted(set(layouts) - set(ALL_LAYOUTS))
        if unknown:
            raise ValueError(
                f"unknown synthetic_layouts {unknown}: choose from {', '.join(ALL_LAYOUTS)}"
            )
        config = SynthConfig(n=data.synthetic_n, seed=data.synthetic_seed, layouts=layouts)
        sources.append(cached_corpus(config))
    sources += [Path(c) for c in data.corpora]
    for corpus in data.train_corpora:
        sources.append(Path(corpus))
        fixed[str(Path(corpus))] = "train"
    docs = [d for corpus in sources for d in read_annotated(corpus)]
    if data.silver:
        docs += list(read_silver(data.silver))
        fixed["silver"] = "train"
    return docs, fixed


def make_dataset(data: DataArguments, seed: int):
    from datasets import load_from_disk

    if data.dataset_dir:
        return load_from_disk(data.dataset_dir)
    docs, fixed = collect_documents(data)
    if not docs:
        raise ValueError(
            "no training documents: set corpora, train_corpora, synthetic_n, silver or dataset_dir"
        )
    return build_dataset(
        docs,
        data.windowing,
        dev=data.dev_ratio,
        test=data.test_ratio,
        seed=seed,
        keep_empty=data.keep_empty_windows,
        fixed_splits=fixed,
        oversample_prose=data.oversample_prose,
        prose_repeats={
            str(Path(c)): data.oversample_prose * data.oversample_real_prose
            for c in [*data.corpora, *data.train_corpora]
        },
    )


def make_model(args: ModelArguments, train_texts, max_length: int):
    """The model and its character vocabulary: from random weights, or a pretrained encoder with a trimmed embedding matrix."""
    import torch
    from transformers import (
        AutoConfig,
        AutoModelForTokenClassification,
        AutoTokenizer,
        BertConfig,
        BertForTokenClassification,
    )

    from ie.tagger.heads import BertForFactorisedTagging

    labels = bio_labels(KIND_TYPES) if args.factorised else bio_labels()
    label_maps = {
        "num_labels": len(labels),
        "id2label": dict(enumerate(labels)),
        "label2id": {label: i for i, label in enumerate(labels)},
    }
    if args.factorised:
        label_maps |= {
            "row_labels": ROW_LABELS,
            "column_labels": COLUMN_LABELS,
            "head_loss_weight": args.head_loss_weight,
        }
    if not args.model_name_or_path:
        vocab = CharVocab.from_texts(train_texts)
        config = BertConfig(
            vocab_size=len(vocab),
            hidden_size=args.hidden_size,
            num_hidden_layers=args.num_hidden_layers,
            num_attention_heads=args.num_attention_heads,
            intermediate_size=args.intermediate_size,
            max_position_embeddings=max(512, max_length),
            pad_token_id=vocab.pad_id,
            type_vocab_size=COLUMN_TYPES,
            **label_maps,
        )
        return (
            BertForFactorisedTagging(config)
            if args.factorised
            else BertForTokenClassification(config)
        ), vocab
    source = Path(args.model_name_or_path)
    if args.factorised:
        # the heads' names go into the config, which from_pretrained does not pass on
        config = AutoConfig.from_pretrained(args.model_name_or_path)
        for key, value in label_maps.items():
            setattr(config, key, value)
        model = BertForFactorisedTagging.from_pretrained(
            args.model_name_or_path, config=config, ignore_mismatched_sizes=True
        )
    else:
        model = AutoModelForTokenClassification.from_pretrained(
            args.model_name_or_path, ignore_mismatched_sizes=True, **label_maps
        )
    if (source / "char_vocab.json").exists():
        vocab = CharVocab.load(source)
    else:
        tokenizer = AutoTokenizer.from_pretrained(args.model_name_or_path)
        pieces = tokenizer.get_vocab()
        seen = {c for t in train_texts for c in t}
        vocab = CharVocab([*LAYOUT_CHARS, *single_char_pieces(pieces), *sorted(seen)])
        special = {
            PAD: tokenizer.pad_token_id,
            UNK: tokenizer.unk_token_id,
            CLS: tokenizer.cls_token_id
            if tokenizer.cls_token_id is not None
            else tokenizer.bos_token_id,
            SEP: tokenizer.sep_token_id
            if tokenizer.sep_token_id is not None
            else tokenizer.eos_token_id,
        }
        rows = torch.tensor(pretrained_rows(vocab, pieces, special))
        old = model.get_input_embeddings().weight.data
        new = torch.nn.Embedding(len(vocab), old.shape[1], padding_idx=vocab.pad_id)
        new.weight.data = old[rows].clone()
        model.set_input_embeddings(new)
        model.config.vocab_size = len(vocab)
        model.config.pad_token_id = vocab.pad_id
    types = model.base_model.embeddings.token_type_embeddings
    if types.num_embeddings < COLUMN_TYPES:
        grown = torch.nn.Embedding(COLUMN_TYPES, types.embedding_dim)
        grown.weight.data = types.weight.data[:1].repeat(COLUMN_TYPES, 1).clone()
        grown.weight.data[: types.num_embeddings] = types.weight.data
        model.base_model.embeddings.token_type_embeddings = grown
        model.config.type_vocab_size = COLUMN_TYPES
    if args.keep_layers:
        encoder = model.base_model.encoder
        encoder.layer = torch.nn.ModuleList(list(encoder.layer)[: args.keep_layers])
        model.config.num_hidden_layers = args.keep_layers
    if args.freeze_embeddings:
        model.get_input_embeddings().requires_grad_(False)
    return model, vocab


def seqeval_metrics(id2label: dict[int, str]):
    """Entity-level precision/recall/F1 (seqeval) over the windows, the Trainer's `compute_metrics`.

    A factorised model's cell tags are put back together (B-cell, row, column → B-t2.new.natural),
    so the two kinds of model are scored on the same labels."""
    from seqeval.metrics import f1_score, precision_score, recall_score

    def compute(prediction):
        outputs, gold = prediction
        if isinstance(gold, tuple):  # factorised: (labels, row labels, column labels)
            y_true = _composed_tags(id2label, *gold, keep=gold[0])
            y_pred = _composed_tags(id2label, *_predicted_factors(outputs), keep=gold[0])
        else:
            best = np.argmax(outputs, axis=-1)
            y_true, y_pred = [], []
            for p_row, g_row in zip(best, gold):
                keep = g_row != -100
                y_true.append([id2label[int(i)] for i in g_row[keep]])
                y_pred.append([id2label[int(i)] for i in p_row[keep]])
        return {
            "precision": precision_score(y_true, y_pred, zero_division=0),
            "recall": recall_score(y_true, y_pred, zero_division=0),
            "f1": f1_score(y_true, y_pred, zero_division=0),
        }

    return compute


def _predicted_factors(outputs) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Per character: the kind label id, and the row and column of the best pair the schema has
    (a row of table 2 has no column `items`), window by window (bounded memory)."""
    logits, rows, columns = outputs[:3]
    best_rows = np.empty(rows.shape[:2], dtype=np.int64)
    best_columns = np.empty(rows.shape[:2], dtype=np.int64)
    for w in range(len(rows)):
        joint = _log_softmax(rows[w])[:, :, None] + _log_softmax(columns[w])[:, None, :]
        flat = np.where(_VALID, joint, -np.inf).reshape(len(joint), -1).argmax(-1)
        best_rows[w], best_columns[w] = np.divmod(flat, len(COLUMN_LABELS))
    return np.argmax(logits, axis=-1), best_rows, best_columns


def _log_softmax(x: np.ndarray) -> np.ndarray:
    x = x - x.max(-1, keepdims=True)
    return x - np.log(np.exp(x).sum(-1, keepdims=True))


_VALID = np.array([[cid is not None for cid in row] for row in cell_grid()])


def _composed_tags(id2label, kinds, rows, columns, keep) -> list[list[str]]:
    """Per window, the one-label-set tags of a factorised tagging, at the positions `keep` holds a
    label (B-cell, t2.new, natural → B-t2.new.natural)."""
    out = []
    for k_row, r_row, c_row, mask in zip(kinds, rows, columns, keep != -100):
        tags = []
        for kind, row, column in zip(k_row[mask], r_row[mask], c_row[mask]):
            tag = id2label[int(kind)]
            if tag != OUTSIDE and tag[2:] == CELL:
                cid = join_cell(ROW_LABELS[row], COLUMN_LABELS[column]) if row >= 0 else None
                tag = f"{tag[:2]}{cid}" if cid else OUTSIDE
            tags.append(tag)
        out.append(tags)
    return out


def train(
    config_path: str | Path, output_dir: str | Path | None = None, overrides: dict | None = None
) -> dict:
    """Train as the configuration says; returns the final dev metrics and timings."""
    from transformers import Trainer, set_seed

    model_args, data_args, training_args, raw_config = load_config(
        config_path, output_dir, overrides
    )
    try:
        windowing = data_args.windowing
    except ValueError as exc:
        raise ValueError(f"{config_path}: {exc}") from None
    set_seed(training_args.seed)
    with training_args.main_process_first(
        desc="training data"
    ):  # one process generates, the others read
        dataset = make_dataset(data_args, training_args.seed)
    if len(dataset["train"]) == 0:
        raise ValueError(f"{config_path}: the training split is empty")
    model, vocab = make_model(model_args, dataset["train"]["text"], windowing.max_length)
    codec = (
        CharCodec.factorised_for(vocab, windowing)
        if model_args.factorised
        else CharCodec(vocab, windowing, bio_labels())
    )
    encoded = {
        s: dataset[s].map(
            codec.encode, remove_columns=[c for c in dataset[s].column_names if c != "doc_id"]
        )
        for s in dataset
        if len(dataset[s])
    }
    has_dev = "dev" in encoded
    if not has_dev:
        training_args.eval_strategy = "no"
        training_args.load_best_model_at_end = False
    trainer = Trainer(
        model=model,
        args=training_args,
        train_dataset=encoded["train"],
        eval_dataset=encoded.get("dev"),
        data_collator=codec,
        compute_metrics=seqeval_metrics(model.config.id2label),
    )
    started = time.perf_counter()
    trainer.train()
    seconds = time.perf_counter() - started
    metrics = trainer.evaluate() if has_dev else {}
    out = Path(training_args.output_dir)
    trainer.save_model(str(out))
    for checkpoint in out.glob("checkpoint-*"):  # the best one is what save_model just wrote
        shutil.rmtree(checkpoint, ignore_errors=True)
    info = {
        "train_seconds": round(seconds, 1),
        "train_windows": len(encoded["train"]),
        "train_documents": len(set(dataset["train"]["doc_id"])),
        "dev_documents": len(set(dataset["dev"]["doc_id"])) if "dev" in dataset else 0,
        "dev_metrics": metrics,
        "processes": training_args.world_size,
    }
    if trainer.is_world_process_zero():  # data-parallel runs write the folder once
        codec.save(out, **info)
        (out / "train_config.yaml").write_text(
            yaml.safe_dump(raw_config, allow_unicode=True, sort_keys=False), encoding="utf-8"
        )
        write_splits(dataset, out)
    info["main_process"] = trainer.is_world_process_zero()
    return info
