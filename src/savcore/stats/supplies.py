"""Replaced supplies per UG (remplacements de fournitures), priced (chiffré, with the P2/P3
coverage discounts) or unpriced (non chiffré: quantities only).

A supply belongs to the period when the attempt that replaced it is dated in it (Paris date).
Priced, each supply is priced and discounted by :func:`savcore.billing.cover_supplies`, exactly as
automatic invoicing does: a supply keeps the price written on the report (chiffré) or takes the
one of the first price schedule that has its item. Yearly warranty caps are consumed in order from
the start of the contract year that contains the period's first day, so the supplies replaced
earlier in that contract year (before the period) reduce what is left of the cap, as on the
invoices; ``consumed`` adds what earlier invoices used, as for billing.

Rows are per UG and item code (one row per article replaced in a residence).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from decimal import Decimal

import attrs

from savcore.billing.coverage import SupplyEvent, cover_supplies, price_supply
from savcore.calendars import PARIS
from savcore.errors import MissingValueError
from savcore.model.catalog import PriceSchedule
from savcore.model.contracts import Contract, WarrantyLevel
from savcore.model.operations import Intervention, VisitAttempt
from savcore.model.sites import ManagementUnit
from savcore.money import ZERO
from savcore.periods import Period
from savcore.reports import Column, ColumnType, Report
from savcore.stats._common import bounds, check_period, contract_parameters, unit_names

__all__ = ["supplies_report", "supply_events"]


def supply_events(
    contract: Contract,
    interventions: Iterable[Intervention],
    attempts: Iterable[VisitAttempt],
    period: Period,
) -> list[SupplyEvent]:
    """One :class:`~savcore.billing.SupplyEvent` per attempt of the contract's interventions with
    replaced supplies, dated (Paris) in ``period``: the attempt's id is the event id, the
    intervention's service line and unit come along (VAT rate of the line)."""
    mine = {i.id: i for i in interventions if i.contract_id == contract.id}
    lo, hi = bounds(check_period(period))
    events: list[SupplyEvent] = []
    for attempt in attempts:
        if not attempt.replacements:
            continue
        intervention = mine.get(attempt.intervention_id)
        if intervention is None or not lo <= attempt.at < hi:
            continue
        line_id = intervention.service_line_id
        event = SupplyEvent(
            attempt.id,
            attempt.at.astimezone(PARIS).date(),
            attempt.replacements,
            line_id=line_id,
            unit_id=intervention.unit_id,
        )
        if line_id is not None:
            event = attrs.evolve(event, vat_rate=contract.line(line_id).vat_rate)
        events.append(event)
    return events


class _Line:
    __slots__ = ("discount", "events", "family", "gross", "label", "quantity", "unpriced")

    def __init__(self, label: str, family: str | None) -> None:
        self.label = label
        self.family = family
        self.quantity = Decimal(0)
        self.gross = ZERO
        self.discount = ZERO
        self.events: set[str] = set()
        self.unpriced = False


UNPRICED_COLUMNS = (
    Column("ug", "UG"),
    Column("residence", "Résidence"),
    Column("item", "Code article"),
    Column("label", "Désignation"),
    Column("family", "Famille"),
    Column("interventions", "Passages", ColumnType.INTEGER, total=True),
    Column("quantity", "Quantité", ColumnType.DECIMAL, total=True),
)
"""The columns of the unpriced :func:`supplies_report`."""

PRICED_COLUMNS = (
    *UNPRICED_COLUMNS,
    Column("gross", "Montant HT", ColumnType.MONEY, total=True),
    Column("discount", "Remise garantie", ColumnType.MONEY, total=True),
    Column("net", "Net HT", ColumnType.MONEY, total=True),
)
"""The columns of the priced :func:`supplies_report`."""


