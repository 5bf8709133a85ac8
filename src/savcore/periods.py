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
"""

from __future__ import annotations

import enum
from datetime import date, datetime, timedelta

import attrs

from savcore.errors import ValidationError

__all__ = [
    "Alignment",
    "Period",
    "Periodicity",
    "ProrataConvention",
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
        """The period from ``first`` to ``last``, both days included (how French documents say it)."""
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
