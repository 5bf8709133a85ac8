"""Executed purchase orders of a framework agreement are invoiced once, at the BPU version in
force, by the automatic invoicing run."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from savcore.billing.invoicing import en16931_problems
from savcore.billing.orders import unit_code
from savcore.model.catalog import PriceItem, PriceSchedule, PriceScheduleVersion
from savcore.model.contracts import BillingBasis, BillingTerm, BillingTerms, Contract, ContractKind
from savcore.model.operations import PurchaseOrder, PurchaseOrderLine
from savcore.money import VatRate
from savcore.services.billing import run_billing
from savcore.store import MemoryStore
from tests.core.billing._fixtures import CUSTOMER, SELLER

D = Decimal
BPU = PriceSchedule(
    "BPU-1",
    "BPU accord-cadre",
    (
        PriceScheduleVersion(
            date(2025, 1, 1),
            (
                PriceItem("1.1", "Main-d'œuvre technicien", "h", D("55.00"), family="MO"),
                PriceItem("2.1", "Circulateur", "u", D("312.40"), family="FOURN"),
            ),
        ),
        # revised from 1 July: +1.44 %
        PriceScheduleVersion(
            date(2025, 7, 1),
            (
                PriceItem("1.1", "Main-d'œuvre technicien", "h", D("55.79"), family="MO"),
                PriceItem("2.1", "Circulateur", "u", D("316.90"), family="FOURN"),
            ),
        ),
    ),
    contract_id="AC-1",
)
FRAMEWORK = Contract(
    "AC-1",
    "K1",
    ContractKind.FRAMEWORK,
    "Accord-cadre de maintenance des bâtiments communaux",
    date(2025, 1, 1),
    48,
    reference="AC-2025-07",
    billing=BillingTerms(term=BillingTerm.IN_ARREARS, basis=BillingBasis.PROGRESS, series="FP"),
    price_schedule_id="BPU-1",
    price_orders_on_execution=True,
    max_amount=D("90000.00"),
)


def order(order_id: str, ordered: date, executed: date | None) -> PurchaseOrder:
    lines = (PurchaseOrderLine("1.1", D("3.5")), PurchaseOrderLine("2.1", D("1")))
    return PurchaseOrder(order_id, f"N-{order_id}", "AC-1", ordered, lines, executed_on=executed)


def store_with(*orders: PurchaseOrder) -> MemoryStore:
    store = MemoryStore()
    with store.transaction():
        store.company.put(SELLER)
        store.customers.add(CUSTOMER)
        store.price_schedules.add(BPU)
        store.contracts.add(FRAMEWORK)
        store.purchase_orders.add_many(orders)
    return store


def test_an_executed_order_is_invoiced_once_at_the_version_in_force() -> None:
    store = store_with(
        order("BC1", date(2025, 3, 10), date(2025, 3, 20)),
        order("BC2", date(2025, 6, 20), date(2025, 7, 8)),
        order("BC3", date(2025, 9, 1), None),  # not executed: not invoiced
        order("BC4", date(2025, 12, 1), date(2026, 1, 5)),  # executed after the run's date
    )
    run = run_billing(store, date(2025, 12, 31))
    assert [i.number for i in run.invoices] == ["FP-2025-000001", "FP-2025-000002"]
    first, second = run.invoices
    # BC1, priced on execution (20/03, version of 01/01): 3.5 h x 55.00 = 192.50; 1 x 312.40;
    # net 504.90; VAT 20 % = 100.98; total 605.88
    assert first.issue_date == date(2025, 3, 20)
    assert [line.net_amount for line in first.lines] == [D("192.50"), D("312.40")]
    assert (first.net_total, first.vat_total, first.total) == (
        D("504.90"),
        D("100.98"),
        D("605.88"),
    )
    assert [line.unit for line in first.lines] == ["HUR", "C62"]
    # BC2, executed 08/07 after the revision of 01/07: 3.5 x 55.79 = 195.265 -> 195.27; 316.90;
    # net 512.17; VAT 102.434 -> 102.43; total 614.60
    assert (second.net_total, second.vat_total, second.total) == (
        D("512.17"),
        D("102.43"),
        D("614.60"),
    )
    assert "N-BC2" in second.notes[0]
    assert "01/07/2025" in second.notes[0]
    assert all(line.vat_rate is VatRate.STANDARD for line in second.lines)
    assert en16931_problems(first) == []
    assert en16931_problems(second) == []
    # a second run issues nothing; a later one picks up BC4 only
    assert run_billing(store, date(2025, 12, 31)).invoices == ()
    later = run_billing(store, date(2026, 1, 31))
    assert [i.issue_date for i in later.invoices] == [date(2026, 1, 5)]


def test_units_of_price_schedules_map_to_un_ece_codes() -> None:
    assert [unit_code(u) for u in ("u", "H", "ml", "m²", "forfait", "lot")] == [
        "C62",
        "HUR",
        "MTR",
        "MTK",
        "C62",
        "C62",
    ]
