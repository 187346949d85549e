"""The paired bootstrap: the observed difference is the scorer's, its interval honest."""

import pytest

from ie.evaluate.scores import score
from ie.evaluate.significance import paired_bootstrap
from ie.schema import Fact, Prediction


def records(values: dict[str, int | None], cells: dict[str, int] | None = None):
    return {
        d: Prediction(
            d,
            facts=[Fact("proactive_total", v)] if v is not None else [],
            cells=dict(cells or {}),
        )
        for d, v in values.items()
    }


def test_identical_systems_differ_by_nothing():
    gold = records({f"d{i}": i for i in range(20)})
    result = paired_bootstrap(gold, gold, gold)
    assert result["facts_f1"] == {"difference": 0.0, "low": 0.0, "high": 0.0}


def test_observed_difference_is_the_scorers_and_a_clear_win_is_supported():
    gold = records({f"d{i}": i for i in range(40)}, {"t2.new.total": 1})
    better = records({f"d{i}": i for i in range(40)}, {"t2.new.total": 1})
    worse = records({f"d{i}": (i if i % 2 else i + 1) for i in range(40)}, {"t2.new.total": 2})
    result = paired_bootstrap(gold, worse, better)
    expected = score(gold, better)["facts"]["f1"] - score(gold, worse)["facts"]["f1"]
    assert result["facts_f1"]["difference"] == pytest.approx(expected)
    assert 0 < result["facts_f1"]["low"] <= expected <= result["facts_f1"]["high"]
    assert result["cell_accuracy"]["difference"] == pytest.approx(1.0)


def test_a_one_document_difference_is_within_noise():
    gold = records({f"d{i}": i for i in range(30)})
    one_off = records({f"d{i}": (i + 1 if i == 0 else i) for i in range(30)})
    result = paired_bootstrap(gold, gold, one_off, seed=3)
    assert result["facts_f1"]["low"] < 0 <= result["facts_f1"]["high"]


def test_only_documents_both_systems_read_are_compared():
    gold = records({"a": 1, "b": 2, "c": 3})
    partial = {k: v for k, v in records({"a": 1, "b": 2}).items()}
    assert paired_bootstrap(gold, gold, partial)["documents"] == 2
    assert paired_bootstrap(gold, {}, partial) == {"documents": 0}
