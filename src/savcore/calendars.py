"""French business calendar: public holidays (jours fériés), working days and working hours.

Everything is computed, no holiday library: fixed-date holidays plus those that follow Easter
(:func:`dateutil.easter.easter`). Alsace and Moselle (Bas-Rhin, Haut-Rhin, Moselle) add Good Friday
and 26 December. A :class:`WorkingCalendar` adds the company's working weekdays, working hours and
closures; it answers the questions intervention deadlines ask (délais d'intervention): the next
working day, n working days later, n working hours later.

>>> from datetime import date
>>> cal = WorkingCalendar()
>>> cal.add_working_days(date(2025, 7, 11), 1)  # Friday, then the weekend and 14 July
datetime.date(2025, 7, 15)

Working hours are read on the Paris wall clock (:data:`PARIS`) whatever the time zone of the
datetimes given; results come back in the caller's time zone.
"""

from __future__ import annotations

import enum
import functools
import zoneinfo
from collections.abc import Iterable, Mapping
from datetime import date, datetime, time, timedelta
from decimal import ROUND_HALF_UP, Decimal
from fractions import Fraction
from types import MappingProxyType
from typing import Any

import attrs
from dateutil.easter import easter

from savcore.errors import ValidationError
from savcore.money import to_decimal
from savcore.periods import Period

__all__ = [
    "PARIS",
    "Region",
    "WorkingCalendar",
    "public_holidays",
]

PARIS = zoneinfo.ZoneInfo("Europe/Paris")
"""The time zone of metropolitan France: working hours are read on this wall clock."""

_MICROSECONDS_PER_HOUR = 3_600_000_000


class Region(enum.Enum):
    """The set of public holidays that applies (droit local d'Alsace-Moselle or not)."""

    METROPOLE = "metropole"
    """France métropolitaine, the eleven national public holidays."""
    ALSACE_MOSELLE = "alsace-moselle"
    """Bas-Rhin, Haut-Rhin, Moselle: adds Vendredi saint and 26 décembre (Saint-Étienne)."""


def _check_date(field: str, value: object) -> date:
    if not isinstance(value, date) or isinstance(value, datetime):
        raise ValidationError(field, value, "une date (datetime.date) est attendue")
    return value


def _check_aware(field: str, value: object) -> datetime:
    if not isinstance(value, datetime):
        raise ValidationError(field, value, "une date et heure (datetime) est attendue")
    if value.tzinfo is None or value.utcoffset() is None:
        raise ValidationError(
            field, value, "date et heure sans fuseau horaire : utilisez par exemple tzinfo=PARIS"
        )
    return value


@functools.lru_cache(maxsize=512)
def _holidays(year: int, region: Region) -> Mapping[date, str]:
    sunday = easter(year)
    listed = [
        (date(year, 1, 1), "Jour de l'an"),
        (sunday + timedelta(days=1), "Lundi de Pâques"),
        (date(year, 5, 1), "Fête du Travail"),
        (date(year, 5, 8), "Victoire 1945"),
        (sunday + timedelta(days=39), "Ascension"),
        (sunday + timedelta(days=50), "Lundi de Pentecôte"),
        (date(year, 7, 14), "Fête nationale"),
        (date(year, 8, 15), "Assomption"),
        (date(year, 11, 1), "Toussaint"),
        (date(year, 11, 11), "Armistice 1918"),
        (date(year, 12, 25), "Noël"),
    ]
    if region is Region.ALSACE_MOSELLE:
        listed += [
            (sunday - timedelta(days=2), "Vendredi saint"),
            (date(year, 12, 26), "Saint-Étienne"),
        ]
    elif region is not Region.METROPOLE:
        raise ValidationError("region", region, "région inconnue (METROPOLE ou ALSACE_MOSELLE)")
    days: dict[date, str] = {}
    for day, name in sorted(listed, key=lambda item: item[0]):
        # Ascension may fall on 1 or 8 May (2008: "Fête du Travail et Ascension").
        days[day] = f"{days[day]} et {name}" if day in days else name
    return MappingProxyType(days)


def public_holidays(year: int, region: Region = Region.METROPOLE) -> dict[date, str]:
    """The public holidays (jours fériés) of ``year`` in ``region``, by date, with French names.

    Today's list is applied to every year (1583 to 4099, the range of the Easter computation).
    When two holidays fall on the same day their names are joined ("Fête du Travail et
    Ascension", 2008).

    >>> sorted(public_holidays(2025).items())[1]
    (datetime.date(2025, 4, 21), 'Lundi de Pâques')

    Raises :class:`~savcore.errors.ValidationError` for a year out of range or an unknown region.
    """
    if not isinstance(year, int) or isinstance(year, bool) or not 1583 <= year <= 4099:
        raise ValidationError("year", year, "une année entre 1583 et 4099 est attendue")
    if not isinstance(region, Region):
        raise ValidationError("region", region, "région inconnue (METROPOLE ou ALSACE_MOSELLE)")
    return dict(_holidays(year, region))


