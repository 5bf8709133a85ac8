"""French public holidays, working days and working hours."""

from __future__ import annotations

import doctest
from datetime import UTC, date, datetime, time, timedelta
from decimal import Decimal
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from savcore import calendars
from savcore.calendars import PARIS, Region, WorkingCalendar, public_holidays
from savcore.errors import FloatAmountError, ValidationError
from savcore.periods import Period

D = date
CAL = WorkingCalendar()
ALSACE = WorkingCalendar(region=Region.ALSACE_MOSELLE)


def paris(year: int, month: int, day: int, hour: int = 0, minute: int = 0) -> datetime:
    return datetime(year, month, day, hour, minute, tzinfo=PARIS)


def test_docstring_examples() -> None:
    assert doctest.testmod(calendars).failed == 0


# --- public holidays -------------------------------------------------------------------------------


def test_public_holidays_2025() -> None:
    # Easter Sunday 2025 is 20 April: Monday +1 = 21/04, Ascension +39 = 29/05, Whit Monday +50 = 09/06.
    assert public_holidays(2025) == {
        D(2025, 1, 1): "Jour de l'an",
        D(2025, 4, 21): "Lundi de Pâques",
        D(2025, 5, 1): "Fête du Travail",
        D(2025, 5, 8): "Victoire 1945",
        D(2025, 5, 29): "Ascension",
        D(2025, 6, 9): "Lundi de Pentecôte",
        D(2025, 7, 14): "Fête nationale",
        D(2025, 8, 15): "Assomption",
        D(2025, 11, 1): "Toussaint",
        D(2025, 11, 11): "Armistice 1918",
        D(2025, 12, 25): "Noël",
    }


def test_public_holidays_alsace_moselle_2025() -> None:
    # Good Friday = Easter Sunday (20/04) - 2 days = 18/04; plus 26 December.
    days = public_holidays(2025, Region.ALSACE_MOSELLE)
    assert len(days) == 13
    assert days[D(2025, 4, 18)] == "Vendredi saint"
    assert days[D(2025, 12, 26)] == "Saint-Étienne"
    assert D(2025, 4, 18) not in public_holidays(2025)
    assert ALSACE.is_holiday(D(2025, 12, 26))
    assert not CAL.is_holiday(D(2025, 12, 26))


def test_public_holidays_2024_easter_in_march() -> None:
    # Easter Sunday 2024 was 31 March: Monday 01/04, Ascension 09/05, Whit Monday 20/05.
    days = public_holidays(2024)
    assert days[D(2024, 4, 1)] == "Lundi de Pâques"
    assert days[D(2024, 5, 9)] == "Ascension"
    assert days[D(2024, 5, 20)] == "Lundi de Pentecôte"


def test_holidays_on_the_same_day_are_joined() -> None:
    # Easter Sunday 2008 was 23 March: Ascension = 23/03 + 39 days = 1 May.
    days = public_holidays(2008)
    assert days[D(2008, 5, 1)] == "Fête du Travail et Ascension"
    assert len(days) == 10


def test_public_holidays_returns_a_copy() -> None:
    public_holidays(2025).clear()
    assert len(public_holidays(2025)) == 11


@given(st.integers(1900, 2200), st.sampled_from(list(Region)))
def test_holidays_every_year(year: int, region: Region) -> None:
    days = public_holidays(year, region)
    names = [name for joined in days.values() for name in joined.split(" et ")]
    assert len(names) == (11 if region is Region.METROPOLE else 13)
    assert all(d.year == year for d in days)
    assert list(days) == sorted(days)
    mondays = [d for d, name in days.items() if name.startswith("Lundi")]
    assert [d.weekday() for d in mondays] == [0, 0]
    ascension = next(d for d, name in days.items() if name.endswith("Ascension"))
    assert ascension.weekday() == 3  # always a Thursday


# --- working days ----------------------------------------------------------------------------------


def test_working_day() -> None:
    assert CAL.is_working_day(D(2025, 3, 14))  # Friday
    assert not CAL.is_working_day(D(2025, 3, 15))  # Saturday
    assert not CAL.is_working_day(D(2025, 7, 14))  # Monday, Fête nationale
    closed = WorkingCalendar(closed_days=frozenset({D(2025, 3, 14)}))
    assert not closed.is_working_day(D(2025, 3, 14))
    six_days = WorkingCalendar(working_weekdays=frozenset(range(6)))
    assert six_days.is_working_day(D(2025, 3, 15))


def test_next_working_day() -> None:
    assert CAL.next_working_day(D(2025, 3, 14)) == D(2025, 3, 17)  # Friday -> Monday
    assert CAL.next_working_day(D(2025, 3, 14), include=True) == D(2025, 3, 14)
    assert CAL.next_working_day(D(2025, 3, 15), include=True) == D(2025, 3, 17)


