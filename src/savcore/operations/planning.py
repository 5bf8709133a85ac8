"""Campaign planning: due visits -> appointments in technicians' half-day slots.

The rules, in the order they apply:

* **Slots.** A slot is a working day of the calendar (weekends, French public holidays of the
  calendar's region and company closures are skipped) and a half-day (morning, afternoon). A
  technician takes at most ``visits_per_half_day`` visits in a slot and at most
  ``daily_capacity`` in a day, counting the appointments already booked (``booked``).
* **Notice.** Each visit has a notice date (avis de passage) ``notice_days`` calendar days before
  it, moved back to the previous working day when that day is not worked. With ``today`` given,
  a day whose notice date would be before ``today`` is not used.
* **Order.** Visits are taken by the start of their window, then residence, building, dwelling
  (:meth:`~savcore.operations.due.DueVisit.sort_key`), so that one residence and one building
  are visited together.
* **Technicians.** A technician serves the units of his sectors (all units when he has none; a
  unit with no sector is served by anyone). A residence goes to the eligible technician who is
  free the earliest (ties: technician id), and stays with him until his slots in the window run
  out; then the next free one carries on.
* **Spill-over.** A visit that finds no free slot inside its window and the campaign's window is
  returned unplanned with its reason; nothing is ever planned beyond capacity.

The result depends only on the arguments: the same inputs always give the same plan, the same ids
(``<campaign>-<n>``, numbered in planning order) and the same times. Inside a slot, the k-th visit
is at the slot's start plus k times the slot length divided by the half-day capacity.
"""

from __future__ import annotations

import bisect
from collections.abc import Iterable, Mapping, Sequence
from datetime import date, datetime, time, timedelta

import attrs

from savcore.calendars import PARIS, WorkingCalendar
from savcore.errors import ValidationError
from savcore.model.operations import Appointment, HalfDay, Intervention, InterventionKind
from savcore.model.ranges import Technician
from savcore.model.sites import ManagementUnit
from savcore.operations.attempts import VisitState, VisitStatus
from savcore.operations.due import DueVisit
from savcore.periods import Period

__all__ = [
    "CampaignPlan",
    "PlannedVisit",
    "RepeatPlan",
    "UnplannedVisit",
    "interventions_for",
    "notice_date",
    "plan_campaign",
    "plan_next_attempts",
]

_HALVES = (HalfDay.MORNING, HalfDay.AFTERNOON)

REASON_CAPACITY = "capacité des techniciens épuisée dans la fenêtre"
REASON_SECTOR = "aucun technicien ne couvre le secteur"
REASON_WINDOW = "la visite n'est pas due dans la fenêtre de la campagne"


@attrs.frozen
class PlannedVisit:
    """A due visit and the appointment planned for it."""

    visit: DueVisit
    appointment: Appointment


@attrs.frozen
class UnplannedVisit:
    """A due visit left out of the plan, with the reason in French."""

    visit: DueVisit
    reason: str


@attrs.frozen
class CampaignPlan:
    """The outcome of :func:`plan_campaign`: planned visits in planning order, and the visits left
    over (spill-over)."""

    campaign: str
    window: Period
    planned: tuple[PlannedVisit, ...]
    unplanned: tuple[UnplannedVisit, ...]

    @property
    def appointments(self) -> tuple[Appointment, ...]:
        """The appointments, in planning order."""
        return tuple(p.appointment for p in self.planned)

    @property
    def is_complete(self) -> bool:
        """Whether every due visit got an appointment."""
        return not self.unplanned

    def load(self) -> dict[tuple[str, date, HalfDay], int]:
        """Number of planned visits per technician, day and half-day."""
        counts: dict[tuple[str, date, HalfDay], int] = {}
        for planned in self.planned:
            a = planned.appointment
            assert a.technician_id is not None
            key = (a.technician_id, a.at.astimezone(PARIS).date(), a.slot)
            counts[key] = counts.get(key, 0) + 1
        return counts


def notice_date(calendar: WorkingCalendar, day: date, notice_days: int) -> date:
    """The visit notice date for a visit on ``day``: ``notice_days`` calendar days before, moved
    back to the previous working day when that one is not worked (a notice is posted or sent on a
    working day). ``notice_days = 0`` gives ``day``."""
    if not isinstance(notice_days, int) or isinstance(notice_days, bool) or notice_days < 0:
        raise ValidationError("notice_days", notice_days, "un nombre de jours positif ou nul")
    if notice_days == 0:
        return day
    notice = day - timedelta(days=notice_days)
    while not calendar.is_working_day(notice):
        notice -= timedelta(days=1)
    return notice


