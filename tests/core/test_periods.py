"""Anchored schedules, calendar periods, splitting a span and prorata conventions."""

from __future__ import annotations

import calendar
import doctest
import itertools
from datetime import date, datetime, timedelta
from fractions import Fraction
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from savcore import periods
from savcore.errors import ValidationError
from savcore.periods import (
    Alignment,
    Period,
    Periodicity,
    PeriodSlice,
    ProrataConvention,
    add_months,
    calendar_period_containing,
    days_360,
    iter_periods,
    occurrence,
    prorata,
    split_into_periods,
)

D = date
MONTHLY, QUARTERLY = Periodicity.MONTHLY, Periodicity.QUARTERLY


def test_docstring_examples() -> None:
    assert doctest.testmod(periods).failed == 0


# --- strategies ------------------------------------------------------------------------------------

# Every anchor day 1..31 (in a month that has it), plus 29 February of a leap year.
ANCHOR_DAYS: list[tuple[int | None, int]] = [(None, d) for d in range(1, 32)] + [(2, 29)]


def anchors(month: int | None, day: int) -> st.SearchStrategy[date]:
    months = st.just(month) if month else st.integers(1, 12)
    return (
        st.tuples(st.integers(1990, 2090), months)
        .filter(lambda ym: day <= calendar.monthrange(*ym)[1])
        .map(lambda ym: date(ym[0], ym[1], day))
    )


def any_anchor() -> st.SearchStrategy[date]:
    return st.sampled_from(ANCHOR_DAYS).flatmap(lambda md: anchors(*md))


def is_month_end(day: date) -> bool:
    return day.day == calendar.monthrange(day.year, day.month)[1]


periodicities = st.sampled_from(list(Periodicity))


# --- add_months / occurrence ----------------------------------------------------------------------


def test_add_months_clips_to_the_month_end() -> None:
    assert add_months(D(2025, 1, 31), 1) == D(2025, 2, 28)
    assert add_months(D(2024, 1, 31), 1) == D(2024, 2, 29)  # leap year
    assert add_months(D(2025, 3, 31), -1) == D(2025, 2, 28)
    assert add_months(D(2024, 2, 29), 12) == D(2025, 2, 28)
    assert add_months(D(2025, 5, 15), -17) == D(2023, 12, 15)


def test_add_months_end_of_month() -> None:
    assert add_months(D(2025, 2, 28), 1, end_of_month=True) == D(2025, 3, 31)
    assert add_months(D(2025, 1, 15), 1, end_of_month=True) == D(2025, 2, 28)
    assert add_months(D(2025, 1, 15), 0, end_of_month=True) == D(2025, 1, 31)
    assert add_months(D(2025, 4, 30), -2, end_of_month=True) == D(2025, 2, 28)


def test_monthly_anchored_on_31_january_does_not_drift() -> None:
    # 31/01 + n months, each from the anchor: 28/02, 31/03, 30/04, 31/05 (chaining would give 28/03).
    assert [occurrence(D(2025, 1, 31), n, MONTHLY) for n in range(5)] == [
        D(2025, 1, 31),
        D(2025, 2, 28),
        D(2025, 3, 31),
        D(2025, 4, 30),
        D(2025, 5, 31),
    ]
    assert occurrence(D(2025, 1, 31), -1, MONTHLY) == D(2024, 12, 31)
    assert occurrence(D(2025, 1, 31), 1, QUARTERLY) == D(2025, 4, 30)


def test_iter_periods_anchored_on_31_january() -> None:
    got = list(itertools.islice(iter_periods(D(2024, 1, 31), MONTHLY), 3))
    assert got == [
        Period(D(2024, 1, 31), D(2024, 2, 29)),
        Period(D(2024, 2, 29), D(2024, 3, 31)),
        Period(D(2024, 3, 31), D(2024, 4, 30)),
    ]


def test_iter_periods_negative_start_index() -> None:
    first = next(iter_periods(D(2025, 3, 31), QUARTERLY, start_index=-1))
    assert first == Period(D(2024, 12, 31), D(2025, 3, 31))


