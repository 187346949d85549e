import pytest

from ie.extract.facts import FactRules
from ie.layout.prose import squeeze


def facts_of(text: str) -> dict:
    out = {}
    for f in FactRules().extract(squeeze(text)):
        out.setdefault(f.field, f.value)
    return out


@pytest.mark.parametrize(
    "text,expected",
    [
        ("2022年,我局共主动公开政府信息三百二十条。", {"proactive_total": 320}),
        ("全年累计公开信息1.5万条,其中工作动态800条、通知公告200条。", {"proactive_total": 15000}),
        (
            "本年度通过门户网站主动公开政务信息 86 条,微信公众号发布信息 120 条。",
            {"proactive_total": 86},
        ),
        ("全年主动公开信息200多条。", {"proactive_total": 200}),
        (
            "全年共收到政府信息公开申请十二件,已全部办结12件。",
            {"applications_received": 12, "applications_completed": 12},
        ),
        (
            "本年度受理政府信息公开申请60件(含上年结转3件),答复55件。",
            {"applications_received": 60, "applications_completed": 55},
        ),
        ("本年度未收到政府信息公开申请。", {"applications_received": 0}),
        ("我委无依申请公开事项。", {"applications_received": 0}),
        (
            "全年办理人大代表建议8件,政协委员提案办理5件。",
            {"npc_suggestions": 8, "cppcc_proposals": 5},
        ),
        ("办理人大代表建议和政协委员提案共13件。", {}),
        ("人大议案建议31件(主办12件、协办19件)。", {"npc_suggestions": 31}),
        ("围绕重点工作发布政策解读7篇。", {"policy_interpretations": 7}),
    ],
)
def test_fact_patterns(text, expected):
    assert facts_of(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "统计期限自2017年1月1日起至2017年12月31日止,联系电话:0531-86091234。",
        "全年接听12345热线转办诉求300件,办结率100%。",
        "按照《关于做好政务公开工作的通知》(〔2020〕18号)要求开展工作。",
        "网站访问量达5万人次,召开新闻发布会6场。",
        "共梳理公开行政许可 48 项,行政检查 13 项。",
        "全年受理行政复议申请5件。",
    ],
)
def test_distractors_are_not_taken(text):
    assert facts_of(text) == {}


def test_spans_point_at_the_number_through_line_breaks():
    text = "(一)主动公开情况。2023 年,我区在政\n府网站平台主动公开政府信息 1136 条。"
    fact = FactRules().extract(squeeze(text))[0]
    assert (fact.field, fact.value, text[fact.start : fact.end]) == (
        "proactive_total",
        1136,
        "1136",
    )


def test_negation_span_is_the_phrase():
    text = "2021年,我局未收到公开政府信息申请。"
    fact = FactRules().extract(squeeze(text))[0]
    assert text[fact.start : fact.end] == "未收到公开政府信息申请"


