"""Campaign planning: capacity per half-day and per day, working days, notices, grouping."""

from __future__ import annotations

import random
from collections import Counter
from datetime import date, time

import pytest

from savcore.calendars import PARIS, WorkingCalendar
from savcore.errors import ValidationError
from savcore.model.operations import Appointment, HalfDay, InterventionKind
from savcore.model.ranges import Technician
from savcore.operations.due import DueVisit, due_visits
from savcore.operations.planning import (
    REASON_CAPACITY,
    REASON_SECTOR,
    REASON_WINDOW,
    interventions_for,
    notice_date,
    plan_campaign,
)
from savcore.periods import Period

from .builders import RANGE, boilers, contract, dwellings, paris, technician, unit

CAL = WorkingCalendar()
YEAR = Period.year(2025)
# Mon 03/03/2025 to Fri 07/03/2025: 5 working days, 10 half-days.
WEEK = Period(date(2025, 3, 3), date(2025, 3, 8))
TWO = [technician("T1"), technician("T2")]


def due(*units: tuple[str, int], buildings: int = 2) -> list[DueVisit]:
    homes = [d for unit_id, n in units for d in dwellings(unit_id, n, buildings=buildings)]
    names = tuple(u for u, _ in units)
    return due_visits(contract(units=names), [RANGE], homes, YEAR, appliances=boilers(homes))


def test_campaign_that_fills_capacity_exactly() -> None:
    # 2 technicians x 4 visits per half-day x 2 half-days x 5 days = 80 visits = 2 x 40 dwellings.
    plan = plan_campaign(due(("UG1", 40), ("UG2", 40)), WEEK, TWO, CAL, campaign="2025")
    assert plan.is_complete
    assert len(plan.planned) == 80
    assert set(plan.load().values()) == {4}
    assert len(plan.load()) == 2 * 5 * 2
    # Each residence stays with one technician: UG1 with T1 (free first, ties by id), UG2 with T2.
    by_unit = {(p.visit.unit_id, p.appointment.technician_id) for p in plan.planned}
    assert by_unit == {("UG1", "T1"), ("UG2", "T2")}
    first = plan.planned[0].appointment
    # Building UG1-B1 (even dwellings) first; Monday 03/03 at 08:00; notice 7 days before, on
    # Mon 24/02; morning 08:00-12:00 = 240 min / 4 visits = one visit per hour.
    assert (first.dwelling_id, first.building_id) == ("UG1-L002", "UG1-B1")
    assert first.at == paris(2025, 3, 3, 8)
    assert first.notice_on == date(2025, 2, 24)
    assert first.slot is HalfDay.MORNING
    assert [p.appointment.at for p in plan.planned[:6]] == [
        paris(2025, 3, 3, 8),
        paris(2025, 3, 3, 9),
        paris(2025, 3, 3, 10),
        paris(2025, 3, 3, 11),
        paris(2025, 3, 3, 13, 30),  # afternoon 13:30-17:30, same step
        paris(2025, 3, 3, 14, 30),
    ]
    assert first.id == "2025-000001"
    assert first.intervention_id == "2025-000001-I"
    # Buildings are visited one after the other: B1's 20 dwellings, then B2's.
    ug1 = [p.visit.building_id for p in plan.planned if p.visit.unit_id == "UG1"]
    assert ug1 == ["UG1-B1"] * 20 + ["UG1-B2"] * 20


def test_campaign_that_spills_over() -> None:
    # 81 visits for 80 places: UG2's 41st visit (last in order: building B2, dwelling L041) is left.
    plan = plan_campaign(due(("UG1", 40), ("UG2", 41)), WEEK, TWO, CAL, campaign="2025")
    assert len(plan.planned) == 80
    assert [(u.visit.dwelling_id, u.reason) for u in plan.unplanned] == [
        ("UG2-L041", REASON_CAPACITY)
    ]
    assert max(plan.load().values()) == 4


