"""govie inside spaCy: the pipeline component found through its entry point, gold as DocBin,
and `spacy train` on that DocBin."""

import json
import subprocess
import sys
from pathlib import Path

import pytest
import spacy
from spacy.tokens import DocBin
from typer.testing import CliRunner

from ie.annotate.spacy_docs import blank_chinese, corpus_to_docbin
from ie.cli import app
from ie.extract.spacy_component import normalized_with_offsets
from ie.read.corpus import load_gold_dir
from ie.schema import Prediction
from ie.synth import SynthConfig, generate_corpus
from tests.conftest import shared_corpus

ROOT = Path(__file__).resolve().parents[1]
TEXT = "本年度共主动公开政府信息２５１条。\r\n收到政府信息公开申请3件,办结3件。\r\n存在的问题:工作人员多为兼职。"


def test_found_by_name_in_a_fresh_interpreter_without_importing_govie():
    script = (
        "import json, spacy\n"
        "nlp = spacy.blank('zh')\n"
        "nlp.add_pipe('govie', config={'system': 'rules'})\n"
        f"doc = nlp({TEXT!r})\n"
        "print(json.dumps([[s.text, s.label_, s._.govie_value] for s in doc.spans['govie_facts']]"
        " + [[s.text, s.label_] for s in doc.spans['govie_problems']]"
        " + [type(doc._.govie).__name__], ensure_ascii=False))\n"
    )
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, cwd="/")
    assert done.returncode == 0, done.stderr
    found = json.loads(done.stdout.strip().splitlines()[-1])
    assert ["２５１", "proactive_total", 251] in found  # the doc's own characters, value parsed
    assert ["3", "applications_received", 3] in found
    assert ["3", "applications_completed", 3] in found
    assert ["工作人员多为兼职", "staff.part_time"] in found
    assert found[-1] == "Prediction"


def test_offsets_map_back_through_normalization():
    text, offsets = normalized_with_offsets("a\r\n㈠１")
    assert text == "a\n(一)1"
    assert [offsets[k] for k in range(len(text))] == [0, 1, 3, 3, 3, 4] and offsets[-1] == 5


def test_jieba_words_and_other_systems(tmp_path):
    nlp = blank_chinese("jieba")
    nlp.add_pipe("govie")
    doc = nlp("共主动公开政府信息251条。")
    assert [(s.text, s.label_) for s in doc.spans["govie_facts"]] == [("251", "proactive_total")]
    with pytest.raises(ValueError, match="unknown system"):
        spacy.blank("zh").add_pipe("govie", config={"system": "nonesuch"})
    with pytest.raises(ValueError, match="not a linear model folder"):
        spacy.blank("zh").add_pipe("govie", config={"system": "linear", "model": str(tmp_path)})


@pytest.fixture(scope="module")
def small_corpus(tmp_path_factory):
    root = tmp_path_factory.mktemp("spacy")
    generate_corpus(root / "corpus", SynthConfig(n=12, seed=31))
    return root


def test_gold_as_docbin_spans_equal_gold(small_corpus):
    out = small_corpus / "train.spacy"
    done = CliRunner().invoke(
        app, ["annotate", "to-spacy", str(small_corpus / "corpus"), "-o", str(out)]
    )
    assert done.exit_code == 0, done.output
    gold = load_gold_dir(small_corpus / "corpus" / "gold")
    docs = list(DocBin().from_disk(out).get_docs(blank_chinese().vocab))
    assert len(docs) == len(gold)
    for doc in docs:
        record: Prediction = gold[doc.user_data["doc_id"]]
        expected = sorted((f.start, f.end, f.field) for f in record.facts if f.has_span)
        found = sorted((s.start_char, s.end_char, s.label_) for s in doc.spans["govie_facts"])
        assert found == expected
        assert len(doc.spans["govie_problems"]) == len(record.problems)


def test_real_gold_converts_without_losing_a_span(tmp_path):
    counts = corpus_to_docbin([shared_corpus("provincial")], tmp_path / "p.spacy")
    assert counts["documents"] == 12 and counts["spans_left_out"] == 0
    assert counts["govie_problems"] > 0 and counts["govie_facts"] > 0


def test_unknown_segmenter_is_a_clear_error(tmp_path):
    done = CliRunner().invoke(
        app,
        ["annotate", "to-spacy", str(tmp_path), "--segmenter", "pkuseg", "-o", str(tmp_path / "x")],
    )
    assert done.exit_code == 2 and "unknown segmenter 'pkuseg'" in done.output


@pytest.mark.slow
def test_spacy_trains_a_span_categorizer_on_govie_gold(small_corpus):
    data = small_corpus / "train.spacy"
    corpus_to_docbin([small_corpus / "corpus"], data)
    out = small_corpus / "spancat"
    done = subprocess.run(
        [
            sys.executable,
            "-m",
            "spacy",
            "train",
            str(ROOT / "configs" / "spacy-spancat.cfg"),
            "--paths.train",
            str(data),
            "--paths.dev",
            str(data),
            "--training.max_epochs",
            "1",
            "--training.max_steps",
            "0",
            "--training.eval_frequency",
            "5",
            "-o",
            str(out),
        ],
        capture_output=True,
        text=True,
    )
    assert done.returncode == 0, done.stderr[-2000:]
    nlp = spacy.load(out / "model-last")
    assert nlp.pipe_names == ["tok2vec", "spancat"]
    doc = nlp("本年度共主动公开政府信息251条。")
    assert "govie_facts" in doc.spans
    labels = set(nlp.get_pipe("spancat").labels)
    assert {"proactive_total", "applications_received"} <= labels
