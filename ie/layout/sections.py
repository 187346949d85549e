"""Where the parts of a report are: the problems section and the report's own headings."""

import re

PROBLEM_HEADING = re.compile(
    r"(存在的?主要问题|存在的?问题|存在问题|问题和不足|不足之处|问题及改进|主要问题)"
)
PROBLEM_END = re.compile(
    r"(下一步|改进措施|改进情况[::]|整改措施|改进方向|努力方向|为此|针对(上述|存在|以上|这些|此)|"
    r"(六|七|八)、?其他需要报告|其他需要报告的事项)"
)


def problem_region(squeezed: str) -> tuple[int, int]:
    """Start and end (in squeezed prose) of the section that states problems; (0, 0) when there is none.

    The report's intro lists the section names, so a heading in the first fifth does not count
    (unless it is the only one); a heading that goes straight on to the plans (主要措施、存在的
    主要问题及下一步工作打算) gives way to the sub-heading that follows it."""
    starts = [m for m in PROBLEM_HEADING.finditer(squeezed)]
    candidates = [m for m in starts if m.start() > len(squeezed) * 0.2 or len(starts) == 1]
    for k, m in enumerate(candidates):
        start = m.end()
        end_match = PROBLEM_END.search(squeezed, start)
        end = end_match.start() if end_match else len(squeezed)
        if end - start >= 10:
            return start, end
        if k + 1 < len(candidates) and candidates[k + 1].start() >= end:
            continue
        nxt = PROBLEM_END.search(squeezed, end + 4)
        return start, nxt.start() if nxt else len(squeezed)
    return 0, 0