class _Agenda:
    """Slots of a window and their use by each technician (indices, not objects, for speed)."""

    def __init__(
        self,
        technicians: Sequence[Technician],
        calendar: WorkingCalendar,
        window: Period,
        notice_days: int,
        today: date | None,
    ) -> None:
        self.technicians = technicians
        self.index = {t.id: i for i, t in enumerate(technicians)}
        days: list[date] = []
        notices: list[date] = []
        for day in calendar.working_days(window):
            notice = notice_date(calendar, day, notice_days)
            if today is None or notice >= today:
                days.append(day)
                notices.append(notice)
        self.days = days
        self.notices = notices
        n_slots = 2 * len(days)
        self.half_cap = [t.visits_per_half_day for t in technicians]
        self.day_cap = [t.daily_capacity for t in technicians]
        self.half_used = [[0] * n_slots for _ in technicians]
        self.day_used = [[0] * len(days) for _ in technicians]
        self.cursor = [0] * len(technicians)
        self.n_slots = n_slots
        self.starts = [
            (calendar.morning[0], _minutes(calendar.morning)),
            (calendar.afternoon[0], _minutes(calendar.afternoon)),
        ]

    def slot_at(self, day: date) -> int:
        """Index of the first slot on or after ``day``."""
        return 2 * bisect.bisect_left(self.days, day)

    def free(self, t: int, s: int) -> bool:
        return (
            self.half_used[t][s] < self.half_cap[t] and self.day_used[t][s >> 1] < self.day_cap[t]
        )

    def take(self, t: int, s: int) -> int:
        """Book one visit for technician ``t`` in slot ``s``; its position in the slot."""
        position = self.half_used[t][s]
        self.half_used[t][s] = position + 1
        self.day_used[t][s >> 1] += 1
        return position

    def advance(self, t: int, lo: int) -> int:
        """Move technician ``t``'s cursor to his first free slot at or after ``lo``."""
        s = max(self.cursor[t], lo)
        while s < self.n_slots and not self.free(t, s):
            s += 1
        self.cursor[t] = s
        return s

    def book_existing(self, appointment: Appointment) -> None:
        t = self.index.get(appointment.technician_id or "")
        if t is None:
            return
        day = appointment.at.astimezone(PARIS).date()
        i = bisect.bisect_left(self.days, day)
        if i < len(self.days) and self.days[i] == day:
            self.take(t, 2 * i + (0 if appointment.slot is HalfDay.MORNING else 1))

    def when(self, t: int, s: int, position: int) -> tuple[date, HalfDay, datetime, date]:
        """Day, half-day, start time and notice date of position ``position`` in slot ``s``."""
        day = self.days[s >> 1]
        half = _HALVES[s & 1]
        start, minutes = self.starts[s & 1]
        step = minutes // self.half_cap[t]
        at = datetime.combine(day, start, tzinfo=PARIS) + timedelta(minutes=position * step)
        return day, half, at, self.notices[s >> 1]


def _minutes(hours: tuple[time, time]) -> int:
    lo, hi = hours
    return (hi.hour * 60 + hi.minute) - (lo.hour * 60 + lo.minute)


def _check_technicians(technicians: Sequence[Technician]) -> list[Technician]:
    result = sorted(technicians, key=lambda t: t.id)
    for i, tech in enumerate(result):
        if not isinstance(tech, Technician):
            raise ValidationError(f"technicians[{i}]", tech, "Technician attendu")
        if i and result[i - 1].id == tech.id:
            raise ValidationError("technicians", tech.id, "technicien en double")
    return result


def _units_by_id(units: Mapping[str, ManagementUnit] | Iterable[ManagementUnit]) -> dict[str, str]:
    values = units.values() if isinstance(units, Mapping) else units
    return {u.id: u.sector for u in values if u.sector is not None}