@pytest.mark.parametrize(("month", "day"), ANCHOR_DAYS)
@given(data=st.data())
def test_iter_periods_contiguous_increasing_and_anchored(
    month: int | None, day: int, data: st.DataObject
) -> None:
    anchor = data.draw(anchors(month, day), label="anchor")
    periodicity = data.draw(periodicities, label="periodicity")
    eom = data.draw(st.booleans(), label="end_of_month")
    start_index = data.draw(st.integers(-30, 30), label="start_index")
    got = list(
        itertools.islice(
            iter_periods(anchor, periodicity, end_of_month=eom, start_index=start_index), 40
        )
    )
    assert len(got) == 40
    for n, (before, after) in enumerate(itertools.pairwise(got), start=start_index):
        assert before.end == after.start  # no gap, no overlap
        assert before.start < after.start
        assert before.start == occurrence(anchor, n, periodicity, end_of_month=eom)
    for p in got:
        assert p.start < p.end
        if eom:
            assert is_month_end(p.start)
        else:  # the anchor's day, clipped to the month end: never drifts
            assert p.start.day == min(day, calendar.monthrange(p.start.year, p.start.month)[1])
    first = next(iter_periods(anchor, periodicity, end_of_month=eom))
    if not eom or is_month_end(anchor):
        assert first.start == anchor
    else:
        assert first.start == add_months(anchor, 0, end_of_month=True)


# --- calendar periods ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("day", "periodicity", "expected"),
    [
        (D(2025, 5, 14), Periodicity.MONTHLY, Period(D(2025, 5, 1), D(2025, 6, 1))),
        (D(2025, 4, 30), Periodicity.BIMONTHLY, Period(D(2025, 3, 1), D(2025, 5, 1))),
        (D(2025, 12, 31), Periodicity.BIMONTHLY, Period(D(2025, 11, 1), D(2026, 1, 1))),
        (D(2025, 3, 31), Periodicity.QUARTERLY, Period(D(2025, 1, 1), D(2025, 4, 1))),
        (D(2025, 10, 1), Periodicity.QUARTERLY, Period(D(2025, 10, 1), D(2026, 1, 1))),
        (D(2025, 7, 1), Periodicity.HALF_YEARLY, Period(D(2025, 7, 1), D(2026, 1, 1))),
        (D(2025, 6, 30), Periodicity.YEARLY, Period(D(2025, 1, 1), D(2026, 1, 1))),
    ],
)
def test_calendar_period_containing(day: date, periodicity: Periodicity, expected: Period) -> None:
    assert calendar_period_containing(day, periodicity) == expected


# --- split_into_periods ----------------------------------------------------------------------------


def test_quarterly_calendar_split_from_15_february() -> None:
    span = Period(D(2025, 2, 15), D(2025, 7, 1))
    q1, q2 = Period(D(2025, 1, 1), D(2025, 4, 1)), Period(D(2025, 4, 1), D(2025, 7, 1))
    slices = split_into_periods(span, QUARTERLY, Alignment.CALENDAR)
    assert slices == [
        PeriodSlice(Period(D(2025, 2, 15), D(2025, 4, 1)), q1),
        PeriodSlice(q2, q2),
    ]
    assert [s.is_partial for s in slices] == [True, False]
    # 15/02..31/03: 14 days of February (15..28) + 31 of March = 45; Q1 = 31 + 28 + 31 = 90 days.
    assert prorata(slices[0].covered, q1, ProrataConvention.ACTUAL_DAYS) == Fraction(1, 2)


def test_anniversary_split_with_anchor_before_the_span() -> None:
    # Contract anchored on 31/01/2023, quarterly: ... 31/10/2024, 31/01/2025, 30/04/2025, 31/07/2025.
    span = Period(D(2025, 1, 1), D(2025, 6, 1))
    slices = split_into_periods(
        span, QUARTERLY, Alignment.ANNIVERSARY, anchor=D(2023, 1, 31), end_of_month=False
    )
    assert [s.full for s in slices] == [
        Period(D(2024, 10, 31), D(2025, 1, 31)),
        Period(D(2025, 1, 31), D(2025, 4, 30)),
        Period(D(2025, 4, 30), D(2025, 7, 31)),
    ]
    assert [s.covered for s in slices] == [
        Period(D(2025, 1, 1), D(2025, 1, 31)),
        Period(D(2025, 1, 31), D(2025, 4, 30)),
        Period(D(2025, 4, 30), D(2025, 6, 1)),
    ]