# Classes of wording seen in real reports, each written here as an invented sentence.
@pytest.mark.parametrize(
    "text,expected",
    [
        # references are not counts: 第N条, a number inside a title, 一 as an article
        ("依据《某省政务公开条例》第五十条规定,编制本报告。", {}),
        ("按照《关于做好2023年度报告编制的通知》要求开展工作。", {}),
        ("主动公开政府信息第二十条第(一)项信息内容。", {}),
        ("我办把政府信息公开作为一项重要工作来抓。", {}),
        # negation in other words
        ("全年未收到公民、法人和其他组织递交的政府信息公开申请。", {"applications_received": 0}),
        ("2024年,我所未收到申请人提出的依申请公开信息。", {"applications_received": 0}),
        ("本年度无依申请公开政府信息。", {"applications_received": 0}),
        ("全年无受理申请公开信息。", {"applications_received": 0}),
        ("本年度未发生因政府信息公开申请行政复议的情况。", {}),
        ("本单位未收到行政复议申请,未收到有关信息公开收费的投诉。", {}),
        ("1.申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请", {}),
        # the object after the number
        ("本年度共计收到7件政府信息公开申请,均已按时答复。", {"applications_received": 7}),
        ("全年收到3项依申请公开事项。", {"applications_received": 3}),
        ("全年收到2份以邮寄方式提出的信息公开申请。", {"applications_received": 2}),
        ("全年收到依申请需要公开办理的情况0例。", {"applications_received": 0}),
        ("发文40件,其中主动公开文件10件,不公开文件30件,依申请公开0件。", {}),
        # completions
        (
            "全年共收到依申请公开9项,办理8项,结转下年度继续办理1项。",
            {"applications_received": 9, "applications_completed": 8},
        ),
        ("办结依申请公开件12件,其中予以公开5件。", {"applications_completed": 12}),
        ("予以公开6件,部分公开2件,不予处理3件。", {}),
        # proactive disclosure in other verbs, and what is not the total
        ("本年度向区政府网站累计公布信息64条,工作动态40条,通知公告24条。", {"proactive_total": 64}),
        ("主动公开人事任免、财政预决算、重点项目等各类信息418条。", {"proactive_total": 418}),
        ("全年共对外公开256条政府信息。", {"proactive_total": 256}),
        ("全年主动公开行政处罚案件信息15条。", {}),
        ("全年共发布重点工程项目信息共40条。", {}),
        ("发布义务教育信息12条、职业教育信息5条、高等教育信息9条。", {}),
        ("某某政务微博日均发布信息4条,全年发布信息900多条。", {}),
        ("向省日报报送信息30条。", {}),
        ("制定并发布我中心8项政务服务事项办事指南。", {}),
        ("公开招标采购、规划计划等其余信息17项。", {}),
        # NPC / CPPCC: a figure for both gives neither; separate figures count
        ("全年共办理代表建议和政协提案45件。", {}),
        ("公开人大代表建议、政协委员提案办理结果14件。", {}),
        (
            "办理人大代表建议20件(主办8件、协办12件)、政协提案11件。",
            {"npc_suggestions": 20, "cppcc_proposals": 11},
        ),
        # policy interpretations
        ("发布通知公告、政策解读等各类信息530篇。", {"proactive_total": 530}),
        ("其中规章3个、解读回应9条。", {}),
        # replies issued are applications answered
        (
            "全年受理政府信息公开申请9件,均依法出具《政府信息公开申请答复告知书》9份。",
            {"applications_received": 9, "applications_completed": 9},
        ),
        ("向市场主体出具行政处罚告知书12份。", {}),
        # the count is the object of a verb of interpreting further along the clause
        (
            "对14项与企业经营、群众就业密切相关的规范性文件进行了解读。",
            {"policy_interpretations": 14},
        ),
        ("坚持同步部署,对8个重点领域政策文件作出解读", {"policy_interpretations": 8}),
        ("对3个科室开展业务培训,并进行政策解读。", {}),
        ("对5项文件进行合法性审查后发布,另有解读稿件。", {}),
    ],
)
def test_real_report_wordings(text, expected):
    assert facts_of(text) == expected


def test_every_squeezed_character_maps_back_to_itself():
    text = "一、总体情况\n本年度 主动公开\n政府信息 12 条。\n规章\t1\t2\n\n  二、  依申请公开\t\n第3页\n收到申请5件。"
    prose = squeeze(text)
    for i, char in enumerate(prose.text):
        if char != "\n":  # a break stands for a table or blank line, not for a character
            assert text[prose.offset(i)] == char
    start = prose.text.index("12")
    assert prose.original(start, start + 2) == "12"
    assert prose.original(0, len(prose.text)).startswith("一、总体情况\n本年度 主动公开")


def test_squeeze_drops_page_marks_and_breaks_at_table_and_blank_lines():
    long_spaced = "甲 " * 50  # longer than the lines whose kind is remembered
    text = f"=== page 2 ===\n一、总体情况\n第3页\n主动公开 12 条\n规章\t1\t2\n\n{long_spaced}\n收到申请5件。\n"
    expected = "一、总体情况主动公开12条\n" + "甲" * 50 + "收到申请5件。\n"
    assert squeeze(text).text == expected
    assert squeeze(text).text == expected  # the second time from what the first remembered
    assert squeeze("\t3\n本年度").text == "本年度"  # a page number between tabs is still one
