"""Strategies for operations: interventions, visit attempts with their controls and replaced
supplies, intervention requests (D.I.), purchase orders and appointments."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, datetime, timedelta
from decimal import Decimal

from hypothesis import strategies as st

from savcore.model.operations import (
    Appointment,
    AppointmentStatus,
    ControlResult,
    HalfDay,
    Intervention,
    InterventionKind,
    InterventionRequest,
    NoticeMethod,
    Outcome,
    PurchaseOrder,
    PurchaseOrderLine,
    Replacement,
    RequestStatus,
    VisitAttempt,
)
from savcore.model.sites import Location
from savcore.testing._basics import (
    aware_datetimes,
    business_dates,
    cached,
    choice,
    enum_values,
    identifiers,
    instant_after,
    labels,
    money,
    optional,
)

__all__ = [
    "appointments",
    "control_results",
    "intervention_requests",
    "interventions",
    "purchase_order_lines",
    "purchase_orders",
    "replacements",
    "visit_attempts",
]


def _pick(ids: Sequence[str] | None) -> st.SearchStrategy[str | None]:
    """``None`` or an id among ``ids`` (any identifier when ``None``; always ``None`` when empty)."""
    if ids is None:
        return optional(identifiers())
    return optional(choice(ids)) if ids else st.none()


@cached
def control_results() -> st.SearchStrategy[ControlResult]:
    """Control results: exactly one of a measure, a check or a remark."""
    code = identifiers(max_size=6)
    return st.one_of(
        st.builds(
            ControlResult, code=code, measure=money(min_value=-100, max_value=1000, places=3)
        ),
        st.builds(ControlResult, code=code, checked=st.booleans()),
        st.builds(ControlResult, code=code, text=labels()),
    )


@cached
def replacements(*, item_codes: Sequence[str] | None = None) -> st.SearchStrategy[Replacement]:
    """Replaced supplies, priced or not (article codes among ``item_codes`` when given)."""
    return st.builds(
        Replacement,
        item_code=choice(item_codes) if item_codes else identifiers(max_size=6),
        label=labels(),
        quantity=money(min_value=1, max_value=100, places=0)
        | money(min_value=Decimal("0.5"), max_value=50, places=1),
        unit_price=optional(money(max_value=5_000)),
        family=optional(st.sampled_from(("MO", "FOURN-CH", "FOURN-PL"))),
        location=enum_values(Location),
        appliance_id=optional(identifiers()),
    )


@st.composite
def _attempts(
    draw: st.DrawFn,
    attempt_id: str | None,
    intervention_id: str | None,
    dwelling_id: str | None,
    technician_ids: Sequence[str] | None,
    number: int | None,
) -> VisitAttempt:
    at = draw(aware_datetimes())
    outcome = draw(enum_values(Outcome))
    may_replace = outcome in (Outcome.DONE, Outcome.APPLIANCE_STOPPED)
    notice = draw(optional(enum_values(NoticeMethod)))
    noticed_on: date | None = None
    if notice is not None:
        noticed_on = at.date() - timedelta(days=draw(st.integers(0, 30)))
    return VisitAttempt(
        id=attempt_id if attempt_id is not None else draw(identifiers()),
        intervention_id=intervention_id if intervention_id is not None else draw(identifiers()),
        at=at,
        outcome=outcome,
        number=number if number is not None else draw(st.integers(1, 10)),
        dwelling_id=dwelling_id if intervention_id is not None else draw(_pick(None)),
        technician_id=draw(_pick(technician_ids)),
        notice=notice,
        noticed_on=noticed_on,
        minutes_spent=draw(st.integers(0, 24 * 60)),
        controls=tuple(draw(st.lists(control_results(), max_size=3))),
        replacements=tuple(draw(st.lists(replacements(), max_size=2))) if may_replace else (),
        remarks=draw(optional(labels())),
    )


@cached
def visit_attempts(
    *,
    attempt_id: str | None = None,
    intervention_id: str | None = None,
    dwelling_id: str | None = None,
    technician_ids: Sequence[str] | None = None,
    number: int | None = None,
) -> st.SearchStrategy[VisitAttempt]:
    """Visit attempts (passages) of every outcome, with a notice given before the visit, controls,
    and replaced supplies only when the visit was done or the appliance stopped.

    When ``intervention_id`` is given, ``dwelling_id`` is used as it is (possibly ``None``)."""
    return _attempts(attempt_id, intervention_id, dwelling_id, technician_ids, number)


@st.composite
def _interventions(draw: st.DrawFn) -> Intervention:
    kind = draw(enum_values(InterventionKind))
    visit_type = draw(identifiers()) if kind is InterventionKind.PREVENTIVE else None
    return Intervention(
        id=draw(identifiers()),
        contract_id=draw(identifiers()),
        kind=kind,
        unit_id=draw(identifiers()),
        dwelling_id=draw(_pick(None)),
        appliance_id=draw(_pick(None)),
        visit_type_id=visit_type or draw(_pick(None)),
        service_line_id=draw(_pick(None)),
        request_id=draw(_pick(None)),
        purchase_order_id=draw(_pick(None)),
        campaign=draw(optional(st.sampled_from(("2024", "2025", "2026")))),
    )


@cached
def interventions() -> st.SearchStrategy[Intervention]:
    """Interventions (preventive visits with their visit type, repairs, works) with free
    references; :func:`~savcore.testing.portfolios` builds ones whose references resolve."""
    return _interventions()


@st.composite
def _requests(
    draw: st.DrawFn,
    request_id: str | None,
    contract_id: str | None,
    unit_id: str | None,
    dwelling_ids: Sequence[str] | None,
    urgencies: Sequence[str] | None,
) -> InterventionRequest:
    received = draw(aware_datetimes())
    appointment: datetime | None = draw(optional(instant_after(received)))
    arrived: datetime | None = draw(optional(instant_after(received)))
    ended: datetime | None = None
    if arrived is not None:
        ended = draw(optional(instant_after(arrived, max_hours=12)))
    return InterventionRequest(
        id=request_id if request_id is not None else draw(identifiers()),
        reference=draw(identifiers()),
        contract_id=contract_id if contract_id is not None else draw(identifiers()),
        received_at=received,
        urgency=draw(choice(urgencies) if urgencies else identifiers(max_size=4)),
        reason=draw(labels()),
        unit_id=unit_id if unit_id is not None else draw(identifiers()),
        kind=draw(enum_values(InterventionKind)),
        requester=draw(optional(labels())),
        channel=draw(optional(st.sampled_from(("téléphone", "extranet", "e-mail")))),
        dwelling_id=draw(_pick(dwelling_ids)),
        appointment_at=appointment,
        arrived_at=arrived,
        ended_at=ended,
        status=draw(enum_values(RequestStatus)),
    )


@cached
def intervention_requests(
    *,
    request_id: str | None = None,
    contract_id: str | None = None,
    unit_id: str | None = None,
    dwelling_ids: Sequence[str] | None = None,
    urgencies: Sequence[str] | None = None,
) -> st.SearchStrategy[InterventionRequest]:
    """Intervention requests (D.I.): appointment and arrival at or after reception, end after
    arrival (never without one). ``dwelling_ids`` restricts the dwelling (``()``: none)."""
    return _requests(request_id, contract_id, unit_id, dwelling_ids, urgencies)


@cached
def purchase_order_lines(
    *, item_codes: Sequence[str] | None = None
) -> st.SearchStrategy[PurchaseOrderLine]:
    """Purchase order lines: an article code (among ``item_codes`` when given), a quantity."""
    return st.builds(
        PurchaseOrderLine,
        item_code=choice(item_codes) if item_codes else identifiers(max_size=6),
        quantity=money(min_value=Decimal("0.01"), max_value=1000),
        comment=optional(labels()),
    )


@st.composite
def _orders(
    draw: st.DrawFn,
    order_id: str | None,
    contract_id: str | None,
    unit_ids: Sequence[str] | None,
    item_codes: Sequence[str] | None,
    min_date: date | None,
) -> PurchaseOrder:
    ordered_on = draw(business_dates(**({"min_value": min_date} if min_date else {})))
    executed = draw(optional(st.integers(0, 365)))
    return PurchaseOrder(
        id=order_id if order_id is not None else draw(identifiers()),
        number=draw(identifiers()),
        contract_id=contract_id if contract_id is not None else draw(identifiers()),
        ordered_on=ordered_on,
        lines=tuple(
            draw(st.lists(purchase_order_lines(item_codes=item_codes), min_size=1, max_size=3))
        ),
        executed_on=None if executed is None else ordered_on + timedelta(days=executed),
        unit_id=draw(_pick(unit_ids)),
        label=draw(optional(labels())),
    )


@cached
def purchase_orders(
    *,
    order_id: str | None = None,
    contract_id: str | None = None,
    unit_ids: Sequence[str] | None = None,
    item_codes: Sequence[str] | None = None,
    min_date: date | None = None,
) -> st.SearchStrategy[PurchaseOrder]:
    """Purchase orders (bons de commande): at least one line, executed on or after the order."""
    return _orders(order_id, contract_id, unit_ids, item_codes, min_date)


@st.composite
def _appointments(
    draw: st.DrawFn,
    appointment_id: str | None,
    unit_id: str | None,
    dwelling_ids: Sequence[str] | None,
    building_ids: Sequence[str] | None,
    technician_ids: Sequence[str] | None,
    intervention_ids: Sequence[str] | None,
) -> Appointment:
    at = draw(aware_datetimes())
    notice = draw(optional(st.integers(0, 30)))
    return Appointment(
        id=appointment_id if appointment_id is not None else draw(identifiers()),
        at=at,
        unit_id=unit_id if unit_id is not None else draw(identifiers()),
        slot=HalfDay.MORNING if at.hour < 12 else HalfDay.AFTERNOON,
        duration_minutes=draw(st.integers(1, 480)),
        dwelling_id=draw(_pick(dwelling_ids)),
        building_id=draw(_pick(building_ids)),
        technician_id=draw(_pick(technician_ids)),
        intervention_id=draw(_pick(intervention_ids)),
        notice_on=None if notice is None else at.date() - timedelta(days=notice),
        status=draw(enum_values(AppointmentStatus)),
    )


@cached
def appointments(
    *,
    appointment_id: str | None = None,
    unit_id: str | None = None,
    dwelling_ids: Sequence[str] | None = None,
    building_ids: Sequence[str] | None = None,
    technician_ids: Sequence[str] | None = None,
    intervention_ids: Sequence[str] | None = None,
) -> st.SearchStrategy[Appointment]:
    """Appointments (rendez-vous) in the half-day of their hour, the notice before the day.

    Each ``*_ids`` restricts the reference it names (``()``: none)."""
    return _appointments(
        appointment_id, unit_id, dwelling_ids, building_ids, technician_ids, intervention_ids
    )
