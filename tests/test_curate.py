"""The annotation loop around Label Studio: select, agreement, adjudicate, corpus card."""

import json

import pytest
import yaml
from typer.testing import CliRunner

from ie.annotate.tasks import make_task
from ie.cli import app
from ie.curate.adjudication import DecisionError, adjudicate
from ie.curate.agreement import agreement
from ie.curate.card import corpus_card
from ie.curate.selection import audit_score, disagreement_score, uncertainty_score
from ie.evaluate.scores import score
from ie.read.corpus import load_corpus, load_gold_dir
from ie.schema import Fact, Meta, Prediction, Problem
from ie.train.linear import LinearArguments, fit
from tests.conftest import shared_corpus

runner = CliRunner()


def two_annotators():
    a = {
        "d1": Prediction(
            "d1",
            meta=Meta("甲局", 2021, "2021"),
            facts=[Fact("proactive_total", 10, 0, 2), Fact("applications_received", 2, 5, 6)],
            problems=[Problem("staff.part_time", 20, 25)],
            cells={"t2.new.total": 3, "t2.total.total": 3},
        ),
        "d2": Prediction(
            "d2",
            meta=Meta("X局", 2021, "2021"),
            facts=[Fact("npc_suggestions", 5, 0, 1)],
            cells={"t1.regulation.made": 1},
        ),
    }
    b = {
        "d1": Prediction(
            "d1",
            meta=Meta("甲局", 2021, "2021"),
            facts=[Fact("proactive_total", 10, 0, 2), Fact("applications_received", 3, 5, 6)],
            problems=[Problem("staff.part_time", 20, 26), Problem("staff.skills", 30, 35)],
            cells={"t2.new.total": 3, "t2.total.total": 4},
        ),
        "d2": Prediction("d2", meta=Meta("Y局", 2021, "2021")),
    }
    return a, b


def test_agreement_matches_a_hand_computed_case():
    a, b = two_annotators()
    result = agreement(a, b)
    # facts: tp 1 (proactive), received 2 vs 3 (fp 1, fn 1), npc only in A (fn 1): P 1/2, R 1/3
    assert result["facts"]["f1"] == pytest.approx(0.4)
    assert result["facts"]["per_field"]["proactive_total"] == 1.0
    assert result["facts"]["per_field"]["applications_received"] == 0.0
    assert result["facts"]["per_field"]["policy_interpretations"] is None  # nobody marked one
    # problems over 2 documents × 4 categories: A marks 1, B marks 2, 7 of 8 agree:
    # p_o = 7/8, p_e = 1/8·2/8 + 7/8·6/8 = 44/64, kappa = (56 − 44) / (64 − 44) = 0.6
    assert result["problems"]["kappa"] == pytest.approx(0.6)
    assert result["problems"]["f1"] == pytest.approx(2 / 3)
    # cells: 3 ids compared, 1 equal; t1 0/1, t2 1/2
    assert result["cells"]["exact_match"] == pytest.approx(1 / 3)
    assert result["cells"]["per_table"] == {"t1": 0.0, "t2": 0.5}
    assert result["meta"] == {"agency": 0.5, "year": 1.0, "template": 1.0}
    keys = [(d["doc_id"], d["key"], d["a"], d["b"]) for d in result["disagreements"]]
    assert keys == [
        ("d1", "fact:applications_received", 2, 3),
        ("d1", "problem:staff.skills", False, True),
        ("d1", "cell:t2.total.total", 3, 4),
        ("d2", "fact:npc_suggestions", 5, None),
        ("d2", "cell:t1.regulation.made", 1, "absent"),
        ("d2", "meta:agency", "X局", "Y局"),
    ]


def test_adjudication_writes_only_what_is_decided():
    a, b = two_annotators()
    decisions = {
        "d1": {
            "fact:applications_received": "b",
            "problem:staff.skills": "a",
            "cell:t2.total.total": {"value": 3},
        }
    }
    result = adjudicate(a, b, decisions)
    assert list(result.gold) == ["d1"] and set(result.undecided["d2"]) == {
        "fact:npc_suggestions",
        "cell:t1.regulation.made",
        "meta:agency",
    }
    gold = result.gold["d1"]
    assert gold.first_values() == {"proactive_total": 10, "applications_received": 3}
    assert {(p.category, p.end) for p in gold.problems} == {
        ("staff.part_time", 25),
        ("staff.part_time", 26),  # both annotators' spans of an agreed category
    }
    assert gold.cells == {"t2.new.total": 3, "t2.total.total": 3}
    decisions["d2"] = {
        "fact:npc_suggestions": "a",
        "cell:t1.regulation.made": "b",
        "meta:agency": {"value": "Z局"},
    }
    gold = adjudicate(a, b, decisions).gold["d2"]
    assert gold.first_values() == {"npc_suggestions": 5} and gold.cells == {}
    assert gold.meta.agency == "Z局"
    typo = adjudicate(a, b, {**decisions, "d3": {"fact:x": "a"}, "d1": {"fact:proactive": "a"}})
    assert "decision d1 fact:proactive: no such disagreement" in typo.unused[0]
    assert len(typo.unused) == 2
    with pytest.raises(DecisionError, match="a, b or"):
        adjudicate(a, b, {"d1": {"fact:applications_received": "both"}})


