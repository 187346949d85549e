"""The benchmark report: written by the real CLI, and rendered by a headless browser with its tables and plots."""

import re
import shutil
import subprocess

import pytest
from typer.testing import CliRunner

from ie.cli import app

runner = CliRunner()
COUNT_IMAGES = (
    "<script>document.body.setAttribute('data-decoded', "
    "[...document.images].filter(i => i.complete && i.naturalWidth > 100).length)</script></body>"
)


@pytest.fixture(scope="module")
def report(tmp_path_factory, synth_corpus):
    out = tmp_path_factory.mktemp("bench")
    result = runner.invoke(
        app,
        [
            "benchmark",
            "--corpus",
            str(synth_corpus),
            "--systems",
            "rules",
            "-o",
            str(out),
            "--report",
            str(out / "report"),
        ],
    )
    assert result.exit_code == 0, result.output
    return out / "report"


def test_report_has_tables_plots_corpus_and_disagreements(report):
    page = (report / "report.html").read_text(encoding="utf-8")
    for table in ("corpora", "scores", "layouts"):
        assert f'id="{table}"' in page
    assert len(re.findall(r'<img id="plot-\w+" alt="\w+" src="data:image/png;base64,', page)) == 3
    assert "facts proactive_total F1" in page and "cells t2 accuracy" in page
    assert "cell_per_line" in page and "synthetic" in page
    md = (report / "report.md").read_text(encoding="utf-8")
    assert "| metric |" in md and "![field_f1](field_f1.png)" in md
    for name in ("field_f1", "cells_by_layout", "precision_recall"):
        assert (report / f"{name}.png").read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"


def test_report_renders_in_a_headless_browser(report, tmp_path):
    browser = (
        shutil.which("chromium")
        or shutil.which("chromium-browser")
        or shutil.which("google-chrome")
    )
    if browser is None:
        pytest.skip("no chromium (CI installs Debian's chromium)")
    page = tmp_path / "report.html"
    page.write_text(
        (report / "report.html").read_text(encoding="utf-8").replace("</body>", COUNT_IMAGES),
        encoding="utf-8",
    )
    flags = [
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-dev-shm-usage",
        "--virtual-time-budget=5000",
    ]
    dom = subprocess.run(
        [browser, *flags, "--dump-dom", page.as_uri()], capture_output=True, text=True, timeout=120
    ).stdout
    assert 'data-decoded="3"' in dom
    assert dom.count("<table") >= 3 and "Disagreements with gold" in dom
    shot = tmp_path / "shot.png"
    subprocess.run(
        [browser, *flags, f"--screenshot={shot}", "--window-size=1200,2400", page.as_uri()],
        capture_output=True,
        timeout=120,
    )
    assert shot.exists() and shot.stat().st_size > 20_000
