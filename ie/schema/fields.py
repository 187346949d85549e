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
