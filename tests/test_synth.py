import json

from ie.read import normalize_text, read_document, text_sha256
from ie.schema import PROBLEM_CATEGORIES, cell_ids
from ie.schema.numbers import parse_count
from ie.synth import LAYOUTS, SynthConfig, generate_corpus
from tests.conftest import load_gold


def test_offsets_point_at_the_stated_values(synth_corpus):
    for doc_id, g in load_gold(synth_corpus).items():
        text = normalize_text((synth_corpus / "text" / f"{doc_id}.txt").read_text(encoding="utf-8"))
        assert text_sha256(text) == g["text_sha256"]
        for f in g["facts"]:
            assert text[f["start"] : f["end"]] == f["text"]
            if f["value"]:
                assert parse_count(f["text"])[0] == f["value"], (doc_id, f)
            else:  # zero stated by negation, or as the figure 0
                assert f["text"][0] in "未没无尚暂均依" or parse_count(f["text"])[0] == 0
        for p in g["problems"]:
            assert text[p["start"] : p["end"]] == p["text"] and p["category"] in PROBLEM_CATEGORIES


def test_tables_add_up_unless_an_error_was_planted(synth_corpus):
    checked = 0
    for g in load_gold(synth_corpus).values():
        if g["planted"]:
            continue
        c = g["cells"]
        for col in ("natural", "commercial", "research", "social", "legal", "other", "total"):
            assert (
                c[f"t2.new.{col}"] + c[f"t2.carried_in.{col}"]
                == c[f"t2.total.{col}"] + c[f"t2.carried_out.{col}"]
            )
        for row in ("new", "total", "carried_out"):
            assert (
                sum(
                    c[f"t2.{row}.{k}"]
                    for k in ("natural", "commercial", "research", "social", "legal", "other")
                )
                == c[f"t2.{row}.total"]
            )
        for grp in ("review", "suit_direct", "suit_after_review"):
            assert (
                sum(c[f"t3.{grp}.{k}"] for k in ("upheld", "corrected", "other", "pending"))
                == c[f"t3.{grp}.total"]
            )
        checked += 1
    assert checked > 30


def test_corpus_has_the_promised_variety(synth_corpus):
    gold = load_gold(synth_corpus)
    assert {g["layout"] for g in gold.values()} == set(LAYOUTS)
    assert {g["meta"]["template"] for g in gold.values()} == {"2019", "2021"}
    assert any(g["planted"] for g in gold.values())
    zero = [
        f
        for g in gold.values()
        for f in g["facts"]
        if f["field"] == "applications_received" and f["value"] == 0
    ]
    assert zero
    sources = list((synth_corpus / "source").iterdir())
    assert {p.suffix for p in sources} == {".html", ".docx"}
    for p in sources[:4]:
        assert read_document(p).text == normalize_text(
            (synth_corpus / "text" / f"{p.stem}.txt").read_text(encoding="utf-8")
        )


def test_same_seed_same_corpus(tmp_path):
    a, b = tmp_path / "a", tmp_path / "b"
    generate_corpus(a, SynthConfig(n=6, seed=3, layouts=("tsv", "markdown")))
    generate_corpus(b, SynthConfig(n=6, seed=3, layouts=("tsv", "markdown")))
    for p in (a / "gold").glob("*.json"):
        assert json.loads(p.read_text()) == json.loads((b / "gold" / p.name).read_text())
        assert (a / "text" / f"{p.stem}.txt").read_text() == (
            b / "text" / f"{p.stem}.txt"
        ).read_text()


def test_flattened_gold_holds_only_what_the_page_determines():
    from ie.schema import TABLES
    from ie.synth.layouts import flattened_open_cells

    printed = {cid: "0" for cid in cell_ids("2021")}
    printed |= {
        "t1.regulation.issued": "5",
        "t1.regulation.repealed": "5",
        "t1.regulation.in_force": "42",
    }
    open_cells = flattened_open_cells("2021", printed)
    assert {
        "t1.regulation.issued",
        "t1.regulation.in_force",
    } <= open_cells  # 5542: 5|5|42, 55|4|2 …
    assert "t1.normative.issued" not in open_cells  # 000 is 0, 0, 0
    assert not any(c.startswith("t3.") for c in open_cells)  # fifteen zeros: one reading
    assert all(c.split(".")[1] in {r.id for r in TABLES["2021"][0].rows} for c in open_cells)
