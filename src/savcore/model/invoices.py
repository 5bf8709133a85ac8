"""Billing documents: instalments (échéances), invoices and credit notes (factures, avoirs).

Totals are *derived* from the lines, never stored, so an invoice always satisfies the EN 16931
arithmetic rules: the sum of line net amounts is the net total (BR-CO-10), the VAT of each rate is
its base times the rate rounded once to the cent (BR-CO-17), the VAT total is the sum of the rates'
VAT (BR-CO-14), and the total with VAT is the net total plus the VAT total (BR-CO-15).

>>> from datetime import date
>>> from decimal import Decimal
>>> from savcore.model.parties import Address, Party
>>> from savcore.money import VatRate
>>> seller = Party("Chauffage Martin SARL", Address("3 rue des Forges", "69003", "Lyon"))
>>> buyer = Party("OPH du Rhône", Address("1 place Bellecour", "69002", "Lyon"))
>>> line = InvoiceLine(1, "Entretien chaudières T1", Decimal("1"), Decimal("1250.00"), VatRate.INTERMEDIATE)
>>> inv = Invoice("D-1", "C-1", seller, buyer, date(2025, 4, 1), date(2025, 5, 1), (line,))
>>> inv.net_total, inv.vat_total, inv.total
(Decimal('1250.00'), Decimal('125.00'), Decimal('1375.00'))
"""

from __future__ import annotations

import enum
from collections import defaultdict
from datetime import date
from decimal import Decimal

import attrs

from savcore.model import _validate as v
from savcore.model.parties import Party
from savcore.money import CENT, ZERO, Rounding, VatRate, quantize, vat_amount
from savcore.periods import Period

__all__ = [
    "DocumentKind",
    "Instalment",
    "Invoice",
    "InvoiceLine",
    "InvoiceStatus",
    "VatBreakdown",
]


@attrs.frozen
class Instalment:
    """One line of a billing schedule (échéance): a service line's amount for a period.

    ``amount`` is excl. VAT and rounded once to the cent; ``invoice_on`` is when it is to be
    invoiced (period start or end plus the offset), ``due_on`` when it is to be paid.
    """

    id: str = attrs.field(validator=v.identifier)
    contract_id: str = attrs.field(validator=v.identifier)
    line_id: str = attrs.field(validator=v.identifier)
    period: Period = attrs.field(validator=v.instance_of(Period))
    amount: Decimal = attrs.field(validator=v.decimal_value())
    vat_rate: VatRate = attrs.field(validator=v.member_of(VatRate))
    invoice_on: date = attrs.field(validator=v.a_date)
    due_on: date = attrs.field(validator=v.a_date)
    unit_id: str | None = attrs.field(default=None, validator=v.optional_identifier)
    label: str | None = attrs.field(default=None, validator=v.optional_text)

    def __attrs_post_init__(self) -> None:
        if self.amount != quantize(self.amount):
            raise v.fail(self, "amount", self.amount, "montant non arrondi au centime")
        if self.due_on < self.invoice_on:
            raise v.fail(self, "due_on", self.due_on, "échéance de paiement avant la facture")


class DocumentKind(enum.Enum):
    """Kind of billing document, by its UNTDID 1001 code (EN 16931 BT-3)."""

    INVOICE = "380"
    """Facture commerciale."""
    CREDIT_NOTE = "381"
    """Avoir."""


class InvoiceStatus(enum.Enum):
    """A draft has no number; an issued document has one, and never changes again."""

    DRAFT = "draft"
    ISSUED = "issued"


