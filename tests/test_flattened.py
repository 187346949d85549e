"""Flattened tables (a web page joined every cell): read by the form's arithmetic, never guessed."""

import random

import pytest

from ie.extract.flattened import read_flattened, read_table2
from ie.extract.rules import RuleExtractor
from ie.read import document_from_text, read_document
from ie.schema import TABLES, broken_relations, cell_id
from ie.schema.digit_runs import splits
from ie.synth.stats import table2, table3
from tests.conftest import shared_corpus


def test_splits_keep_spaces_and_signs_as_borders_and_refuse_leading_zeros():
    assert splits("4120043", 7) == [(4, 1, 2, 0, 0, 4, 3)]
    assert (20, 0, 0, 0, 0, 1, 21) in splits("200 000121", 7)
    assert [s for s in splits("20 0 00 0 121", 7) if sum(s[:-1]) == s[-1]] == [
        (20, 0, 0, 0, 0, 1, 21)
    ]
    assert splits("35-15", 2) == [(35, -15)]
    assert splits("0012", 2) == []


def flattened_page(cells: dict, template: str, space_every: int = 0) -> str:
    """Tables 2 and 3 as a crawled page prints them: every row one label and one digit run."""
    rng = random.Random(len(cells))
    out = [
        "三、收到和处理政府信息公开申请情况(本列数据的勾稽关系为:第一项加第二项之和,等于第三项加第四项之和)"
        "申请人情况自然人法人或其他组织总计商业企业科研机构社会公益组织法律服务机构其他"
    ]
    for row in TABLES[template][1].rows:
        values = [str(int(cells[cell_id(2, row.id, c)])) for c in row.columns]
        joiner = " " if space_every and rng.random() < 0.3 else ""
        out.append(
            (row.group if row.label[0].isdigit() and row.label.startswith("1.") else "")
            + row.label
            + joiner.join(values)
        )
    out.append(
        "四、政府信息公开行政复议、行政诉讼情况行政复议行政诉讼结果维持结果纠正其他结果尚未审结总计未经复议直接起诉"
        "复议后起诉结果维持结果纠正其他结果尚未审结总计结果维持结果纠正其他结果尚未审结总计"
    )
    out.append("".join(str(int(v)) for k, v in cells.items() if k.startswith("t3.")))
    return "".join(out) + "五、存在的主要问题及改进情况\n"


@pytest.mark.parametrize("seed", range(12))
def test_generated_flattened_tables_never_contradict_the_truth(seed):
    rng = random.Random(seed)
    template = ("2019", "2021")[seed % 2]
    truth = {**table2(rng, template, busy=True), **table3(rng, busy=True)}
    reading = read_flattened(flattened_page(truth, template, space_every=seed % 3), template)
    wrong = {k: (v, truth[k]) for k, v in reading.cells.items() if k in truth and v != truth[k]}
    assert not wrong
    t2_cells = [k for k in truth if k.startswith("t2.")]
    assert sum(k in reading.cells for k in t2_cells) >= 0.8 * len(t2_cells)
    assert not broken_relations(reading.cells)


def test_an_arithmetic_the_page_breaks_falls_back_to_each_row_sum():
    text = (
        "一、本年新收政府信息公开申请数量3000003二、上年结转政府信息公开申请数量1000001"
        "(一)予以公开5000005(七)总计3000003四、结转下年度继续办理0000000"
    )
    reading = read_table2(text)
    assert reading.cells["t2.granted.natural"] == 5 and reading.cells["t2.new.total"] == 3


def test_ordinary_tables_are_not_read_as_flattened():
    text = "一、本年新收政府信息公开申请数量\t3\t0\t0\t0\t0\t0\t3\n"
    assert not read_flattened(text, "2021").cells


def test_flattened_corpus_and_unlabelled_pages():
    import json

    corpus = shared_corpus("flattened")
    rules = RuleExtractor()
    for gold_file in sorted((corpus / "gold").glob("*.json")):
        gold = json.loads(gold_file.read_text(encoding="utf-8"))
        cells = rules.extract(read_document(corpus / "text" / f"{gold['doc_id']}.txt")).cells
        assert {k: cells.get(k) for k in gold["cells"]} == gold["cells"], gold["doc_id"]
    solved = 0
    for page in sorted((corpus.parent / "unlabeled" / "hebei").glob("*.txt")):
        prediction = rules.extract(read_document(page))
        assert not broken_relations(prediction.cells), page.name
        solved += sum(k.startswith("t2.") for k in prediction.cells) > 100
    assert solved >= 6


def test_one_flattened_report_reads_as_a_document():
    rng = random.Random(5)
    truth = table2(rng, "2021", busy=True)
    prediction = RuleExtractor().extract(
        document_from_text("f", flattened_page({**truth, **table3(rng, True)}, "2021"))
    )
    assert prediction.cells["t2.new.total"] == truth["t2.new.total"]


