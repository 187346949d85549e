"""Rule-based narrative facts (SCHEMA §2): numbers in prose, classified by the words before them.

Each number with a counting unit is read together with its *lead*: the words between the
previous number or clause break and the number. The lead's keywords decide the field;
distractors (dates, percentages, document numbers, hotline and media counts, sub-category
counts) are excluded by what follows the number or by words in the lead.
"""

import re
from dataclasses import dataclass

from ie.layout.prose import Prose
from ie.schema import Fact
from ie.schema.numbers import NUMERAL, parse_count

MENTION = re.compile(
    rf"(?P<pre>约|近|大约|将近|逾|超过|共计|共|合计|累计|总计)?(?P<num>{NUMERAL}(?:[万亿](?!元))?)(?P<approx>余|多)?"
    r"(?P<unit>条|篇|件|个|项|宗|起|份|则|期|次|场|人次|人|元|万元|年|月|日|号|%|次)?"
)
CLAUSE_BREAK = re.compile(r"[。;!?\n]")
LEAD_BREAK = re.compile(r"[,:、()。;!?\n]")

TOTAL_WORDS = ("共", "共计", "累计", "总计", "合计", "总共", "全年")
CHANNEL_WORDS = (
    "微信",
    "微博",
    "公众号",
    "抖音",
    "头条",
    "客户端",
    "新媒体",
    "报纸",
    "报刊",
    "电视",
    "广播",
    "新闻",
    "视频号",
    "快手",
    "短视频",
    "宣传",
)
NOT_PROACTIVE = (
    "申请",
    "解读",
    "建议",
    "提案",
    "议案",
    "复议",
    "诉讼",
    "发布会",
    "培训",
    "会议",
    "热线",
    "信箱",
    "留言",
    "咨询",
    "回应",
    "12345",
    "来电",
    "来信",
    "访",
)
PROACTIVE_UNITS = ("条", "篇", "件", "个", "项")
APPLICATION_WORDS = ("信息公开", "依申请", "公开申请", "公开政府信息")
APPLICATION_UNITS = ("件", "宗", "条", "起", "个", "份", "项")
COMPLETE_VERBS = re.compile(
    r"(办结|答复|回复|办理完毕|处理完毕|已处理|予以处理|处理|完成)(了)?(各类)?(政府)?(信息公开)?(申请)?(共|共计|合计|约|近)?$"
)
NEGATED_APPLICATIONS = re.compile(
    r"(?:未|没有|无|尚未|暂无|均未)(?:收到|受理|接到|接收|发生|涉及|出现)?(?:过)?(?:任何)?"
    r"[^,。;、]{0,10}?(?:依申请公开|政府信息公开|公开政府信息|信息公开)[^,。;、]{0,6}?(?:申请|事项|情况|工作)"
)
BAD_NEGATION = ("复议", "诉讼", "不予", "收费", "投诉", "举报")


@dataclass
class Mention:
    value: float
    start: int  # in the squeezed prose
    end: int
    lead: str
    after: str
    approx: bool
    unit: str


def mentions(prose: Prose) -> list[Mention]:
    s = prose.text
    found: list[Mention] = []
    prev_end = 0
    for m in MENTION.finditer(s):
        num = m.group("num")
        if not num or (not num[0].isdigit() and not m.group("unit")):
            continue
        before = s[max(0, m.start() - 1) : m.start()]
        if before in ("〔", "[", "第", "(") and m.group("unit") in (None, "号", "年"):
            prev_end = m.end()
            continue
        if before.isdigit() or before in (".", "-", "—"):
            continue
        lead_start = max(prev_end, _last_break(s, m.start()))
        lead = s[lead_start : m.start()] + (m.group("pre") or "")
        parsed = parse_count((m.group("pre") or "") + num + (m.group("approx") or ""))
        prev_end = m.end()
        if parsed is None:
            continue
        found.append(
            Mention(
                parsed[0],
                m.start("num"),
                m.end("num"),
                lead,
                s[m.end() : m.end() + 8],
                parsed[1],
                m.group("unit") or "",
            )
        )
    return found


def _last_break(s: str, pos: int) -> int:
    for k in range(pos - 1, max(-1, pos - 60), -1):
        if LEAD_BREAK.match(s[k]):
            return k + 1
    return max(0, pos - 60)


def _sentence_before(s: str, pos: int) -> str:
    k = pos
    while k > 0 and not CLAUSE_BREAK.match(s[k - 1]):
        k -= 1
    return s[k:pos]


