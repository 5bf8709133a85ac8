"""Half-open periods, periodicities, alignments and prorata conventions.

A :class:`Period` is ``[start, end)``: it contains ``start`` and stops the day before ``end``. Two
contiguous periods share a boundary (``a.end == b.start``), so a year split into quarters has no gap
and no overlap, and the number of days is a plain subtraction.

>>> from datetime import date
>>> q1 = Period(date(2025, 1, 1), date(2025, 4, 1))
>>> q1.days, q1.last
(90, datetime.date(2025, 3, 31))
>>> str(q1)
'du 01/01/2025 au 31/03/2025'

Schedules are anchored: period ``n`` starts on ``anchor + n x periodicity`` (:func:`occurrence`),
computed from the anchor every time, so a monthly schedule anchored on 31 January goes 31/01,
28/02, 31/03 and never drifts to the 28th. :func:`split_into_periods` cuts a billed span along
calendar or anniversary periods, and :func:`prorata` says, exactly, which share of a period a
partial slice represents.
"""

from __future__ import annotations

import calendar
import enum
import itertools
from collections.abc import Iterator
from datetime import date, datetime, timedelta
from fractions import Fraction

import attrs
from dateutil.relativedelta import relativedelta

from savcore.errors import ValidationError

__all__ = [
    "Alignment",
    "Period",
    "PeriodSlice",
    "Periodicity",
    "ProrataConvention",
    "add_months",
    "calendar_period_containing",
    "days_360",
    "iter_periods",
    "occurrence",
    "prorata",
    "split_into_periods",
]


def _is_date(instance: object, attribute: attrs.Attribute[date], value: object) -> None:
    if not isinstance(value, date) or isinstance(value, datetime):
        raise ValidationError(
            attribute.name, value, "une date (datetime.date) est attendue", entity="Period"
        )


@attrs.frozen(order=True)
class Period:
    """A half-open span of days ``[start, end)``; ``end`` is the first day *after* the period."""

    start: date = attrs.field(validator=_is_date)
    end: date = attrs.field(validator=_is_date)

    def __attrs_post_init__(self) -> None:
        if self.end <= self.start:
            raise ValidationError(
                "end",
                self.end,
                f"la fin doit être postérieure au début ({self.start.isoformat()})",
                entity="Period",
            )

    @classmethod
    def from_inclusive(cls, first: date, last: date) -> Period:
        """The period from ``first`` to ``last``, both included (as French documents say it)."""
        return cls(first, last + timedelta(days=1))

    @classmethod
    def month(cls, year: int, month: int) -> Period:
        """The calendar month ``year``-``month``."""
        start = date(year, month, 1)
        end = date(year + 1, 1, 1) if month == 12 else date(year, month + 1, 1)
        return cls(start, end)

    @classmethod
    def year(cls, year: int) -> Period:
        """The calendar year ``year``."""
        return cls(date(year, 1, 1), date(year + 1, 1, 1))

    @property
    def last(self) -> date:
        """The last day in the period (``end`` minus one day)."""
        return self.end - timedelta(days=1)

    @property
    def days(self) -> int:
        """Number of days in the period."""
        return (self.end - self.start).days

    def __contains__(self, day: object) -> bool:
        return isinstance(day, date) and self.start <= day < self.end

    def overlaps(self, other: Period) -> bool:
        """Whether the two periods share at least one day."""
        return self.start < other.end and other.start < self.end

    def intersection(self, other: Period) -> Period | None:
        """The days common to both periods, or ``None`` when they do not overlap."""
        start = max(self.start, other.start)
        end = min(self.end, other.end)
        return Period(start, end) if start < end else None

    def contains_period(self, other: Period) -> bool:
        """Whether every day of ``other`` is in this period."""
        return self.start <= other.start and other.end <= self.end

    def split_at(self, day: date) -> tuple[Period, Period]:
        """Split into ``[start, day)`` and ``[day, end)``; ``day`` must be strictly inside."""
        if not self.start < day < self.end:
            raise ValidationError("day", day, f"la date doit être strictement dans {self}")
        return Period(self.start, day), Period(day, self.end)

    def __str__(self) -> str:
        return f"du {self.start:%d/%m/%Y} au {self.last:%d/%m/%Y}"


