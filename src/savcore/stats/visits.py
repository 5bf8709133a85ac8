"""Per-dwelling visit reports for the landlord: the dwellings of each residence with the date
done and the dates of the 1st and 2nd absences, and the visits not done with their reasons.

Both read the state of each counting visit with :func:`savcore.operations.campaign_status`, from
the attempts dated inside the period only, "as of" the period's last day. They count the same
dwellings and visits as :func:`savcore.stats.penetration` (same scope, same counting visit types,
same order of precedence when a dwelling has several counting visits: done, then not done, then
pending), so their rows add up to its columns.
"""

from __future__ import annotations

from collections.abc import Iterable

from savcore.calendars import WorkingCalendar
from savcore.model.contracts import Contract
from savcore.model.operations import Intervention, VisitAttempt
from savcore.model.sites import Dwelling, ManagementUnit
from savcore.operations.attempts import (
    OUTCOME_LABELS,
    VisitState,
    VisitStatus,
    campaign_status,
)
from savcore.periods import Period
from savcore.reports import Column, ColumnType, Report
from savcore.stats._common import (
    attempts_by_intervention,
    bounds,
    check_period,
    contract_parameters,
    counting_types,
    counting_visit,
    types_label,
    unit_names,
)

__all__ = ["dwellings_report", "not_done_report"]

_RANK = {VisitState.DONE: 0, VisitState.NOT_DONE: 1, VisitState.PENDING: 2}


def _scope(contract: Contract, dwellings: Iterable[Dwelling], period: Period) -> list[Dwelling]:
    """The contract's dwellings in scope during ``period``, by unit (contract order) then
    reference and id."""
    order = {unit_id: k for k, unit_id in enumerate(contract.unit_ids)}
    chosen = [d for d in dwellings if d.unit_id in order and d.in_scope_during(period)]
    chosen.sort(key=lambda d: (order[d.unit_id], d.reference, d.id))
    return chosen


def _statuses(
    contract: Contract,
    in_scope: list[Dwelling],
    interventions: Iterable[Intervention],
    attempts: Iterable[VisitAttempt],
    period: Period,
    visit_type_ids: Iterable[str] | None,
    calendar: WorkingCalendar | None,
) -> tuple[dict[str, list[VisitStatus]], dict[str, Intervention]]:
    """Status of every counting visit, by dwelling id; and the visits by id."""
    ids = {d.id for d in in_scope}
    types = counting_types(contract, visit_type_ids)
    visits = {
        i.id: i
        for i in interventions
        if counting_visit(i, contract.id, types) and i.dwelling_id in ids
    }
    lo, hi = bounds(period)
    grouped = attempts_by_intervention(attempts, visits, lo, hi)
    statuses = campaign_status(
        visits.values(),
        [a for group in grouped.values() for a in group],
        contract.attempts,
        calendar or WorkingCalendar(region=contract.intervention.region),
        today=period.last,
    )
    by_dwelling: dict[str, list[VisitStatus]] = {}
    for status in statuses:
        assert status.dwelling_id is not None
        by_dwelling.setdefault(status.dwelling_id, []).append(status)
    return by_dwelling, visits


def _main_status(statuses: list[VisitStatus]) -> VisitStatus | None:
    """The visit that decides a dwelling's state: done first, then not done, then the pending
    one with the most attempts (ties: the first intervention id)."""
    if not statuses:
        return None
    return min(statuses, key=lambda s: (_RANK[s.state], -s.attempts, s.intervention_id))


DWELLING_COLUMNS = (
    Column("ug", "UG"),
    Column("residence", "Résidence"),
    Column("dwelling", "Logement"),
    Column("building", "Bâtiment"),
    Column("state", "État"),
    Column("done_on", "Date de réalisation", ColumnType.DATE),
    Column("first_absence_on", "Date 1re absence", ColumnType.DATE),
    Column("second_absence_on", "Date 2e absence", ColumnType.DATE),
    Column("attempts", "Passages", ColumnType.INTEGER, total=True),
    Column("reason", "Motif"),
)
"""The columns of :func:`dwellings_report`."""


