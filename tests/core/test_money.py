"""savcore.money: hand-computed examples (arithmetic in the comments) and properties of allocate."""

from __future__ import annotations

from decimal import Decimal
from fractions import Fraction

import pytest
from hypothesis import given
from hypothesis import strategies as st

from savcore.errors import FloatAmountError, ValidationError
from savcore.money import CENT, ZERO, Rounding, VatRate, allocate, quantize, to_decimal, vat_amount
from savcore.testing import money

D = Decimal


# --- allocate: hand-computed ----------------------------------------------------------------------


def test_allocate_100_over_3() -> None:
    # 10000 cents / 3 = 3333.33 each: floors 3333 x 3 = 9999, 1 cent left -> first part (ties
    # broken by position): 33.34 + 33.33 + 33.33 = 100.00
    assert allocate(D("100.00"), [1, 1, 1]) == [D("33.34"), D("33.33"), D("33.33")]


def test_allocate_1000_over_weights_1_2_3_4() -> None:
    # sum of weights 10: 1000 x 1/10 = 100, x 2/10 = 200, x 3/10 = 300, x 4/10 = 400, exact
    assert allocate(D("1000.00"), [1, 2, 3, 4]) == [
        D("100.00"),
        D("200.00"),
        D("300.00"),
        D("400.00"),
    ]


def test_allocate_largest_remainder_wins() -> None:
    # 10000 cents over 3/7/11 (sum 21): 1428.571, 3333.333, 5238.095 -> floors 1428 + 3333 + 5238
    # = 9999; the cent left goes to the largest remainder (.571, the first): 14.29, 33.33, 52.38
    assert allocate(D("100.00"), [3, 7, 11]) == [D("14.29"), D("33.33"), D("52.38")]


def test_allocate_annual_amount_over_twelve_months() -> None:
    # 100000 cents / 12 = 8333.33: floors 8333 x 12 = 99996, 4 cents left -> first four months
    parts = allocate(D("1000.00"), [1] * 12)
    assert parts == [D("83.34")] * 4 + [D("83.33")] * 8
    assert sum(parts) == D("1000.00")


def test_allocate_over_dwellings_of_three_units() -> None:
    # 12 000.00 over 40, 35, 25 dwellings (sum 100): 4800.00, 4200.00, 3000.00
    assert allocate(D("12000.00"), [40, 35, 25]) == [D("4800.00"), D("4200.00"), D("3000.00")]


def test_allocate_negative_total() -> None:
    # same split as +100.00, signs reversed: -33.34 - 33.33 - 33.33 = -100.00
    assert allocate(D("-100.00"), [1, 1, 1]) == [D("-33.34"), D("-33.33"), D("-33.33")]


def test_allocate_zero_weight_gets_zero() -> None:
    # weights 0, 1, 1: 50.00 / 2 = 25.00 each for the non-zero ones
    assert allocate(D("50.00"), [0, 1, 1]) == [D("0.00"), D("25.00"), D("25.00")]


def test_allocate_zero_total() -> None:
    assert allocate(D("0.00"), [1, 2]) == [ZERO, ZERO]


def test_allocate_decimal_weights() -> None:
    # weights 0.5 and 1.5 (sum 2): 10.01 -> 1001 cents x 1/4 = 250.25, x 3/4 = 750.75 ->
    # floors 250 + 750 = 1000, the cent left to the larger remainder (.75, the second): 2.50, 7.51
    assert allocate(D("10.01"), [D("0.5"), D("1.5")]) == [D("2.50"), D("7.51")]


def test_allocate_with_another_quantum() -> None:
    # 1000 thousandths / 3: 333 x 3 = 999, one thousandth to the first: 0.334, 0.333, 0.333
    assert allocate(D("1.000"), [1, 1, 1], quantum=D("0.001")) == [
        D("0.334"),
        D("0.333"),
        D("0.333"),
    ]


