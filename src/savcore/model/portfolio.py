"""A portfolio: everything a maintenance company hands savcore, as flat collections.

It is the unit of import and export (JSON through :mod:`savcore.serialize`, or a store), and the
place where references between objects are checked: every ``unit_id``, ``contract_id`` and
``dwelling_id`` must name an object of the portfolio.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

import attrs

from savcore.errors import DataFormatError
from savcore.model import _validate as v
from savcore.model.catalog import PriceSchedule
from savcore.model.contracts import Contract
from savcore.model.indices import Index, IndexValue
from savcore.model.invoices import Invoice
from savcore.model.operations import (
    Appointment,
    Intervention,
    InterventionRequest,
    PurchaseOrder,
    VisitAttempt,
)
from savcore.model.parties import Customer, Party
from savcore.model.ranges import MaintenanceRange, Technician
from savcore.model.sites import Appliance, Building, Dwelling, ManagementUnit

__all__ = ["Portfolio"]


def _tuple(kind: type[Any]) -> Any:
    return attrs.field(default=(), validator=v.tuple_of(kind))


@attrs.frozen
class Portfolio:
    """The company (seller identity) and its customers, sites, contracts, catalogues and history."""

    company: Party = attrs.field(validator=v.instance_of(Party))
    customers: tuple[Customer, ...] = _tuple(Customer)
    units: tuple[ManagementUnit, ...] = _tuple(ManagementUnit)
    buildings: tuple[Building, ...] = _tuple(Building)
    dwellings: tuple[Dwelling, ...] = _tuple(Dwelling)
    appliances: tuple[Appliance, ...] = _tuple(Appliance)
    ranges: tuple[MaintenanceRange, ...] = _tuple(MaintenanceRange)
    technicians: tuple[Technician, ...] = _tuple(Technician)
    price_schedules: tuple[PriceSchedule, ...] = _tuple(PriceSchedule)
    contracts: tuple[Contract, ...] = _tuple(Contract)
    indices: tuple[Index, ...] = _tuple(Index)
    index_values: tuple[IndexValue, ...] = _tuple(IndexValue)
    interventions: tuple[Intervention, ...] = _tuple(Intervention)
    attempts: tuple[VisitAttempt, ...] = _tuple(VisitAttempt)
    requests: tuple[InterventionRequest, ...] = _tuple(InterventionRequest)
    purchase_orders: tuple[PurchaseOrder, ...] = _tuple(PurchaseOrder)
    appointments: tuple[Appointment, ...] = _tuple(Appointment)
    invoices: tuple[Invoice, ...] = _tuple(Invoice)

    def problems(self) -> list[str]:
        """Every broken reference or duplicate id, each naming its place
        (``dwellings[12].unit_id: 'UG-9' inconnu``); empty when the portfolio is consistent."""
        out: list[str] = []

        def ids(field: str, key: str = "id") -> set[str]:
            seen: set[str] = set()
            for i, obj in enumerate(getattr(self, field)):
                value = getattr(obj, key)
                if value in seen:
                    out.append(f"{field}[{i}].{key}: {value!r} en double")
                seen.add(value)
            return seen

        customers = ids("customers")
        units = ids("units")
        buildings = ids("buildings")
        dwellings = ids("dwellings")
        appliances = ids("appliances")
        ranges = ids("ranges")
        ids("technicians")
        schedules = ids("price_schedules")
        contracts = ids("contracts")
        ids("indices", key="code")
        interventions = ids("interventions")
        ids("attempts")
        requests = ids("requests")
        orders = ids("purchase_orders")
        ids("appointments")
        ids("invoices")

        def check(field: str, attr: str, known: set[str], label: str) -> None:
            for i, obj in enumerate(getattr(self, field)):
                values: Iterable[Any] | str | None = getattr(obj, attr)
                if values is None:
                    continue
                if isinstance(values, str):
                    values = (values,)
                for value in values:
                    if value not in known:
                        out.append(f"{field}[{i}].{attr}: {label} {value!r} inconnu(e)")

        check("units", "customer_id", customers, "client")
        check("buildings", "unit_id", units, "UG")
        check("dwellings", "unit_id", units, "UG")
        check("dwellings", "building_id", buildings, "bâtiment")
        check("appliances", "unit_id", units, "UG")
        check("appliances", "dwelling_id", dwellings, "logement")
        check("ranges", "unit_ids", units, "UG")
        check("contracts", "customer_id", customers, "client")
        check("contracts", "unit_ids", units, "UG")
        check("contracts", "range_ids", ranges, "gamme")
        check("contracts", "price_schedule_id", schedules, "bordereau")
        check("price_schedules", "contract_id", contracts, "contrat")
        check("interventions", "contract_id", contracts, "contrat")
        check("interventions", "unit_id", units, "UG")
        check("interventions", "dwelling_id", dwellings, "logement")
        check("interventions", "appliance_id", appliances, "appareil")
        check("interventions", "request_id", requests, "demande d'intervention")
        check("interventions", "purchase_order_id", orders, "bon de commande")
        check("attempts", "intervention_id", interventions, "intervention")
        check("attempts", "dwelling_id", dwellings, "logement")
        check("requests", "contract_id", contracts, "contrat")
        check("requests", "unit_id", units, "UG")
        check("requests", "dwelling_id", dwellings, "logement")
        check("purchase_orders", "contract_id", contracts, "contrat")
        check("appointments", "unit_id", units, "UG")
        check("appointments", "dwelling_id", dwellings, "logement")
        check("appointments", "intervention_id", interventions, "intervention")
        check("invoices", "customer_id", customers, "client")
        check("invoices", "contract_id", contracts, "contrat")
        return out

    def validate(self, source: str = "portefeuille") -> Portfolio:
        """Return ``self`` if consistent, else raise :class:`~savcore.errors.DataFormatError`
        listing every problem."""
        problems = self.problems()
        if problems:
            raise DataFormatError(source, problems)
        return self

    def counts(self) -> dict[str, int]:
        """Number of objects in each collection, e.g. ``{"dwellings": 1500, ...}``."""
        return {
            field.name: len(getattr(self, field.name))
            for field in attrs.fields(Portfolio)
            if field.name != "company"
        }
