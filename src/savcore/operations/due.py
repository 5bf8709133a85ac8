"""Which preventive visits are due, for which dwellings and appliances, over a period.

A contract names its maintenance ranges (gammes); a range lists visit types, each with a
periodicity and the appliance kinds it is for, and applies to some of the contract's management
units (all of them when the range names none). A visit type of periodicity *P* is due once in every
calendar period of *P* (once per calendar year for the yearly boiler service, as the Code de
l'environnement, R224-41-4, asks; once per calendar half-year for a half-yearly visit).

For a visit type that names appliance kinds, one visit is due per matching appliance: in each
dwelling, and for the unit's collective appliances (boiler room, substation). A visit type that
names none is due once per dwelling.

>>> from datetime import date
>>> from savcore.periods import Period
>>> str(occurrence_windows(Periodicity.HALF_YEARLY, Period(date(2025, 3, 1), date(2026, 1, 1)))[0])
'du 01/03/2025 au 30/06/2025'
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping
from datetime import date

import attrs

from savcore.calendars import PARIS
from savcore.errors import NotFoundError, ValidationError
from savcore.model.contracts import Contract
from savcore.model.operations import Intervention, VisitAttempt
from savcore.model.ranges import MaintenanceRange, VisitType
from savcore.model.sites import Appliance, Dwelling, Location
from savcore.periods import Period, Periodicity, calendar_period_containing

__all__ = ["DueVisit", "due_visits", "occurrence_windows", "outstanding_visits"]


@attrs.frozen
class DueVisit:
    """One preventive visit that is due: a visit type, for a dwelling or an appliance, to be done
    inside ``window``.

    ``window`` is the calendar period of the visit type's periodicity, cut to the period asked
    for and to the days the dwelling belongs to the contract. A collective appliance's visit has no
    ``dwelling_id``. Built by :func:`due_visits`; not validated again.
    """

    contract_id: str
    range_id: str
    visit_type_id: str
    unit_id: str
    window: Period
    duration_minutes: int
    building_id: str | None = None
    dwelling_id: str | None = None
    appliance_id: str | None = None

    @property
    def target(self) -> str:
        """What is visited: the appliance id, else the dwelling id, else the unit id."""
        return self.appliance_id or self.dwelling_id or self.unit_id

    def sort_key(self) -> tuple[date, str, str, str, str, str, str]:
        """The planning order: window start, then residence, building, dwelling, appliance, range
        and visit type (visits of one residence and one building come together)."""
        return (
            self.window.start,
            self.unit_id,
            self.building_id or "",
            self.dwelling_id or "",
            self.appliance_id or "",
            self.range_id,
            self.visit_type_id,
        )


def occurrence_windows(periodicity: Periodicity, period: Period) -> list[Period]:
    """The calendar periods of ``periodicity`` that meet ``period``, each cut to ``period``.

    Every visit type of that periodicity is due once in each of these windows.
    """
    if not isinstance(period, Period):
        raise ValidationError("period", period, "une période (Period) est attendue")
    windows: list[Period] = []
    day = period.start
    while day < period.end:
        full = calendar_period_containing(day, periodicity)
        part = full.intersection(period)
        assert part is not None  # ``day`` is in both
        windows.append(part)
        day = full.end
    return windows


def _scope(dwelling: Dwelling, period: Period) -> Period | None:
    start = max(period.start, dwelling.added_on) if dwelling.added_on else period.start
    end = min(period.end, dwelling.withdrawn_on) if dwelling.withdrawn_on else period.end
    return Period(start, end) if start < end else None


def _vacant_throughout(dwelling: Dwelling, window: Period) -> bool:
    return any(vacancy.contains_period(window) for vacancy in dwelling.vacancies)


def _applicable_ranges(
    contract: Contract, ranges: Iterable[MaintenanceRange]
) -> list[MaintenanceRange]:
    by_id = {r.id: r for r in ranges}
    selected: list[MaintenanceRange] = []
    for range_id in contract.range_ids:
        if range_id not in by_id:
            raise NotFoundError("gamme de maintenance", range_id, context=f"contrat {contract.id}")
        selected.append(by_id[range_id])
    return selected


def due_visits(
    contract: Contract,
    ranges: Iterable[MaintenanceRange],
    dwellings: Iterable[Dwelling],
    period: Period,
    *,
    appliances: Iterable[Appliance] = (),
    unit_ids: Iterable[str] | None = None,
    exclude_vacant: bool = False,
) -> list[DueVisit]:
    """The preventive visits due over ``period`` under ``contract``, in planning order
    (:meth:`DueVisit.sort_key`).

    ``ranges`` must hold every range the contract names (``contract.range_ids``), else
    :class:`~savcore.errors.NotFoundError`. Dwellings and appliances of units outside the contract
    are ignored; ``unit_ids`` narrows the residences further (a campaign on some of them). A
    dwelling counts from its ``added_on`` to its ``withdrawn_on``; with ``exclude_vacant`` a
    dwelling empty during a whole window has no visit due in it.
    """
    if not isinstance(period, Period):
        raise ValidationError("period", period, "une période (Period) est attendue")
    selected = _applicable_ranges(contract, ranges)
    contract_units = set(contract.unit_ids)
    if unit_ids is not None:
        wanted = set(unit_ids)
        unknown = sorted(wanted - contract_units)
        if unknown:
            raise NotFoundError("UG", unknown[0], context=f"absente du contrat {contract.id}")
        contract_units &= wanted

    # (unit, range, visit type) triples, and per unit the visit types by appliance kind.
    plans: dict[str, list[tuple[MaintenanceRange, VisitType]]] = defaultdict(list)
    for maintenance_range in selected:
        range_units = set(maintenance_range.unit_ids) or contract_units
        for unit_id in sorted(range_units & contract_units):
            for visit_type in maintenance_range.visit_types:
                plans[unit_id].append((maintenance_range, visit_type))
    if not plans:
        return []

    windows_cache: dict[Periodicity, list[Period]] = {}

    def windows_of(periodicity: Periodicity) -> list[Period]:
        if periodicity not in windows_cache:
            windows_cache[periodicity] = occurrence_windows(periodicity, period)
        return windows_cache[periodicity]

    dwelling_appliances: dict[str, list[Appliance]] = defaultdict(list)
    collective: dict[str, list[Appliance]] = defaultdict(list)
    for appliance in appliances:
        if appliance.unit_id not in plans:
            continue
        if appliance.location is Location.COLLECTIVE:
            collective[appliance.unit_id].append(appliance)
        elif appliance.dwelling_id is not None:
            dwelling_appliances[appliance.dwelling_id].append(appliance)

    result: list[DueVisit] = []
    for dwelling in dwellings:
        unit_plans = plans.get(dwelling.unit_id)
        if unit_plans is None:
            continue
        whole = dwelling.added_on is None and dwelling.withdrawn_on is None
        scope = period if whole else _scope(dwelling, period)
        if scope is None:
            continue
        own = dwelling_appliances.get(dwelling.id, ())
        for maintenance_range, visit_type in unit_plans:
            targets: list[str | None] = (
                [a.id for a in own if a.kind in visit_type.appliance_kinds]
                if visit_type.appliance_kinds
                else [None]
            )
            if not targets:
                continue
            for window in windows_of(visit_type.periodicity):
                cut = window if whole else window.intersection(scope)
                if cut is None or (exclude_vacant and _vacant_throughout(dwelling, cut)):
                    continue
                for appliance_id in targets:
                    result.append(
                        DueVisit(
                            contract.id,
                            maintenance_range.id,
                            visit_type.id,
                            dwelling.unit_id,
                            cut,
                            visit_type.duration_minutes,
                            dwelling.building_id,
                            dwelling.id,
                            appliance_id,
                        )
                    )
    for unit_id, unit_appliances in collective.items():
        for maintenance_range, visit_type in plans[unit_id]:
            if not visit_type.appliance_kinds:
                continue
            for appliance in unit_appliances:
                if appliance.kind not in visit_type.appliance_kinds:
                    continue
                for window in windows_of(visit_type.periodicity):
                    result.append(
                        DueVisit(
                            contract.id,
                            maintenance_range.id,
                            visit_type.id,
                            unit_id,
                            window,
                            visit_type.duration_minutes,
                            None,
                            None,
                            appliance.id,
                        )
                    )
    result.sort(key=DueVisit.sort_key)
    return result


def outstanding_visits(
    due: Iterable[DueVisit],
    interventions: Iterable[Intervention],
    attempts: Iterable[VisitAttempt],
) -> list[DueVisit]:
    """The visits of ``due`` not yet done: those without a done attempt, dated inside their
    window, of a preventive intervention for the same visit type, dwelling and appliance."""
    by_id: Mapping[str, Intervention] = {i.id: i for i in interventions}
    done: dict[tuple[str | None, str | None, str | None], list[date]] = defaultdict(list)
    for attempt in attempts:
        if not attempt.outcome.is_done:
            continue
        intervention = by_id.get(attempt.intervention_id)
        if intervention is None:
            continue
        dwelling_id = attempt.dwelling_id or intervention.dwelling_id
        key = (intervention.visit_type_id, dwelling_id, intervention.appliance_id)
        done[key].append(_local_date(attempt))
    result = []
    for visit in due:
        days = done.get((visit.visit_type_id, visit.dwelling_id, visit.appliance_id), ())
        if not any(day in visit.window for day in days):
            result.append(visit)
    return result


def _local_date(attempt: VisitAttempt) -> date:
    return attempt.at.astimezone(PARIS).date()
