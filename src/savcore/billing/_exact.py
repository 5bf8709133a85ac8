"""Exact helpers shared by the billing modules: rational rounding to the cent, exact allocation.

Amounts are computed as :class:`fractions.Fraction` (no rounding at all) and rounded once, here.
"""

from __future__ import annotations

from decimal import Decimal
from fractions import Fraction

from savcore.money import Rounding

__all__: list[str] = []

_HUNDRED = Fraction(100)


def round_cents(value: Fraction, rounding: Rounding) -> int:
    """``value`` (euros) rounded to a whole number of cents with ``rounding``, exactly."""
    scaled = value * _HUNDRED
    floor = scaled.numerator // scaled.denominator
    rest = scaled - floor
    if rest == 0:
        return floor
    negative = scaled < 0
    if rounding is Rounding.DOWN:
        return floor + 1 if negative else floor
    if rounding is Rounding.UP:
        return floor if negative else floor + 1
    if rounding is Rounding.HALF_UP:
        if rest == Fraction(1, 2):
            return floor if negative else floor + 1
        return floor + 1 if rest > Fraction(1, 2) else floor
    if rounding is Rounding.HALF_EVEN:
        if rest == Fraction(1, 2):
            return floor + (floor % 2)
        return floor + 1 if rest > Fraction(1, 2) else floor
    raise ValueError(f"mode d'arrondi inconnu : {rounding!r}")  # pragma: no cover


def cents_to_decimal(cents: int) -> Decimal:
    """A whole number of cents as a euro ``Decimal`` with two places (``1234`` -> ``12.34``)."""
    return Decimal(cents).scaleb(-2)


def to_fraction(value: Decimal | int) -> Fraction:
    """An exact ``Fraction`` of a ``Decimal`` or ``int``."""
    return Fraction(value)


def split_equal(total_cents: int, count: int) -> list[int]:
    """``total_cents`` split in ``count`` equal parts, the left-over cents one each to the first
    parts: exactly what :func:`savcore.money.allocate` does with equal weights."""
    base, left = divmod(total_cents, count)
    return [base + 1] * left + [base] * (count - left)


def allocate_exact(total_cents: int, weights: list[Fraction]) -> list[int]:
    """Split ``total_cents`` in proportion to the exact ``weights`` by the rule of
    :func:`savcore.money.allocate`: each part rounded towards zero, then the cents left over one
    each to the parts with the largest remainders, ties to the earlier part.

    Done on fractions rather than through ``allocate`` itself because ``allocate`` sums its weights
    in the ambient decimal context (28 digits), which would round long exact weights; for short
    weights both give the same parts (a test checks it). All-zero weights give all-zero parts.
    """
    weight_sum = sum(weights, Fraction(0))
    if weight_sum == 0:
        return [0] * len(weights)
    sign = -1 if total_cents < 0 else 1
    whole = abs(total_cents)
    shares = [whole * w / weight_sum for w in weights]
    floors = [s.numerator // s.denominator for s in shares]
    left = whole - sum(floors)
    order = sorted(range(len(weights)), key=lambda i: (-(shares[i] - floors[i]), i))
    for i in order[:left]:
        floors[i] += 1
    return [sign * n for n in floors]
