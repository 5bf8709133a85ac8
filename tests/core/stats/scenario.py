"""The small portfolio every hand-computed stats test reads (year 2025, contract C1).

UG1 (6 dwellings), UG2 (8 dwellings, two of them out of scope), UG3 (none). The counting visit
type is the boiler service ENT-CHAU; at most 3 attempts; the penetration target is 75 %.

    UG1  L1  done 10/03                                   -> done
         L2  absent 10/03, absent 20/03, done 02/04       -> done (absences 10/03, 20/03)
         L3  refused 10/03                                -> not done (refusal)
         L4  absent 10/03, 20/03, 01/04 (3rd = last)      -> not done
         L5  vacant from 01/06/2024 to 01/01/2026         -> pending, vacant all the period
         L6  absent 10/03                                 -> pending (2nd attempt to come)
    UG2  M1  done 05/05                                   -> done
         M2  added 01/07/2025, done 01/09                 -> done
         M3  withdrawn 01/01/2025 (attempt in 2024)       -> out of scope
         M4  added 01/01/2026                             -> out of scope
         M5  vacant 01/01/2025 to 01/06/2025 only         -> pending (let the rest of the year)
         M6  appliance stopped 01/10                      -> not done
         M7  done 15/12/2024 and 05/01/2026 (outside)     -> pending
         M8  only a VMC visit, done 12/06                 -> pending (VMC does not count)

Repairs (line P3): R1 in UG1 on request DI-1, done 03/02 (90 min, a circulator at 150.00);
R2 in UG2, absent 10/06 (15 min) then done 12/06 (60 min, 2 seals priced from the BPU at 12.50);
R3 in UG1 in 2024 (outside). L1's visit replaced a thermocouple at 80.00.
Minutes: a done preventive attempt 45, an absence 10, a refusal 5, an appliance stopped 30, the
VMC visit 20.
"""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from typing import Any

import attrs

from savcore.calendars import PARIS
from savcore.model.catalog import PriceItem, PriceSchedule, PriceScheduleVersion
from savcore.model.contracts import (
    AttemptRule,
    Contract,
    ContractKind,
    DelayUnit,
    InterventionTerms,
    PenetrationRule,
    ResponseTime,
    ServiceLine,
    Warranty,
    WarrantyLevel,
)
from savcore.model.operations import (
    Intervention,
    InterventionKind,
    InterventionRequest,
    Outcome,
    Replacement,
    RequestStatus,
    VisitAttempt,
)
from savcore.model.parties import Address
from savcore.model.sites import Dwelling, ManagementUnit
from savcore.periods import Period
from savcore.timeline import Timeline

YEAR = Period.year(2025)
ADDRESS = Address("1 rue de la République", "69001", "Lyon")

LEVELS = (
    ResponseTime(
        "U1",
        "Urgence 1",
        4,
        DelayUnit.HOURS,
        weekends_and_holidays=True,
        penalty_per_unit=Decimal("50"),
        penalty_unit=DelayUnit.HOURS,
        penalty_cap=Decimal("300"),
    ),
    ResponseTime(
        "U3",
        "Urgence 3",
        5,
        DelayUnit.WORKING_DAYS,
        penalty_per_unit=Decimal("80"),
        penalty_unit=DelayUnit.WORKING_DAYS,
        penalty_cap=Decimal("400"),
    ),
)


def _line(line_id: str, unit_id: str | None) -> ServiceLine:
    return ServiceLine(
        line_id,
        f"Prestation {line_id}",
        Timeline.constant(Decimal("1000"), date(2025, 1, 1)),
        unit_id=unit_id,
    )


RULE = PenetrationRule(
    exclude_vacant=True,
    exclude_refused=False,
    visit_type_ids=frozenset({"ENT-CHAU"}),
    threshold=Decimal("0.75"),
)

