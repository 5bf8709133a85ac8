"""Exact money: ``Decimal`` only, explicit rounding, exact splits, French VAT rates.

Amounts are plain :class:`decimal.Decimal` values in euros. They are quantized to the cent at
well-defined points (an instalment, an invoice line, a VAT total) and never in between. Floats are
refused everywhere with :class:`~savcore.errors.FloatAmountError`: ``0.1 + 0.2`` is not a price.

>>> from decimal import Decimal
>>> allocate(Decimal("100.00"), [1, 1, 1])
[Decimal('33.34'), Decimal('33.33'), Decimal('33.33')]
>>> quantize(Decimal("2.675"), rounding=Rounding.HALF_UP)
Decimal('2.68')
"""

from __future__ import annotations

import decimal
import enum
from collections.abc import Sequence
from decimal import Decimal
from fractions import Fraction

from savcore.errors import FloatAmountError, ValidationError

__all__ = [
    "CENT",
    "ZERO",
    "Rounding",
    "VatRate",
    "allocate",
    "format_euros",
    "quantize",
    "to_decimal",
    "vat_amount",
]

CENT = Decimal("0.01")
"""The quantum of a euro amount."""

ZERO = Decimal("0.00")
"""Zero euros, at the cent."""

# Every computation uses its own context, never the thread's global one: 28 significant digits are
# plenty for euros, and a local context cannot be changed under our feet by the caller.
_CONTEXT = decimal.Context(
    prec=34, rounding=decimal.ROUND_HALF_UP, traps=[decimal.InvalidOperation]
)


class Rounding(enum.Enum):
    """How a value is rounded to its quantum (a contract parameter; half-up is French usage)."""

    HALF_UP = "half-up"
    """Arrondi commercial: 0.125 -> 0.13, -0.125 -> -0.13."""
    HALF_EVEN = "half-even"
    """Arrondi bancaire: 0.125 -> 0.12, 0.135 -> 0.14."""
    UP = "up"
    """Away from zero (arrondi au supérieur): 1.0141 -> 1.015 at the thousandth."""
    DOWN = "down"
    """Towards zero (troncature): 1.0149 -> 1.014 at the thousandth."""

    @property
    def decimal_mode(self) -> str:
        """The :mod:`decimal` rounding constant for this mode."""
        return _MODES[self]


_MODES: dict[Rounding, str] = {
    Rounding.HALF_UP: decimal.ROUND_HALF_UP,
    Rounding.HALF_EVEN: decimal.ROUND_HALF_EVEN,
    Rounding.UP: decimal.ROUND_UP,
    Rounding.DOWN: decimal.ROUND_DOWN,
}


def to_decimal(value: object, *, field: str = "amount", entity: str | None = None) -> Decimal:
    """Convert ``value`` (``Decimal``, ``int`` or decimal string) to a finite ``Decimal``.

    Raises :class:`~savcore.errors.FloatAmountError` for a float and
    :class:`~savcore.errors.ValidationError` (naming ``field``) for anything else that is not a
    finite decimal number (booleans, ``"abc"``, ``NaN``, infinity).
    """
    if isinstance(value, float):
        raise FloatAmountError(field, value, entity=entity)
    if isinstance(value, bool):
        raise ValidationError(field, value, "un booléen n'est pas un nombre", entity=entity)
    if isinstance(value, Decimal):
        result = value
    elif isinstance(value, int):
        result = Decimal(value)
    elif isinstance(value, str):
        try:
            result = Decimal(value.strip())
        except decimal.InvalidOperation:
            raise ValidationError(
                field, value, "ce texte n'est pas un nombre décimal", entity=entity
            ) from None
    else:
        raise ValidationError(
            field, value, f"type {type(value).__name__} refusé : attendu Decimal", entity=entity
        )
    if not result.is_finite():
        raise ValidationError(field, value, "nombre non fini (NaN ou infini)", entity=entity)
    return result


def quantize(
    amount: Decimal, quantum: Decimal = CENT, rounding: Rounding = Rounding.HALF_UP
) -> Decimal:
    """Round ``amount`` to ``quantum`` (the cent by default) with an explicit rounding mode."""
    amount = to_decimal(amount, field="amount")
    return amount.quantize(quantum, rounding=rounding.decimal_mode, context=_CONTEXT)


