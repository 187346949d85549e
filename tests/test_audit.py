import json

import pytest
from typer.testing import CliRunner

from ie.audit import audit_prediction, cross_year_checks
from ie.cli import app
from ie.schema import Prediction
from tests.conftest import load_gold, shared_corpus


def clean_reports(synth_corpus):
    return [g for g in load_gold(synth_corpus).values() if not g["planted"]]


def ids(report: dict) -> set[str]:
    return {f.id for f in audit_prediction(Prediction.from_json(report))}


def test_consistent_generated_reports_pass(synth_corpus):
    for g in clean_reports(synth_corpus):
        assert ids(g) == set(), g["doc_id"]


@pytest.mark.parametrize(
    "cell,delta,check",
    [
        ("t2.new.natural", 1, "t2.balance"),
        ("t2.granted.natural", 1, "t2.total_row"),
        ("t2.carried_out.total", 2, "t2.total_column"),
        ("t3.review.total", 1, "t3.total"),
    ],
)
def test_planted_arithmetic_errors_are_found(synth_corpus, cell, delta, check):
    g = json.loads(json.dumps(clean_reports(synth_corpus)[0]))
    g["cells"][cell] += delta
    failures = {f.id: f for f in audit_prediction(Prediction.from_json(g))}
    assert check in failures and cell in failures[check].cells


def test_negative_counts_and_in_force(synth_corpus):
    g = json.loads(
        json.dumps(next(r for r in clean_reports(synth_corpus) if r["meta"]["template"] == "2021"))
    )
    g["cells"]["t1.license.decisions"] = -1
    g["cells"]["t1.regulation.issued"], g["cells"]["t1.regulation.in_force"] = 5, 2
    assert {"t1.negative", "t1.in_force"} <= ids(g)


def test_prose_against_tables(synth_corpus):
    g = json.loads(json.dumps(clean_reports(synth_corpus)[0]))
    g["cells"]["t2.new.natural"] += 3
    g["cells"]["t2.new.total"] += 3
    g["facts"] = [{"field": "applications_received", "value": 0}]
    assert "prose.no_applications" in ids(g)
    g["facts"] = [{"field": "applications_received", "value": g["cells"]["t2.new.total"] + 1}]
    assert "prose.applications" in ids(g)


def test_completeness_and_cross_year(synth_corpus):
    g = json.loads(json.dumps(clean_reports(synth_corpus)[0]))
    g["cells"] = {k: v for k, v in g["cells"].items() if not k.startswith("t3.")}
    g["cells"]["t2.denied_law.natural"] = None
    found = {f.id: f for f in audit_prediction(Prediction.from_json(g), text="一、总体情况")}
    assert (
        "complete.table" in found and "t2.denied_law.natural" in found["complete.blank_cells"].cells
    )
    assert "complete.section" in found
    a = {
        "doc_id": "a",
        "meta": {"agency": "某县统计局", "year": 2021},
        "cells": {"t2.carried_out.total": 3},
    }
    b = {
        "doc_id": "b",
        "meta": {"agency": "某县统计局", "year": 2022},
        "cells": {"t2.carried_in.total": 1},
    }
    assert [
        f.id for f in cross_year_checks([Prediction.from_json(a), Prediction.from_json(b)])["b"]
    ] == ["cross_year.carried"]


def test_seed_reports_through_the_cli(tmp_path):
    corpus = shared_corpus("seeds")
    out = tmp_path / "audit.jsonl"
    result = CliRunner().invoke(app, ["audit", str(corpus / "text"), "-o", str(out)])
    assert result.exit_code == 0, result.output
    records = {json.loads(x)["doc_id"]: json.loads(x) for x in out.read_text().splitlines()}
    found = {
        d: {c["id"] for c in r["checks"]} - {"complete.blank_cells", "complete.section"}
        for d, r in records.items()
    }
    assert found["seed-001"] == {"t2.balance", "t2.total_row", "t2.total_column", "t3.total"}
    assert all(not found[d] for d in ("seed-000", "seed-002", "seed-003", "seed-004"))
    assert (tmp_path / "audit.csv").read_text().startswith("check,reports_failing")


def test_prose_review_and_suit_counts_against_table3(synth_corpus):
    g = json.loads(json.dumps(clean_reports(synth_corpus)[0]))
    review = g["cells"]["t3.review.total"]
    assert "prose.review_suit" not in ids_with_text(
        g, f"全年发生政府信息公开行政复议{int(review)}件。"
    )
    assert "prose.review_suit" in ids_with_text(
        g, f"全年发生政府信息公开行政复议{int(review) + 2}件。"
    )


def ids_with_text(report, text) -> set[str]:
    return {f.id for f in audit_prediction(Prediction.from_json(report), text=text)}
