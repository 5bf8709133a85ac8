"""Effective-dated values: lookup, changes, segments and integration."""

from __future__ import annotations

import doctest
import itertools
from datetime import date, datetime, timedelta
from decimal import Decimal
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from savcore import timeline
from savcore.errors import DuplicateError, FloatAmountError, MissingValueError, ValidationError
from savcore.periods import Period
from savcore.timeline import Change, Segment, Timeline

D = date
PRICE = Timeline.from_pairs(
    [
        (D(2025, 1, 1), Decimal("100.00")),
        (D(2025, 3, 1), Decimal("103.50")),
        (D(2025, 7, 1), Decimal("104.00")),
    ]
)


def test_docstring_examples() -> None:
    assert doctest.testmod(timeline).failed == 0


# --- lookup ----------------------------------------------------------------------------------------


def test_value_at() -> None:
    assert PRICE.value_at(D(2025, 1, 1)) == Decimal("100.00")
    assert PRICE.value_at(D(2025, 2, 28)) == Decimal("100.00")
    assert PRICE.value_at(D(2025, 3, 1)) == Decimal("103.50")
    assert PRICE.value_at(D(2030, 1, 1)) == Decimal("104.00")
    assert PRICE.first_effective == D(2025, 1, 1)


def test_value_before_the_first_change() -> None:
    with pytest.raises(MissingValueError) as exc:
        PRICE.value_at(D(2024, 12, 31))
    assert exc.value.at == D(2024, 12, 31)
    assert "aucune valeur" in str(exc.value)
    assert PRICE.get(D(2024, 12, 31), None) is None
    assert PRICE.get(D(2025, 1, 2), None) == Decimal("100.00")


def test_constant_and_from_pairs_in_any_order() -> None:
    assert Timeline.constant(40, D(2025, 1, 1)) == Timeline((Change(D(2025, 1, 1), 40),))
    shuffled = Timeline.from_pairs([(D(2025, 3, 1), "b"), (D(2025, 1, 1), "a")])
    assert shuffled.changes == (Change(D(2025, 1, 1), "a"), Change(D(2025, 3, 1), "b"))
    assert Timeline([Change(D(2025, 1, 1), 1)]).changes == (Change(D(2025, 1, 1), 1),)


def test_with_change_returns_a_new_timeline() -> None:
    revised = PRICE.with_change(D(2025, 5, 1), Decimal("103.80"))
    assert PRICE.value_at(D(2025, 5, 1)) == Decimal("103.50")  # the original is untouched
    assert revised.value_at(D(2025, 4, 30)) == Decimal("103.50")  # earlier values unchanged
    assert revised.value_at(D(2025, 5, 1)) == Decimal("103.80")
    assert revised.value_at(D(2025, 7, 1)) == Decimal("104.00")  # later changes still apply
    earlier = PRICE.with_change(D(2024, 6, 1), Decimal("98"))
    assert earlier.first_effective == D(2024, 6, 1)


def test_with_change_replace() -> None:
    with pytest.raises(DuplicateError) as exc:
        PRICE.with_change(D(2025, 3, 1), Decimal("103.60"))
    assert exc.value.key == D(2025, 3, 1)
    replaced = PRICE.with_change(D(2025, 3, 1), Decimal("103.60"), replace=True)
    assert replaced.value_at(D(2025, 3, 1)) == Decimal("103.60")
    assert len(replaced.changes) == 3


# --- segments and integration ----------------------------------------------------------------------


def test_segments() -> None:
    period = Period(D(2025, 2, 1), D(2025, 8, 1))
    assert PRICE.segments(period) == [
        Segment(Period(D(2025, 2, 1), D(2025, 3, 1)), Decimal("100.00")),
        Segment(Period(D(2025, 3, 1), D(2025, 7, 1)), Decimal("103.50")),
        Segment(Period(D(2025, 7, 1), D(2025, 8, 1)), Decimal("104.00")),
    ]
    inside = Period(D(2025, 3, 10), D(2025, 3, 20))
    assert PRICE.segments(inside) == [Segment(inside, Decimal("103.50"))]
    with pytest.raises(MissingValueError):
        PRICE.segments(Period(D(2024, 12, 1), D(2025, 2, 1)))


def test_changes_within() -> None:
    assert PRICE.changes_within(Period(D(2025, 3, 1), D(2025, 7, 1))) == [
        Change(D(2025, 3, 1), Decimal("103.50"))
    ]
    assert PRICE.changes_within(Period(D(2024, 1, 1), D(2024, 2, 1))) == []


def test_integrate_dwellings() -> None:
    # 40 dwellings from 01/01, 42 from 01/03; Q1 2025: 40 x 59 days (Jan 31 + Feb 28) + 42 x 31.
    dwellings = Timeline.from_pairs([(D(2025, 1, 1), 40), (D(2025, 3, 1), 42)])
    q1 = Period(D(2025, 1, 1), D(2025, 4, 1))
    assert dwellings.integrate(q1) == Decimal(40 * 59 + 42 * 31) == Decimal(3662)