def test_anniversary_split_with_anchor_after_the_span() -> None:
    span = Period(D(2025, 1, 10), D(2025, 2, 20))
    slices = split_into_periods(span, MONTHLY, Alignment.ANNIVERSARY, anchor=D(2026, 6, 15))
    assert [s.full for s in slices] == [
        Period(D(2024, 12, 15), D(2025, 1, 15)),
        Period(D(2025, 1, 15), D(2025, 2, 15)),
        Period(D(2025, 2, 15), D(2025, 3, 15)),
    ]


def test_anniversary_split_defaults_to_the_span_start() -> None:
    span = Period(D(2025, 3, 10), D(2026, 3, 10))
    slices = split_into_periods(span, Periodicity.HALF_YEARLY, Alignment.ANNIVERSARY)
    assert [s.covered for s in slices] == [
        Period(D(2025, 3, 10), D(2025, 9, 10)),
        Period(D(2025, 9, 10), D(2026, 3, 10)),
    ]
    assert not any(s.is_partial for s in slices)


def test_split_of_a_single_day() -> None:
    span = Period(D(2025, 5, 31), D(2025, 6, 1))
    (only,) = split_into_periods(span, Periodicity.YEARLY, Alignment.CALENDAR)
    assert only == PeriodSlice(span, Period.year(2025))


@pytest.mark.parametrize(("month", "day"), ANCHOR_DAYS)
@given(data=st.data())
def test_split_tiles_the_span(month: int | None, day: int, data: st.DataObject) -> None:
    anchor = data.draw(anchors(month, day), label="anchor")
    periodicity = data.draw(periodicities, label="periodicity")
    alignment = data.draw(st.sampled_from(list(Alignment)), label="alignment")
    eom = data.draw(st.booleans(), label="end_of_month")
    start = anchor + timedelta(days=data.draw(st.integers(-800, 800), label="offset"))
    span = Period(start, start + timedelta(days=data.draw(st.integers(1, 900), label="days")))
    given_anchor = data.draw(st.sampled_from([None, anchor]), label="given anchor")
    slices = split_into_periods(span, periodicity, alignment, anchor=given_anchor, end_of_month=eom)

    assert slices[0].covered.start == span.start
    assert slices[-1].covered.end == span.end
    for before, after in itertools.pairwise(slices):
        assert before.covered.end == after.covered.start
        assert before.full.end == after.full.start
    for i, piece in enumerate(slices):
        assert piece.full.contains_period(piece.covered)
        if 0 < i < len(slices) - 1:
            assert not piece.is_partial
    # The full periods are the nominal ones of the schedule.
    if alignment is Alignment.CALENDAR:
        for piece in slices:
            assert calendar_period_containing(piece.full.start, periodicity) == piece.full
    else:
        base = span.start if given_anchor is None else anchor
        n0 = periods._first_index(base, periodicity.months, eom, span.start)
        expected = itertools.islice(
            iter_periods(base, periodicity, end_of_month=eom, start_index=n0), len(slices)
        )
        assert [s.full for s in slices] == list(expected)
        if given_anchor is None and (not eom or is_month_end(span.start)):
            assert slices[0].full.start == span.start  # the first period starts on the anchor


# --- prorata ---------------------------------------------------------------------------------------


Q1 = Period(D(2025, 1, 1), D(2025, 4, 1))
NOT_A_PERIOD: Any = (D(2025, 1, 1), D(2025, 2, 1))


