"""The three statistical tables: row and column ids, official labels and common variants.

Everything that needs a row label (the rule-based table reader, the model's label set,
the synthetic generator, the audit, Label Studio configs) derives it from here.
"""

from dataclasses import dataclass, field


@dataclass(frozen=True)
class Column:
    id: str
    label: str
    variants: tuple[str, ...] = ()


@dataclass(frozen=True)
class Row:
    id: str
    label: str
    columns: tuple[str, ...]
    variants: tuple[str, ...] = ()
    group: str = ""
    generic: bool = False  # label too common to match outside its place in the table


@dataclass(frozen=True)
class Table:
    number: int
    title: str
    rows: tuple[Row, ...]
    columns: tuple[Column, ...] = field(default=())

    def row(self, row_id: str) -> Row:
        return next(r for r in self.rows if r.id == row_id)


T1_COLUMNS_2019 = (
    Column("made", "本年新制作数量"),
    Column("published", "本年新公开数量"),
    Column("total", "对外公开总数量"),
    Column("prev_items", "上一年项目数量"),
    Column("change", "本年增/减", ("本年增减",)),
    Column("decisions", "处理决定数量"),
    Column("items", "采购项目数量"),
    Column("amount", "采购总金额"),
)
T1_COLUMNS_2021 = (
    Column("issued", "本年制发件数"),
    Column("repealed", "本年废止件数"),
    Column("in_force", "现行有效件数"),
    Column("decisions", "本年处理决定数量"),
    Column("amount", "本年收费金额(单位:万元)", ("本年收费金额", "本年收费金额(万元)")),
)

_DOC3_2019 = ("made", "published", "total")
_ITEMS3 = ("prev_items", "change", "decisions")
_DOC3_2021 = ("issued", "repealed", "in_force")

TABLE1_2019 = Table(
    1,
    "主动公开政府信息情况",
    (
        Row("regulation", "规章", _DOC3_2019),
        Row("normative", "规范性文件", _DOC3_2019, ("行政规范性文件",)),
        Row("license", "行政许可", _ITEMS3),
        Row("other_service", "其他对外管理服务事项", _ITEMS3, ("其他对外管理服务",)),
        Row("penalty", "行政处罚", _ITEMS3),
        Row("coercion", "行政强制", _ITEMS3),
        Row("fee", "行政事业性收费", ("prev_items", "change")),
        Row("procurement", "政府集中采购", ("items", "amount")),
    ),
    T1_COLUMNS_2019,
)

TABLE1_2021 = Table(
    1,
    "主动公开政府信息情况",
    (
        Row("regulation", "规章", _DOC3_2021),
        Row("normative", "行政规范性文件", _DOC3_2021, ("规范性文件",)),
        Row("license", "行政许可", ("decisions",)),
        Row("penalty", "行政处罚", ("decisions",)),
        Row("coercion", "行政强制", ("decisions",)),
        Row("fee", "行政事业性收费", ("amount",)),
    ),
    T1_COLUMNS_2021,
)

T2_COLUMNS = (
    Column("natural", "自然人"),
    Column("commercial", "商业企业"),
    Column("research", "科研机构"),
    Column("social", "社会公益组织"),
    Column("legal", "法律服务机构"),
    Column("other", "其他"),
    Column("total", "总计"),
)
_T2C = tuple(c.id for c in T2_COLUMNS)


def _t2(
    row_id: str, label: str, group: str = "", variants: tuple[str, ...] = (), generic: bool = False
) -> Row:
    return Row(row_id, label, _T2C, variants, group, generic)


_T2_HEAD = (
    _t2(
        "new",
        "一、本年新收政府信息公开申请数量",
        variants=("本年新收政府信息公开申请数量", "本年新收申请数量"),
    ),
    _t2(
        "carried_in",
        "二、上年结转政府信息公开申请数量",
        variants=("上年结转政府信息公开申请数量", "上年结转申请数量"),
    ),
    _t2("granted", "(一)予以公开", "三、本年度办理结果"),
    _t2(
        "partial",
        "(二)部分公开(区分处理的,只计这一情形,不计其他情形)",
        "三、本年度办理结果",
        ("部分公开",),
    ),
    _t2("denied_secret", "1.属于国家秘密", "(三)不予公开"),
    _t2("denied_law", "2.其他法律行政法规禁止公开", "(三)不予公开", ("其他法律行政法规禁止公开",)),
    _t2("denied_safety", "3.危及“三安全一稳定”", "(三)不予公开", ("危及三安全一稳定",)),
    _t2("denied_third_party", "4.保护第三方合法权益", "(三)不予公开"),
    _t2("denied_internal", "5.属于三类内部事务信息", "(三)不予公开"),
    _t2("denied_process", "6.属于四类过程性信息", "(三)不予公开"),
    _t2("denied_enforcement", "7.属于行政执法案卷", "(三)不予公开"),
    _t2("denied_query", "8.属于行政查询事项", "(三)不予公开"),
    _t2("unable_not_held", "1.本机关不掌握相关政府信息", "(四)无法提供"),
    _t2("unable_to_create", "2.没有现成信息需要另行制作", "(四)无法提供"),
    _t2("unable_unclear", "3.补正后申请内容仍不明确", "(四)无法提供"),
    _t2("rejected_petition", "1.信访举报投诉类申请", "(五)不予处理"),
    _t2("rejected_repeat", "2.重复申请", "(五)不予处理"),
    _t2("rejected_publication", "3.要求提供公开出版物", "(五)不予处理"),
    _t2("rejected_mass", "4.无正当理由大量反复申请", "(五)不予处理"),
    _t2("rejected_confirm", "5.要求行政机关确认或重新出具已获取信息", "(五)不予处理"),
)
_T2_TAIL = (
    _t2("total", "(七)总计", "三、本年度办理结果", generic=True),
    _t2("carried_out", "四、结转下年度继续办理", variants=("结转下年度继续办理",)),
)
T2_OTHER_2019 = _t2("other", "(六)其他处理", "三、本年度办理结果", generic=True)
T2_OTHER_2021 = (
    _t2(
        "other_no_correction",
        "1.申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请",
        "(六)其他处理",
    ),
    _t2(
        "other_no_fee",
        "2.申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请",
        "(六)其他处理",
    ),
    _t2("other_other", "3.其他", "(六)其他处理", generic=True),
)

