"""The benchmark's figures (matplotlib, no display needed): PNG bytes, so a report can embed them."""

import io

from ie.schema import FACT_FIELDS, PROBLEM_CATEGORIES


def _png(fig) -> bytes:
    buf = io.BytesIO()
    fig.savefig(buf, format="png", dpi=110, bbox_inches="tight")
    import matplotlib.pyplot as plt

    plt.close(fig)
    return buf.getvalue()


def _figure(width: float, height: float):
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    return plt.subplots(figsize=(width, height))


def _bar_chart(
    groups: list[str],
    series: dict[str, list[float]],
    size: tuple[float, float],
    ylabel: str,
    title: str,
) -> bytes:
    """Grouped bars: one group per field or layout, one bar per system and corpus."""
    fig, ax = _figure(*size)
    width = 0.8 / max(1, len(series))
    for i, (name, values) in enumerate(series.items()):
        ax.bar([g + i * width for g in range(len(groups))], values, width, label=name)
    ax.set_xticks(
        [g + width * (len(series) - 1) / 2 for g in range(len(groups))],
        groups,
        rotation=35,
        ha="right",
    )
    ax.set_ylim(0, 1.05)
    ax.legend(fontsize=7, loc="upper left", bbox_to_anchor=(1.01, 1))
    ax.set_ylabel(ylabel)
    ax.set_title(title)
    return _png(fig)


def field_f1(details: list[dict]) -> bytes:
    """F1 of each fact field and problem category, one bar per system and corpus."""
    fields = list(FACT_FIELDS) + list(PROBLEM_CATEGORIES)
    series = {}
    for d in details:
        s = d["scores"]
        values = [s["facts"]["per_field"][f]["f1"] for f in FACT_FIELDS]
        values += [s["problems"]["per_category"][c]["f1"] for c in PROBLEM_CATEGORIES]
        series[d["title"]] = values
    return _bar_chart(fields, series, (9, 3.6), "F1", "Facts and problems: F1 per field")


def cells_by_layout(details: list[dict]) -> bytes:
    """Cell accuracy per table layout (synthetic) or file format (real), one bar per system and corpus."""
    layouts = sorted({layout for d in details for layout in d["cells_by_layout"]})
    series = {
        d["title"]: [
            d["cells_by_layout"].get(layout, {}).get("accuracy", 0.0) for layout in layouts
        ]
        for d in details
    }
    return _bar_chart(layouts, series, (8, 3.4), "cell accuracy", "Table cells: accuracy by layout")


def precision_recall(details: list[dict]) -> bytes:
    """Precision against recall for each fact field and system: where a system errs by omission or by invention."""
    fig, ax = _figure(5, 5)
    markers = "os^vD<>p*h"
    for i, d in enumerate(details):
        per = d["scores"]["facts"]["per_field"]
        points = [
            (per[f]["recall"], per[f]["precision"])
            for f in FACT_FIELDS
            if per[f]["tp"] + per[f]["fp"] + per[f]["fn"]
        ]
        if points:
            ax.scatter(*zip(*points), marker=markers[i % len(markers)], label=d["title"], alpha=0.7)
    ax.set_xlim(-0.02, 1.02)
    ax.set_ylim(-0.02, 1.02)
    ax.set_xlabel("recall")
    ax.set_ylabel("precision")
    ax.set_title("Facts: precision / recall per field")
    ax.legend(fontsize=7, loc="upper left", bbox_to_anchor=(1.01, 1))
    return _png(fig)


FIGURES = {
    "field_f1": field_f1,
    "cells_by_layout": cells_by_layout,
    "precision_recall": precision_recall,
}
