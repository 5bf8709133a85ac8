"""Invoices and credit notes from instalments and covered supplies; EN 16931 and French checks.

A draft invoice gathers the instalments invoiced on the same date and, per the contract's
grouping, of the same contract, management unit (UG) or service line. Each line shows the period it
covers; the invoice carries the French mandatory mentions: seller and buyer identities (SIREN, SIRET,
VAT number), dates, due date and payment terms, the late-payment penalty rate, the 40 EUR recovery
indemnity, the contract and market references. Drafts have no number: the service layer takes one
when it issues them.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import date
from decimal import Decimal

import attrs

from savcore.billing._format import percent
from savcore.billing.coverage import CoveredSupply
from savcore.errors import BusinessRuleError, ConfigurationError
from savcore.model.contracts import Contract, Grouping
from savcore.model.invoices import (
    DocumentKind,
    Instalment,
    Invoice,
    InvoiceLine,
    InvoiceStatus,
)
from savcore.model.parties import Customer, Party
from savcore.money import CENT, ZERO, VatRate, quantize
from savcore.money import format_euros as euros
from savcore.periods import Period

__all__ = [
    "credit_note",
    "draft_invoices",
    "en16931_problems",
    "mandatory_notes",
    "mention_problems",
]

_ONE = Decimal(1)


def mandatory_notes(contract: Contract, due_date: date) -> tuple[str, ...]:
    """The French mandatory mentions printed as notes (Code de commerce L441-9, L441-10, D441-5)."""
    terms = contract.billing
    market = f"Marché : {contract.designation}"
    if contract.reference:
        market += f" (n° {contract.reference})"
    eom = " fin de mois" if terms.payment.end_of_month else ""
    return (
        f"{market} ; contrat {contract.id}.",
        f"Paiement à {terms.payment.days} jours{eom} date de facture, au plus tard le "
        f"{due_date:%d/%m/%Y}. Pas d'escompte pour paiement anticipé.",
        f"Pénalités de retard : taux annuel de {percent(terms.late_penalty_rate)}, exigibles dès "
        "le lendemain de la date d'échéance.",
        "Indemnité forfaitaire pour frais de recouvrement en cas de retard de paiement : "
        f"{euros(terms.recovery_indemnity)} (art. L441-10 et D441-5 du Code de commerce).",
    )


def _group_key(contract: Contract, unit_id: str | None, line_id: str | None) -> str:
    grouping = contract.billing.grouping
    if grouping is Grouping.CONTRACT:
        return contract.id
    if grouping is Grouping.UNIT:
        if unit_id is None:
            raise ConfigurationError(
                f"contrat {contract.id}", "unit_id", "regroupement par UG sans UG"
            )
        return f"{contract.id}:{unit_id}"
    if grouping is Grouping.SERVICE:
        return f"{contract.id}:{line_id or 'fournitures'}"
    raise ConfigurationError(f"contrat {contract.id}", "billing.grouping", "regroupement inconnu")


def draft_invoices(
    contract: Contract,
    customer: Customer,
    seller: Party,
    instalments: Iterable[Instalment],
    *,
    supplies: Iterable[CoveredSupply] = (),
    supplies_on: date | None = None,
    vat_exemption_reason: str | None = None,
) -> list[Invoice]:
    """Draft invoices for ``instalments`` (zero ones are skipped) and covered ``supplies`` of
    ``contract``, grouped by invoice date and the contract's grouping, ordered by date then key.

    Supplies are invoiced on ``supplies_on`` (default: their intervention day), grouped by their
    UG (grouping per UG), with the contract's other lines (per contract), or on their own (per
    service). The draft id is ``<group key>:<date>``, stable from one run to the next.
    """
    rounding = contract.billing.rounding
    groups: dict[tuple[date, str], list[Instalment | CoveredSupply]] = {}
    for inst in instalments:
        if inst.contract_id != contract.id:
            raise ConfigurationError(
                f"contrat {contract.id}", "instalments", f"échéance {inst.id} d'un autre contrat"
            )
        if inst.amount == 0:
            continue
        key = (inst.invoice_on, _group_key(contract, inst.unit_id, inst.line_id))
        groups.setdefault(key, []).append(inst)
    for supply in supplies:
        key = (supplies_on or supply.day, _group_key(contract, supply.unit_id, None))
        groups.setdefault(key, []).append(supply)

    def make_line(position: int, item: Instalment | CoveredSupply) -> InvoiceLine:
        if isinstance(item, CoveredSupply):
            return item.invoice_line(position)
        return InvoiceLine(
            position=position,
            label=f"{item.label or item.line_id} {item.period}",
            quantity=_ONE,
            unit_price=item.amount,
            vat_rate=item.vat_rate,
            period=item.period,
            service_line_id=item.line_id,
            unit_id=item.unit_id,
            instalment_id=item.id,
            rounding=rounding,
        )

    terms = contract.billing
    buyer = customer.identity()
    reason = vat_exemption_reason
    out: list[Invoice] = []
    for (day, group), entries in sorted(groups.items(), key=lambda kv: kv[0]):
        lines = tuple(make_line(i, item) for i, item in enumerate(entries, start=1))
        spans = [line.period for line in lines if line.period is not None]
        if reason is None and any(line.vat_rate is VatRate.ZERO for line in lines):
            reason = "Exonération de TVA prévue au contrat"
        due = terms.payment.due_date(day)
        out.append(
            Invoice(
                id=f"{group}:{day.isoformat()}",
                customer_id=customer.id,
                seller=seller,
                buyer=buyer,
                issue_date=day,
                due_date=due,
                lines=lines,
                series=terms.series,
                contract_id=contract.id,
                period=Period(min(p.start for p in spans), max(p.end for p in spans)),
                contract_reference=contract.reference,
                buyer_reference=contract.service_code or customer.invoicing.service_code,
                engagement_number=contract.engagement_number
                or customer.invoicing.engagement_number,
                late_penalty_rate=terms.late_penalty_rate,
                recovery_indemnity=terms.recovery_indemnity,
                vat_exemption_reason=reason
                if any(line.vat_rate is VatRate.ZERO for line in lines)
                else None,
                notes=mandatory_notes(contract, due),
            )
        )
    return out


def credit_note(
    invoice: Invoice,
    *,
    credit_id: str,
    issue_date: date,
    reason: str,
    lines: Sequence[InvoiceLine] | None = None,
) -> Invoice:
    """A draft credit note (avoir) correcting the issued ``invoice``: positive amounts, the
    invoice's number and date as reference (BT-25, BT-26), the reason as first note.

    ``lines`` are the lines credited (default: all of them); they are renumbered from 1. Raises
    :class:`~savcore.errors.BusinessRuleError` for an invoice not issued, a credit note of a credit
    note, a credit larger than the invoice, or a date before the invoice's.
    """
    subject = f"facture {invoice.number or invoice.id}"
    if invoice.status is not InvoiceStatus.ISSUED or invoice.number is None:
        raise BusinessRuleError("avoir", subject, "seule une facture émise peut être corrigée")
    if invoice.kind is not DocumentKind.INVOICE:
        raise BusinessRuleError("avoir", subject, "un avoir ne se corrige pas par un avoir")
    if issue_date < invoice.issue_date:
        raise BusinessRuleError("avoir", subject, "avoir daté avant la facture qu'il corrige")
    chosen = tuple(
        attrs.evolve(line, position=i)
        for i, line in enumerate(lines if lines is not None else invoice.lines, start=1)
    )
    draft = attrs.evolve(
        invoice,
        id=credit_id,
        kind=DocumentKind.CREDIT_NOTE,
        status=InvoiceStatus.DRAFT,
        number=None,
        issue_date=issue_date,
        due_date=issue_date,
        lines=chosen,
        corrects=invoice.number,
        corrects_date=invoice.issue_date,
        paid=False,
        notes=(
            f"Avoir sur la facture n° {invoice.number} du {invoice.issue_date:%d/%m/%Y}.",
            f"Motif : {reason}",
            *invoice.notes,
        ),
    )
    if draft.total > invoice.total:
        raise BusinessRuleError(
            "avoir",
            subject,
            f"avoir de {euros(draft.total)} supérieur à la facture ({euros(invoice.total)})",
        )
    return draft


def en16931_problems(invoice: Invoice) -> list[str]:
    """The EN 16931 rules BR-CO-10 to BR-CO-17 recomputed from the lines alone; empty if all hold.

    savcore's invoices derive their totals, so this is a guard for documents read back from
    elsewhere (a store, an adapter) and for tests. There are no document-level allowances or
    charges (BT-107 = BT-108 = 0) and no rounding amount (BT-114 = 0).
    """
    out: list[str] = []
    nets = [
        quantize(x.quantity * x.unit_price, CENT, x.rounding) - x.discount for x in invoice.lines
    ]
    net = sum(nets, ZERO)
    allowances = charges = rounding_amount = ZERO
    if net != invoice.net_total:
        out.append(f"BR-CO-10 : somme des lignes {net} != total HT des lignes {invoice.net_total}")
    if allowances != ZERO:  # pragma: no cover - no document-level allowances in savcore
        out.append("BR-CO-11 : remises de pied de facture")
    if charges != ZERO:  # pragma: no cover - no document-level charges in savcore
        out.append("BR-CO-12 : frais de pied de facture")
    total_ht = net - allowances + charges
    if total_ht != invoice.net_total:
        out.append(f"BR-CO-13 : total HT {invoice.net_total} != {total_ht}")
    bases: dict[VatRate, Decimal] = {}
    for line, line_net in zip(invoice.lines, nets, strict=True):
        bases[line.vat_rate] = bases.get(line.vat_rate, ZERO) + line_net
    vat = ZERO
    breakdown = {b.rate: b for b in invoice.vat_breakdown}
    for rate, base in bases.items():
        amount = quantize(base * rate.fraction, CENT)
        vat += amount
        given = breakdown.get(rate)
        if given is None or given.base != base or given.amount != amount:
            out.append(f"BR-CO-17 : TVA à {rate.value} % : base {base}, montant {amount}")
    if vat != invoice.vat_total:
        out.append(f"BR-CO-14 : TVA totale {invoice.vat_total} != somme par taux {vat}")
    if invoice.total != total_ht + vat:
        out.append(f"BR-CO-15 : TTC {invoice.total} != HT + TVA {total_ht + vat}")
    paid = invoice.total if invoice.paid else ZERO
    if invoice.amount_due != invoice.total - paid + rounding_amount:
        out.append(f"BR-CO-16 : montant dû {invoice.amount_due} != TTC - payé + arrondi")
    return out


def mention_problems(invoice: Invoice) -> list[str]:
    """The French mandatory mentions missing from ``invoice``; empty when all are there."""
    out: list[str] = []
    seller, buyer = invoice.seller, invoice.buyer
    if not (seller.siren or seller.siret):
        out.append("SIREN ou SIRET du vendeur manquant")
    if not seller.vat_number:
        out.append("numéro de TVA intracommunautaire du vendeur manquant")
    if not buyer.name or not buyer.address:
        out.append("identité de l'acheteur manquante")
    notes = " ".join(invoice.notes)
    if "Pénalités de retard" not in notes:
        out.append("taux des pénalités de retard manquant")
    if "Indemnité forfaitaire" not in notes:
        out.append("indemnité forfaitaire de recouvrement manquante")
    if invoice.kind is DocumentKind.INVOICE and "Marché" not in notes:
        out.append("référence du contrat ou du marché manquante")
    for line in invoice.lines:
        if line.service_line_id is not None and line.period is None:
            out.append(f"ligne {line.position} : période couverte manquante")
    return out
