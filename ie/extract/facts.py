"""Rule-based narrative facts (SCHEMA §2): numbers in prose, classified by the words around them.

Each number with a counting unit is read together with its *lead* (the words between the
previous number or list break and the number), its *clause* (back to the last comma or
sentence end) and what follows it. The lead's keywords decide the field; the clause holds
the verb an enumeration puts far from the number (主动公开A、B、C等各类信息N条). Distractors
are excluded: references (第五十条, numbers inside 《…》), dates, percentages, document
numbers, hotline and media counts, sub-category and list counts.
"""

import re
from dataclasses import dataclass

from ie.layout.prose import Prose
from ie.schema import Fact
from ie.schema.numbers import NUMERAL, parse_count

# fmt: off
MENTION = re.compile(  # the lookahead tests the first character once, before the branches
    r"(?=[约近大将逾超共合累总\d零〇一二两三四五六七八九十百千])"
    rf"(?P<pre>约|近|大约|将近|逾|超过|共计|共|合计|累计|总计)?(?P<num>{NUMERAL}(?:[万亿](?!元))?)(?P<approx>余|多)?"
    r"(?P<unit>条|篇|件|个|项|宗|起|份|则|期|次|场|例|人次|人|元|万元|年|月|日|号|%|次)?"
)
CLAUSE_BREAK = re.compile(r"[。;!?\n]")
LEAD_BREAK = re.compile(r"[,:、()。;!?\n]")
PHRASE_BREAK = re.compile(r"[,:。;!?\n]")
LAST_OF = {b: re.compile(rf"(?s:.*){b.pattern}") for b in (LEAD_BREAK, PHRASE_BREAK)}
TITLE = re.compile(r"《[^》]{0,60}》")  # a law or document named in a sentence: never a count, verb or subject

# 对N项…文件进行解读: the count is what the clause's verb, further on, interprets
INTERPRETED = re.compile(r"[^,:。;!?\n\d]{0,40}?(?:进行|作|作出|开展|予以)了?(?:政策)?解读")
TOTAL_WORDS = ("共", "共计", "累计", "总计", "合计", "总共", "全年")
CHANNEL_WORDS = ("微信", "微博", "公众号", "官微", "抖音", "头条", "客户端", "新媒体", "报纸", "报刊", "电视", "广播",
                 "新闻", "视频号", "快手", "短视频", "宣传", "日报", "晚报", "媒体")
NOT_PROACTIVE = ("申请", "解读", "建议", "提案", "议案", "复议", "诉讼", "发布会", "培训", "会议", "热线", "信箱", "留言",
                 "咨询", "回应", "12345", "来电", "来信", "访")
PROACTIVE_VERBS = re.compile(r"公开|发布|更新|录入|推送|报送|上传|刊登|公布|公示")
# a kind of information, not all of it: 行政处罚案件信息N条 is never the total
CATEGORY_WORDS = re.compile(r"行政处罚|行政许可|行政强制|规范性文件|预决算|预算|决算|三公|招标|招投标|案件|人事|项目|动态|"
                            r"要闻|有关|相关|解读|栏目|其余")
# what may follow a count of information items; another noun there is what was counted (14项办事指南)
PROACTIVE_AFTER = re.compile(r"^(?:$|[^\u4e00-\u9fff]|(?:政府|政务)?信息|次|其中|左右|以上|之多|余|多|等)")
PROACTIVE_UNITS = ("条", "篇", "件", "个", "项")
APPLICATION_WORDS = ("信息公开", "依申请", "公开申请", "公开政府信息", "申请公开")
APPLICATION_UNITS = ("件", "宗", "条", "起", "个", "份", "项", "次", "例")
RECEIVE_VERB = re.compile(r"(收到|受理|接到|接收|新收|收悉)(了)?(各类)?(共|共计|合计)?$")
COMPLETE_VERBS = re.compile(
    r"(办结|答复|回复|办理完毕|处理完毕|已处理|予以处理|处理|完成)(了)?(各类)?(政府信息公开|依申请公开|信息公开|政府信息|政府)?"
    r"(申请)?(件)?(共|共计|合计|约|近)?$"
)
# 出具《…答复书》N份: each reply issued is an application answered
REPLY_LETTERS = re.compile(r"(?:出具|制发|送达|发出)[^,:。;]{0,30}?(?:答复书|告知书)》?(?:共|共计|约|近)?$")
RECEIVED_AND_COMPLETED = re.compile(r"(受理|新收|收到|接收)并(办结|答复|回复|办理)")
RESULT_ROWS = re.compile(r"不予(处理|公开)|其他处理|无法提供|部分公开|予以公开")  # table 2's result rows, not completions
NEGATED_APPLICATIONS = re.compile(
    r"(?:未|没有|无|尚未|暂无|均未)(?:收到|受理|接到|接收|发生|涉及|出现|产生)?(?:过)?(?:任何)?"
    r"[^,。;!?]{0,30}?(?:申请[^,。;!?]{0,12}?(?:公开|信息)|(?:公开|信息)[^,。;!?]{0,8}?申请)"
    r"(?:[^,。;!?]{0,10}?(?:事项|情况|工作|信息件|信息))?"
)
BAD_NEGATION = ("复议", "诉讼", "不予", "收费", "投诉", "举报", "申诉", "公开属性", "正当理由", "不再处理", "补正")
NPC_WORDS = re.compile(r"人大|代表建议|议案")
CPPCC_WORDS = re.compile(r"政协|提案")
COMBINED_NPC_CPPCC = re.compile(r"建议提案|提案建议|建议和提案|建议、提案|议案提案")
# fmt: on


