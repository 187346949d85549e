"""Factorised cell heads: a cell is tagged `cell`, and two heads say its row and its column."""

from pathlib import Path
from types import SimpleNamespace

import numpy as np
import pytest
import torch
from typer.testing import CliRunner

from ie.cli import app
from ie.evaluate.scores import score
from ie.extract.base import get_extractor
from ie.extract.model import ModelExtractor
from ie.read import read_document
from ie.read.corpus import load_corpus
from ie.schema import (
    CELL,
    COLUMN_LABELS,
    KIND_TYPES,
    ROW_LABELS,
    Prediction,
    all_cell_ids,
    bio_labels,
    broken_relations,
    factorised_tags,
    join_cell,
    split_cell,
)
from ie.tagger import CharCodec, CharVocab, Windowing
from ie.tagger.codec import IGNORE
from ie.tagger.heads import BertForFactorisedTagging
from ie.train.finetune import seqeval_metrics

ROOT = Path(__file__).resolve().parents[1]


def test_every_cell_id_is_a_row_and_a_column():
    ids = all_cell_ids()
    assert len(ROW_LABELS) * len(COLUMN_LABELS) > len(ids) > len(ROW_LABELS) + len(COLUMN_LABELS)
    for cid in ids:
        row, column = split_cell(cid)
        assert join_cell(row, column) == cid
        assert factorised_tags(f"I-{cid}") == (f"I-{CELL}", row, column)
    assert join_cell("t2.new", "items") is None  # both exist, the pair does not
    assert factorised_tags("B-proactive_total") == ("B-proactive_total", None, None)
    assert factorised_tags("B-staff.skills") == ("B-staff.skills", None, None)
    assert factorised_tags("O") == ("O", None, None)
    assert len(bio_labels(KIND_TYPES)) < 30 < len(bio_labels())


def _codec() -> CharCodec:
    return CharCodec.factorised_for(CharVocab.from_texts(["新收申请12件\t3\t0"]), Windowing(16, 8))


def test_the_codec_gives_cells_a_kind_a_row_and_a_column():
    codec = _codec()
    tags = ["O", "B-t2.new.natural", "I-t2.new.natural", "O", "B-proactive_total"]
    encoded = codec.encode({"text": "新12件1", "columns": [0, 1, 1, 0, 0], "tags": tags})
    kind = {label: i for i, label in enumerate(codec.labels)}
    assert encoded["labels"] == [
        IGNORE,
        0,
        kind["B-cell"],
        kind["I-cell"],
        0,
        kind["B-proactive_total"],
        IGNORE,
    ]
    row, column = ROW_LABELS.index("t2.new"), COLUMN_LABELS.index("natural")
    assert encoded["row_labels"] == [IGNORE, IGNORE, row, row, IGNORE, IGNORE, IGNORE]
    assert encoded["column_labels"] == [IGNORE, IGNORE, column, column, IGNORE, IGNORE, IGNORE]
    short = codec.encode({"text": "新", "columns": [0], "tags": ["O"]})
    batch = codec.collate([encoded, short])
    assert batch["row_labels"].shape == batch["input_ids"].shape == (2, 7)
    assert batch["row_labels"][1].tolist() == [IGNORE] * 7  # padding is ignored too


def _small_model(codec: CharCodec, **config) -> BertForFactorisedTagging:
    """A factorised tagger of one small layer for the codec's vocabulary and labels."""
    return BertForFactorisedTagging(
        BertForFactorisedTagging.config_class(
            vocab_size=len(codec.vocab),
            hidden_size=16,
            num_hidden_layers=1,
            num_attention_heads=2,
            intermediate_size=32,
            num_labels=len(codec.labels),
            row_labels=ROW_LABELS,
            column_labels=COLUMN_LABELS,
            **config,
        )
    )


def test_a_window_without_cells_trains_the_kind_head_only():
    codec = _codec()
    model = _small_model(codec)
    prose = codec.encode({"text": "新收申请", "columns": [0] * 4, "tags": ["O"] * 4})
    out = model(**codec.collate([prose]))
    assert torch.isfinite(out.loss)
    out.loss.backward()
    assert model.classifier.weight.grad.abs().sum() > 0
    assert model.row_classifier.weight.grad.abs().sum() == 0
    assert out.row_logits.shape[-1] == len(ROW_LABELS)


