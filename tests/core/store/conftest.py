"""The ``store`` fixture: every repository-behaviour test runs on both stores."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from savcore.store import MemoryStore, SqliteStore
from savcore.store._base import StoreBase


@pytest.fixture(params=["memory", "sqlite"])
def store(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[StoreBase]:
    """A fresh, empty store of each kind."""
    if request.param == "memory":
        yield MemoryStore()
    else:
        with SqliteStore(tmp_path / "savcore.db") as sqlite_store:
            yield sqlite_store
