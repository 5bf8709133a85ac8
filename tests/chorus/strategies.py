"""Hypothesis strategies for documents Chorus Pro can receive: savcore's generated invoices and
credit notes with a seller and a buyer completed where Chorus needs it (SIRET, VAT number, IBAN)."""

from __future__ import annotations

import attrs
from hypothesis import strategies as st

from savcore.model.invoices import DocumentKind, Invoice, InvoiceStatus
from savcore.model.parties import Party
from savcore.testing import ibans, invoices, parties, sirens, siret_for, vat_number_for


@st.composite
def complete_party(draw: st.DrawFn, party: Party, *, seller: bool) -> Party:
    """``party`` with a SIRET (and, for a seller, a French VAT number and an IBAN)."""
    siren = party.siren or (party.siret[:9] if party.siret else draw(sirens()))
    siret = party.siret or draw(siret_for(siren))
    changes: dict[str, object] = {"siret": siret}
    vat = party.vat_number
    if party.siren is None and party.siret is None and vat is not None and vat.startswith("FR"):
        changes["vat_number"] = vat_number_for(siren)
    if seller:
        if party.vat_number is None:
            changes["vat_number"] = vat_number_for(siren)
        if party.iban is None:
            changes["iban"] = draw(ibans())
    return attrs.evolve(party, **changes)


@st.composite
def chorus_documents(draw: st.DrawFn, kind: DocumentKind | None = None) -> Invoice:
    """Issued invoices and credit notes ready for Chorus Pro."""
    invoice = draw(invoices(kind=kind, max_lines=5))
    seller = draw(complete_party(draw(parties()), seller=True))
    buyer = draw(complete_party(draw(parties()), seller=False))
    number = invoice.number or f"{invoice.series}-2025-{draw(st.integers(1, 999999)):06d}"
    return attrs.evolve(
        invoice, seller=seller, buyer=buyer, status=InvoiceStatus.ISSUED, number=number
    )
