"""Synthetic reports in the national format, with exact gold (SCHEMA §5).

A report is built as blocks: paragraphs (with the spans of their facts and problems) and
tables (grids). Text layouts are written directly; HTML and Word originals are written
and read back through the project's readers, and gold offsets are found in that text.
"""

import json
import random
import re
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path

import cn2an

from ie.read import normalize_text, read_document, text_sha256
from ie.schema import FACT_FIELDS, broken_relations, cell_ids, section_heading
from ie.synth import phrases as P
from ie.synth.layouts import (
    BLANKS_VANISH,
    DROPPED,
    LAYOUTS,
    SOURCE_LAYOUTS,
    flattened_open_cells,
    fmt_value,
    grids,
    render_html_table,
    render_text,
)
from ie.synth.stats import table1, table2, table3

_SPAN = re.compile(r"\[\[(.+?)\]\]|\{N\}")
_FULLWIDTH = str.maketrans({",": "，", ":": "：", "(": "（", ")": "）", ";": "；"})


@dataclass
class Para:
    text: str = ""
    spans: list[dict] = field(default_factory=list)  # start/end relative to the paragraph

    def add(
        self, template: str, label: dict | None = None, number: str | None = None, **fmt
    ) -> None:
        """Append a template; its {N} or [[…]] becomes a span carrying `label`."""
        template = template.format_map(_Keep(fmt))
        m = _SPAN.search(template)
        if not m or label is None:
            self.text += _SPAN.sub(lambda x: x.group(1) or (number or ""), template)
            return
        inner = m.group(1) if m.group(1) is not None else number
        start = len(self.text) + m.start()
        self.text += template[: m.start()] + inner + template[m.end() :]
        self.spans.append({**label, "start": start, "end": start + len(inner)})


class _Keep(dict):
    def __missing__(self, key):
        return "{" + key + "}"


@dataclass
class SynthConfig:
    n: int = 100
    seed: int = 0
    formats: tuple[str, ...] = ("2019", "2021")
    layouts: tuple[str, ...] = LAYOUTS
    error_rate: float = 0.1  # share of reports with planted table inconsistencies
    fact_rate: float = 0.8  # chance that each fact is stated


def number_text(value: int, rng: random.Random) -> tuple[str, str, bool]:
    """(text of the number, text after it, approx) in one of the ways reports write numbers."""
    r = rng.random()
    if value < 100 and r < 0.15:
        return cn2an.an2cn(value), "", False
    if value >= 10000 and value % 1000 == 0 and r < 0.5:
        return f"{value / 10000:g}万", "", False
    if value >= 20 and r < 0.25:
        return str(value), rng.choice(["余", "多"]), True
    if r < 0.3:
        return ("约" if rng.random() < 0.5 else "") + str(value), "", False
    return str(value), "", False


