"""Operations use cases on a store: a campaign, absences and repeat visits, the report, requests
and purchase orders."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import attrs
import pytest

from savcore.errors import BusinessRuleError, NotFoundError
from savcore.model.catalog import PriceItem, PriceSchedule, PriceScheduleVersion
from savcore.model.contracts import Contract, ContractKind
from savcore.model.operations import (
    Intervention,
    InterventionKind,
    InterventionRequest,
    Outcome,
    PurchaseOrder,
    PurchaseOrderLine,
    VisitAttempt,
)
from savcore.operations import VisitState
from savcore.periods import Period
from savcore.services import record_attempt
from savcore.services.operations import (
    assess_requests,
    campaign_report,
    list_due,
    record_purchase_order,
    schedule_campaign,
    schedule_repeat_visits,
)
from savcore.store import MemoryStore

from .builders import BOILER_SERVICE, RANGE, boilers, contract, dwellings, paris, technician, unit

WEEK = Period(date(2025, 3, 3), date(2025, 3, 8))
MARCH = Period(date(2025, 3, 1), date(2025, 4, 1))


@pytest.fixture
def store() -> MemoryStore:
    s = MemoryStore()
    homes = dwellings("UG1", 6, buildings=2)
    with s.transaction():
        s.units.add_many([unit("UG1"), unit("UG2")])
        s.dwellings.add_many(homes)
        s.appliances.add_many(boilers(homes))
        s.ranges.add(RANGE)
        s.technicians.add_many([technician("T1", per_half_day=2)])
        s.contracts.add(contract())
    return s


def test_list_due_and_schedule_campaign(store: MemoryStore) -> None:
    year = Period.year(2025)
    assert len(list_due(store, "C1", year)) == 6
    plan = schedule_campaign(store, "C1", WEEK, campaign="2025", today=date(2025, 2, 20))
    # 6 visits, 2 per half-day: Monday morning, Monday afternoon, Tuesday morning.
    assert plan.is_complete
    assert [a.id for a in plan.appointments][:2] == ["C1-2025-000001", "C1-2025-000002"]
    assert {a.at.date() for a in plan.appointments} == {date(2025, 3, 3), date(2025, 3, 4)}
    assert store.interventions.count() == 6
    assert store.appointments.count() == 6
    # Planned again: nothing new (every visit already has its intervention in the campaign).
    again = schedule_campaign(store, "C1", WEEK, campaign="2025")
    assert again.planned == ()
    assert store.appointments.count() == 6


def test_absences_repeat_visits_and_report(store: MemoryStore) -> None:
    plan = schedule_campaign(store, "C1", WEEK, campaign="2025", today=date(2025, 2, 20))
    first, second, *_ = plan.appointments
    assert first.intervention_id is not None
    assert second.intervention_id is not None
    record_attempt(
        store,
        VisitAttempt("A1", first.intervention_id, first.at, Outcome.ABSENT, technician_id="T1"),
    )
    record_attempt(store, VisitAttempt("A2", second.intervention_id, second.at, Outcome.DONE))
    # Monday 03/03 absence: the 2nd attempt is due from Mon 10/03 (7 days, 7 days' notice).
    repeat = schedule_repeat_visits(store, "C1", MARCH, today=date(2025, 3, 3), campaign="2025")
    (booked,) = repeat.appointments
    assert (booked.id, booked.at, booked.technician_id) == (
        f"{first.intervention_id}-P2",
        paris(2025, 3, 10, 8),
        "T1",
    )
    report = {s.intervention_id: s for s in campaign_report(store, "C1", today=date(2025, 3, 3))}
    absent = report[first.intervention_id]
    assert (absent.state, absent.first_absence_on, absent.planned_on, absent.appointment_id) == (
        VisitState.PENDING,
        date(2025, 3, 3),
        date(2025, 3, 10),
        booked.id,
    )
    assert report[second.intervention_id].state is VisitState.DONE
    assert report[second.intervention_id].done_on == date(2025, 3, 3)
    # The done one is no longer due.
    assert len(list_due(store, "C1", Period.year(2025))) == 5


def test_attempt_outside_the_contract_is_refused(store: MemoryStore) -> None:
    stray = Intervention("I-X", "C1", InterventionKind.REPAIR, "UG1", dwelling_id="UG9-L001")
    with store.transaction():
        store.units.add(unit("UG9"))
        store.dwellings.add(dwellings("UG9", 1)[0])
        store.interventions.add(stray)
    bad = VisitAttempt("A9", "I-X", paris(2025, 3, 3, 8), Outcome.DONE)
    with pytest.raises(BusinessRuleError, match="n'est pas couvert par le contrat C1"):
        record_attempt(store, bad)
    assert store.attempts.count() == 0


def test_requests_and_orders(store: MemoryStore) -> None:
    di = InterventionRequest(
        "DI1",
        "DI-1",
        "C1",
        paris(2025, 7, 11, 18, 30),
        "U1",
        "Fuite de gaz",
        "UG1",
        arrived_at=paris(2025, 7, 11, 23, 10),
    )
    with store.transaction():
        store.requests.add(di)
    (assessed,) = assess_requests(store, "C1")
    assert (assessed.met, assessed.penalty) == (False, Decimal("50.00"))

    bpu = PriceSchedule(
        "BPU",
        "BPU",
        (PriceScheduleVersion(date(2025, 1, 1), (PriceItem("1.1", "Heure", "h", Decimal("50")),)),),
    )
    agreement = Contract(
        id="AC",
        customer_id="VILLE",
        kind=ContractKind.FRAMEWORK,
        designation="Accord-cadre",
        start=date(2025, 1, 1),
        duration_months=12,
        price_schedule_id="BPU",
        max_amount=Decimal("500"),
    )
    with store.transaction():
        store.price_schedules.add(bpu)
        store.contracts.add(agreement)

    def bc(number: str, hours: str, code: str = "1.1") -> PurchaseOrder:
        line = PurchaseOrderLine(code, Decimal(hours))
        return PurchaseOrder(number, number, "AC", date(2025, 2, 1), (line,))

    first = record_purchase_order(store, bc("BC1", "6"))  # 6 x 50 = 300
    assert first.consumption.warning is None
    second = record_purchase_order(store, bc("BC2", "5"))  # 300 + 250 = 550 > 500
    assert second.consumption.warning is not None
    assert second.consumption.warning.excess == Decimal("50.00")
    with pytest.raises(NotFoundError, match=r"article de bordereau introuvable : '9\.9'"):
        record_purchase_order(store, bc("BC3", "1", "9.9"))
    assert store.purchase_orders.count() == 2


def test_repeat_visits_last_as_long_as_their_visit_type(store: MemoryStore) -> None:
    # A 60-minute boiler service: the 2nd attempt is booked for 60 minutes, not the 45 default.
    with store.transaction():
        store.ranges.put(
            attrs.evolve(RANGE, visit_types=(attrs.evolve(BOILER_SERVICE, duration_minutes=60),))
        )
    plan = schedule_campaign(store, "C1", WEEK, campaign="2025", today=date(2025, 2, 20))
    first = plan.appointments[0]
    assert first.intervention_id is not None
    record_attempt(store, VisitAttempt("A1", first.intervention_id, first.at, Outcome.ABSENT))
    repeat = schedule_repeat_visits(store, "C1", MARCH, today=date(2025, 3, 3), campaign="2025")
    assert [a.duration_minutes for a in repeat.appointments] == [60]
