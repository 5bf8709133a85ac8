"""The private engine interface both stores implement: one :class:`Table` per collection.

Repositories (:mod:`savcore.store.repositories`) hold the behaviour (type checks, business checks,
queries) once; a table only stores, fetches and filters on the columns of its
:class:`~savcore.store._specs.Spec`.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from contextlib import AbstractContextManager
from typing import Protocol, TypeVar

from savcore.store._specs import Spec

T = TypeVar("T")


class Table(Protocol[T]):
    """Storage of one collection (engine-level: no business rule here)."""

    @property
    def spec(self) -> Spec[T]:
        """What the table holds."""
        ...

    def fetch(self, key: str) -> T | None:
        """The object with ``key``, or ``None``."""
        ...

    def fetch_where(self, column: str, value: str) -> list[T]:
        """Objects whose ``column`` (single or multi-valued) equals / contains ``value``, in
        insertion order."""
        ...

    def fetch_all(self) -> Iterator[T]:
        """Every object, in insertion order."""
        ...

    def count(self) -> int:
        """Number of objects."""
        ...

    def insert(self, objs: Sequence[T]) -> None:
        """Add new objects; :class:`~savcore.errors.DuplicateError` if a key exists already
        (the caller's transaction then undoes what was written)."""
        ...

    def upsert(self, objs: Sequence[T]) -> None:
        """Add or replace objects (a replaced object keeps its place in the order)."""
        ...

    def delete(self, key: str) -> bool:
        """Remove the object with ``key``; whether there was one."""
        ...


class UnitOfWork(Protocol):
    """What a repository needs from its store: the transaction it writes in."""

    def transaction(self) -> AbstractContextManager[None]:
        """Open (or join, as a savepoint) a transaction."""
        ...

    @property
    def in_transaction(self) -> bool:
        """Whether a transaction is open."""
        ...