class FactRules:
    """Finds the six facts in a document's prose."""

    def extract(self, prose: Prose) -> list[Fact]:
        ms = mentions(prose)
        facts: list[Fact] = []
        for field_facts in (
            self._proactive(prose, ms),
            self._applications(prose, ms),
            self._completed(prose, ms),
            self._npc_cppcc(prose, ms),
            self._policy(prose, ms),
        ):
            facts.extend(field_facts)
        return facts

    def _fact(self, prose: Prose, field: str, m: Mention) -> Fact:
        start, end = prose.span(m.start, m.end)
        return Fact(
            field, m.value, start, end, prose.source[start:end], approx=True if m.approx else None
        )

    def _all_mentions_of(self, prose, field, best, candidates) -> list[Fact]:
        """The chosen value first, then its other mentions (gold marks every mention)."""
        facts = [self._fact(prose, field, best)]
        facts += [
            self._fact(prose, field, m)
            for m in candidates
            if m is not best and m.value == best.value
        ]
        return facts

    def _proactive(self, prose: Prose, ms: list[Mention]) -> list[Fact]:
        s = prose.text
        scored = []
        for m in ms:
            lead = m.lead
            if m.unit not in PROACTIVE_UNITS or "信息" not in lead and "政务" not in lead:
                continue
            if not re.search(r"公开|发布|更新|录入|推送|报送|上传|刊登", lead):
                continue
            if any(w in lead for w in NOT_PROACTIVE) or any(w in lead for w in CHANNEL_WORDS):
                continue
            sentence = _sentence_before(s, m.start)
            sub = (
                "其中" in sentence[: len(sentence) - len(lead)] or "其中" in lead or "包括" in lead
            )
            score = 0
            if any(lead.startswith(w) or w in lead for w in ("共", "累计", "总计", "合计")):
                score += 3
            if "主动公开" in lead or "主动发布" in lead:
                score += 2
            if sub:
                score -= 4
            if re.search(r"网站|门户|平台|目录", lead):
                score += 1
            scored.append((score, m))
        if not scored:
            return []
        best_score = max(sc for sc, _ in scored)
        if best_score < 0:
            return []
        best = next(m for sc, m in scored if sc == best_score)
        return self._all_mentions_of(prose, "proactive_total", best, [m for _, m in scored])

    def _applications(self, prose: Prose, ms: list[Mention]) -> list[Fact]:
        candidates = []
        for m in ms:
            lead = m.lead
            if (
                m.unit not in APPLICATION_UNITS
                or "申请" not in lead
                or not any(w in lead for w in APPLICATION_WORDS)
            ):
                continue
            if any(
                w in lead
                for w in (
                    "复议",
                    "诉讼",
                    "其中",
                    "结转",
                    "12345",
                    "热线",
                    "解读",
                    "予以公开",
                    "不予",
                )
            ):
                continue
            if COMPLETE_VERBS.search(lead) and not re.search(r"受理|收到|新收|接收", lead):
                continue
            candidates.append(m)
        facts: list[Fact] = []
        if candidates:
            facts = self._all_mentions_of(prose, "applications_received", candidates[0], candidates)
        negations = []
        for neg in NEGATED_APPLICATIONS.finditer(prose.text):
            phrase = neg.group(0)
            if any(w in phrase for w in BAD_NEGATION):
                continue
            start, end = prose.span(neg.start(), neg.end())
            negations.append(Fact("applications_received", 0, start, end, prose.source[start:end]))
        if not facts:
            return negations
        if facts[0].value == 0:
            facts.extend(negations)
        return facts

    def _completed(self, prose: Prose, ms: list[Mention]) -> list[Fact]:
        candidates = []
        for m in ms:
            if m.unit not in APPLICATION_UNITS:
                continue
            tail = m.lead[-14:]
            if not COMPLETE_VERBS.search(tail) and not re.search(r"受理并(办结|答复)", m.lead):
                continue
            sentence = _sentence_before(prose.text, m.start)
            start = m.start - len(sentence)
            window = _sentence_before(prose.text, start - 1) + sentence if start > 0 else sentence
            if not any(w in window for w in APPLICATION_WORDS + ("申请",)):
                continue
            if any(w in m.lead for w in ("复议", "诉讼", "建议", "提案", "热线", "12345", "其中")):
                continue
            candidates.append(m)
        if not candidates:
            return []
        return self._all_mentions_of(prose, "applications_completed", candidates[0], candidates)

    def _npc_cppcc(self, prose: Prose, ms: list[Mention]) -> list[Fact]:
        npc, cppcc = [], []
        for m in ms:
            if m.unit not in ("件", "条", "个", "项", "份", "篇"):
                continue
            lead = m.lead
            has_npc = "人大" in lead and re.search(r"建议|议案|意见", lead)
            has_cppcc = "政协" in lead or "提案" in lead
            if has_npc and has_cppcc:
                continue
            if "其中" in lead or "主办" in lead or "协办" in lead:
                continue
            if has_npc:
                npc.append(m)
            elif has_cppcc:
                cppcc.append(m)
        facts = []
        if npc:
            facts += self._all_mentions_of(prose, "npc_suggestions", npc[0], npc)
        if cppcc:
            facts += self._all_mentions_of(prose, "cppcc_proposals", cppcc[0], cppcc)
        return facts

    def _policy(self, prose: Prose, ms: list[Mention]) -> list[Fact]:
        candidates = []
        for m in ms:
            if m.unit not in ("篇", "条", "个", "件", "期", "次", "份", "项"):
                continue
            follows = m.after[:6]
            if ("解读" in m.lead and not re.search(r"申请|率|培训|会议", m.lead)) or re.match(
                r"^(政策|图文|文字|图片|视频|动漫|专家|法律文件|公文)?解读", follows
            ):
                if "其中" in m.lead:
                    continue
                candidates.append(m)
        if not candidates:
            return []
        return self._all_mentions_of(prose, "policy_interpretations", candidates[0], candidates)
