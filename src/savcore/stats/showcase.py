"""A French walk-through of the reports on a portfolio (what ``savcore demo`` can print).

:func:`statistics_showcase` takes a portfolio with a collective contract (the demo's), simulates
that contract's yearly campaign over the period (every due visit of a counting type, attempts
following a fixed pattern: done at once, after one or two absences, three absences, a refusal, a
visit still to come), adds the portfolio's own operations, and builds every report of the
contract for the period. It returns the text (the penetration table, then one line per report)
and the reports themselves (to be written as CSV files). Pure and deterministic.
"""

from __future__ import annotations

from datetime import datetime, time, timedelta

from savcore.billing.progress import build_progress_schedule, visits_done
from savcore.billing.report_views import invoices_report, schedule_report
from savcore.billing.schedule import build_schedule
from savcore.calendars import PARIS, WorkingCalendar
from savcore.model.contracts import BillingBasis, Contract, ContractKind
from savcore.model.operations import Intervention, InterventionKind, Outcome, VisitAttempt
from savcore.model.portfolio import Portfolio
from savcore.operations.due import due_visits
from savcore.periods import Period
from savcore.reports import ColumnType, Report, format_value
from savcore.stats._common import contract_parameters, counting_types
from savcore.stats.activity import activity_report, repairs_report
from savcore.stats.penetration_rate import penetration
from savcore.stats.requests import requests_report
from savcore.stats.supplies import supplies_report
from savcore.stats.visits import dwellings_report, not_done_report

__all__ = ["simulate_campaign", "statistics_showcase"]

_D, _A, _X = Outcome.DONE, Outcome.ABSENT, Outcome.REFUSED
_PATTERNS = ((_D,), (_A, _D), (_D,), (_A, _A, _D), (_D,), (_A, _A, _A), (_D,), (_X,), (_D,), (_A,))
"""The simulated attempts of the n-th visit: 6 done out of 10, 2 not done, 1 refusal, 1 pending
(when the contract allows three attempts)."""
_MINUTES = {_D: 45, _A: 5, _X: 5}


def simulate_campaign(
    portfolio: Portfolio, contract: Contract, period: Period
) -> tuple[list[Intervention], list[VisitAttempt]]:
    """Interventions (``SIM-<n>``) for the visits of a counting type due over ``period`` in the
    contract's dwellings, with attempts on working days, two weeks apart, spread over the period
    (see the module docstring for the outcomes)."""
    calendar = WorkingCalendar(region=contract.intervention.region)
    types = counting_types(contract, None)
    due = [
        v
        for v in due_visits(
            contract, portfolio.ranges, portfolio.dwellings, period, appliances=portfolio.appliances
        )
        if v.dwelling_id is not None and (not types or v.visit_type_id in types)
    ]
    span = max(1, period.days - 60)
    interventions: list[Intervention] = []
    attempts: list[VisitAttempt] = []
    for n, visit in enumerate(due):
        intervention = Intervention(
            f"SIM-{n + 1:05d}",
            contract.id,
            InterventionKind.PREVENTIVE,
            visit.unit_id,
            dwelling_id=visit.dwelling_id,
            appliance_id=visit.appliance_id,
            visit_type_id=visit.visit_type_id,
        )
        interventions.append(intervention)
        first = period.start + timedelta(days=(n * 7) % span)
        pattern = _PATTERNS[n % len(_PATTERNS)][: contract.attempts.max_attempts]
        for number, outcome in enumerate(pattern, start=1):
            day = calendar.next_working_day(first + timedelta(days=14 * (number - 1)), include=True)
            if day >= period.end:
                break
            attempts.append(
                VisitAttempt(
                    f"{intervention.id}-P{number}",
                    intervention.id,
                    datetime.combine(day, time(8 + n % 9), PARIS),
                    outcome,
                    number=number,
                    dwelling_id=visit.dwelling_id,
                    minutes_spent=_MINUTES[outcome],
                )
            )
    return interventions, attempts


def _summary(report: Report) -> str:
    totals = report.totals()
    shown = ", ".join(
        f"{report.column(key).label} {format_value(value, report.column(key).type)}"
        for key, value in totals.items()
        if report.column(key).type is not ColumnType.DATE
    )
    return f"- {report.title} : {len(report.rows)} ligne(s)" + (f" ; {shown}" if shown else "")


def statistics_showcase(
    portfolio: Portfolio, *, period: Period, contract_id: str | None = None
) -> tuple[str, list[Report]]:
    """The walk-through text and the reports (see the module). ``contract_id`` defaults to the
    first collective contract; a portfolio without one gives an explaining text and no report."""
    chosen = [
        c
        for c in portfolio.contracts
        if (c.id == contract_id if contract_id else c.kind is ContractKind.COLLECTIVE)
    ]
    if not chosen:
        return "Statistiques : aucun contrat collectif dans le portefeuille.", []
    contract = chosen[0]
    simulated, simulated_attempts = simulate_campaign(portfolio, contract, period)
    interventions = [*portfolio.interventions, *simulated]
    attempts = [*portfolio.attempts, *simulated_attempts]
    units = portfolio.units
    schedules = [s for s in portfolio.price_schedules if s.contract_id == contract.id]
    if contract.billing.basis is BillingBasis.PROGRESS:
        instalments = build_progress_schedule(
            contract, period.start, period.end, visits_done(interventions, attempts)
        )
    else:
        instalments = build_schedule(contract, period.start, period.end)
    parameters = contract_parameters(contract, period)
    reports = [
        penetration(contract, portfolio.dwellings, interventions, attempts, period, units=units),
        dwellings_report(
            contract, portfolio.dwellings, interventions, attempts, period, units=units
        ),
        not_done_report(
            contract, portfolio.dwellings, interventions, attempts, period, units=units
        ),
        repairs_report(contract, interventions, attempts, period, units=units),
        activity_report(contract, interventions, attempts, period, units=units),
        supplies_report(
            contract, interventions, attempts, period, schedules=schedules, units=units
        ),
        requests_report(
            contract, [r for r in portfolio.requests if r.contract_id == contract.id], period
        ),
        schedule_report(instalments, parameters=parameters),
        invoices_report(
            [
                i
                for i in portfolio.invoices
                if i.contract_id == contract.id and i.issue_date in period
            ],
            parameters=parameters,
        ),
    ]
    lines = [
        f"Statistiques du contrat {contract.id}, {period} "
        f"(campagne simulée : {len(simulated)} visites, {len(simulated_attempts)} passages)",
        "",
        reports[0].render_text(),
        *reports[0].notes,
        "",
        *(_summary(r) for r in reports[1:]),
    ]
    return "\n".join(lines), reports