class ReportGenerator:
    def __init__(self, config: SynthConfig):
        self.config = config

    def agency(self, rng: random.Random) -> tuple[str, str]:
        place = rng.choice(P.PLACES)
        if rng.random() < 0.15:
            town = rng.choice(P.PLACES)
            return (
                f"{place}{rng.choice(P.PLACE_LEVELS)}{town}{rng.choice(P.TOWN_BODIES)}",
                "镇" if "镇" in town else "单位",
            )
        body = rng.choice(P.BODIES)
        full = f"{place}{rng.choice(P.PLACE_LEVELS)}{body}"
        short = "局" if body.endswith("局") else ("委" if body.endswith("委员会") else "办")
        return full, short

    def generate(self, index: int) -> dict:
        cfg = self.config
        rng = random.Random(f"{cfg.seed}-{index}")
        template = rng.choice(cfg.formats)
        year = rng.randint(2019, 2020) if template == "2019" else rng.randint(2021, 2025)
        layout = rng.choice(cfg.layouts)
        agency, short = self.agency(rng)
        busy = rng.random() < 0.6
        cells = {**table1(rng, template), **table2(rng, template, busy), **table3(rng, busy)}
        if broken := broken_relations(
            cells
        ):  # the statistics must keep the form's arithmetic before any is planted
            raise RuntimeError(f"generated tables break {broken[0][0].where}")
        planted: list[str] = []
        printed = {cid: fmt_value(cid, v, rng) for cid, v in cells.items()}
        if rng.random() < cfg.error_rate:
            planted = self._plant(rng, cells, printed, template, layout)
        blocks, titled = self._prose(rng, template, year, agency, short, cells)
        g1, g2, g3 = grids(template, cells, rng, printed)
        for heading, grid in (("二、", g1), ("三、", g2), ("四、", g3)):
            at = next(
                i
                for i, (kind, b) in enumerate(blocks)
                if kind == "para" and b.text.startswith(heading)
            )
            blocks.insert(at + 1, ("table", grid))
        doc = {
            "agency": agency if titled else None,
            "year": year,
            "template": template,
            "layout": layout,
            "cells": cells,
            "planted": planted,
            "open_cells": flattened_open_cells(template, printed)
            if layout == "flattened"
            else set(),
        }
        return {"blocks": blocks, **doc, "rng": rng}

    def _plant(self, rng, cells, printed, template, layout) -> list[str]:
        kind = rng.choice(["wrong_total", "blank_zero", "missing_cell"])
        if layout == "flattened" or (layout in BLANKS_VANISH and kind != "wrong_total"):
            return []  # a blank or lost cell leaves no trace on such a line: gold could not know
        if kind == "wrong_total":
            cid = "t2.total.total"
            cells[cid] = cells[cid] + rng.randint(1, 3)
            printed[cid] = str(int(cells[cid]))
        elif kind == "blank_zero":
            zeros = [c for c, v in cells.items() if v == 0 and c.startswith("t2.denied")]
            for cid in rng.sample(zeros, min(3, len(zeros))):
                cells[cid] = None
                printed[cid] = ""
        elif layout in ("tsv", "markdown", "html", "docx"):
            row = rng.choice(["denied_third_party", "denied_internal", "unable_unclear"])
            printed[f"t2.{row}.{rng.choice(['research', 'social', 'legal'])}"] = DROPPED
            if all(cells[f"t2.{row}.{c}"] == 0 for c in ("research", "social", "legal")):
                return [f"missing_cell:t2.{row}"]
            return [f"missing_cell:t2.{row}", "ambiguous"]
        else:
            return []
        return [kind]

    def _prose(self, rng, template, year, agency, short, cells):
        blocks: list = []
        titled = rng.random() < 0.9
        if titled:
            title = rng.choice(P.TITLE_FORMS).format(agency=agency, year=year)
            blocks.append(("para", Para(title)))
        intro = Para()
        quoted = not titled and rng.random() < 0.3  # 现发布《X2021年…年度报告》: the title, quoted
        intro.add(P.DISTRACTORS[0], year=year)
        if quoted:
            intro.add("。" + P.OWN_TITLE_QUOTED, year=year, agency=agency)
        contact = (
            agency if not titled and rng.random() < 0.5 else "本机关办公室"
        )  # the only place naming the body
        intro.add(
            "。如对本报告有疑问,请与" + contact + "联系(" + P.DISTRACTORS[1] + ")。",
            d4=rng.randint(100, 999),
            d7=rng.randint(1000000, 9999999),
            d6=rng.randint(100000, 999999),
        )
        overview = Para(section_heading("总体情况") + "\n" if rng.random() < 0.5 else "")
        overview.add(rng.choice(P.FILLER) + "。", short=short)
        facts_para = [intro, overview]
        total_apps = int(cells["t2.new.total"])
        stated = {
            f: rng.random() < self.config.fact_rate
            for f in P.FACTS
            if f != "applications_received_zero"
        }
        fmt = {"year": year, "short": short, "k": rng.randint(1, 9)}
        for field_name in FACT_FIELDS:
            if not stated[field_name]:
                continue
            para = rng.choice(facts_para[1:]) if field_name != "proactive_total" else overview
            if field_name == "applications_received":
                value = total_apps
                if value == 0:
                    para.add(
                        rng.choice(P.FACTS["applications_received_zero"]) + "。",
                        {"field": field_name, "value": 0},
                        **fmt,
                    )
                    stated["applications_completed"] = False
                    continue
            elif field_name == "applications_completed":
                if not stated["applications_received"] or total_apps == 0:
                    continue
                value = int(cells["t2.total.total"])
            elif field_name == "proactive_total":
                value = rng.choice(
                    [rng.randint(20, 900), rng.randint(900, 9000), rng.randint(1, 60) * 1000]
                )
            else:
                value = rng.randint(1, 40)
            num, suffix, approx = number_text(value, rng)
            phrase = rng.choice(P.FACTS[field_name]).replace("{N}", "{N}" + suffix)
            label = {"field": field_name, "value": value} | ({"approx": True} if approx else {})
            para.add(
                (
                    ","
                    if field_name == "applications_completed"
                    and para.text
                    and not para.text.endswith("。")
                    else ""
                )
                + phrase,
                label,
                number=num,
                **fmt,
            )
            if field_name == "applications_received" and "办结" in phrase:
                para.spans.append({**para.spans[-1], "field": "applications_completed"})
                stated["applications_completed"] = False
            if (
                field_name == "applications_received"
                and rng.random() < 0.5
                and stated.get("applications_completed")
            ):
                continue
            para.add("。")
            if rng.random() < 0.5:
                para.add(
                    rng.choice(P.DISTRACTORS[2:]) + "。",
                    year=year,
                    k=rng.randint(2, 999),
                    k2=rng.randint(2, 30),
                )
        if not overview.text.endswith("。"):
            overview.add("。")
        problems = Para(section_heading("存在的主要问题及改进情况") + "\n")
        problems.add("本年度政府信息公开工作还存在一些不足:")
        items = []
        for cat in rng.sample(list(P.STAFF_PROBLEMS), rng.randint(0, 2)):
            items.append((rng.choice(P.STAFF_PROBLEMS[cat]), {"category": cat}))
        for other in rng.sample(P.OTHER_PROBLEMS, rng.randint(1, 2)):
            items.append((other, None))
        rng.shuffle(items)
        ordinals = "一二三四五六"
        for k, (text, label) in enumerate(items):
            problems.add(f"{ordinals[k]}是" + text + ("。" if k == len(items) - 1 else ";"), label)
        problems.add("下一步,我" + short + "将" + ",".join(rng.sample(P.PLANS, 3)) + "。")
        blocks += [
            ("para", intro),
            ("para", overview),
            ("para", Para(section_heading("主动公开政府信息情况"))),
            ("para", Para(section_heading("收到和处理政府信息公开申请情况"))),
            ("para", Para(section_heading("政府信息公开行政复议、行政诉讼情况"))),
            ("para", problems),
            (
                "para",
                Para(section_heading("其他需要报告的事项") + "\n本年度无其他需要报告的事项。"),
            ),
        ]
        signed = rng.random() < 0.3  # the 落款: the body's full name, then the date
        if signed:
            blocks.append(
                ("para", Para(f"{agency}\n{year + 1}年{rng.randint(1, 3)}月{rng.randint(1, 28)}日"))
            )
        return blocks, titled or quoted or signed or contact == agency


