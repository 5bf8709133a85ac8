"""The store's ports: what the service layer needs from persistence, as typing protocols.

savcore ships two implementations (:class:`~savcore.store.MemoryStore`,
:class:`~savcore.store.SqliteStore`); an ERP embedding savcore can plug its own database in by
providing an object with the same shape (structural typing: nothing to inherit).

The unit of work is :meth:`Store.transaction`: everything written inside ``with
store.transaction():`` is kept together or not at all. A nested ``transaction()`` is a savepoint:
if it fails, only its own writes are undone. Writes outside any transaction are transactions of
their own.

>>> from savcore.store import MemoryStore
>>> from savcore.model import Technician
>>> store = MemoryStore()
>>> with store.transaction():
...     store.technicians.add(Technician("T-1", "Paul Garnier"))
>>> store.technicians.get("T-1").name
'Paul Garnier'
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from contextlib import AbstractContextManager
from datetime import date
from typing import Protocol, TypeVar

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

__all__ = [
    "ApplianceRepositoryPort",
    "AppointmentRepositoryPort",
    "AttemptRepositoryPort",
    "BuildingRepositoryPort",
    "CompanyRepositoryPort",
    "ContractRepositoryPort",
    "DwellingRepositoryPort",
    "IndexValueRepositoryPort",
    "InterventionRepositoryPort",
    "InvoiceRepositoryPort",
    "PriceScheduleRepositoryPort",
    "PurchaseOrderRepositoryPort",
    "RangeRepositoryPort",
    "RepositoryPort",
    "RequestRepositoryPort",
    "RevisionRepositoryPort",
    "SequenceRepositoryPort",
    "Store",
    "TransmissionRepositoryPort",
    "UnitRepositoryPort",
]

T = TypeVar("T")


class RepositoryPort(Protocol[T]):
    """The objects of one collection, by key (``id``; ``code`` for indices)."""

    def key_of(self, obj: T) -> str:
        """The key ``obj`` is stored under."""
        ...

    def get(self, key: str) -> T:
        """The object with ``key``; :class:`~savcore.errors.NotFoundError` if none."""
        ...

    def find(self, key: str) -> T | None:
        """The object with ``key``, or ``None``."""
        ...

    def __contains__(self, key: object) -> bool: ...

    def count(self) -> int:
        """Number of objects."""
        ...

    def all(self) -> Iterator[T]:
        """Every object, in the order they were first added."""
        ...

    def add(self, obj: T) -> None:
        """Add a new object; :class:`~savcore.errors.DuplicateError` if the key is taken."""
        ...

    def add_many(self, objs: Iterable[T]) -> int:
        """Add new objects, all or none; the number added."""
        ...

    def put(self, obj: T) -> None:
        """Add or replace."""
        ...

    def put_many(self, objs: Iterable[T]) -> int:
        """Add or replace each object, all or none; the number written."""
        ...

    def remove(self, key: str) -> None:
        """Remove; :class:`~savcore.errors.NotFoundError` if absent."""
        ...


class UnitRepositoryPort(RepositoryPort[ManagementUnit], Protocol):
    """Management units and sites."""

    def for_customer(self, customer_id: str) -> list[ManagementUnit]:
        """The units of a customer."""
        ...


class BuildingRepositoryPort(RepositoryPort[Building], Protocol):
    """Buildings."""

    def for_unit(self, unit_id: str) -> list[Building]:
        """The buildings of a unit."""
        ...


class DwellingRepositoryPort(RepositoryPort[Dwelling], Protocol):
    """Dwellings."""

    def for_unit(self, unit_id: str) -> list[Dwelling]:
        """The dwellings of a unit."""
        ...

    def for_building(self, building_id: str) -> list[Dwelling]:
        """The dwellings of a building."""
        ...


class ApplianceRepositoryPort(RepositoryPort[Appliance], Protocol):
    """Appliances."""

    def for_unit(self, unit_id: str) -> list[Appliance]:
        """The appliances of a unit."""
        ...

    def for_dwelling(self, dwelling_id: str) -> list[Appliance]:
        """The appliances of a dwelling."""
        ...


class RangeRepositoryPort(RepositoryPort[MaintenanceRange], Protocol):
    """Maintenance ranges."""

    def for_unit(self, unit_id: str) -> list[MaintenanceRange]:
        """The ranges naming a unit."""
        ...


class PriceScheduleRepositoryPort(RepositoryPort[PriceSchedule], Protocol):
    """Price schedules."""

    def for_contract(self, contract_id: str) -> list[PriceSchedule]:
        """The schedules attached to a contract."""
        ...


class ContractRepositoryPort(RepositoryPort[Contract], Protocol):
    """Contracts."""

    def for_customer(self, customer_id: str) -> list[Contract]:
        """The contracts of a customer."""
        ...

    def for_unit(self, unit_id: str) -> list[Contract]:
        """The contracts covering a unit."""
        ...


class IndexValueRepositoryPort(RepositoryPort[IndexValue], Protocol):
    """Index values, every publication kept."""

    def for_index(self, code: str) -> list[IndexValue]:
        """Every publication of an index, by period then publication date."""
        ...


class RevisionRepositoryPort(RepositoryPort[Revision], Protocol):
    """Revisions applied."""

    def for_subject(self, subject_id: str) -> list[Revision]:
        """The revisions of a contract or price schedule, by application date."""
        ...


class InterventionRepositoryPort(RepositoryPort[Intervention], Protocol):
    """Interventions."""

    def for_contract(self, contract_id: str) -> list[Intervention]:
        """The interventions of a contract."""
        ...

    def for_unit(self, unit_id: str) -> list[Intervention]:
        """The interventions at a unit."""
        ...

    def for_dwelling(self, dwelling_id: str) -> list[Intervention]:
        """The interventions in a dwelling."""
        ...


class AttemptRepositoryPort(RepositoryPort[VisitAttempt], Protocol):
    """Visit attempts."""

    def for_intervention(self, intervention_id: str) -> list[VisitAttempt]:
        """The attempts at an intervention, by number."""
        ...

    def for_dwelling(self, dwelling_id: str) -> list[VisitAttempt]:
        """The attempts in a dwelling, by time."""
        ...


class RequestRepositoryPort(RepositoryPort[InterventionRequest], Protocol):
    """Intervention requests."""

    def for_contract(self, contract_id: str) -> list[InterventionRequest]:
        """The requests under a contract."""
        ...

    def for_unit(self, unit_id: str) -> list[InterventionRequest]:
        """The requests for a unit."""
        ...


class PurchaseOrderRepositoryPort(RepositoryPort[PurchaseOrder], Protocol):
    """Purchase orders."""

    def for_contract(self, contract_id: str) -> list[PurchaseOrder]:
        """The orders under a framework agreement."""
        ...


class AppointmentRepositoryPort(RepositoryPort[Appointment], Protocol):
    """Appointments."""

    def for_unit(self, unit_id: str) -> list[Appointment]:
        """The appointments at a unit."""
        ...

    def for_dwelling(self, dwelling_id: str) -> list[Appointment]:
        """The appointments in a dwelling."""
        ...

    def for_intervention(self, intervention_id: str) -> list[Appointment]:
        """The appointments of an intervention."""
        ...


class InvoiceRepositoryPort(RepositoryPort[Invoice], Protocol):
    """Invoices and credit notes; issued ones are final."""

    def by_number(self, number: str) -> Invoice | None:
        """The issued document with ``number``."""
        ...

    def for_customer(self, customer_id: str) -> list[Invoice]:
        """The documents of a customer."""
        ...

    def for_contract(self, contract_id: str) -> list[Invoice]:
        """The documents of a contract."""
        ...

    def issued(self, series: str | None = None) -> list[Invoice]:
        """Issued documents, by number."""
        ...

    def drafts(self) -> list[Invoice]:
        """Documents not issued yet."""
        ...


class SequenceRepositoryPort(RepositoryPort[NumberSequence], Protocol):
    """Number sequences, one per series."""

    def next_number(self, series: str, issue_date: date) -> str:
        """Take the next number, inside the transaction recording the document."""
        ...


class TransmissionRepositoryPort(RepositoryPort[Transmission], Protocol):
    """Transmissions to external portals."""

    def for_invoice(self, invoice_id: str) -> list[Transmission]:
        """Every channel a document was sent through."""
        ...

    def for_channel(self, channel: str) -> list[Transmission]:
        """Every document sent through a channel."""
        ...


class CompanyRepositoryPort(RepositoryPort[Party], Protocol):
    """The company's identity."""

    def current(self) -> Party | None:
        """The company, or ``None`` before it is set."""
        ...


