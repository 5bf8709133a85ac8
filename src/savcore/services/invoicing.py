"""Issuing invoices and credit notes: a number is taken in the transaction that records them.

>>> from datetime import date
>>> from decimal import Decimal
>>> from savcore.model import Address, Customer, CustomerKind, Invoice, InvoiceLine, Party
>>> from savcore.money import VatRate
>>> from savcore.store import MemoryStore
>>> seller = Party("Chauffage Martin SARL", Address("3 rue des Forges", "69003", "Lyon"))
>>> buyer = Party("OPH du Rhône", Address("1 place Bellecour", "69002", "Lyon"))
>>> store = MemoryStore()
>>> store.customers.add(Customer("CL-1", buyer.name, CustomerKind.SOCIAL_LANDLORD, buyer.address))
>>> line = InvoiceLine(1, "Entretien chaudières", Decimal("1"), Decimal("1250.00"), VatRate.INTERMEDIATE)
>>> draft = Invoice("D-1", "CL-1", seller, buyer, date(2025, 4, 1), date(2025, 5, 1), (line,))
>>> issue_invoice(store, draft).number
'FA-2025-000001'
"""

from __future__ import annotations

from collections.abc import Callable, Iterable

import attrs

from savcore.errors import BusinessRuleError
from savcore.model.invoices import Invoice, InvoiceStatus
from savcore.store.ports import Store

__all__ = ["issue_invoice", "issue_invoices"]

OnIssued = Callable[[Invoice], None]


def _issue(store: Store, draft: Invoice, series: str | None, on_issued: OnIssued | None) -> Invoice:
    if draft.status is not InvoiceStatus.DRAFT:
        raise BusinessRuleError(
            "facture-deja-emise", f"facture {draft.id}", f"déjà émise ({draft.number})"
        )
    current = store.invoices.find(draft.id)
    if current is not None and current.status is InvoiceStatus.ISSUED:
        raise BusinessRuleError(
            "facture-deja-emise",
            f"facture {draft.id}",
            f"déjà émise sous le numéro {current.number}",
        )
    store.customers.get(draft.customer_id)
    if draft.contract_id is not None:
        store.contracts.get(draft.contract_id)
    chosen = series or draft.series
    number = store.sequences.next_number(chosen, draft.issue_date)
    issued = attrs.evolve(draft, series=chosen, number=number, status=InvoiceStatus.ISSUED)
    store.invoices.put(issued)
    if on_issued is not None:
        store.after_commit(lambda: on_issued(issued))
    return issued


def issue_invoice(
    store: Store,
    draft: Invoice,
    *,
    series: str | None = None,
    on_issued: OnIssued | None = None,
) -> Invoice:
    """Issue ``draft``: take the next number of ``series`` (default: the draft's) and record the
    issued document, in one transaction; return it.

    The customer (and contract, if named) must be stored (:class:`~savcore.errors.NotFoundError`).
    A document already issued, or dated before the last one numbered in the series, is refused
    (:class:`~savcore.errors.BusinessRuleError`) and nothing is written. ``on_issued(invoice)`` is
    called once the transaction is committed (e.g. the ``savcore_invoice_issued`` hook).
    """
    with store.transaction():
        return _issue(store, draft, series, on_issued)


def issue_invoices(
    store: Store,
    drafts: Iterable[Invoice],
    *,
    series: str | None = None,
    atomic: bool = True,
    on_issued: OnIssued | None = None,
    progress: Callable[[int, int], None] | None = None,
) -> list[Invoice]:
    """Issue ``drafts`` in order of issue date (stable), keeping numbering chronological.

    ``atomic``: all in one transaction (one refused draft, none issued); otherwise each document
    is its own transaction and those issued before a refusal stay issued. ``progress(done,
    total)`` is called after each document.
    """
    ordered = sorted(drafts, key=lambda draft: draft.issue_date)
    issued: list[Invoice] = []

    def one(draft: Invoice) -> None:
        with store.transaction():
            issued.append(_issue(store, draft, series, on_issued))
        if progress is not None:
            progress(len(issued), len(ordered))

    if atomic:
        with store.transaction():
            for draft in ordered:
                one(draft)
    else:
        for draft in ordered:
            one(draft)
    return issued
