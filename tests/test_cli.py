"""The acceptance figures of the rule-based system, measured through the real CLI."""

import json

import pytest
from typer.testing import CliRunner

from ie.cli import app
from tests.conftest import shared_corpus

runner = CliRunner()


def bench(tmp_path, corpus):
    result = runner.invoke(
        app, ["benchmark", "--corpus", str(corpus), "--systems", "rules", "-o", str(tmp_path)]
    )
    assert result.exit_code == 0, result.output
    return json.loads((tmp_path / "benchmark.json").read_text())[0]["scores"]


def test_seeds_meet_the_targets(tmp_path):
    s = bench(tmp_path, shared_corpus("seeds"))
    assert s["cells"]["accuracy"] >= 0.99
    assert s["facts"]["f1"] >= 0.95
    assert all(s["meta"][k] == 1.0 for k in ("agency", "year", "template"))


def test_pdfs_read_from_the_originals_meet_the_targets(tmp_path):
    corpus = shared_corpus("pdf")
    assert list((corpus / "source").glob("*.pdf"))
    s = bench(tmp_path, corpus)
    assert s["cells"]["accuracy"] >= 0.99
    assert s["facts"]["f1"] >= 0.9


def test_extract_then_evaluate_writes_scores_and_errors(tmp_path):
    corpus = shared_corpus("seeds")
    preds = tmp_path / "preds.jsonl"
    result = runner.invoke(
        app, ["extract", str(corpus / "text"), "-o", str(preds), "--workers", "2"]
    )
    assert result.exit_code == 0, result.output
    lines = [json.loads(x) for x in preds.read_text().splitlines()]
    assert sorted(p["doc_id"] for p in lines) == sorted(
        p.stem for p in (corpus / "text").glob("*.txt")
    )
    result = runner.invoke(
        app,
        [
            "evaluate",
            "--gold",
            str(corpus / "gold"),
            "--pred",
            str(preds),
            "-o",
            str(tmp_path / "ev"),
        ],
    )
    assert result.exit_code == 0, result.output
    scores = json.loads((tmp_path / "ev" / "scores.json").read_text())
    assert scores["cells"]["accuracy"] >= 0.99 and "per_table" in scores["cells"]
    assert (tmp_path / "ev" / "scores.md").read_text().startswith("| metric |")


def test_a_bad_document_is_reported_and_the_batch_goes_on(tmp_path, synth_corpus):
    inputs = tmp_path / "in"
    inputs.mkdir()
    good = sorted((synth_corpus / "text").glob("*.txt"))[:2]
    for p in good:
        (inputs / p.name).write_bytes(p.read_bytes())
    (inputs / "empty.txt").write_bytes(b"")
    (inputs / "binary.txt").write_bytes(b"\x00" * 100)
    out = tmp_path / "preds.jsonl"
    result = runner.invoke(app, ["extract", str(inputs), "-o", str(out)])
    assert result.exit_code == 1
    assert "empty.txt: empty file" in result.output
    records = {json.loads(x)["doc_id"]: json.loads(x) for x in out.read_text().splitlines()}
    assert set(records) == {p.stem for p in good} | {"empty", "binary"}
    assert "error" in records["binary"] and records[good[0].stem]["cells"]


def test_resume_skips_what_is_done(tmp_path, synth_corpus):
    out = tmp_path / "p.jsonl"
    files = sorted((synth_corpus / "text").glob("*.txt"))[:3]
    runner.invoke(app, ["extract", str(files[0]), "-o", str(out)])
    result = runner.invoke(app, ["extract", *map(str, files), "-o", str(out), "--resume"])
    assert result.exit_code == 0
    ids = [json.loads(x)["doc_id"] for x in out.read_text().splitlines()]
    assert sorted(ids) == sorted(p.stem for p in files) and len(ids) == 3


@pytest.mark.parametrize("system", ["nonexistent"])
def test_unknown_system_is_a_clear_error(tmp_path, synth_corpus, system):
    from ie.extract.base import get_extractor

    with pytest.raises(ValueError, match="unknown system"):
        get_extractor(system)
