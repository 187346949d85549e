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


@pytest.mark.parametrize("digits", ["0", "7", "007", "2021", "123456789012345", "١٢"])
def test_plain_digits_read_as_the_general_grammar_reads_them(digits):
    """Plain digit strings take a short path; it must agree with the grammar, type included."""
    from ie.schema.numbers import _parse_cell, _parse_count

    assert parse_count(digits) == _parse_count.__wrapped__(digits)
    assert type(parse_count(digits)[0]) is type(_parse_count.__wrapped__(digits)[0])
    for amount in (False, True):
        assert parse_cell(digits, amount) == _parse_cell.__wrapped__(digits, amount)
        assert type(parse_cell(digits, amount)) is type(_parse_cell.__wrapped__(digits, amount))


def test_more_digits_than_a_float_holds_are_not_counts():
    assert parse_count("1234567890123456") is None and parse_cell("1234567890123456") is None
