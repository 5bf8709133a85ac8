"""A French walk-through of the operations on a portfolio (what ``savcore demo`` can print).

:func:`operations_showcase` takes a portfolio (the demo's, or any with a collective contract) and,
without touching any store: plans a boiler campaign for one residence, simulates absences at the
first attempts and books the 2nd and 3rd attempts per the contract's rule, prints the resulting
report per dwelling, assesses the intervention requests against their deadlines and prices the
purchase orders of the framework agreements against their maximum. Pure and deterministic.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, datetime, timedelta

import attrs

from savcore.calendars import PARIS, WorkingCalendar
from savcore.model.contracts import Contract, ContractKind
from savcore.model.operations import Appointment, Outcome, VisitAttempt
from savcore.model.portfolio import Portfolio
from savcore.operations.attempts import VisitState, campaign_status
from savcore.operations.due import due_visits
from savcore.operations.orders import consumption, price_order
from savcore.operations.planning import interventions_for, plan_campaign, plan_next_attempts
from savcore.operations.requests import assess_request
from savcore.periods import Period

__all__ = ["operations_showcase"]

# The simulated outcomes of the first attempts, then of the attempts that follow an absence.
_FIRST = (Outcome.DONE, Outcome.ABSENT, Outcome.ABSENT, Outcome.REFUSED, Outcome.ABSENT)
_SECOND = (Outcome.DONE, Outcome.ABSENT, Outcome.ABSENT)
_THIRD = (Outcome.ABSENT, Outcome.DONE)


def _d(day: date | None) -> str:
    return f"{day:%d/%m/%Y}" if day else "-"


def _euros(amount: object) -> str:
    return f"{amount} EUR"


def operations_showcase(
    portfolio: Portfolio,
    *,
    window: Period,
    now: datetime,
    unit_id: str | None = None,
    simulated: int = 5,
) -> str:
    """The walk-through as text (see the module). ``window`` is the campaign's; ``now`` dates the
    request assessments and the report; ``unit_id`` defaults to the first unit of the first
    collective contract; ``simulated`` is the number of dwellings whose attempts are simulated."""
    lines: list[str] = []
    collective = [c for c in portfolio.contracts if c.kind is ContractKind.COLLECTIVE]
    if collective:
        lines += _campaign(portfolio, collective[0], window, now, unit_id, simulated)
    lines += _requests(portfolio, now)
    lines += _orders(portfolio)
    return "\n".join(lines)


def _campaign(
    portfolio: Portfolio,
    contract: Contract,
    window: Period,
    now: datetime,
    unit_id: str | None,
    simulated: int,
) -> list[str]:
    unit = unit_id or contract.unit_ids[0]
    calendar = WorkingCalendar(region=contract.intervention.region)
    rule = contract.attempts
    due = due_visits(
        contract,
        portfolio.ranges,
        portfolio.dwellings,
        Period.year(window.start.year),
        appliances=portfolio.appliances,
        unit_ids=[unit],
    )
    plan = plan_campaign(
        due,
        window,
        portfolio.technicians,
        calendar,
        campaign=f"CAMP-{window.start.year}",
        notice_days=rule.notice_days,
        units=portfolio.units,
        today=window.start - timedelta(days=rule.notice_days + 7),
    )
    days = sorted({a.at.astimezone(PARIS).date() for a in plan.appointments})
    lines = [
        f"Campagne d'entretien {plan.campaign}, UG {unit} ({contract.id}) : {len(due)} visite(s) "
        f"due(s), {len(plan.planned)} planifiée(s) {window}, {len(plan.unplanned)} reportée(s)",
    ]
    if days:
        first = plan.appointments[0]
        lines.append(
            f"  du {_d(days[0])} au {_d(days[-1])} ({len(days)} jours ouvrés) ; premier "
            f"rendez-vous {first.at.astimezone(PARIS):%d/%m/%Y %H:%M} ({first.technician_id}), "
            f"avis de passage le {_d(first.notice_on)}"
        )
    chosen = [p for p in plan.planned if p.visit.dwelling_id is not None][:simulated]
    interventions = interventions_for(attrs.evolve(plan, planned=tuple(chosen), unplanned=()))
    appointments: list[Appointment] = [p.appointment for p in chosen]
    attempts: list[VisitAttempt] = []
    for round_number, outcomes in enumerate((_FIRST, _SECOND, _THIRD), start=1):
        statuses = campaign_status(
            interventions, attempts, rule, calendar, today=window.start, appointments=appointments
        )
        if round_number > 1:
            repeat = plan_next_attempts(
                statuses, window, portfolio.technicians, calendar, units=portfolio.units
            )
            appointments += repeat.appointments
            statuses = campaign_status(
                interventions,
                attempts,
                rule,
                calendar,
                today=window.start,
                appointments=appointments,
            )
        pending = [s for s in statuses if s.state is VisitState.PENDING]
        by_id = {a.id: a for a in appointments}
        for status, outcome in zip(pending, _cycle(outcomes, len(pending)), strict=True):
            if status.appointment_id is None:
                continue
            booked = by_id[status.appointment_id]
            attempts.append(
                VisitAttempt(
                    f"{status.intervention_id}-A{status.planned_number}",
                    status.intervention_id,
                    booked.at + timedelta(minutes=5),
                    outcome,
                    number=status.planned_number or 1,
                    dwelling_id=status.dwelling_id,
                    technician_id=booked.technician_id,
                    minutes_spent=45 if outcome is Outcome.DONE else 5,
                )
            )
    report = campaign_status(
        interventions, attempts, rule, calendar, today=now.date(), appointments=appointments
    )
    lines.append(
        f"  passages simulés sur {len(interventions)} logement(s) (règle : {rule.max_attempts} "
        f"passages, {rule.min_days_between} j d'écart, avis {rule.notice_days} j avant) :"
    )
    lines.append("    logement        état       réalisée    1re absence 2e absence  motif")
    for s in report:
        reason = s.reason or (f"prévu le {_d(s.planned_on)}" if s.planned_on else "")
        lines.append(
            f"    {s.dwelling_id or s.unit_id:<15} {s.state.label:<10} {_d(s.done_on):<11} "
            f"{_d(s.first_absence_on):<11} {_d(s.second_absence_on):<11} {reason}"
        )
    return lines


def _cycle(outcomes: Sequence[Outcome], n: int) -> list[Outcome]:
    return [outcomes[i % len(outcomes)] for i in range(n)]


def _requests(portfolio: Portfolio, now: datetime) -> list[str]:
    contracts = {c.id: c for c in portfolio.contracts}
    lines = [f"Demandes d'intervention (au {now.astimezone(PARIS):%d/%m/%Y %H:%M}) :"]
    for request in portfolio.requests:
        got = assess_request(request, contracts[request.contract_id], now=now)
        state = {True: "délai tenu", False: "hors délai", None: "en cours"}[got.met]
        lines.append(
            f"  {got.reference} niveau {got.level} reçue le "
            f"{got.received_at.astimezone(PARIS):%d/%m/%Y %H:%M}, échéance "
            f"{got.deadline.astimezone(PARIS):%d/%m/%Y %H:%M} : {state}, pénalité "
            f"{_euros(got.penalty)}"
        )
    return lines


def _orders(portfolio: Portfolio) -> list[str]:
    lines: list[str] = []
    schedules = {s.id: s for s in portfolio.price_schedules}
    for contract in portfolio.contracts:
        if contract.kind is not ContractKind.FRAMEWORK or contract.price_schedule_id is None:
            continue
        schedule = schedules[contract.price_schedule_id]
        priced = [
            price_order(o, contract, schedule)
            for o in portfolio.purchase_orders
            if o.contract_id == contract.id
        ]
        lines.append(f"Bons de commande de {contract.id} (BPU {schedule.id}) :")
        for p in priced:
            lines.append(
                f"  {p.number} du {_d(p.priced_on)} (version du {_d(p.version_applies_from)}) : "
                f"{len(p.lines)} ligne(s), {_euros(p.net_total)} HT, {_euros(p.total)} TTC"
            )
        usage = consumption(contract, priced)
        bound = f" sur un maximum de {_euros(usage.max_amount)}" if usage.max_amount else ""
        lines.append(f"  consommé : {_euros(usage.ordered)} HT{bound}")
        if usage.warning is not None:
            lines.append(f"  attention : {usage.warning}")
    return lines
