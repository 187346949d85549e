"""Bad and hostile input, as a new user or an attacker would give it: every case ends in a clear
error naming the file and the reason (or a correct reading), never a traceback, never a file
outside the output folder, never unbounded memory; the other documents of a batch go on."""

import io
import json
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest
from typer.testing import CliRunner

from ie.cli import app
from ie.read import ReadError, read_document

runner = CliRunner()
ROOT = Path(__file__).resolve().parents[1]
REPORT = "本年度共主动公开政府信息12条,收到政府信息公开申请3件。\n"


def run(*args: str):
    result = runner.invoke(app, list(args))
    assert result.exception is None or isinstance(result.exception, SystemExit), result.output
    return result


def read_in_capped_process(path: Path, limit_mb: int = 1024) -> subprocess.CompletedProcess:
    """Read a file in a child process whose address space is capped: a bomb fails there, not here."""
    code = (
        "import resource, sys\n"
        f"resource.setrlimit(resource.RLIMIT_AS, ({limit_mb} * 2**20, {limit_mb} * 2**20))\n"
        "from ie.read import ReadError, read_document\n"
        "try:\n"
        f"    print(len(read_document({str(path)!r}).text))\n"
        "except ReadError as exc:\n"
        "    print('ReadError:', exc.reason)\n"
    )
    return subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, timeout=300, cwd=ROOT
    )


def export_with_doc_id(doc_id: str, where: str) -> list[dict]:
    text = REPORT
    data = {"doc_id": "safe", "text": text}
    if where == "data":
        data["doc_id"] = doc_id
    else:
        data["govie"] = {"record": {"doc_id": doc_id}}
    result = [{"from_name": "template", "type": "choices", "value": {"choices": ["2021"]}}]
    return [{"id": 1, "data": data, "annotations": [{"result": result}]}]


# 1: paths from a Label Studio export never leave the output folder
@pytest.mark.parametrize("doc_id", ["../escaped", "/tmp/govie-escaped", "..", "a/../../b"])
@pytest.mark.parametrize("where", ["data", "govie"])
def test_import_never_writes_outside_the_output_folder(tmp_path, doc_id, where):
    export = tmp_path / "in" / "export.json"
    export.parent.mkdir()
    export.write_text(json.dumps(export_with_doc_id(doc_id, where)), encoding="utf-8")
    out = tmp_path / "out" / "gold"
    result = run("annotate", "import", str(export), "-o", str(out))
    written = {p for p in tmp_path.rglob("*") if p.is_file()} - {export}
    assert all(out.parent in p.parents for p in written), written
    assert not Path("/tmp/govie-escaped.json").exists()
    if where == "data":
        assert result.exit_code == 1 and "unsafe document id" in result.output
    else:  # the record's extras cannot rename the document
        assert result.exit_code == 0 and (out / "safe.json").exists()


# 2, 3: resource bombs are refused inside a memory cap
def test_html_with_a_billion_column_span_reads_in_bounded_memory(tmp_path):
    page = tmp_path / "span.html"
    page.write_text(
        '<table><tr><td colspan="1000000000">行政许可</td><td>5</td></tr></table>', encoding="utf-8"
    )
    done = read_in_capped_process(page)
    assert done.returncode == 0 and done.stdout.strip().isdigit(), done.stderr[-2000:]