def test_a_residence_moves_to_the_next_free_technician() -> None:
    # 30 + 30 + 20: T1 takes UG1 (30), T2 takes UG2 (30); both are then at 30/40 with the same
    # cursor, so UG3 goes to T1 (id order) for his last 10 places, then to T2 for the other 10.
    plan = plan_campaign(due(("UG1", 30), ("UG2", 30), ("UG3", 20)), WEEK, TWO, CAL, campaign="C")
    assert plan.is_complete
    ug3 = Counter(p.appointment.technician_id for p in plan.planned if p.visit.unit_id == "UG3")
    assert ug3 == {"T1": 10, "T2": 10}


def test_public_holiday_and_weekend_are_skipped() -> None:
    # Week of 14 July 2025: Monday is the Fête nationale, so 4 working days: 2 x 4 x 2 x 4 = 64.
    week = Period(date(2025, 7, 14), date(2025, 7, 21))
    plan = plan_campaign(due(("UG1", 70)), week, TWO, CAL, campaign="2025")
    assert len(plan.planned) == 64
    assert len(plan.unplanned) == 6
    days = {p.appointment.at.date() for p in plan.planned}
    assert days == {date(2025, 7, d) for d in (15, 16, 17, 18)}


def test_daily_cap_and_booked_appointments() -> None:
    # 4 per half-day but 6 per day: mornings take 4, afternoons 2. On Monday T1 already has 2
    # booked appointments in the morning: Monday gives 2 + 2 = 4 places, then 6 per day.
    tech = Technician("T1", "Technicien", visits_per_half_day=4, visits_per_day=6)
    booked = [
        Appointment(f"X{i}", paris(2025, 3, 3, 8 + i), "UG9", technician_id="T1") for i in range(2)
    ]
    plan = plan_campaign(due(("UG1", 12)), WEEK, [tech], CAL, campaign="C", booked=booked)
    load = plan.load()
    assert load[("T1", date(2025, 3, 3), HalfDay.MORNING)] == 2
    assert load[("T1", date(2025, 3, 3), HalfDay.AFTERNOON)] == 2
    assert load[("T1", date(2025, 3, 4), HalfDay.MORNING)] == 4
    assert load[("T1", date(2025, 3, 4), HalfDay.AFTERNOON)] == 2
    assert load[("T1", date(2025, 3, 5), HalfDay.MORNING)] == 2
    # The first free place on Monday is the third of the morning: 08:00 + 2 x 60 min.
    assert plan.planned[0].appointment.at == paris(2025, 3, 3, 10)


def test_notice_date() -> None:
    # 7 days before Mon 03/03 is Mon 24/02; 8 days before is Sun 23/02 -> Fri 21/02.
    assert notice_date(CAL, date(2025, 3, 3), 7) == date(2025, 2, 24)
    assert notice_date(CAL, date(2025, 3, 3), 8) == date(2025, 2, 21)
    # 1 day before Tue 15/07 is Mon 14/07 (holiday), then the weekend -> Fri 11/07.
    assert notice_date(CAL, date(2025, 7, 15), 1) == date(2025, 7, 11)
    assert notice_date(CAL, date(2025, 7, 15), 0) == date(2025, 7, 15)
    with pytest.raises(ValidationError):
        notice_date(CAL, date(2025, 7, 15), -1)


def test_today_leaves_time_for_the_notice() -> None:
    # Today Wed 26/02, 7-day notice: Mon 03/03 (notice 24/02) and Tue 04/03 (25/02) are too
    # early; Wed 05/03 (notice 26/02) is the first day used.
    plan = plan_campaign(due(("UG1", 3)), WEEK, TWO, CAL, campaign="C", today=date(2025, 2, 26))
    assert plan.planned[0].appointment.at == paris(2025, 3, 5, 8)
    assert plan.planned[0].appointment.notice_on == date(2025, 2, 26)


