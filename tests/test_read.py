import pytest

from ie.read import ReadError, read_document
from ie.read.html import html_to_text

REPORT = "某县统计局2021年政府信息公开工作年度报告\r\n一、总体情况\r\n全年主动公开政府信息１２３条（含通知公告）。\r\n"


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "gb18030", "gbk"])
def test_text_encodings_and_normalization(tmp_path, encoding):
    path = tmp_path / "r.txt"
    path.write_bytes(REPORT.encode(encoding))
    doc = read_document(path)
    assert doc.doc_id == "r"
    assert "\r" not in doc.text and "123条(含通知公告)" in doc.text
    assert not doc.text.startswith("\ufeff")


def test_html_tables_keep_columns_under_rowspan_and_colspan():
    html = """<html><body><p>标题</p><table>
    <tr><td colspan="2">申请人情况</td><td>总计</td></tr>
    <tr><td rowspan="2">三、本年度办理结果</td><td>(一)予以公开</td><td>5</td></tr>
    <tr><td>(二)部分公开</td><td>2</td></tr></table><p>结尾</p></body></html>"""
    lines = [line for line in html_to_text(html).splitlines() if line]
    assert lines[0] == "标题"
    assert lines[1] == "申请人情况\t\t总计"
    assert lines[2] == "三、本年度办理结果\t(一)予以公开\t5"
    assert lines[3] == "\t(二)部分公开\t2"
    assert lines[-1] == "结尾"


def test_docx_reads_paragraphs_and_tables(tmp_path):
    import docx

    d = docx.Document()
    d.add_paragraph("一、总体情况")
    t = d.add_table(rows=2, cols=3)
    for j, v in enumerate(["规章", "1", "2"]):
        t.cell(1, j).text = v
    t.cell(0, 0).merge(t.cell(0, 1)).text = "信息内容"
    d.add_paragraph("二、其他")
    d.save(tmp_path / "a.docx")
    text = read_document(tmp_path / "a.docx").text
    assert text.splitlines() == ["一、总体情况", "信息内容\t\t", "规章\t1\t2", "二、其他"]


@pytest.mark.parametrize(
    "name,content,reason",
    [
        ("empty.txt", b"", "empty file"),
        ("blank.txt", b"  \n\n", "empty file"),
        ("binary.txt", b"\x00\x01\x02PK" * 50, "binary file"),
        ("bad.txt", b"\xff\xfe\xfa\xfb\x81\x30" * 10, "undecodable"),
        (
            "notext.html",
            b"<html><body><table><tr><td></td></tr></table></body></html>",
            "HTML without text",
        ),
        ("r.xls", b"abc", "unsupported file type"),
        ("broken.docx", b"not a zip", "not a readable .docx"),
        ("broken.pdf", b"%PDF-1.4 garbage", "not a readable PDF"),
    ],
)
def test_bad_input_names_file_and_reason(tmp_path, name, content, reason):
    path = tmp_path / name
    path.write_bytes(content)
    with pytest.raises(ReadError) as info:
        read_document(path)
    assert str(path) in str(info.value) and reason in str(info.value)


def test_oversized_file_is_refused_without_reading(tmp_path):
    path = tmp_path / "big.txt"
    path.write_bytes(("报告" * 1000 + "\n").encode() * 10)
    with pytest.raises(ReadError, match="too large"):
        read_document(path, max_bytes=50_000)