def test_integrate_prices_is_exact() -> None:
    # 100.00 x 28 (February) + 103.50 x 31 (March) = 2800.00 + 3208.50 = 6008.50.
    assert PRICE.integrate(Period(D(2025, 2, 1), D(2025, 4, 1))) == Decimal("6008.50")


@st.composite
def timelines(draw: st.DrawFn) -> Timeline[Decimal]:
    first = draw(st.dates(D(2020, 1, 1), D(2026, 12, 31)))
    gaps = draw(st.lists(st.integers(1, 400), max_size=8))
    days = [first + timedelta(days=sum(gaps[:i])) for i in range(len(gaps) + 1)]
    values = st.decimals(-10_000, 10_000, places=4, allow_nan=False, allow_infinity=False)
    return Timeline.from_pairs((day, draw(values)) for day in days)


@st.composite
def timeline_and_period(draw: st.DrawFn) -> tuple[Timeline[Decimal], Period, list[date]]:
    line = draw(timelines())
    start = line.first_effective + timedelta(days=draw(st.integers(0, 1500)))
    period = Period(start, start + timedelta(days=draw(st.integers(1, 1500))))
    cuts = sorted(
        draw(st.sets(st.integers(1, period.days - 1), max_size=6)) if period.days > 1 else []
    )
    return line, period, [start + timedelta(days=k) for k in cuts]


@given(timeline_and_period())
def test_integral_is_additive(case: tuple[Timeline[Decimal], Period, list[date]]) -> None:
    line, period, cuts = case
    total = line.integrate(period)
    segments = line.segments(period)
    # The segments tile the period, each carrying the value in force on its first day.
    assert segments[0].period.start == period.start
    assert segments[-1].period.end == period.end
    for before, after in itertools.pairwise(segments):
        assert before.period.end == after.period.start
    for segment in segments:
        assert line.value_at(segment.period.start) == segment.value
        assert line.value_at(segment.period.last) == segment.value
    assert total == sum((line.integrate(s.period) for s in segments), Decimal(0))
    assert total == sum((s.value * s.period.days for s in segments), Decimal(0))
    # Any split of the period gives the same total.
    bounds = [period.start, *cuts, period.end]
    parts = [Period(a, b) for a, b in itertools.pairwise(bounds)]
    assert total == sum((line.integrate(p) for p in parts), Decimal(0))


@given(timelines(), st.dates(D(2019, 1, 1), D(2040, 12, 31)))
def test_value_at_matches_a_linear_scan(line: Timeline[Decimal], day: date) -> None:
    in_force = [c.value for c in line.changes if c.effective <= day]
    assert line.get(day, None) == (in_force[-1] if in_force else None)


# --- rejected input --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("call", "field"),
    [
        (lambda: Timeline(()), "changes"),
        (lambda: Timeline(None), "changes"),  # type: ignore[arg-type]
        (
            lambda: Timeline((Change(D(2025, 3, 1), 1), Change(D(2025, 1, 1), 2))),
            "changes",
        ),  # unsorted
        (
            lambda: Timeline((Change(D(2025, 1, 1), 1), Change(D(2025, 1, 1), 2))),
            "changes",
        ),  # same date twice
        (lambda: Timeline(((D(2025, 1, 1), 1),)), "changes[0]"),  # type: ignore[arg-type]
        (lambda: Change(datetime(2025, 1, 1), 1), "effective"),  # noqa: DTZ001
        (lambda: Change("2025-01-01", 1), "effective"),  # type: ignore[arg-type]
        (lambda: PRICE.value_at("2025-01-01"), "day"),  # type: ignore[arg-type]
        (lambda: PRICE.with_change(None, 1), "effective"),  # type: ignore[arg-type]
        (lambda: PRICE.segments((D(2025, 1, 1), D(2025, 2, 1))), "period"),  # type: ignore[arg-type]
        (lambda: Timeline.constant("x", D(2025, 1, 1)).integrate(Period.year(2025)), "value"),
    ],
)
def test_rejected_input(call: Any, field: str) -> None:
    with pytest.raises(ValidationError) as exc:
        call()
    assert exc.value.field == field
    assert str(exc.value)


def test_float_values_cannot_be_integrated() -> None:
    with pytest.raises(FloatAmountError) as exc:
        Timeline.constant(1.5, D(2025, 1, 1)).integrate(Period.year(2025))
    assert exc.value.field == "value"


def test_from_pairs_duplicate_date() -> None:
    with pytest.raises(DuplicateError) as exc:
        Timeline.from_pairs([(D(2025, 1, 1), 1), (D(2025, 1, 1), 2)])
    assert exc.value.key == D(2025, 1, 1)
