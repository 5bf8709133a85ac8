"""Whole, consistent portfolios: every reference resolves, every id is unique, so
:meth:`~savcore.model.Portfolio.problems` is empty."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TypeVar

import attrs
from hypothesis import strategies as st

from savcore.model.contracts import Contract, ContractKind
from savcore.model.invoices import DocumentKind, Invoice
from savcore.model.operations import (
    Intervention,
    InterventionKind,
    InterventionRequest,
    PurchaseOrder,
)
from savcore.model.portfolio import Portfolio
from savcore.model.sites import Appliance, Building, Dwelling, Location
from savcore.testing._basics import choice, optional
from savcore.testing._catalog import index_values, indices, price_schedules
from savcore.testing._contracts import contracts, maintenance_ranges, technicians
from savcore.testing._invoices import invoices
from savcore.testing._operations import (
    appointments,
    intervention_requests,
    purchase_orders,
    visit_attempts,
)
from savcore.testing._parties import (
    appliances,
    buildings,
    customers,
    dwellings,
    parties,
    units,
)

__all__ = ["portfolios"]

T = TypeVar("T")

_INDEX_CODES = ("BT40", "BT41", "ICHTrev-TS", "TP10a", "FSD3")


def _subset(draw: st.DrawFn, items: Sequence[T], max_size: int | None = None) -> tuple[T, ...]:
    """A sub-tuple of ``items`` in their order (possibly empty)."""
    if not items:
        return ()
    keep = draw(st.lists(st.booleans(), min_size=len(items), max_size=len(items)))
    chosen = tuple(item for item, kept in zip(items, keep, strict=True) if kept)
    return chosen[:max_size] if max_size is not None else chosen


def _one(draw: st.DrawFn, items: Sequence[T]) -> T | None:
    """One of ``items`` or ``None`` (always ``None`` when there is none)."""
    return draw(optional(choice(items))) if items else None


@attrs.frozen
class _Sizes:
    customers: int
    units: int
    buildings_per_unit: int
    dwellings_per_unit: int
    appliances_per_unit: int
    ranges: int
    technicians: int
    price_schedules: int
    contracts: int
    indices: int
    index_values: int
    requests: int
    purchase_orders: int
    interventions: int
    attempts_per_intervention: int
    appointments: int
    invoices: int


@attrs.frozen
class _Refs:
    """What an intervention may reference."""

    dwellings: tuple[Dwelling, ...]
    appliances: tuple[Appliance, ...]
    ranges: dict[str, tuple[str, ...]]
    requests: tuple[InterventionRequest, ...]
    orders: tuple[PurchaseOrder, ...]


def _intervention(
    draw: st.DrawFn, intervention_id: str, contract: Contract, unit_id: str, refs: _Refs
) -> Intervention:
    """An intervention of ``contract`` at ``unit_id`` whose every reference resolves."""
    visit_types = [t for r in contract.range_ids for t in refs.ranges.get(r, ())]
    kinds = (
        list(InterventionKind) if visit_types else [InterventionKind.REPAIR, InterventionKind.WORKS]
    )
    kind = draw(st.sampled_from(kinds))
    dwelling_id = _one(draw, [d.id for d in refs.dwellings if d.unit_id == unit_id])
    candidates = [
        a.id
        for a in refs.appliances
        if a.unit_id == unit_id
        and (a.dwelling_id == dwelling_id if dwelling_id else a.location is Location.COLLECTIVE)
    ]
    visit_type_id = (
        draw(st.sampled_from(visit_types))
        if kind is InterventionKind.PREVENTIVE
        else _one(draw, visit_types)
    )
    return Intervention(
        id=intervention_id,
        contract_id=contract.id,
        kind=kind,
        unit_id=unit_id,
        dwelling_id=dwelling_id,
        appliance_id=_one(draw, candidates),
        visit_type_id=visit_type_id,
        service_line_id=_one(draw, [line.id for line in contract.lines]),
        request_id=_one(draw, [r.id for r in refs.requests if r.contract_id == contract.id]),
        purchase_order_id=_one(draw, [o.id for o in refs.orders if o.contract_id == contract.id]),
        campaign=draw(optional(st.sampled_from(("2024", "2025", "2026")))),
    )


def _count(draw: st.DrawFn, maximum: int, minimum: int = 0) -> int:
    return draw(st.integers(min(minimum, maximum), maximum))


@st.composite
def _portfolios(draw: st.DrawFn, size: _Sizes) -> Portfolio:
    company = draw(parties())
    the_customers = [
        draw(customers(customer_id=f"CLI-{i + 1}")) for i in range(_count(draw, size.customers, 1))
    ]
    customer_ids = [c.id for c in the_customers]

    the_units = [
        draw(units(unit_id=f"UG-{i + 1}", customer_id=draw(st.sampled_from(customer_ids))))
        for i in range(_count(draw, size.units))
    ]
    the_buildings: list[Building] = []
    the_dwellings: list[Dwelling] = []
    the_appliances: list[Appliance] = []
    for unit in the_units:
        own_buildings = [
            draw(buildings(building_id=f"{unit.id}-B{k + 1}", unit_id=unit.id))
            for k in range(_count(draw, size.buildings_per_unit))
        ]
        building_ids = tuple(b.id for b in own_buildings)
        own_dwellings = [
            draw(
                dwellings(
                    dwelling_id=f"{unit.id}-L{k + 1}", unit_id=unit.id, building_ids=building_ids
                )
            )
            for k in range(_count(draw, size.dwellings_per_unit))
        ]
        dwelling_ids = tuple(d.id for d in own_dwellings)
        own_appliances = [
            draw(
                appliances(
                    appliance_id=f"{unit.id}-A{k + 1}", unit_id=unit.id, dwelling_ids=dwelling_ids
                )
            )
            for k in range(_count(draw, size.appliances_per_unit))
        ]
        the_buildings += own_buildings
        the_dwellings += own_dwellings
        the_appliances += own_appliances
    unit_ids = tuple(u.id for u in the_units)

    the_ranges = [
        draw(maintenance_ranges(range_id=f"G-{i + 1}", unit_ids=unit_ids))
        for i in range(_count(draw, size.ranges))
    ]
    the_technicians = [
        draw(technicians(technician_id=f"T-{i + 1}")) for i in range(_count(draw, size.technicians))
    ]
    technician_ids = tuple(t.id for t in the_technicians)

    n_contracts = _count(draw, size.contracts)
    contract_ids = tuple(f"C-{i + 1}" for i in range(n_contracts))
    the_schedules = [
        draw(price_schedules(schedule_id=f"BPU-{i + 1}", contract_ids=contract_ids))
        for i in range(_count(draw, size.price_schedules))
    ]
    schedule_ids = tuple(s.id for s in the_schedules)

    the_contracts: list[Contract] = []
    for contract_id in contract_ids:
        customer_id = draw(st.sampled_from(customer_ids))
        own_units = tuple(u.id for u in the_units if u.customer_id == customer_id)
        the_contracts.append(
            draw(
                contracts(
                    contract_id=contract_id,
                    customer_id=customer_id,
                    unit_ids=_subset(draw, own_units),
                    range_ids=_subset(draw, [r.id for r in the_ranges]),
                    price_schedule_ids=schedule_ids,
                )
            )
        )

    codes = draw(st.lists(st.sampled_from(_INDEX_CODES), max_size=size.indices, unique=True))
    the_indices = [draw(indices(code=code)) for code in codes]
    the_values = (
        [
            draw(index_values(index=draw(st.sampled_from(codes))))
            for _ in range(_count(draw, size.index_values))
        ]
        if codes
        else []
    )

    def unit_of(contract: Contract) -> str:
        return draw(st.sampled_from(contract.unit_ids or unit_ids))

    def dwellings_of(unit_id: str) -> tuple[str, ...]:
        return tuple(d.id for d in the_dwellings if d.unit_id == unit_id)

    the_requests: list[InterventionRequest] = []
    the_orders: list[PurchaseOrder] = []
    the_interventions: list[Intervention] = []
    if the_contracts and the_units:
        for i in range(_count(draw, size.requests)):
            contract = draw(st.sampled_from(the_contracts))
            unit_id = unit_of(contract)
            levels = [level.level for level in contract.intervention.levels]
            the_requests.append(
                draw(
                    intervention_requests(
                        request_id=f"DI-{i + 1}",
                        contract_id=contract.id,
                        unit_id=unit_id,
                        dwelling_ids=dwellings_of(unit_id),
                        urgencies=levels or None,
                    )
                )
            )
        frameworks = [c for c in the_contracts if c.kind is ContractKind.FRAMEWORK]
        schedules = {s.id: s for s in the_schedules}
        for i in range(_count(draw, size.purchase_orders) if frameworks else 0):
            contract = draw(st.sampled_from(frameworks))
            assert contract.price_schedule_id is not None
            schedule = schedules[contract.price_schedule_id]
            the_orders.append(
                draw(
                    purchase_orders(
                        order_id=f"BC-{i + 1}",
                        contract_id=contract.id,
                        unit_ids=contract.unit_ids,
                        item_codes=[item.code for item in schedule.versions[0].items],
                        min_date=schedule.versions[0].applies_from,
                    )
                )
            )
        refs = _Refs(
            dwellings=tuple(the_dwellings),
            appliances=tuple(the_appliances),
            ranges={r.id: tuple(t.id for t in r.visit_types) for r in the_ranges},
            requests=tuple(the_requests),
            orders=tuple(the_orders),
        )
        for i in range(_count(draw, size.interventions)):
            contract = draw(st.sampled_from(the_contracts))
            the_interventions.append(
                _intervention(draw, f"I-{i + 1}", contract, unit_of(contract), refs)
            )

    the_attempts = []
    for intervention in the_interventions:
        for number in range(1, _count(draw, size.attempts_per_intervention) + 1):
            the_attempts.append(
                draw(
                    visit_attempts(
                        attempt_id=f"{intervention.id}-P{number}",
                        intervention_id=intervention.id,
                        dwelling_id=intervention.dwelling_id,
                        technician_ids=technician_ids,
                        number=number,
                    )
                )
            )

    the_appointments = []
    if the_units:
        for i in range(_count(draw, size.appointments)):
            unit_id = draw(st.sampled_from(unit_ids))
            the_appointments.append(
                draw(
                    appointments(
                        appointment_id=f"RDV-{i + 1}",
                        unit_id=unit_id,
                        dwelling_ids=dwellings_of(unit_id),
                        building_ids=tuple(b.id for b in the_buildings if b.unit_id == unit_id),
                        technician_ids=technician_ids,
                        intervention_ids=tuple(
                            x.id for x in the_interventions if x.unit_id == unit_id
                        ),
                    )
                )
            )

    the_invoices: list[Invoice] = []
    for i in range(_count(draw, size.invoices)):
        customer = draw(st.sampled_from(the_customers))
        invoice = draw(
            invoices(
                invoice_id=f"F-{i + 1}",
                customer_id=customer.id,
                contract_ids=tuple(c.id for c in the_contracts if c.customer_id == customer.id),
                seller=company,
                buyer=customer.identity(),
            )
        )
        issued = [x for x in the_invoices if x.kind is DocumentKind.INVOICE and x.number]
        if invoice.kind is DocumentKind.CREDIT_NOTE and issued:
            corrected = draw(st.sampled_from(issued))
            invoice = attrs.evolve(
                invoice, corrects=corrected.number, corrects_date=corrected.issue_date
            )
        the_invoices.append(invoice)

    return Portfolio(
        company=company,
        customers=tuple(the_customers),
        units=tuple(the_units),
        buildings=tuple(the_buildings),
        dwellings=tuple(the_dwellings),
        appliances=tuple(the_appliances),
        ranges=tuple(the_ranges),
        technicians=tuple(the_technicians),
        price_schedules=tuple(the_schedules),
        contracts=tuple(the_contracts),
        indices=tuple(the_indices),
        index_values=tuple(the_values),
        interventions=tuple(the_interventions),
        attempts=tuple(the_attempts),
        requests=tuple(the_requests),
        purchase_orders=tuple(the_orders),
        appointments=tuple(the_appointments),
        invoices=tuple(the_invoices),
    )


def portfolios(
    *,
    max_customers: int = 3,
    max_units: int = 3,
    max_buildings_per_unit: int = 2,
    max_dwellings_per_unit: int = 4,
    max_appliances_per_unit: int = 3,
    max_ranges: int = 2,
    max_technicians: int = 2,
    max_price_schedules: int = 2,
    max_contracts: int = 3,
    max_indices: int = 2,
    max_index_values: int = 3,
    max_requests: int = 3,
    max_purchase_orders: int = 2,
    max_interventions: int = 4,
    max_attempts_per_intervention: int = 3,
    max_appointments: int = 2,
    max_invoices: int = 2,
) -> st.SearchStrategy[Portfolio]:
    """Whole portfolios whose :meth:`~savcore.model.Portfolio.problems` is empty.

    A company (the seller), 1 to ``max_customers`` customers, their management units with
    buildings, dwellings and appliances, maintenance ranges over those units, technicians, price
    schedules, contracts naming the customer's own units, existing ranges and (framework
    agreements) an existing price schedule, indices and their values, intervention requests,
    purchase orders priced on the contract's schedule, interventions (and their numbered visit
    attempts) referencing existing units, dwellings, appliances, visit types, service lines,
    requests and orders, appointments, and invoices or credit notes issued by the company to its
    customers. Ids are readable and sequential (``CLI-1``, ``UG-2``, ``UG-2-L3``, ``C-1``...).

    Every ``max_*`` bounds one collection (per unit where it says so); the defaults keep a
    portfolio small enough for hundreds of examples per second.
    """
    size = _Sizes(
        customers=max_customers,
        units=max_units,
        buildings_per_unit=max_buildings_per_unit,
        dwellings_per_unit=max_dwellings_per_unit,
        appliances_per_unit=max_appliances_per_unit,
        ranges=max_ranges,
        technicians=max_technicians,
        price_schedules=max_price_schedules,
        contracts=max_contracts,
        indices=max_indices,
        index_values=max_index_values,
        requests=max_requests,
        purchase_orders=max_purchase_orders,
        interventions=max_interventions,
        attempts_per_intervention=max_attempts_per_intervention,
        appointments=max_appointments,
        invoices=max_invoices,
    )
    return _portfolios(size)