def dwellings_report(
    contract: Contract,
    dwellings: Iterable[Dwelling],
    interventions: Iterable[Intervention],
    attempts: Iterable[VisitAttempt],
    period: Period,
    *,
    units: Iterable[ManagementUnit] = (),
    visit_type_ids: Iterable[str] | None = None,
    calendar: WorkingCalendar | None = None,
) -> Report:
    """Every dwelling in scope, residence by residence: its state (réalisée, non faite, en
    attente), the date done, the dates of the 1st and 2nd absences, the number of attempts in the
    period and, when not done, the reason.

    A dwelling with no counting visit is pending with no attempt. ``units`` gives the residences'
    names; ``calendar`` (default: the contract's region) only matters for pending visits.
    """
    period = check_period(period)
    in_scope = _scope(contract, dwellings, period)
    by_dwelling, _ = _statuses(
        contract, in_scope, interventions, attempts, period, visit_type_ids, calendar
    )
    names = unit_names(units)
    rows = []
    counts = dict.fromkeys(VisitState, 0)
    for dwelling in in_scope:
        status = _main_status(by_dwelling.get(dwelling.id, []))
        state = status.state if status is not None else VisitState.PENDING
        counts[state] += 1
        rows.append(
            (
                dwelling.unit_id,
                names.get(dwelling.unit_id, ""),
                dwelling.reference,
                dwelling.building_id or "",
                state.label,
                status.done_on if status else None,
                status.first_absence_on if status else None,
                status.second_absence_on if status else None,
                status.attempts if status else 0,
                (status.reason or "") if status else "",
            )
        )
    parameters = contract_parameters(contract, period)
    parameters.append(("Visites comptées", types_label(counting_types(contract, visit_type_ids))))
    notes = (
        f"{len(rows)} logement(s) : {counts[VisitState.DONE]} réalisé(s), "
        f"{counts[VisitState.NOT_DONE]} non fait(s), {counts[VisitState.PENDING]} en attente",
    )
    return Report(
        "dwellings",
        "Logements par résidence : réalisation et absences",
        DWELLING_COLUMNS,
        rows,
        parameters=tuple(parameters),
        notes=notes,
    )


NOT_DONE_COLUMNS = (
    Column("ug", "UG"),
    Column("residence", "Résidence"),
    Column("dwelling", "Logement"),
    Column("visit_type", "Type de visite"),
    Column("intervention", "Intervention"),
    Column("attempts", "Passages", ColumnType.INTEGER, total=True),
    Column("first_absence_on", "Date 1re absence", ColumnType.DATE),
    Column("second_absence_on", "Date 2e absence", ColumnType.DATE),
    Column("last_outcome", "Dernier résultat"),
    Column("reason", "Motif"),
)
"""The columns of :func:`not_done_report`."""


def not_done_report(
    contract: Contract,
    dwellings: Iterable[Dwelling],
    interventions: Iterable[Intervention],
    attempts: Iterable[VisitAttempt],
    period: Period,
    *,
    units: Iterable[ManagementUnit] = (),
    visit_type_ids: Iterable[str] | None = None,
    calendar: WorkingCalendar | None = None,
) -> Report:
    """The counting visits closed as not done in the period, residence by residence, with the
    attempts, the absence dates, the last outcome and the reason (refus, appareil arrêté, absence
    au dernier passage prévu...).

    A dwelling done through another counting visit is not listed (it is done). The notes give the
    number of visits not done per residence.
    """
    period = check_period(period)
    in_scope = _scope(contract, dwellings, period)
    by_dwelling, visits = _statuses(
        contract, in_scope, interventions, attempts, period, visit_type_ids, calendar
    )
    names = unit_names(units)
    rows = []
    per_unit: dict[str, int] = {}
    for dwelling in in_scope:
        statuses = by_dwelling.get(dwelling.id, [])
        if any(s.state is VisitState.DONE for s in statuses):
            continue
        for status in sorted(statuses, key=lambda s: s.intervention_id):
            if status.state is not VisitState.NOT_DONE:
                continue
            per_unit[dwelling.unit_id] = per_unit.get(dwelling.unit_id, 0) + 1
            rows.append(
                (
                    dwelling.unit_id,
                    names.get(dwelling.unit_id, ""),
                    dwelling.reference,
                    visits[status.intervention_id].visit_type_id or "",
                    status.intervention_id,
                    status.attempts,
                    status.first_absence_on,
                    status.second_absence_on,
                    OUTCOME_LABELS[status.last_outcome] if status.last_outcome else "",
                    status.reason or "",
                )
            )
    parameters = contract_parameters(contract, period)
    parameters.append(("Visites comptées", types_label(counting_types(contract, visit_type_ids))))
    notes = tuple(
        f"{unit_id} : {per_unit[unit_id]} visite(s) non faite(s)"
        for unit_id in contract.unit_ids
        if unit_id in per_unit
    ) or ("Aucune visite non faite",)
    return Report(
        "not-done",
        "Visites non faites par résidence, avec motifs",
        NOT_DONE_COLUMNS,
        rows,
        parameters=tuple(parameters),
        notes=notes,
    )
