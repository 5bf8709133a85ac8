"""The revision coefficient ``C = a + Σ bᵢ × Iᵢ/Iᵢ₀``, computed exactly, and its rounding.

The ratios are computed in exact rational arithmetic (:class:`fractions.Fraction`), so rounding
the coefficient happens once, on the exact value: ``0.15 + 0.85 × 107.70/105.90`` is
``1.01444759...``, which gives 1.0144 at four decimals half-up and 1.015 at three decimals up,
never a value shifted by an intermediate rounding.

>>> from decimal import Decimal
>>> from savcore.model.indices import RevisionFormula
>>> from savcore.money import Rounding
>>> f = RevisionFormula.single("BT40", Decimal("0.15"))
>>> c = exact_coefficient(f, {"BT40": Decimal("105.90")}, {"BT40": Decimal("107.70")})
>>> round_fraction(c, 4, Rounding.HALF_UP), round_fraction(c, 3, Rounding.UP)
(Decimal('1.0144'), Decimal('1.015'))
>>> revised_price(Decimal("1000.00"), Decimal("1.0144"))
Decimal('1014.40')
"""

from __future__ import annotations

import decimal
from collections.abc import Mapping
from decimal import Decimal
from fractions import Fraction

from savcore.errors import MissingValueError, ValidationError
from savcore.model.indices import RevisionFormula
from savcore.money import Rounding, quantize, to_decimal

__all__ = [
    "PRODUCT_CONTEXT",
    "decimal_display",
    "exact_coefficient",
    "revised_price",
    "round_fraction",
]


PRODUCT_CONTEXT = decimal.Context(prec=60, traps=[decimal.Inexact, decimal.InvalidOperation])
"""The context of ``P₀ × C``: wide enough for the product to be exact (it raises otherwise),
whatever the caller's own decimal context."""


def exact_coefficient(
    formula: RevisionFormula,
    base_values: Mapping[str, Decimal],
    current_values: Mapping[str, Decimal],
) -> Fraction:
    """The exact coefficient of ``formula`` for the given I₀ and I values (by index code).

    Raises :class:`~savcore.errors.MissingValueError` naming the index when a value is missing,
    :class:`~savcore.errors.ValidationError` when a value is not strictly positive.
    """
    total = Fraction(formula.fixed)
    for term in formula.terms:
        i0 = _value(base_values, term.index, "I₀")
        i = _value(current_values, term.index, "I")
        total += Fraction(term.weight) * Fraction(i) / Fraction(i0)
    return total


def _value(values: Mapping[str, Decimal], code: str, which: str) -> Decimal:
    if code not in values:
        raise MissingValueError("indice", code, which, context="valeur absente pour la formule")
    value = to_decimal(values[code], field=f"{which}({code})")
    if value <= 0:
        raise ValidationError(f"{which}({code})", value, "valeur d'indice non strictement positive")
    return value


def round_fraction(value: Fraction, digits: int, rounding: Rounding) -> Decimal:
    """``value`` rounded to ``digits`` decimals with ``rounding``, exactly (no intermediate
    rounding). An unknown rounding mode raises :class:`~savcore.errors.ValidationError`."""
    if not isinstance(rounding, Rounding):
        raise ValidationError(
            "rounding",
            rounding,
            "mode d'arrondi inconnu (attendu : " + ", ".join(m.value for m in Rounding) + ")",
        )
    scaled = value * 10**digits
    sign = -1 if scaled < 0 else 1
    magnitude = abs(scaled)
    whole, remainder = divmod(magnitude.numerator, magnitude.denominator)
    twice = 2 * remainder
    if rounding is Rounding.DOWN:
        up = False
    elif rounding is Rounding.UP:
        up = remainder != 0
    elif rounding is Rounding.HALF_UP:
        up = twice >= magnitude.denominator
    elif rounding is Rounding.HALF_EVEN:
        up = twice > magnitude.denominator or (twice == magnitude.denominator and whole % 2 == 1)
    else:  # pragma: no cover - exhaustive over Rounding
        raise AssertionError(rounding)
    n = sign * (whole + 1 if up else whole)
    return Decimal(n).scaleb(-digits)


def decimal_display(value: Fraction, digits: int = 12) -> Decimal:
    """``value`` to ``digits`` decimals, half-even: for showing an exact value, never for
    computing with it."""
    return round_fraction(value, digits, Rounding.HALF_EVEN)


def revised_price(
    base_price: Decimal,
    coefficient: Decimal,
    *,
    digits: int = 2,
    rounding: Rounding = Rounding.HALF_UP,
) -> Decimal:
    """``P = P₀ × C`` rounded to ``digits`` decimals (the cent by default) with ``rounding``."""
    p0 = to_decimal(base_price, field="base_price")
    c = to_decimal(coefficient, field="coefficient")
    return quantize(PRODUCT_CONTEXT.multiply(p0, c), Decimal(1).scaleb(-digits), rounding)
