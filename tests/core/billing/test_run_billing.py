"""Automatic invoicing on a store: due instalments issued once, dry runs take no number, bad
input issues nothing."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest
from attrs import evolve

from savcore.billing.invoicing import en16931_problems, mention_problems
from savcore.errors import ConfigurationError, MissingValueError
from savcore.model.contracts import BillingTerm, Contract, Grouping, Warranty, WarrantyLevel
from savcore.model.invoices import InvoiceStatus
from savcore.model.operations import (
    Intervention,
    InterventionKind,
    Outcome,
    Replacement,
    VisitAttempt,
)
from savcore.periods import Periodicity
from savcore.services.billing import run_billing
from savcore.store import MemoryStore
from savcore.timeline import Timeline
from tests.core.billing._fixtures import CUSTOMER, SELLER, contract, dwelling_line, flat_line

START = date(2025, 1, 1)


def _store(*contracts: Contract) -> MemoryStore:
    store = MemoryStore()
    with store.transaction():
        store.company.put(SELLER)
        store.customers.add(CUSTOMER)
        for c in contracts:
            store.contracts.add(c)
    return store


def _two_units() -> Contract:
    a = dwelling_line("A", "120.00", 10, START, unit_id="UG-A")
    b = dwelling_line("B", "60.00", 20, START, unit_id="UG-B")
    return contract(START, (a, b), periodicity=Periodicity.QUARTERLY)


def test_issues_due_instalments_once_grouped_per_contract() -> None:
    # Quarterly in advance: up to 15/04 the Q1 (01/01) and Q2 (01/04) instalments are due.
    # Each quarter: A 1,200 / 4 = 300.00 and B 1,200 / 4 = 300.00 on one invoice (per contract):
    # net 600.00, VAT 10 % 60.00, total 660.00.
    store = _store(_two_units())
    run = run_billing(store, date(2025, 4, 15))
    assert [(i.number, str(i.net_total), str(i.total)) for i in run.invoices] == [
        ("FA-2025-000001", "600.00", "660.00"),
        ("FA-2025-000002", "600.00", "660.00"),
    ]
    for invoice in run.invoices:
        assert en16931_problems(invoice) == []
        assert mention_problems(invoice) == []
    assert run_billing(store, date(2025, 4, 15)).invoices == ()
    assert [i.number for i in run_billing(store, date(2025, 7, 1)).invoices] == ["FA-2025-000003"]


def test_grouping_per_unit() -> None:
    c = _two_units()
    c = evolve(c, billing=evolve(c.billing, grouping=Grouping.UNIT))
    run = run_billing(_store(c), date(2025, 1, 1))
    assert [(i.id, [line.unit_id for line in i.lines]) for i in run.invoices] == [
        ("C1:UG-A:2025-01-01", ["UG-A"]),
        ("C1:UG-B:2025-01-01", ["UG-B"]),
    ]


def test_dry_run_takes_no_number() -> None:
    store = _store(_two_units())
    dry = run_billing(store, date(2025, 4, 15), dry_run=True)
    assert [i.status for i in dry.invoices] == [InvoiceStatus.DRAFT] * 2
    assert store.invoices.count() == 0
    real = run_billing(store, date(2025, 4, 15))
    assert [i.number for i in real.invoices] == ["FA-2025-000001", "FA-2025-000002"]
    assert [i.lines for i in real.invoices] == [i.lines for i in dry.invoices]


def test_a_line_without_price_at_a_billed_date_issues_nothing() -> None:
    # Line B has its dwellings known only from 01/03: billing Q1 (from 01/01) has no count.
    good = _two_units()
    counts = Timeline.constant(10, date(2025, 3, 1))
    bad_line = dwelling_line("B", Timeline.constant(Decimal("50"), START), counts, START)
    bad = contract(START, (flat_line("A", "100.00", START), bad_line), contract_id="C2")
    store = _store(good, bad)
    with pytest.raises(MissingValueError, match=r"contrat C2, prestation B"):
        run_billing(store, date(2025, 4, 15))
    assert store.invoices.count() == 0


def test_contradictory_billing_terms_issue_nothing() -> None:
    # In arrears (service fait) but invoiced 10 days before the next period starts.
    bad = contract(
        START,
        (flat_line("A", "100.00", START),),
        contract_id="C2",
        term=BillingTerm.IN_ARREARS,
        invoice_offset_days=-10,
    )
    store = _store(_two_units(), bad)
    with pytest.raises(ConfigurationError, match=r"contrat C2"):
        run_billing(store, date(2025, 4, 15))
    assert store.invoices.count() == 0


def test_grouping_per_unit_with_a_line_without_unit_is_refused() -> None:
    c = contract(START, (flat_line("A", "100.00", START),), grouping=Grouping.UNIT)
    with pytest.raises(ConfigurationError, match=r"contrat C1, prestation A"):
        run_billing(_store(c), date(2025, 4, 15))


def test_supplies_with_warranty_are_invoiced_once() -> None:
    # A total warranty: the 480.00 pump replaced on 04/03 is shown and fully discounted;
    # the invoice of that day carries it at 0.00 net. A second run issues nothing.
    c = evolve(
        contract(START, (flat_line("A", "1000.00", START),)),
        warranty=Warranty(WarrantyLevel.TOTAL),
    )
    store = _store(c)
    at = datetime(2025, 3, 4, 10, tzinfo=ZoneInfo("Europe/Paris"))
    with store.transaction():
        store.interventions.add(
            Intervention("I1", "C1", InterventionKind.REPAIR, "UG-A", service_line_id="A")
        )
        store.attempts.add(
            VisitAttempt(
                "AT1",
                "I1",
                at,
                Outcome.DONE,
                replacements=(Replacement("P", "Pompe", Decimal(1), Decimal("480.00")),),
            )
        )
    run = run_billing(store, date(2025, 3, 31))
    supply_invoice = next(i for i in run.invoices if i.issue_date == date(2025, 3, 4))
    (line,) = supply_invoice.lines
    assert (line.unit_price, line.discount, line.net_amount) == (
        Decimal("480.00"),
        Decimal("480.00"),
        Decimal("0.00"),
    )
    assert line.instalment_id == "fourniture:AT1:1"
    assert run_billing(store, date(2025, 3, 31)).invoices == ()