def test_scores_are_pure_functions_of_what_the_systems_said():
    a, b = two_annotators()
    points, reason = disagreement_score({"rules": a["d1"], "linear": b["d1"]})
    assert points == pytest.approx(1 + 1 / 2) and "applications_received" in reason
    assert uncertainty_score({"proactive_total": 0.9, "npc_suggestions": 0.55})[0] == pytest.approx(
        0.9
    )
    assert audit_score(["t2.balance", "complete.table"]) == (1.0, "tables fail t2.balance")


@pytest.fixture(scope="module")
def linear_model(tmp_path_factory, synth_corpus):
    folder = tmp_path_factory.mktemp("linear")
    fit(LinearArguments(synthetic_n=40, synthetic_seed=9), folder)
    return folder


def test_select_by_each_strategy(synth_corpus, linear_model, tmp_path):
    texts = str(synth_corpus / "text")
    common = ["annotate", "select", texts, "--model", f"linear={linear_model}", "--n", "5"]
    chosen = {}
    for strategy in ("disagreement", "uncertainty", "audit", "random"):
        out = tmp_path / f"{strategy}.json"
        done = runner.invoke(app, [*common, "--strategy", strategy, "-o", str(out)])
        assert done.exit_code == 0, done.output
        chosen[strategy] = json.loads(out.read_text(encoding="utf-8"))["chosen"]
        assert len(chosen[strategy]) == 5 and (tmp_path / f"{strategy}.md").exists()
        scores = [c["score"] for c in chosen[strategy]]
        assert scores == sorted(scores, reverse=True)
    planted = {
        p.stem
        for p in (synth_corpus / "gold").glob("*.json")
        if "wrong_total" in json.loads(p.read_text(encoding="utf-8"))["planted"]
    }
    assert {c["doc_id"] for c in chosen["audit"]} <= planted  # broken sums come first
    assert all("t2." in c["reason"] for c in chosen["audit"])
    again = tmp_path / "again.json"
    runner.invoke(app, [*common, "--strategy", "random", "-o", str(again)])
    assert json.loads(again.read_text(encoding="utf-8"))["chosen"] == chosen["random"]
    done = runner.invoke(
        app, ["annotate", "select", texts, "--systems", "rules", "--strategy", "uncertainty"]
    )
    assert done.exit_code == 2 and "needs a system that gives probabilities" in done.output
    done = runner.invoke(
        app, ["annotate", "select", texts, "--systems", "rules", "--strategy", "vote"]
    )
    assert done.exit_code == 2 and "unknown strategy 'vote'" in done.output


@pytest.mark.parametrize("corpus", ["generated", "excerpts"])
def test_agreement_and_adjudication_from_one_export_with_two_annotations(
    corpus, synth_corpus, tmp_path
):
    docs = [
        d
        for d in load_corpus(synth_corpus if corpus == "generated" else shared_corpus(corpus))
        if "t2.new.total" in d.gold.cells
    ][:3]
    tasks, changed = [], docs[1].doc_id
    for d in docs:
        text = d.text_path.read_text(encoding="utf-8")
        first = make_task(d.doc_id, text, d.gold, as_annotation=True)
        second = json.loads(json.dumps(first))
        if d.doc_id == changed:
            cell = next(
                r
                for r in second["annotations"][0]["result"]
                if r["from_name"] == "cell:t2.new.total"
            )
            cell["value"]["text"] = ["9999"]
        first["annotations"][0]["id"], second["annotations"][0]["id"] = 1, 2
        first["annotations"].append(second["annotations"][0])
        tasks.append(first)
    export = tmp_path / "export.json"
    export.write_text(json.dumps(tasks, ensure_ascii=False), encoding="utf-8")
    done = runner.invoke(app, ["annotate", "agreement", str(export), "-o", str(tmp_path / "agree")])
    assert done.exit_code == 0, done.output
    result = json.loads((tmp_path / "agree" / "agreement.json").read_text(encoding="utf-8"))
    assert [(d["doc_id"], d["key"], d["b"]) for d in result["disagreements"]] == [
        (changed, "cell:t2.new.total", 9999)
    ]
    assert result["facts"]["f1"] == 1.0 and result["documents"] == 3
    gold_dir = tmp_path / "adjudicated" / "gold"
    done = runner.invoke(app, ["annotate", "adjudicate", str(export), "-o", str(gold_dir)])
    assert done.exit_code == 1 and "1 disagreements undecided" in done.output
    todo = yaml.safe_load((gold_dir / "decisions.todo.yaml").read_text(encoding="utf-8"))
    assert list(todo) == [changed] and len(list(gold_dir.glob("*.json"))) == 2
    decisions = tmp_path / "decisions.yaml"
    decisions.write_text(yaml.safe_dump({changed: {"cell:t2.new.total": "a"}}), encoding="utf-8")
    done = runner.invoke(
        app,
        ["annotate", "adjudicate", str(export), "--decisions", str(decisions), "-o", str(gold_dir)],
    )
    assert done.exit_code == 0, done.output
    adjudicated = load_gold_dir(gold_dir)
    original = {d.doc_id: d.gold for d in docs}
    scores = score(original, adjudicated)
    assert scores["cells"]["accuracy"] == 1.0 and scores["facts"]["f1"] == 1.0
    card_dir = tmp_path / "card"
    done = runner.invoke(
        app,
        [
            "corpus",
            "card",
            str(gold_dir.parent),
            "--agreement",
            str(tmp_path / "agree" / "agreement.json"),
            "-o",
            str(card_dir),
        ],
    )
    assert done.exit_code == 0, done.output
    card = json.loads((card_dir / "card.json").read_text(encoding="utf-8"))
    assert card["documents"] == 3 and card["agreement"]["documents"] == 3
    assert "Agreement of two annotators" in (card_dir / "CARD.md").read_text(encoding="utf-8")


