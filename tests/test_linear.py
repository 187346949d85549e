"""The linear system: candidates labelled from gold, a scikit-learn pipeline saved with skops,
loaded by name, never scored on its own training documents."""

import json

import pytest
from typer.testing import CliRunner

from ie.cli import app
from ie.evaluate.benchmark import run_benchmark
from ie.evaluate.scores import fact_scores
from ie.extract.base import get_extractor
from ie.extract.linear import PIPELINE_FILE
from ie.read import Document
from ie.read.corpus import load_corpus
from ie.read.files import read_document
from ie.schema import Fact, Prediction
from ie.synth import SynthConfig, generate_corpus
from ie.train.linear import LinearArguments, fit, labelled_candidates
from tests.conftest import shared_corpus


@pytest.fixture(scope="module")
def corpora(tmp_path_factory):
    root = tmp_path_factory.mktemp("linear")
    train, test = root / "train", root / "test"
    generate_corpus(train, SynthConfig(n=80, seed=501))
    generate_corpus(test, SynthConfig(n=40, seed=502))
    return train, test


@pytest.fixture(scope="module")
def model(corpora, tmp_path_factory):
    folder = tmp_path_factory.mktemp("linear-model")
    info = fit(LinearArguments(synthetic_n=0, train_corpora=[str(corpora[0])]), folder)
    assert info["train_documents"] == 80 and info["train_candidates"] > 80
    return folder


def test_candidates_are_labelled_by_the_gold_span_they_overlap():
    text = "本年度共主动公开政府信息251条。受理并办结政府信息公开申请3件,召开会议4次。"
    gold = Prediction(
        doc_id="x",
        facts=[
            Fact("proactive_total", 251, text.index("251"), text.index("251") + 3),
            Fact("applications_received", 3, text.index("3件"), text.index("3件") + 1),
            Fact("applications_completed", 3, text.index("3件"), text.index("3件") + 1),
        ],
    )
    rows, labels = labelled_candidates(gold, text)
    by_lead = {row["lead"][-4:]: label for row, label in zip(rows, labels)}
    assert ["proactive_total"] in labels
    assert ["applications_completed", "applications_received"] in labels
    assert [] in labels  # 4次: a number that states no fact
    assert len(rows) == 3 and len(by_lead) == 3


def test_a_negation_is_a_candidate_for_zero_applications():
    text = "本年度未收到政府信息公开申请。"
    start = text.index("未")
    gold = Prediction(doc_id="x", facts=[Fact("applications_received", 0, start, text.index("。"))])
    rows, labels = labelled_candidates(gold, text)
    assert [r["kind"] for r in rows] == ["negation"] and labels == [["applications_received"]]


def test_trained_system_reads_unseen_generated_reports(model, corpora):
    extractor = get_extractor("linear", model=str(model))
    gold, preds = {}, {}
    for d in load_corpus(corpora[1]):
        gold[d.doc_id] = d.gold
        preds[d.doc_id] = extractor.extract(read_document(d.input_path, doc_id=d.doc_id))
    scores = fact_scores(gold, preds)
    assert scores["f1"] >= 0.85, scores
    assert all(p.system == "linear" for p in preds.values())
    facts = [f for p in preds.values() for f in p.facts]
    assert facts and all(0.5 <= f.confidence <= 1 for f in facts)
    assert all(p.cells for p in preds.values())  # tables read as the rules read them


def test_no_candidate_no_fact(model):
    extractor = get_extractor("linear", model=str(model))
    assert extractor.extract(Document("d", "没有数字的一段话。")).facts == []


def test_benchmark_never_scores_a_model_on_its_training_documents(model, corpora, tmp_path):
    linear = get_extractor("linear", model=str(model))
    rules = get_extractor("rules")
    table, details = run_benchmark(
        list(corpora), {"rules": rules, "linear": linear}, tmp_path / "bench"
    )
    titles = [d["title"] for d in details]
    assert [t for t in titles if t.startswith("train")] == ["train (synthetic) / rules"]
    assert "every document was its training data" in table
    scored = next(d for d in details if d["title"].startswith("test") and d["system"] == "linear")
    assert scored["trained_on_left_out"] == 0 and scored["description"]["documents"] == 40
    comparisons = json.loads((tmp_path / "bench" / "comparisons.json").read_text())
    assert [(c["corpus"], c["a"], c["b"], c["documents"]) for c in comparisons] == [
        ("test", "rules", "linear", 40)
    ]
    assert "Paired bootstrap" in table


