"""Visit attempts: 2nd and 3rd attempts after absences, status per dwelling, bad input."""

from __future__ import annotations

from datetime import date, datetime

import pytest

from savcore.calendars import WorkingCalendar
from savcore.errors import BusinessRuleError, NotFoundError, ValidationError
from savcore.model.contracts import AttemptRule
from savcore.model.operations import (
    Appointment,
    AppointmentStatus,
    Intervention,
    InterventionKind,
    InterventionRequest,
    Outcome,
    VisitAttempt,
)
from savcore.model.sites import Dwelling
from savcore.operations.attempts import (
    NextAttempt,
    VisitState,
    campaign_status,
    check_attempt,
    next_attempt,
    visit_status,
)
from savcore.operations.planning import plan_next_attempts
from savcore.periods import Period

from .builders import contract, paris, technician

CAL = WorkingCalendar()
RULE = AttemptRule(max_attempts=3, min_days_between=7, notice_days=7)
HOME = Dwelling("UG1-L001", "UG1", "L001")
VISIT = Intervention(
    "I1",
    "C1",
    InterventionKind.PREVENTIVE,
    "UG1",
    dwelling_id="UG1-L001",
    visit_type_id="ENT-CHAU",
)


def attempt(number: int, at: datetime, outcome: Outcome, **kw: object) -> VisitAttempt:
    return VisitAttempt(f"A{number}", "I1", at, outcome, number=number, **kw)  # type: ignore[arg-type]


ABSENT_1 = attempt(1, paris(2025, 3, 4, 9), Outcome.ABSENT)  # Tue 04/03
ABSENT_2 = attempt(2, paris(2025, 3, 11, 9), Outcome.ABSENT)  # Tue 11/03
ABSENT_3 = attempt(3, paris(2025, 3, 18, 9), Outcome.ABSENT)  # Tue 18/03


# --- the next attempt -------------------------------------------------------------------------------


def test_second_attempt_after_an_absence() -> None:
    # Absent Tue 04/03; notice left that day; 7 days between, 7 days' notice:
    # max(04/03 + 7, 04/03 + 7) = Tue 11/03, a working day.
    assert next_attempt(RULE, [ABSENT_1], CAL) == NextAttempt(
        2, date(2025, 3, 4), date(2025, 3, 11)
    )


def test_second_attempt_when_the_notice_goes_out_later() -> None:
    # The new notice is only sent on Thu 06/03: max(11/03, 06/03 + 7 = 13/03) = Thu 13/03.
    got = next_attempt(RULE, [ABSENT_1], CAL, today=date(2025, 3, 6))
    assert got == NextAttempt(2, date(2025, 3, 6), date(2025, 3, 13))


def test_next_attempt_moved_past_a_holiday() -> None:
    # 10 days between, 3 days' notice. Absent Fri 04/07/2025: max(14/07, 07/07) = Mon 14/07,
    # the Fête nationale -> Tue 15/07.
    rule = AttemptRule(max_attempts=2, min_days_between=10, notice_days=3)
    first = attempt(1, paris(2025, 7, 4, 10), Outcome.NO_ACCESS)
    assert next_attempt(rule, [first], CAL) == NextAttempt(2, date(2025, 7, 4), date(2025, 7, 15))


def test_third_attempt_after_a_second_absence() -> None:
    # Second absence Tue 11/03: third attempt on Tue 18/03 at the earliest.
    assert next_attempt(RULE, [ABSENT_1, ABSENT_2], CAL) == NextAttempt(
        3, date(2025, 3, 11), date(2025, 3, 18)
    )


def test_no_attempt_after_the_last_one_or_when_done() -> None:
    assert next_attempt(RULE, [ABSENT_1, ABSENT_2, ABSENT_3], CAL) is None
    assert next_attempt(RULE, [attempt(1, paris(2025, 3, 4, 9), Outcome.DONE)], CAL) is None
    assert next_attempt(RULE, [attempt(1, paris(2025, 3, 4, 9), Outcome.REFUSED)], CAL) is None


def test_first_attempt_needs_today() -> None:
    # Today Fri 28/02 + 7 days' notice = Fri 07/03.
    assert next_attempt(RULE, [], CAL, today=date(2025, 2, 28)) == NextAttempt(
        1, date(2025, 2, 28), date(2025, 3, 7)
    )
    with pytest.raises(ValidationError, match="date du jour"):
        next_attempt(RULE, [], CAL)


# --- status per dwelling ------------------------------------------------------------------------------


def test_done_at_the_third_attempt() -> None:
    done = attempt(3, paris(2025, 3, 18, 9), Outcome.DONE, minutes_spent=50)
    got = visit_status(VISIT, [ABSENT_2, done, ABSENT_1], RULE, CAL, today=date(2025, 3, 20))
    assert got.state is VisitState.DONE
    assert (got.done_on, got.first_absence_on, got.second_absence_on) == (
        date(2025, 3, 18),
        date(2025, 3, 4),
        date(2025, 3, 11),
    )
    assert (got.attempts, got.planned_on, got.reason) == (3, None, None)