def test_days_360() -> None:
    # f(d) = 360 y + 30 m + min(d, 30); f(01/04/2025) - f(15/02/2025) = (120 + 1) - (60 + 15) = 46.
    assert days_360(D(2025, 2, 15), D(2025, 4, 1)) == 46
    # 31/01 counts as the 30th: f(01/02) - f(31/01) = (60 + 1) - (30 + 30) = 1.
    assert days_360(D(2025, 1, 31), D(2025, 2, 1)) == 1
    # 28/02 -> 01/03 jumps three days: (90 + 1) - (60 + 28) = 3.
    assert days_360(D(2025, 2, 28), D(2025, 3, 1)) == 3
    assert days_360(D(2025, 1, 1), D(2026, 1, 1)) == 360
    assert days_360(D(2025, 1, 1), D(2025, 1, 1)) == 0


def test_prorata_thirty_360_from_15_february() -> None:
    # covered 15/02..01/04: 46 (see test_days_360); Q1: f(01/04) - f(01/01) = 121 - 31 = 90.
    covered = Period(D(2025, 2, 15), D(2025, 4, 1))
    assert prorata(covered, Q1, ProrataConvention.THIRTY_360) == Fraction(46, 90)


def test_prorata_actual_days_and_none() -> None:
    covered = Period(D(2025, 2, 15), D(2025, 4, 1))
    assert prorata(covered, Q1, ProrataConvention.ACTUAL_DAYS) == Fraction(45, 90)
    assert prorata(covered, Q1, ProrataConvention.NONE) == 1
    assert prorata(Q1, Q1, ProrataConvention.THIRTY_360) == 1


def test_prorata_whole_months() -> None:
    # Q1 months: January, February, March. 15/02..31/03 touches February and March: 2/3.
    assert prorata(Period(D(2025, 2, 15), D(2025, 4, 1)), Q1, ProrataConvention.WHOLE_MONTHS) == (
        Fraction(2, 3)
    )
    # Two days in February: one month begun of three: 1/3.
    assert prorata(Period(D(2025, 2, 15), D(2025, 2, 17)), Q1, ProrataConvention.WHOLE_MONTHS) == (
        Fraction(1, 3)
    )
    # Anniversary quarter [15/01, 15/04): months [15/01, 15/02), [15/02, 15/03), [15/03, 15/04).
    # 14/02..15/02 (two days) straddles the first two: 2/3.
    full = Period(D(2025, 1, 15), D(2025, 4, 15))
    covered = Period(D(2025, 2, 14), D(2025, 2, 16))
    assert prorata(covered, full, ProrataConvention.WHOLE_MONTHS) == Fraction(2, 3)


def test_prorata_whole_months_of_a_clipped_period() -> None:
    # Monthly schedule anchored on 31/01: the period [28/02, 31/03) is one month, so any part of
    # it is 1/1 (months counted from 28/02 naively would make it [28/02, 28/03) + [28/03, 31/03)).
    full = Period(D(2025, 2, 28), D(2025, 3, 31))
    covered = Period(D(2025, 3, 30), D(2025, 3, 31))
    assert prorata(covered, full, ProrataConvention.WHOLE_MONTHS) == 1
    # Quarter [31/01, 30/04) anchored on the 31st: months end 28/02, 31/03, 30/04.
    full = Period(D(2025, 1, 31), D(2025, 4, 30))
    assert prorata(
        Period(D(2025, 3, 1), D(2025, 4, 30)), full, ProrataConvention.WHOLE_MONTHS
    ) == Fraction(2, 3)
    assert prorata(
        Period(D(2025, 2, 28), D(2025, 3, 1)), full, ProrataConvention.WHOLE_MONTHS
    ) == Fraction(1, 3)


@st.composite
def full_period_cuts(draw: st.DrawFn) -> tuple[Period, list[Period]]:
    """A nominal period of any schedule and a split of it into consecutive slices."""
    anchor = draw(any_anchor())
    periodicity = draw(periodicities)
    eom = draw(st.booleans())
    full = next(
        iter_periods(anchor, periodicity, end_of_month=eom, start_index=draw(st.integers(-5, 5)))
    )
    offsets = draw(st.sets(st.integers(1, full.days - 1), max_size=6)) if full.days > 1 else set()
    bounds = [full.start, *(full.start + timedelta(days=k) for k in sorted(offsets)), full.end]
    return full, [Period(a, b) for a, b in itertools.pairwise(bounds)]