@attrs.frozen
class InvoiceLine:
    """An invoice line (EN 16931 BG-25).

    ``net_amount`` (BT-131) = quantity x unit price rounded to the cent, minus ``discount``
    (a line allowance, BT-136, e.g. the P3 warranty discount on a replaced supply, with its
    ``discount_reason``, BT-139). ``period`` is the period the line covers (BG-26), a French
    mandatory mention for services billed by period.
    """

    position: int = attrs.field(validator=v.integer(minimum=1))
    label: str = attrs.field(validator=v.text)
    quantity: Decimal = attrs.field(validator=v.decimal_value())
    unit_price: Decimal = attrs.field(validator=v.NON_NEGATIVE)
    vat_rate: VatRate = attrs.field(validator=v.member_of(VatRate))
    unit: str = attrs.field(default="C62", validator=v.identifier)
    """UN/ECE Recommendation 20 unit code: C62 (one), HUR (hour), MON (month), ANN (year)."""
    discount: Decimal = attrs.field(default=ZERO, validator=v.NON_NEGATIVE)
    discount_reason: str | None = attrs.field(default=None, validator=v.optional_text)
    period: Period | None = attrs.field(default=None, validator=v.optional_instance_of(Period))
    service_line_id: str | None = attrs.field(default=None, validator=v.optional_identifier)
    unit_id: str | None = attrs.field(default=None, validator=v.optional_identifier)
    item_code: str | None = attrs.field(default=None, validator=v.optional_identifier)
    instalment_id: str | None = attrs.field(default=None, validator=v.optional_identifier)
    rounding: Rounding = attrs.field(default=Rounding.HALF_UP, validator=v.member_of(Rounding))

    def __attrs_post_init__(self) -> None:
        if self.discount != quantize(self.discount):
            raise v.fail(self, "discount", self.discount, "remise non arrondie au centime")
        if self.discount and self.discount > self.gross_amount:
            raise v.fail(
                self, "discount", self.discount, "remise supérieure au montant de la ligne"
            )
        if self.discount and not self.discount_reason:
            raise v.fail(self, "discount_reason", None, "motif de remise obligatoire")

    @property
    def gross_amount(self) -> Decimal:
        """Quantity x unit price, rounded to the cent, before the discount."""
        return quantize(self.quantity * self.unit_price, CENT, self.rounding)

    @property
    def net_amount(self) -> Decimal:
        """Line net amount excl. VAT (BT-131)."""
        return self.gross_amount - self.discount


@attrs.frozen
class VatBreakdown:
    """VAT of one rate (BG-23): taxable base (BT-116) and VAT amount (BT-117)."""

    rate: VatRate
    base: Decimal
    amount: Decimal


