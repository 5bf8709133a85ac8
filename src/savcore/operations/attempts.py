"""Visit attempts and the absence workflow (2ème et 3ème passages).

Each attempt at a visit is a :class:`~savcore.model.operations.VisitAttempt` numbered from 1. The
contract's :class:`~savcore.model.contracts.AttemptRule` says what follows a failed one:

* an absence or no access (``Outcome.is_retryable``) before the last allowed attempt calls for
  another one, with a new notice (avis de passage) given on the day of the failure (left at the
  door) or on ``today`` if later; the next attempt is on the first working day that is at least
  ``min_days_between`` days after the failure **and** at least ``notice_days`` days after the
  notice;
* a refusal, an appliance stopped as unsafe, or a retryable failure at attempt ``max_attempts``
  closes the visit as **not done**, with its reason, for the report to the landlord.

So at any time a visit is exactly one of: **done**, **not done** (after its last attempt), or
**pending** with a planned attempt (an appointment already booked, or the earliest date the rule
allows). :func:`visit_status` tells which, with the dates the landlord's report shows: date done,
date of the 1st absence, date of the 2nd absence.
"""

from __future__ import annotations

import enum
from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from datetime import date, timedelta

import attrs

from savcore.calendars import PARIS, WorkingCalendar
from savcore.errors import BusinessRuleError, NotFoundError, ValidationError
from savcore.model.contracts import AttemptRule, Contract
from savcore.model.operations import (
    Appointment,
    AppointmentStatus,
    Intervention,
    InterventionRequest,
    Outcome,
    VisitAttempt,
)
from savcore.model.sites import Dwelling

__all__ = [
    "NextAttempt",
    "VisitState",
    "VisitStatus",
    "campaign_status",
    "check_attempt",
    "next_attempt",
    "visit_status",
]

OUTCOME_LABELS: Mapping[Outcome, str] = {
    Outcome.DONE: "réalisée",
    Outcome.ABSENT: "locataire absent",
    Outcome.REFUSED: "refus du locataire",
    Outcome.NO_ACCESS: "accès impossible",
    Outcome.APPLIANCE_STOPPED: "appareil arrêté (mise en sécurité)",
}
"""French label of each outcome, as the not-done report shows it."""


class VisitState(enum.Enum):
    """Where a visit stands."""

    DONE = "done"
    """Réalisée."""
    NOT_DONE = "not-done"
    """Non faite: refus, appareil arrêté, ou échec au dernier passage prévu au contrat."""
    PENDING = "pending"
    """En attente d'un passage planifié (1er, 2ème, 3ème...)."""

    @property
    def label(self) -> str:
        """The French word for the state, as reports show it."""
        return _STATE_LABELS[self]


_STATE_LABELS = {
    VisitState.DONE: "réalisée",
    VisitState.NOT_DONE: "non faite",
    VisitState.PENDING: "en attente",
}


@attrs.frozen
class NextAttempt:
    """The next attempt the rule calls for: its number, the notice date and the earliest day."""

    number: int
    notice_on: date
    earliest_on: date


@attrs.frozen
class VisitStatus:
    """Where one visit (an intervention) stands, with the dates the landlord's report shows.

    ``first_absence_on`` and ``second_absence_on`` are the days of the first and second failed
    attempts by absence or no access. For a pending visit, ``planned_on`` is the day of the booked
    appointment (``appointment_id``) or, when none is booked, the earliest day the rule allows;
    ``planned_number`` is the attempt's number.
    """

    intervention_id: str
    unit_id: str
    dwelling_id: str | None
    appliance_id: str | None
    state: VisitState
    attempts: int
    last_outcome: Outcome | None = None
    done_on: date | None = None
    first_absence_on: date | None = None
    second_absence_on: date | None = None
    reason: str | None = None
    planned_number: int | None = None
    planned_on: date | None = None
    notice_on: date | None = None
    appointment_id: str | None = None


def _day(attempt: VisitAttempt) -> date:
    return attempt.at.astimezone(PARIS).date()


def _sorted(attempts: Iterable[VisitAttempt]) -> list[VisitAttempt]:
    return sorted(attempts, key=lambda a: (a.number, a.at, a.id))


def _closed(rule: AttemptRule, history: Sequence[VisitAttempt]) -> bool:
    if not history:
        return False
    last = history[-1]
    return any(a.outcome.is_done for a in history) or (
        not last.outcome.is_retryable or last.number >= rule.max_attempts
    )