def test_docx_that_inflates_far_beyond_a_report_is_refused(tmp_path):
    bomb = tmp_path / "bomb.docx"
    with zipfile.ZipFile(bomb, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        with archive.open("word/document.xml", "w") as fh:
            chunk = b" " * 2**20
            for _ in range(120):
                fh.write(chunk)
    assert bomb.stat().st_size < 2**20
    done = read_in_capped_process(bomb)
    assert "ReadError: .docx unpacks to 120 MB" in done.stdout, done.stdout + done.stderr[-2000:]


def test_docx_table_row_spanning_a_million_columns_is_refused(tmp_path):
    import docx

    document = docx.Document()
    table = document.add_table(rows=1, cols=2)
    table.cell(0, 0).text, table.cell(0, 1).text = "行政许可", "5"
    table.rows[0]._tr.tc_lst[0].grid_span = 1_000_000
    path = tmp_path / "wide.docx"
    document.save(str(path))
    done = read_in_capped_process(path)
    assert "ReadError: a table row spans more than" in done.stdout, (
        done.stdout + done.stderr[-2000:]
    )


# 4, 11: PDFs without a text layer or behind a password; UTF-16; markup nested too deep
def _image_pdf() -> bytes:
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    fig = plt.figure(figsize=(2, 2))
    fig.figimage([[0, 1], [1, 0]])
    buffer = io.BytesIO()
    fig.savefig(buffer, format="pdf")
    plt.close(fig)
    return buffer.getvalue()


def test_scanned_pdf_says_it_has_no_text_layer(tmp_path):
    path = tmp_path / "scan.pdf"
    path.write_bytes(_image_pdf())
    with pytest.raises(ReadError, match="without a text layer"):
        read_document(path)


def test_password_protected_pdf_says_so(tmp_path):
    pypdf = pytest.importorskip("pypdf")
    plain = tmp_path / "plain.pdf"
    plain.write_bytes(_image_pdf())
    writer = pypdf.PdfWriter()
    writer.append(pypdf.PdfReader(plain))
    writer.encrypt("secret")
    locked = tmp_path / "locked.pdf"
    writer.write(locked)
    with pytest.raises(ReadError, match="encrypted"):
        read_document(locked)


@pytest.mark.parametrize("encoding", ["utf-16", "utf-16-be"])
def test_utf16_text_with_a_byte_order_mark_reads_like_utf8(tmp_path, encoding):
    path = tmp_path / "u16.txt"
    data = REPORT.encode(encoding)
    path.write_bytes(data if data[:2] in (b"\xff\xfe", b"\xfe\xff") else b"\xfe\xff" + data)
    assert read_document(path).text == REPORT


def test_markup_nested_fifty_thousand_deep_names_the_reason(tmp_path):
    path = tmp_path / "deep.html"
    path.write_text(
        "<html><body>" + "<div>" * 50_000 + REPORT + "</div>" * 50_000 + "</body></html>"
    )
    with pytest.raises(ReadError, match="nested 5000[0-9] elements deep"):
        read_document(path)


# 5: a number no float holds is not a value, and the output stays JSON
def test_a_five_thousand_digit_number_keeps_the_output_json(tmp_path):
    (tmp_path / "in").mkdir()
    (tmp_path / "in" / "huge.txt").write_text(
        "本年度共主动公开政府信息" + "9" * 5000 + "条。\n" + REPORT
    )
    out = tmp_path / "preds.jsonl"
    result = run("extract", str(tmp_path / "in"), "-o", str(out))
    assert result.exit_code == 0, result.output

    def refuse(constant):
        raise ValueError(constant)

    record = json.loads(out.read_text().splitlines()[0], parse_constant=refuse)
    assert all(len(str(f["value"])) < 20 for f in record["facts"])


# 6: two files with one name are two documents
def test_files_sharing_a_name_get_distinct_ids_and_resume_keeps_both(tmp_path):
    for folder, extra in (("a", ""), ("b", "办结3件。")):
        (tmp_path / folder).mkdir()
        (tmp_path / folder / "report.txt").write_text(REPORT + extra)
    out = tmp_path / "preds.jsonl"
    result = run("extract", str(tmp_path / "a"), str(tmp_path / "b"), "-o", str(out))
    ids = [json.loads(x)["doc_id"] for x in out.read_text().splitlines()]
    assert len(set(ids)) == 2 and ids[0] == "report" and ids[1].startswith("report-")
    assert "shared an id" in result.output
    again = run("extract", str(tmp_path / "a"), str(tmp_path / "b"), "-o", str(out), "--resume")
    assert "2 skipped" in again.output and len(out.read_text().splitlines()) == 2


# 7: one long line is read (the per-line work is linear; bench measures the time)
def test_a_megabyte_on_one_line_is_read(tmp_path):
    path = tmp_path / "line.txt"
    path.write_text(("规章\t1\t2\t3\t行政许可\t4\t5\t6\t主动公开政府信息12条," * 30_000) + "\n")
    result = run("extract", str(path), "-o", str(tmp_path / "p.jsonl"))
    assert result.exit_code == 0, result.output


# 8: malformed predictions and gold: one line per bad record, the rest scored, no traceback
BAD_RECORDS = [
    {"doc_id": "d1", "cells": "not a map"},
    {"doc_id": "d2", "facts": {"field": "proactive_total"}},
    {"doc_id": "d3", "facts": [{"field": "proactive_total", "value": "twelve"}]},
    {"meta": {}},
    ["a", "list"],
    {"doc_id": "d4", "cells": {"t2.new.total": "3"}},
]


def test_evaluate_and_audit_survive_malformed_records(tmp_path):
    gold = tmp_path / "gold"
    gold.mkdir()
    (gold / "ok.json").write_text(
        json.dumps({"doc_id": "ok", "facts": [], "cells": {"t2.new.total": 3}})
    )
    (gold / "bad.json").write_text(json.dumps({"doc_id": "bad", "problems": "none"}))
    preds = tmp_path / "preds.jsonl"
    lines = [json.dumps(r) for r in BAD_RECORDS] + [
        "{torn",
        json.dumps({"doc_id": "ok", "cells": {"t2.new.total": 3}}),
    ]
    preds.write_text("\n".join(lines) + "\n")
    result = run(
        "evaluate", "--gold", str(gold), "--pred", str(preds), "-o", str(tmp_path / "eval")
    )
    assert result.exit_code == 1
    assert result.output.count("(left out)") == len(BAD_RECORDS) + 2
    assert json.loads((tmp_path / "eval" / "scores.json").read_text())["cells"]["accuracy"] == 1.0
    audited = run("audit", "--pred", str(preds), "-o", str(tmp_path / "audit.jsonl"))
    assert audited.exit_code == 1 and "preds.jsonl:7: not a JSON line" in audited.output
    binary = tmp_path / "binary.jsonl"
    binary.write_bytes(b"\xff\xfe\x00\x01" * 100)
    assert (
        "not UTF-8" in run("audit", "--pred", str(binary), "-o", str(tmp_path / "a2.jsonl")).output
    )


# 9: a span without its value, and other malformed results, are errors of that task
@pytest.mark.parametrize(
    "item",
    [
        {"from_name": "span", "type": "labels"},
        {"from_name": "span", "type": "labels", "value": {"start": 0, "end": 2}},
        {"from_name": "span", "value": "not a map"},
        "not an item",
    ],
)
def test_import_of_a_malformed_result_is_an_error_of_that_task(tmp_path, item):
    tasks = [
        {"id": 1, "data": {"doc_id": "d1", "text": REPORT}, "annotations": [{"result": [item]}]},
        {"id": 2, "data": {"doc_id": "d2", "text": REPORT}, "annotations": [{"result": []}]},
    ]
    export = tmp_path / "export.json"
    export.write_text(json.dumps(tasks), encoding="utf-8")
    result = run("annotate", "import", str(export), "-o", str(tmp_path / "gold"))
    assert (
        result.exit_code == 1 and "1 imported" in result.output and "error task 1" in result.output
    )
    assert (tmp_path / "gold" / "d2.json").exists()


# 10: markup inside a report reaches no report as markup
def test_markup_in_a_report_is_escaped_in_every_report(tmp_path):
    corpus = tmp_path / "corpus"
    (corpus / "text").mkdir(parents=True)
    (corpus / "gold").mkdir()
    text = "<script>alert(1)</script><img src=x onerror=alert(2)>本年度共主动公开政府信息12条。\n"
    (corpus / "text" / "m.txt").write_text(text)
    gold = {
        "doc_id": "m",
        "facts": [{"field": "proactive_total", "value": 13, "start": 0, "end": 1}],
    }
    (corpus / "gold" / "m.json").write_text(json.dumps(gold))
    out = tmp_path / "bench"
    result = run(
        "benchmark", "--corpus", str(corpus), "-o", str(out), "--report", str(tmp_path / "report")
    )
    assert result.exit_code == 0, result.output
    for page in (
        out / "benchmark.md",
        tmp_path / "report" / "report.md",
        tmp_path / "report" / "report.html",
    ):
        content = page.read_text(encoding="utf-8")
        assert "<script>alert" not in content and "<img src=x" not in content, page
