"""Persistence: the store's ports, an in-memory store and the embedded SQLite store.

>>> from savcore.store import MemoryStore
>>> from savcore.model import Technician
>>> store = MemoryStore()
>>> with store.transaction():
...     store.technicians.add(Technician("T-1", "Paul Garnier"))
>>> store.technicians.count()
1

:func:`open_store` opens (or creates) a SQLite store file; :mod:`savcore.services` holds the use
cases that run on a store.
"""

from __future__ import annotations

import os

from savcore.store._schema import APPLICATION_ID, SCHEMA_VERSION
from savcore.store.memory import MemoryStore
from savcore.store.ports import Store
from savcore.store.records import NumberSequence, Transmission, format_number, parse_number
from savcore.store.sqlite import SqliteStore

__all__ = [
    "APPLICATION_ID",
    "SCHEMA_VERSION",
    "MemoryStore",
    "NumberSequence",
    "SqliteStore",
    "Store",
    "Transmission",
    "format_number",
    "open_store",
    "parse_number",
]


def open_store(
    path: str | os.PathLike[str], *, create: bool = True, timeout: float = 30.0
) -> SqliteStore:
    """Open the SQLite store at ``path``, creating it if ``create`` and it does not exist.

    A file that is not a savcore store raises :class:`~savcore.errors.StoreFileError` and is left
    untouched. Use it as a context manager to close it: ``with open_store("savcore.db") as store:``.
    """
    return SqliteStore(path, create=create, timeout=timeout)
