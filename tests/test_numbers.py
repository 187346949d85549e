import pytest

from ie.schema.numbers import is_blank_cell, parse_cell, parse_count


@pytest.mark.parametrize(
    "text,value,approx",
    [
        ("251", 251, False),
        ("十二", 12, False),
        ("二十三", 23, False),
        ("1.2万", 12000, False),
        ("200多", 200, True),
        ("约56", 56, True),
        ("5500余", 5500, True),
        ("1,136", 1136, False),
        ("两", 2, False),
    ],
)
def test_counts(text, value, approx):
    assert parse_count(text) == (value, approx)


@pytest.mark.parametrize(
    "text,value",
    [
        ("增 21", 21),
        ("减25", -25),
        ("+89", 89),
        ("-3", -3),
        ("0 ", 0),
        ("1.2678万元", 1.2678),
        ("12678元", 1.2678),
        ("76.786078", 76.786078),
        ("3,119", 3119),
    ],
)
def test_cells(text, value):
    assert parse_cell(text, amount=True) == pytest.approx(value)


@pytest.mark.parametrize("text", ["", " ", "-", "/", "无", "——"])
def test_blank_cells(text):
    assert is_blank_cell(text) and parse_cell(text) is None