def test_a_file_that_is_not_a_saved_pipeline_is_refused(model, tmp_path):
    with pytest.raises(ValueError, match="not a linear model folder"):
        get_extractor("linear", model=str(tmp_path))
    broken = tmp_path / "broken"
    broken.mkdir()
    (broken / PIPELINE_FILE).write_bytes(b"not a zip")
    (broken / "linear.json").write_text((model / "linear.json").read_text())
    with pytest.raises(ValueError, match="cannot load the pipeline"):
        get_extractor("linear", model=str(broken))


@pytest.mark.parametrize(
    "info, message",
    [("[]", "'fields' is not a list"), ('{"fields": "x"}', "'fields' is not a list"),
     ('{"fields": [], "threshold": 7}', "'threshold' is not a probability"), ("{", "cannot read")],
)  # fmt: skip
def test_a_damaged_model_information_file_is_a_clear_error(model, tmp_path, info, message):
    folder = tmp_path / "m"
    folder.mkdir()
    (folder / PIPELINE_FILE).write_bytes((model / PIPELINE_FILE).read_bytes())
    (folder / "linear.json").write_text(info, encoding="utf-8")
    with pytest.raises(ValueError, match=message):
        get_extractor("linear", model=str(folder))


def test_a_pipeline_holding_untrusted_types_is_not_loaded(model, tmp_path):
    from sklearn.preprocessing import FunctionTransformer
    from skops.io import dump

    folder = tmp_path / "hostile"
    folder.mkdir()
    dump(FunctionTransformer(json.loads), folder / PIPELINE_FILE)
    (folder / "linear.json").write_text((model / "linear.json").read_text())
    with pytest.raises(ValueError, match="does not load"):
        get_extractor("linear", model=str(folder))


def test_train_and_benchmark_from_the_command_line(corpora, tmp_path, monkeypatch):
    monkeypatch.setenv("GOVIE_CACHE", str(tmp_path / "cache"))
    config = tmp_path / "linear.yaml"
    config.write_text(
        f"system: linear\nsynthetic_n: 0\ntrain_corpora: [{corpora[0]}]\nC: 2.0\n",
        encoding="utf-8",
    )
    runner = CliRunner()
    done = runner.invoke(app, ["train", "--config", str(config), "-o", str(tmp_path / "m")])
    assert done.exit_code == 0, done.output
    assert "linear system fitted" in done.output
    info = json.loads((tmp_path / "m" / "linear.json").read_text())
    assert info["config"]["C"] == 2.0 and len(info["trained_on"]) == 80
    done = runner.invoke(
        app,
        [
            "benchmark",
            "--corpus",
            str(corpora[1]),
            "--systems",
            "rules,linear",
            "--model",
            f"linear={tmp_path / 'm'}",
            "-o",
            str(tmp_path / "b"),
        ],
    )
    assert done.exit_code == 0, done.output
    assert "test (synthetic) / linear" in done.output
    bad = tmp_path / "bad.yaml"
    bad.write_text("system: linear\nlearning_rate: 3\n", encoding="utf-8")
    done = runner.invoke(app, ["train", "--config", str(bad)])
    assert done.exit_code == 2 and "unknown keys ['learning_rate']" in done.output


def test_two_learned_systems_need_named_model_folders(tmp_path):
    done = CliRunner().invoke(
        app,
        ["benchmark", "--systems", "model,linear", "--model", str(tmp_path), "-o", str(tmp_path)],
    )
    assert done.exit_code == 2 and "NAME=DIR" in done.output


def test_linear_on_real_excerpts_it_never_trained_on(tmp_path):
    """The shipped configuration trains on the other real corpora; excerpts stay unseen."""
    excerpts = shared_corpus("excerpts")
    args = LinearArguments(
        synthetic_n=120,
        train_corpora=[str(shared_corpus(c)) for c in ("provincial", "seeds", "pdf")],
    )
    fit(args, tmp_path)
    extractor = get_extractor("linear", model=str(tmp_path))
    docs = load_corpus(excerpts)
    assert not {d.gold.text_sha256 for d in docs} & extractor.trained_on
    preds = {
        d.doc_id: extractor.extract(read_document(d.input_path, doc_id=d.doc_id)) for d in docs
    }
    assert fact_scores({d.doc_id: d.gold for d in docs}, preds)["f1"] >= 0.8