def _one_hot(ids: np.ndarray, n: int) -> np.ndarray:
    out = np.full((*ids.shape, n), -5.0)
    np.put_along_axis(out, np.maximum(ids, 0)[..., None], 5.0, axis=-1)
    return out


def test_dev_scores_put_the_cell_back_together():
    labels = bio_labels(KIND_TYPES)
    id2label = dict(enumerate(labels))
    row, natural, legal = (
        ROW_LABELS.index("t2.new"),
        COLUMN_LABELS.index("natural"),
        COLUMN_LABELS.index("legal"),
    )
    kinds = np.array([[IGNORE, labels.index("B-cell"), labels.index("I-cell"), 0, IGNORE]])
    rows = np.array([[IGNORE, row, row, IGNORE, IGNORE]])
    columns = np.array([[IGNORE, natural, natural, IGNORE, IGNORE]])
    metrics = seqeval_metrics(id2label)
    right = (
        _one_hot(kinds, len(labels)),
        _one_hot(rows, len(ROW_LABELS)),
        _one_hot(columns, len(COLUMN_LABELS)),
    )
    assert metrics((right, (kinds, rows, columns)))["f1"] == 1.0
    wrong = (*right[:2], _one_hot(np.where(columns >= 0, legal, columns), len(COLUMN_LABELS)))
    assert metrics((wrong, (kinds, rows, columns)))["f1"] == 0.0


def test_a_cell_is_the_best_pair_the_schema_has():
    """The heads favour row t2.new with column items (no such cell): the reading is the best
    pair that exists, over the span's characters and the windows that see them."""
    config = SimpleNamespace(row_labels=ROW_LABELS, column_labels=COLUMN_LABELS)
    tagger = SimpleNamespace(model=SimpleNamespace(config=config))
    tagger._cell_names = ModelExtractor._cell_names.func(tagger)
    tagger._valid_cells = ModelExtractor._valid_cells.func(tagger)
    rows = torch.full((4, len(ROW_LABELS)), -4.0)
    rows[:, ROW_LABELS.index("t2.new")] = 4.0
    columns = torch.full((4, len(COLUMN_LABELS)), -4.0)
    columns[:, COLUMN_LABELS.index("items")] = 4.0
    columns[:, COLUMN_LABELS.index("legal")] = 3.0
    columns[2:, COLUMN_LABELS.index("social")] = 3.5  # the second window's characters only
    windows = [((0, 2), None, (rows[:2], columns[:2])), ((2, 4), None, (rows[2:], columns[2:]))]
    cid, probability = ModelExtractor._cell_of(tagger, windows, 1, 3)
    assert cid == "t2.new.legal"  # mean of legal (3, 3) beats social (-4, 3.5)
    assert 0 < probability < 1
    assert ModelExtractor._cell_of(tagger, windows, 2, 4)[0] == "t2.new.social"


@pytest.fixture(scope="module")
def small_factorised_model(tmp_path_factory) -> Path:
    """configs/tiny-factorised.yaml on a few generated reports: what CI can afford."""
    folder = tmp_path_factory.mktemp("factorised")
    config = (ROOT / "configs" / "tiny-factorised.yaml").read_text(encoding="utf-8")
    config = config.replace("synthetic_n: 240", "synthetic_n: 48").replace(
        "num_train_epochs: 8", "num_train_epochs: 4"
    )
    (folder / "config.yaml").write_text(config, encoding="utf-8")
    result = CliRunner().invoke(
        app, ["train", "--config", str(folder / "config.yaml"), "-o", str(folder / "model")]
    )
    assert result.exit_code == 0, result.output
    return folder / "model"