def next_attempt(
    rule: AttemptRule,
    attempts: Iterable[VisitAttempt],
    calendar: WorkingCalendar,
    *,
    today: date | None = None,
) -> NextAttempt | None:
    """The attempt that follows ``attempts`` (those of one visit), or ``None`` when the visit is
    done or closed as not done.

    With no attempt yet, the first one needs ``today``: notice on ``today``, visit on the first
    working day at least ``rule.notice_days`` later. After a retryable failure on day F: notice on
    N = max(F, today), visit on the first working day on or after max(F + ``min_days_between``,
    N + ``notice_days``).
    """
    history = _sorted(attempts)
    if _closed(rule, history):
        return None
    if not history:
        if today is None:
            raise ValidationError("today", None, "date du jour nécessaire pour un 1er passage")
        earliest = calendar.next_working_day(today + timedelta(days=rule.notice_days), include=True)
        return NextAttempt(1, today, earliest)
    last = history[-1]
    failed_on = _day(last)
    notice = failed_on if today is None else max(failed_on, today)
    earliest = max(
        failed_on + timedelta(days=rule.min_days_between),
        notice + timedelta(days=rule.notice_days),
    )
    return NextAttempt(last.number + 1, notice, calendar.next_working_day(earliest, include=True))


def visit_status(
    intervention: Intervention,
    attempts: Iterable[VisitAttempt],
    rule: AttemptRule,
    calendar: WorkingCalendar,
    *,
    today: date,
    appointments: Iterable[Appointment] = (),
) -> VisitStatus:
    """Where ``intervention`` stands after ``attempts`` (see the module's rules).

    ``appointments`` may hold any appointments; those of this intervention that are planned or
    confirmed and come after its last attempt are the booked next attempt.
    """
    history = _sorted(a for a in attempts if a.intervention_id == intervention.id)
    absences = [_day(a) for a in history if a.outcome.is_retryable]
    base = VisitStatus(
        intervention_id=intervention.id,
        unit_id=intervention.unit_id,
        dwelling_id=intervention.dwelling_id,
        appliance_id=intervention.appliance_id,
        state=VisitState.PENDING,
        attempts=len(history),
        last_outcome=history[-1].outcome if history else None,
        first_absence_on=absences[0] if absences else None,
        second_absence_on=absences[1] if len(absences) > 1 else None,
    )
    done = [a for a in history if a.outcome.is_done]
    if done:
        return attrs.evolve(base, state=VisitState.DONE, done_on=_day(done[0]))
    if _closed(rule, history):
        last = history[-1]
        reason = f"{OUTCOME_LABELS[last.outcome]} au passage n° {last.number}"
        if last.outcome.is_retryable:
            reason += f" (dernier passage prévu au contrat : {rule.max_attempts})"
        return attrs.evolve(base, state=VisitState.NOT_DONE, reason=reason)
    after = history[-1].at if history else None
    booked = sorted(
        (
            a
            for a in appointments
            if a.intervention_id == intervention.id
            and a.status in (AppointmentStatus.PLANNED, AppointmentStatus.CONFIRMED)
            and (after is None or a.at > after)
        ),
        key=lambda a: (a.at, a.id),
    )
    if booked:
        first = booked[0]
        return attrs.evolve(
            base,
            planned_number=history[-1].number + 1 if history else 1,
            planned_on=first.at.astimezone(PARIS).date(),
            notice_on=first.notice_on,
            appointment_id=first.id,
        )
    following = next_attempt(rule, history, calendar, today=today)
    assert following is not None  # not closed
    return attrs.evolve(
        base,
        planned_number=following.number,
        planned_on=following.earliest_on,
        notice_on=following.notice_on,
    )


def campaign_status(
    interventions: Iterable[Intervention],
    attempts: Iterable[VisitAttempt],
    rule: AttemptRule,
    calendar: WorkingCalendar,
    *,
    today: date,
    appointments: Iterable[Appointment] = (),
) -> list[VisitStatus]:
    """:func:`visit_status` of every intervention, in the order given.

    Raises :class:`~savcore.errors.NotFoundError` for an attempt of an unknown intervention.
    """
    chosen = list(interventions)
    known = {i.id for i in chosen}
    by_intervention: dict[str, list[VisitAttempt]] = defaultdict(list)
    for attempt in attempts:
        if attempt.intervention_id not in known:
            raise NotFoundError(
                "intervention", attempt.intervention_id, context=f"passage {attempt.id}"
            )
        by_intervention[attempt.intervention_id].append(attempt)
    booked: dict[str, list[Appointment]] = defaultdict(list)
    for appointment in appointments:
        if appointment.intervention_id is not None:
            booked[appointment.intervention_id].append(appointment)
    return [
        visit_status(
            i,
            by_intervention.get(i.id, ()),
            rule,
            calendar,
            today=today,
            appointments=booked.get(i.id, ()),
        )
        for i in chosen
    ]


