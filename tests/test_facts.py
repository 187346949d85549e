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
        "统计期限自2021年1月1日起至2021年12月31日止,联系电话:0531-86091234。",
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
