"""Repositories: the behaviour of each collection, shared by :class:`~savcore.store.MemoryStore`
and :class:`~savcore.store.SqliteStore`.

Every write runs in the store's unit of work: inside ``with store.transaction():`` it joins it (as a
savepoint, so that a failed call leaves nothing behind), outside it is a transaction of its own.
They follow the protocols of :mod:`savcore.store.ports`.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from datetime import date
from typing import Generic, TypeVar

from savcore.errors import BusinessRuleError, DuplicateError, NotFoundError, StoreError
from savcore.errors import ValidationError as _ValidationError
from savcore.model.catalog import PriceSchedule
from savcore.model.contracts import Contract
from savcore.model.indices import Index, IndexValue, Revision
from savcore.model.invoices import Invoice, InvoiceStatus
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
from savcore.store._table import Table, UnitOfWork
from savcore.store.records import NumberSequence, Transmission, format_number

__all__ = [
    "ApplianceRepository",
    "AppointmentRepository",
    "AttemptRepository",
    "BuildingRepository",
    "CompanyRepository",
    "ContractRepository",
    "CustomerRepository",
    "DwellingRepository",
    "IndexRepository",
    "IndexValueRepository",
    "InterventionRepository",
    "InvoiceRepository",
    "PriceScheduleRepository",
    "PurchaseOrderRepository",
    "RangeRepository",
    "Repository",
    "RequestRepository",
    "RevisionRepository",
    "SequenceRepository",
    "TechnicianRepository",
    "TransmissionRepository",
    "UnitRepository",
]

T = TypeVar("T")

_CHUNK = 5_000


def _chunks(objs: Iterable[T], size: int = _CHUNK) -> Iterator[list[T]]:
    chunk: list[T] = []
    for obj in objs:
        chunk.append(obj)
        if len(chunk) >= size:
            yield chunk
            chunk = []
    if chunk:
        yield chunk


class Repository(Generic[T]):
    """The objects of one collection, by key (their ``id``, or ``code`` for indices)."""

    def __init__(self, table: Table[T], uow: UnitOfWork) -> None:
        self._table = table
        self._uow = uow
        self._spec = table.spec

    @property
    def label(self) -> str:
        """What the collection holds, in French (``"logement"``)."""
        return self._spec.label

    def key_of(self, obj: T) -> str:
        """The key ``obj`` is stored under."""
        return self._spec.key(obj)

    def get(self, key: str) -> T:
        """The object with ``key``; :class:`~savcore.errors.NotFoundError` if there is none."""
        obj = self._table.fetch(key)
        if obj is None:
            raise NotFoundError(self._spec.label, key)
        return obj

    def find(self, key: str) -> T | None:
        """The object with ``key``, or ``None``."""
        return self._table.fetch(key)

    def __contains__(self, key: object) -> bool:
        return isinstance(key, str) and self._table.fetch(key) is not None

    def count(self) -> int:
        """Number of objects."""
        return self._table.count()

    def all(self) -> Iterator[T]:
        """Every object, in the order they were first added (streamed, not loaded at once)."""
        return self._table.fetch_all()

    def __iter__(self) -> Iterator[T]:
        return self._table.fetch_all()

    def add(self, obj: T) -> None:
        """Add a new object; :class:`~savcore.errors.DuplicateError` if its key is taken."""
        self.add_many((obj,))

    def add_many(self, objs: Iterable[T]) -> int:
        """Add new objects, all or none (bulk path: one transaction, batched inserts); returns
        how many were added. :class:`~savcore.errors.DuplicateError` names the first key taken."""
        count = 0
        with self._uow.transaction():
            for chunk in _chunks(objs):
                self._check(chunk, replace=False)
                self._table.insert(chunk)
                count += len(chunk)
        return count

    def put(self, obj: T) -> None:
        """Add ``obj``, or replace the object stored under its key."""
        self.put_many((obj,))

    def put_many(self, objs: Iterable[T]) -> int:
        """:meth:`put` each object, all or none; returns how many were written."""
        count = 0
        with self._uow.transaction():
            for chunk in _chunks(objs):
                self._check(chunk, replace=True)
                self._table.upsert(chunk)
                count += len(chunk)
        return count

    def remove(self, key: str) -> None:
        """Remove the object with ``key``; :class:`~savcore.errors.NotFoundError` if none."""
        with self._uow.transaction():
            self._check_remove(key)
            if not self._table.delete(key):
                raise NotFoundError(self._spec.label, key)

    def _where(self, column: str, value: str) -> list[T]:
        return self._table.fetch_where(column, value)

    def _check(self, objs: Sequence[T], *, replace: bool) -> None:
        """Refuse what cannot be written (overridden for business checks)."""
        cls = self._spec.cls
        for obj in objs:
            if type(obj) is not cls and not isinstance(obj, cls):
                raise _ValidationError(
                    self._spec.name,
                    obj,
                    f"un objet {cls.__name__} est attendu, reçu {type(obj).__name__}",
                )

    def _check_remove(self, key: str) -> None:
        """Refuse a removal (overridden for business checks)."""


class CustomerRepository(Repository[Customer]):
    """Customers (clients)."""


class UnitRepository(Repository[ManagementUnit]):
    """Management units (UG, résidences) and sites under contract."""

    def for_customer(self, customer_id: str) -> list[ManagementUnit]:
        """The units of a customer."""
        return self._where("customer_id", customer_id)


class BuildingRepository(Repository[Building]):
    """Buildings (bâtiments)."""

    def for_unit(self, unit_id: str) -> list[Building]:
        """The buildings of a unit."""
        return self._where("unit_id", unit_id)


class DwellingRepository(Repository[Dwelling]):
    """Dwellings (logements)."""

    def for_unit(self, unit_id: str) -> list[Dwelling]:
        """The dwellings of a unit."""
        return self._where("unit_id", unit_id)

    def for_building(self, building_id: str) -> list[Dwelling]:
        """The dwellings of a building."""
        return self._where("building_id", building_id)


class ApplianceRepository(Repository[Appliance]):
    """Appliances (chaudières, chauffe-eau, VMC...)."""

    def for_unit(self, unit_id: str) -> list[Appliance]:
        """The appliances of a unit (collective and in dwellings)."""
        return self._where("unit_id", unit_id)

    def for_dwelling(self, dwelling_id: str) -> list[Appliance]:
        """The appliances of a dwelling."""
        return self._where("dwelling_id", dwelling_id)


class RangeRepository(Repository[MaintenanceRange]):
    """Maintenance ranges (gammes)."""

    def for_unit(self, unit_id: str) -> list[MaintenanceRange]:
        """The ranges that name ``unit_id`` in their ``unit_ids``."""
        return self._where("unit_ids", unit_id)


class TechnicianRepository(Repository[Technician]):
    """Technicians."""


class PriceScheduleRepository(Repository[PriceSchedule]):
    """Price schedules (bordereaux de prix) with their versions."""

    def for_contract(self, contract_id: str) -> list[PriceSchedule]:
        """The schedules attached to a contract."""
        return self._where("contract_id", contract_id)


class ContractRepository(Repository[Contract]):
    """Contracts."""

    def for_customer(self, customer_id: str) -> list[Contract]:
        """The contracts of a customer."""
        return self._where("customer_id", customer_id)

    def for_unit(self, unit_id: str) -> list[Contract]:
        """The contracts that cover ``unit_id``."""
        return self._where("unit_ids", unit_id)


class IndexRepository(Repository[Index]):
    """Price indices, by code (``"BT40"``)."""


class IndexValueRepository(Repository[IndexValue]):
    """Published index values; every publication is kept (key: index code, period start and
    publication date, see :func:`~savcore.store._specs.index_value_key`)."""

    def for_index(self, code: str) -> list[IndexValue]:
        """Every publication of index ``code``, by period then publication date."""
        values = self._where("index_code", code)
        return sorted(values, key=lambda value: (value.period.start, value.published_on))


class RevisionRepository(Repository[Revision]):
    """Price revisions applied (permanent records)."""

    def for_subject(self, subject_id: str) -> list[Revision]:
        """The revisions of a contract or price schedule, by application date."""
        revisions = self._where("subject_id", subject_id)
        return sorted(revisions, key=lambda revision: revision.application_date)


class InterventionRepository(Repository[Intervention]):
    """Interventions (preventive visits, repairs, works)."""

    def for_contract(self, contract_id: str) -> list[Intervention]:
        """The interventions of a contract."""
        return self._where("contract_id", contract_id)

    def for_unit(self, unit_id: str) -> list[Intervention]:
        """The interventions at a unit."""
        return self._where("unit_id", unit_id)

    def for_dwelling(self, dwelling_id: str) -> list[Intervention]:
        """The interventions in a dwelling."""
        return self._where("dwelling_id", dwelling_id)


class AttemptRepository(Repository[VisitAttempt]):
    """Visit attempts (passages)."""

    def for_intervention(self, intervention_id: str) -> list[VisitAttempt]:
        """The attempts at an intervention, by attempt number."""
        attempts = self._where("intervention_id", intervention_id)
        return sorted(attempts, key=lambda attempt: (attempt.number, attempt.at))

    def for_dwelling(self, dwelling_id: str) -> list[VisitAttempt]:
        """The attempts in a dwelling, by time."""
        return sorted(self._where("dwelling_id", dwelling_id), key=lambda attempt: attempt.at)


class RequestRepository(Repository[InterventionRequest]):
    """Intervention requests (demandes d'intervention, D.I.)."""

    def for_contract(self, contract_id: str) -> list[InterventionRequest]:
        """The requests under a contract."""
        return self._where("contract_id", contract_id)

    def for_unit(self, unit_id: str) -> list[InterventionRequest]:
        """The requests for a unit."""
        return self._where("unit_id", unit_id)


class PurchaseOrderRepository(Repository[PurchaseOrder]):
    """Purchase orders (bons de commande)."""

    def for_contract(self, contract_id: str) -> list[PurchaseOrder]:
        """The orders under a framework agreement."""
        return self._where("contract_id", contract_id)


class AppointmentRepository(Repository[Appointment]):
    """Appointments (rendez-vous)."""

    def for_unit(self, unit_id: str) -> list[Appointment]:
        """The appointments at a unit, by time."""
        return sorted(self._where("unit_id", unit_id), key=lambda appointment: appointment.at)

    def for_dwelling(self, dwelling_id: str) -> list[Appointment]:
        """The appointments in a dwelling, by time."""
        return sorted(self._where("dwelling_id", dwelling_id), key=lambda a: a.at)

    def for_intervention(self, intervention_id: str) -> list[Appointment]:
        """The appointments of an intervention, by time."""
        return sorted(self._where("intervention_id", intervention_id), key=lambda a: a.at)


class InvoiceRepository(Repository[Invoice]):
    """Invoices and credit notes, drafts and issued.

    An issued document is final: replacing it by a different one or removing it is refused
    (:class:`~savcore.errors.BusinessRuleError`), and a number is never given to two documents
    (:class:`~savcore.errors.DuplicateError`).
    """

    def by_number(self, number: str) -> Invoice | None:
        """The issued document with ``number``, or ``None``."""
        found = self._where("number", number)
        return found[0] if found else None

    def for_customer(self, customer_id: str) -> list[Invoice]:
        """The documents of a customer."""
        return self._where("customer_id", customer_id)

    def for_contract(self, contract_id: str) -> list[Invoice]:
        """The documents of a contract."""
        return self._where("contract_id", contract_id)

    def issued(self, series: str | None = None) -> list[Invoice]:
        """Issued documents (of ``series`` if given), by number."""
        found = self._where("series", series) if series else self._where("status", "issued")
        return sorted(
            (invoice for invoice in found if invoice.status is InvoiceStatus.ISSUED),
            key=lambda invoice: (invoice.series, invoice.number or ""),
        )

    def drafts(self) -> list[Invoice]:
        """Documents not issued yet."""
        return self._where("status", InvoiceStatus.DRAFT.value)

    def _check(self, objs: Sequence[Invoice], *, replace: bool) -> None:
        super()._check(objs, replace=replace)
        numbers: dict[str, str] = {}
        for invoice in objs:
            if replace:
                current = self._table.fetch(invoice.id)
                if (
                    current is not None
                    and current.status is InvoiceStatus.ISSUED
                    and current != invoice
                ):
                    raise BusinessRuleError(
                        "facture-emise-definitive",
                        f"facture {invoice.id} ({current.number})",
                        "un document émis ne peut plus être modifié : émettre un avoir",
                    )
            if invoice.number is None:
                continue
            other = numbers.get(invoice.number)
            if other is None:
                found = self.by_number(invoice.number)
                other = found.id if found is not None else None
            if other is not None and other != invoice.id:
                raise DuplicateError(
                    "numéro de facture", invoice.number, context=f"déjà donné à {other}"
                )
            numbers[invoice.number] = invoice.id

    def _check_remove(self, key: str) -> None:
        current = self._table.fetch(key)
        if current is not None and current.status is InvoiceStatus.ISSUED:
            raise BusinessRuleError(
                "facture-emise-definitive",
                f"facture {key} ({current.number})",
                "un document émis ne peut pas être supprimé : émettre un avoir",
            )


class SequenceRepository(Repository[NumberSequence]):
    """Invoice number sequences, one per series (key: the series)."""

    def next_number(self, series: str, issue_date: date) -> str:
        """Take the next number of ``series`` for a document dated ``issue_date``.

        Must be called inside the transaction that records the document, so that a rollback
        gives the number back (gapless numbering); outside one it raises
        :class:`~savcore.errors.StoreError`. A date earlier than the last numbered document of the
        series raises :class:`~savcore.errors.BusinessRuleError`.
        """
        if not self._uow.in_transaction:
            raise StoreError(
                "un numéro de facture se prend dans la transaction qui enregistre la facture "
                "(with store.transaction(): ...)"
            )
        current = self.find(series) or NumberSequence(series, issue_date.year, 0, issue_date)
        following = current.following(issue_date)
        self.put(following)
        return format_number(series, following.year, following.counter)


class TransmissionRepository(Repository[Transmission]):
    """Transmissions of documents to external portals (key: ``"<channel>:<invoice id>"``)."""

    def for_invoice(self, invoice_id: str) -> list[Transmission]:
        """Every channel a document was sent through."""
        return self._where("invoice_id", invoice_id)

    def for_channel(self, channel: str) -> list[Transmission]:
        """Every document sent through ``channel``."""
        return self._where("channel", channel)


class CompanyRepository(Repository[Party]):
    """The company's own identity (the seller on every invoice): at most one record."""

    def current(self) -> Party | None:
        """The company, or ``None`` before it is set."""
        return self.find("company")
