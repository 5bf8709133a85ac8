"""The billing schedule and the invoices as Reports."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import attrs

from savcore.billing import build_schedule, credit_note, draft_invoices
from savcore.model.invoices import InvoiceStatus
from savcore.stats import invoices_report, schedule_report
from tests.core.billing._fixtures import CUSTOMER, SELLER, contract, flat_line

# One flat line of 1,200.00 a year, billed quarterly in advance: 4 x 300.00 in 2025.
CONTRACT = contract(date(2025, 1, 1), (flat_line("L1", "1200.00", date(2025, 1, 1)),))
INSTALMENTS = build_schedule(CONTRACT, date(2025, 1, 1), date(2026, 1, 1))


def test_schedule_report() -> None:
    report = schedule_report(INSTALMENTS, parameters=[("Contrat", "C1")])
    assert report.column("amount").label == "Montant HT"
    assert report.values("amount") == [Decimal("300.00")] * 4
    assert report.values("from") == [
        date(2025, 1, 1),
        date(2025, 4, 1),
        date(2025, 7, 1),
        date(2025, 10, 1),
    ]
    # The last day shown is the period's last day (inclusive), as in the plain rows.
    assert report.values("to")[0] == date(2025, 3, 31)
    assert report.totals() == {"amount": Decimal("1200.00")}
    assert report.notes == ("4 échéance(s)",)
    assert "1 200,00 €" in report.render_text()


def test_invoices_report_counts_credit_notes_negative() -> None:
    first = draft_invoices(CONTRACT, CUSTOMER, SELLER, INSTALMENTS[:1])[0]
    issued = attrs.evolve(first, status=InvoiceStatus.ISSUED, number="FA-2025-000001")
    credit = credit_note(
        issued, credit_id="AV-1", issue_date=date(2025, 1, 15), reason="Erreur de période"
    )
    report = invoices_report([issued, credit])
    records = report.to_records()
    assert [r["kind"] for r in records] == ["Facture", "Avoir"]
    # Invoice: 300.00 + VAT 10 % 30.00 = 330.00; the credit note takes it all back.
    assert (records[0]["net_total"], records[0]["vat_total"], records[0]["total"]) == (
        Decimal("300.00"),
        Decimal("30.00"),
        Decimal("330.00"),
    )
    assert records[1]["total"] == Decimal("-330.00")
    assert records[1]["corrects"] == "FA-2025-000001"
    assert report.totals() == {
        "net_total": Decimal("0.00"),
        "vat_total": Decimal("0.00"),
        "total": Decimal("0.00"),
    }
    assert report.notes == ("1 facture(s), 1 avoir(s) (montants des avoirs en négatif)",)
