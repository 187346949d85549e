"""Narrative fact fields, staff-problem categories and metadata keys (SCHEMA.md §1–3)."""

FACT_FIELDS: tuple[str, ...] = (
    "proactive_total",
    "applications_received",
    "applications_completed",
    "npc_suggestions",
    "cppcc_proposals",
    "policy_interpretations",
)

FACT_LABELS: dict[str, str] = {
    "proactive_total": "主动公开总数",
    "applications_received": "收到申请数",
    "applications_completed": "办结申请数",
    "npc_suggestions": "人大代表建议",
    "cppcc_proposals": "政协委员提案",
    "policy_interpretations": "政策解读",
}

PROBLEM_CATEGORIES: tuple[str, ...] = (
    "staff.part_time",
    "staff.shortage",
    "staff.skills",
    "staff.turnover",
)

PROBLEM_LABELS: dict[str, str] = {
    "staff.part_time": "兼职",
    "staff.shortage": "人员不足",
    "staff.skills": "业务能力不足",
    "staff.turnover": "人员变动频繁",
}

META_KEYS: tuple[str, ...] = ("agency", "year", "template")
TEMPLATES: tuple[str, ...] = ("2019", "2021")

# The six sections of the national format, in order, each with the wordings that show it is there.
SECTIONS: dict[str, tuple[str, ...]] = {
    "总体情况": ("总体情况", "工作开展情况", "基本情况"),
    "主动公开政府信息情况": ("主动公开政府信息情况", "主动公开政务信息"),
    "收到和处理政府信息公开申请情况": ("收到和处理政府信息公开申请情况", "依申请公开"),
    "政府信息公开行政复议、行政诉讼情况": ("行政复议",),
    "存在的主要问题及改进情况": ("存在的主要问题", "存在问题", "问题及改进", "不足"),
    "其他需要报告的事项": ("其他需要报告",),
}
SECTION_NUMBERS = "一二三四五六"


def section_heading(title: str) -> str:
    """The heading as the national format prints it: 四、政府信息公开行政复议、行政诉讼情况."""
    return f"{SECTION_NUMBERS[list(SECTIONS).index(title)]}、{title}"