class Periodicity(enum.Enum):
    """Billing or revision periodicity (périodicité), a whole number of months."""

    MONTHLY = "monthly"
    """Mensuelle, 1 mois."""
    BIMONTHLY = "bimonthly"
    """Bimestrielle, 2 mois."""
    QUARTERLY = "quarterly"
    """Trimestrielle, 3 mois."""
    HALF_YEARLY = "half-yearly"
    """Semestrielle, 6 mois."""
    YEARLY = "yearly"
    """Annuelle, 12 mois."""

    @property
    def months(self) -> int:
        """Length of one period in months."""
        return _MONTHS[self]

    @property
    def per_year(self) -> int:
        """Number of periods in a year."""
        return 12 // _MONTHS[self]

    @classmethod
    def from_months(cls, months: int) -> Periodicity:
        """The periodicity of ``months`` months (1, 2, 3, 6 or 12); anything else is refused."""
        for periodicity, n in _MONTHS.items():
            if n == months:
                return periodicity
        raise ValidationError(
            "periodicity", months, "périodicité non prise en charge (1, 2, 3, 6 ou 12 mois)"
        )


_MONTHS: dict[Periodicity, int] = {
    Periodicity.MONTHLY: 1,
    Periodicity.BIMONTHLY: 2,
    Periodicity.QUARTERLY: 3,
    Periodicity.HALF_YEARLY: 6,
    Periodicity.YEARLY: 12,
}


class Alignment(enum.Enum):
    """Where periods start: on calendar boundaries or on the contract's anniversary."""

    CALENDAR = "calendar"
    """Périodes civiles: months, quarters and years start on 1 January, 1 April..."""
    ANNIVERSARY = "anniversary"
    """Date anniversaire: periods are anchored on the contract's effective date."""


class ProrataConvention(enum.Enum):
    """How a partial period is charged (prorata temporis): a contract parameter."""

    ACTUAL_DAYS = "actual-days"
    """Jours réels: days covered / days of the full period."""
    THIRTY_360 = "30/360"
    """Mois de 30 jours, année de 360 jours (30E/360)."""
    WHOLE_MONTHS = "whole-months"
    """Mois entiers: every month begun is due, 1/n of the period per month."""
    NONE = "none"
    """Pas de prorata: a begun period is charged in full."""


# --- Anchored schedules ---------------------------------------------------------------------------


def _check_date(field: str, value: object) -> date:
    if not isinstance(value, date) or isinstance(value, datetime):
        raise ValidationError(field, value, "une date (datetime.date) est attendue")
    return value


def _check_int(field: str, value: object) -> int:
    if not isinstance(value, int) or isinstance(value, bool):
        raise ValidationError(field, value, "un nombre entier est attendu")
    return value


def _check_bool(field: str, value: object) -> bool:
    if not isinstance(value, bool):
        raise ValidationError(field, value, "un booléen (True ou False) est attendu")
    return value


def _check_periodicity(value: object) -> Periodicity:
    if not isinstance(value, Periodicity):
        raise ValidationError(
            "periodicity", value, "une Periodicity est attendue (MONTHLY, QUARTERLY...)"
        )
    return value


def _check_period(field: str, value: object) -> Period:
    if not isinstance(value, Period):
        raise ValidationError(field, value, "une période (Period) est attendue")
    return value


def _is_month_end(day: date) -> bool:
    return day.day == calendar.monthrange(day.year, day.month)[1]


def _add_months(anchor: date, months: int, end_of_month: bool) -> date:
    if end_of_month:
        result: date = anchor + relativedelta(months=months, day=31)
    else:
        result = anchor + relativedelta(months=months)
    return result


def add_months(anchor: date, months: int, *, end_of_month: bool = False) -> date:
    """``anchor`` moved by ``months`` months (negative to go back), clipped to the month's end.

    The day of the month is kept when the target month has it, otherwise the last day of the
    target month is used: 31 January + 1 month is 28 February (29 in a leap year). With
    ``end_of_month=True`` the anchor is treated as "end of month" and the result is always the last
    day of the target month (15 January + 1 month -> 28 February, + 2 months -> 31 March).

    >>> add_months(date(2025, 1, 31), 1), add_months(date(2025, 2, 28), 1, end_of_month=True)
    (datetime.date(2025, 2, 28), datetime.date(2025, 3, 31))

    Raises :class:`~savcore.errors.ValidationError` when ``anchor`` is not a date (a ``datetime``
    is refused) or ``months`` not an integer.
    """
    _check_date("anchor", anchor)
    _check_int("months", months)
    _check_bool("end_of_month", end_of_month)
    return _add_months(anchor, months, end_of_month)


def occurrence(
    anchor: date, n: int, periodicity: Periodicity, *, end_of_month: bool = False
) -> date:
    """The start of period ``n`` of a schedule anchored on ``anchor``: ``anchor + n x periodicity``.

    Always computed from the anchor, never from the previous occurrence, so that clipping does not
    drift: monthly from 31 January gives 31/01, 28/02, 31/03, 30/04 (not 28/03, 28/04).
    ``n`` may be negative (periods before the anchor).

    >>> [occurrence(date(2025, 1, 31), n, Periodicity.MONTHLY).isoformat() for n in range(3)]
    ['2025-01-31', '2025-02-28', '2025-03-31']
    """
    _check_int("n", n)
    months = _check_periodicity(periodicity).months
    return add_months(anchor, n * months, end_of_month=end_of_month)


