"""Rule-based staff problems (SCHEMA §3): weaknesses of the people doing disclosure work.

A clause counts when it names a weakness (有待, 不足, 频繁, 兼职 …) of a staffing aspect;
aspects that could belong to a process or a platform (专业性, 稳定性, 水平) only count
when the sentence speaks of people (人员, 队伍, 干部 …). Improvement plans carry no
weakness word and so are not taken.
"""

import re

from ie.layout.prose import Prose
from ie.layout.sections import problem_region
from ie.schema import Problem

WEAK = r"(有待|不足|不够|不高|欠缺|不强|较弱|薄弱|参差不齐|需要?进一步|还需|仍需|亟需|亟待|有限|不到位|不精|不熟|较差|偏弱|跟不上)"
PEOPLE = re.compile(r"人员|队伍|干部|人手|工作者|力量|专职|兼职|经办人|职工|同志|人才")

PATTERNS: dict[str, list[re.Pattern]] = {
    "staff.part_time": [
        re.compile(r"兼职|身兼数职|身兼多职|一人多岗|一岗多责|一人多职|兼任|兼管|非专职")
    ],
    "staff.shortage": [
        re.compile(
            r"(人员|人手|力量|编制)(配备|配置)?[^,。;]{0,3}(不足|紧张|短缺|偏少|较少|有限|薄弱|不够|缺乏|匮乏)"
        ),
        re.compile(
            r"(只有|仅有|仅|只)(一|1|两|2)(名|个)?人|人员少|缺乏专职|无专职|没有专职|专职人员(缺乏|不足|较少|偏少)|人少事多|缺人|"
            r"编制(限制|所限|不足|紧张)"
        ),
    ],
    "staff.skills": [
        re.compile(
            rf"(能力|素质|素养|业务水平|专业水平|业务知识|专业知识|业务技能|专业技能)[^,。;]{{0,8}}{WEAK}"
        ),
        re.compile(
            rf"(专业性|专业化|水平|业务)[^,。;]{{0,8}}{WEAK}",
        ),
        re.compile(
            rf"队伍建设[^,。;]{{0,6}}{WEAK}|培训(不够|不足|较少|缺乏)|缺乏(专业|业务)(知识|培训|能力)|经验不足|不熟悉"
        ),
    ],
    "staff.turnover": [
        re.compile(
            r"(变动|调整|更换|流动|调动|更替)[^,。;]{0,4}(频繁|较大|大|快|过快|较多|多)|流动性(过快|大|强|较大|高)|"
            r"不稳定|不(尽|够|太)稳定|欠稳定"
        ),
        re.compile(
            rf"稳定性[^,。;]{{0,8}}{WEAK}|稳定性(差|不强)|(人才)?梯队(建设)?[^,。;]{{0,6}}({WEAK}|存在不足)"
        ),
    ],
}
# each category's patterns as one (any of them anywhere in a clause), and all of them as one:
# most clauses name no weakness, and one search says so
GATES = {c: re.compile("|".join(f"(?:{p.pattern})" for p in ps)) for c, ps in PATTERNS.items()}
WEAKNESSES = "|".join(f"(?:{g.pattern})" for g in GATES.values())
# every pattern starts with one of its own characters (none with a class such as [^,。;]):
# testing for those first tries the patterns only where one may begin, three times faster
WEAKNESS_STARTS = "".join(
    sorted({c for c in WEAKNESSES if "\u4e00" <= c <= "\u9fff" or c.isdigit()})
)
ANY_WEAKNESS = re.compile(f"(?=[{WEAKNESS_STARTS}])(?:{WEAKNESSES})")
WEAKNESS_FRAME = re.compile(
    r"多为|均为|都是|大多|大部分|只能|均由|多由|仍|身兼|问题|不足|短板|薄弱|制约|缺乏"
)
NEEDS_PEOPLE = {"staff.turnover", "staff.skills"}
CLAUSE = re.compile(r"[^,。;、:!?\n]+")
SENTENCE = re.compile(r"[^。;!?\n]+")
LEADING = re.compile(
    r"^(一是|二是|三是|四是|五是|六是|[0-9一二三四五六七八九十]+[.、)]|\([一二三四五六七八九十0-9]+\)|如|且|但|同时|主要是|主要表现在|表现在|其次|另外|此外|并且|而且)+"
)
PROBLEM_CONTEXT = re.compile(r"问题|不足|差距|短板|薄弱")
NOT_PROCESS = re.compile(r"质量|办理|答复|文书|内容|网站|平台|栏目|系统|信息发布|机制|制度")


class ProblemRules:
    def extract(self, prose: Prose) -> list[Problem]:
        s = prose.text
        lo, hi = problem_region(s)
        found: list[Problem] = []
        previous = ""
        for sent in SENTENCE.finditer(s):
            window, previous = previous + sent.group(0), sent.group(0)
            in_section = lo <= sent.start() < hi
            if not (in_section or PROBLEM_CONTEXT.search(window)):
                continue
            people_in_sentence = bool(PEOPLE.search(sent.group(0)))
            for clause in CLAUSE.finditer(s, sent.start(), sent.end()):
                text = clause.group(0)
                lead = LEADING.match(text)
                cstart = clause.start() + (lead.end() if lead else 0)
                if cstart >= clause.end():
                    continue
                if not ANY_WEAKNESS.search(text):
                    continue
                for category, gate in GATES.items():
                    if not gate.search(text):
                        continue
                    if category in NEEDS_PEOPLE and not self._about_people(
                        text, category, people_in_sentence
                    ):
                        continue
                    if (
                        category == "staff.part_time"
                        and not in_section
                        and not WEAKNESS_FRAME.search(sent.group(0))
                    ):
                        continue  # 安排办公室人员兼职此项工作: an arrangement, said as a weakness only in section 五
                    start, end = prose.span(cstart, clause.end())
                    found.append(Problem(category, start, end, prose.source[start:end]))
        return found

    @staticmethod
    def _about_people(clause: str, category: str, people_in_sentence: bool) -> bool:
        if PEOPLE.search(clause):
            return True
        if category == "staff.skills":
            return bool(re.search(r"能力|素质|素养|业务知识|专业知识|技能", clause))
        return people_in_sentence and not NOT_PROCESS.search(clause)
