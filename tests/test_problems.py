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
