"""A Chorus-ready sample invoice and credit note (documentation, doctests, benchmark).

Not part of the API: the values are fixed, the identifiers valid (SIREN/SIRET Luhn keys, IBAN).
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from savcore.model.invoices import DocumentKind, Invoice, InvoiceLine, InvoiceStatus
from savcore.model.parties import Address, Party
from savcore.money import VatRate
from savcore.periods import Period

__all__ = ["sample_buyer", "sample_credit_note", "sample_invoice", "sample_seller"]


def sample_seller() -> Party:
    """Thermique Rhône Services, the demo company."""
    return Party(
        name="Thermique Rhône Services",
        address=Address("27 rue de la Villette", "69003", "Lyon"),
        siren="812345676",
        siret="81234567600017",
        vat_number="FR19812345676",
        legal_form="SARL",
        share_capital=Decimal("50000"),
        rcs="RCS Lyon 812 345 676",
        iban="FR7630004008120001023456796",
        bic="BNPAFRPPLYO",
        email="contact@thermique-rhone-services.fr",
    )


def sample_buyer() -> Party:
    """A commune invoiced through Chorus Pro."""
    return Party(
        name="Commune de Villeurbanne",
        address=Address("Place Lazare-Goujon", "69100", "Villeurbanne"),
        siren="216902668",
        siret="21690266800013",
    )


def sample_invoice(lines: int = 2, *, number: str = "FA-2025-000042") -> Invoice:
    """An issued invoice of ``lines`` lines to the commune, with service code, engagement and
    market numbers; one line in ten carries a discount."""
    rates = (VatRate.STANDARD, VatRate.INTERMEDIATE, VatRate.REDUCED)
    items = []
    for i in range(1, lines + 1):
        discount = Decimal("12.50") if i % 10 == 3 else Decimal("0")
        items.append(
            InvoiceLine(
                position=i,
                label=f"Entretien chaudière gaz, bâtiment {i}",
                quantity=Decimal(i % 4 + 1),
                unit_price=Decimal("118.40") + i,
                vat_rate=rates[i % 3],
                unit="C62",
                discount=discount,
                discount_reason="Remise P3 garantie totale" if discount else None,
                period=Period(date(2025, 1, 1), date(2025, 4, 1)),
            )
        )
    return Invoice(
        id="D-42",
        customer_id="CL-VILLEURBANNE",
        seller=sample_seller(),
        buyer=sample_buyer(),
        issue_date=date(2025, 1, 31),
        due_date=date(2025, 3, 2),
        lines=tuple(items),
        status=InvoiceStatus.ISSUED,
        number=number,
        contract_reference="MARCHE-2024-017",
        buyer_reference="SERV-TECH",
        engagement_number="EJ-1000123456",
        period=Period(date(2025, 1, 1), date(2025, 4, 1)),
        notes=("Marché : entretien des chaufferies communales (n° MARCHE-2024-017).",),
    )


def sample_credit_note() -> Invoice:
    """A credit note correcting :func:`sample_invoice` (one line, positive amounts)."""
    invoice = sample_invoice(1)
    return Invoice(
        id="D-43",
        customer_id=invoice.customer_id,
        seller=invoice.seller,
        buyer=invoice.buyer,
        issue_date=date(2025, 2, 10),
        due_date=date(2025, 2, 10),
        lines=invoice.lines,
        kind=DocumentKind.CREDIT_NOTE,
        status=InvoiceStatus.ISSUED,
        series="AV",
        number="AV-2025-000003",
        buyer_reference=invoice.buyer_reference,
        engagement_number=invoice.engagement_number,
        corrects=invoice.number,
        corrects_date=invoice.issue_date,
        notes=("Avoir : visite non réalisée.",),
    )
