"""The billing schedule and the invoices as :class:`~savcore.reports.Report` objects.

They take the rows of :mod:`savcore.billing.reports` (same French labels, same values) and give
them typed columns, so that they render as text, CSV, HTML or a DataFrame like every other report,
with totals. In the invoices report a credit note's amounts are negative, so that the totals are
what was really invoiced.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from decimal import Decimal

from savcore.billing.reports import (
    INVOICE_COLUMNS,
    SCHEDULE_COLUMNS,
    invoice_rows,
    schedule_rows,
)
from savcore.model.invoices import DocumentKind, Instalment, Invoice
from savcore.reports import Column, ColumnType, Report

__all__ = ["invoices_report", "schedule_report"]

_SCHEDULE_TYPES: dict[str, tuple[str, ColumnType, bool]] = {
    "Contrat": ("contract", ColumnType.TEXT, False),
    "Prestation": ("service", ColumnType.TEXT, False),
    "Libellé": ("label", ColumnType.TEXT, False),
    "UG": ("ug", ColumnType.TEXT, False),
    "Du": ("from", ColumnType.DATE, False),
    "Au": ("to", ColumnType.DATE, False),
    "Montant HT": ("amount", ColumnType.MONEY, True),
    "Taux TVA (%)": ("vat_rate", ColumnType.DECIMAL, False),
    "Date de facture": ("invoice_on", ColumnType.DATE, False),
    "Échéance": ("due_on", ColumnType.DATE, False),
    "Échéance n°": ("instalment", ColumnType.TEXT, False),
}

_INVOICE_TYPES: dict[str, tuple[str, ColumnType, bool]] = {
    "Type": ("kind", ColumnType.TEXT, False),
    "Numéro": ("number", ColumnType.TEXT, False),
    "Brouillon": ("draft", ColumnType.TEXT, False),
    "Contrat": ("contract", ColumnType.TEXT, False),
    "Client": ("customer", ColumnType.TEXT, False),
    "Date": ("issue_date", ColumnType.DATE, False),
    "Échéance": ("due_date", ColumnType.DATE, False),
    "Période du": ("period_from", ColumnType.DATE, False),
    "Période au": ("period_to", ColumnType.DATE, False),
    "Total HT": ("net_total", ColumnType.MONEY, True),
    "TVA": ("vat_total", ColumnType.MONEY, True),
    "Total TTC": ("total", ColumnType.MONEY, True),
    "Facture corrigée": ("corrects", ColumnType.TEXT, False),
}

_SIGNED = ("Total HT", "TVA", "Total TTC")


def _columns(
    labels: Sequence[str], types: dict[str, tuple[str, ColumnType, bool]]
) -> tuple[Column, ...]:
    return tuple(
        Column(types[label][0], label, types[label][1], types[label][2]) for label in labels
    )


SCHEDULE_REPORT_COLUMNS = _columns(SCHEDULE_COLUMNS, _SCHEDULE_TYPES)
"""The columns of :func:`schedule_report` (labels of ``SCHEDULE_COLUMNS``)."""

INVOICE_REPORT_COLUMNS = _columns(INVOICE_COLUMNS, _INVOICE_TYPES)
"""The columns of :func:`invoices_report` (labels of ``INVOICE_COLUMNS``)."""


def schedule_report(
    instalments: Iterable[Instalment], *, parameters: Sequence[tuple[str, str]] = ()
) -> Report:
    """The billing schedule (échéancier): one row per instalment, the amounts totalled."""
    rows = [tuple(row[label] for label in SCHEDULE_COLUMNS) for row in schedule_rows(instalments)]
    return Report(
        "schedule",
        "Échéancier de facturation",
        SCHEDULE_REPORT_COLUMNS,
        rows,
        parameters=tuple(parameters),
        notes=(f"{len(rows)} échéance(s)",),
    )


def invoices_report(
    invoices: Iterable[Invoice], *, parameters: Sequence[tuple[str, str]] = ()
) -> Report:
    """The invoices and credit notes: one row per document, credit notes' amounts negative, so
    that the totals are the net amounts invoiced."""
    chosen = list(invoices)
    rows = []
    for invoice, row in zip(chosen, invoice_rows(chosen), strict=True):
        credit = invoice.kind is DocumentKind.CREDIT_NOTE
        values = []
        for label in INVOICE_COLUMNS:
            value = row[label]
            if credit and label in _SIGNED and isinstance(value, Decimal):
                value = -value
            values.append(value)
        rows.append(tuple(values))
    credit_notes = sum(1 for i in chosen if i.kind is DocumentKind.CREDIT_NOTE)
    return Report(
        "invoices",
        "Factures et avoirs",
        INVOICE_REPORT_COLUMNS,
        rows,
        parameters=tuple(parameters),
        notes=(
            f"{len(rows) - credit_notes} facture(s), {credit_notes} avoir(s) "
            "(montants des avoirs en négatif)",
        ),
    )