@attrs.frozen
class Invoice:
    """An invoice or a credit note (BG-0 of EN 16931), draft or issued.

    A credit note carries positive amounts and names the invoice it corrects (``corrects``,
    BT-25). ``number`` is taken from the series only when the document is issued, so numbering is
    gapless and chronological. ``seller`` and ``buyer`` are the identities as of issue.
    """

    id: str = attrs.field(validator=v.identifier)
    customer_id: str = attrs.field(validator=v.identifier)
    seller: Party = attrs.field(validator=v.instance_of(Party))
    buyer: Party = attrs.field(validator=v.instance_of(Party))
    issue_date: date = attrs.field(validator=v.a_date)
    due_date: date = attrs.field(validator=v.a_date)
    lines: tuple[InvoiceLine, ...] = attrs.field(validator=v.tuple_of(InvoiceLine))
    kind: DocumentKind = attrs.field(
        default=DocumentKind.INVOICE, validator=v.member_of(DocumentKind)
    )
    status: InvoiceStatus = attrs.field(
        default=InvoiceStatus.DRAFT, validator=v.member_of(InvoiceStatus)
    )
    series: str = attrs.field(default="FA", validator=v.identifier)
    number: str | None = attrs.field(default=None, validator=v.optional_identifier)
    contract_id: str | None = attrs.field(default=None, validator=v.optional_identifier)
    period: Period | None = attrs.field(default=None, validator=v.optional_instance_of(Period))
    contract_reference: str | None = attrs.field(default=None, validator=v.optional_identifier)
    """Market number (BT-12)."""
    buyer_reference: str | None = attrs.field(default=None, validator=v.optional_identifier)
    """Buyer reference; the Chorus Pro service code (BT-10)."""
    engagement_number: str | None = attrs.field(default=None, validator=v.optional_identifier)
    """Purchase order / engagement number (BT-13)."""
    corrects: str | None = attrs.field(default=None, validator=v.optional_identifier)
    """Number of the invoice a credit note corrects (BT-25)."""
    corrects_date: date | None = attrs.field(default=None, validator=v.optional_date)
    late_penalty_rate: Decimal = attrs.field(default=Decimal("10.00"), validator=v.NON_NEGATIVE)
    recovery_indemnity: Decimal = attrs.field(default=Decimal("40.00"), validator=v.NON_NEGATIVE)
    vat_exemption_reason: str | None = attrs.field(default=None, validator=v.optional_text)
    notes: tuple[str, ...] = attrs.field(default=())
    paid: bool = attrs.field(default=False)
    """Already paid (Chorus Pro framework A2)."""
    currency: str = attrs.field(default="EUR")

    def __attrs_post_init__(self) -> None:
        if not self.lines:
            raise v.fail(self, "lines", (), "un document a au moins une ligne")
        positions = [line.position for line in self.lines]
        if len(set(positions)) != len(positions):
            raise v.fail(self, "lines", positions, "numéros de ligne en double")
        if self.due_date < self.issue_date:
            raise v.fail(
                self, "due_date", self.due_date, "échéance antérieure à la date de facture"
            )
        if self.status is InvoiceStatus.ISSUED and self.number is None:
            raise v.fail(self, "number", None, "un document émis a un numéro")
        if self.status is InvoiceStatus.DRAFT and self.number is not None:
            raise v.fail(self, "number", self.number, "un brouillon n'a pas de numéro")
        if self.kind is DocumentKind.CREDIT_NOTE and self.corrects is None:
            raise v.fail(self, "corrects", None, "un avoir référence la facture qu'il corrige")
        if self.kind is DocumentKind.INVOICE and self.corrects is not None:
            raise v.fail(self, "corrects", self.corrects, "seul un avoir corrige une facture")
        for i, line in enumerate(self.lines):
            if line.quantity < 0 and self.kind is DocumentKind.CREDIT_NOTE:
                raise v.fail(
                    self, f"lines[{i}].quantity", line.quantity, "avoir en montants positifs"
                )
        if self.net_total < 0:
            raise v.fail(self, "lines", self.net_total, "total négatif : émettre un avoir")
        if (
            any(line.vat_rate is VatRate.ZERO for line in self.lines)
            and not self.vat_exemption_reason
        ):
            raise v.fail(self, "vat_exemption_reason", None, "motif d'exonération de TVA requis")
        if self.currency != "EUR":
            raise v.fail(self, "currency", self.currency, "seul l'euro est pris en charge")

    @property
    def net_total(self) -> Decimal:
        """Sum of line net amounts = total excl. VAT (BT-106 = BT-109)."""
        return sum((line.net_amount for line in self.lines), ZERO)

    @property
    def vat_breakdown(self) -> tuple[VatBreakdown, ...]:
        """VAT per rate, highest rate first: base = sum of the rate's lines, VAT = base x rate,
        rounded half-up once."""
        bases: dict[VatRate, Decimal] = defaultdict(lambda: ZERO)
        for line in self.lines:
            bases[line.vat_rate] += line.net_amount
        return tuple(
            VatBreakdown(rate, base, vat_amount(base, rate))
            for rate, base in sorted(bases.items(), key=lambda kv: -kv[0].percent)
        )

    @property
    def vat_total(self) -> Decimal:
        """Total VAT (BT-110)."""
        return sum((b.amount for b in self.vat_breakdown), ZERO)

    @property
    def total(self) -> Decimal:
        """Total with VAT (BT-112), also the amount due (BT-115) unless already paid."""
        return self.net_total + self.vat_total

    @property
    def amount_due(self) -> Decimal:
        """Amount due for payment (BT-115): zero when already paid."""
        return ZERO if self.paid else self.total