@pytest.mark.slow
def test_a_factorised_model_reads_cells_of_reports_it_never_saw(
    small_factorised_model, synth_corpus
):
    model = get_extractor("model", model=str(small_factorised_model))
    assert model.factorised and model.codec.factorised
    docs = load_corpus(synth_corpus)[:20]
    assert not {d.doc_id for d in docs} & model.trained_ids
    gold = {d.doc_id: d.gold for d in docs}
    preds = {d.doc_id: model.extract(read_document(d.input_path)) for d in docs}
    assert all(set(p.cells) <= set(all_cell_ids()) for p in preds.values())
    assert all(not broken_relations(p.cells) for p in preds.values())
    nothing = score(gold, {d: Prediction(d, system="none") for d in gold})
    learned = score(gold, preds)
    # 48 reports, 4 epochs (CI's budget): measured 0.30 of cells, 0.11 of non-zero ones, precision 0.79
    assert learned["cells"]["accuracy"] > nothing["cells"]["accuracy"] + 0.15
    assert learned["cells"]["accuracy_nonzero"] > 0.05 and learned["cells"]["precision"] > 0.5


def test_a_pretrained_encoder_gets_factorised_heads(tmp_path):
    """The encoder's weights are kept; the three heads are new (the e5-small-factorised path)."""
    from transformers import BertConfig, BertModel

    from ie.train.arguments import ModelArguments
    from ie.train.finetune import make_model

    encoder = BertModel(
        BertConfig(
            vocab_size=40,
            hidden_size=16,
            num_hidden_layers=2,
            num_attention_heads=2,
            intermediate_size=32,
        )
    )
    encoder.save_pretrained(tmp_path / "encoder")
    CharVocab.from_texts(["新收申请12件"]).save(tmp_path / "encoder")  # no tokenizer to trim
    args = ModelArguments(
        model_name_or_path=str(tmp_path / "encoder"), factorised=True, keep_layers=1
    )
    model, _vocab = make_model(args, ["新收申请12件"], 64)
    assert isinstance(model, BertForFactorisedTagging)
    assert model.config.row_labels == ROW_LABELS and len(model.bert.encoder.layer) == 1
    kept = encoder.encoder.layer[0].attention.self.query.weight
    assert torch.equal(model.bert.encoder.layer[0].attention.self.query.weight, kept)
    assert model.config.id2label[0] == "O" and model.num_labels == len(bio_labels(KIND_TYPES))


@pytest.mark.slow
def test_a_flattened_page_is_read_by_the_arithmetic_not_by_tags(small_factorised_model, tmp_path):
    """Digit runs cannot be cut into cells one character at a time: on a flattened page every
    cell the flattened-table solver reads is the model system's, and those it leaves open are
    not read at all, as in the rules."""
    from ie.extract.flattened import read_flattened
    from ie.synth import SynthConfig, generate_corpus

    generate_corpus(tmp_path, SynthConfig(n=3, seed=12, layouts=("flattened",)))
    model = get_extractor("model", model=str(small_factorised_model))
    for doc in load_corpus(tmp_path):
        document = read_document(doc.input_path)
        read = model.extract(document)
        flat = read_flattened(document.text, read.meta.template)
        assert flat.cells and all(read.cells[c] == v for c, v in flat.cells.items())
        assert not set(flat.open_cells) & set(read.cells)
        assert not broken_relations(read.cells)


def test_the_heads_losses_count_as_weighted():
    codec = _codec()
    row = {
        "text": "新12",
        "columns": [0, 1, 1],
        "tags": ["O", "B-t2.new.natural", "I-t2.new.natural"],
    }
    batch = codec.collate([codec.encode(row)])
    losses = {}
    for weight in (0.0, 1.0):
        torch.manual_seed(0)
        model = _small_model(codec, head_loss_weight=weight).eval()
        with torch.no_grad():
            out = model(**batch)
        losses[weight] = float(out.loss)
    keep = batch["labels"][0] != IGNORE
    kinds_only = torch.nn.functional.cross_entropy(out.logits[0][keep], batch["labels"][0][keep])
    assert losses[0.0] == pytest.approx(float(kinds_only), rel=1e-5)
    assert losses[1.0] > losses[0.0] + 1  # 37 rows and 20 columns, untrained: about ln 37 + ln 20
