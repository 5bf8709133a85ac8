"""MemoryStore keeps its secondary indexes in step with every write (no rebuild per write)."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from savcore.model import Dwelling
from savcore.store import MemoryStore

UNITS = ["UG-1", "UG-2", "UG-3"]
# (operation, dwelling number, unit): put (insert or move to another unit), delete, rollback
OPS = st.lists(
    st.tuples(
        st.sampled_from(["put", "delete", "fail"]), st.integers(0, 6), st.sampled_from(UNITS)
    ),
    max_size=40,
)


class _Abort(Exception):
    pass


def _put_then_fail(store: MemoryStore, dwelling: Dwelling) -> None:
    with store.transaction():
        store.dwellings.put(dwelling)
        raise _Abort


@given(OPS)
def test_for_unit_always_equals_a_full_scan(ops: list[tuple[str, int, str]]) -> None:
    store = MemoryStore()
    store.dwellings.for_unit("UG-1")  # build the index first, so every write must maintain it
    for op, n, unit in ops:
        key = f"L{n}"
        if op == "put":
            with store.transaction():
                store.dwellings.put(Dwelling(key, unit, key))
        elif op == "delete":
            if store.dwellings.find(key) is not None:
                with store.transaction():
                    store.dwellings.remove(key)
        else:
            with pytest.raises(_Abort):
                _put_then_fail(store, Dwelling(key, unit, key))
        everything = list(store.dwellings.all())
        for u in UNITS:
            expected = [d.id for d in everything if d.unit_id == u]
            assert [d.id for d in store.dwellings.for_unit(u)] == expected