def supplies_report(
    contract: Contract,
    interventions: Iterable[Intervention],
    attempts: Iterable[VisitAttempt],
    period: Period,
    *,
    priced: bool = True,
    schedules: Sequence[PriceSchedule] = (),
    consumed: Mapping[tuple[str | None, Period], Decimal] | None = None,
    units: Iterable[ManagementUnit] = (),
) -> Report:
    """The supplies replaced per UG and article over ``period`` (see the module docstring).

    Priced: amount excl. VAT, warranty discount and net, per row; ``schedules`` price the supplies
    reported without a price (the contract's BPU first). A supply priced nowhere leaves its row's
    amounts empty (``None``) and a note names it (invoicing would refuse it); it consumes no
    warranty cap. Unpriced: quantities only, nothing is priced.
    """
    period = check_period(period)
    rows_by_key: dict[tuple[str, str], _Line] = {}

    def line_for(unit_id: str | None, code: str, label: str, family: str | None) -> _Line:
        key = (unit_id or "", code)
        found = rows_by_key.get(key)
        if found is None:
            found = rows_by_key[key] = _Line(label, family)
        return found

    missing: dict[tuple[str, str], int] = {}
    if priced:
        year_start = min(contract.contract_year(period.start).start, period.start)
        events = supply_events(contract, interventions, attempts, Period(year_start, period.end))
        priceable: list[SupplyEvent] = []
        for event in events:
            kept = []
            for r in event.replacements:
                try:
                    price_supply(r, event.day, schedules)
                except MissingValueError:
                    if event.day in period:
                        line = line_for(event.unit_id, r.item_code, r.label, r.family)
                        line.quantity += r.quantity
                        line.events.add(event.id)
                        line.unpriced = True
                        key = (event.unit_id or "", r.item_code)
                        missing[key] = missing.get(key, 0) + 1
                    continue
                kept.append(r)
            if kept:
                priceable.append(attrs.evolve(event, replacements=tuple(kept)))
        for supply in cover_supplies(contract, priceable, schedules=schedules, consumed=consumed):
            if supply.day not in period:
                continue
            r = supply.replacement
            line = line_for(supply.unit_id, r.item_code, r.label, r.family)
            line.quantity += r.quantity
            line.gross += supply.gross
            line.discount += supply.discount
            line.events.add(supply.event_id)
    else:
        for event in supply_events(contract, interventions, attempts, period):
            for r in event.replacements:
                line = line_for(event.unit_id, r.item_code, r.label, r.family)
                line.quantity += r.quantity
                line.events.add(event.id)

    order = {unit_id: k for k, unit_id in enumerate(contract.unit_ids)}
    names = unit_names(units)
    rows = []
    for (unit_id, code), line in sorted(
        rows_by_key.items(), key=lambda kv: (order.get(kv[0][0], len(order)), kv[0])
    ):
        row: tuple[object, ...] = (
            unit_id,
            names.get(unit_id, ""),
            code,
            line.label,
            line.family or "",
            len(line.events),
            line.quantity,
        )
        if priced and line.unpriced:
            row = (*row, None, None, None)
        elif priced:
            row = (*row, line.gross, line.discount, line.gross - line.discount)
        rows.append(row)
    parameters = contract_parameters(contract, period)
    parameters.append(("Garantie", _warranty_label(contract)))
    notes = tuple(
        f"{unit_id} / {code} : {n} fourniture(s) sans prix (ni prix saisi, ni article au "
        "bordereau) : montants non calculés"
        for (unit_id, code), n in sorted(missing.items())
    )
    return Report(
        "supplies",
        "Fournitures remplacées par UG" + (" (chiffrées)" if priced else " (non chiffrées)"),
        PRICED_COLUMNS if priced else UNPRICED_COLUMNS,
        rows,
        parameters=tuple(parameters),
        notes=notes,
    )


def _warranty_label(contract: Contract) -> str:
    labels = {
        WarrantyLevel.NONE: "aucune (fournitures facturées)",
        WarrantyLevel.PARTIAL: "garantie partielle (P3)",
        WarrantyLevel.TOTAL: "garantie totale (P3)",
    }
    return labels[contract.warranty.level]