def check_attempt(
    attempt: VisitAttempt,
    *,
    intervention: Intervention,
    contract: Contract,
    dwelling: Dwelling | None = None,
    previous: Iterable[VisitAttempt] = (),
    request: InterventionRequest | None = None,
) -> None:
    """Refuse an attempt that cannot be recorded, with a French message.

    Checks, in order: the attempt belongs to ``intervention``, which belongs to ``contract``; the
    dwelling (the attempt's, else the intervention's) is the one given, belongs to one of the
    contract's units and is in scope on the attempt's day; the attempt is not before the request
    it answers; it follows the ``previous`` attempts of the visit (next number, later time, the
    visit still open, at most ``max_attempts``).

    Raises :class:`~savcore.errors.BusinessRuleError` (``rule`` names the check) or
    :class:`~savcore.errors.ValidationError` for inconsistent arguments.
    """
    subject = f"passage {attempt.id}"
    if attempt.intervention_id != intervention.id:
        raise ValidationError(
            "intervention",
            intervention.id,
            f"le passage concerne l'intervention {attempt.intervention_id}",
        )
    if intervention.contract_id != contract.id:
        raise BusinessRuleError(
            "intervention-contract",
            subject,
            f"l'intervention {intervention.id} relève du contrat {intervention.contract_id}, "
            f"pas du contrat {contract.id}",
        )
    if intervention.unit_id not in contract.unit_ids:
        raise BusinessRuleError(
            "unit-outside-contract",
            subject,
            f"l'UG {intervention.unit_id} n'est pas dans le périmètre du contrat {contract.id}",
        )
    dwelling_id = attempt.dwelling_id or intervention.dwelling_id
    if (
        attempt.dwelling_id is not None
        and intervention.dwelling_id is not None
        and attempt.dwelling_id != intervention.dwelling_id
    ):
        raise BusinessRuleError(
            "dwelling-mismatch",
            subject,
            f"le logement {attempt.dwelling_id} n'est pas celui de l'intervention "
            f"({intervention.dwelling_id})",
        )
    day = _day(attempt)
    if dwelling_id is not None:
        if dwelling is None or dwelling.id != dwelling_id:
            raise ValidationError("dwelling", dwelling, f"le logement {dwelling_id} est attendu")
        if dwelling.unit_id not in contract.unit_ids:
            raise BusinessRuleError(
                "dwelling-outside-contract",
                subject,
                f"le logement {dwelling.reference} (UG {dwelling.unit_id}) n'est pas couvert par "
                f"le contrat {contract.id}",
            )
        if not dwelling.in_scope_on(day):
            raise BusinessRuleError(
                "dwelling-outside-contract",
                subject,
                f"le logement {dwelling.reference} n'est pas dans le périmètre le {day:%d/%m/%Y}",
            )
    if request is not None and attempt.at < request.received_at:
        raise BusinessRuleError(
            "outcome-before-request",
            subject,
            f"le passage du {attempt.at.astimezone(PARIS):%d/%m/%Y %H:%M} précède la réception "
            f"de la demande {request.reference} "
            f"({request.received_at.astimezone(PARIS):%d/%m/%Y %H:%M})",
        )
    history = _sorted(previous)
    if any(a.id == attempt.id for a in history):
        raise BusinessRuleError("attempt-duplicate", subject, "ce passage est déjà enregistré")
    if _closed(contract.attempts, history):
        raise BusinessRuleError(
            "visit-closed", subject, f"la visite {intervention.id} est déjà close"
        )
    expected = len(history) + 1
    if attempt.number != expected:
        raise BusinessRuleError(
            "attempt-number",
            subject,
            f"passage n° {attempt.number} reçu, n° {expected} attendu",
        )
    if attempt.number > contract.attempts.max_attempts:
        raise BusinessRuleError(
            "too-many-attempts",
            subject,
            f"le contrat prévoit au plus {contract.attempts.max_attempts} passages",
        )
    if history and attempt.at <= history[-1].at:
        raise BusinessRuleError(
            "attempt-order",
            subject,
            f"le passage n° {attempt.number} n'est pas postérieur au passage n° "
            f"{history[-1].number}",
        )
