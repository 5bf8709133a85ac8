"""Reports on a store: read a contract's data, call the pure report functions
(:mod:`savcore.stats`), return the :class:`~savcore.reports.Report`.

>>> from datetime import date
>>> from savcore.store import MemoryStore
>>> sorted(REPORTS)
['activity', 'dwellings', 'invoices', 'not-done', 'penetration', 'repairs', 'requests', 'schedule', 'supplies', 'supplies-unpriced']
>>> build_report(MemoryStore(), "penetration", "C-1", date(2025, 1, 1), date(2026, 1, 1))
Traceback (most recent call last):
...
savcore.errors.NotFoundError: ...

Nothing is written and nothing reads the clock: reports are "as of" the end of the period.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from datetime import date

import attrs

from savcore.billing.progress import build_progress_schedule, visits_done
from savcore.billing.report_views import invoices_report, schedule_report
from savcore.billing.schedule import build_schedule
from savcore.errors import NotFoundError
from savcore.model.catalog import PriceSchedule
from savcore.model.contracts import BillingBasis, Contract
from savcore.model.operations import Intervention, VisitAttempt
from savcore.model.sites import Dwelling, ManagementUnit
from savcore.periods import Period
from savcore.reports import Report
from savcore.stats import (
    activity_report,
    dwellings_report,
    not_done_report,
    penetration,
    repairs_report,
    requests_report,
    supplies_report,
)
from savcore.stats._common import contract_parameters
from savcore.store.ports import Store

__all__ = ["REPORTS", "ReportKind", "build_report", "contract_attempts"]


def contract_attempts(store: Store, interventions: list[Intervention]) -> list[VisitAttempt]:
    """The attempts of ``interventions``: one query per intervention when they are few, else one
    pass over every attempt of the store (cheaper than a million queries)."""
    if len(interventions) * 4 < store.attempts.count():
        return [a for i in interventions for a in store.attempts.for_intervention(i.id)]
    wanted = {i.id for i in interventions}
    return [a for a in store.attempts.all() if a.intervention_id in wanted]


@attrs.frozen
class _Data:
    """What the report functions read, loaded once per report."""

    store: Store
    contract: Contract
    period: Period

    def units(self) -> list[ManagementUnit]:
        return [u for u in (self.store.units.find(i) for i in self.contract.unit_ids) if u]

    def dwellings(self) -> list[Dwelling]:
        return [d for u in self.contract.unit_ids for d in self.store.dwellings.for_unit(u)]

    def operations(self) -> tuple[list[Intervention], list[VisitAttempt]]:
        interventions = self.store.interventions.for_contract(self.contract.id)
        return interventions, contract_attempts(self.store, interventions)

    def schedules(self) -> list[PriceSchedule]:
        """The contract's BPU first, then the other schedules attached to it."""
        attached = self.store.price_schedules.for_contract(self.contract.id)
        own_id = self.contract.price_schedule_id
        if own_id is None:
            return attached
        own = self.store.price_schedules.get(own_id)
        return [own, *(s for s in attached if s.id != own_id)]


def _penetration(data: _Data) -> Report:
    interventions, attempts = data.operations()
    return penetration(
        data.contract, data.dwellings(), interventions, attempts, data.period, units=data.units()
    )


def _dwellings(data: _Data) -> Report:
    interventions, attempts = data.operations()
    return dwellings_report(
        data.contract, data.dwellings(), interventions, attempts, data.period, units=data.units()
    )


def _not_done(data: _Data) -> Report:
    interventions, attempts = data.operations()
    return not_done_report(
        data.contract, data.dwellings(), interventions, attempts, data.period, units=data.units()
    )


def _repairs(data: _Data) -> Report:
    interventions, attempts = data.operations()
    return repairs_report(data.contract, interventions, attempts, data.period, units=data.units())


def _activity(data: _Data) -> Report:
    interventions, attempts = data.operations()
    return activity_report(data.contract, interventions, attempts, data.period, units=data.units())


def _supplies(data: _Data) -> Report:
    interventions, attempts = data.operations()
    return supplies_report(
        data.contract,
        interventions,
        attempts,
        data.period,
        schedules=data.schedules(),
        units=data.units(),
    )


def _supplies_unpriced(data: _Data) -> Report:
    interventions, attempts = data.operations()
    return supplies_report(
        data.contract, interventions, attempts, data.period, priced=False, units=data.units()
    )


def _requests(data: _Data) -> Report:
    return requests_report(
        data.contract, data.store.requests.for_contract(data.contract.id), data.period
    )


def _schedule(data: _Data) -> Report:
    contract, period = data.contract, data.period
    if contract.billing.basis is BillingBasis.PROGRESS:
        interventions, attempts = data.operations()
        instalments = build_progress_schedule(
            contract, period.start, period.end, visits_done(interventions, attempts)
        )
    else:
        instalments = build_schedule(contract, period.start, period.end)
    return schedule_report(instalments, parameters=contract_parameters(contract, period))


def _invoices(data: _Data) -> Report:
    chosen = [
        i for i in data.store.invoices.for_contract(data.contract.id) if i.issue_date in data.period
    ]
    chosen.sort(key=lambda i: (i.issue_date, i.number or "", i.id))
    return invoices_report(chosen, parameters=contract_parameters(data.contract, data.period))


@attrs.frozen
class ReportKind:
    """A report the store can build: its name (``savcore report NAME``), a French description
    and the function that builds it."""

    name: str
    description: str
    build: Callable[[_Data], Report] = attrs.field(repr=False)


REPORTS: Mapping[str, ReportKind] = {
    kind.name: kind
    for kind in (
        ReportKind("penetration", "taux de pénétration par UG", _penetration),
        ReportKind("dwellings", "logements par résidence : réalisation et absences", _dwellings),
        ReportKind("not-done", "visites non faites par résidence, avec motifs", _not_done),
        ReportKind("repairs", "nombre de dépannages par UG", _repairs),
        ReportKind("activity", "activité et temps passé par prestation et par UG", _activity),
        ReportKind("supplies", "fournitures remplacées par UG, chiffrées", _supplies),
        ReportKind(
            "supplies-unpriced", "fournitures remplacées par UG, non chiffrées", _supplies_unpriced
        ),
        ReportKind("requests", "respect des délais d'intervention par urgence", _requests),
        ReportKind("schedule", "échéancier de facturation", _schedule),
        ReportKind("invoices", "factures et avoirs émis dans la période", _invoices),
    )
}
"""Every report :func:`build_report` knows, by name."""


def build_report(store: Store, name: str, contract_id: str, start: date, end: date) -> Report:
    """The report ``name`` (a key of :data:`REPORTS`) of contract ``contract_id`` over the period
    ``[start, end)`` (``end`` excluded), read from ``store``.

    An unknown report name or contract raises :class:`~savcore.errors.NotFoundError`; ``end``
    not after ``start``, :class:`~savcore.errors.ValidationError`.
    """
    kind = REPORTS.get(name)
    if kind is None:
        raise NotFoundError("rapport", name, context="connus : " + ", ".join(REPORTS))
    period = Period(start, end)
    contract = store.contracts.get(contract_id)
    return kind.build(_Data(store, contract, period))
