"""Property: at any time, every dwelling in scope is exactly one of done / not done after its last
attempt / pending with a planned attempt."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta

from hypothesis import given
from hypothesis import strategies as st

from savcore.calendars import PARIS, WorkingCalendar
from savcore.model.contracts import AttemptRule
from savcore.model.operations import Intervention, InterventionKind, Outcome, VisitAttempt
from savcore.operations.attempts import VisitState, campaign_status

CAL = WorkingCalendar()
START = date(2025, 3, 3)


@st.composite
def histories(draw: st.DrawFn) -> tuple[AttemptRule, list[Intervention], list[VisitAttempt]]:
    """Dwellings whose attempts follow the rule: each next attempt on or after the rule's date."""
    rule = AttemptRule(
        max_attempts=draw(st.integers(1, 4)),
        min_days_between=draw(st.integers(0, 14)),
        notice_days=draw(st.integers(0, 10)),
    )
    interventions: list[Intervention] = []
    attempts: list[VisitAttempt] = []
    for d in range(draw(st.integers(1, 12))):
        intervention = Intervention(
            f"I{d}",
            "C1",
            InterventionKind.PREVENTIVE,
            "UG1",
            dwelling_id=f"L{d}",
            visit_type_id="V",
        )
        interventions.append(intervention)
        day = START + timedelta(days=draw(st.integers(0, 20)))
        for number in range(1, rule.max_attempts + 1):
            if draw(st.booleans()) and number > 1:
                break  # the next attempt has not happened (yet)
            outcome = draw(st.sampled_from(list(Outcome)))
            at = datetime.combine(day, time(9), tzinfo=PARIS)
            attempts.append(
                VisitAttempt(f"A{d}-{number}", intervention.id, at, outcome, number=number)
            )
            if not outcome.is_retryable:
                break
            day = CAL.next_working_day(
                day + timedelta(days=max(rule.min_days_between, rule.notice_days)), include=True
            )
            day += timedelta(days=draw(st.integers(0, 5)))
    return rule, interventions, attempts


@given(histories(), st.integers(0, 150))
def test_every_dwelling_is_in_exactly_one_state(
    history: tuple[AttemptRule, list[Intervention], list[VisitAttempt]], offset: int
) -> None:
    rule, interventions, all_attempts = history
    today = START + timedelta(days=offset)
    # "At any time": only the attempts made so far.
    attempts = [a for a in all_attempts if a.at.date() <= today]
    statuses = campaign_status(interventions, attempts, rule, CAL, today=today)
    assert [s.intervention_id for s in statuses] == [i.id for i in interventions]
    for s in statuses:
        own = sorted(
            (a for a in attempts if a.intervention_id == s.intervention_id), key=lambda a: a.number
        )
        done = any(a.outcome.is_done for a in own)
        closed = bool(own) and (
            not own[-1].outcome.is_retryable or own[-1].number >= rule.max_attempts
        )
        flags = [
            s.state is VisitState.DONE and s.done_on is not None,
            s.state is VisitState.NOT_DONE and s.reason is not None,
            s.state is VisitState.PENDING and s.planned_on is not None,
        ]
        assert flags.count(True) == 1
        assert (s.state is VisitState.DONE) == done
        assert (s.state is VisitState.NOT_DONE) == (closed and not done)
        if s.state is VisitState.PENDING:
            assert s.done_on is None
            assert s.reason is None
            assert s.planned_on is not None
            assert s.planned_number == len(own) + 1 <= rule.max_attempts
            assert CAL.is_working_day(s.planned_on)
            assert s.notice_on is not None
            assert s.planned_on >= s.notice_on + timedelta(days=rule.notice_days)
            if own:
                assert s.planned_on >= own[-1].at.date() + timedelta(days=rule.min_days_between)
        else:
            assert s.planned_on is None
        absences = [a.at.date() for a in own if a.outcome.is_retryable]
        assert s.first_absence_on == (absences[0] if absences else None)
        assert s.second_absence_on == (absences[1] if len(absences) > 1 else None)
