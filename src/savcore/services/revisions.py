"""Price revisions and index publications, recorded in a store."""

from __future__ import annotations

from collections.abc import Sequence

import attrs

from savcore.errors import BusinessRuleError
from savcore.model.catalog import PriceSchedule
from savcore.model.contracts import Contract
from savcore.model.indices import Index, IndexValue, Revision
from savcore.revision.registry import IndexRegistry
from savcore.store._specs import index_value_key
from savcore.store.ports import Store

__all__ = ["StoreRevisions", "add_index_data", "index_registry", "record_revision"]


def add_index_data(store: Store, indices: Sequence[Index], values: Sequence[IndexValue]) -> int:
    """Record indices and publications, all or nothing; known ones are skipped (an index whose
    description changed is replaced). Returns the number of new publications."""
    with store.transaction():
        for index in indices:
            if store.indices.find(index.code) != index:
                store.indices.put(index)
        new = [value for value in values if index_value_key(value) not in store.index_values]
        unique = list({index_value_key(value): value for value in new}.values())
        store.index_values.add_many(unique)
    return len(unique)


def index_registry(store: Store) -> IndexRegistry:
    """Every stored index and publication, as a registry the revision core reads."""
    return IndexRegistry(indices=tuple(store.indices.all()), values=tuple(store.index_values.all()))


def record_revision(
    store: Store,
    revision: Revision,
    *,
    contract: Contract | None = None,
    schedule: PriceSchedule | None = None,
) -> None:
    """Record ``revision`` (a permanent record) with the revised contract or price schedule, in
    one transaction. A revision id already recorded is refused
    (:class:`~savcore.errors.DuplicateError`), so is a revised object that is not the revision's
    subject (:class:`~savcore.errors.BusinessRuleError`)."""
    for revised in (contract, schedule):
        if revised is not None and revised.id != revision.subject_id:
            raise BusinessRuleError(
                "revision-sujet",
                f"révision {revision.id}",
                f"porte sur {revision.subject_id}, pas sur {revised.id}",
            )
    with store.transaction():
        store.revisions.add(revision)
        if contract is not None:
            store.contracts.get(contract.id)
            store.contracts.put(contract)
        if schedule is not None:
            store.price_schedules.get(schedule.id)
            store.price_schedules.put(schedule)


@attrs.define
class StoreRevisions:
    """A store seen through the revision commands' port
    (:class:`savcore.revision.cli.RevisionStore`)."""

    store: Store

    def get_contract(self, contract_id: str) -> Contract:
        """The stored contract ``contract_id``."""
        return self.store.contracts.get(contract_id)

    def index_registry(self) -> IndexRegistry:
        """Every stored index and publication."""
        return index_registry(self.store)

    def add_index_data(self, indices: Sequence[Index], values: Sequence[IndexValue]) -> int:
        """See :func:`add_index_data`."""
        return add_index_data(self.store, indices, values)

    def revisions_of(self, subject_id: str) -> Sequence[Revision]:
        """The recorded revisions of a contract or schedule, oldest first."""
        return self.store.revisions.for_subject(subject_id)

    def record_revision(self, revision: Revision, contract: Contract) -> None:
        """See :func:`record_revision`."""
        record_revision(self.store, revision, contract=contract)
