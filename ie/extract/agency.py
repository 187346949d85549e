"""The issuing body (SCHEMA §1 `meta.agency`): the form in the title, else the fullest form the
report gives for itself, else null.

In order: the title (also a title quoted in the opening: 现公布X2021年度…报告); the page
header's 发布机构; then the fullest name of the body the report speaks as — the body type its
self-references give (我局, 区交通运输局) decides which names qualify — found where the report
names its author (X编制本报告, 请与X联系, 2023年,X坚持…) or anywhere. A body merely
mentioned (the county government that publishes the page, a law's issuer) is never taken.
"""

import re
from collections import Counter
from functools import lru_cache

from ie.layout.words import tokenizer, word_starts

HAN = r"[\u4e00-\u9fff]"
# the endings of a body's name, longest first; a name may chain two (张家湾镇人民政府)
STRONG_SUFFIX = (
    r"人民政府办公室|人民政府办公厅|人民政府|政府办公室|办公室|办公厅|管理委员会|委员会|管委会|街道办事处|"
    r"办事处|研究室|机关|政府|局|委|厅|中心|署|院"
)
WEAK_SUFFIX = r"办|镇|乡|街道|街|站|所|队|处|公司|实验区|新区|开发区"
SUFFIX = rf"(?:{STRONG_SUFFIX}|{WEAK_SUFFIX})"
# a name; a place's own government is one name (张家湾镇人民政府), not the place and then a body
PLACE_TYPES = "镇|乡|街道|街|区|县|市|省|州|旗"
# the characters a name's ending can start with: tested first, so that the lazy scan over a
# sentence tries the endings only where one may begin (the same matches, several times faster)
ENDING_STARTS = "".join(
    sorted({a[0] for a in f"{STRONG_SUFFIX}|{WEAK_SUFFIX}|{PLACE_TYPES}".split("|")})
)
NAME = re.compile(
    rf"{HAN}{{2,30}}?(?=[{ENDING_STARTS}])"
    rf"(?:(?:{PLACE_TYPES})(?:人民政府|街道办事处|办事处)|{SUFFIX})"
)
UP_TO_LAST_SUFFIX = re.compile(rf"^(.*{SUFFIX})")
PLACE = re.compile(rf"^{HAN}{{1,12}}?(?:省|自治区|市|州|盟|县|区|旗|镇|乡|街道|街|村|实验区|新区)")
# words that are never part of a body's name: what a crawler or a sentence put before it
NOT_IN_NAME = re.compile(
    r"联系|名称|标题|编写|编制|通过|依托|助力|根据|依据|按照|报告|全文|情况|部署|门户|网站|平台|规定|"
    r"总体|部门|公开|公布|发布|关于|要求|统一|集中|调整|围绕|重点|领导|优化|强化|持续|升级|行业|更新|目录|条例|"
    r"定期|公示|党政|正文|明确|负责|成立|设立|确定|[一二三四五六七八九十]是"
)
NOT_PLACE = re.compile(r"^[全本该各我每其此]|[在于向的及与为对等由经将请现就并年]")
# one-character words that stand before a name in a sentence, never at its start
FUNCTION_CHARS = set(
    "了的和与及为对将由经请现在于向其此上下级等全本该各我每也并置就被把从自以按据即再又已均都共仅只还年月日"
)
HEADER_LABELS = re.compile(r"^(?:标题|名称|题名|文件名称|发布机构|来源)[::]?")
SELF = re.compile(r"我(局|委|厅|办|镇|乡|街道|街|区|县|市|中心|院|署|所|站|队|处)")
SHORT = re.compile(
    rf"(?:^|[,。;:、由经\n])(?:县|区|市|省|州|旗)({HAN}{{1,10}}?(?:{STRONG_SUFFIX}))"
)
HEADER_AGENCY = re.compile(rf"(?:发布机构|发文机关|发布单位|信息来源|来源单位)[::]?({HAN}{{2,30}})")
QUOTED = re.compile(r"《([^》]{0,80})》")
OWN_TITLE = re.compile(
    rf"{HAN}{{2,40}}?\d{{4}}年度?(?:政府)?(?:信息公开|政务公开)(?:工作)?(?:年度)?(?:报告|年报)"
)
OWN_RULES = re.compile(
    rf"《({HAN}{{2,30}}?)(?:政府信息公开|信息公开|政务公开){HAN}{{0,12}}?"
    r"(?:办法|制度|规定|细则|指南|目录|规范)》"
)
ADDRESS_UNITS = set("号楼层室栋座幢")
SIGNED_DATE = re.compile(r"(?:\d{4}年\d{1,2}月(?:\d{1,2}日)?)$")
# where a report names its author, best first
AUTHOR_CONTEXTS = (
    re.compile(
        rf"(?:由|现(?:将|公开|公布|发布)|汇总(?:\d{{4}}年度?)?)({HAN}{{2,30}}?)(?:\d{{4}}年度?)?(?:的)?"
        r"(?:政府信息公开|政务公开|信息公开)?(?:工作)?(?:年度报告|年报|编制)"
    ),
    re.compile(
        rf"({HAN}{{2,30}}?)(?:根据|依据|按照)[^。]{{0,80}}?编制(?:完成)?(?:了)?本(?:年度)?报告"
    ),
    re.compile(
        rf"(?:根据|结合)(?:\d{{4}}年度?)?({HAN}{{2,30}}?)(?:政府信息公开|信息公开|政务公开)工作(?:实际|情况)"
    ),
    re.compile(rf"(?:请与|联系(?:单位|部门|机关)[::]?)({HAN}{{2,30}}?)(?:联系|$|[,。;])"),
    re.compile(
        rf"(?:^|[。\n]|年度?,)({HAN}{{2,30}}?)(?:坚持|高度重视|以|根据|依据|在|认真|紧紧|严格|深入|按照|始终|进一步|全面|围绕|持续)"
    ),
)
# a self-reference's body type, and the name endings that body type takes
TYPE_ENDINGS = {
    "局": ("局",),
    "委": ("委", "委员会"),
    "厅": ("厅",),
    "办": ("办", "办公室", "办公厅"),
    "镇": ("镇", "镇人民政府", "镇政府"),
    "乡": ("乡", "乡人民政府", "乡政府"),
    "街道": ("街道", "街道办事处", "办事处"),
    "街": ("街", "街道", "街道办事处", "办事处"),
    "区": ("区", "区人民政府", "区政府", "管委会", "管理委员会"),
    "县": ("县人民政府", "县政府"),
    "市": ("市人民政府", "市政府"),
    "中心": ("中心",),
    "院": ("院",),
    "署": ("署",),
    "所": ("所",),
    "站": ("站",),
    "队": ("队",),
    "处": ("处",),
}