def _check_region(instance: object, attribute: attrs.Attribute[Any], value: object) -> None:
    if not isinstance(value, Region):
        raise ValidationError(
            attribute.name,
            value,
            "région inconnue (Region.METROPOLE ou Region.ALSACE_MOSELLE)",
            entity="WorkingCalendar",
        )


def _to_frozenset(value: Iterable[object]) -> frozenset[object]:
    if isinstance(value, (str, bytes)) or not isinstance(value, Iterable):
        return frozenset({value})  # refused by the validator with the offending value
    return frozenset(value)


def _check_weekdays(instance: object, attribute: attrs.Attribute[Any], value: object) -> None:
    days = value if isinstance(value, frozenset) else frozenset()
    if not days or any(
        not isinstance(d, int) or isinstance(d, bool) or not 0 <= d <= 6 for d in days
    ):
        raise ValidationError(
            attribute.name,
            value,
            "au moins un jour ouvré, numérotés de 0 (lundi) à 6 (dimanche)",
            entity="WorkingCalendar",
        )


def _check_closed_days(instance: object, attribute: attrs.Attribute[Any], value: object) -> None:
    for day in value if isinstance(value, frozenset) else ():
        if not isinstance(day, date) or isinstance(day, datetime):
            raise ValidationError(
                attribute.name,
                day,
                "les jours de fermeture sont des dates",
                entity="WorkingCalendar",
            )


def _check_hours(instance: object, attribute: attrs.Attribute[Any], value: object) -> None:
    if (
        not isinstance(value, tuple)
        or len(value) != 2
        or not all(isinstance(t, time) and t.tzinfo is None for t in value)
        or not value[0] < value[1]
    ):
        raise ValidationError(
            attribute.name,
            value,
            "une plage (début, fin) de deux heures sans fuseau, début avant fin",
            entity="WorkingCalendar",
        )