@dataclass(slots=True)
class Mention:
    value: float
    start: int  # in the squeezed prose
    end: int
    lead: str  # back to the previous number or list break, titles (《…》) removed
    clause: str  # back to the last comma or sentence end, titles removed
    after: str  # the words after the number and its unit, up to the next comma
    approx: bool
    unit: str
    listed: bool  # one item of a list of counts (…N条、…M条): never a total


def mentions(prose: Prose) -> list[Mention]:
    s = prose.text
    found: list[Mention] = []
    prev_end = 0
    for m in MENTION.finditer(s):
        pre, num, approx, unit = m.group("pre", "num", "approx", "unit")
        if not num or (not num[0].isdigit() and not unit):
            continue
        start, end = m.span()
        before = s[start - 1 : start] if start else ""
        if before == "第" or (before in ("〔", "[", "(") and unit in (None, "号", "年")):
            prev_end = end  # 第五十条, 〔2021〕: references, never counts
            continue
        if before.isdigit() or before in (".", "-", "—") or _inside_title(s, start):
            continue
        after = PHRASE_BREAK.split(s[end : end + 24], maxsplit=1)[0]
        if num == "一" and unit and after:
            prev_end = end  # 作为一项重要工作: an article, not a count
            continue
        lead_start = max(prev_end, _last_break(s, start, LEAD_BREAK))
        lead = s[lead_start:start] + (pre or "")
        parsed = parse_count((pre or "") + num + (approx or ""))
        listed = s[end : end + 1] == "、" or (
            bool(found) and prev_end == lead_start - 1 and s[prev_end : prev_end + 1] == "、"
        )
        prev_end = end
        if parsed is None:
            continue
        clause = s[_last_break(s, start, PHRASE_BREAK) : start]
        found.append(
            Mention(
                parsed[0],
                m.start("num"),
                m.end("num"),
                TITLE.sub("", lead) if "《" in lead else lead,
                TITLE.sub("", clause) if "《" in clause else clause,
                after,
                parsed[1],
                unit or "",
                listed,
            )
        )
    return found


def _inside_title(s: str, pos: int) -> bool:
    """Whether `pos` falls inside a 《…》 title (the 2019 in 《…2019年…》)."""
    opened = s.rfind("《", max(0, pos - 60), pos)
    return opened >= 0 and s.find("》", opened, pos) < 0


def _last_break(s: str, pos: int, breaks: re.Pattern) -> int:
    """Just after the last break among the 59 characters before `pos` (else 60 back)."""
    lo = max(0, pos - 59)
    last = LAST_OF[breaks].match(s, lo, pos)
    return last.end() if last else max(0, pos - 60)


LAST_SENTENCE_END = re.compile(r"(?s:.*)[。;!?\n]")  # greedy: the last one before the end
SENTENCE_LOOKBACK = 200  # characters: a longer "sentence" is a page without punctuation