def find_agency(
    squeezed: str, title_parts: tuple[str, ...] = (), signature: str | None = None
) -> str | None:
    """The issuing body, from the text without white space; `title_parts` are where the title
    may name it, best first (before its year, after it, the line above it); `signature` is the
    name the report is signed with at its end, if any (`find_signature`)."""
    body = QUOTED.sub(_unquote_own_title, squeezed)
    header = HEADER_AGENCY.search(body[:3000])
    for k, part in enumerate(title_parts):
        name = _name_in_title(part or "")
        if name and PLACE.fullmatch(name) and f"{name}人民政府" in body:
            return f"{name}人民政府"  # the title names the place; the text its government
        if name and (
            k % 3 < 2 or _fits_types(name, body, header)
        ):  # the line above may be the site's owner
            if signature and _core(signature).endswith(_core(name)):
                return signature  # the title's short form, signed in full (桂花坪街道)
            return _fullest_form(name, body)
    if header and (name := _whole_name(header.group(1))) and _is_qualified(name):
        return name
    types = _body_types(body, header.group(1) if header else "")
    if signature and (not types or _of_type(signature, types)):
        return signature
    found: Counter[str] = Counter()
    best: dict[str, int] = {}
    named: dict[str, str | None] = {}  # phrase → the name it gives: a report repeats its phrases
    for rank, context in enumerate((*AUTHOR_CONTEXTS, NAME)):
        for m in _matches(context, body):
            phrase = m.group(1) if context.groups else m.group(0)
            if phrase not in named:
                name = _whole_name(phrase)
                qualified = name and _is_qualified(name) and (not types or _of_type(name, types))
                named[phrase] = name if qualified else None
            if not (name := named[phrase]):
                continue
            if rank == len(AUTHOR_CONTEXTS) and not types:
                continue  # a body merely mentioned, and the report never says which body it is
            found[name] += 1
            best[name] = min(best.get(name, rank), rank)
    if not found:
        return _author_of_own_rules(squeezed, types)
    for name in list(found):  # 就盂县交通运输局 beside 盂县交通运输局: a word left before the name
        real = next(
            (o for o in found if o != name and name.endswith(o) and len(name) - len(o) <= 2), None
        )
        if real:
            found[real] += found.pop(name)
            best[real] = min(best[real], best.pop(name))
    bodies: dict[str, list[str]] = {}
    for name in found:  # 长乐区交通运输局 is the same body as 福州市长乐区交通运输局
        placed = next((o for o in found if _with_places(name, o)), name)
        bodies.setdefault(_body_of(placed), []).append(name)

    def standing(forms: list[str]) -> tuple:
        return min(best[n] for n in forms), -sum(found[n] for n in forms)

    forms = min(bodies.values(), key=standing)
    return max(forms, key=len)  # the fullest form of the body