def test_sectors() -> None:
    units = [unit("UG1", "SUD"), unit("UG2", "NORD"), unit("UG3", "EST")]
    techs = [
        technician("T1", sectors=frozenset({"SUD"})),
        technician("T2", sectors=frozenset({"NORD"})),
    ]
    plan = plan_campaign(
        due(("UG1", 2), ("UG2", 2), ("UG3", 1)), WEEK, techs, CAL, campaign="C", units=units
    )
    assert {(p.visit.unit_id, p.appointment.technician_id) for p in plan.planned} == {
        ("UG1", "T1"),
        ("UG2", "T2"),
    }
    assert [u.reason for u in plan.unplanned] == [f"{REASON_SECTOR} EST"]


def test_visit_outside_the_window_and_withdrawn_dwelling() -> None:
    visits = due(("UG1", 1))
    late = DueVisit("C1", "G", "V", "UG1", Period(date(2025, 6, 1), date(2025, 7, 1)), 45)
    # A dwelling withdrawn on Wed 05/03: only Mon 03 and Tue 04 are in its window.
    gone = DueVisit(
        "C1", "G", "V", "UG1", Period(date(2025, 1, 1), date(2025, 3, 5)), 45, dwelling_id="X"
    )
    full = [
        technician(
            "T1",
            per_half_day=1,
        )
    ]
    plan = plan_campaign([*visits, late, gone], WEEK, full, CAL, campaign="C")
    assert [(u.visit.window.start, u.reason) for u in plan.unplanned] == [
        (date(2025, 6, 1), REASON_WINDOW)
    ]
    gone_at = next(p.appointment.at for p in plan.planned if p.visit.dwelling_id == "X")
    assert gone_at.date() < date(2025, 3, 5)


def test_deterministic_whatever_the_input_order() -> None:
    visits = due(("UG1", 25), ("UG2", 25), ("UG3", 25))
    shuffled = visits[:]
    random.Random(4).shuffle(shuffled)
    a = plan_campaign(visits, WEEK, TWO, CAL, campaign="C")
    b = plan_campaign(shuffled, WEEK, list(reversed(TWO)), CAL, campaign="C")
    assert a == b


def test_interventions_for_the_plan() -> None:
    plan = plan_campaign(due(("UG1", 2)), WEEK, TWO, CAL, campaign="2025")
    interventions = interventions_for(plan)
    assert [i.id for i in interventions] == ["2025-000001-I", "2025-000002-I"]
    first = interventions[0]
    assert (first.kind, first.visit_type_id, first.campaign, first.appliance_id) == (
        InterventionKind.PREVENTIVE,
        "ENT-CHAU",
        "2025",
        "UG1-L002-CH",
    )


def test_bad_arguments() -> None:
    with pytest.raises(ValidationError, match="campagne"):
        plan_campaign([], WEEK, TWO, CAL, campaign=" 2025")
    with pytest.raises(ValidationError, match="technicien en double"):
        plan_campaign([], WEEK, [technician("T1"), technician("T1")], CAL, campaign="C")


def test_appointment_times_are_on_the_paris_clock() -> None:
    plan = plan_campaign(due(("UG1", 1)), WEEK, TWO, CAL, campaign="C")
    at = plan.planned[0].appointment.at
    assert at.tzinfo is PARIS
    assert at.time() == time(8, 0)


def test_id_prefix_and_first_number() -> None:
    plan = plan_campaign(
        due(("UG1", 2)), WEEK, TWO, CAL, campaign="2025", id_prefix="C1-2025", first_number=41
    )
    assert [a.id for a in plan.appointments] == ["C1-2025-000041", "C1-2025-000042"]
    assert plan.appointments[0].intervention_id == "C1-2025-000041-I"
    with pytest.raises(ValidationError, match="first_number"):
        plan_campaign([], WEEK, TWO, CAL, campaign="2025", first_number=0)