@pytest.mark.parametrize(
    ("total", "weights", "field"),
    [
        (D("100.00"), [0, 0], "weights"),
        (D("100.00"), [], "weights"),
        (D("100.00"), [1, -1], "weights[1]"),
        (D("100.001"), [1, 1], "total"),
        (D("100.00"), [1, "x"], "weights[1]"),
    ],
    ids=["zero-weights", "no-weight", "negative-weight", "not-at-the-cent", "not-a-number"],
)
def test_allocate_refuses(total: Decimal, weights: list[object], field: str) -> None:
    with pytest.raises(ValidationError) as info:
        allocate(total, weights)  # type: ignore[arg-type]
    assert info.value.field == field


# --- quantize and VAT: hand-computed --------------------------------------------------------------


@pytest.mark.parametrize(
    ("amount", "rounding", "expected"),
    [
        ("2.675", Rounding.HALF_UP, "2.68"),  # 2.675 is exact in Decimal: half-up -> 2.68
        ("0.125", Rounding.HALF_UP, "0.13"),
        ("-0.125", Rounding.HALF_UP, "-0.13"),  # away from zero on the half
        ("0.125", Rounding.HALF_EVEN, "0.12"),  # to the even cent
        ("0.135", Rounding.HALF_EVEN, "0.14"),
        ("1.011", Rounding.UP, "1.02"),  # away from zero
        ("-1.011", Rounding.UP, "-1.02"),
        ("1.019", Rounding.DOWN, "1.01"),  # truncation
        ("12", Rounding.HALF_UP, "12.00"),
    ],
)
def test_quantize_examples(amount: str, rounding: Rounding, expected: str) -> None:
    result = quantize(D(amount), rounding=rounding)
    assert result == D(expected)
    assert result.as_tuple().exponent == -2


def test_quantize_to_another_quantum() -> None:
    # coefficient 1.03456 to 4 decimals, half-up: 1.0346
    assert quantize(D("1.03456"), D("0.0001")) == D("1.0346")


def test_vat_at_5_5_percent() -> None:
    # 1234.56 x 5.5 % = 67.9008 -> 67.90
    assert vat_amount(D("1234.56"), VatRate.REDUCED) == D("67.90")


def test_vat_at_10_percent_rounds_half_up() -> None:
    # 1250.05 x 10 % = 125.005 -> 125.01 (half-up); half-even would give 125.00
    assert vat_amount(D("1250.05"), VatRate.INTERMEDIATE) == D("125.01")
    assert vat_amount(D("1250.05"), VatRate.INTERMEDIATE, Rounding.HALF_EVEN) == D("125.00")


def test_vat_at_20_and_2_1_and_0_percent() -> None:
    # 99.99 x 20 % = 19.998 -> 20.00; 99.99 x 2.1 % = 2.09979 -> 2.10; x 0 % = 0.00
    assert vat_amount(D("99.99"), VatRate.STANDARD) == D("20.00")
    assert vat_amount(D("99.99"), VatRate.SUPER_REDUCED) == D("2.10")
    assert vat_amount(D("99.99"), VatRate.ZERO) == D("0.00")


@pytest.mark.parametrize(
    ("percent", "rate"),
    [
        ("20", VatRate.STANDARD),
        (10, VatRate.INTERMEDIATE),
        ("5.50", VatRate.REDUCED),
        (D("2.1"), VatRate.SUPER_REDUCED),
        ("0", VatRate.ZERO),
    ],
)
def test_vat_rate_from_percent(percent: object, rate: VatRate) -> None:
    assert VatRate.from_percent(percent) is rate


def test_vat_rate_fraction() -> None:
    assert VatRate.REDUCED.fraction == D("0.055")
    assert VatRate.STANDARD.percent == D("20")


@pytest.mark.parametrize("percent", ["19.6", "7", "5", "-20", "abc"])
def test_vat_rate_not_allowed(percent: str) -> None:
    with pytest.raises(ValidationError) as info:
        VatRate.from_percent(percent)
    assert info.value.field == "vat_rate"


