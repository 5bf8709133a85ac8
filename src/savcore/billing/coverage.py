"""Replaced supplies: priced from the BPU or catalogue, discounted by the P2/P3 warranty
(remise automatique P2/P3).

The warranty that applies is the service line's override when the event names a line that has one,
else the contract's. For each supply, in chronological order of the events:

- ``NONE``: no discount.
- ``TOTAL``: the supply is free when it is in the covered scope (``families``/``locations`` when
  given, everything otherwise): discount = its price, reason "Garantie totale".
- ``PARTIAL``: when in scope, discount = ``discount_percent`` of the price, rounded once to the cent
  with the contract's rounding, then limited by what is left of ``cap_per_event`` in this
  intervention and of ``cap_per_year`` in the contract year (anniversary to anniversary) of the
  event. Yearly caps are consumed across events; ``consumed`` carries what earlier invoices
  already used, so a cap is never granted twice.

Every supply keeps its line on the invoice with its price; the discount is a line allowance with its
reason (BT-139). A covered supply whose cap is exhausted says so in its label.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from datetime import date, timedelta
from decimal import Decimal

import attrs

from savcore.billing._format import percent
from savcore.errors import MissingValueError, NotFoundError
from savcore.model import _validate as v
from savcore.model.catalog import PriceSchedule
from savcore.model.contracts import Contract, Warranty, WarrantyLevel
from savcore.model.invoices import InvoiceLine
from savcore.model.operations import Replacement
from savcore.money import CENT, ZERO, Rounding, VatRate, quantize
from savcore.money import format_euros as euros
from savcore.periods import Period

__all__ = [
    "CoveredSupply",
    "SupplyEvent",
    "cover_supplies",
    "price_supply",
    "supply_source_id",
    "yearly_consumption",
]


@attrs.frozen
class SupplyEvent:
    """The supplies replaced during one intervention (one *event* for the per-event cap).

    ``line_id`` is the service line the intervention falls under (its warranty overrides the
    contract's); ``vat_rate`` applies to supplies not priced from a schedule item.
    """

    id: str = attrs.field(validator=v.identifier)
    day: date = attrs.field(validator=v.a_date)
    replacements: tuple[Replacement, ...] = attrs.field(validator=v.tuple_of(Replacement))
    line_id: str | None = attrs.field(default=None, validator=v.optional_identifier)
    unit_id: str | None = attrs.field(default=None, validator=v.optional_identifier)
    vat_rate: VatRate = attrs.field(default=VatRate.INTERMEDIATE, validator=v.member_of(VatRate))


@attrs.frozen
class CoveredSupply:
    """A priced supply and its warranty discount (``discount`` <= ``gross``), with the reason.

    ``cap_key`` identifies the yearly cap it consumed: the warranty's owner (line id, or ``None``
    for the contract's) and the contract year.
    """

    event_id: str
    day: date
    replacement: Replacement
    unit_price: Decimal
    vat_rate: VatRate
    gross: Decimal
    discount: Decimal
    reason: str | None
    note: str | None
    cap_key: tuple[str | None, Period]
    unit_id: str | None = None
    rounding: Rounding = Rounding.HALF_UP
    source_id: str | None = None
    """``fourniture:<event id>:<n>``: written on the invoice line (``instalment_id``) so that an
    invoiced supply is recognised and never invoiced twice."""

    @property
    def net(self) -> Decimal:
        """Amount billed excl. VAT: price minus discount."""
        return self.gross - self.discount

    def invoice_line(self, position: int) -> InvoiceLine:
        """The invoice line showing the price, the discount and its reason."""
        label = f"{self.replacement.label} (fourniture, intervention {self.event_id})"
        if self.note:
            label = f"{label} - {self.note}"
        return InvoiceLine(
            position=position,
            label=label,
            quantity=self.replacement.quantity,
            unit_price=self.unit_price,
            vat_rate=self.vat_rate,
            discount=self.discount,
            discount_reason=self.reason if self.discount else None,
            item_code=self.replacement.item_code,
            unit_id=self.unit_id,
            period=Period(self.day, self.day + timedelta(days=1)),
            rounding=self.rounding,
            instalment_id=self.source_id,
        )


def supply_source_id(event_id: str, position: int) -> str:
    """The id of the ``position``-th supply (from 1) of the event ``event_id``."""
    return f"fourniture:{event_id}:{position}"


def price_supply(
    replacement: Replacement, day: date, schedules: Sequence[PriceSchedule] = ()
) -> tuple[Decimal, VatRate | None]:
    """The unit price of ``replacement`` on ``day`` and the VAT rate of its schedule item.

    A priced report (chiffré) keeps its own price; otherwise the first schedule (the contract's BPU,
    then catalogues) that has the item on ``day`` prices it. Raises
    :class:`~savcore.errors.MissingValueError` when none does.
    """
    if replacement.unit_price is not None:
        return replacement.unit_price, None
    for schedule in schedules:
        try:
            item = schedule.item(replacement.item_code, day)
        except NotFoundError:
            continue
        return item.unit_price, item.vat_rate
    raise MissingValueError(
        "prix de fourniture",
        replacement.item_code,
        f"le {day:%d/%m/%Y}",
        context="ni prix saisi, ni article au bordereau ou au catalogue",
    )


def _in_scope(warranty: Warranty, replacement: Replacement) -> bool:
    if warranty.families and replacement.family not in warranty.families:
        return False
    return not (warranty.locations and replacement.location not in warranty.locations)


def cover_supplies(
    contract: Contract,
    events: Iterable[SupplyEvent],
    *,
    schedules: Sequence[PriceSchedule] = (),
    consumed: Mapping[tuple[str | None, Period], Decimal] | None = None,
) -> list[CoveredSupply]:
    """Price every supply of ``events`` and apply the warranty (see the module docstring).

    Events are taken by day, then id; supplies in their order. ``consumed`` gives the yearly caps
    already used (by ``cap_key``), e.g. from :func:`yearly_consumption` of earlier invoices.
    Price errors name the contract and the intervention.
    """
    rounding = contract.billing.rounding
    used_year: dict[tuple[str | None, Period], Decimal] = dict(consumed or {})
    out: list[CoveredSupply] = []
    for event in sorted(events, key=lambda e: (e.day, e.id)):
        owner: str | None = None
        warranty = contract.warranty
        if event.line_id is not None:
            line = contract.line(event.line_id)
            if line.warranty is not None:
                owner, warranty = line.id, line.warranty
        key = (owner, contract.contract_year(event.day))
        used_event = ZERO
        for n, replacement in enumerate(event.replacements, start=1):
            try:
                price, item_vat = price_supply(replacement, event.day, schedules)
            except MissingValueError as exc:
                where = f"contrat {contract.id}, intervention {event.id}"
                exc.context = f"{where} : {exc.context}" if exc.context else where
                raise
            gross = quantize(replacement.quantity * price, CENT, rounding)
            discount, reason, note = ZERO, None, None
            if warranty.level is WarrantyLevel.TOTAL and _in_scope(warranty, replacement):
                discount, reason = gross, "Garantie totale (P3) : fourniture couverte"
            elif warranty.level is WarrantyLevel.PARTIAL and _in_scope(warranty, replacement):
                wanted = quantize(gross * warranty.discount_percent / 100, CENT, rounding)
                discount = wanted
                reason = f"Garantie partielle (P3) : {percent(warranty.discount_percent)}"
                limits: list[str] = []
                if warranty.cap_per_event is not None:
                    left = max(warranty.cap_per_event - used_event, ZERO)
                    if discount > left:
                        discount = left
                        limits.append(f"plafond par intervention {euros(warranty.cap_per_event)}")
                if warranty.cap_per_year is not None:
                    left = max(warranty.cap_per_year - used_year.get(key, ZERO), ZERO)
                    if discount > left:
                        discount = left
                        limits.append(f"plafond annuel {euros(warranty.cap_per_year)}")
                if limits:
                    reason += f", limitée au {' et au '.join(limits)}"
                    if discount == 0:
                        note = "garantie non appliquée : " + " et ".join(limits) + " atteint"
            used_event += discount
            used_year[key] = used_year.get(key, ZERO) + discount
            out.append(
                CoveredSupply(
                    event_id=event.id,
                    day=event.day,
                    replacement=replacement,
                    unit_price=price,
                    vat_rate=item_vat or event.vat_rate,
                    gross=gross,
                    discount=discount,
                    reason=reason if discount else None,
                    note=note,
                    cap_key=key,
                    unit_id=event.unit_id,
                    rounding=rounding,
                    source_id=supply_source_id(event.id, n),
                )
            )
    return out


def yearly_consumption(
    supplies: Iterable[CoveredSupply],
) -> dict[tuple[str | None, Period], Decimal]:
    """The warranty discounts granted, summed by yearly cap (``cap_key``)."""
    out: dict[tuple[str | None, Period], Decimal] = {}
    for supply in supplies:
        out[supply.cap_key] = out.get(supply.cap_key, ZERO) + supply.discount
    return out
