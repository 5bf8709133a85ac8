"""The schedule and the invoices as plain rows (one ``dict`` per row, French column labels).

Rows hold plain values (``str``, ``date``, ``Decimal``), ready for a ``Report`` (issue 7), a CSV
writer or ``pandas.DataFrame(rows)``. The column labels are the module constants, in order.
"""

from __future__ import annotations

from collections.abc import Iterable
from decimal import Decimal

from savcore.model.invoices import DocumentKind, Instalment, Invoice

__all__ = [
    "INVOICE_COLUMNS",
    "INVOICE_LINE_COLUMNS",
    "SCHEDULE_COLUMNS",
    "invoice_line_rows",
    "invoice_rows",
    "schedule_rows",
]

Row = dict[str, object]

SCHEDULE_COLUMNS: tuple[str, ...] = (
    "Contrat",
    "Prestation",
    "Libellé",
    "UG",
    "Du",
    "Au",
    "Montant HT",
    "Taux TVA (%)",
    "Date de facture",
    "Échéance",
    "Échéance n°",
)
"""Columns of :func:`schedule_rows`."""

INVOICE_COLUMNS: tuple[str, ...] = (
    "Type",
    "Numéro",
    "Brouillon",
    "Contrat",
    "Client",
    "Date",
    "Échéance",
    "Période du",
    "Période au",
    "Total HT",
    "TVA",
    "Total TTC",
    "Facture corrigée",
)
"""Columns of :func:`invoice_rows`."""

INVOICE_LINE_COLUMNS: tuple[str, ...] = (
    "Numéro",
    "Ligne",
    "Libellé",
    "Du",
    "Au",
    "Quantité",
    "Prix unitaire HT",
    "Remise",
    "Motif de remise",
    "Montant HT",
    "Taux TVA (%)",
)
"""Columns of :func:`invoice_line_rows`."""


def schedule_rows(instalments: Iterable[Instalment]) -> list[Row]:
    """One row per instalment: contract, line, label, UG, first and last day, amount, VAT rate,
    invoice and due dates, instalment id."""
    return [
        dict(
            zip(
                SCHEDULE_COLUMNS,
                (
                    i.contract_id,
                    i.line_id,
                    i.label or "",
                    i.unit_id or "",
                    i.period.start,
                    i.period.last,
                    i.amount,
                    i.vat_rate.percent,
                    i.invoice_on,
                    i.due_on,
                    i.id,
                ),
                strict=True,
            )
        )
        for i in instalments
    ]


def _kind(invoice: Invoice) -> str:
    return "Avoir" if invoice.kind is DocumentKind.CREDIT_NOTE else "Facture"


def invoice_rows(invoices: Iterable[Invoice]) -> list[Row]:
    """One row per invoice or credit note, with its totals (drafts show their draft id)."""
    rows: list[Row] = []
    for inv in invoices:
        values: tuple[object, ...] = (
            _kind(inv),
            inv.number or "",
            inv.id if inv.number is None else "",
            inv.contract_id or "",
            inv.buyer.name,
            inv.issue_date,
            inv.due_date,
            inv.period.start if inv.period else None,
            inv.period.last if inv.period else None,
            inv.net_total,
            inv.vat_total,
            inv.total,
            inv.corrects or "",
        )
        rows.append(dict(zip(INVOICE_COLUMNS, values, strict=True)))
    return rows


def invoice_line_rows(invoices: Iterable[Invoice]) -> list[Row]:
    """One row per invoice line: the period covered, price, discount and its reason."""
    rows: list[Row] = []
    for inv in invoices:
        for line in inv.lines:
            values: tuple[object, ...] = (
                inv.number or inv.id,
                line.position,
                line.label,
                line.period.start if line.period else None,
                line.period.last if line.period else None,
                line.quantity,
                line.unit_price,
                line.discount if line.discount else Decimal("0.00"),
                line.discount_reason or "",
                line.net_amount,
                line.vat_rate.percent,
            )
            rows.append(dict(zip(INVOICE_LINE_COLUMNS, values, strict=True)))
    return rows