@given(full_period_cuts())
def test_prorata_slices_sum_to_one(case: tuple[Period, list[Period]]) -> None:
    full, slices = case
    for convention in (ProrataConvention.ACTUAL_DAYS, ProrataConvention.THIRTY_360):
        assert sum((prorata(s, full, convention) for s in slices), Fraction(0)) == 1
    # A month begun is due: whole months never charge less than the period.
    whole = [prorata(s, full, ProrataConvention.WHOLE_MONTHS) for s in slices]
    assert sum(whole, Fraction(0)) >= 1
    assert all(0 < share <= 1 for share in whole)


@given(any_anchor(), periodicities, st.booleans(), st.integers(-5, 5))
def test_one_day_is_one_month_of_the_period(
    anchor: date, periodicity: Periodicity, eom: bool, n: int
) -> None:
    full = next(iter_periods(anchor, periodicity, end_of_month=eom, start_index=n))
    for day in (full.start, full.last):
        one_day = Period(day, day + timedelta(days=1))
        assert prorata(one_day, full, ProrataConvention.WHOLE_MONTHS) == Fraction(
            1, periodicity.months
        )


# --- rejected input --------------------------------------------------------------------------------


def test_period_end_before_start() -> None:
    with pytest.raises(ValidationError) as exc:
        Period(D(2025, 3, 1), D(2025, 2, 1))
    assert exc.value.field == "end"


@pytest.mark.parametrize(
    ("call", "field"),
    [
        (lambda: add_months("2025-01-31", 1), "anchor"),  # type: ignore[arg-type]
        (lambda: add_months(datetime(2025, 1, 31), 1), "anchor"),  # noqa: DTZ001
        (lambda: add_months(D(2025, 1, 31), 1.0), "months"),  # type: ignore[arg-type]
        (lambda: add_months(D(2025, 1, 31), True), "months"),
        (lambda: occurrence(D(2025, 1, 1), 1, 3), "periodicity"),  # type: ignore[arg-type]
        (lambda: iter_periods(D(2025, 1, 1), "monthly"), "periodicity"),  # type: ignore[arg-type]
        (lambda: iter_periods(D(2025, 1, 1), MONTHLY, start_index=None), "start_index"),  # type: ignore[arg-type]
        (lambda: calendar_period_containing(None, MONTHLY), "day"),  # type: ignore[arg-type]
        (lambda: Periodicity.from_months(4), "periodicity"),
        (lambda: split_into_periods(NOT_A_PERIOD, MONTHLY, Alignment.CALENDAR), "span"),
        (lambda: split_into_periods(Q1, MONTHLY, "calendar"), "alignment"),  # type: ignore[arg-type]
        (lambda: split_into_periods(Q1, MONTHLY, Alignment.ANNIVERSARY, anchor="x"), "anchor"),  # type: ignore[arg-type]
        (lambda: days_360(D(2025, 2, 1), D(2025, 1, 1)), "end"),
        (
            lambda: prorata(
                Period(D(2025, 3, 1), D(2025, 4, 2)), Q1, ProrataConvention.ACTUAL_DAYS
            ),
            "covered",
        ),
        (lambda: prorata(Q1, Q1, "actual-days"), "convention"),  # type: ignore[arg-type]
        (lambda: prorata(Q1, None, ProrataConvention.NONE), "full"),  # type: ignore[arg-type]
        (
            lambda: prorata(
                Period(D(2025, 1, 30), D(2025, 1, 31)),
                Period(D(2025, 1, 30), D(2025, 1, 31)),
                ProrataConvention.THIRTY_360,
            ),
            "full",
        ),
        (lambda: PeriodSlice(Period(D(2025, 3, 1), D(2025, 4, 2)), Q1), "covered"),
        (lambda: PeriodSlice(Q1, "Q1"), "full"),  # type: ignore[arg-type]
    ],
)
def test_rejected_input(call: Any, field: str) -> None:
    with pytest.raises(ValidationError) as exc:
        call()
    assert exc.value.field == field
    assert str(exc.value)  # a readable French message
