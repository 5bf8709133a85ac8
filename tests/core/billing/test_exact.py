"""The exact rounding and allocation helpers agree with savcore.money."""

from __future__ import annotations

from decimal import Decimal
from fractions import Fraction

from hypothesis import given
from hypothesis import strategies as st

from savcore.billing._exact import allocate_exact, round_cents, split_equal
from savcore.money import Rounding, allocate, quantize


@given(st.integers(0, 10**9), st.lists(st.integers(0, 10**6), min_size=1, max_size=14))
def test_allocate_exact_matches_money_allocate(total: int, weights: list[int]) -> None:
    if sum(weights) == 0:
        assert allocate_exact(total, [Fraction(w) for w in weights]) == [0] * len(weights)
        return
    expected = [int(p.scaleb(2)) for p in allocate(Decimal(total).scaleb(-2), weights)]
    assert allocate_exact(total, [Fraction(w) for w in weights]) == expected


@given(st.integers(0, 10**9), st.integers(1, 12))
def test_split_equal_matches_allocate(total: int, count: int) -> None:
    assert split_equal(total, count) == allocate_exact(total, [Fraction(1)] * count)


@given(
    st.decimals(Decimal("-1000"), Decimal("1000"), places=4),
    st.sampled_from(Rounding),
)
def test_round_cents_matches_quantize(value: Decimal, rounding: Rounding) -> None:
    assert round_cents(Fraction(value), rounding) == int(
        quantize(value, rounding=rounding).scaleb(2)
    )
