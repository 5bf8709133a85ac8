"""Use cases over both stores: portfolios, visit attempts, issuing, transmissions, revisions."""

from __future__ import annotations

from datetime import UTC, date, datetime

import attrs
import pytest

from savcore.demo import build_demo_portfolio
from savcore.errors import (
    BusinessRuleError,
    DataFormatError,
    DuplicateError,
    NotFoundError,
    StoreError,
)
from savcore.model import InvoiceStatus, Portfolio
from savcore.ports import TransmissionReceipt, TransmissionStatus
from savcore.services import (
    export_portfolio,
    issue_invoice,
    issue_invoices,
    load_portfolio,
    record_attempt,
    record_transmission,
    record_transmission_failure,
)
from savcore.store._base import StoreBase
from savcore.store._specs import index_value_key

from .builders import attempt, customer, draft, dwelling, small_portfolio, unit

# --- portfolios -----------------------------------------------------------------------------


def test_demo_portfolio_round_trip(store: StoreBase) -> None:
    portfolio = build_demo_portfolio()
    counts = load_portfolio(store, portfolio)
    assert counts == portfolio.counts()
    assert export_portfolio(store) == portfolio


def test_load_refuses_an_inconsistent_portfolio(store: StoreBase) -> None:
    broken = attrs.evolve(small_portfolio(), units=())
    with pytest.raises(DataFormatError, match=r"dwellings\[0\]\.unit_id"):
        load_portfolio(store, broken, source="clients.json")
    assert store.dwellings.count() == 0
    assert store.company.current() is None


def test_load_is_all_or_nothing(store: StoreBase) -> None:
    store.dwellings.add(dwelling(3))
    with pytest.raises(DuplicateError, match="L-3"):
        load_portfolio(store, small_portfolio(dwellings=3))
    assert store.customers.count() == 0
    assert store.company.current() is None
    assert [d.id for d in store.dwellings.all()] == ["L-3"]


def test_load_with_replace(store: StoreBase) -> None:
    load_portfolio(store, small_portfolio())
    moved = attrs.evolve(dwelling(1), door="C")
    load_portfolio(store, attrs.evolve(small_portfolio(), dwellings=(moved,)), replace=True)
    assert store.dwellings.get("L-1").door == "C"
    assert store.dwellings.count() == 3


def test_load_continues_the_numbering_of_imported_invoices(store: StoreBase) -> None:
    old = attrs.evolve(
        draft(1, date(2024, 12, 20)), status=InvoiceStatus.ISSUED, number="FA-2024-000041"
    )
    load_portfolio(store, attrs.evolve(small_portfolio(), invoices=(old,)))
    assert issue_invoice(store, draft(2, date(2024, 12, 31))).number == "FA-2024-000042"


def test_export_of_an_empty_store(store: StoreBase) -> None:
    with pytest.raises(StoreError, match="aucune entreprise"):
        export_portfolio(store)


def test_random_portfolios_round_trip(store: StoreBase) -> None:
    testing = pytest.importorskip("savcore.testing")
    from hypothesis import HealthCheck, assume, given, settings

    class _Undo(Exception):
        pass

    @settings(max_examples=15, deadline=None, suppress_health_check=list(HealthCheck))
    @given(testing.portfolios())
    def check(portfolio: Portfolio) -> None:
        numbers = [i.number for i in portfolio.invoices if i.number is not None]
        assume(len(set(numbers)) == len(numbers))  # the store refuses a number given twice
        keys = [index_value_key(value) for value in portfolio.index_values]
        assume(len(set(keys)) == len(keys))  # one publication of a period per day
        try:
            with store.transaction():
                load_portfolio(store, portfolio, replace=True)
                assert export_portfolio(store) == portfolio
                raise _Undo  # leave the store empty for the next example
        except _Undo:
            pass

    check()


# --- visit attempts -------------------------------------------------------------------------


def test_record_attempt(store: StoreBase) -> None:
    load_portfolio(store, attrs.evolve(small_portfolio(), attempts=()))
    record_attempt(store, attempt(1))
    record_attempt(store, attempt(2, number=2))
    assert [a.id for a in store.attempts.for_intervention("I-1")] == ["A-1", "A-2"]
    assert [a.id for a in store.attempts.for_dwelling("L-1")] == ["A-1", "A-2"]


def test_record_attempt_unknown_intervention(store: StoreBase) -> None:
    load_portfolio(store, small_portfolio())
    with pytest.raises(NotFoundError, match="intervention introuvable : 'I-9'"):
        record_attempt(store, attempt(5, intervention_id="I-9"))
    assert store.attempts.count() == 1


def test_record_attempt_dwelling_outside_the_contract(store: StoreBase) -> None:
    portfolio = small_portfolio()
    other = attrs.evolve(dwelling(9), unit_id="UG-2")
    portfolio = attrs.evolve(
        portfolio,
        units=(*portfolio.units, unit(2)),
        dwellings=(*portfolio.dwellings, other),
        interventions=(attrs.evolve(portfolio.interventions[0], dwelling_id=None),),
        attempts=(),
    )
    load_portfolio(store, portfolio)
    with pytest.raises(BusinessRuleError, match="n'est pas couvert par le contrat C-1"):
        record_attempt(store, attempt(1, dwelling_id="L-9"))
    assert store.attempts.count() == 0


