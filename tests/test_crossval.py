"""k-fold cross-validation: disjoint folds, each system scored only on what it never saw."""

import json

import pytest
from typer.testing import CliRunner

from ie.cli import app
from ie.read.corpus import load_corpus
from ie.synth import SynthConfig, generate_corpus
from ie.validate.crossval import METRICS, crossval, folds_of


@pytest.fixture(scope="module")
def small(tmp_path_factory):
    root = tmp_path_factory.mktemp("cv")
    generate_corpus(root / "corpus", SynthConfig(n=16, seed=88))
    config = root / "linear.yaml"
    config.write_text("system: linear\nsynthetic_n: 30\nsynthetic_seed: 3\n", encoding="utf-8")
    return root


def test_folds_are_disjoint_and_cover_the_corpus(small):
    docs = load_corpus(small / "corpus")
    parts = folds_of(docs, 4, seed=1)
    ids = [d.doc_id for part in parts for d in part]
    assert sorted(ids) == sorted(d.doc_id for d in docs) and len(set(ids)) == len(ids)
    assert [len(p) for p in parts] == [4, 4, 4, 4]
    with pytest.raises(ValueError, match="choose 2 to 16"):
        folds_of(docs, 1, seed=0)


def test_each_fold_is_scored_by_a_system_that_never_saw_it(small):
    result = crossval(small / "linear.yaml", [small / "corpus"], folds=4, seed=1)
    assert result["system"] == "linear" and result["fold_sizes"] == [4, 4, 4, 4]
    assert set(result["summary"]) == {"linear", "rules"}
    for name in ("linear", "rules"):
        assert len(result["per_fold"][name]) == 4
        facts = result["summary"][name]["facts_f1"]
        assert 0 <= facts["mean"] <= 1 and facts["folds"] == 4
    assert result["summary"]["linear"]["facts_f1"]["mean"] > 0.7
    boot = result["bootstrap"]  # linear − rules over all 16 documents, each read by its own fold
    assert boot["documents"] == 16
    for metric in ("facts_f1", "cell_accuracy"):
        assert boot[metric]["low"] <= boot[metric]["difference"] <= boot[metric]["high"]


def test_the_markdown_says_what_no_fold_could_measure():
    from ie.validate.crossval import crossval_markdown

    none = {"mean": None, "std": None, "folds": 0}
    result = {
        "folds": 2,
        "system": "linear",
        "config": "c.yaml",
        "documents": 4,
        "corpora": ["x"],
        "fold_sizes": [2, 2],
        "seed": 0,
        "summary": {"linear": dict.fromkeys(METRICS, none), "rules": dict.fromkeys(METRICS, none)},
    }
    assert "| facts_f1 | — | — |" in crossval_markdown(result)


def test_crossval_from_the_command_line(small, tmp_path):
    done = CliRunner().invoke(
        app,
        [
            "crossval", "--config", str(small / "linear.yaml"), "--corpus", str(small / "corpus"),
            "--folds", "2", "-o", str(tmp_path / "cv"),
        ],
    )  # fmt: skip
    assert done.exit_code == 0, done.output
    markdown = (tmp_path / "cv" / "crossval.md").read_text()
    assert (
        "2-fold cross-validation: linear" in markdown
        and "| all folds | linear − rules |" in markdown
    )
    assert json.loads((tmp_path / "cv" / "crossval.json").read_text())["folds"] == 2
    done = CliRunner().invoke(
        app,
        [
            "crossval",
            "--config",
            str(small / "linear.yaml"),
            "--corpus",
            str(small / "corpus"),
            "--folds",
            "99",
        ],
    )
    assert done.exit_code == 2 and "99 folds of 16 documents" in done.output
