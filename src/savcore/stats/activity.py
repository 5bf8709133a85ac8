"""Activity (suivi d'activité): repairs per UG, and interventions and time spent per service and
per UG.

An intervention belongs to the period when at least one of its attempts (passages) is dated in
it (Paris date); only those attempts count: their number, the done ones, and the minutes spent
(``VisitAttempt.minutes_spent``). Interventions of other contracts are ignored.
"""

from __future__ import annotations

from collections.abc import Iterable
from decimal import ROUND_HALF_UP, Decimal

from savcore.model.contracts import Contract
from savcore.model.operations import Intervention, InterventionKind, Outcome, VisitAttempt
from savcore.model.sites import ManagementUnit
from savcore.periods import Period
from savcore.reports import Column, ColumnType, Report, format_value
from savcore.stats._common import (
    NO_SERVICE,
    attempts_by_intervention,
    bounds,
    check_period,
    contract_parameters,
    unit_names,
)

__all__ = ["activity_report", "repairs_report"]

_HOUR = Decimal(60)
_CENTS = Decimal("0.01")


def hours(minutes: int) -> Decimal:
    """Minutes as hours, to the hundredth (half up): 50 min -> 0.83 h."""
    return (Decimal(minutes) / _HOUR).quantize(_CENTS, rounding=ROUND_HALF_UP)


def _unit_order(contract: Contract, unit_ids: Iterable[str]) -> list[str]:
    """The contract's units in its order, then any other unit met, sorted."""
    known = set(contract.unit_ids)
    others = sorted({u for u in unit_ids if u not in known})
    return [*contract.unit_ids, *others]


class _Tally:
    __slots__ = ("attempts", "done", "interventions", "minutes", "on_request", "repaired")

    def __init__(self) -> None:
        self.interventions = 0
        self.repaired = 0
        self.on_request = 0
        self.attempts = 0
        self.done = 0
        self.minutes = 0

    def add(self, intervention: Intervention, attempts: list[VisitAttempt]) -> None:
        self.interventions += 1
        self.attempts += len(attempts)
        done = sum(1 for a in attempts if a.outcome is Outcome.DONE)
        self.done += done
        self.repaired += 1 if done else 0
        self.on_request += 1 if intervention.request_id is not None else 0
        self.minutes += sum(a.minutes_spent for a in attempts)


REPAIR_COLUMNS = (
    Column("ug", "UG"),
    Column("residence", "Résidence"),
    Column("repairs", "Dépannages", ColumnType.INTEGER, total=True),
    Column("completed", "Dont terminés", ColumnType.INTEGER, total=True),
    Column("on_request", "Sur demande d'intervention", ColumnType.INTEGER, total=True),
    Column("attempts", "Passages", ColumnType.INTEGER, total=True),
    Column("minutes", "Temps passé (min)", ColumnType.INTEGER, total=True),
)
"""The columns of :func:`repairs_report`."""


def repairs_report(
    contract: Contract,
    interventions: Iterable[Intervention],
    attempts: Iterable[VisitAttempt],
    period: Period,
    *,
    units: Iterable[ManagementUnit] = (),
) -> Report:
    """The repairs (dépannages) per UG over ``period``: repair interventions with an attempt in
    the period, those completed (a done attempt in the period), those answering an intervention
    request, the attempts and the time spent. One row per unit of the contract (zeros included).
    """
    period = check_period(period)
    repairs = {
        i.id: i
        for i in interventions
        if i.kind is InterventionKind.REPAIR and i.contract_id == contract.id
    }
    lo, hi = bounds(period)
    grouped = attempts_by_intervention(attempts, repairs, lo, hi)
    tallies: dict[str, _Tally] = {}
    for iid, group in grouped.items():
        intervention = repairs[iid]
        tallies.setdefault(intervention.unit_id, _Tally()).add(intervention, group)
    names = unit_names(units)
    rows = []
    for unit_id in _unit_order(contract, tallies):
        t = tallies.get(unit_id) or _Tally()
        rows.append(
            (
                unit_id,
                names.get(unit_id, ""),
                t.interventions,
                t.repaired,
                t.on_request,
                t.attempts,
                t.minutes,
            )
        )
    return Report(
        "repairs",
        "Dépannages par UG",
        REPAIR_COLUMNS,
        rows,
        parameters=tuple(contract_parameters(contract, period)),
    )


ACTIVITY_COLUMNS = (
    Column("service", "Prestation"),
    Column("service_label", "Libellé de la prestation"),
    Column("ug", "UG"),
    Column("residence", "Résidence"),
    Column("interventions", "Interventions", ColumnType.INTEGER, total=True),
    Column("attempts", "Passages", ColumnType.INTEGER, total=True),
    Column("done", "Passages réalisés", ColumnType.INTEGER, total=True),
    Column("minutes", "Temps passé (min)", ColumnType.INTEGER, total=True),
    Column("hours", "Temps passé (h)", ColumnType.DECIMAL, total=True),
)
"""The columns of :func:`activity_report`."""


def activity_report(
    contract: Contract,
    interventions: Iterable[Intervention],
    attempts: Iterable[VisitAttempt],
    period: Period,
    *,
    units: Iterable[ManagementUnit] = (),
) -> Report:
    """Activity per service line and per UG over ``period``: interventions with an attempt in the
    period (every kind: preventive, repair, works), attempts, done attempts, and time spent in
    minutes and in hours (to the hundredth, per row).

    Rows follow the contract's service lines, then interventions naming none (``(sans
    prestation)``); within a line, the contract's units. Only pairs with activity are listed.
    """
    period = check_period(period)
    mine = {i.id: i for i in interventions if i.contract_id == contract.id}
    lo, hi = bounds(period)
    grouped = attempts_by_intervention(attempts, mine, lo, hi)
    tallies: dict[tuple[str, str], _Tally] = {}
    for iid, group in grouped.items():
        intervention = mine[iid]
        key = (intervention.service_line_id or NO_SERVICE, intervention.unit_id)
        tallies.setdefault(key, _Tally()).add(intervention, group)
    labels = {line.id: line.label for line in contract.lines}
    line_order = {line_id: k for k, line_id in enumerate(labels)}
    unit_order = {u: k for k, u in enumerate(_unit_order(contract, (u for _, u in tallies)))}
    names = unit_names(units)

    def order(key: tuple[str, str]) -> tuple[int, str, int]:
        line_id, unit_id = key
        return (line_order.get(line_id, len(line_order)), line_id, unit_order[unit_id])

    rows = []
    for key in sorted(tallies, key=order):
        t = tallies[key]
        line_id, unit_id = key
        rows.append(
            (
                line_id,
                labels.get(line_id, ""),
                unit_id,
                names.get(unit_id, ""),
                t.interventions,
                t.attempts,
                t.done,
                t.minutes,
                hours(t.minutes),
            )
        )
    total_minutes = sum(t.minutes for t in tallies.values())
    return Report(
        "activity",
        "Activité par prestation et par UG",
        ACTIVITY_COLUMNS,
        rows,
        parameters=tuple(contract_parameters(contract, period)),
        notes=(
            f"Temps passé total : {total_minutes} min, soit "
            f"{format_value(hours(total_minutes), ColumnType.DECIMAL)} h "
            "(les heures sont arrondies ligne à ligne)",
        ),
    )