@pytest.mark.parametrize(
    ("start", "n", "expected"),
    [
        (D(2025, 3, 14), 0, D(2025, 3, 14)),
        # Friday 14/03 + 1: Saturday and Sunday skipped -> Monday 17/03.
        (D(2025, 3, 14), 1, D(2025, 3, 17)),
        # Friday 11/07 + 1: weekend, then Monday 14/07 (Fête nationale) -> Tuesday 15/07.
        (D(2025, 7, 11), 1, D(2025, 7, 15)),
        # Thursday 10/07 + 3: Fri 11 (1), Tue 15 (2), Wed 16 (3).
        (D(2025, 7, 10), 3, D(2025, 7, 16)),
        # Thursday 14/08 + 1: Friday 15/08 (Assomption) and the weekend -> Monday 18/08.
        (D(2025, 8, 14), 1, D(2025, 8, 18)),
        # Friday 18/04 + 1: weekend, Monday 21/04 (Lundi de Pâques) -> Tuesday 22/04.
        (D(2025, 4, 18), 1, D(2025, 4, 22)),
        # Friday 19/12 + 5: Mon 22, Tue 23, Wed 24, (Thu 25 Noël), Fri 26, Mon 29.
        (D(2025, 12, 19), 5, D(2025, 12, 29)),
    ],
)
def test_add_working_days(start: date, n: int, expected: date) -> None:
    assert CAL.add_working_days(start, n) == expected


def test_add_working_days_alsace_moselle() -> None:
    # Thursday 17/04/2025 + 1: Good Friday is off in Alsace-Moselle, then weekend, Easter Monday.
    assert ALSACE.add_working_days(D(2025, 4, 17), 1) == D(2025, 4, 22)
    assert CAL.add_working_days(D(2025, 4, 17), 1) == D(2025, 4, 18)
    # Wednesday 24/12 + 1: Noël, then Saint-Étienne (Friday 26/12) -> Monday 29/12.
    assert ALSACE.add_working_days(D(2025, 12, 24), 1) == D(2025, 12, 29)


def test_working_days_of_a_month() -> None:
    # May 2025: 22 weekdays, minus Thu 01 (Travail), Thu 08 (1945), Thu 29 (Ascension) = 19.
    may = Period.month(2025, 5)
    days = CAL.working_days(may)
    assert len(days) == 19
    assert D(2025, 5, 8) not in days
    assert CAL.working_days_between(may.start, may.end) == 19
    assert CAL.working_days_between(may.start, may.start) == 0


@given(st.dates(D(2024, 1, 1), D(2026, 12, 31)), st.integers(0, 40))
def test_add_working_days_counts(start: date, n: int) -> None:
    end = CAL.add_working_days(start, n)
    # The n working days after start are in (start, end]: [start + 1, end + 1).
    assert CAL.working_days_between(start + timedelta(1), end + timedelta(1)) == n
    if n:
        assert CAL.is_working_day(end)


# --- working hours ---------------------------------------------------------------------------------


def test_add_working_hours_from_friday_evening() -> None:
    # Friday 14/03/2025 18:30 is after hours; Monday 08:00-12:00 gives 4 h, 13:30 + 1 h = 14:30.
    friday = paris(2025, 3, 14, 18, 30)
    assert CAL.add_working_hours(friday, 5) == paris(2025, 3, 17, 14, 30)
    # Exactly the morning: the deadline is 12:00, not 13:30.
    assert CAL.add_working_hours(friday, Decimal(4)) == paris(2025, 3, 17, 12, 0)
    assert CAL.add_working_hours(friday, 0) == friday


def test_add_working_hours_within_a_day_and_fractions() -> None:
    # Monday 10:00 + 2.5 h: 2 h to noon, lunch break, 13:30 + 0.5 h = 14:00.
    assert CAL.add_working_hours(paris(2025, 3, 17, 10), Decimal("2.5")) == paris(2025, 3, 17, 14)
    # Friday 16:30 + 3 h: 1 h on Friday, then Monday 08:00 + 2 h = 10:00.
    assert CAL.add_working_hours(paris(2025, 3, 14, 16, 30), 3) == paris(2025, 3, 17, 10)


