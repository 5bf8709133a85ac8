"""Which visits are due: ranges x dwellings x appliances over a period."""

from __future__ import annotations

import doctest
from datetime import date

import pytest

from savcore.errors import NotFoundError
from savcore.model.operations import Intervention, InterventionKind, Outcome, VisitAttempt
from savcore.model.ranges import MaintenanceRange, VisitType
from savcore.model.sites import Appliance, ApplianceKind, Dwelling, Location
from savcore.operations import due as due_module
from savcore.operations.due import due_visits, occurrence_windows, outstanding_visits
from savcore.periods import Period, Periodicity

from .builders import BOILER_SERVICE, RANGE, VMC_CHECK, boilers, contract, dwellings, paris

YEAR = Period.year(2025)


def test_docstring_examples() -> None:
    assert doctest.testmod(due_module).failed == 0


def test_occurrence_windows() -> None:
    # Half-years of 2025 cut to [01/03/2025, 01/03/2026): 01/03-30/06, 01/07-31/12, 01/01-28/02.
    windows = occurrence_windows(
        Periodicity.HALF_YEARLY, Period(date(2025, 3, 1), date(2026, 3, 1))
    )
    assert [(w.start, w.end) for w in windows] == [
        (date(2025, 3, 1), date(2025, 7, 1)),
        (date(2025, 7, 1), date(2026, 1, 1)),
        (date(2026, 1, 1), date(2026, 3, 1)),
    ]


def test_one_boiler_service_per_boiler_and_year() -> None:
    homes = dwellings("UG1", 4)
    appliances = boilers(homes[:3])  # L004 has no boiler: nothing is due there
    got = due_visits(contract(), [RANGE], homes, YEAR, appliances=appliances)
    assert [(v.dwelling_id, v.appliance_id, v.window) for v in got] == [
        (f"UG1-L00{i}", f"UG1-L00{i}-CH", YEAR) for i in (1, 2, 3)
    ]
    assert {(v.visit_type_id, v.range_id, v.duration_minutes) for v in got} == {
        ("ENT-CHAU", "G-CHAU", 45)
    }


def test_scope_dates_cut_the_window() -> None:
    homes = [
        Dwelling("A", "UG1", "A", added_on=date(2025, 3, 1)),
        Dwelling("B", "UG1", "B", withdrawn_on=date(2025, 6, 1)),
        Dwelling("C", "UG1", "C", withdrawn_on=date(2024, 12, 1)),  # gone before 2025
        Dwelling("D", "UG9", "D"),  # unit outside the contract
    ]
    got = due_visits(contract(), [RANGE], homes, YEAR, appliances=boilers(homes))
    # Planning order: by window start first.
    assert [(v.dwelling_id, v.window.start, v.window.end) for v in got] == [
        ("B", date(2025, 1, 1), date(2025, 6, 1)),
        ("A", date(2025, 3, 1), date(2026, 1, 1)),
    ]


def test_half_yearly_visit_without_appliance_kinds() -> None:
    half_yearly = VisitType("VMC", "Contrôle VMC", periodicity=Periodicity.HALF_YEARLY)
    ranges = [MaintenanceRange("G-VMC", "VMC", (half_yearly,))]
    got = due_visits(contract(ranges=("G-VMC",)), ranges, dwellings("UG1", 2), YEAR)
    # 2 dwellings x 2 half-years; in planning order the first half-year comes first.
    assert [(v.dwelling_id, v.window.start.month) for v in got] == [
        ("UG1-L001", 1),
        ("UG1-L002", 1),
        ("UG1-L001", 7),
        ("UG1-L002", 7),
    ]
    assert all(v.appliance_id is None for v in got)


def test_collective_appliance_and_range_limited_to_a_unit() -> None:
    substation = VisitType(
        "SST", "Visite sous-station", appliance_kinds=frozenset({ApplianceKind.SUBSTATION})
    )
    ranges = [
        RANGE,
        MaintenanceRange("G-SST", "Sous-stations", (substation,), unit_ids=("UG2",)),
    ]
    appliances = [
        Appliance("SST1", "UG2", ApplianceKind.SUBSTATION, location=Location.COLLECTIVE),
        Appliance("SST0", "UG1", ApplianceKind.SUBSTATION, location=Location.COLLECTIVE),
    ]
    c = contract(ranges=("G-CHAU", "G-SST"))
    got = due_visits(c, ranges, [], YEAR, appliances=appliances)
    # Only UG2 has the substation range: one unit-level visit, no dwelling.
    assert [(v.unit_id, v.dwelling_id, v.appliance_id, v.visit_type_id) for v in got] == [
        ("UG2", None, "SST1", "SST")
    ]
    assert got[0].target == "SST1"


def test_campaign_on_some_units_and_vacancies() -> None:
    homes = dwellings("UG1", 2) + dwellings("UG2", 2)
    vacant = Dwelling("UG2-V", "UG2", "V", building_id="UG2-B1", vacancies=(YEAR,))
    homes.append(vacant)
    ranges = [MaintenanceRange("G-VMC", "VMC", (VMC_CHECK,))]
    c = contract(ranges=("G-VMC",))
    only_ug2 = due_visits(c, ranges, homes, YEAR, unit_ids=["UG2"])
    assert [v.dwelling_id for v in only_ug2] == ["UG2-L001", "UG2-L002", "UG2-V"]
    occupied = due_visits(c, ranges, homes, YEAR, unit_ids=["UG2"], exclude_vacant=True)
    assert [v.dwelling_id for v in occupied] == ["UG2-L001", "UG2-L002"]


def test_unknown_range_or_unit() -> None:
    with pytest.raises(NotFoundError, match="gamme de maintenance introuvable : 'G-CHAU'"):
        due_visits(contract(), [], [], YEAR)
    with pytest.raises(NotFoundError, match="UG introuvable : 'UG7'"):
        due_visits(contract(), [RANGE], [], YEAR, unit_ids=["UG7"])


def test_outstanding_visits_leave_out_the_done_ones() -> None:
    homes = dwellings("UG1", 3)
    due = due_visits(contract(), [RANGE], homes, YEAR, appliances=boilers(homes))
    interventions = [
        Intervention(
            f"I{i}",
            "C1",
            InterventionKind.PREVENTIVE,
            "UG1",
            dwelling_id=f"UG1-L00{i}",
            appliance_id=f"UG1-L00{i}-CH",
            visit_type_id=BOILER_SERVICE.id,
        )
        for i in (1, 2, 3)
    ]
    attempts = [
        VisitAttempt("A1", "I1", paris(2025, 3, 4, 9), Outcome.DONE),
        VisitAttempt("A2", "I2", paris(2025, 3, 4, 10), Outcome.ABSENT),
        VisitAttempt("A3", "I3", paris(2024, 11, 4, 10), Outcome.DONE),  # last year's
    ]
    left = outstanding_visits(due, interventions, attempts)
    assert [v.dwelling_id for v in left] == ["UG1-L002", "UG1-L003"]