CONTRACT = Contract(
    id="C1",
    customer_id="OPH",
    kind=ContractKind.COLLECTIVE,
    designation="Entretien des chaudières individuelles",
    start=date(2025, 1, 1),
    duration_months=36,
    intervention=InterventionTerms(LEVELS),
    warranty=Warranty(
        WarrantyLevel.PARTIAL, families=frozenset({"pieces"}), cap_per_year=Decimal("200")
    ),
    lines=(_line("P2-UG1", "UG1"), _line("P2-UG2", "UG2"), _line("P3", None)),
    unit_ids=("UG1", "UG2", "UG3"),
    attempts=AttemptRule(max_attempts=3),
    penetration=RULE,
)

UNITS = [ManagementUnit(u, "OPH", f"Résidence {u}", ADDRESS) for u in ("UG1", "UG2", "UG3")]

BPU = PriceSchedule(
    "BPU-1",
    "Bordereau",
    (
        PriceScheduleVersion(
            date(2025, 1, 1),
            (PriceItem("JOINT", "Joint fibre", "u", Decimal("12.50"), family="joints"),),
        ),
    ),
    contract_id="C1",
)


def at(year: int, month: int, day: int, hour: int = 9, minute: int = 0) -> datetime:
    return datetime(year, month, day, hour, minute, tzinfo=PARIS)


def _dwelling(dwelling_id: str, unit_id: str, **kw: Any) -> Dwelling:
    return Dwelling(dwelling_id, unit_id, f"REF-{dwelling_id}", building_id=f"{unit_id}-B", **kw)


DWELLINGS = [
    *(_dwelling(f"L{i}", "UG1") for i in (1, 2, 3, 4, 6)),
    _dwelling("L5", "UG1", vacancies=(Period(date(2024, 6, 1), date(2026, 1, 1)),)),
    _dwelling("M1", "UG2"),
    _dwelling("M2", "UG2", added_on=date(2025, 7, 1)),
    _dwelling("M3", "UG2", withdrawn_on=date(2025, 1, 1)),
    _dwelling("M4", "UG2", added_on=date(2026, 1, 1)),
    _dwelling("M5", "UG2", vacancies=(Period(date(2025, 1, 1), date(2025, 6, 1)),)),
    _dwelling("M6", "UG2"),
    _dwelling("M7", "UG2"),
    _dwelling("M8", "UG2"),
    _dwelling("X1", "UG9"),  # a unit outside the contract
]

_MINUTES = {
    Outcome.DONE: 45,
    Outcome.ABSENT: 10,
    Outcome.REFUSED: 5,
    Outcome.APPLIANCE_STOPPED: 30,
    Outcome.NO_ACCESS: 10,
}


def _visit(dwelling_id: str, unit_id: str, visit_type: str = "ENT-CHAU") -> Intervention:
    line = f"P2-{unit_id}" if visit_type == "ENT-CHAU" else None
    return Intervention(
        f"V-{dwelling_id}-{visit_type}",
        "C1",
        InterventionKind.PREVENTIVE,
        unit_id,
        dwelling_id=dwelling_id,
        visit_type_id=visit_type,
        service_line_id=line,
    )


INTERVENTIONS = [
    *(_visit(f"L{i}", "UG1") for i in range(1, 7)),
    *(_visit(f"M{i}", "UG2") for i in (1, 2, 3, 5, 6, 7)),
    _visit("M8", "UG2", "VMC"),
    Intervention(
        "R1", "C1", InterventionKind.REPAIR, "UG1", service_line_id="P3", request_id="DI-1"
    ),
    Intervention("R2", "C1", InterventionKind.REPAIR, "UG2", service_line_id="P3"),
    Intervention("R3", "C1", InterventionKind.REPAIR, "UG1", service_line_id="P3"),
    Intervention("O1", "C2", InterventionKind.REPAIR, "UG1"),  # another contract
]

THERMOCOUPLE = Replacement("THERMO", "Thermocouple", Decimal(1), Decimal("80.00"), family="pieces")
CIRCULATOR = Replacement("CIRC", "Circulateur", Decimal(1), Decimal("150.00"), family="pieces")
SEALS = Replacement("JOINT", "Joint fibre", Decimal(2), family="joints")