def test_add_working_hours_across_a_clock_change_and_other_zones() -> None:
    # Friday 28/03/2025 17:00 (UTC+1) + 1 h: 0.5 h, then Monday 31/03 08:30, now UTC+2.
    result = CAL.add_working_hours(paris(2025, 3, 28, 17), 1)
    assert result == paris(2025, 3, 31, 8, 30)
    assert result.utcoffset() == timedelta(hours=2)
    # A UTC instant is read on the Paris clock and answered in UTC: 15:00 UTC = 16:00 Paris.
    utc = datetime(2025, 3, 14, 15, tzinfo=UTC)
    answer = CAL.add_working_hours(utc, 3)
    assert answer == datetime(2025, 3, 17, 8, 30, tzinfo=UTC)
    assert answer.tzinfo is UTC


def test_working_hours_between() -> None:
    # Friday 16:00 -> Monday 10:00: 1.5 h on Friday + 2 h on Monday.
    assert CAL.working_hours_between(paris(2025, 3, 14, 16), paris(2025, 3, 17, 10)) == Decimal(
        "3.5"
    )
    # 20 minutes is not a terminating decimal number of hours: rounded to the millionth.
    assert CAL.working_hours_between(paris(2025, 3, 17, 8), paris(2025, 3, 17, 8, 20)) == Decimal(
        "0.333333"
    )
    # A full working week: 5 x (4 h + 4 h).
    assert CAL.working_hours_between(paris(2025, 3, 17), paris(2025, 3, 24)) == Decimal(40)


@given(
    st.datetimes(datetime(2025, 1, 1), datetime(2025, 12, 31)),  # noqa: DTZ001
    st.integers(0, 60 * 60),
)
def test_working_hours_round_trip(start: datetime, minutes: int) -> None:
    at = start.replace(tzinfo=PARIS, microsecond=0)
    hours = Decimal(minutes // 15) / 4  # quarter-hour steps are exact decimals
    end = CAL.add_working_hours(at, hours)
    assert end >= at
    assert CAL.working_hours_between(at, end) == hours


# --- rejected input --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("call", "field"),
    [
        (lambda: public_holidays(1500), "year"),
        (lambda: public_holidays("2025"), "year"),  # type: ignore[arg-type]
        (lambda: public_holidays(2025, "metropole"), "region"),  # type: ignore[arg-type]
        (lambda: WorkingCalendar(region="metropole"), "region"),  # type: ignore[arg-type]
        (lambda: WorkingCalendar(working_weekdays=frozenset({0, 7})), "working_weekdays"),
        (lambda: WorkingCalendar(working_weekdays=frozenset()), "working_weekdays"),
        (lambda: WorkingCalendar(working_weekdays=frozenset({"lundi"})), "working_weekdays"),
        (lambda: WorkingCalendar(morning=(time(12), time(8))), "morning"),
        (lambda: WorkingCalendar(afternoon=(time(11), time(17))), "afternoon"),
        (lambda: WorkingCalendar(afternoon=(time(14),)), "afternoon"),  # type: ignore[arg-type]
        (lambda: WorkingCalendar(closed_days=frozenset({"2025-08-15"})), "closed_days"),
        (lambda: CAL.is_working_day("2025-03-14"), "day"),  # type: ignore[arg-type]
        (lambda: CAL.is_holiday(paris(2025, 3, 14)), "day"),
        (lambda: CAL.next_working_day(None), "day"),  # type: ignore[arg-type]
        (lambda: CAL.add_working_days(D(2025, 3, 14), -1), "n"),
        (lambda: CAL.working_days_between(D(2025, 3, 14), D(2025, 3, 1)), "end"),
        (lambda: CAL.working_days((D(2025, 3, 1), D(2025, 4, 1))), "period"),  # type: ignore[arg-type]
        (lambda: CAL.add_working_hours(datetime(2025, 3, 14, 9), 1), "at"),  # noqa: DTZ001
        (lambda: CAL.add_working_hours(D(2025, 3, 14), 1), "at"),  # type: ignore[arg-type]
        (lambda: CAL.add_working_hours(paris(2025, 3, 14, 9), -1), "hours"),
        (lambda: CAL.add_working_hours(paris(2025, 3, 14, 9), "deux"), "hours"),  # type: ignore[arg-type]
        (
            lambda: CAL.working_hours_between(
                paris(2025, 3, 14, 9),
                datetime(2025, 3, 14, 10),  # noqa: DTZ001
            ),
            "end",
        ),
        (lambda: CAL.working_hours_between(paris(2025, 3, 14, 9), paris(2025, 3, 14, 8)), "end"),
    ],
)
def test_rejected_input(call: Any, field: str) -> None:
    with pytest.raises(ValidationError) as exc:
        call()
    assert exc.value.field == field
    assert str(exc.value)


def test_float_hours_are_refused() -> None:
    with pytest.raises(FloatAmountError) as exc:
        CAL.add_working_hours(paris(2025, 3, 14, 9), 1.5)  # type: ignore[arg-type]
    assert exc.value.field == "hours"
