"""The wide table: one row per report, read back by pandas with the schema's dtypes."""

import json

import pandas as pd
import pytest
from typer.testing import CliRunner

from ie.cli import app
from ie.export import wide_table
from ie.read.corpus import load_gold_dir
from ie.schema import Prediction
from ie.schema.tables import all_cell_ids
from tests.conftest import shared_corpus


@pytest.fixture(scope="module")
def exported(synth_corpus, tmp_path_factory):
    out = tmp_path_factory.mktemp("export") / "gold.parquet"
    done = CliRunner().invoke(app, ["export-table", str(synth_corpus / "gold"), "-o", str(out)])
    assert done.exit_code == 0, done.output
    return pd.read_parquet(out)


def test_one_row_per_report_with_gold_values(exported, synth_corpus):
    gold = load_gold_dir(synth_corpus / "gold")
    assert len(exported) == len(gold) and exported["doc_id"].is_unique
    for _, row in exported.sample(10, random_state=1).iterrows():
        record = gold[row["doc_id"]]
        assert row["agency"] == record.meta.agency and row["year"] == record.meta.year
        for cid in all_cell_ids():
            value = record.cells.get(cid)
            assert (pd.isna(row[cid]) and value is None) or row[cid] == value, cid
        for field, value in record.first_values().items():
            assert row[f"fact.{field}"] == value


def test_columns_have_the_dtypes_an_analyst_expects(exported):
    assert str(exported["t2.new.total"].dtype) == "Int64"
    assert str(exported["fact.proactive_total"].dtype) == "Int64"
    assert str(exported["t1.fee.amount"].dtype) == "Float64"
    assert str(exported["year"].dtype) == "Int64"
    assert exported["agency"].dtype.name.startswith("string")
    both = exported.groupby("template")["t1.regulation.in_force"].apply(lambda s: s.isna().all())
    assert set(both.index) == {"2019", "2021"} and both["2019"]  # a 2021-only row is NA in 2019


def test_planted_inconsistencies_show_in_the_audit_column(exported, synth_corpus):
    planted = {
        p.stem
        for p in (synth_corpus / "gold").glob("*.json")
        if "wrong_total" in json.loads(p.read_text(encoding="utf-8"))["planted"]
    }
    assert planted
    flagged = exported.set_index("doc_id")["audit.failed"]
    assert all("t2." in flagged[d] for d in planted)


def test_predictions_with_failures_keep_their_row(tmp_path):
    preds = tmp_path / "p.jsonl"
    lines = [
        Prediction(doc_id="a", system="rules", cells={"t2.new.total": 3}).to_json(),
        Prediction.failure("b", "rules", "b.txt", "empty file").to_json(),
    ]
    preds.write_text("\n".join(json.dumps(x) for x in lines) + "\nnot json\n", encoding="utf-8")
    out = tmp_path / "t.csv"
    done = CliRunner().invoke(app, ["export-table", str(preds), "-o", str(out)])
    assert (
        done.exit_code == 1 and "p.jsonl:3: not a JSON line" in done.output
    )  # the bad line named, the rest written
    table = pd.read_csv(out)
    assert list(table["doc_id"]) == ["a", "b"]
    assert table.loc[1, "error"] == "empty file" and pd.isna(table.loc[1, "audit.failed"])
    assert table.loc[0, "t2.new.total"] == 3


def test_excel_and_bad_outputs(tmp_path, synth_corpus):
    runner = CliRunner()
    out = tmp_path / "r.xlsx"
    done = runner.invoke(app, ["export-table", str(synth_corpus / "gold"), "-o", str(out)])
    assert done.exit_code == 0
    assert len(pd.read_excel(out)) == len(list((synth_corpus / "gold").glob("*.json")))
    done = runner.invoke(
        app, ["export-table", str(synth_corpus / "gold"), "-o", str(tmp_path / "r.txt")]
    )
    assert done.exit_code == 2 and "write .parquet, .csv or .xlsx" in done.output
    done = runner.invoke(app, ["export-table", str(tmp_path / "missing.jsonl")])
    assert done.exit_code == 2 and "no such predictions file" in done.output


def test_real_gold_exports_every_report(tmp_path):
    gold = shared_corpus("excerpts") / "gold"
    frame = wide_table(list(load_gold_dir(gold).values()))
    assert len(frame) == len(list(gold.glob("*.json")))
    assert frame["template"].isin(["2019", "2021"]).all()