def _fits_types(name: str, body: str, header) -> bool:
    """Whether a name is of a type the report calls itself (or it never says): worked out only
    where asked, as most reports are named by their title's year line before it matters."""
    types = _body_types(body, header.group(1) if header else "")
    return not types or _of_type(name, types)


def _matches(context: re.Pattern, body: str):
    """context.finditer(body); a context that must say 编制 within one sentence is run only on
    the sentences that do (its matches never cross a 。, so the matches are the same)."""
    if context is not AUTHOR_CONTEXTS[1]:
        return context.finditer(body)
    return (
        m for sentence in body.split("。") if "编制" in sentence for m in context.finditer(sentence)
    )


def find_signature(text: str) -> str | None:
    """The name a report is signed with (落款): a line near its end that is only a qualified
    name, perhaps followed by the date."""
    tried = 0
    for raw in reversed(text[-2000:].splitlines()):
        if not (line := "".join(raw.split())):
            continue
        if (tried := tried + 1) > 12:
            break
        line = SIGNED_DATE.sub("", line)
        if is_full_name(line):
            return line
    return None


def is_full_name(name: str) -> bool:
    """A whole qualified name on its own (宝清县交通运输局; not 县交通运输局, 交通运输, 障): what a
    signature line must be, and what a model's tagged span must be to name the body."""
    return len(name) <= 30 and _is_qualified(name) and _whole_name(name) == name


def _unquote_own_title(m: re.Match) -> str:
    """《X2021年政府信息公开工作年度报告》 quotes this report's own title, so X is its author;
    any other quoted title is masked, its issuer merely mentioned."""
    return m.group(1) if OWN_TITLE.fullmatch(m.group(1)) else "《》"


def _author_of_own_rules(squeezed: str, types: set[str]) -> str | None:
    """Last resort, for a report that calls itself only 我局: the body whose own disclosure rules
    it cites (《X局信息公开管理制度》), when that body is of the type 我局 names."""
    for m in OWN_RULES.finditer(squeezed):
        name = _whole_name(m.group(1))
        if name and name == m.group(1) and _is_qualified(name) and types and _of_type(name, types):
            return name
    return None


def _core(name: str) -> str:
    return re.sub(r"(?:人民政府|政府|街道办事处|办事处|街道)$", "", name)


def _with_places(name: str, other: str) -> bool:
    """`other` is `name` with the places it lies in before it (福州市 + 长乐区交通运输局)."""
    extra = other[: len(other) - len(name)]
    return (
        other != name
        and other.endswith(name)
        and bool(PLACE.fullmatch(extra))
        and not NOT_PLACE.search(extra)
    )


def _fullest_form(name: str, body: str) -> str:
    """The longest form of the same body the text gives (唐村镇政府 → 唐村镇人民政府)."""
    same = _body_of(name)
    forms = [name] + [
        n
        for run in _runs_holding(body, max(same.split("政府"), key=len))
        for m in NAME.finditer(run)
        if (n := _whole_name(m.group(0))) and _body_of(n) == same
    ]
    return max(forms, key=len)


def _runs_holding(body: str, probe: str) -> list[str]:
    """The runs of Chinese characters that hold `probe`, in order. A name never crosses a
    non-Chinese character, so scanning these runs finds every name the whole text gives that
    holds the probe, as scanning all of it would, without scanning all of it."""
    if not probe:
        return [body]
    runs, seen_end, i = [], -1, body.find(probe)
    while i >= 0:
        if i >= seen_end:
            start = i
            while start > 0 and _is_han(body[start - 1]):
                start -= 1
            seen_end = i + len(probe)
            while seen_end < len(body) and _is_han(body[seen_end]):
                seen_end += 1
            runs.append(body[start:seen_end])
        i = body.find(probe, i + 1)
    return runs


