import pytest

from ie.evaluate.scores import cell_scores
from ie.extract.meta import detect_template
from ie.extract.rules import RuleExtractor
from ie.extract.tables import TableReader, split_run_together
from ie.read import document_from_text, read_document
from ie.schema import T3_COLUMN_IDS
from ie.synth import SynthConfig, generate_corpus
from ie.synth.layouts import LAYOUTS
from tests.conftest import load_gold, records

T1_2019 = """二、主动公开政府信息情况
第二十条第(一)项\t\t\t
信息内容\t本年新制作数量\t本年新公开数量\t对外公开总数量
规章\t1\t1\t9
规范性文件\t2\t2\t30
第二十条第(五)项\t\t\t
信息内容\t上一年项目数量\t本年增/减\t处理决定数量
行政许可\t40\t增12\t300
其他对外管理服务事项\t5\t减 2\t7
第二十条第(九)项\t\t\t
信息内容\t采购项目数量\t采购总金额\t
政府集中采购\t3\t2.5万元\t
"""

T2_ROWS = """三、收到和处理政府信息公开申请情况
一、本年新收政府信息公开申请数量\t\t4\t1\t0\t0\t0\t0\t5
二、上年结转政府信息公开申请数量\t\t1\t0\t0\t0\t0\t0\t1
三、本年度办理结果\t(一)予以公开\t3\t1\t0\t0\t0\t0\t4
\t(二)部分公开(区分处理的,只计这一情形,不计其他情形)\t1\t0\t0\t0\t0\t0\t1
\t(三)不予公开\t1.属于国家秘密\t0\t0\t0\t0\t0\t0
\t4.保护第三方合法权益\t \t \t \t \t \t \t 
(六)其他处理\t0\t0\t0\t0\t0\t0\t0
(七)总计\t4\t1\t0\t0\t0\t0\t5
四、结转下年度继续办理\t1\t0\t0\t0\t0\t0\t1
"""


def test_tab_rows_signed_changes_amounts_and_template():
    assert detect_template(T1_2019) == "2019"
    c = TableReader().read(T1_2019, "2019").cells
    assert c["t1.regulation.total"] == 9 and c["t1.normative.made"] == 2
    assert c["t1.license.change"] == 12 and c["t1.other_service.change"] == -2
    assert c["t1.procurement.amount"] == pytest.approx(2.5) and c["t1.procurement.items"] == 3


def test_rows_with_a_lost_cell_and_blank_rows():
    c = TableReader().read(T2_ROWS).cells
    assert [c[f"t2.new.{k}"] for k in ("natural", "commercial", "total")] == [4, 1, 5]
    # six cells printed for seven columns: all zero, every reading agrees
    assert [c[f"t2.denied_secret.{k}"] for k in ("natural", "other", "total")] == [0, 0, 0]
    assert all(c[f"t2.denied_third_party.{k}"] is None for k in ("natural", "legal", "total"))
    assert (
        c["t2.other.total"] == 0 and c["t2.total.total"] == 5 and c["t2.carried_out.natural"] == 1
    )


def test_lost_cell_is_placed_where_the_sums_hold():
    text = T2_ROWS.replace(
        "\t(二)部分公开(区分处理的,只计这一情形,不计其他情形)\t1\t0\t0\t0\t0\t0\t1",
        "\t(二)部分公开\t1\t0\t0\t0\t0\t1",
    )
    reading = TableReader().read(text)
    assert [reading.cells[f"t2.partial.{k}"] for k in ("natural", "commercial", "total")] == [
        1,
        0,
        1,
    ]
    assert (
        any(n["row"] == "t2.partial" for n in reading.notes)
        or reading.cells["t2.partial.other"] == 0
    )


def test_run_together_digits_are_split_by_the_row_sum():
    assert split_run_together("3100004", 7) == [3, 1, 0, 0, 0, 0, 4]
    assert split_run_together("12", 7) is None


def test_template_2021_from_headers():
    assert detect_template("信息内容\t本年制发件数\t本年废止件数\t现行有效件数") == "2021"
    assert detect_template("没有表格的报告") is None


@pytest.mark.parametrize("layout", LAYOUTS)
def test_every_generated_layout_reads_back(synth_corpus, layout):
    gold = {
        k: g
        for k, g in load_gold(synth_corpus).items()
        if g["layout"] == layout and not g["planted"]
    }
    assert gold, f"no {layout} report generated"
    rules = RuleExtractor()
    preds = {}
    for doc_id, _g in gold.items():
        src = (
            list((synth_corpus / "source").glob(f"{doc_id}.*"))
            if (synth_corpus / "source").is_dir()
            else []
        )
        preds[doc_id] = rules.extract(
            read_document(src[0] if src else synth_corpus / "text" / f"{doc_id}.txt")
        )
    scores = cell_scores(records(gold), preds)
    assert scores["accuracy"] >= 0.99, scores
    assert scores["precision"] >= 0.99, scores


