"""Operations use cases on a store: what is due, campaign planning, repeat visits, the campaign
report, intervention request deadlines, purchase orders.

Each function reads what it needs from the store, calls the pure core
(:mod:`savcore.operations`) and, when it records something, does so inside one transaction. None
reads the clock: ``today`` / ``now`` are parameters.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, datetime

import attrs

from savcore.calendars import PARIS, WorkingCalendar
from savcore.errors import ValidationError
from savcore.model.contracts import Contract
from savcore.model.operations import (
    Appointment,
    AppointmentStatus,
    Intervention,
    InterventionKind,
    PurchaseOrder,
)
from savcore.model.sites import Appliance, Dwelling, ManagementUnit
from savcore.operations.attempts import VisitStatus, campaign_status
from savcore.operations.due import DueVisit, due_visits, outstanding_visits
from savcore.operations.orders import Consumption, PricedOrder, consumption, price_order
from savcore.operations.planning import (
    CampaignPlan,
    RepeatPlan,
    interventions_for,
    plan_campaign,
    plan_next_attempts,
)
from savcore.operations.requests import RequestAssessment, assess_request
from savcore.periods import Period
from savcore.store.ports import Store

__all__ = [
    "OrderResult",
    "assess_requests",
    "campaign_report",
    "list_due",
    "record_purchase_order",
    "schedule_campaign",
    "schedule_repeat_visits",
]


def _units(contract: Contract, unit_ids: Iterable[str] | None) -> list[str]:
    chosen = list(contract.unit_ids if unit_ids is None else unit_ids)
    for unit_id in chosen:
        if unit_id not in contract.unit_ids:
            raise ValidationError("unit_ids", unit_id, f"UG absente du contrat {contract.id}")
    return chosen


def _site_data(
    store: Store, unit_ids: list[str]
) -> tuple[list[ManagementUnit], list[Dwelling], list[Appliance]]:
    units = [store.units.get(u) for u in unit_ids]
    dwellings = [d for u in unit_ids for d in store.dwellings.for_unit(u)]
    appliances = [a for u in unit_ids for a in store.appliances.for_unit(u)]
    return units, dwellings, appliances


def list_due(
    store: Store,
    contract_id: str,
    period: Period,
    *,
    unit_ids: Iterable[str] | None = None,
    exclude_vacant: bool = False,
    include_done: bool = False,
) -> list[DueVisit]:
    """The preventive visits due over ``period`` under contract ``contract_id`` (all its units,
    or ``unit_ids``), without those already done unless ``include_done``."""
    contract = store.contracts.get(contract_id)
    chosen = _units(contract, unit_ids)
    _, dwellings, appliances = _site_data(store, chosen)
    ranges = [store.ranges.get(r) for r in contract.range_ids]
    due = due_visits(
        contract,
        ranges,
        dwellings,
        period,
        appliances=appliances,
        unit_ids=chosen,
        exclude_vacant=exclude_vacant,
    )
    if include_done:
        return due
    interventions = store.interventions.for_contract(contract_id)
    attempts = [a for i in interventions for a in store.attempts.for_intervention(i.id)]
    return outstanding_visits(due, interventions, attempts)


def _booked(store: Store, window: Period) -> list[Appointment]:
    live = (AppointmentStatus.PLANNED, AppointmentStatus.CONFIRMED)
    return [
        a
        for a in store.appointments.all()
        if a.status in live
        and a.technician_id is not None
        and a.at.astimezone(PARIS).date() in window
    ]


def _calendar(contract: Contract, calendar: WorkingCalendar | None) -> WorkingCalendar:
    return (
        calendar if calendar is not None else WorkingCalendar(region=contract.intervention.region)
    )


def schedule_campaign(
    store: Store,
    contract_id: str,
    window: Period,
    *,
    campaign: str,
    today: date | None = None,
    notice_days: int | None = None,
    unit_ids: Iterable[str] | None = None,
    technician_ids: Iterable[str] | None = None,
    calendar: WorkingCalendar | None = None,
) -> CampaignPlan:
    """Plan the campaign ``campaign`` of contract ``contract_id`` over ``window`` and record its
    interventions and appointments (one transaction).

    Visits already done, or already planned in this campaign, are left out; technicians are all
    the store's (or ``technician_ids``) and their booked appointments count against capacity.
    ``notice_days`` defaults to the contract's attempt rule; ``calendar`` to a working calendar of
    the contract's region. Ids are ``<contract>-<campaign>-<n>`` (numbers continue from earlier
    runs of the same campaign). Returns the plan, spill-over included.
    """
    with store.transaction():
        contract = store.contracts.get(contract_id)
        chosen = _units(contract, unit_ids)
        units, _, _ = _site_data(store, chosen)
        due = list_due(store, contract_id, window, unit_ids=chosen)
        existing = [
            i for i in store.interventions.for_contract(contract_id) if i.campaign == campaign
        ]
        taken = {(i.visit_type_id, i.dwelling_id, i.appliance_id) for i in existing}
        due = [v for v in due if (v.visit_type_id, v.dwelling_id, v.appliance_id) not in taken]
        technicians = (
            list(store.technicians.all())
            if technician_ids is None
            else [store.technicians.get(t) for t in technician_ids]
        )
        plan = plan_campaign(
            due,
            window,
            technicians,
            _calendar(contract, calendar),
            campaign=campaign,
            notice_days=contract.attempts.notice_days if notice_days is None else notice_days,
            units=units,
            booked=_booked(store, window),
            today=today,
            id_prefix=f"{contract.id}-{campaign}",
            first_number=len(existing) + 1,
        )
        store.interventions.add_many(interventions_for(plan))
        store.appointments.add_many(plan.appointments)
    return plan


def _campaign_interventions(
    store: Store, contract_id: str, campaign: str | None
) -> list[Intervention]:
    return [
        i
        for i in store.interventions.for_contract(contract_id)
        if i.kind is InterventionKind.PREVENTIVE and (campaign is None or i.campaign == campaign)
    ]


def campaign_report(
    store: Store,
    contract_id: str,
    *,
    today: date,
    campaign: str | None = None,
    calendar: WorkingCalendar | None = None,
) -> list[VisitStatus]:
    """Where every preventive visit of the contract (of ``campaign``) stands on ``today``: done,
    not done with its reason, or pending with its planned attempt; with the date done and the
    dates of the 1st and 2nd absences (the report to the landlord)."""
    contract = store.contracts.get(contract_id)
    interventions = _campaign_interventions(store, contract_id, campaign)
    attempts = [a for i in interventions for a in store.attempts.for_intervention(i.id)]
    appointments = [a for i in interventions for a in store.appointments.for_intervention(i.id)]
    return campaign_status(
        interventions,
        attempts,
        contract.attempts,
        _calendar(contract, calendar),
        today=today,
        appointments=appointments,
    )


def schedule_repeat_visits(
    store: Store,
    contract_id: str,
    window: Period,
    *,
    today: date,
    campaign: str | None = None,
    calendar: WorkingCalendar | None = None,
) -> RepeatPlan:
    """Book the 2nd/3rd attempts of the contract's pending visits that have none booked, per its
    attempt rule, preferably with the technician of the previous attempt, and record the
    appointments (one transaction)."""
    with store.transaction():
        contract = store.contracts.get(contract_id)
        statuses = campaign_report(
            store, contract_id, today=today, campaign=campaign, calendar=calendar
        )
        previous: dict[str, str] = {}
        durations: dict[str, int] = {}
        ranges = [store.ranges.get(range_id) for range_id in contract.range_ids]
        minutes = {vt.id: vt.duration_minutes for r in ranges for vt in r.visit_types}
        for status in statuses:
            history = store.attempts.for_intervention(status.intervention_id)
            if history and history[-1].technician_id is not None:
                previous[status.intervention_id] = history[-1].technician_id
            visit_type_id = store.interventions.get(status.intervention_id).visit_type_id
            if visit_type_id in minutes:
                durations[status.intervention_id] = minutes[visit_type_id]
        units = [store.units.get(u) for u in contract.unit_ids]
        plan = plan_next_attempts(
            [s for s in statuses if s.attempts > 0],
            window,
            list(store.technicians.all()),
            _calendar(contract, calendar),
            units=units,
            booked=_booked(store, window),
            previous_technicians=previous,
            durations=durations,
        )
        store.appointments.add_many(plan.appointments)
    return plan


def assess_requests(
    store: Store,
    contract_id: str,
    *,
    now: datetime | None = None,
    calendar: WorkingCalendar | None = None,
) -> list[RequestAssessment]:
    """Deadline, measured delay, met or not, and penalty of every request of the contract."""
    contract = store.contracts.get(contract_id)
    return [
        assess_request(r, contract, calendar=calendar, now=now)
        for r in store.requests.for_contract(contract_id)
    ]


@attrs.frozen
class OrderResult:
    """A recorded purchase order, as priced, and the agreement's consumption after it."""

    order: PurchaseOrder
    priced: PricedOrder
    consumption: Consumption


def record_purchase_order(store: Store, order: PurchaseOrder) -> OrderResult:
    """Price ``order`` from its agreement's BPU, check the consumption against the agreement's
    maximum, and record the order (one transaction).

    An unknown item raises :class:`~savcore.errors.NotFoundError` and nothing is recorded; an
    order that takes the total over the maximum is recorded with a warning in the result
    (``consumption.warning``): the buyer decides.
    """
    with store.transaction():
        contract = store.contracts.get(order.contract_id)
        if contract.price_schedule_id is None:
            raise ValidationError(
                "contract", contract.id, "ce contrat n'a pas de bordereau de prix (BPU)"
            )
        schedule = store.price_schedules.get(contract.price_schedule_id)
        priced = price_order(order, contract, schedule)
        others = [
            price_order(o, contract, schedule)
            for o in store.purchase_orders.for_contract(contract.id)
            if o.id != order.id
        ]
        usage = consumption(contract, others, priced)
        store.purchase_orders.add(order)
    return OrderResult(order, priced, usage)
