"""A self-contained benchmark report (HTML with embedded plots, and the same in Markdown) for people to read."""

import base64
import html
from pathlib import Path

from ie.evaluate.plots import FIGURES
from ie.evaluate.report import format_score, markdown_safe, markdown_table, score_rows

STYLE = """body{font-family:sans-serif;max-width:1100px;margin:2em auto;color:#222}
table{border-collapse:collapse;margin:1em 0;font-size:13px}td,th{border:1px solid #ccc;padding:3px 8px;text-align:right}
th:first-child,td:first-child{text-align:left}img{max-width:100%;display:block;margin:1em 0}
li{font-size:13px;margin:2px 0}details{margin:.5em 0}"""


def scores_html(details: list[dict]) -> str:
    names = [d["title"] for d in details]
    rows = [dict(score_rows(d["scores"])) for d in details]
    labels = [label for label, _ in score_rows(details[0]["scores"])]
    head = "<tr><th>metric</th>" + "".join(f"<th>{html.escape(n)}</th>" for n in names) + "</tr>"
    body = "".join(
        f"<tr><td>{html.escape(label)}</td>"
        + "".join(f"<td>{format_score(r.get(label))}</td>" for r in rows)
        + "</tr>"
        for label in labels
    )
    docs = (
        "<tr><td>documents</td>"
        + "".join(f"<td>{d['scores']['documents']}</td>" for d in details)
        + "</tr>"
    )
    return f'<table id="scores">{head}{body}{docs}</table>'


def corpora_html(details: list[dict]) -> str:
    seen, rows = set(), []
    for d in details:
        if d["corpus"] in seen:
            continue
        seen.add(d["corpus"])
        desc = d["description"]
        cells = [
            Path(d["corpus"]).name,
            desc["kind"],
            str(desc["documents"]),
            _counts(desc["formats"]),
            _counts(desc["layouts"]),
            _counts(desc["templates"]),
        ]
        rows.append("<tr>" + "".join(f"<td>{html.escape(c)}</td>" for c in cells) + "</tr>")
    head = "<tr><th>corpus</th><th>kind</th><th>documents</th><th>formats</th><th>layouts</th><th>templates</th></tr>"
    return f'<table id="corpora">{head}{"".join(rows)}</table>'


def layouts_html(details: list[dict]) -> str:
    layouts = sorted({layout for d in details for layout in d["cells_by_layout"]})
    head = (
        "<tr><th>layout</th>"
        + "".join(f"<th>{html.escape(d['title'])}</th>" for d in details)
        + "</tr>"
    )
    body = "".join(
        f"<tr><td>{html.escape(layout)}</td>"
        + "".join(
            f"<td>{format_score(d['cells_by_layout'][layout]['accuracy']) if layout in d['cells_by_layout'] else ''}</td>"
            for d in details
        )
        + "</tr>"
        for layout in layouts
    )
    return f'<table id="layouts">{head}{body}</table>'


def _counts(counter: dict) -> str:
    return ", ".join(f"{k} {v}" for k, v in sorted(counter.items()))


def write_report(
    details: list[dict], output: Path, extra_plots: list[Path] | None = None
) -> tuple[Path, Path]:
    """report.html (plots embedded, nothing else needed to open it) and report.md with the PNGs
    beside it; `extra_plots` are PNG files made elsewhere (a learning curve) shown with them."""
    output.mkdir(parents=True, exist_ok=True)
    images = {name: make(details) for name, make in FIGURES.items()}
    for path in extra_plots or []:
        png = Path(path).read_bytes()
        if not png.startswith(b"\x89PNG"):
            raise ValueError(f"{path}: not a PNG image")
        images[Path(path).stem] = png
    for name, png in images.items():
        (output / f"{name}.png").write_bytes(png)
    figures = "".join(
        f'<img id="plot-{name}" alt="{name}" src="data:image/png;base64,{base64.b64encode(png).decode()}">'
        for name, png in images.items()
    )
    errors = "".join(
        f"<details class='errors'><summary>{html.escape(d['title'])}: {len(d['errors_text'])} disagreements</summary><ul>"
        + "".join(f"<li>{html.escape(line.lstrip('- '))}</li>" for line in d["errors_text"])
        + "</ul></details>"
        for d in details
    )
    page = (
        f"<!doctype html><html lang='zh'><head><meta charset='utf-8'><title>govie benchmark</title>"
        f"<style>{STYLE}</style></head><body><h1>govie benchmark</h1>"
        f"<h2>Corpora</h2>{corpora_html(details)}<h2>Scores</h2>{scores_html(details)}"
        f"<h2>Cells by layout</h2>{layouts_html(details)}<h2>Plots</h2>{figures}"
        f"<h2>Disagreements with gold</h2>{errors}</body></html>"
    )
    html_path = output / "report.html"
    html_path.write_text(page, encoding="utf-8")
    columns = {d["title"]: d["scores"] for d in details}
    md = ["# govie benchmark", "", "## Scores", "", markdown_table(columns), "", "## Plots", ""]
    md += [f"![{name}]({name}.png)" for name in images] + [""]
    for d in details:
        md += (
            [f"## Disagreements: {markdown_safe(d['title'])}", ""]
            + [markdown_safe(x) for x in d["errors_text"]]
            + [""]
        )
    md_path = output / "report.md"
    md_path.write_text("\n".join(md), encoding="utf-8")
    return html_path, md_path
