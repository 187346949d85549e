"""One row per report: doc_id, agency, year, template, each fact, every cell, the audit's verdict.

Columns have the dtypes an analyst expects from `pd.read_parquet`: counts as nullable
integers (`Int64`), money amounts as nullable floats, text as strings; a value the report
does not state is missing (NA), never 0. The column order follows the schema, so two exports
line up whatever their documents.
"""

from pathlib import Path

from ie.audit import failures_by_document
from ie.read.corpus import load_gold_dir
from ie.read.jsonl import load_predictions
from ie.schema import AMOUNT_CELLS, FACT_FIELDS, Prediction
from ie.schema.tables import all_cell_ids

FORMATS = (".parquet", ".csv", ".xlsx")
ID_COLUMNS = ("doc_id", "system", "agency", "year", "template", "error")


def read_records_from(path: Path, problems: list[str]) -> list[Prediction]:
    """A folder of gold files, or a predictions JSONL file; bad entries are noted in `problems`."""
    path = Path(path)
    if path.is_dir():
        return list(load_gold_dir(path, problems).values())
    if not path.is_file():
        raise FileNotFoundError(f"{path}: no such predictions file or gold folder")
    return list(load_predictions(path, problems).values())


def _row(record: Prediction, failed: list[str]) -> dict:
    row = {
        "doc_id": record.doc_id,
        "system": record.system,
        "agency": record.meta.agency,
        "year": record.meta.year,
        "template": record.meta.template,
        "error": record.error,
    }
    values = record.first_values()
    row |= {f"fact.{f}": values.get(f) for f in FACT_FIELDS}
    row |= {cid: record.cells.get(cid) for cid in all_cell_ids()}
    row["audit.failed"] = ";".join(sorted(set(failed))) if record.error is None else None
    return row


def _dtype(column: str) -> str:
    if column in AMOUNT_CELLS:
        return "Float64"
    if column.startswith(("fact.", "t1.", "t2.", "t3.")) or column == "year":
        return "Int64"
    return "string"


def wide_table(records: list[Prediction]):
    """The records as a pandas DataFrame, one row per report in the given order."""
    import pandas as pd

    failures = failures_by_document(records)
    rows = [_row(r, [f.id for f in failures.get(r.doc_id, [])]) for r in records]
    columns = [
        *ID_COLUMNS,
        *(f"fact.{f}" for f in FACT_FIELDS),
        *all_cell_ids(),
        "audit.failed",
    ]
    frame = pd.DataFrame(rows, columns=columns)
    for column in columns:
        frame[column] = _as_dtype(frame[column], _dtype(column))
    return frame


def _as_dtype(series, dtype: str):
    """Counts that are not whole numbers (a misread 1.5) keep their value as floats."""
    import pandas as pd

    if dtype == "Int64":
        numbers = pd.to_numeric(series, errors="coerce")
        whole = numbers.dropna()
        return numbers.astype("Int64" if (whole == whole.round()).all() else "Float64")
    if dtype == "Float64":
        return pd.to_numeric(series, errors="coerce").astype("Float64")
    return series.astype("string")


def write_table(frame, output: Path) -> Path:
    """Parquet, CSV or Excel, by the output's suffix."""
    output = Path(output)
    suffix = output.suffix.lower()
    if suffix not in FORMATS:
        raise ValueError(f"{output}: write .parquet, .csv or .xlsx")
    output.parent.mkdir(parents=True, exist_ok=True)
    if suffix == ".parquet":
        frame.to_parquet(output, index=False)
    elif suffix == ".csv":
        frame.to_csv(output, index=False, encoding="utf-8")
    else:
        frame.to_excel(output, index=False, sheet_name="reports")
    return output
