"""Cells read one by one made to keep the tables' arithmetic (the model's decoding)."""

from ie.schema import broken_relations, keep_arithmetic
from tests.conftest import load_gold


def consistent_tables(corpus) -> list[dict]:
    """Gold cells of generated reports whose tables add up and that print table 2 in full."""
    out = []
    for gold in load_gold(corpus).values():
        cells = {k: v for k, v in gold["cells"].items() if v is not None}
        if "t2.total.total" in cells and "t3.review.total" in cells and not broken_relations(cells):
            out.append(cells)
    return out


def test_tables_that_add_up_are_left_alone(synth_corpus):
    tables = consistent_tables(synth_corpus)
    assert len(tables) >= 20
    for cells in tables:
        assert keep_arithmetic(cells, {}) == (cells, {}, [])


def test_one_misread_cell_is_re_read_from_the_sums(synth_corpus):
    for cells in consistent_tables(synth_corpus):
        read = dict(cells, **{"t2.total.natural": cells["t2.total.natural"] + 7})
        confidence = {c: 0.99 for c in read} | {"t2.total.natural": 0.4}
        kept, repaired, dropped = keep_arithmetic(read, confidence)
        assert repaired == {"t2.total.natural": cells["t2.total.natural"]}
        assert kept == cells and dropped == []


def test_what_cannot_be_re_read_is_dropped_and_nothing_kept_breaks_a_sum(synth_corpus):
    misread = {"t2.new.total": 3, "t2.new.natural": 5, "t3.review.total": 1}
    for cells in consistent_tables(synth_corpus)[:10]:
        read = {c: v + misread.get(c, 0) for c, v in cells.items()}
        confidence = {c: 0.5 if c in misread else 0.9 for c in read}
        kept, repaired, dropped = keep_arithmetic(read, confidence)
        assert not broken_relations(kept)
        assert set(kept) | set(dropped) == set(read) and set(repaired) <= set(kept)
        assert all(kept[c] == read[c] for c in kept if c not in repaired)
        assert dropped or repaired
        assert kept["t3.review.total"] == cells["t3.review.total"]  # alone in its block: re-read


def test_the_least_confident_of_two_equally_involved_cells_is_suspect():
    cells = {"t3.review.upheld": 2, "t3.review.corrected": 1, "t3.review.other": 0}
    cells |= {"t3.review.pending": 0, "t3.review.total": 4}  # 2+1+0+0 ≠ 4
    kept, repaired, dropped = keep_arithmetic(
        cells, {c: 0.9 for c in cells} | {"t3.review.upheld": 0.3}
    )
    assert not broken_relations(kept)
    assert repaired == {"t3.review.upheld": 3} and dropped == []


def test_a_cell_the_sums_determine_is_filled_in_for_the_reports_format(synth_corpus):
    golds = [g for g in load_gold(synth_corpus).values() if g["meta"]["template"] == "2021"]
    tables = [
        c
        for c in consistent_tables(synth_corpus)
        if any(c == {k: v for k, v in g["cells"].items() if v is not None} for g in golds)
    ]
    assert tables
    for cells in tables:
        read = {c: v for c, v in cells.items() if c != "t2.total.total"}
        assert keep_arithmetic(read, {}) == (read, {}, [])  # the format unknown: nothing added
        kept, repaired, dropped = keep_arithmetic(read, {}, "2021")
        assert kept["t2.total.total"] == cells["t2.total.total"] and not dropped
        assert not broken_relations(kept)
