"""Repository behaviour, the same for MemoryStore and SqliteStore (``store`` fixture)."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import attrs
import pytest

from savcore.errors import (
    BusinessRuleError,
    DuplicateError,
    NotFoundError,
    StoreError,
    ValidationError,
)
from savcore.model import IndexValue, Invoice, InvoiceStatus, Technician
from savcore.periods import Period
from savcore.store._base import StoreBase

from .builders import contract, customer, draft, dwelling, unit


def test_add_get_find_count(store: StoreBase) -> None:
    store.dwellings.add(dwelling(1))
    assert store.dwellings.get("L-1") == dwelling(1)
    assert store.dwellings.find("L-2") is None
    assert "L-1" in store.dwellings
    assert "L-2" not in store.dwellings
    assert store.dwellings.count() == 1


def test_get_unknown_names_kind_and_key(store: StoreBase) -> None:
    with pytest.raises(NotFoundError, match="logement introuvable : 'L-9'"):
        store.dwellings.get("L-9")


def test_add_existing_key_is_a_duplicate(store: StoreBase) -> None:
    store.dwellings.add(dwelling(1))
    with pytest.raises(DuplicateError) as info:
        store.dwellings.add(attrs.evolve(dwelling(1), floor="9"))
    assert info.value.key == "L-1"
    assert store.dwellings.get("L-1").floor == dwelling(1).floor


def test_add_many_is_all_or_nothing(store: StoreBase) -> None:
    store.dwellings.add(dwelling(7))
    batch = [dwelling(i) for i in range(1, 12_000)]  # several chunks, L-7 taken
    with pytest.raises(DuplicateError) as info:
        store.dwellings.add_many(batch)
    assert info.value.key == "L-7"
    assert store.dwellings.count() == 1


def test_add_many_refuses_a_key_twice_in_the_batch(store: StoreBase) -> None:
    with pytest.raises(DuplicateError, match="L-2"):
        store.dwellings.add_many([dwelling(1), dwelling(2), dwelling(2)])
    assert store.dwellings.count() == 0


def test_add_many_returns_the_count_and_keeps_the_order(store: StoreBase) -> None:
    order = [5, 3, 9, 1]
    assert store.dwellings.add_many(dwelling(i) for i in order) == 4
    assert [d.id for d in store.dwellings.all()] == [f"L-{i}" for i in order]
    assert [d.id for d in store.dwellings] == [f"L-{i}" for i in order]


def test_put_replaces_in_place(store: StoreBase) -> None:
    store.dwellings.add_many([dwelling(1), dwelling(2)])
    store.dwellings.put(attrs.evolve(dwelling(1), door="B"))
    store.dwellings.put(dwelling(3))
    assert [d.id for d in store.dwellings.all()] == ["L-1", "L-2", "L-3"]
    assert store.dwellings.get("L-1").door == "B"


def test_remove(store: StoreBase) -> None:
    store.dwellings.add(dwelling(1))
    store.dwellings.remove("L-1")
    assert store.dwellings.count() == 0
    with pytest.raises(NotFoundError):
        store.dwellings.remove("L-1")


def test_wrong_type_is_refused(store: StoreBase) -> None:
    with pytest.raises(ValidationError, match="Dwelling"):
        store.dwellings.add(unit())  # type: ignore[arg-type]


def test_queries_by_column(store: StoreBase) -> None:
    store.dwellings.add_many([dwelling(1, "UG-1"), dwelling(2, "UG-2"), dwelling(3, "UG-1")])
    assert [d.id for d in store.dwellings.for_unit("UG-1")] == ["L-1", "L-3"]
    assert store.dwellings.for_unit("UG-9") == []
    store.dwellings.put(dwelling(1, "UG-2"))
    assert [d.id for d in store.dwellings.for_unit("UG-1")] == ["L-3"]


def test_queries_on_multi_valued_fields(store: StoreBase) -> None:
    store.contracts.add_many(
        [contract(1, ("UG-1", "UG-2")), contract(2, ("UG-2",)), contract(3, ("UG-1",))]
    )
    assert [c.id for c in store.contracts.for_unit("UG-2")] == ["C-1", "C-2"]
    assert [c.id for c in store.contracts.for_unit("UG-1")] == ["C-1", "C-3"]
    store.contracts.put(contract(1, ("UG-3",)))
    assert [c.id for c in store.contracts.for_unit("UG-2")] == ["C-2"]
    store.contracts.remove("C-2")
    assert store.contracts.for_unit("UG-2") == []


def test_index_values_keep_every_publication(store: StoreBase) -> None:
    month = Period(date(2025, 1, 1), date(2025, 2, 1))
    first = IndexValue("BT40", month, Decimal("130.1"), date(2025, 2, 14))
    later = IndexValue("BT40", month, Decimal("130.4"), date(2025, 3, 14))
    store.index_values.add_many([later, first])
    assert store.index_values.for_index("BT40") == [first, later]
    with pytest.raises(DuplicateError):
        store.index_values.add(first)


# --- unit of work ---------------------------------------------------------------------------


def test_transaction_commits_everything(store: StoreBase) -> None:
    states = []
    with store.transaction():
        store.customers.add(customer())
        store.units.add(unit())
        states.append(store.in_transaction)
    states.append(store.in_transaction)
    assert states == [True, False]
    assert store.units.for_customer("CL-1") == [unit()]


def test_transaction_rolls_back_everything(store: StoreBase) -> None:
    store.technicians.add(Technician("T-0", "Avant"))

    def fail() -> None:
        with store.transaction():
            store.customers.add(customer())
            store.technicians.put(Technician("T-0", "Pendant"))
            store.technicians.remove("T-0")
            store.dwellings.add_many(dwelling(i) for i in range(100))
            raise RuntimeError("panne")

    with pytest.raises(RuntimeError):
        fail()
    assert store.customers.count() == 0
    assert store.dwellings.count() == 0
    assert store.technicians.get("T-0").name == "Avant"


def test_rollback_restores_order_after_a_removal(store: StoreBase) -> None:
    store.dwellings.add_many([dwelling(1), dwelling(2), dwelling(3)])

    def fail() -> None:
        with store.transaction():
            store.dwellings.remove("L-1")
            raise RuntimeError

    with pytest.raises(RuntimeError):
        fail()
    assert [d.id for d in store.dwellings.all()] == ["L-1", "L-2", "L-3"]


def test_nested_transaction_is_a_savepoint(store: StoreBase) -> None:
    def add_two() -> None:
        with store.transaction():
            store.customers.add(customer(2))
            store.customers.add(customer(1))

    with store.transaction():
        store.customers.add(customer(1))
        with pytest.raises(DuplicateError):
            add_two()
        store.customers.add(customer(3))
    assert [c.id for c in store.customers.all()] == ["CL-1", "CL-3"]


def test_failed_write_inside_a_transaction_leaves_nothing_behind(store: StoreBase) -> None:
    with store.transaction():
        store.dwellings.add(dwelling(3))
        with pytest.raises(DuplicateError):
            store.dwellings.add_many([dwelling(1), dwelling(2), dwelling(3)])
        assert [d.id for d in store.dwellings.all()] == ["L-3"]


def test_after_commit_runs_only_after_the_outer_commit(store: StoreBase) -> None:
    calls: list[str] = []
    with store.transaction():
        store.after_commit(lambda: calls.append("a"))
        with store.transaction():
            store.after_commit(lambda: calls.append("b"))
        assert calls == []
    assert calls == ["a", "b"]

    def fail() -> None:
        with store.transaction():
            store.after_commit(lambda: calls.append("c"))
            raise RuntimeError

    with pytest.raises(RuntimeError):
        fail()
    store.after_commit(lambda: calls.append("d"))
    assert calls == ["a", "b", "d"]


def test_closed_store_refuses_work(store: StoreBase) -> None:
    store.close()
    with pytest.raises(StoreError), store.transaction():
        pass


def test_unknown_collection_name(store: StoreBase) -> None:
    assert store.repository("dwellings") is store.dwellings
    with pytest.raises(StoreError, match="collection inconnue"):
        store.repository("logements")


# --- invoices and sequences ---------------------------------------------------------------


def _issued(n: int, number: str) -> Invoice:
    return attrs.evolve(draft(n), status=InvoiceStatus.ISSUED, number=number)


def test_issued_invoice_is_final(store: StoreBase) -> None:
    invoice = _issued(1, "FA-2025-000001")
    store.invoices.add(invoice)
    store.invoices.put(invoice)  # the same: accepted
    with pytest.raises(BusinessRuleError, match="émettre un avoir"):
        store.invoices.put(attrs.evolve(invoice, notes=("modifiée",)))
    with pytest.raises(BusinessRuleError):
        store.invoices.remove("D-1")
    assert store.invoices.by_number("FA-2025-000001") == invoice


def test_a_number_is_given_once(store: StoreBase) -> None:
    store.invoices.add(_issued(1, "FA-2025-000001"))
    with pytest.raises(DuplicateError, match="FA-2025-000001"):
        store.invoices.add(_issued(2, "FA-2025-000001"))
    with pytest.raises(DuplicateError):
        store.invoices.add_many([_issued(3, "X-1"), _issued(4, "X-1")])
    assert store.invoices.count() == 1


def test_drafts_and_issued(store: StoreBase) -> None:
    store.invoices.add_many([draft(1), _issued(2, "FA-2025-000002"), _issued(3, "FA-2025-000001")])
    assert [i.id for i in store.invoices.drafts()] == ["D-1"]
    assert [i.number for i in store.invoices.issued()] == ["FA-2025-000001", "FA-2025-000002"]
    assert [i.id for i in store.invoices.issued("FA")] == ["D-3", "D-2"]
    assert store.invoices.issued("AV") == []


def test_next_number_outside_a_transaction_is_refused(store: StoreBase) -> None:
    with pytest.raises(StoreError, match="transaction"):
        store.sequences.next_number("FA", date(2025, 1, 1))


def test_next_number_gapless_chronological_yearly(store: StoreBase) -> None:
    with store.transaction():
        assert store.sequences.next_number("FA", date(2025, 1, 2)) == "FA-2025-000001"
        assert store.sequences.next_number("FA", date(2025, 1, 2)) == "FA-2025-000002"
        assert store.sequences.next_number("AV", date(2025, 1, 3)) == "AV-2025-000001"

    def fail() -> None:
        with store.transaction():
            assert store.sequences.next_number("FA", date(2025, 2, 1)) == "FA-2025-000003"
            raise RuntimeError("facture non enregistrée")

    with pytest.raises(RuntimeError):
        fail()
    with store.transaction():
        assert store.sequences.next_number("FA", date(2025, 2, 1)) == "FA-2025-000003"
        with pytest.raises(BusinessRuleError, match="antérieure"):
            store.sequences.next_number("FA", date(2025, 1, 31))
        assert store.sequences.next_number("FA", date(2026, 1, 5)) == "FA-2026-000001"
    assert store.sequences.get("FA").last_number == "FA-2026-000001"