def _iter_periods(
    anchor: date, months: int, end_of_month: bool, start_index: int
) -> Iterator[Period]:
    n = start_index
    start = _add_months(anchor, n * months, end_of_month)
    while True:
        n += 1
        try:
            end = _add_months(anchor, n * months, end_of_month)
        except (ValueError, OverflowError):  # beyond year 9999: the schedule ends there
            return
        yield Period(start, end)
        start = end


def iter_periods(
    anchor: date,
    periodicity: Periodicity,
    *,
    end_of_month: bool = False,
    start_index: int = 0,
) -> Iterator[Period]:
    """The periods of a schedule anchored on ``anchor``, endless (until year 9999).

    Period ``n`` is ``[occurrence(n), occurrence(n + 1))``, starting with ``n = start_index``
    (negative to begin before the anchor). Consecutive periods are contiguous. With
    ``end_of_month=True`` every boundary is a month end, the first one being the last day of the
    anchor's month.

    >>> from itertools import islice
    >>> [str(p) for p in islice(iter_periods(date(2025, 1, 31), Periodicity.MONTHLY), 2)]
    ['du 31/01/2025 au 27/02/2025', 'du 28/02/2025 au 30/03/2025']

    Arguments are checked at the call, not at the first ``next()``.
    """
    _check_date("anchor", anchor)
    months = _check_periodicity(periodicity).months
    _check_bool("end_of_month", end_of_month)
    _check_int("start_index", start_index)
    return _iter_periods(anchor, months, end_of_month, start_index)


def calendar_period_containing(day: date, periodicity: Periodicity) -> Period:
    """The calendar period (période civile) of ``periodicity`` that contains ``day``.

    Months are counted from 1 January: quarters start in January, April, July and October,
    half-years in January and July, two-month periods in January, March, May...

    >>> str(calendar_period_containing(date(2025, 5, 14), Periodicity.QUARTERLY))
    'du 01/04/2025 au 30/06/2025'
    """
    _check_date("day", day)
    months = _check_periodicity(periodicity).months
    first_month = (day.month - 1) // months * months + 1
    start = date(day.year, first_month, 1)
    return Period(start, _add_months(start, months, False))


def _is_period(instance: object, attribute: attrs.Attribute[Period], value: object) -> None:
    if not isinstance(value, Period):
        raise ValidationError(
            attribute.name, value, "une période (Period) est attendue", entity="PeriodSlice"
        )


@attrs.frozen
class PeriodSlice:
    """The part ``covered`` of a nominal period ``full`` that falls inside a billed span."""

    covered: Period = attrs.field(validator=_is_period)
    full: Period = attrs.field(validator=_is_period)

    def __attrs_post_init__(self) -> None:
        if not self.full.contains_period(self.covered):
            raise ValidationError(
                "covered",
                self.covered,
                f"la partie couverte doit être incluse dans la période {self.full}",
                entity="PeriodSlice",
            )

    @property
    def is_partial(self) -> bool:
        """Whether only part of the nominal period is covered (a prorata applies)."""
        return self.covered != self.full


def _first_index(anchor: date, months: int, end_of_month: bool, day: date) -> int:
    """The index ``n`` of the anchored period that contains ``day``."""
    elapsed = (day.year - anchor.year) * 12 + day.month - anchor.month
    n = elapsed // months
    while _add_months(anchor, n * months, end_of_month) > day:
        n -= 1
    while _add_months(anchor, (n + 1) * months, end_of_month) <= day:
        n += 1
    return n


def split_into_periods(
    span: Period,
    periodicity: Periodicity,
    alignment: Alignment,
    *,
    anchor: date | None = None,
    end_of_month: bool = False,
) -> list[PeriodSlice]:
    """Cut ``span`` along the nominal periods of a schedule.

    Nominal periods are calendar periods (``Alignment.CALENDAR``: ``anchor`` and ``end_of_month``
    are then ignored) or periods anchored on ``anchor`` (``Alignment.ANNIVERSARY``; ``anchor``
    defaults to ``span.start`` and may lie before or after the span). The ``covered`` parts tile
    ``span`` exactly, contiguous and in order; only the first and the last may be partial.

    >>> span = Period(date(2025, 2, 15), date(2025, 7, 1))
    >>> [(str(s.covered), s.is_partial) for s in
    ...  split_into_periods(span, Periodicity.QUARTERLY, Alignment.CALENDAR)]
    [('du 15/02/2025 au 31/03/2025', True), ('du 01/04/2025 au 30/06/2025', False)]
    """
    _check_period("span", span)
    months = _check_periodicity(periodicity).months
    if anchor is not None:
        _check_date("anchor", anchor)
    _check_bool("end_of_month", end_of_month)
    if alignment is Alignment.CALENDAR:
        base, eom = date(span.start.year, 1, 1), False
    elif alignment is Alignment.ANNIVERSARY:
        base, eom = (span.start if anchor is None else anchor), end_of_month
    else:
        raise ValidationError(
            "alignment", alignment, "alignement inconnu (CALENDAR ou ANNIVERSARY)"
        )
    n = _first_index(base, months, eom, span.start)
    slices: list[PeriodSlice] = []
    for full in _iter_periods(base, months, eom, n):
        if full.start >= span.end:
            break
        covered = Period(max(full.start, span.start), min(full.end, span.end))
        slices.append(PeriodSlice(covered, full))
    return slices


