"""What both stores share: the repositories and the unit of work's bookkeeping (nesting as
savepoints, callbacks run after commit). A backend provides tables and five primitives."""

from __future__ import annotations

from abc import ABC, abstractmethod
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from types import TracebackType
from typing import Any, Self, TypeVar

from savcore.errors import StoreError
from savcore.store import _specs as s
from savcore.store._table import Table
from savcore.store.repositories import (
    ApplianceRepository,
    AppointmentRepository,
    AttemptRepository,
    BuildingRepository,
    CompanyRepository,
    ContractRepository,
    CustomerRepository,
    DwellingRepository,
    IndexRepository,
    IndexValueRepository,
    InterventionRepository,
    InvoiceRepository,
    PriceScheduleRepository,
    PurchaseOrderRepository,
    RangeRepository,
    Repository,
    RequestRepository,
    RevisionRepository,
    SequenceRepository,
    TechnicianRepository,
    TransmissionRepository,
    UnitRepository,
)

T = TypeVar("T")


class StoreBase(ABC):
    """Repositories over the backend's tables, and :meth:`transaction`."""

    def __init__(self) -> None:
        self._depth = 0
        self._callbacks: list[list[Callable[[], None]]] = []
        self._closed = False
        self.company = CompanyRepository(self._table(s.COMPANY), self)
        """The company (seller identity)."""
        self.customers = CustomerRepository(self._table(s.CUSTOMERS), self)
        """Customers."""
        self.units = UnitRepository(self._table(s.UNITS), self)
        """Management units and sites."""
        self.buildings = BuildingRepository(self._table(s.BUILDINGS), self)
        """Buildings."""
        self.dwellings = DwellingRepository(self._table(s.DWELLINGS), self)
        """Dwellings."""
        self.appliances = ApplianceRepository(self._table(s.APPLIANCES), self)
        """Appliances."""
        self.ranges = RangeRepository(self._table(s.RANGES), self)
        """Maintenance ranges."""
        self.technicians = TechnicianRepository(self._table(s.TECHNICIANS), self)
        """Technicians."""
        self.price_schedules = PriceScheduleRepository(self._table(s.PRICE_SCHEDULES), self)
        """Price schedules."""
        self.contracts = ContractRepository(self._table(s.CONTRACTS), self)
        """Contracts."""
        self.indices = IndexRepository(self._table(s.INDICES), self)
        """Indices, by code."""
        self.index_values = IndexValueRepository(self._table(s.INDEX_VALUES), self)
        """Index values (every publication)."""
        self.revisions = RevisionRepository(self._table(s.REVISIONS), self)
        """Revisions applied."""
        self.interventions = InterventionRepository(self._table(s.INTERVENTIONS), self)
        """Interventions."""
        self.attempts = AttemptRepository(self._table(s.ATTEMPTS), self)
        """Visit attempts."""
        self.requests = RequestRepository(self._table(s.REQUESTS), self)
        """Intervention requests."""
        self.purchase_orders = PurchaseOrderRepository(self._table(s.PURCHASE_ORDERS), self)
        """Purchase orders."""
        self.appointments = AppointmentRepository(self._table(s.APPOINTMENTS), self)
        """Appointments."""
        self.invoices = InvoiceRepository(self._table(s.INVOICES), self)
        """Invoices and credit notes."""
        self.sequences = SequenceRepository(self._table(s.SEQUENCES), self)
        """Invoice number sequences."""
        self.transmissions = TransmissionRepository(self._table(s.TRANSMISSIONS), self)
        """Transmissions to external portals."""

    # --- backend primitives -------------------------------------------------------------------

    @abstractmethod
    def _table(self, spec: s.Spec[T]) -> Table[T]:
        """The backend's table for ``spec``."""

    @abstractmethod
    def _begin(self) -> None:
        """Start the outermost transaction (taking the write lock)."""

    @abstractmethod
    def _commit(self) -> None:
        """Commit the outermost transaction."""

    @abstractmethod
    def _rollback(self) -> None:
        """Undo the outermost transaction."""

    @abstractmethod
    def _savepoint(self, level: int) -> None:
        """Mark the start of a nested transaction at ``level`` (1 for the first nesting)."""

    @abstractmethod
    def _release(self, level: int) -> None:
        """Keep what the nested transaction at ``level`` wrote (in the enclosing one)."""

    @abstractmethod
    def _rollback_to(self, level: int) -> None:
        """Undo what the nested transaction at ``level`` wrote."""

    # --- unit of work -------------------------------------------------------------------------

    def repository(self, name: str) -> Repository[Any]:
        """The repository named ``name`` (``"dwellings"``...); :class:`~savcore.errors.StoreError`
        for an unknown name."""
        repo = getattr(self, name, None) if name in _NAMES else None
        if not isinstance(repo, Repository):
            known = ", ".join(sorted(_NAMES))
            raise StoreError(f"collection inconnue : {name!r} (collections : {known})")
        return repo

    @property
    def in_transaction(self) -> bool:
        """Whether a transaction is open."""
        return self._depth > 0

    @contextmanager
    def transaction(self) -> Iterator[None]:
        """The unit of work: all that is written inside is kept together, or nothing is.

        Nested calls are savepoints: an exception leaving the inner block undoes the inner
        writes only (and goes on to the outer block, which undoes everything unless the
        exception is caught in between).
        """
        self._check_open()
        level = self._depth
        if level == 0:
            self._begin()
        else:
            self._savepoint(level)
        self._depth += 1
        self._callbacks.append([])
        try:
            yield
        except BaseException:
            self._depth -= 1
            self._callbacks.pop()
            if level == 0:
                self._rollback()
            else:
                self._rollback_to(level)
            raise
        self._depth -= 1
        callbacks = self._callbacks.pop()
        if level == 0:
            try:
                self._commit()
            except BaseException:
                self._rollback()
                raise
            for callback in callbacks:
                callback()
        else:
            self._release(level)
            self._callbacks[-1].extend(callbacks)

    def after_commit(self, callback: Callable[[], None]) -> None:
        """Run ``callback`` once the current transaction commits (never if it is rolled back);
        at once when no transaction is open."""
        if self._depth == 0:
            callback()
        else:
            self._callbacks[-1].append(callback)

    def close(self) -> None:
        """Release the store; using it afterwards raises :class:`~savcore.errors.StoreError`."""
        if self._depth:
            raise StoreError("fermeture du stockage pendant une transaction")
        self._closed = True

    def _check_open(self) -> None:
        if self._closed:
            raise StoreError("stockage fermé")

    def __enter__(self) -> Self:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.close()


_NAMES = frozenset(spec.name for spec in s.ALL_SPECS)
