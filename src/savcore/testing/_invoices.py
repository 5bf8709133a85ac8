"""Strategies for billing documents: instalments (échéances), invoice lines, VAT breakdowns,
invoices and credit notes (factures, avoirs)."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, timedelta
from decimal import Decimal

import attrs
from hypothesis import strategies as st

from savcore.model.invoices import (
    DocumentKind,
    Instalment,
    Invoice,
    InvoiceLine,
    InvoiceStatus,
    VatBreakdown,
)
from savcore.model.parties import Party
from savcore.money import Rounding, VatRate
from savcore.testing._basics import (
    business_dates,
    cached,
    choice,
    enum_values,
    identifiers,
    labels,
    money,
    optional,
    periods,
)
from savcore.testing._parties import parties

__all__ = [
    "credit_notes",
    "instalments",
    "invoice_lines",
    "invoices",
    "vat_breakdowns",
]


@st.composite
def _instalments(
    draw: st.DrawFn, contract_id: str | None, line_id: str | None, unit_id: str | None
) -> Instalment:
    period = draw(periods(max_days=366))
    invoice_on = period.start + timedelta(days=draw(st.integers(-31, 400)))
    return Instalment(
        id=draw(identifiers()),
        contract_id=contract_id if contract_id is not None else draw(identifiers()),
        line_id=line_id if line_id is not None else draw(identifiers()),
        period=period,
        amount=draw(money(min_value=-10_000, max_value=100_000)),
        vat_rate=draw(enum_values(VatRate)),
        invoice_on=invoice_on,
        due_on=invoice_on + timedelta(days=draw(st.integers(0, 60))),
        unit_id=unit_id if unit_id is not None else draw(optional(identifiers())),
        label=draw(optional(labels())),
    )


@cached
def instalments(
    *, contract_id: str | None = None, line_id: str | None = None, unit_id: str | None = None
) -> st.SearchStrategy[Instalment]:
    """Instalments (échéances): an amount at the cent for a period, paid on or after invoicing."""
    return _instalments(contract_id, line_id, unit_id)


@st.composite
def _lines(draw: st.DrawFn, position: int | None, negative: bool) -> InvoiceLine:
    quantity = draw(
        money(min_value=0, max_value=500, places=0) | money(min_value=0, max_value=100, places=3)
    )
    if negative and draw(st.booleans()):
        quantity = -quantity
    unit_price = draw(money(max_value=10_000) | money(max_value=100, places=4))
    rounding = draw(enum_values(Rounding))
    line = InvoiceLine(
        position=position if position is not None else draw(st.integers(1, 999)),
        label=draw(labels()),
        quantity=quantity,
        unit_price=unit_price,
        vat_rate=draw(enum_values(VatRate)),
        unit=draw(st.sampled_from(("C62", "HUR", "MON", "ANN"))),
        period=draw(optional(periods(max_days=366))),
        service_line_id=draw(optional(identifiers())),
        unit_id=draw(optional(identifiers())),
        item_code=draw(optional(identifiers(max_size=6))),
        instalment_id=draw(optional(identifiers())),
        rounding=rounding,
    )
    if line.gross_amount > 0 and draw(st.booleans()):
        discount = draw(money(min_value=Decimal("0.01"), max_value=line.gross_amount))
        line = attrs.evolve(line, discount=discount, discount_reason=draw(labels()))
    return line


@cached
def invoice_lines(
    *, position: int | None = None, negative: bool = False
) -> st.SearchStrategy[InvoiceLine]:
    """Invoice lines: quantity × unit price rounded to the cent, sometimes a discount at the cent
    (never above the line, always with its reason). ``negative`` allows negative quantities
    (a regularisation on an invoice; never on a credit note)."""
    return _lines(position, negative)


@cached
def vat_breakdowns() -> st.SearchStrategy[VatBreakdown]:
    """VAT breakdown entries (rate, base, amount)."""
    return st.builds(
        VatBreakdown,
        rate=enum_values(VatRate),
        base=money(max_value=1_000_000),
        amount=money(max_value=200_000),
    )


@st.composite
def _invoices(
    draw: st.DrawFn,
    kind: DocumentKind | None,
    invoice_id: str | None,
    customer_id: str | None,
    contract_ids: Sequence[str] | None,
    seller: Party | None,
    buyer: Party | None,
    max_lines: int,
    issued_on: date | None,
) -> Invoice:
    kind = kind if kind is not None else draw(enum_values(DocumentKind))
    credit = kind is DocumentKind.CREDIT_NOTE
    n = draw(st.integers(1, max_lines))
    positions = draw(st.permutations(range(1, n + 1)))
    lines = [draw(invoice_lines(position=p, negative=not credit)) for p in positions]
    if sum((line.net_amount for line in lines), Decimal(0)) < 0:
        lines = [attrs.evolve(line, quantity=abs(line.quantity)) for line in lines]
    status = draw(enum_values(InvoiceStatus))
    issue_date = issued_on if issued_on is not None else draw(business_dates())
    if contract_ids is None:
        contract_id = draw(optional(identifiers()))
    else:
        contract_id = draw(optional(choice(contract_ids))) if contract_ids else None
    exempt = any(line.vat_rate is VatRate.ZERO for line in lines)
    return Invoice(
        id=invoice_id if invoice_id is not None else draw(identifiers()),
        customer_id=customer_id if customer_id is not None else draw(identifiers()),
        seller=seller if seller is not None else draw(parties()),
        buyer=buyer if buyer is not None else draw(parties()),
        issue_date=issue_date,
        due_date=issue_date + timedelta(days=draw(st.integers(0, 60))),
        lines=tuple(lines),
        kind=kind,
        status=status,
        series=draw(st.sampled_from(("FA", "AV", "FC"))),
        number=draw(identifiers()) if status is InvoiceStatus.ISSUED else None,
        contract_id=contract_id,
        period=draw(optional(periods(max_days=366))),
        contract_reference=draw(optional(identifiers())),
        buyer_reference=draw(optional(identifiers())),
        engagement_number=draw(optional(identifiers())),
        corrects=draw(identifiers()) if credit else None,
        corrects_date=draw(optional(business_dates())) if credit else None,
        late_penalty_rate=draw(money(max_value=30)),
        recovery_indemnity=draw(st.just(Decimal("40.00")) | money(max_value=100)),
        vat_exemption_reason=(
            draw(st.sampled_from(("Autoliquidation", "TVA non applicable, art. 293 B du CGI")))
            if exempt
            else draw(optional(labels()))
        ),
        notes=tuple(draw(st.lists(labels(), max_size=2))),
        paid=draw(st.booleans()),
    )


@cached
def invoices(
    *,
    kind: DocumentKind | None = None,
    invoice_id: str | None = None,
    customer_id: str | None = None,
    contract_ids: Sequence[str] | None = None,
    seller: Party | None = None,
    buyer: Party | None = None,
    max_lines: int = 4,
    issued_on: date | None = None,
) -> st.SearchStrategy[Invoice]:
    """Invoices and credit notes (``kind`` to choose), draft (no number) or issued (numbered):
    1 to ``max_lines`` lines with distinct positions and a non-negative net total, an exemption
    reason whenever a line is at 0 % VAT, and for a credit note the number it corrects and only
    non-negative quantities."""
    return _invoices(
        kind, invoice_id, customer_id, contract_ids, seller, buyer, max_lines, issued_on
    )


@cached
def credit_notes(*, max_lines: int = 4) -> st.SearchStrategy[Invoice]:
    """Credit notes (avoirs): :func:`invoices` with ``kind=DocumentKind.CREDIT_NOTE``."""
    return invoices(kind=DocumentKind.CREDIT_NOTE, max_lines=max_lines)
