"""Intervention requests (demandes d'intervention, D.I.): deadline, measured delay, penalty.

The contract's intervention terms give, per urgency level, a delay and its unit
(:class:`~savcore.model.contracts.DelayUnit`), whether the level runs on weekends and public
holidays, and the penalty when late. The deadline is counted from the moment the request is
received, on the Paris wall clock, with the public holidays of the contract's region
(Alsace-Moselle adds Good Friday and 26 December):

* ``HOURS`` (urgent levels): calendar hours. When the level runs on weekends and holidays, the
  deadline is simply received + delay (4 h after Friday 18:30 is Friday 22:30). Otherwise the clock
  stops on non-working days: only hours of working days count.
* ``WORKING_HOURS``: hours inside the calendar's working hours (morning and afternoon), on working
  days (every day when the level runs on weekends and holidays).
* ``WORKING_DAYS``: the day of the request does not count; the deadline is the end of the n-th
  working day after it (calendar days when the level runs on weekends and holidays).
* ``CALENDAR_DAYS``: the end of the n-th day after the request; a deadline falling on a
  non-working day moves to the next working day unless the level runs on weekends and holidays.

"The end of day D" is midnight at the start of D + 1. The request is on time when the technician
arrives no later than the deadline. Late, the penalty is ``penalty_per_unit`` per started
``penalty_unit`` of delay (a delay of 1 h 10 min is 2 started hours; in working days, every
working day from the deadline to the arrival counts, at least one), capped at ``penalty_cap``,
rounded to the cent.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from datetime import UTC, date, datetime, time, timedelta
from decimal import Decimal

import attrs

from savcore.calendars import PARIS, WorkingCalendar
from savcore.errors import ConfigurationError, ValidationError
from savcore.model.contracts import Contract, DelayUnit, ResponseTime
from savcore.model.operations import InterventionRequest
from savcore.money import ZERO, quantize

__all__ = ["RequestAssessment", "assess_request", "late_units", "response_deadline"]

_Windows = Callable[[date], list[tuple[datetime, datetime]]]


@attrs.frozen
class RequestAssessment:
    """How an intervention request stands against its contractual deadline.

    ``delay`` is the measured delay (arrival - reception), ``None`` before arrival. ``met`` is
    ``True``/``False`` once the technician arrived, ``False`` when ``now`` is past the deadline
    without arrival, ``None`` otherwise. ``late_by``, ``late_units`` and ``penalty`` are zero when
    on time; before arrival they are counted up to ``now``.
    """

    request_id: str
    reference: str
    level: str
    received_at: datetime
    deadline: datetime
    arrived_at: datetime | None
    ended_at: datetime | None
    delay: timedelta | None
    met: bool | None
    late_by: timedelta
    late_units: int
    penalty: Decimal


def _local(at: datetime) -> datetime:
    return at.astimezone(PARIS).replace(tzinfo=None)


def _aware(local: datetime, like: datetime) -> datetime:
    return local.replace(tzinfo=PARIS).astimezone(like.tzinfo)


def _midnight(day: date) -> datetime:
    return datetime.combine(day, time(0))


def _whole_days(calendar: WorkingCalendar) -> _Windows:
    def windows(day: date) -> list[tuple[datetime, datetime]]:
        if not calendar.is_working_day(day):
            return []
        return [(_midnight(day), _midnight(day + timedelta(days=1)))]

    return windows


def _working_hours(calendar: WorkingCalendar, every_day: bool) -> _Windows:
    def windows(day: date) -> list[tuple[datetime, datetime]]:
        if not every_day and not calendar.is_working_day(day):
            return []
        return [
            (datetime.combine(day, lo), datetime.combine(day, hi))
            for lo, hi in (calendar.morning, calendar.afternoon)
        ]

    return windows


def _add_in_windows(start: datetime, amount: timedelta, windows: _Windows) -> datetime:
    """``amount`` of time counted only inside ``windows``, from the naive Paris ``start``."""
    current = start
    day = current.date()
    remaining = amount
    for _ in range(366 * 20):
        for lo, hi in windows(day):
            if current >= hi:
                continue
            begin = max(current, lo)
            if remaining <= hi - begin:
                return begin + remaining
            remaining -= hi - begin
            current = hi
        day += timedelta(days=1)
    raise ConfigurationError("calendrier", "jours ouvrés", "aucun jour ouvré en vingt ans")


def _time_in_windows(start: datetime, end: datetime, windows: _Windows) -> timedelta:
    total = timedelta()
    day = start.date()
    while day <= end.date():
        for lo, hi in windows(day):
            begin, finish = max(lo, start), min(hi, end)
            if begin < finish:
                total += finish - begin
        day += timedelta(days=1)
    return total


def response_deadline(
    received_at: datetime, level: ResponseTime, calendar: WorkingCalendar
) -> datetime:
    """The deadline of a request received at ``received_at`` for urgency ``level`` (see the
    module's rules), in ``received_at``'s time zone."""
    if not isinstance(received_at, datetime) or received_at.utcoffset() is None:
        raise ValidationError("received_at", received_at, "horodatage avec fuseau horaire attendu")
    unit = level.unit
    all_days = level.weekends_and_holidays
    local = _local(received_at)
    if unit is DelayUnit.HOURS:
        if all_days:
            return (received_at.astimezone(UTC) + timedelta(hours=level.delay)).astimezone(
                received_at.tzinfo
            )
        found = _add_in_windows(local, timedelta(hours=level.delay), _whole_days(calendar))
        return _aware(found, received_at)
    if unit is DelayUnit.WORKING_HOURS:
        windows = _working_hours(calendar, every_day=all_days)
        return _aware(_add_in_windows(local, timedelta(hours=level.delay), windows), received_at)
    if unit is DelayUnit.WORKING_DAYS:
        if all_days:
            last = local.date() + timedelta(days=level.delay)
        else:
            last = calendar.add_working_days(local.date(), level.delay)
        return _aware(_midnight(last + timedelta(days=1)), received_at)
    if unit is DelayUnit.CALENDAR_DAYS:
        last = local.date() + timedelta(days=level.delay)
        if not all_days:
            last = calendar.next_working_day(last, include=True)
        return _aware(_midnight(last + timedelta(days=1)), received_at)
    raise ValidationError("unit", unit, "unité de délai inconnue")


def late_units(
    deadline: datetime, at: datetime, level: ResponseTime, calendar: WorkingCalendar
) -> int:
    """Number of started ``level.penalty_unit`` between ``deadline`` and ``at`` (0 when ``at`` is
    not after the deadline)."""
    if at <= deadline:
        return 0
    unit = level.penalty_unit
    if unit is DelayUnit.HOURS:
        return math.ceil((at - deadline) / timedelta(hours=1))
    if unit is DelayUnit.CALENDAR_DAYS:
        return math.ceil((at - deadline) / timedelta(days=1))
    if unit is DelayUnit.WORKING_HOURS:
        windows = _working_hours(calendar, every_day=level.weekends_and_holidays)
        spent = _time_in_windows(_local(deadline), _local(at), windows)
        return max(1, math.ceil(spent / timedelta(hours=1)))
    if unit is DelayUnit.WORKING_DAYS:
        first, last = _local(deadline).date(), _local(at).date()
        days = (last - first).days + 1
        worked = sum(
            1
            for k in range(days)
            if level.weekends_and_holidays or calendar.is_working_day(first + timedelta(days=k))
        )
        return max(1, worked)
    raise ValidationError("penalty_unit", unit, "unité de pénalité inconnue")


def assess_request(
    request: InterventionRequest,
    contract: Contract,
    *,
    calendar: WorkingCalendar | None = None,
    now: datetime | None = None,
) -> RequestAssessment:
    """The deadline of ``request`` under ``contract``'s intervention terms, the measured delay,
    whether the deadline was met and the penalty.

    ``calendar`` defaults to a working calendar of the contract's region; one given must be of
    that region (:class:`~savcore.errors.ConfigurationError` otherwise). An unknown urgency level
    raises :class:`~savcore.errors.NotFoundError`; a request of another contract,
    :class:`~savcore.errors.ValidationError`.
    """
    if request.contract_id != contract.id:
        raise ValidationError(
            "contract",
            contract.id,
            f"la demande {request.reference} relève du contrat {request.contract_id}",
        )
    region = contract.intervention.region
    if calendar is None:
        calendar = WorkingCalendar(region=region)
    elif calendar.region is not region:
        raise ConfigurationError(
            f"contrat {contract.id}",
            "calendar",
            f"le calendrier ({calendar.region.value}) n'est pas celui du contrat ({region.value})",
        )
    if now is not None and (not isinstance(now, datetime) or now.utcoffset() is None):
        raise ValidationError("now", now, "horodatage avec fuseau horaire attendu")
    level = contract.intervention.level(request.urgency)
    deadline = response_deadline(request.received_at, level, calendar)
    arrived = request.arrived_at
    delay = arrived - request.received_at if arrived is not None else None
    until = arrived if arrived is not None else now
    met: bool | None
    if arrived is not None:
        met = arrived <= deadline
    elif now is not None and now > deadline:
        met = False
    else:
        met = None
    late = max(until - deadline, timedelta()) if until is not None else timedelta()
    units = late_units(deadline, until, level, calendar) if until is not None else 0
    penalty = ZERO
    if units:
        penalty = level.penalty_per_unit * units
        if level.penalty_cap is not None:
            penalty = min(penalty, level.penalty_cap)
        penalty = quantize(penalty)
    return RequestAssessment(
        request_id=request.id,
        reference=request.reference,
        level=level.level,
        received_at=request.received_at,
        deadline=deadline,
        arrived_at=arrived,
        ended_at=request.ended_at,
        delay=delay,
        met=met,
        late_by=late,
        late_units=units,
        penalty=penalty,
    )