TABLE2_2019 = Table(
    2, "收到和处理政府信息公开申请情况", _T2_HEAD + (T2_OTHER_2019,) + _T2_TAIL, T2_COLUMNS
)
TABLE2_2021 = Table(
    2, "收到和处理政府信息公开申请情况", _T2_HEAD + T2_OTHER_2021 + _T2_TAIL, T2_COLUMNS
)

T3_COLUMNS = (
    Column("upheld", "结果维持"),
    Column("corrected", "结果纠正"),
    Column("other", "其他结果"),
    Column("pending", "尚未审结"),
    Column("total", "总计"),
)
_T3C = tuple(c.id for c in T3_COLUMNS)
TABLE3 = Table(
    3,
    "政府信息公开行政复议、行政诉讼情况",
    (
        Row("review", "行政复议", _T3C),
        Row("suit_direct", "未经复议直接起诉", _T3C, group="行政诉讼"),
        Row("suit_after_review", "复议后起诉", _T3C, group="行政诉讼"),
    ),
    T3_COLUMNS,
)

TABLES: dict[str, tuple[Table, Table, Table]] = {
    "2019": (TABLE1_2019, TABLE2_2019, TABLE3),
    "2021": (TABLE1_2021, TABLE2_2021, TABLE3),
}

# header labels that only one format prints: how the template is read off a table
TEMPLATE_MARKERS: dict[str, tuple[str, ...]] = {
    "2021": ("本年制发件数", "本年废止件数", "现行有效件数", "本年处理决定数量", "本年收费金额"),
    "2019": (
        "本年新制作数量",
        "本年新公开数量",
        "对外公开总数量",
        "上一年项目数量",
        "采购项目数量",
        "采购总金额",
    ),
}

# cells whose values are amounts in 万元 rather than counts
AMOUNT_CELLS = frozenset({"t1.procurement.amount", "t1.fee.amount"})
SIGNED_CELLS = frozenset(
    f"t1.{r}.change" for r in ("license", "other_service", "penalty", "coercion", "fee")
)


T2_APPLICANTS: tuple[str, ...] = tuple(c.id for c in T2_COLUMNS if c.id != "total")
# the result sub-rows of 三、本年度办理结果 in either format (their sum is 三(七)总计)
T2_RESULT_ROWS: tuple[str, ...] = tuple(
    r.id
    for r in (*TABLE2_2021.rows[: TABLE2_2021.rows.index(TABLE2_2021.row("total"))], T2_OTHER_2019)
    if r.group
)
T3_GROUPS: tuple[str, ...] = tuple(r.id for r in TABLE3.rows)
T3_COLUMN_IDS: tuple[str, ...] = tuple(c.id for c in T3_COLUMNS)
T3_PARTS: tuple[str, ...] = tuple(c for c in T3_COLUMN_IDS if c != "total")
T3_GROUP_LABEL = "行政诉讼"  # the header over the two suit groups


def cell_id(table: int, row: str, column: str) -> str:
    return f"t{table}.{row}.{column}"


def rows_for_reading(table: int, template: str) -> list[Row]:
    """The rows a reader looks for in a report of `template`: its own, then the other format's
    rows it lacks (reports mix the two), and in table 2 the 2019 三(六) row that some 2021
    reports still print, at its printed place."""
    if table == 2:
        rows = list(TABLE2_2021.rows)
        rows.insert(rows.index(TABLE2_2021.row("other_no_correction")), T2_OTHER_2019)
        return rows
    own = list(TABLES[template][table - 1].rows)
    other = TABLES["2019" if template == "2021" else "2021"][table - 1].rows
    return own + [r for r in other if r.id not in {x.id for x in own}]


def cell_ids(template: str) -> list[str]:
    """All cell ids of a format, in reading order (table, row, column)."""
    return [cell_id(t.number, r.id, c) for t in TABLES[template] for r in t.rows for c in r.columns]


def all_cell_ids() -> list[str]:
    """Every cell id of either format (the union), in a stable order."""
    return list(dict.fromkeys(cid for template in TABLES for cid in cell_ids(template)))