class Store(Protocol):
    """Every collection savcore keeps, and the unit of work they are written in."""

    @property
    def company(self) -> CompanyRepositoryPort:
        """The company (seller identity)."""
        ...

    @property
    def customers(self) -> RepositoryPort[Customer]:
        """Customers."""
        ...

    @property
    def units(self) -> UnitRepositoryPort:
        """Management units and sites."""
        ...

    @property
    def buildings(self) -> BuildingRepositoryPort:
        """Buildings."""
        ...

    @property
    def dwellings(self) -> DwellingRepositoryPort:
        """Dwellings."""
        ...

    @property
    def appliances(self) -> ApplianceRepositoryPort:
        """Appliances."""
        ...

    @property
    def ranges(self) -> RangeRepositoryPort:
        """Maintenance ranges."""
        ...

    @property
    def technicians(self) -> RepositoryPort[Technician]:
        """Technicians."""
        ...

    @property
    def price_schedules(self) -> PriceScheduleRepositoryPort:
        """Price schedules."""
        ...

    @property
    def contracts(self) -> ContractRepositoryPort:
        """Contracts."""
        ...

    @property
    def indices(self) -> RepositoryPort[Index]:
        """Indices, by code."""
        ...

    @property
    def index_values(self) -> IndexValueRepositoryPort:
        """Index values."""
        ...

    @property
    def revisions(self) -> RevisionRepositoryPort:
        """Revisions applied."""
        ...

    @property
    def interventions(self) -> InterventionRepositoryPort:
        """Interventions."""
        ...

    @property
    def attempts(self) -> AttemptRepositoryPort:
        """Visit attempts."""
        ...

    @property
    def requests(self) -> RequestRepositoryPort:
        """Intervention requests."""
        ...

    @property
    def purchase_orders(self) -> PurchaseOrderRepositoryPort:
        """Purchase orders."""
        ...

    @property
    def appointments(self) -> AppointmentRepositoryPort:
        """Appointments."""
        ...

    @property
    def invoices(self) -> InvoiceRepositoryPort:
        """Invoices and credit notes."""
        ...

    @property
    def sequences(self) -> SequenceRepositoryPort:
        """Invoice number sequences."""
        ...

    @property
    def transmissions(self) -> TransmissionRepositoryPort:
        """Transmissions to external portals."""
        ...

    @property
    def in_transaction(self) -> bool:
        """Whether a transaction is open."""
        ...

    def transaction(self) -> AbstractContextManager[None]:
        """The unit of work: ``with store.transaction(): ...`` keeps all or nothing."""
        ...

    def after_commit(self, callback: Callable[[], None]) -> None:
        """Run ``callback`` once the current transaction is committed (dropped if it is rolled
        back); run it at once outside a transaction."""
        ...

    def close(self) -> None:
        """Release the store's resources; it cannot be used afterwards."""
        ...
