"""The in-memory store: for tests, notebooks and short scripts; nothing is written to disk.

Objects are kept as they are (they are frozen), in dictionaries; transactions keep an undo log, so
a rollback (or a failed savepoint) puts back exactly what was there. Queries by column build their
index on first use. One writer at a time (a lock is held for the duration of a transaction); reads
from other threads during a transaction see its writes.

>>> from savcore.model import Technician
>>> store = MemoryStore()
>>> store.technicians.add(Technician("T-1", "Paul Garnier"))
>>> try:
...     with store.transaction():
...         store.technicians.add(Technician("T-2", "Léa Morel"))
...         raise RuntimeError("panne")
... except RuntimeError:
...     pass
>>> [t.id for t in store.technicians.all()]
['T-1']
"""

from __future__ import annotations

import bisect
import threading
from collections.abc import Iterator, Sequence
from typing import Any, Generic, TypeVar

from savcore.errors import DuplicateError
from savcore.store._base import StoreBase
from savcore.store._specs import Spec
from savcore.store._table import Table

__all__ = ["MemoryStore"]

T = TypeVar("T")

_Undo = tuple["_MemoryTable[Any]", str, "tuple[int, Any] | None"]


class _MemoryTable(Generic[T]):
    """A collection as an insertion-ordered dict ``key -> (sequence, object)``."""

    def __init__(self, spec: Spec[T], store: MemoryStore) -> None:
        self._spec = spec
        self._store = store
        self._rows: dict[str, tuple[int, T]] = {}
        self._indexes: dict[str, dict[str, list[str]]] = {}

    @property
    def spec(self) -> Spec[T]:
        return self._spec

    def fetch(self, key: str) -> T | None:
        row = self._rows.get(key)
        return None if row is None else row[1]

    def fetch_where(self, column: str, value: str) -> list[T]:
        index = self._indexes.get(column)
        if index is None:
            index = self._build_index(column)
        return [self._rows[key][1] for key in index.get(value, ())]

    def _values(self, column: str, obj: T) -> list[str]:
        """The index values of ``obj`` in ``column`` (none, one, or several for a multi column)."""
        single = dict(self._spec.columns).get(column)
        if single is not None:
            found = single(obj)
            return [] if found is None else [found]
        multi = dict(self._spec.multi).get(column)
        if multi is None:
            raise KeyError(column)
        return list(dict.fromkeys(multi(obj)))

    def _build_index(self, column: str) -> dict[str, list[str]]:
        index: dict[str, list[str]] = {}
        for key, (_, obj) in self._rows.items():
            for found in self._values(column, obj):
                index.setdefault(found, []).append(key)
        self._indexes[column] = index
        return index

    def _reindex(self, key: str, old: T | None, new: T | None) -> None:
        """Keep the built indexes in step with one write (no rebuild: issuing 10,000 invoices
        must not rescan the table after each one). Keys stay in insertion order."""
        for column, index in self._indexes.items():
            before = self._values(column, old) if old is not None else []
            after = self._values(column, new) if new is not None else []
            for value in before:
                if value not in after:
                    index[value].remove(key)
            for value in after:
                if value not in before:
                    bisect.insort(index.setdefault(value, []), key, key=self._sequence_of)

    def _sequence_of(self, key: str) -> int:
        return self._rows[key][0]

    def fetch_all(self) -> Iterator[T]:
        return iter([obj for _, obj in self._rows.values()])

    def count(self) -> int:
        return len(self._rows)

    def insert(self, objs: Sequence[T]) -> None:
        key_of = self._spec.key
        keys = [key_of(obj) for obj in objs]
        seen: set[str] = set()
        for key in keys:
            if key in self._rows or key in seen:
                raise DuplicateError(self._spec.label, key)
            seen.add(key)
        for key, obj in zip(keys, objs, strict=True):
            self._write(key, obj)

    def upsert(self, objs: Sequence[T]) -> None:
        key_of = self._spec.key
        for obj in objs:
            self._write(key_of(obj), obj)

    def delete(self, key: str) -> bool:
        row = self._rows.get(key)
        if row is None:
            return False
        self._reindex(key, row[1], None)
        del self._rows[key]
        self._store._log(self, key, row)
        return True

    def _write(self, key: str, obj: T) -> None:
        previous = self._rows.get(key)
        sequence = previous[0] if previous is not None else self._store._next_sequence()
        self._rows[key] = (sequence, obj)
        self._reindex(key, previous[1] if previous is not None else None, obj)
        self._store._log(self, key, previous)

    def _undo(self, key: str, previous: tuple[int, T] | None) -> None:
        self._indexes.clear()
        if previous is None:
            del self._rows[key]
            return
        restore_order = key not in self._rows
        self._rows[key] = previous
        if restore_order:
            self._rows = dict(sorted(self._rows.items(), key=lambda item: item[1][0]))


class MemoryStore(StoreBase):
    """A store kept in memory (see the module docstring)."""

    def __init__(self) -> None:
        self._lock = threading.RLock()
        self._undo: list[_Undo] = []
        self._marks: dict[int, int] = {}
        self._sequence = 0
        self._tables: list[_MemoryTable[Any]] = []
        super().__init__()

    def _table(self, spec: Spec[T]) -> Table[T]:
        table = _MemoryTable(spec, self)
        self._tables.append(table)
        return table

    def _next_sequence(self) -> int:
        self._sequence += 1
        return self._sequence

    def _log(self, table: _MemoryTable[Any], key: str, previous: tuple[int, Any] | None) -> None:
        self._undo.append((table, key, previous))

    def _undo_to(self, mark: int) -> None:
        while len(self._undo) > mark:
            table, key, previous = self._undo.pop()
            table._undo(key, previous)

    def _begin(self) -> None:
        self._lock.acquire()
        self._undo = []
        self._marks = {}

    def _commit(self) -> None:
        self._undo = []
        self._lock.release()

    def _rollback(self) -> None:
        try:
            self._undo_to(0)
        finally:
            self._lock.release()

    def _savepoint(self, level: int) -> None:
        self._marks[level] = len(self._undo)

    def _release(self, level: int) -> None:
        del self._marks[level]

    def _rollback_to(self, level: int) -> None:
        self._undo_to(self._marks.pop(level))