def plan_campaign(
    visits: Iterable[DueVisit],
    window: Period,
    technicians: Sequence[Technician],
    calendar: WorkingCalendar,
    *,
    campaign: str,
    notice_days: int = 7,
    units: Mapping[str, ManagementUnit] | Iterable[ManagementUnit] = (),
    booked: Iterable[Appointment] = (),
    today: date | None = None,
    id_prefix: str | None = None,
    first_number: int = 1,
) -> CampaignPlan:
    """Plan ``visits`` as appointments inside ``window`` (see the module's rules).

    ``units`` gives the sectors of the residences (a unit not given has no sector); ``booked``
    are appointments already in technicians' agendas, which use up their capacity. Appointment
    ids are ``<prefix>-<n>`` (``prefix`` is ``id_prefix``, default the campaign code; n from
    ``first_number``, six digits), and each appointment names the future intervention
    ``<prefix>-<n>-I`` (see :func:`interventions_for`).

    Raises :class:`~savcore.errors.ValidationError` for a malformed campaign code, a negative
    ``notice_days`` or a technician given twice.
    """
    if not isinstance(campaign, str) or not campaign or campaign != campaign.strip():
        raise ValidationError("campaign", campaign, "code de campagne vide ou mal formé")
    if not isinstance(window, Period):
        raise ValidationError("window", window, "une période (Period) est attendue")
    prefix = campaign if id_prefix is None else id_prefix
    if not isinstance(prefix, str) or not prefix or prefix != prefix.strip():
        raise ValidationError("id_prefix", prefix, "préfixe d'identifiant vide ou mal formé")
    if not isinstance(first_number, int) or isinstance(first_number, bool) or first_number < 1:
        raise ValidationError("first_number", first_number, "un entier >= 1 est attendu")
    techs = _check_technicians(technicians)
    agenda = _Agenda(techs, calendar, window, notice_days, today)
    for appointment in booked:
        agenda.book_existing(appointment)
    sectors = _units_by_id(units)
    eligible_cache: dict[str | None, list[int]] = {}

    def eligible(unit_id: str) -> list[int]:
        sector = sectors.get(unit_id)
        if sector not in eligible_cache:
            eligible_cache[sector] = [
                i
                for i, t in enumerate(techs)
                if sector is None or not t.sectors or sector in t.sectors
            ]
        return eligible_cache[sector]

    ordered: list[
        tuple[tuple[date, tuple[date, str, str, str, str, str, str]], DueVisit, Period]
    ] = []
    unplanned: list[UnplannedVisit] = []
    for visit in visits:
        cut = (
            visit.window
            if window.contains_period(visit.window)
            else visit.window.intersection(window)
        )
        if cut is None:
            unplanned.append(UnplannedVisit(visit, REASON_WINDOW))
            continue
        ordered.append(((cut.start, visit.sort_key()), visit, cut))
    ordered.sort(key=lambda item: item[0])

    planned: list[PlannedVisit] = []
    current_unit: str | None = None
    current_tech = -1
    exhausted: set[tuple[str | None, int, int]] = set()
    bounds_cache: dict[Period, tuple[int, int]] = {}
    for _, visit, cut in ordered:
        candidates = eligible(visit.unit_id)
        if not candidates:
            reason = f"{REASON_SECTOR} {sectors.get(visit.unit_id)}"
            unplanned.append(UnplannedVisit(visit, reason))
            continue
        bounds = bounds_cache.get(cut)
        if bounds is None:
            bounds = bounds_cache[cut] = (agenda.slot_at(cut.start), agenda.slot_at(cut.end))
        lo, hi = bounds
        tech = -1
        if (
            visit.unit_id == current_unit
            and current_tech >= 0
            and agenda.advance(current_tech, lo) < hi
        ):
            tech = current_tech
        if tech < 0:
            memo = (sectors.get(visit.unit_id), lo, hi)
            if memo not in exhausted:
                best = hi
                for t in candidates:
                    s = agenda.advance(t, lo)
                    if s < best:
                        best, tech = s, t
                if tech < 0:
                    exhausted.add(memo)
        if tech < 0:
            unplanned.append(UnplannedVisit(visit, REASON_CAPACITY))
            current_unit, current_tech = None, -1
            continue
        current_unit, current_tech = visit.unit_id, tech
        slot = agenda.cursor[tech]
        position = agenda.take(tech, slot)
        _, half, at, notice = agenda.when(tech, slot, position)
        number = f"{prefix}-{first_number + len(planned):06d}"
        appointment = Appointment(
            id=number,
            at=at,
            unit_id=visit.unit_id,
            slot=half,
            duration_minutes=visit.duration_minutes,
            dwelling_id=visit.dwelling_id,
            building_id=visit.building_id,
            technician_id=techs[tech].id,
            intervention_id=f"{number}-I",
            notice_on=notice,
        )
        planned.append(PlannedVisit(visit, appointment))
    return CampaignPlan(campaign, window, tuple(planned), tuple(unplanned))