def test_a_crawled_page_with_every_table_on_one_line_and_spaces_between_cells():
    text = (
        "二、主动公开政府信息情况 第二十条第(一)项 信息内容 本年制发件数 本年废止件数 现行有效件数 规章 0 0 0 "
        "行政规范性文件 3 1 12 第二十条第(五)项 本年处理决定数量 行政许可 587 "
        "三、收到和处理政府信息公开申请情况 申请人情况 自然人 法人或其他组织 总计 商业 企业 科研机构 "
        "一、本年新收政府信息公开申请数量 17 3 0 1 0 0 21 二、上年结转政府信息公开申请数量 4 0 0 0 0 1 5 "
        "(一)予以公开 15 2 0 1 0 0 18 (二)部分公开 5 1 0 0 0 1 7 (七)总计 20 3 0 1 0 1 25 "
        "四、结转下年度继续办理 1 0 0 0 0 0 1 四、行政复议、行政诉讼情况 行政复议 行政诉讼 结果 维持 "
        "结果 纠正 其他 结果 尚未 审结 总计 未经复议直接起诉 复议后起诉 结果维持 结果纠正 其他结果 尚未审结 总计 "
        "结果维持 结果纠正 其他结果 尚未审结 总计 2 1 0 3 6 0 1 0 0 1 0 0 0 0 0\n"
    )
    cells = RuleExtractor().extract(document_from_text("crawled", text)).cells
    assert cells["t1.normative.in_force"] == 12 and cells["t1.license.decisions"] == 587
    assert (cells["t2.new.natural"], cells["t2.new.commercial"], cells["t2.new.total"]) == (
        17,
        3,
        21,
    )
    assert cells["t2.partial.total"] == 7 and cells["t2.carried_in.other"] == 1
    assert (
        cells["t3.review.upheld"],
        cells["t3.review.total"],
        cells["t3.suit_direct.corrected"],
    ) == (2, 6, 1)


def test_crawled_rows_numbered_with_a_comma_signed_changes_and_amounts():
    """Invented crawled lines: the next row's numbering (2、) glued to a run, 增/减 in the
    change column, an amount with decimals and 万元, and a row whose sum the page breaks
    (spaces cut it unambiguously: read as printed)."""
    text = (
        "第二十条第(五)项 信息内容 上一年项目数量 本年增/减 处理决定数量 行政许可 12 0 30 "
        "其他对外管理服务事项 170 增56 1760 第二十条第(六)项 行政处罚 40 减3 9 "
        "第二十条第(九)项 信息内容 采购项目数量 采购总金额 政府集中采购 26 884.5372万元\n"
        "三、收到和处理政府信息公开申请情况 一、本年新收政府信息公开申请数量 5 1 0 0 0 0 6 "
        "二、上年结转政府信息公开申请数量 0 0 0 0 0 0 0 (三)不予公开 1、属于国家秘密 1 0 0 0 0 0 1 "
        "2、其他法律行政法规禁止公开 0 0 0 0 0 0 0 (七)总计 5 1 0 0 0 0 9\n"
    )
    flat = read_flattened(text, "2019")
    cells = flat.cells
    assert (cells["t1.other_service.prev_items"], cells["t1.other_service.change"]) == (170, 56)
    assert cells["t1.other_service.decisions"] == 1760 and cells["t1.penalty.change"] == -3
    assert cells["t1.procurement.amount"] == pytest.approx(884.5372)
    assert cells["t1.procurement.items"] == 26
    assert cells["t2.denied_secret.natural"] == 1 and cells["t2.denied_secret.total"] == 1
    assert cells["t2.denied_law.total"] == 0
    assert cells["t2.total.total"] == 9  # printed so, though its row sums to 6


@pytest.mark.parametrize("layout", ["spaced", "flattened", "markdown_split", "ocr_text"])
def test_generated_crawled_pages_are_read_or_left_open_never_misread(layout, tmp_path):
    """Gold of a flattened page holds the cells the page determines, as for the real corpus."""
    from ie.read.corpus import load_corpus
    from ie.synth import SynthConfig, generate_corpus

    generate_corpus(tmp_path, SynthConfig(n=16, seed=606, layouts=(layout,), error_rate=0.3))
    rules = RuleExtractor()
    right = total = 0
    for d in load_corpus(tmp_path):
        cells = rules.extract(read_document(d.input_path)).cells
        for cid, value in d.gold.cells.items():
            total += 1
            if cid in cells:
                assert cells[cid] == pytest.approx(value), (d.doc_id, cid)
                right += 1
    assert right / total >= 0.995


def test_ocr_numbers_between_the_two_lines_of_a_wrapped_label():
    """Invented OCR text: the cell's text centred, its numbers on the line between the label's
    two parts, or on the line after a label that fills its own line."""
    text = "\n".join(
        [
            "一、本年新收政府信息公开申请数量 10 1 0 0 0 0 11",
            "二、上年结转政府信息公开申请数量 0 0 0 0 0 0 0",
            "(一)予以公开 8 1 0 0 0 0 9",
            "(二)部分公开(区分处理的,只计",
            "1 0 0 0 0 0 1",
            "这一情形,不计其他情形)",
            "2.其他法律行政法规禁止公开",
            "0 0 2 0 0 0 2",
        ]
    )
    cells = read_flattened(text, "2021").cells
    assert [cells[f"t2.partial.{c}"] for c in ("natural", "total")] == [1, 1]
    assert cells["t2.denied_law.research"] == 2 and cells["t2.granted.total"] == 9


def test_ocr_numbers_on_the_line_above_a_label_that_sits_low():
    text = "\n".join(
        [
            "1 2 0 0 0 0 3",
            "一、本年新收政府信息公开申请数量",
            "二、上年结转政府信息公开申请数量 0 0 0 0 0 0 0",
            "(一)予以公开 1 2 0 0 0 0 3",
            "第二十条第(五)项 行政许可 5164",
            "17",
            "行政处罚",
        ]
    )
    cells = read_flattened(text, "2021").cells
    assert [cells[f"t2.new.{c}"] for c in ("natural", "commercial", "total")] == [1, 2, 3]
    assert cells["t1.license.decisions"] == 5164 and cells["t1.penalty.decisions"] == 17