# --- to_decimal and floats ------------------------------------------------------------------------


def test_to_decimal_accepts_decimal_int_and_decimal_text() -> None:
    assert to_decimal(D("1.50")) == D("1.50")
    assert to_decimal(3) == D(3)
    assert to_decimal(" 12.50 ") == D("12.50")


@pytest.mark.parametrize("bad", [True, "abc", "NaN", "Infinity", None, [1]])
def test_to_decimal_refuses(bad: object) -> None:
    with pytest.raises(ValidationError) as info:
        to_decimal(bad, field="prix")
    assert info.value.field == "prix"
    assert not isinstance(info.value, FloatAmountError)


def test_floats_are_refused_everywhere() -> None:
    calls = {
        "to_decimal": lambda: to_decimal(0.1),
        "quantize": lambda: quantize(0.1),  # type: ignore[arg-type]
        "allocate total": lambda: allocate(1.0, [1]),  # type: ignore[arg-type]
        "allocate weight": lambda: allocate(D("1.00"), [0.5]),  # type: ignore[list-item]
        "vat_amount": lambda: vat_amount(100.0, VatRate.STANDARD),  # type: ignore[arg-type]
        "from_percent": lambda: VatRate.from_percent(20.0),
    }
    fields = {}
    for name, call in calls.items():
        with pytest.raises(FloatAmountError) as info:
            call()
        fields[name] = info.value.field
        assert "float" in str(info.value)
    assert fields == {
        "to_decimal": "amount",
        "quantize": "amount",
        "allocate total": "total",
        "allocate weight": "weights[0]",
        "vat_amount": "base",
        "from_percent": "vat_rate",
    }


def test_float_error_is_a_validation_error_and_a_value_error() -> None:
    with pytest.raises(ValueError, match="float"):
        to_decimal(0.1)


# --- allocate: properties -------------------------------------------------------------------------

_weights = st.lists(
    st.integers(0, 10_000) | money(min_value=0, max_value=1000, places=3),
    min_size=1,
    max_size=20,
).filter(lambda ws: any(w > 0 for w in ws))
_totals = money(min_value=-1_000_000, max_value=1_000_000)


@given(_totals, _weights)
def test_allocate_parts_add_up_to_the_total(total: Decimal, weights: list[Decimal | int]) -> None:
    parts = allocate(total, weights)
    assert len(parts) == len(weights)
    assert sum(parts, ZERO) == total
    assert all(part.as_tuple().exponent == -2 for part in parts)


@given(_totals, _weights)
def test_each_part_is_within_a_cent_of_its_exact_share(
    total: Decimal, weights: list[Decimal | int]
) -> None:
    weight_sum = sum((Fraction(w) for w in weights), Fraction(0))
    for part, weight in zip(allocate(total, weights), weights, strict=True):
        exact = Fraction(total) * Fraction(weight) / weight_sum
        assert abs(Fraction(part) - exact) < Fraction(CENT)


@given(_totals, _weights)
def test_allocate_is_deterministic_and_signed(total: Decimal, weights: list[Decimal | int]) -> None:
    parts = allocate(total, weights)
    assert allocate(total, list(weights)) == parts
    for part, weight in zip(parts, weights, strict=True):
        if weight == 0:
            assert part == 0
        assert part * total >= 0  # never of the opposite sign


@given(_totals, _weights)
def test_allocate_of_the_opposite_is_the_opposite(
    total: Decimal, weights: list[Decimal | int]
) -> None:
    assert allocate(-total, weights) == [-part for part in allocate(total, weights)]


@given(money(min_value=-1_000_000, max_value=1_000_000, places=5), st.sampled_from(list(Rounding)))
def test_quantize_is_within_a_cent_and_idempotent(amount: Decimal, rounding: Rounding) -> None:
    result = quantize(amount, rounding=rounding)
    assert abs(result - amount) < CENT
    assert quantize(result, rounding=rounding) == result
