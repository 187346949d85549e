from ie.evaluate.scores import cell_scores, fact_scores, meta_scores, problem_scores
from ie.schema import Prediction


def docs(**by_id) -> dict[str, Prediction]:
    return {
        doc_id: Prediction.from_json({"doc_id": doc_id, **data}) for doc_id, data in by_id.items()
    }


def test_fact_slot_filling_counts():
    gold = docs(
        d={
            "facts": [
                {"field": "proactive_total", "value": 10},
                {"field": "npc_suggestions", "value": 2},
            ]
        }
    )
    pred = docs(
        d={
            "facts": [
                {"field": "proactive_total", "value": 11},
                {"field": "proactive_total", "value": 10},
                {"field": "cppcc_proposals", "value": 1},
            ]
        }
    )
    s = fact_scores(gold, pred)
    assert (s["tp"], s["fp"], s["fn"]) == (
        0,
        2,
        2,
    )  # first value counts: wrong → fp+fn; extra → fp; missing → fn


def test_cells_accuracy_precision_and_nonzero():
    gold = docs(d={"cells": {"t1.a.x": 0, "t1.a.y": 5, "t2.b.x": None}})
    pred = docs(d={"cells": {"t1.a.x": 0, "t1.a.y": 4, "t2.b.x": 3, "t3.c.x": 1}})
    s = cell_scores(gold, pred)
    assert abs(s["accuracy"] - 1 / 3) < 1e-9 and s["accuracy_nonzero"] == 0
    assert s["precision"] == 1 / 4
    gold["d"].extra["cells_complete"] = False
    assert cell_scores(gold, pred)["precision"] == 1 / 3


def test_problem_document_and_span_scores():
    gold = docs(d={"problems": [{"category": "staff.skills", "start": 0, "end": 5}]})
    pred = docs(
        d={
            "problems": [
                {"category": "staff.skills", "start": 4, "end": 9},
                {"category": "staff.shortage", "start": 0, "end": 3},
            ]
        }
    )
    s = problem_scores(gold, pred)
    assert (s["document"]["tp"], s["document"]["fp"]) == (1, 1)
    assert s["span"]["precision"] == 0.5 and s["span"]["recall"] == 1.0


def test_meta_agency_ignores_spaces_and_accepts_alternatives():
    gold = docs(
        d={
            "meta": {
                "agency": "某县 统计局",
                "year": 2021,
                "template": "2021",
                "agency_alt": ["县统计局"],
            }
        }
    )
    assert (
        meta_scores(
            gold, docs(d={"meta": {"agency": "县统计局", "year": 2021, "template": "2021"}})
        )["agency"]
        == 1
    )
    assert (
        meta_scores(
            gold, docs(d={"meta": {"agency": "某县统计局", "year": 2020, "template": "2021"}})
        )["year"]
        == 0
    )
    assert (
        meta_scores(
            gold, docs(d={"meta": {"agency": "市统计局", "year": 2021, "template": "2021"}})
        )["agency"]
        == 0
    )


def test_error_summary_counts_missed_spurious_and_wrong_by_field():
    from ie.evaluate.report import error_summary
    from ie.evaluate.scores import score

    gold = docs(
        a={"facts": [{"field": "proactive_total", "value": 5}], "cells": {"t2.new.total": 3}},
        b={"facts": [{"field": "proactive_total", "value": 7}]},
    )
    pred = docs(
        a={
            "facts": [
                {"field": "proactive_total", "value": 6},
                {"field": "npc_suggestions", "value": 1},
            ]
        },
        b={},
    )
    rows = {
        line.split(" | ")[0].strip("| "): line.split(" | ")[1:4]
        for line in error_summary(score(gold, pred))[2:]
    }
    assert rows["fact proactive_total"] == ["1", "0", "1"]  # b missed, a wrong
    assert rows["fact npc_suggestions"] == ["0", "1", "0"]
    assert rows["cell t2 cells"] == ["1", "0", "0"]
