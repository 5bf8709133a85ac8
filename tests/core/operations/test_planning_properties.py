"""Properties of campaign planning: capacity, working days, notices, every visit exactly once."""

from __future__ import annotations

from collections import Counter
from datetime import date, timedelta

from hypothesis import given
from hypothesis import strategies as st

from savcore.calendars import PARIS, Region, WorkingCalendar
from savcore.model.operations import Appointment, HalfDay
from savcore.model.ranges import Technician
from savcore.operations.due import DueVisit
from savcore.operations.planning import REASON_CAPACITY, plan_campaign
from savcore.periods import Period

from .builders import paris

CALENDARS = [
    WorkingCalendar(),
    WorkingCalendar(region=Region.ALSACE_MOSELLE),
    WorkingCalendar(working_weekdays=frozenset({0, 1, 2, 3, 4, 5})),
]


@st.composite
def scenarios(draw: st.DrawFn) -> dict[str, object]:
    calendar = draw(st.sampled_from(CALENDARS))
    # Windows around Easter, May, 14 July / 15 August and Christmas 2025.
    start = draw(
        st.sampled_from(
            [date(2025, 4, 14), date(2025, 5, 1), date(2025, 7, 10), date(2025, 12, 20)]
        )
    )
    start += timedelta(days=draw(st.integers(0, 6)))
    window = Period(start, start + timedelta(days=draw(st.integers(1, 20))))
    techs = [
        Technician(
            f"T{i}",
            f"Tech {i}",
            visits_per_half_day=draw(st.integers(1, 4)),
            visits_per_day=draw(st.none() | st.integers(1, 8)),
        )
        for i in range(draw(st.integers(1, 3)))
    ]
    visits = []
    for u in range(draw(st.integers(1, 4))):
        for d in range(draw(st.integers(0, 25))):
            cut = draw(st.integers(0, 3))
            visit_window = (
                Period(date(2025, 1, 1), date(2026, 1, 1))
                if cut == 0
                else Period(start + timedelta(days=cut), start + timedelta(days=cut + 10))
            )
            visits.append(
                DueVisit(
                    "C", "G", "V", f"U{u}", visit_window, 45, f"U{u}-B{d % 2}", f"U{u}-D{d:02d}"
                )
            )
    booked = [
        Appointment(
            f"B{i}",
            paris(day.year, day.month, day.day, 9),
            "UX",
            slot=HalfDay.MORNING,
            technician_id=draw(st.sampled_from(techs)).id,
        )
        for i, day in enumerate(
            draw(st.lists(st.sampled_from(calendar.working_days(window) or [start]), max_size=3))
        )
    ]
    return {
        "calendar": calendar,
        "window": window,
        "techs": techs,
        "visits": visits,
        "booked": booked,
    }


@given(scenarios(), st.integers(0, 10))
def test_plan_respects_capacity_working_days_and_windows(s: dict[str, object], notice: int) -> None:
    calendar: WorkingCalendar = s["calendar"]  # type: ignore[assignment]
    window: Period = s["window"]  # type: ignore[assignment]
    techs: list[Technician] = s["techs"]  # type: ignore[assignment]
    visits: list[DueVisit] = s["visits"]  # type: ignore[assignment]
    booked: list[Appointment] = s["booked"]  # type: ignore[assignment]
    plan = plan_campaign(
        visits, window, techs, calendar, campaign="P", notice_days=notice, booked=booked
    )
    # Every visit exactly once, planned or not.
    assert sorted(
        [p.visit for p in plan.planned] + [u.visit for u in plan.unplanned], key=DueVisit.sort_key
    ) == sorted(visits, key=DueVisit.sort_key)
    # Capacity per half-day and per day, counting the booked appointments.
    by_id = {t.id: t for t in techs}
    half: Counter[tuple[str, date, HalfDay]] = Counter()
    day: Counter[tuple[str, date]] = Counter()
    for a in [*booked, *plan.appointments]:
        assert a.technician_id is not None
        local = a.at.astimezone(PARIS).date()
        half[(a.technician_id, local, a.slot)] += 1
        day[(a.technician_id, local)] += 1
    for p in plan.planned:
        a = p.appointment
        assert a.technician_id is not None
        local = a.at.astimezone(PARIS).date()
        t = by_id[a.technician_id]
        # Only free places are planned, so wherever a visit was added the slot and the day
        # stay within capacity, booked appointments included.
        assert half[(t.id, local, a.slot)] <= t.visits_per_half_day
        assert day[(t.id, local)] <= t.daily_capacity
        # Never on a non-working day, always inside the campaign and the visit's window.
        assert calendar.is_working_day(local)
        assert local in window
        assert local in p.visit.window
        # The notice is on a working day, at least ``notice`` days before.
        assert a.notice_on is not None
        assert a.notice_on <= local - timedelta(days=notice)
        assert notice == 0 or calendar.is_working_day(a.notice_on)


@given(scenarios())
def test_spill_over_only_when_capacity_is_used_up(s: dict[str, object]) -> None:
    calendar: WorkingCalendar = s["calendar"]  # type: ignore[assignment]
    window: Period = s["window"]  # type: ignore[assignment]
    techs: list[Technician] = s["techs"]  # type: ignore[assignment]
    # Every visit due over the whole window: a visit is left out only when no place is free.
    visits = [
        DueVisit(
            "C",
            "G",
            "V",
            f"U{i % 3}",
            Period(date(2025, 1, 1), date(2027, 1, 1)),
            30,
            None,
            f"D{i:03d}",
        )
        for i in range(60)
    ]
    plan = plan_campaign(visits, window, techs, calendar, campaign="P", notice_days=0)
    capacity = 0
    for t in techs:
        for _ in calendar.working_days(window):
            capacity += min(t.daily_capacity, 2 * t.visits_per_half_day)
    assert len(plan.planned) == min(len(visits), capacity)
    assert all(u.reason == REASON_CAPACITY for u in plan.unplanned)