def test_record_attempt_out_of_sequence(store: StoreBase) -> None:
    load_portfolio(store, small_portfolio())
    with pytest.raises(BusinessRuleError, match="n° 2 attendu"):
        record_attempt(store, attempt(2, number=3))


# --- issuing --------------------------------------------------------------------------------


def _ready(store: StoreBase) -> None:
    store.customers.add(customer())


def test_issue_invoice_numbers_and_records(store: StoreBase) -> None:
    _ready(store)
    store.invoices.add(draft(1))
    issued = issue_invoice(store, draft(1))
    assert issued.number == "FA-2025-000001"
    assert issued.status is InvoiceStatus.ISSUED
    assert store.invoices.get("D-1") == issued
    assert issue_invoice(store, draft(2), series="FB").number == "FB-2025-000001"


def test_issue_twice_is_refused(store: StoreBase) -> None:
    _ready(store)
    issue_invoice(store, draft(1))
    with pytest.raises(BusinessRuleError, match="déjà émise sous le numéro FA-2025-000001"):
        issue_invoice(store, draft(1))
    assert store.sequences.get("FA").counter == 1


def test_issue_needs_a_known_customer(store: StoreBase) -> None:
    with pytest.raises(NotFoundError, match="client"):
        issue_invoice(store, draft(1))
    assert store.sequences.find("FA") is None


def test_issue_refuses_an_earlier_date(store: StoreBase) -> None:
    _ready(store)
    issue_invoice(store, draft(1, date(2025, 4, 2)))
    with pytest.raises(BusinessRuleError, match="antérieure"):
        issue_invoice(store, draft(2, date(2025, 4, 1)))
    assert store.invoices.find("D-2") is None


def test_issue_invoices_sorts_by_date_and_is_atomic(store: StoreBase) -> None:
    _ready(store)
    drafts = [draft(1, date(2025, 5, 1)), draft(2, date(2025, 4, 1)), draft(3, date(2025, 4, 1))]
    issued = issue_invoices(store, drafts)
    assert [(i.id, i.number) for i in issued] == [
        ("D-2", "FA-2025-000001"),
        ("D-3", "FA-2025-000002"),
        ("D-1", "FA-2025-000003"),
    ]
    with pytest.raises(BusinessRuleError):
        issue_invoices(store, [draft(4, date(2025, 6, 1)), draft(1, date(2025, 6, 2))])
    assert store.invoices.find("D-4") is None
    assert store.sequences.get("FA").counter == 3


def test_issue_invoices_one_by_one(store: StoreBase) -> None:
    _ready(store)
    seen: list[tuple[int, int]] = []
    with pytest.raises(BusinessRuleError):
        issue_invoices(
            store,
            [draft(1), draft(2), draft(1)],
            atomic=False,
            progress=lambda done, total: seen.append((done, total)),
        )
    assert [i.number for i in store.invoices.issued()] == ["FA-2025-000001", "FA-2025-000002"]
    assert seen == [(1, 3), (2, 3)]


def test_on_issued_runs_after_commit_only(store: StoreBase) -> None:
    _ready(store)
    seen: list[str | None] = []

    def fail() -> None:
        with store.transaction():
            issue_invoice(store, draft(1), on_issued=lambda i: seen.append(i.number))
            assert seen == []
            raise RuntimeError

    with pytest.raises(RuntimeError):
        fail()
    assert seen == []
    issue_invoice(store, draft(1), on_issued=lambda i: seen.append(i.number))
    assert seen == ["FA-2025-000001"]


# --- transmissions --------------------------------------------------------------------------

T0 = datetime(2025, 4, 2, 9, 0, tzinfo=UTC)
T1 = datetime(2025, 4, 3, 9, 0, tzinfo=UTC)
T2 = datetime(2025, 4, 4, 9, 0, tzinfo=UTC)


def _receipt(
    status: TransmissionStatus, at: datetime, remote: str = "CPP-1"
) -> TransmissionReceipt:
    return TransmissionReceipt("chorus", "FA-2025-000001", remote, status, at)


def test_transmission_lifecycle(store: StoreBase) -> None:
    _ready(store)
    issue_invoice(store, draft(1))
    failed = record_transmission_failure(
        store, channel="chorus", invoice_id="D-1", detail="délai dépassé", now=T0
    )
    assert (failed.attempts, failed.failed, failed.status) == (1, True, None)
    sent = record_transmission(store, _receipt(TransmissionStatus.SUBMITTED, T1))
    assert (sent.attempts, sent.failed, sent.remote_id) == (2, False, "CPP-1")
    done = record_transmission(store, _receipt(TransmissionStatus.PAID, T2))
    assert (done.attempts, done.status, done.first_attempt_at) == (2, TransmissionStatus.PAID, T0)
    late = record_transmission(store, _receipt(TransmissionStatus.DELIVERED, T1))
    assert late == done
    assert store.transmissions.for_invoice("D-1") == [done]
    assert store.transmissions.get("chorus:D-1") == done


def test_drafts_are_not_transmitted(store: StoreBase) -> None:
    _ready(store)
    store.invoices.add(draft(1))
    with pytest.raises(BusinessRuleError, match="brouillon"):
        record_transmission(store, _receipt(TransmissionStatus.SUBMITTED, T0), invoice_id="D-1")
    with pytest.raises(NotFoundError):
        record_transmission(store, _receipt(TransmissionStatus.SUBMITTED, T0))
