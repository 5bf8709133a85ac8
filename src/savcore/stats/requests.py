"""Intervention-request deadline compliance per urgency level (respect des délais d'intervention).

The requests of the contract received in the period (Paris date) are assessed by
:func:`savcore.operations.assess_request` "as of" ``now`` (default: the end of the period, midnight
Paris): **on time** when the technician arrived by the deadline, **late** when he arrived after it
or had not arrived by ``now`` although the deadline had passed, **open** otherwise (not arrived,
deadline still to come). Cancelled requests are left out (the notes count them).

The compliance rate of a level is on time / (on time + late); the penalties are those the
contract's levels give (per started hour or day of delay, capped).
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime, timedelta
from decimal import ROUND_HALF_UP, Decimal

from savcore.calendars import PARIS, WorkingCalendar
from savcore.model.contracts import Contract, DelayUnit, ResponseTime
from savcore.model.operations import InterventionRequest, RequestStatus
from savcore.money import ZERO
from savcore.operations.requests import assess_request
from savcore.periods import Period
from savcore.reports import Column, ColumnType, Report, format_value
from savcore.stats._common import bounds, check_period, contract_parameters, rate

__all__ = ["requests_report"]

_UNITS = {
    DelayUnit.HOURS: "h",
    DelayUnit.WORKING_HOURS: "h ouvrées",
    DelayUnit.WORKING_DAYS: "jour(s) ouvré(s)",
    DelayUnit.CALENDAR_DAYS: "jour(s) calendaire(s)",
}


def delay_label(level: ResponseTime) -> str:
    """The contractual delay of a level in French: ``4 h (7 j/7)``, ``5 jour(s) ouvré(s)``."""
    text = f"{level.delay} {_UNITS[level.unit]}"
    return text + " (7 j/7)" if level.weekends_and_holidays else text


class _Level:
    __slots__ = ("delays", "late", "met", "open", "penalty", "received")

    def __init__(self) -> None:
        self.received = 0
        self.met = 0
        self.late = 0
        self.open = 0
        self.penalty = ZERO
        self.delays: list[timedelta] = []


def _mean_hours(delays: list[timedelta]) -> Decimal | None:
    if not delays:
        return None
    seconds = sum(d.total_seconds() for d in delays) / len(delays)
    return (Decimal(round(seconds)) / 3600).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)


REQUEST_COLUMNS = (
    Column("level", "Niveau d'urgence"),
    Column("label", "Libellé"),
    Column("delay", "Délai contractuel"),
    Column("received", "Demandes reçues", ColumnType.INTEGER, total=True),
    Column("met", "Dans les délais", ColumnType.INTEGER, total=True),
    Column("late", "Hors délai", ColumnType.INTEGER, total=True),
    Column("open", "En cours", ColumnType.INTEGER, total=True),
    Column("rate", "Taux de respect", ColumnType.RATE),
    Column("mean_delay", "Délai moyen d'arrivée (h)", ColumnType.DECIMAL),
    Column("penalty", "Pénalités", ColumnType.MONEY, total=True),
)
"""The columns of :func:`requests_report`."""


def requests_report(
    contract: Contract,
    requests: Iterable[InterventionRequest],
    period: Period,
    *,
    now: datetime | None = None,
    calendar: WorkingCalendar | None = None,
) -> Report:
    """Deadline compliance of the contract's intervention requests received in ``period``, one row
    per urgency level of the contract (in its order, zeros included): requests received, on
    time, late, open, the compliance rate, the mean delay to arrival (hours) and the penalties.

    A request of an urgency level the contract does not have raises
    :class:`~savcore.errors.NotFoundError`.
    """
    period = check_period(period)
    lo, hi = bounds(period)
    moment = hi if now is None else now
    tallies = {level.level: _Level() for level in contract.intervention.levels}
    cancelled = 0
    for request in requests:
        if request.contract_id != contract.id or not lo <= request.received_at < hi:
            continue
        if request.status is RequestStatus.CANCELLED:
            cancelled += 1
            continue
        assessment = assess_request(request, contract, calendar=calendar, now=moment)
        t = tallies[assessment.level]
        t.received += 1
        if assessment.met is True:
            t.met += 1
        elif assessment.met is False:
            t.late += 1
        else:
            t.open += 1
        t.penalty += assessment.penalty
        if assessment.delay is not None:
            t.delays.append(assessment.delay)
    rows = []
    for level in contract.intervention.levels:
        t = tallies[level.level]
        rows.append(
            (
                level.level,
                level.label,
                delay_label(level),
                t.received,
                t.met,
                t.late,
                t.open,
                rate(t.met, t.met + t.late),
                _mean_hours(t.delays),
                t.penalty,
            )
        )
    met = sum(t.met for t in tallies.values())
    late = sum(t.late for t in tallies.values())
    overall = rate(met, met + late)
    notes = [
        "Taux de respect global : "
        + (format_value(overall, ColumnType.RATE) if overall is not None else "sans objet")
    ]
    if cancelled:
        notes.append(f"{cancelled} demande(s) annulée(s) non comptée(s)")
    parameters = contract_parameters(contract, period)
    parameters.append(("Situation au", f"{moment.astimezone(PARIS):%d/%m/%Y %H:%M}"))
    return Report(
        "requests",
        "Respect des délais d'intervention par niveau d'urgence",
        REQUEST_COLUMNS,
        rows,
        parameters=tuple(parameters),
        notes=tuple(notes),
    )