# --- Prorata --------------------------------------------------------------------------------------


def _f360(day: date) -> int:
    return 360 * day.year + 30 * day.month + min(day.day, 30)


def days_360(start: date, end: date) -> int:
    """Days from ``start`` to ``end`` (excluded) in the 30E/360 convention (mois de 30 jours).

    Each date counts as ``360 x year + 30 x month + min(day, 30)``; the result is the difference.
    It is additive: ``days_360(a, b) + days_360(b, c) == days_360(a, c)``.

    >>> days_360(date(2025, 2, 15), date(2025, 4, 1)), days_360(date(2025, 1, 1), date(2026, 1, 1))
    (46, 360)

    Raises :class:`~savcore.errors.ValidationError` when ``end`` is before ``start``.
    """
    _check_date("start", start)
    _check_date("end", end)
    if end < start:
        raise ValidationError("end", end, f"la fin précède le début ({start.isoformat()})")
    return _f360(end) - _f360(start)


def _month_boundary(start: date, k: int, day: int) -> date:
    year, month0 = divmod(start.year * 12 + start.month - 1 + k, 12)
    month = month0 + 1
    return date(year, month, min(day, calendar.monthrange(year, month)[1]))


def _whole_months(covered: Period, full: Period) -> Fraction:
    start, end = full.start, full.end
    # The day of month the schedule is anchored on: the start's day, unless the start was clipped
    # to a month end (28/02 of a schedule anchored on the 31st), when the end tells it.
    if not _is_month_end(start):
        day = start.day
    elif not _is_month_end(end) and end.day >= start.day:
        day = end.day
    else:
        day = 31
    bounds = [start]
    k = 1
    while bounds[-1] < end:
        bounds.append(_month_boundary(start, k, day))
        k += 1
    bounds[-1] = end  # a last, shorter month is still a month
    touched = sum(
        1 for lo, hi in itertools.pairwise(bounds) if lo < covered.end and covered.start < hi
    )
    return Fraction(touched, len(bounds) - 1)


def prorata(covered: Period, full: Period, convention: ProrataConvention) -> Fraction:
    """The exact share of ``full`` that ``covered`` represents under ``convention``.

    - ``ACTUAL_DAYS``: days covered / days of the full period.
    - ``THIRTY_360``: :func:`days_360` of covered / of full; the slices of a period sum to 1.
    - ``WHOLE_MONTHS``: months of ``full`` that ``covered`` touches / months of ``full`` (a month
      begun is due). Month ``k`` runs from ``full.start + k months`` to ``+ k + 1 months``, on the
      day of month the schedule is anchored on (when ``full.start`` is a clipped month end, such as
      28/02 in a schedule anchored on the 31st, the months end on 31/03, 30/04...).
    - ``NONE``: 1, a begun period is charged in full.

    >>> q1 = Period(date(2025, 1, 1), date(2025, 4, 1))
    >>> prorata(Period(date(2025, 2, 15), date(2025, 4, 1)), q1, ProrataConvention.ACTUAL_DAYS)
    Fraction(1, 2)

    Raises :class:`~savcore.errors.ValidationError` (field ``covered``) when ``covered`` is not
    inside ``full``, and (field ``full``) when ``full`` lasts no day in 30/360 (from a 30th to the
    31st).
    """
    _check_period("covered", covered)
    _check_period("full", full)
    if not full.contains_period(covered):
        raise ValidationError(
            "covered", covered, f"la partie couverte doit être incluse dans la période {full}"
        )
    if convention is ProrataConvention.ACTUAL_DAYS:
        return Fraction(covered.days, full.days)
    if convention is ProrataConvention.THIRTY_360:
        whole = days_360(full.start, full.end)
        if whole == 0:
            raise ValidationError("full", full, "période de durée nulle en 30/360")
        return Fraction(days_360(covered.start, covered.end), whole)
    if convention is ProrataConvention.WHOLE_MONTHS:
        return _whole_months(covered, full)
    if convention is ProrataConvention.NONE:
        return Fraction(1)
    raise ValidationError("convention", convention, "convention de prorata inconnue")