def test_card_counts_a_generated_corpus(synth_corpus):
    card = corpus_card(synth_corpus)
    golds = load_gold_dir(synth_corpus / "gold")
    assert card["documents"] == len(golds) == card["synthetic"]
    assert card["cells"]["total"] == sum(len(g.cells) for g in golds.values())
    stated = sum("proactive_total" in g.first_values() for g in golds.values())
    assert card["facts"]["proactive_total"]["documents"] == stated
    assert set(card["text_sha256"]) == set(golds)


def test_card_and_audit_selection_on_real_reports(tmp_path):
    excerpts = shared_corpus("excerpts")
    card = corpus_card(excerpts)
    golds = load_gold_dir(excerpts / "gold").values()
    assert card["documents"] == len(golds)
    assert card["bodies"] == len({g.meta.agency for g in golds if g.meta.agency})
    out = tmp_path / "sel.json"
    done = runner.invoke(
        app,
        [
            "annotate",
            "select",
            str(excerpts / "text"),
            "--systems",
            "rules",
            "--strategy",
            "audit",
            "--n",
            "10",
            "-o",
            str(out),
        ],
    )
    assert done.exit_code == 0, done.output
    assert len(json.loads(out.read_text(encoding="utf-8"))["chosen"]) == 10


def test_learning_curve_simulation(tmp_path):
    from ie.curate.experiment import CurveConfig, learning_curve, write_curve
    from ie.synth import SynthConfig, generate_corpus

    generate_corpus(tmp_path / "pool", SynthConfig(n=30, seed=404))
    config = CurveConfig(start=3, step=4, rounds=2, seeds=[0, 1], synthetic_n=30, synthetic_seed=5)
    result = learning_curve(tmp_path / "pool", config)
    assert result["test_documents"] == 10
    for points in result["curves"].values():
        assert [p["annotated"] for p in points] == [3, 7, 11]
        assert all(0 <= p["mean"] <= 1 for p in points)
    starts = {tuple(r[0] for r in runs) for runs in result["runs"].values()}
    assert len(starts) == 1  # every strategy starts from the same reports
    md = write_curve(result, tmp_path / "out")
    assert (tmp_path / "out" / "learning_curve.png").stat().st_size > 1000
    assert "| annotated | disagreement | uncertainty | random |" in md.read_text(encoding="utf-8")
    with pytest.raises(ValueError, match="the pool needs"):
        learning_curve(tmp_path / "pool", CurveConfig(start=20, synthetic_n=30, synthetic_seed=5))
    report = tmp_path / "report"
    done = runner.invoke(
        app,
        [
            "benchmark", "--corpus", str(tmp_path / "pool"), "-o", str(tmp_path / "bench"),
            "--report", str(report), "--plot", str(tmp_path / "out" / "learning_curve.png"),
        ],
    )  # fmt: skip
    assert done.exit_code == 0, done.output
    assert "![learning_curve](learning_curve.png)" in (report / "report.md").read_text()
    assert 'id="plot-learning_curve"' in (report / "report.html").read_text()
    done = runner.invoke(
        app,
        [
            "benchmark", "--corpus", str(tmp_path / "pool"), "-o", str(tmp_path / "bench"),
            "--report", str(report), "--plot", str(tmp_path / "out" / "curve.md"),
        ],
    )  # fmt: skip
    assert done.exit_code == 2 and "not a PNG image" in done.output
