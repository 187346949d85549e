from ie.extract.problems import ProblemRules
from ie.layout.prose import squeeze


def problems_of(text: str) -> set[tuple[str, str]]:
    return {(p.category, text[p.start : p.end]) for p in ProblemRules().extract(squeeze(text))}


SECTION = "五、存在的主要问题及改进情况\n本年度工作还存在一些不足:{body}\n下一步,我局将加强业务培训,充实工作力量,保持队伍稳定。"


def test_each_category_in_a_problems_section():
    found = problems_of(
        SECTION.format(
            body="一是信息公开工作人员均为兼职;二是经办人员只有一人;"
            "三是工作人员业务能力有待提高;四是队伍人员变动频繁。"
        )
    )
    assert {c for c, _ in found} == {
        "staff.part_time",
        "staff.shortage",
        "staff.skills",
        "staff.turnover",
    }
    assert ("staff.part_time", "信息公开工作人员均为兼职") in found


def test_two_weaknesses_in_one_clause_give_two_categories():
    found = problems_of(SECTION.format(body="一是工作队伍的专业性和稳定性有待进一步提高。"))
    assert {c for c, _ in found} == {"staff.skills", "staff.turnover"}


def test_non_staff_problems_and_plans_are_not_labelled():
    body = "一是公开内容不够全面;二是网站栏目更新不及时;三是依申请公开办理的专业性有待提高;四是系统稳定性有待提高。"
    assert problems_of(SECTION.format(body=body)) == set()


def test_staffing_arrangements_outside_problems_are_not_labelled():
    text = "一、总体情况\n我局明确办公室为信息公开工作机构,由工作人员兼职负责政府信息公开工作。"
    assert problems_of(text) == set()


def test_staffing_wordings_of_real_reports():
    """Invented clauses for wordings that real section 五 use, and their look-alikes."""

    def found(body: str) -> set[str]:
        return {c for c, _ in problems_of(SECTION.format(body=body))}

    assert "staff.turnover" in found("一是负责此项工作的相关人员不尽稳定,工作衔接不够顺畅。")
    assert "staff.shortage" in found("二是受人员编制限制,各科室信息报送滞后。")
    assert "staff.turnover" in found("一是人才梯队建设存在不足。")
    assert "staff.shortage" in found("专职人员偏少、多为兼职。")
    assert "staff.part_time" in found("专职人员偏少、多为兼职。")
    assert not found("部分单位公开意识薄弱,栏目内容更新不及时。")


def test_part_time_arrangement_outside_the_problems_section_is_not_a_problem():
    text = "一、总体情况\n局分管领导负责,安排了办公室人员兼职此项工作。二是健全制度。"
    assert not problems_of(text)


def test_the_weakness_search_finds_what_the_plain_alternation_finds(synth_corpus):
    """ANY_WEAKNESS tests a clause's characters for a possible start first; the matches must be
    those of the patterns alone, on invented clauses and on every clause of generated reports."""
    import re

    from ie.extract.problems import ANY_WEAKNESS, CLAUSE, WEAKNESSES

    plain = re.compile(WEAKNESSES)
    clauses = ["仅1人负责此项工作", "2名同志身兼数职", "人才梯队建设不足", "经验不足", "不熟悉业务"]
    for path in sorted((synth_corpus / "text").glob("*.txt")):
        clauses += CLAUSE.findall(squeeze(path.read_text(encoding="utf-8")).text)
    found = [[m.span() for m in ANY_WEAKNESS.finditer(c)] for c in clauses]
    assert found == [[m.span() for m in plain.finditer(c)] for c in clauses]
    assert all(found[:5]) and sum(map(bool, found)) > 5