def interventions_for(plan: CampaignPlan) -> list[Intervention]:
    """The preventive interventions of a plan's appointments (ids ``<appointment id>-I``), to be
    recorded with them: attempts are recorded against these."""
    result: list[Intervention] = []
    for planned in plan.planned:
        visit, appointment = planned.visit, planned.appointment
        assert appointment.intervention_id is not None
        result.append(
            Intervention(
                id=appointment.intervention_id,
                contract_id=visit.contract_id,
                kind=InterventionKind.PREVENTIVE,
                unit_id=visit.unit_id,
                dwelling_id=visit.dwelling_id,
                appliance_id=visit.appliance_id,
                visit_type_id=visit.visit_type_id,
                campaign=plan.campaign,
            )
        )
    return result


@attrs.frozen
class RepeatPlan:
    """The outcome of :func:`plan_next_attempts`: booked appointments and the visits that found
    no slot (with the reason)."""

    appointments: tuple[Appointment, ...]
    unplanned: tuple[tuple[VisitStatus, str], ...]


def plan_next_attempts(
    statuses: Iterable[VisitStatus],
    window: Period,
    technicians: Sequence[Technician],
    calendar: WorkingCalendar,
    *,
    units: Mapping[str, ManagementUnit] | Iterable[ManagementUnit] = (),
    booked: Iterable[Appointment] = (),
    previous_technicians: Mapping[str, str] | None = None,
    duration_minutes: int = 45,
    durations: Mapping[str, int] | None = None,
) -> RepeatPlan:
    """Book the next attempts (2ème, 3ème passages) of the pending visits that have none booked.

    Each visit goes to the first slot on or after its ``planned_on`` (the earliest day its
    attempt rule allows, see :func:`~savcore.operations.attempts.visit_status`) inside
    ``window``, with the technician of its previous attempt when he is free
    (``previous_technicians``: intervention id -> technician id), else the first free eligible
    technician by id; capacity counts ``booked``. Each appointment lasts the visit type's
    duration given in ``durations`` (intervention id -> minutes), else ``duration_minutes``.
    The notice date is the status's. Ids are
    ``<intervention id>-P<attempt number>`` (one appointment per attempt). Visits already booked
    or not pending are skipped.
    """
    techs = _check_technicians(technicians)
    agenda = _Agenda(techs, calendar, window, 0, None)
    for appointment in booked:
        agenda.book_existing(appointment)
    sectors = _units_by_id(units)
    preferred = previous_technicians or {}
    todo = sorted(
        (
            s
            for s in statuses
            if s.state is VisitState.PENDING
            and s.appointment_id is None
            and s.planned_on is not None
        ),
        key=lambda s: (s.planned_on, s.unit_id, s.dwelling_id or "", s.intervention_id),
    )
    appointments: list[Appointment] = []
    unplanned: list[tuple[VisitStatus, str]] = []
    for status in todo:
        assert status.planned_on is not None
        sector = sectors.get(status.unit_id)
        order = [
            i for i, t in enumerate(techs) if sector is None or not t.sectors or sector in t.sectors
        ]
        if not order:
            unplanned.append((status, f"{REASON_SECTOR} {sector}"))
            continue
        first = agenda.index.get(preferred.get(status.intervention_id, ""))
        if first is not None and first in order:
            order.remove(first)
            order.insert(0, first)
        found: tuple[int, int] | None = None
        for s in range(agenda.slot_at(status.planned_on), agenda.n_slots):
            for t in order:
                if agenda.free(t, s):
                    found = (t, s)
                    break
            if found:
                break
        if found is None:
            unplanned.append((status, REASON_CAPACITY))
            continue
        t, s = found
        position = agenda.take(t, s)
        _, half, at, _ = agenda.when(t, s, position)
        appointments.append(
            Appointment(
                id=f"{status.intervention_id}-P{status.planned_number}",
                at=at,
                unit_id=status.unit_id,
                slot=half,
                duration_minutes=(durations or {}).get(status.intervention_id, duration_minutes),
                dwelling_id=status.dwelling_id,
                technician_id=techs[t].id,
                intervention_id=status.intervention_id,
                notice_on=status.notice_on,
            )
        )
    return RepeatPlan(tuple(appointments), tuple(unplanned))
