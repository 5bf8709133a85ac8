"""Invoice drafts, French mentions, credit notes and the plain-row reports."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import attrs
import pytest

from savcore.billing.invoicing import (
    credit_note,
    draft_invoices,
    en16931_problems,
    mention_problems,
)
from savcore.billing.reports import (
    INVOICE_COLUMNS,
    SCHEDULE_COLUMNS,
    invoice_line_rows,
    invoice_rows,
    schedule_rows,
)
from savcore.billing.schedule import build_schedule
from savcore.errors import BusinessRuleError
from savcore.model.invoices import DocumentKind, Invoice, InvoiceStatus
from savcore.money import VatRate
from tests.core.billing._fixtures import CUSTOMER, SELLER, contract, dwelling_line, flat_line

START = date(2025, 1, 1)


def _invoice() -> Invoice:
    # Q1: maintenance 1,234.56 / 4 = 308.64 at 10 %, and a flat 600.00 / 4 = 150.00 at 20 %.
    # Net 458.64; VAT 30.864 -> 30.86 and 30.00; total 458.64 + 60.86 = 519.50.
    a = dwelling_line("A", "123.456", 10, START)
    b = flat_line("B", "600.00", START, vat_rate=VatRate.STANDARD)
    c = contract(START, (a, b))
    schedule = build_schedule(c, START, date(2025, 2, 1))
    (invoice,) = draft_invoices(c, CUSTOMER, SELLER, schedule)
    return invoice


def test_draft_totals_and_mentions() -> None:
    invoice = _invoice()
    assert [str(line.net_amount) for line in invoice.lines] == ["308.64", "150.00"]
    assert [(b.rate, str(b.amount)) for b in invoice.vat_breakdown] == [
        (VatRate.STANDARD, "30.00"),
        (VatRate.INTERMEDIATE, "30.86"),
    ]
    assert str(invoice.total) == "519.50"
    assert invoice.lines[0].label == "Entretien A du 01/01/2025 au 31/03/2025"
    assert invoice.contract_reference == "M-2025-014"
    assert invoice.notes[0] == (
        "Marché : Entretien des chaudières individuelles (n° M-2025-014) ; contrat C1."
    )
    assert "Pénalités de retard : taux annuel de 10,00 %" in invoice.notes[2]
    assert "40,00 €" in invoice.notes[3]
    assert en16931_problems(invoice) == []
    assert mention_problems(invoice) == []


def test_mention_problems_detects_a_seller_without_vat_number() -> None:
    invoice = attrs.evolve(_invoice(), seller=attrs.evolve(SELLER, vat_number=None))
    assert mention_problems(invoice) == ["numéro de TVA intracommunautaire du vendeur manquant"]


def test_credit_note_references_the_invoice_with_positive_amounts() -> None:
    issued = attrs.evolve(_invoice(), status=InvoiceStatus.ISSUED, number="FA-2025-000007")
    credit = credit_note(
        issued,
        credit_id="AV-1",
        issue_date=date(2025, 2, 3),
        reason="prestation B facturée à tort",
        lines=[issued.lines[1]],
    )
    assert (credit.kind, credit.corrects, credit.corrects_date) == (
        DocumentKind.CREDIT_NOTE,
        "FA-2025-000007",
        date(2025, 1, 1),
    )
    assert (str(credit.net_total), str(credit.total)) == ("150.00", "180.00")
    assert credit.notes[:2] == (
        "Avoir sur la facture n° FA-2025-000007 du 01/01/2025.",
        "Motif : prestation B facturée à tort",
    )
    assert en16931_problems(credit) == []


def test_credit_note_of_a_draft_is_refused() -> None:
    with pytest.raises(BusinessRuleError, match="facture émise"):
        credit_note(_invoice(), credit_id="AV-1", issue_date=date(2025, 2, 3), reason="x")


def test_reports_have_french_columns() -> None:
    c = contract(START, (flat_line("A", "1000.00", START),))
    rows = schedule_rows(build_schedule(c, START, date(2025, 4, 1)))
    assert tuple(rows[0]) == SCHEDULE_COLUMNS
    assert (rows[0]["Du"], rows[0]["Au"], rows[0]["Montant HT"]) == (
        date(2025, 1, 1),
        date(2025, 3, 31),
        Decimal("250.00"),
    )
    invoice = _invoice()
    assert tuple(invoice_rows([invoice])[0]) == INVOICE_COLUMNS
    assert invoice_rows([invoice])[0]["Total TTC"] == Decimal("519.50")
    assert [r["Montant HT"] for r in invoice_line_rows([invoice])] == [
        Decimal("308.64"),
        Decimal("150.00"),
    ]