def _normalize_para(para: Para) -> Para:
    text = unicodedata.normalize("NFKC", para.text)
    if len(text) != len(para.text):
        raise ValueError("synthetic paragraph changed length under NFKC")
    return Para(text, para.spans)


def write_document(report: dict, doc_id: str, out: Path) -> dict:
    """Write text (and the original for HTML/Word) and return the gold."""
    rng = report["rng"]
    layout = report["layout"]
    blocks = [(k, _normalize_para(b) if k == "para" else b) for k, b in report["blocks"]]
    fullwidth = rng.random() < 0.6
    (out / "text").mkdir(parents=True, exist_ok=True)
    (out / "gold").mkdir(parents=True, exist_ok=True)
    if layout in SOURCE_LAYOUTS:
        (out / "source").mkdir(parents=True, exist_ok=True)
        source = out / "source" / f"{doc_id}.{layout}"
        if layout == "html":
            _write_html(blocks, source)
        else:
            _write_docx(blocks, source)
        text = read_document(source).text
        spans, cursor = [], 0
        for kind, block in blocks:
            if kind != "para":
                continue
            line_start = 0
            for line in block.text.split("\n"):
                at = text.find(line, cursor)
                if at < 0:
                    raise RuntimeError(f"{doc_id}: paragraph line not found after reading {layout}")
                line_end = line_start + len(line)
                spans += [
                    {**s, "start": s["start"] - line_start + at, "end": s["end"] - line_start + at}
                    for s in block.spans
                    if line_start <= s["start"] < line_end
                ]
                cursor = at + len(line)
                line_start = line_end + 1
        raw = text
    else:
        parts, spans, pos = [], [], 0
        for kind, block in blocks:
            if kind == "para":
                piece = block.text
                spans += [
                    {**s, "start": s["start"] + pos, "end": s["end"] + pos} for s in block.spans
                ]
                raw_piece = piece.translate(_FULLWIDTH) if fullwidth else piece
            else:
                piece = raw_piece = render_text(block, layout, rng)
                if layout == "markdown":
                    piece = raw_piece = unicodedata.normalize("NFKC", piece)
            parts.append(raw_piece)
            pos += len(piece) + 2
        raw = "\n\n".join(parts) + "\n"
    (out / "text" / f"{doc_id}.txt").write_text(
        raw if layout not in SOURCE_LAYOUTS else text, encoding="utf-8"
    )
    text = normalize_text(raw)
    facts = [s | {"text": text[s["start"] : s["end"]]} for s in spans if "field" in s]
    problems = [s | {"text": text[s["start"] : s["end"]]} for s in spans if "category" in s]
    cells = {
        cid: report["cells"][cid]
        for cid in cell_ids(report["template"])
        if cid in report["cells"] and cid not in report["open_cells"]
    }
    gold = {
        "doc_id": doc_id,
        "text_sha256": text_sha256(text),
        "meta": {
            "agency": report["agency"],
            "year": report["year"],
            "template": report["template"],
        },
        "facts": facts,
        "problems": problems,
        "cells": cells,
        "synthetic": True,
        "layout": layout,
        "planted": report["planted"],
        "cells_complete": True,
    }
    (out / "gold" / f"{doc_id}.json").write_text(
        json.dumps(gold, ensure_ascii=False, indent=1), encoding="utf-8"
    )
    return gold