def test_not_done_after_three_absences() -> None:
    got = visit_status(VISIT, [ABSENT_1, ABSENT_2, ABSENT_3], RULE, CAL, today=date(2025, 3, 20))
    assert got.state is VisitState.NOT_DONE
    assert got.reason == "locataire absent au passage n° 3 (dernier passage prévu au contrat : 3)"
    assert (got.first_absence_on, got.second_absence_on, got.done_on) == (
        date(2025, 3, 4),
        date(2025, 3, 11),
        None,
    )


def test_not_done_on_refusal_or_unsafe_appliance() -> None:
    refused = visit_status(
        VISIT,
        [attempt(1, paris(2025, 3, 4, 9), Outcome.REFUSED)],
        RULE,
        CAL,
        today=date(2025, 3, 5),
    )
    assert (refused.state, refused.reason) == (
        VisitState.NOT_DONE,
        "refus du locataire au passage n° 1",
    )
    stopped = visit_status(
        VISIT,
        [ABSENT_1, attempt(2, paris(2025, 3, 11, 9), Outcome.APPLIANCE_STOPPED)],
        RULE,
        CAL,
        today=date(2025, 3, 12),
    )
    assert stopped.reason == "appareil arrêté (mise en sécurité) au passage n° 2"
    assert stopped.first_absence_on == date(2025, 3, 4)


def test_pending_with_a_booked_appointment() -> None:
    stale = Appointment("R1", paris(2025, 3, 4, 9), "UG1", intervention_id="I1")  # the 1st one
    booked = Appointment(
        "R2", paris(2025, 3, 12, 14), "UG1", intervention_id="I1", notice_on=date(2025, 3, 5)
    )
    cancelled = Appointment(
        "R3", paris(2025, 3, 11, 8), "UG1", intervention_id="I1", status=AppointmentStatus.CANCELLED
    )
    got = visit_status(
        VISIT,
        [ABSENT_1],
        RULE,
        CAL,
        today=date(2025, 3, 5),
        appointments=[stale, cancelled, booked],
    )
    assert got.state is VisitState.PENDING
    assert (got.planned_number, got.planned_on, got.notice_on, got.appointment_id) == (
        2,
        date(2025, 3, 12),
        date(2025, 3, 5),
        "R2",
    )


def test_pending_without_appointment_gets_the_rule_date() -> None:
    got = visit_status(VISIT, [ABSENT_1], RULE, CAL, today=date(2025, 3, 5))
    # Notice on today (05/03) -> max(11/03, 12/03) = Wed 12/03.
    assert (got.state, got.planned_number, got.planned_on, got.appointment_id) == (
        VisitState.PENDING,
        2,
        date(2025, 3, 12),
        None,
    )
    never = visit_status(VISIT, [], RULE, CAL, today=date(2025, 3, 5))
    assert (never.planned_number, never.planned_on) == (1, date(2025, 3, 12))


def test_campaign_status_and_unknown_intervention() -> None:
    other = Intervention("I2", "C1", InterventionKind.PREVENTIVE, "UG1", visit_type_id="V")
    got = campaign_status([VISIT, other], [ABSENT_1], RULE, CAL, today=date(2025, 3, 5))
    assert [(s.intervention_id, s.state, s.attempts) for s in got] == [
        ("I1", VisitState.PENDING, 1),
        ("I2", VisitState.PENDING, 0),
    ]
    stray = VisitAttempt("Z", "I9", paris(2025, 3, 4, 9), Outcome.DONE)
    with pytest.raises(NotFoundError, match="intervention introuvable : 'I9'"):
        campaign_status([VISIT], [stray], RULE, CAL, today=date(2025, 3, 5))


def test_plan_next_attempts_books_the_rule_dates() -> None:
    statuses = campaign_status([VISIT], [ABSENT_1, ABSENT_2], RULE, CAL, today=date(2025, 3, 11))
    # Third attempt due from Tue 18/03; T2 made the first two and is free: 08:00 on 18/03.
    plan = plan_next_attempts(
        statuses,
        Period(date(2025, 3, 1), date(2025, 4, 1)),
        [technician("T1"), technician("T2")],
        CAL,
        previous_technicians={"I1": "T2"},
    )
    assert plan.unplanned == ()
    (booked,) = plan.appointments
    assert (booked.id, booked.at, booked.technician_id, booked.notice_on) == (
        "I1-P3",
        paris(2025, 3, 18, 8),
        "T2",
        date(2025, 3, 11),
    )
    # Once booked, the status points at the appointment.
    again = visit_status(
        VISIT,
        [ABSENT_1, ABSENT_2],
        RULE,
        CAL,
        today=date(2025, 3, 11),
        appointments=plan.appointments,
    )
    assert again.appointment_id == "I1-P3"