def sentence_before(s: str, pos: int) -> str:
    """The sentence up to `pos` (at most SENTENCE_LOOKBACK characters, so a text without full
    stops costs linear time)."""
    lo = max(0, pos - SENTENCE_LOOKBACK)
    last = LAST_SENTENCE_END.match(s, lo, pos)
    return s[last.end() if last else lo : pos]


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
            if m.unit not in PROACTIVE_UNITS or m.listed:
                continue
            counted_after = re.match(r"^(?:政府|政务)?信息", m.after) and PROACTIVE_VERBS.search(
                lead
            )
            if (
                "信息" not in lead
                and "政务" not in lead
                and not re.search(r"网站|门户网", lead)
                and not counted_after
            ):
                continue
            if not PROACTIVE_VERBS.search(m.clause) or not PROACTIVE_AFTER.match(m.after):
                continue
            head = lead.split("等")[
                -1
            ]  # after an enumeration (A、B等各类信息) the head noun is what is counted
            if (
                any(w in head for w in NOT_PROACTIVE)
                or CATEGORY_WORDS.search(head)
                or self._channel(s, m)
            ):
                continue
            sentence = sentence_before(s, m.start)
            sub = (
                "其中" in sentence[: len(sentence) - len(lead)] or "其中" in lead or "包括" in lead
            )
            score = 0
            if any(lead.startswith(w) or w in lead for w in ("共", "累计", "总计", "合计")):
                score += 3
            if "主动公开" in m.clause or "主动发布" in m.clause:
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

    @staticmethod
    def _channel(s: str, m: Mention) -> bool:
        """A count of one media channel: named in the lead, or the subject of the sentence
        (微信公众号日均发布…,全年发布信息N条) when the sentence names no website and no 等渠道."""
        if any(w in m.lead for w in CHANNEL_WORDS):
            return True
        sentence = sentence_before(s, m.start)
        return (
            any(w in sentence for w in CHANNEL_WORDS)
            and "等" not in sentence
            and not re.search(r"网站|门户", sentence)
        )

    def _applications(self, prose: Prose, ms: list[Mention]) -> list[Fact]:
        candidates = []
        for m in ms:
            lead = m.lead
            if m.unit not in APPLICATION_UNITS:
                continue
            sentence = sentence_before(prose.text, m.start)  # 依申请公开方面,共收到申请N件
            stated_before = "申请" in lead and any(w in sentence for w in APPLICATION_WORDS)
            stated_after = bool(RECEIVE_VERB.search(lead)) and "申请" in m.after[:16]
            if not (stated_before or stated_after):
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
            if re.search(r"不公开|主动公开文件|公开属性", sentence_before(prose.text, m.start)):
                continue  # documents classified 主动公开/依申请公开/不公开, not applications
            candidates.append(m)
        facts: list[Fact] = []
        if candidates:
            facts = self._all_mentions_of(prose, "applications_received", candidates[0], candidates)
        negations = []
        for neg in NEGATED_APPLICATIONS.finditer(prose.text):
            phrase = prose.text[
                neg.start() : neg.end() + 8
            ]  # and what it goes on to say (…申请行政复议)
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
            sentence = sentence_before(prose.text, m.start)
            after_received = bool(re.search(r"办理(了)?(共)?$", m.lead)) and bool(
                re.search(
                    rf"(收到|受理|新收|接收)[^。;]*?{NUMERAL}", sentence[: -len(m.lead) or None]
                )
            )
            if not (
                COMPLETE_VERBS.search(tail)
                or RECEIVED_AND_COMPLETED.search(m.lead)
                or after_received
                or REPLY_LETTERS.search(prose.text, max(0, m.start - 40), m.start)
            ):
                continue
            if RESULT_ROWS.search(tail):
                continue
            window = sentence
            for _ in range(3):  # the sentences before, where the applications were spoken of
                start = m.start - len(window)
                if start <= 0:
                    break
                window = sentence_before(prose.text, start - 1) + window
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
            has_npc = bool(NPC_WORDS.search(lead)) and bool(re.search(r"建议|议案|意见", lead))
            has_cppcc = bool(CPPCC_WORDS.search(lead))
            since_count = re.split(r"\d+\D?", m.clause)[
                -1
            ]  # back to the previous count in the clause
            combined = COMBINED_NPC_CPPCC.search(since_count) or (
                NPC_WORDS.search(since_count) and CPPCC_WORDS.search(since_count)
            )
            if combined or "其中" in lead or "主办" in lead or "协办" in lead:
                continue  # a figure for both gives neither (SCHEMA §2)
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
            rest = m.lead.split("解读")[-1]  # 政策解读等各类信息, 解读回应: not interpretations
            named_before = (
                "解读" in m.lead
                and not re.search(r"申请|率|培训|会议", m.lead)
                and "等" not in rest
                and "回应" not in rest
            )
            named_after = re.match(
                r"^(政策|图文|文字|图片|视频|动漫|专家|法律文件|公文)?解读", follows
            ) or (m.lead.endswith("对") and INTERPRETED.match(prose.text, m.end))
            if not (named_before or named_after) or "其中" in m.lead:
                continue
            candidates.append(m)
        if not candidates:
            return []
        return self._all_mentions_of(prose, "policy_interpretations", candidates[0], candidates)