def test_a_row_label_with_a_remark_after_it_is_matched():
    text = "信息内容\t本年新制作数量\t本年新公开数量\t对外公开总数量\n规章(设区的市、州人民政府应提供数据)\t0\t0\t2\n"
    cells = TableReader().read(text, "2019").cells
    assert (cells["t1.regulation.made"], cells["t1.regulation.total"]) == (0, 2)


def test_table3_as_sub_tables_under_block_headings():
    """Invented OCR output: each block of table 3 its own small table under a heading."""
    header = "| 结果维持 | 结果纠正 | 其他结果 | 尚未审结 | 总计 |\n|---|---|---|---|---|\n"
    text = (
        "四、政府信息公开行政复议、行政诉讼情况\n\n"
        f"### 行政复议\n\n{header}| 2 | 1 | 0 | 3 | 6 |\n\n"
        f"### 行政诉讼(未经复议直接起诉)\n\n{header}| 0 | 1 | 0 | 0 | 1 |\n\n"
        f"**行政诉讼(复议后起诉)**\n\n{header}| 4 | 0 | 0 | 1 | 5 |\n"
    )
    cells = RuleExtractor().extract(document_from_text("ocr", text)).cells
    assert [cells[f"t3.review.{c}"] for c in T3_COLUMN_IDS] == [2, 1, 0, 3, 6]
    assert [cells[f"t3.suit_direct.{c}"] for c in T3_COLUMN_IDS] == [0, 1, 0, 0, 1]
    assert [cells[f"t3.suit_after_review.{c}"] for c in T3_COLUMN_IDS] == [4, 0, 0, 1, 5]


def test_generated_ocr_sub_tables_read_back(tmp_path):
    from ie.read.corpus import load_corpus

    generate_corpus(tmp_path, SynthConfig(n=12, seed=31, layouts=("markdown_split",)))
    rules = RuleExtractor()
    for d in load_corpus(tmp_path):
        cells = rules.extract(read_document(d.input_path)).cells
        t3 = {k: v for k, v in d.gold.cells.items() if k.startswith("t3.")}
        assert {k: cells.get(k) for k in t3} == t3, d.doc_id


def test_row_matching_skips_only_choices_that_cannot_reach_the_cutoff():
    """RowMatcher compares a text only with choices of a length that can score 80; the result
    must be that of comparing it with every choice, on labels, misprints and prose."""
    import random

    from ie.layout.labels import RowMatcher
    from ie.schema.tables import rows_for_reading

    class Unpruned(RowMatcher):
        def _of_length(self, n):
            return self.choices, self.owner

    rng = random.Random(5)
    rows = rows_for_reading(2, "2021")
    pruned, every = RowMatcher(rows), Unpruned(rows)
    texts = []
    for choice in every.choices:
        for _ in range(4):
            chars = list(choice)
            k = rng.randrange(len(chars))
            op = rng.choice(("drop", "add", "swap", "twice"))
            if op == "drop" and len(chars) > 1:
                del chars[k]
            elif op == "add":
                chars.insert(k, rng.choice("的了和与其他申请公开"))
            elif op == "swap":
                chars[k] = rng.choice("政府信息不予处理")
            else:
                chars += chars
            texts.append("".join(chars))
    texts += ["本年度共收到申请12件", "一、总体情况", "其他", "2.其他处理情况说明"]
    results = [pruned.match(t) for t in texts]
    assert results == [every.match(t) for t in texts]
    assert sum(r is not None for r in results) > len(texts) // 3


def test_a_row_line_seen_before_is_read_at_its_place_in_each_report():
    """Rows printed on one line are worked out once per line (lines come back in every report):
    the values are the line's, the spans those of the report at hand."""
    reader = TableReader()
    first = reader.read(T1_2019, "2019")
    moved = "松林县民政局\n\n" + T1_2019
    second = reader.read(moved, "2019")
    assert second.cells == first.cells
    shift = len("松林县民政局\n\n")
    assert second.spans == {k: (s + shift, e + shift) for k, (s, e) in first.spans.items()}
    for cid, (s, e) in second.spans.items():
        assert float(moved[s:e].lstrip("增减").rstrip("万元")) == abs(second.cells[cid])


def test_a_row_printed_down_the_page_skips_blank_cells():
    text = "信息内容\n本年新制作数量\n规章\n\t\n\t3\n\t\n\t4\n\t12\n规范性文件\n1\n2\n30\n"
    reading = TableReader().read(text, "2019")
    assert [reading.cells[f"t1.regulation.{k}"] for k in ("made", "published", "total")] == [
        3,
        4,
        12,
    ]
    s, e = reading.spans["t1.regulation.total"]
    assert text[s:e] == "12"