@attrs.frozen
class WorkingCalendar:
    """Working days and working hours of a company (calendrier ouvré).

    A day is worked when its weekday is in ``working_weekdays`` (0 = Monday ... 6 = Sunday), it is
    not a public holiday of ``region`` and not in ``closed_days`` (company closures, ponts).
    Working hours are ``morning`` and ``afternoon``, read on the Paris wall clock.

    Raises :class:`~savcore.errors.ValidationError` for an empty or out-of-range weekday set, a
    time range that ends before it starts, or an afternoon that starts before the morning ends.
    """

    region: Region = attrs.field(default=Region.METROPOLE, validator=_check_region)
    working_weekdays: frozenset[int] = attrs.field(
        default=frozenset({0, 1, 2, 3, 4}), converter=_to_frozenset, validator=_check_weekdays
    )
    morning: tuple[time, time] = attrs.field(
        default=(time(8, 0), time(12, 0)), validator=_check_hours
    )
    afternoon: tuple[time, time] = attrs.field(
        default=(time(13, 30), time(17, 30)), validator=_check_hours
    )
    closed_days: frozenset[date] = attrs.field(
        default=frozenset(), converter=_to_frozenset, validator=_check_closed_days
    )

    def __attrs_post_init__(self) -> None:
        if self.afternoon[0] < self.morning[1]:
            raise ValidationError(
                "afternoon",
                self.afternoon,
                f"l'après-midi commence avant la fin de la matinée ({self.morning[1]})",
                entity="WorkingCalendar",
            )

    # -- days -------------------------------------------------------------------------------------

    def _is_working(self, day: date) -> bool:
        return (
            day.weekday() in self.working_weekdays
            and day not in _holidays(day.year, self.region)
            and day not in self.closed_days
        )

    def is_holiday(self, day: date) -> bool:
        """Whether ``day`` is a public holiday (jour férié) of the calendar's region."""
        _check_date("day", day)
        return day in _holidays(day.year, self.region)

    def is_working_day(self, day: date) -> bool:
        """Whether ``day`` is worked: a working weekday, neither a holiday nor a closure."""
        return self._is_working(_check_date("day", day))

    def next_working_day(self, day: date, *, include: bool = False) -> date:
        """The first working day after ``day`` (``day`` itself if ``include`` and it is worked)."""
        current = _check_date("day", day)
        if include and self._is_working(current):
            return current
        current += timedelta(days=1)
        while not self._is_working(current):
            current += timedelta(days=1)
        return current

    def add_working_days(self, day: date, n: int) -> date:
        """The ``n``-th working day after ``day`` (``day`` itself is not counted; ``n = 0`` gives
        ``day`` back).

        Raises :class:`~savcore.errors.ValidationError` (field ``n``) for a negative ``n``.
        """
        current = _check_date("day", day)
        if not isinstance(n, int) or isinstance(n, bool) or n < 0:
            raise ValidationError("n", n, "un nombre entier de jours positif ou nul est attendu")
        for _ in range(n):
            current = self.next_working_day(current)
        return current

    def working_days_between(self, start: date, end: date) -> int:
        """Number of working days in ``[start, end)`` (0 when ``end == start``).

        Raises :class:`~savcore.errors.ValidationError` (field ``end``) when ``end`` is before
        ``start``.
        """
        _check_date("start", start)
        _check_date("end", end)
        if end < start:
            raise ValidationError("end", end, f"la fin précède le début ({start.isoformat()})")
        return sum(1 for k in range((end - start).days) if self._is_working(start + timedelta(k)))

    def working_days(self, period: Period) -> list[date]:
        """The working days of ``period``, in order."""
        if not isinstance(period, Period):
            raise ValidationError("period", period, "une période (Period) est attendue")
        days = (period.start + timedelta(k) for k in range(period.days))
        return [d for d in days if self._is_working(d)]

    # -- hours ------------------------------------------------------------------------------------

    def _windows(self, day: date) -> list[tuple[datetime, datetime]]:
        """The working-hour ranges of ``day`` as naive Paris wall-clock datetimes."""
        if not self._is_working(day):
            return []
        return [
            (datetime.combine(day, lo), datetime.combine(day, hi))
            for lo, hi in (self.morning, self.afternoon)
        ]

    def add_working_hours(self, at: datetime, hours: Decimal | int) -> datetime:
        """The instant ``hours`` working hours after ``at`` (an aware datetime).

        Only time inside working hours of working days counts: from Friday 16:30 with the default
        hours, 3 hours later is Monday 10:00. A deadline that falls exactly on the end of a range is
        that end (12:00, not 13:30). ``hours = 0`` gives ``at`` back. The result is in ``at``'s time
        zone.

        Raises :class:`~savcore.errors.ValidationError` for a naive ``at`` (field ``at``) or a
        negative, float or non-numeric ``hours`` (field ``hours``).
        """
        _check_aware("at", at)
        amount = to_decimal(hours, field="hours", entity="WorkingCalendar")
        if amount < 0:
            raise ValidationError("hours", hours, "un nombre d'heures positif ou nul est attendu")
        micro = int((amount * _MICROSECONDS_PER_HOUR).to_integral_value(rounding=ROUND_HALF_UP))
        if micro == 0:
            return at
        remaining = timedelta(microseconds=micro)
        current = at.astimezone(PARIS).replace(tzinfo=None)
        day = current.date()
        while True:
            for lo, hi in self._windows(day):
                if current >= hi:
                    continue
                begin = max(current, lo)
                if remaining <= hi - begin:
                    local = (begin + remaining).replace(tzinfo=PARIS)
                    return local.astimezone(at.tzinfo)
                remaining -= hi - begin
                current = hi
            day += timedelta(days=1)

    def working_hours_between(self, start: datetime, end: datetime) -> Decimal:
        """Working hours between two aware datetimes, as a ``Decimal`` number of hours.

        Exact when the duration is a terminating decimal (4 h 30 -> ``4.5``); otherwise rounded
        half-up to the millionth of an hour (20 minutes -> ``0.333333``).

        Raises :class:`~savcore.errors.ValidationError` for a naive datetime or ``end`` before
        ``start`` (field ``end``).
        """
        _check_aware("start", start)
        _check_aware("end", end)
        if end < start:
            raise ValidationError("end", end, f"la fin précède le début ({start.isoformat()})")
        lo_at = start.astimezone(PARIS).replace(tzinfo=None)
        hi_at = end.astimezone(PARIS).replace(tzinfo=None)
        total = timedelta()
        day = lo_at.date()
        while day <= hi_at.date():
            for lo, hi in self._windows(day):
                begin, finish = max(lo, lo_at), min(hi, hi_at)
                if begin < finish:
                    total += finish - begin
            day += timedelta(days=1)
        return _hours(total)


def _hours(duration: timedelta) -> Decimal:
    micro = (duration.days * 86_400 + duration.seconds) * 1_000_000 + duration.microseconds
    share = Fraction(micro, _MICROSECONDS_PER_HOUR)
    denominator = share.denominator
    for prime in (2, 5):
        while denominator % prime == 0:
            denominator //= prime
    quotient = Decimal(share.numerator) / Decimal(share.denominator)
    if denominator == 1:  # terminating decimal: the division above is exact
        return quotient
    return quotient.quantize(Decimal("0.000001"), rounding=ROUND_HALF_UP)
