"""Provisional to final: the credit and debit note drafts that regularise invoice lines billed
with a revised price computed from provisional index values.

Billing issues the notes; this module only says, per invoice line, how much was billed, how much
should have been, and the exact difference.

>>> from datetime import date
>>> from decimal import Decimal
>>> from savcore.periods import Period
>>> line = BilledLine("F-2019-0042", "1", Period.month(2019, 2), None, Decimal("1000.00"),
...                   Decimal("1"), Decimal("1012.70"), "REV-1")
>>> correction_amount(line, Decimal("1.0144"), price_digits=2, price_rounding=Rounding.HALF_UP)
Decimal('1014.40')
"""

from __future__ import annotations

import enum
from collections.abc import Iterable
from decimal import Decimal

import attrs

from savcore.errors import ConfigurationError
from savcore.model import _validate as v
from savcore.model.indices import Revision, RevisionClause
from savcore.money import CENT, Rounding, quantize
from savcore.periods import Period
from savcore.revision.coefficient import PRODUCT_CONTEXT, revised_price
from savcore.revision.compute import family_key

__all__ = [
    "AdjustmentKind",
    "BilledLine",
    "RegularisationDraft",
    "correction_amount",
    "regularisation_drafts",
]


class AdjustmentKind(enum.Enum):
    """Which document regularises a line."""

    CREDIT = "credit"
    """Avoir: too much was billed."""
    DEBIT = "debit"
    """Facture complémentaire (note de débit): too little was billed."""


@attrs.frozen
class BilledLine:
    """An invoice line already issued with a revised price.

    The billed amount is ``round(unit price × quantity)`` to the cent, half-up, where the unit
    price is ``P₀ × C`` rounded as the clause says: ``quantity`` is the number of units, or the
    share of the annual price billed (``Decimal("0.25")`` for a quarter of an annual amount).
    """

    invoice_id: str = attrs.field(validator=v.identifier)
    line_ref: str = attrs.field(validator=v.identifier)
    """Reference of the line in its invoice."""
    period: Period = attrs.field(validator=v.instance_of(Period))
    """The period billed."""
    family: str | None = attrs.field(validator=v.optional_identifier)
    """Price family of the billed price (``None``: the clause's default formula)."""
    base_price: Decimal = attrs.field(validator=v.NON_NEGATIVE)
    """P₀, the base price the revised price was computed from."""
    quantity: Decimal = attrs.field(validator=v.decimal_value())
    billed_amount: Decimal = attrs.field(validator=v.decimal_value())
    """Amount excl. VAT as invoiced."""
    revision_id: str = attrs.field(validator=v.identifier)
    """The (provisional) revision whose price was billed."""


@attrs.frozen
class RegularisationDraft:
    """A credit or debit note line to issue: the exact difference for one invoice line."""

    invoice_id: str
    line_ref: str
    period: Period
    family: str | None
    kind: AdjustmentKind
    billed_amount: Decimal
    corrected_amount: Decimal
    difference: Decimal
    """``corrected_amount - billed_amount``: positive for a debit, negative for a credit."""
    provisional_revision_id: str
    final_revision_id: str


def correction_amount(
    line: BilledLine, coefficient: Decimal, *, price_digits: int, price_rounding: Rounding
) -> Decimal:
    """The amount ``line`` should have had with ``coefficient``."""
    price = revised_price(
        line.base_price, coefficient, digits=price_digits, rounding=price_rounding
    )
    return quantize(PRODUCT_CONTEXT.multiply(price, line.quantity), CENT, Rounding.HALF_UP)


def regularisation_drafts(
    lines: Iterable[BilledLine], final: Revision, clause: RevisionClause
) -> tuple[RegularisationDraft, ...]:
    """One draft per line of ``lines`` whose amount differs under ``final`` (the revision that
    supersedes the provisional one the lines were billed with); lines already right give none.

    A line billed with another revision than the one ``final`` supersedes raises
    :class:`~savcore.errors.ConfigurationError`.
    """
    drafts = []
    for line in lines:
        if final.supersedes is not None and line.revision_id != final.supersedes:
            raise ConfigurationError(
                f"facture {line.invoice_id}, ligne {line.line_ref}",
                "revision_id",
                f"facturée avec la révision {line.revision_id}, "
                f"alors que {final.id} remplace {final.supersedes}",
            )
        key = family_key(clause, line.family, subject=f"facture {line.invoice_id}")
        result = final.result_for(key)
        if result is None:
            raise ConfigurationError(
                f"facture {line.invoice_id}, ligne {line.line_ref}",
                "family",
                f"la révision {final.id} n'a pas de coefficient pour la famille {key!r}",
            )
        corrected = correction_amount(
            line,
            result.applied_coefficient,
            price_digits=clause.price_digits,
            price_rounding=clause.price_rounding,
        )
        difference = corrected - line.billed_amount
        if difference == 0:
            continue
        drafts.append(
            RegularisationDraft(
                invoice_id=line.invoice_id,
                line_ref=line.line_ref,
                period=line.period,
                family=line.family,
                kind=AdjustmentKind.DEBIT if difference > 0 else AdjustmentKind.CREDIT,
                billed_amount=line.billed_amount,
                corrected_amount=corrected,
                difference=difference,
                provisional_revision_id=line.revision_id,
                final_revision_id=final.id,
            )
        )
    return tuple(drafts)