def test_plan_next_attempts_respects_capacity() -> None:
    # One technician, 1 visit per half-day, and his Tuesday 18/03 morning is already booked:
    # the third attempt goes to Tuesday afternoon 13:30.
    statuses = campaign_status([VISIT], [ABSENT_1, ABSENT_2], RULE, CAL, today=date(2025, 3, 11))
    busy = Appointment("X", paris(2025, 3, 18, 8), "UG2", technician_id="T1")
    plan = plan_next_attempts(
        statuses,
        Period(date(2025, 3, 1), date(2025, 4, 1)),
        [technician("T1", per_half_day=1)],
        CAL,
        booked=[busy],
    )
    assert plan.appointments[0].at == paris(2025, 3, 18, 13, 30)
    # No place at all in a window that ends before the earliest date.
    none = plan_next_attempts(
        statuses, Period(date(2025, 3, 1), date(2025, 3, 15)), [technician("T1")], CAL
    )
    assert none.appointments == ()
    assert len(none.unplanned) == 1


# --- bad input -----------------------------------------------------------------------------------------


def check(new: VisitAttempt, *, previous: tuple[VisitAttempt, ...] = (), **kw: object) -> None:
    args: dict[str, object] = {"intervention": VISIT, "contract": contract(), "dwelling": HOME}
    args.update(kw)
    check_attempt(new, previous=previous, **args)  # type: ignore[arg-type]


def test_a_valid_sequence_passes() -> None:
    check(ABSENT_1)
    check(ABSENT_2, previous=(ABSENT_1,))
    check(ABSENT_3, previous=(ABSENT_1, ABSENT_2))


def test_attempt_for_a_dwelling_outside_the_contract() -> None:
    outside = Dwelling("UG9-L001", "UG9", "L001")
    visit = Intervention(
        "I1", "C1", InterventionKind.PREVENTIVE, "UG1", dwelling_id="UG9-L001", visit_type_id="V"
    )
    with pytest.raises(BusinessRuleError, match="n'est pas couvert par le contrat C1") as err:
        check(ABSENT_1, intervention=visit, dwelling=outside)
    assert err.value.rule == "dwelling-outside-contract"
    withdrawn = Dwelling("UG1-L001", "UG1", "L001", withdrawn_on=date(2025, 3, 1))
    with pytest.raises(BusinessRuleError, match="n'est pas dans le périmètre le 04/03/2025"):
        check(ABSENT_1, dwelling=withdrawn)
    with pytest.raises(BusinessRuleError, match="n'est pas celui de l'intervention"):
        check(attempt(1, paris(2025, 3, 4, 9), Outcome.DONE, dwelling_id="UG1-L002"))


def test_attempt_under_another_contract() -> None:
    with pytest.raises(BusinessRuleError, match="relève du contrat C1, pas du contrat C2"):
        check(ABSENT_1, contract=contract(contract_id="C2"))
    with pytest.raises(BusinessRuleError, match="UG UG1 n'est pas dans le périmètre") as err:
        check(ABSENT_1, contract=contract(units=("UG2",)))
    assert err.value.rule == "unit-outside-contract"


def test_outcome_before_the_request() -> None:
    di = InterventionRequest(
        "DI1", "DI-2025-7", "C1", paris(2025, 3, 4, 10), "U2", "Panne chauffage", "UG1"
    )
    early = attempt(1, paris(2025, 3, 4, 9), Outcome.DONE)
    with pytest.raises(
        BusinessRuleError, match="précède la réception de la demande DI-2025-7"
    ) as err:
        check(early, request=di)
    assert err.value.rule == "outcome-before-request"
    assert "04/03/2025 09:00" in str(err.value)


def test_attempt_numbering_and_closed_visit() -> None:
    with pytest.raises(BusinessRuleError, match="passage n° 3 reçu, n° 2 attendu"):
        check(ABSENT_3, previous=(ABSENT_1,))
    done = attempt(1, paris(2025, 3, 4, 9), Outcome.DONE)
    with pytest.raises(BusinessRuleError, match="déjà close"):
        check(ABSENT_2, previous=(done,))
    with pytest.raises(BusinessRuleError, match="déjà close"):
        check(
            attempt(4, paris(2025, 3, 25, 9), Outcome.DONE), previous=(ABSENT_1, ABSENT_2, ABSENT_3)
        )
    before = attempt(2, paris(2025, 3, 3, 9), Outcome.ABSENT)
    with pytest.raises(BusinessRuleError, match="n'est pas postérieur"):
        check(before, previous=(ABSENT_1,))
    with pytest.raises(BusinessRuleError, match="déjà enregistré"):
        check(ABSENT_1, previous=(ABSENT_1,))


def test_inconsistent_arguments() -> None:
    with pytest.raises(ValidationError, match="intervention I9"):
        check(VisitAttempt("A1", "I9", paris(2025, 3, 4, 9), Outcome.DONE))
    with pytest.raises(ValidationError, match="logement UG1-L001 est attendu"):
        check(ABSENT_1, dwelling=None)