def allocate(
    total: Decimal,
    weights: Sequence[Decimal | int],
    quantum: Decimal = CENT,
) -> list[Decimal]:
    """Split ``total`` in proportion to ``weights`` so that the parts add up exactly to ``total``.

    ``total`` must already be a multiple of ``quantum``. Each part is first rounded towards zero;
    the quanta left over go one each to the parts with the largest remainders, ties broken by
    position (earlier first), so the split is deterministic. A zero weight gets zero. Negative
    totals are split the same way (the parts are all negative or zero).

    Raises :class:`~savcore.errors.ValidationError` for an empty list, a negative weight, weights
    summing to zero, or a total that is not a multiple of the quantum.
    """
    total = to_decimal(total, field="total")
    if not weights:
        raise ValidationError("weights", weights, "au moins un poids est nécessaire")
    ws = [to_decimal(w, field=f"weights[{i}]") for i, w in enumerate(weights)]
    for i, w in enumerate(ws):
        if w < 0:
            raise ValidationError(f"weights[{i}]", w, "un poids ne peut pas être négatif")
    weight_sum = sum(ws, Decimal(0))
    if weight_sum == 0:
        raise ValidationError("weights", weights, "la somme des poids est nulle")
    units = total / quantum
    if units != units.to_integral_value():
        raise ValidationError("total", total, f"le montant n'est pas un multiple de {quantum}")
    sign = -1 if units < 0 else 1
    whole = int(abs(units))
    # Exact rational arithmetic on whole quanta: no rounding happens before the remainders are known.
    shares = [Fraction(whole) * Fraction(w) / Fraction(weight_sum) for w in ws]
    floors = [int(share) for share in shares]
    left = whole - sum(floors)
    by_remainder = sorted(range(len(ws)), key=lambda i: (-(shares[i] - floors[i]), i))
    for i in by_remainder[:left]:
        floors[i] += 1
    return [(sign * n * quantum).quantize(quantum) for n in floors]


class VatRate(enum.Enum):
    """The French VAT rates (taux de TVA), by their percentage as written on an invoice.

    ``ZERO`` covers exempt operations and reverse charge (autoliquidation): the invoice must then
    carry the exemption reason.
    """

    STANDARD = "20"
    """Taux normal, 20 %."""
    INTERMEDIATE = "10"
    """Taux intermédiaire, 10 % (entretien et amélioration de logements de plus de deux ans)."""
    REDUCED = "5.5"
    """Taux réduit, 5,5 % (travaux d'amélioration de la qualité énergétique)."""
    SUPER_REDUCED = "2.1"
    """Taux particulier, 2,1 %."""
    ZERO = "0"
    """Exonération ou autoliquidation, 0 %."""

    @property
    def percent(self) -> Decimal:
        """The rate in percent, e.g. ``Decimal("5.5")``."""
        return Decimal(self.value)

    @property
    def fraction(self) -> Decimal:
        """The rate as a fraction, e.g. ``Decimal("0.055")``."""
        return Decimal(self.value) / 100

    @classmethod
    def from_percent(cls, percent: object, *, field: str = "vat_rate") -> VatRate:
        """The rate whose percentage equals ``percent`` (``"20"``, ``Decimal("5.50")``, 10).

        Raises :class:`~savcore.errors.ValidationError` for a rate not allowed in France.
        """
        value = to_decimal(percent, field=field)
        for rate in cls:
            if rate.percent == value:
                return rate
        raise ValidationError(field, percent, "taux de TVA non autorisé (20, 10, 5,5, 2,1 ou 0 %)")


def vat_amount(base: Decimal, rate: VatRate, rounding: Rounding = Rounding.HALF_UP) -> Decimal:
    """VAT on ``base`` at ``rate``, rounded once to the cent (EN 16931 BR-CO-17)."""
    return quantize(to_decimal(base, field="base") * rate.fraction, CENT, rounding)


def format_euros(amount: Decimal) -> str:
    """``amount`` as a French reader expects it: ``Decimal("-1234.5")`` -> ``"-1 234,50 €"``
    (two decimals, half-up; a space between thousands)."""
    text = f"{quantize(to_decimal(amount, field='amount')):,.2f}"
    return text.replace(",", " ").replace(".", ",") + " €"