def _write_html(blocks, path: Path) -> None:
    body = []
    for kind, block in blocks:
        if kind == "para":
            body += [f"<p>{line}</p>" for line in block.text.split("\n")]
        else:
            body.append(render_html_table(block))
    path.write_text(
        '<html><head><meta charset="utf-8"><title>报告</title></head><body>'
        '<div class="nav">首页 &gt; 政务公开</div>' + "\n".join(body) + "</body></html>",
        encoding="utf-8",
    )


def _write_docx(blocks, path: Path) -> None:
    import docx

    document = docx.Document()
    for kind, block in blocks:
        if kind == "para":
            for line in block.text.split("\n"):
                document.add_paragraph(line)
        else:
            width = max(len(r) for r in block)
            table = document.add_table(rows=len(block), cols=width)
            for i, row in enumerate(block):
                for j, cell in enumerate(row):
                    table.cell(i, j).text = cell
    document.save(str(path))


def generate_corpus(out: str | Path, config: SynthConfig, progress=None) -> list[dict]:
    out = Path(out)
    gen = ReportGenerator(config)
    golds = []
    task = progress.add_task("synth", total=config.n) if progress else None
    for i in range(config.n):
        doc_id = f"synth-{config.seed}-{i:05d}"
        golds.append(write_document(gen.generate(i), doc_id, out))
        if progress:
            progress.advance(task)
    return golds
