"""Recording what became of documents sent to external portals (Chorus Pro, PDP, e-mail)."""

from __future__ import annotations

from datetime import datetime

import attrs

from savcore.errors import BusinessRuleError, NotFoundError
from savcore.model.invoices import Invoice, InvoiceStatus
from savcore.ports import TransmissionReceipt
from savcore.store.ports import Store
from savcore.store.records import Transmission

__all__ = ["record_transmission", "record_transmission_failure"]


def _issued(store: Store, reference: str) -> Invoice:
    invoice = store.invoices.find(reference) or store.invoices.by_number(reference)
    if invoice is None:
        raise NotFoundError("facture", reference)
    if invoice.status is not InvoiceStatus.ISSUED:
        raise BusinessRuleError(
            "transmission-brouillon", f"facture {invoice.id}", "un brouillon ne se transmet pas"
        )
    return invoice


def record_transmission(
    store: Store, receipt: TransmissionReceipt, *, invoice_id: str | None = None
) -> Transmission:
    """Record a transmitter's receipt (after ``send`` or ``status``) and return the record.

    The document is ``invoice_id`` or, by default, the receipt's ``document_id`` (an invoice id or
    number); it must be issued. A receipt older than the recorded state is ignored (answers may
    arrive out of order). A new ``remote_id``, or a receipt after a failure, counts as a new
    attempt.
    """
    with store.transaction():
        invoice = _issued(store, invoice_id or receipt.document_id)
        current = store.transmissions.find(f"{receipt.channel}:{invoice.id}")
        if current is None:
            record = Transmission(
                channel=receipt.channel,
                invoice_id=invoice.id,
                number=invoice.number or invoice.id,
                first_attempt_at=receipt.at,
                updated_at=receipt.at,
                status=receipt.status,
                remote_id=receipt.remote_id,
                detail=receipt.detail,
            )
        elif receipt.at < current.updated_at:
            return current
        else:
            new_attempt = current.failed or current.remote_id != receipt.remote_id
            record = attrs.evolve(
                current,
                updated_at=receipt.at,
                status=receipt.status,
                remote_id=receipt.remote_id,
                detail=receipt.detail,
                attempts=current.attempts + 1 if new_attempt else current.attempts,
                failed=False,
            )
        store.transmissions.put(record)
    return record


def record_transmission_failure(
    store: Store, *, channel: str, invoice_id: str, detail: str, now: datetime
) -> Transmission:
    """Record a failed attempt to send ``invoice_id`` through ``channel`` at ``now`` (the
    document did not reach the portal: network, refusal of the upload...); return the record."""
    with store.transaction():
        invoice = _issued(store, invoice_id)
        current = store.transmissions.find(f"{channel}:{invoice.id}")
        if current is None:
            record = Transmission(
                channel=channel,
                invoice_id=invoice.id,
                number=invoice.number or invoice.id,
                first_attempt_at=now,
                updated_at=now,
                detail=detail,
                failed=True,
            )
        else:
            record = attrs.evolve(
                current,
                updated_at=max(now, current.updated_at),
                attempts=current.attempts + 1,
                detail=detail,
                failed=True,
            )
        store.transmissions.put(record)
    return record