def _attempts(
    intervention_id: str, *steps: tuple[datetime, Outcome], **kw: Any
) -> list[VisitAttempt]:
    out = []
    for n, (when, outcome) in enumerate(steps, start=1):
        out.append(
            VisitAttempt(
                f"{intervention_id}-P{n}",
                intervention_id,
                when,
                outcome,
                number=n,
                minutes_spent=_MINUTES[outcome],
            )
        )
    if kw:
        out[-1] = attrs.evolve(out[-1], **kw)
    return out


D, A = Outcome.DONE, Outcome.ABSENT

ATTEMPTS = [
    *_attempts("V-L1-ENT-CHAU", (at(2025, 3, 10), D), replacements=(THERMOCOUPLE,)),
    *_attempts("V-L2-ENT-CHAU", (at(2025, 3, 10), A), (at(2025, 3, 20), A), (at(2025, 4, 2), D)),
    *_attempts("V-L3-ENT-CHAU", (at(2025, 3, 10), Outcome.REFUSED)),
    *_attempts("V-L4-ENT-CHAU", (at(2025, 3, 10), A), (at(2025, 3, 20), A), (at(2025, 4, 1), A)),
    *_attempts("V-L6-ENT-CHAU", (at(2025, 3, 10), A)),
    *_attempts("V-M1-ENT-CHAU", (at(2025, 5, 5), D)),
    *_attempts("V-M2-ENT-CHAU", (at(2025, 9, 1), D)),
    *_attempts("V-M3-ENT-CHAU", (at(2024, 11, 4), D)),
    *_attempts("V-M6-ENT-CHAU", (at(2025, 10, 1), Outcome.APPLIANCE_STOPPED)),
    *_attempts("V-M7-ENT-CHAU", (at(2024, 12, 15), D)),
    VisitAttempt("V-M7-ENT-CHAU-P9", "V-M7-ENT-CHAU", at(2026, 1, 5), D, minutes_spent=45),
    *_attempts("V-M8-VMC", (at(2025, 6, 12), D), minutes_spent=20),
    *_attempts("R1", (at(2025, 2, 3), D), minutes_spent=90, replacements=(CIRCULATOR,)),
    VisitAttempt("R2-P1", "R2", at(2025, 6, 10), A, minutes_spent=15),
    VisitAttempt(
        "R2-P2", "R2", at(2025, 6, 12), D, number=2, minutes_spent=60, replacements=(SEALS,)
    ),
    *_attempts("R3", (at(2024, 12, 2), D), minutes_spent=50),
    *_attempts("O1", (at(2025, 2, 3), D)),
]


def _request(
    request_id: str, urgency: str, received: datetime, arrived: datetime | None = None, **kw: Any
) -> InterventionRequest:
    return InterventionRequest(
        request_id,
        request_id,
        "C1",
        received,
        urgency,
        "Panne",
        "UG1",
        arrived_at=arrived,
        **kw,
    )


REQUESTS = [
    # U1, 4 h every day: on time (2 h).
    _request("DI-1", "U1", at(2025, 2, 3, 8), at(2025, 2, 3, 10)),
    # U1 on Saturday 20:00: deadline Sunday 00:00, arrived 01:30: 2 started hours late = 100.00.
    _request("DI-2", "U1", at(2025, 2, 8, 20), at(2025, 2, 9, 1, 30)),
    # U3 on Monday 03/03 09:00: 5 working days, deadline end of Monday 10/03; arrived Friday 07/03.
    _request("DI-3", "U3", at(2025, 3, 3, 9), at(2025, 3, 7, 9)),
    # U3 on Monday 29/12: deadline end of 06/01/2026 (1 January is a holiday): still open.
    _request("DI-4", "U3", at(2025, 12, 29, 10)),
    # Received in 2024: outside the period.
    _request("DI-5", "U1", at(2024, 12, 31, 10), at(2024, 12, 31, 11)),
    # Cancelled: left out.
    _request("DI-6", "U3", at(2025, 4, 1, 10), status=RequestStatus.CANCELLED),
]