def _is_han(ch: str) -> bool:
    return "\u4e00" <= ch <= "\u9fff"


def _body_of(name: str) -> str:
    """The same body, whichever form names it: 张家湾镇, 张家湾镇政府, 张家湾镇人民政府."""
    return re.sub(r"(?:人民政府|政府|街道办事处|办事处)$", "", name.replace("人民政府", "政府"))


@lru_cache(
    maxsize=4096
)  # the words around a title repeat (a site puts the same words by every title)
def _name_in_title(part: str) -> str | None:
    cleaned = HEADER_LABELS.sub(
        "", re.sub(r"[#*\s《》<>\"“”【】\[\]]|关于|\d{4}年度?", "", part)
    ).strip(":,、-—")
    run = re.findall(rf"{HAN}+", cleaned)
    if not run:
        return None
    name = _whole_name(run[-1])
    if name:
        return name
    place = _words_from_start(run[-1])
    if (
        place
        and PLACE.fullmatch(place)
        and not NOT_PLACE.search(place)
        and not NOT_IN_NAME.search(place)
    ):
        return place  # a place's report names the place alone (某某综合实验区)
    return None


@lru_cache(maxsize=4096)  # a report names itself several times; bodies recur across reports
def _whole_name(phrase: str) -> str | None:
    """The longest name a phrase ends with, starting at a word boundary, without the words before it."""
    cut = NOT_IN_NAME.search(phrase)  # 某镇人民政府党政办公室: the body, not its office
    for candidate in ([phrase[: cut.start()]] if cut else []) + [phrase]:
        name = _longest_name(candidate)
        if name:
            return name
    return None


def _longest_name(phrase: str) -> str | None:
    m = UP_TO_LAST_SUFFIX.match(phrase)
    if not m:
        return None
    core = re.sub(
        r"(?<=[局委厅室处所站队院署心])政府$", "", m.group(1)
    )  # …局政府信息公开: 政府 is not its name
    if _whole_is_name(core):
        return core  # the name starts where the phrase does: no need to find its words
    names = [n for n in _name_starts(core) if len(n) >= 3 and _is_place_name(n)]
    if len(names) > 1 and len(names[0]) == len(names[1]) + 1 and names[0][0] in ADDRESS_UNITS:
        return names[1]  # 2#楼福州市长乐区…: the address before the name is not part of it
    return names[0] if names else None


def _whole_is_name(core: str) -> bool:
    """Whether `_name_starts(core)`'s first offer, the whole phrase, is taken: it starts with no
    function word or address unit, holds no word that is never in a name, and is a place's."""
    return (
        len(core) >= 3
        and core[0] not in FUNCTION_CHARS
        and core[0] not in ADDRESS_UNITS
        and not NOT_IN_NAME.search(core)
        and _is_place_name(core)
    )


def _words_from_start(phrase: str) -> str | None:
    return next(_name_starts(phrase), None)


def _name_starts(phrase: str):
    """The phrase from each word a name can start at, longest first: not a one-character
    function word, and nothing after it that is never part of a name."""
    for start, word in word_starts(phrase):
        rest = phrase[start:]
        if not (len(word) == 1 and word in FUNCTION_CHARS) and not NOT_IN_NAME.search(rest):
            yield rest


def _is_place_name(name: str) -> bool:
    place = PLACE.match(name)
    return (
        bool(place)
        and not NOT_PLACE.search(place.group(0))
        and not name.startswith(("县", "市", "区", "省"))
    )


def _is_qualified(name: str) -> bool:
    """A name that says where its body is (宝清县交通运输局), not only what it is (县交通运输局)."""
    return len(name) >= 3 and _is_place_name(name)


def _body_types(body: str, header: str) -> set[str]:
    types = {m.group(1) for m in SELF.finditer(body)}
    types |= {
        m.group(1)
        for m in SHORT.finditer(body)
        if not NOT_IN_NAME.search(m.group(1)) and not set(m.group(1)) & FUNCTION_CHARS
    }
    if header and not _is_qualified(header):
        short = re.sub(r"^(?:县|区|市|省|州|旗)", "", header)
        types.add(short)
    return types


def _of_type(name: str, types: set[str]) -> bool:
    for t in types:
        if name.endswith(TYPE_ENDINGS.get(t, (t,))):
            return True
    return False


def warm_up() -> None:
    """Open the word dictionary now, not inside the first document."""
    tokenizer()
