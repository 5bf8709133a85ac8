"""What each collection of the store holds: its class, key and indexed columns.

Both stores are driven by these descriptions: the memory store keeps its secondary indexes on the
same columns, and the SQLite schema (:mod:`savcore.store._schema`) has one column per entry (a test
checks that they agree).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from operator import attrgetter
from typing import Any, Generic, TypeVar

import attrs

from savcore.model.catalog import PriceSchedule
from savcore.model.contracts import Contract
from savcore.model.indices import Index, IndexValue, Revision
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
from savcore.store.records import NumberSequence, Transmission

T = TypeVar("T")

Column = tuple[str, Callable[[Any], str | None]]
MultiColumn = tuple[str, Callable[[Any], Iterable[str]]]


@attrs.frozen
class Spec(Generic[T]):
    """One collection: ``name`` (store attribute and table), ``cls``, French ``label`` for
    messages, ``key`` function, single-valued ``columns`` and multi-valued ``multi`` columns
    (a contract's ``unit_ids``) that queries can filter on."""

    name: str
    cls: type[T]
    label: str
    key: Callable[[T], str]
    columns: tuple[Column, ...] = ()
    multi: tuple[MultiColumn, ...] = ()

    def column_names(self) -> tuple[str, ...]:
        """Names of the single-valued columns, in order."""
        return tuple(name for name, _ in self.columns)


def _col(name: str) -> Column:
    return (name, attrgetter(name))


def index_value_key(value: IndexValue) -> str:
    """Key of an index value: one publication of one period of one index
    (``"BT40|2025-01-01|2025-02-01|2025-02-14"``: code, period start and end, publication date);
    a later publication of the same period is another key."""
    period = value.period
    return f"{value.index}|{period.start.isoformat()}|{period.end.isoformat()}|{value.published_on.isoformat()}"


_ID: Callable[[Any], str] = attrgetter("id")

CUSTOMERS = Spec("customers", Customer, "client", _ID)
UNITS = Spec("units", ManagementUnit, "UG", _ID, (_col("customer_id"),))
BUILDINGS = Spec("buildings", Building, "bâtiment", _ID, (_col("unit_id"),))
DWELLINGS = Spec("dwellings", Dwelling, "logement", _ID, (_col("unit_id"), _col("building_id")))
APPLIANCES = Spec("appliances", Appliance, "appareil", _ID, (_col("unit_id"), _col("dwelling_id")))
RANGES = Spec(
    "ranges", MaintenanceRange, "gamme", _ID, multi=(("unit_ids", attrgetter("unit_ids")),)
)
TECHNICIANS = Spec("technicians", Technician, "technicien", _ID)
PRICE_SCHEDULES = Spec(
    "price_schedules", PriceSchedule, "bordereau de prix", _ID, (_col("contract_id"),)
)
CONTRACTS = Spec(
    "contracts",
    Contract,
    "contrat",
    _ID,
    (_col("customer_id"),),
    (("unit_ids", attrgetter("unit_ids")),),
)
INDICES = Spec("indices", Index, "indice", attrgetter("code"))
INDEX_VALUES = Spec(
    "index_values",
    IndexValue,
    "valeur d'indice",
    index_value_key,
    (("index_code", attrgetter("index")),),
)
REVISIONS = Spec("revisions", Revision, "révision", _ID, (_col("subject_id"),))
INTERVENTIONS = Spec(
    "interventions",
    Intervention,
    "intervention",
    _ID,
    (_col("contract_id"), _col("unit_id"), _col("dwelling_id")),
)
ATTEMPTS = Spec(
    "attempts", VisitAttempt, "passage", _ID, (_col("intervention_id"), _col("dwelling_id"))
)
REQUESTS = Spec(
    "requests",
    InterventionRequest,
    "demande d'intervention",
    _ID,
    (_col("contract_id"), _col("unit_id")),
)
PURCHASE_ORDERS = Spec(
    "purchase_orders", PurchaseOrder, "bon de commande", _ID, (_col("contract_id"),)
)
APPOINTMENTS = Spec(
    "appointments",
    Appointment,
    "rendez-vous",
    _ID,
    (_col("unit_id"), _col("dwelling_id"), _col("intervention_id")),
)
INVOICES = Spec(
    "invoices",
    Invoice,
    "facture",
    _ID,
    (
        _col("customer_id"),
        _col("contract_id"),
        _col("series"),
        _col("number"),
        ("status", lambda invoice: invoice.status.value),
    ),
)
SEQUENCES = Spec("sequences", NumberSequence, "séquence de numérotation", attrgetter("series"))
TRANSMISSIONS = Spec(
    "transmissions",
    Transmission,
    "transmission",
    _ID,
    (_col("invoice_id"), _col("channel")),
)
COMPANY = Spec("company", Party, "entreprise", lambda _: "company")

PORTFOLIO_SPECS: tuple[Spec[Any], ...] = (
    CUSTOMERS,
    UNITS,
    BUILDINGS,
    DWELLINGS,
    APPLIANCES,
    RANGES,
    TECHNICIANS,
    PRICE_SCHEDULES,
    CONTRACTS,
    INDICES,
    INDEX_VALUES,
    INTERVENTIONS,
    ATTEMPTS,
    REQUESTS,
    PURCHASE_ORDERS,
    APPOINTMENTS,
    INVOICES,
)
"""The collections of a :class:`~savcore.model.Portfolio`, by the portfolio's attribute names."""

ALL_SPECS: tuple[Spec[Any], ...] = (
    *PORTFOLIO_SPECS,
    REVISIONS,
    SEQUENCES,
    TRANSMISSIONS,
    COMPANY,
)
"""Every collection the store keeps."""
