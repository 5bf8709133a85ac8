"""Intervention requests (D.I.): deadlines, measured delay, penalties; hand-computed.

2025 calendar used below: Easter Sunday 20/04 (Good Friday 18/04, Easter Monday 21/04),
14 July on a Monday, 15 August on a Friday, 25 and 26 December on Thursday and Friday.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from decimal import Decimal

import attrs
import pytest

from savcore.calendars import Region, WorkingCalendar
from savcore.errors import ConfigurationError, NotFoundError, ValidationError
from savcore.model.contracts import DelayUnit
from savcore.model.operations import InterventionRequest
from savcore.operations.requests import assess_request, late_units, response_deadline

from .builders import LEVELS, contract, paris

CAL = WorkingCalendar()
ALSACE = WorkingCalendar(region=Region.ALSACE_MOSELLE)
LEVEL = {level.level: level for level in LEVELS}


def deadline(received: datetime, code: str, calendar: WorkingCalendar = CAL) -> datetime:
    return response_deadline(received, LEVEL[code], calendar)


def request(
    received: datetime,
    urgency: str,
    *,
    arrived: datetime | None = None,
    ended: datetime | None = None,
    contract_id: str = "C1",
) -> InterventionRequest:
    return InterventionRequest(
        id="DI-1",
        reference="DI-2025-0001",
        contract_id=contract_id,
        received_at=received,
        urgency=urgency,
        reason="Fuite sur chaudière",
        unit_id="UG1",
        dwelling_id="UG1-L001",
        arrived_at=arrived,
        ended_at=ended,
    )


# --- deadlines in working days ----------------------------------------------------------------------


def test_working_days_across_a_weekend() -> None:
    # Wed 05/03 10:00, 5 working days, the day of the call not counted:
    # Thu 06 (1), Fri 07 (2), [Sat, Sun], Mon 10 (3), Tue 11 (4), Wed 12 (5) -> end of Wed 12/03.
    assert deadline(paris(2025, 3, 5, 10), "U3") == paris(2025, 3, 13)


def test_working_days_across_14_july() -> None:
    # Fri 11/07 18:30: [Sat 12, Sun 13, Mon 14 = Fête nationale], Tue 15 (1), 16 (2), 17 (3),
    # Fri 18 (4), [weekend], Mon 21 (5) -> end of Mon 21/07.
    assert deadline(paris(2025, 7, 11, 18, 30), "U3") == paris(2025, 7, 22)


def test_working_days_across_15_august() -> None:
    # Wed 13/08 09:00: Thu 14 (1), [Fri 15 = Assomption, weekend], Mon 18 (2), Tue 19 (3),
    # Wed 20 (4), Thu 21 (5) -> end of Thu 21/08.
    assert deadline(paris(2025, 8, 13, 9), "U3") == paris(2025, 8, 22)


def test_working_days_across_easter_monday() -> None:
    # Thu 17/04 15:00: Fri 18 (1), [weekend, Mon 21 = Lundi de Pâques], Tue 22 (2), Wed 23 (3),
    # Thu 24 (4), Fri 25 (5) -> end of Fri 25/04.
    assert deadline(paris(2025, 4, 17, 15), "U3") == paris(2025, 4, 26)


def test_alsace_moselle_good_friday() -> None:
    # Same request under the Alsace-Moselle calendar: Fri 18 = Vendredi saint is off too.
    # Tue 22 (1), Wed 23 (2), Thu 24 (3), Fri 25 (4), [weekend], Mon 28 (5) -> end of Mon 28/04.
    assert deadline(paris(2025, 4, 17, 15), "U3", ALSACE) == paris(2025, 4, 29)


def test_alsace_moselle_26_december() -> None:
    # Wed 24/12/2025 11:00. Métropole: [Thu 25 = Noël], Fri 26 (1), Mon 29 (2), Tue 30 (3),
    # Wed 31 (4), [Thu 01/01], Fri 02/01 (5) -> end of Fri 02/01/2026.
    assert deadline(paris(2025, 12, 24, 11), "U3") == paris(2026, 1, 3)
    # Alsace-Moselle: Fri 26 = Saint-Étienne is off as well: Mon 29 (1), Tue 30 (2), Wed 31 (3),
    # Fri 02/01 (4), Mon 05/01 (5) -> end of Mon 05/01/2026.
    assert deadline(paris(2025, 12, 24, 11), "U3", ALSACE) == paris(2026, 1, 6)


def test_alsace_moselle_contract_uses_its_region() -> None:
    # assess_request builds the calendar from the contract's intervention terms.
    alsace = contract(region=Region.ALSACE_MOSELLE)
    assessed = assess_request(request(paris(2025, 12, 24, 11), "U3"), alsace)
    assert assessed.deadline == paris(2026, 1, 6)


# --- deadlines in hours -------------------------------------------------------------------------------


def test_urgent_four_hours_received_friday_evening() -> None:
    # Urgence 1 runs on weekends and holidays: Fri 11/07 18:30 + 4 h = Fri 22:30.
    assert deadline(paris(2025, 7, 11, 18, 30), "U1") == paris(2025, 7, 11, 22, 30)


def test_urgent_hours_across_the_spring_time_change() -> None:
    # Sun 30/03/2025 00:30 CET (23:30 UTC) + 4 elapsed hours = 03:30 UTC = 05:30 CEST.
    assert deadline(paris(2025, 3, 30, 0, 30), "U1") == paris(2025, 3, 30, 5, 30)


def test_hours_that_stop_on_weekends_and_holidays() -> None:
    # U2O: 24 h counted on working days only. Fri 11/07 18:30 -> midnight: 5 h 30 counted;
    # Sat, Sun, Mon 14 July skipped; Tue 15 00:00 + 18 h 30 = Tue 15/07 18:30.
    assert deadline(paris(2025, 7, 11, 18, 30), "U2O") == paris(2025, 7, 15, 18, 30)
    # Received on a Saturday: the count starts Monday 00:00 -> Monday 24:00.
    assert deadline(paris(2025, 3, 8, 10), "U2O") == paris(2025, 3, 11)


def test_working_hours() -> None:
    # WH: 8 working hours (8:00-12:00, 13:30-17:30). Fri 11/07 16:00 -> 17:30: 1 h 30;
    # [weekend, 14 July]; Tue 15: 8:00-12:00 = 4 h (5 h 30), 13:30 + 2 h 30 = 16:00.
    assert deadline(paris(2025, 7, 11, 16), "WH") == paris(2025, 7, 15, 16)


def test_calendar_days_moved_past_a_holiday() -> None:
    # CAL: 3 calendar days. Tue 12/08 + 3 = Fri 15/08 (Assomption), then the weekend:
    # the first working day is Mon 18 -> end of Mon 18/08.
    assert deadline(paris(2025, 8, 12, 10), "CAL") == paris(2025, 8, 19)
    # Wed 09/04 + 3 = Sat 12/04 -> Mon 14/04 -> end of Mon 14/04.
    assert deadline(paris(2025, 4, 9, 10), "CAL") == paris(2025, 4, 15)


# --- measured delay, met or not, penalty ------------------------------------------------------------------


def test_urgent_request_met() -> None:
    c = contract()
    got = assess_request(
        request(paris(2025, 7, 11, 18, 30), "U1", arrived=paris(2025, 7, 11, 21, 45)), c
    )
    # Deadline 22:30; arrived 21:45 after 3 h 15.
    assert got.deadline == paris(2025, 7, 11, 22, 30)
    assert got.delay == timedelta(hours=3, minutes=15)
    assert got.met is True
    assert (got.late_by, got.late_units, got.penalty) == (timedelta(), 0, Decimal("0.00"))


@pytest.mark.parametrize(
    ("arrived", "units", "penalty"),
    [
        # 23:10 is 40 min late: 1 started hour x 50 EUR = 50.00.
        (paris(2025, 7, 11, 23, 10), 1, Decimal("50.00")),
        # Sat 01:00 is 2 h 30 late: 3 started hours x 50 = 150.00.
        (paris(2025, 7, 12, 1), 3, Decimal("150.00")),
        # Exactly 2 h late: 2 hours x 50 = 100.00.
        (paris(2025, 7, 12, 0, 30), 2, Decimal("100.00")),
        # Sat 06:00 is 7 h 30 late: 8 x 50 = 400, capped at 300.00.
        (paris(2025, 7, 12, 6), 8, Decimal("300.00")),
    ],
)
def test_urgent_request_late(arrived: datetime, units: int, penalty: Decimal) -> None:
    got = assess_request(request(paris(2025, 7, 11, 18, 30), "U1", arrived=arrived), contract())
    assert got.met is False
    assert got.late_by == arrived - paris(2025, 7, 11, 22, 30)
    assert (got.late_units, got.penalty) == (units, penalty)


@pytest.mark.parametrize(
    ("arrived", "units", "penalty"),
    [
        # Deadline: end of Mon 21/07 (see the 14 July test). Tue 22 09:00: 1 working day x 80.
        (paris(2025, 7, 22, 9), 1, Decimal("80.00")),
        # Sat 26: Tue 22, Wed 23, Thu 24, Fri 25 = 4 working days x 80 = 320.00.
        (paris(2025, 7, 26, 10), 4, Decimal("320.00")),
        # Tue 29: 22, 23, 24, 25, 28, 29 = 6 x 80 = 480, capped at 400.00.
        (paris(2025, 7, 29, 10), 6, Decimal("400.00")),
    ],
)
def test_working_day_penalty(arrived: datetime, units: int, penalty: Decimal) -> None:
    got = assess_request(request(paris(2025, 7, 11, 18, 30), "U3", arrived=arrived), contract())
    assert got.deadline == paris(2025, 7, 22)
    assert (got.met, got.late_units, got.penalty) == (False, units, penalty)


def test_pending_request_against_now() -> None:
    c = contract()
    pending = request(paris(2025, 7, 11, 18, 30), "U1")
    before = assess_request(pending, c, now=paris(2025, 7, 11, 20))
    assert (before.met, before.delay, before.penalty) == (None, None, Decimal("0.00"))
    # At 23:45, 1 h 15 past the deadline with nobody there: 2 started hours so far = 100.00.
    after = assess_request(pending, c, now=paris(2025, 7, 11, 23, 45))
    assert (after.met, after.late_units, after.penalty) == (False, 2, Decimal("100.00"))


def test_late_units_in_working_hours() -> None:
    wh = attrs.evolve(LEVEL["WH"], penalty_unit=DelayUnit.WORKING_HOURS)
    # From Fri 17:00 to Mon 08:30 there is 30 min + 30 min of working time: 1 started hour.
    assert late_units(paris(2025, 3, 7, 17), paris(2025, 3, 10, 8, 30), wh, CAL) == 1
    # Nothing late when on time.
    assert late_units(paris(2025, 3, 7, 17), paris(2025, 3, 7, 17), wh, CAL) == 0


# --- bad input -------------------------------------------------------------------------------------------


def test_arrival_before_the_request_is_refused() -> None:
    with pytest.raises(ValidationError, match="antérieur à la réception"):
        request(paris(2025, 7, 11, 18, 30), "U1", arrived=paris(2025, 7, 11, 18))


def test_end_before_arrival_is_refused() -> None:
    with pytest.raises(ValidationError, match="fin avant l'arrivée"):
        request(
            paris(2025, 7, 11, 18, 30),
            "U1",
            arrived=paris(2025, 7, 11, 20),
            ended=paris(2025, 7, 11, 19),
        )


def test_unknown_urgency_level() -> None:
    with pytest.raises(NotFoundError, match="niveau d'urgence introuvable : 'U9'"):
        assess_request(request(paris(2025, 7, 11, 18, 30), "U9"), contract())


def test_request_of_another_contract() -> None:
    with pytest.raises(ValidationError, match="relève du contrat C2"):
        assess_request(request(paris(2025, 7, 11, 18, 30), "U1", contract_id="C2"), contract())


def test_calendar_of_another_region() -> None:
    with pytest.raises(ConfigurationError, match="n'est pas celui du contrat"):
        assess_request(request(paris(2025, 7, 11, 18, 30), "U1"), contract(), calendar=ALSACE)


def test_naive_now_is_refused() -> None:
    with pytest.raises(ValidationError, match="fuseau"):
        assess_request(
            request(paris(2025, 7, 11, 18, 30), "U1"),
            contract(),
            now=datetime(2025, 7, 11, 23),  # noqa: DTZ001 - the point of the test
        )
