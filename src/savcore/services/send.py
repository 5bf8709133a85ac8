"""Sending a document through a transmitter plugin, recorded in the store before and after.

``send(invoice, via="chorus", store=store)`` finds the transmitter called ``via`` (hook
``savcore_transmitters``), and, when a store is given:

1. refuses a document already transmitted through that channel and not rejected
   (:class:`~savcore.errors.BusinessRuleError`, rule ``deja-transmise``): follow it instead;
2. records the attempt *before* calling the portal (status unknown, ``detail`` "envoi en cours"),
   so that a crash in between leaves a trace;
3. asks the transmitter to look for the document before sending (``options["resume"] = True``)
   when the last attempt's outcome is unknown or failed, so nothing is deposited twice;
4. records the receipt after, or the failure (and re-raises it).

Example (``pm`` a plugin manager whose plugins provide a ``"pigeon"`` transmitter)::

    receipt = send(invoice, "pigeon", store=store, pm=pm)
    store.transmissions.get(f"pigeon:{invoice.id}").remote_id == receipt.remote_id
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from datetime import UTC, datetime
from typing import Any

import attrs
import pluggy

from savcore.errors import BusinessRuleError, TransmissionError
from savcore.model.invoices import Invoice
from savcore.plugins import get_transmitter
from savcore.ports import TransmissionReceipt, TransmissionStatus
from savcore.services.transmissions import record_transmission, record_transmission_failure
from savcore.store.ports import Store
from savcore.store.records import Transmission

__all__ = ["PENDING_DETAIL", "send"]

PENDING_DETAIL = "envoi en cours"
"""``detail`` of a transmission recorded before the portal answered."""


def _utc_now() -> datetime:
    return datetime.now(UTC)


def _record_pending(store: Store, via: str, invoice: Invoice, now: datetime) -> datetime:
    """Record the attempt about to be made; return its time (at least the last recorded one)."""
    with store.transaction():
        current = store.transmissions.find(f"{via}:{invoice.id}")
        if current is None:
            record = Transmission(
                channel=via,
                invoice_id=invoice.id,
                number=invoice.number or invoice.id,
                first_attempt_at=now,
                updated_at=now,
                attempts=0,
                detail=PENDING_DETAIL,
            )
        else:
            # attempts is counted by record_transmission(_failure) once the outcome is known.
            record = attrs.evolve(
                current,
                updated_at=max(now, current.updated_at),
                status=None,
                remote_id=None,
                detail=PENDING_DETAIL,
                failed=False,
            )
        store.transmissions.put(record)
    return record.updated_at


def send(
    invoice: Invoice,
    via: str,
    *,
    store: Store | None = None,
    options: Mapping[str, Any] | None = None,
    pm: pluggy.PluginManager | None = None,
    now: Callable[[], datetime] = _utc_now,
) -> TransmissionReceipt:
    """Send the issued ``invoice`` through the transmitter ``via`` and return its receipt.

    :param store: when given, the transmission is recorded before and after (see the module
        docstring); the document must be stored and issued.
    :param options: passed to the transmitter (``resume`` is added when needed).
    :param pm: the plugin manager (default: a new one, installed plugins loaded).
    :param now: the clock of the records (timezone-aware); sending is an event of the real world.
    :raises PluginError: no transmitter of that name.
    :raises BusinessRuleError: already transmitted through ``via`` and not rejected.
    :raises TransmissionError: the transmitter failed (recorded as a failed attempt).
    """
    transmitter = get_transmitter(via, pm)
    opts = dict(options or {})
    pending_at: datetime | None = None
    if store is not None:
        current = store.transmissions.find(f"{via}:{invoice.id}")
        if current is not None:
            if current.status is None or current.failed:
                opts.setdefault("resume", True)
            elif current.status is not TransmissionStatus.REJECTED:
                raise BusinessRuleError(
                    "deja-transmise",
                    f"facture {invoice.number or invoice.id}",
                    f"déjà transmise par {via} ({current.status.label}, {current.remote_id}) : "
                    "suivez son statut au lieu de l'envoyer à nouveau",
                )
        pending_at = _record_pending(store, via, invoice, now())
    try:
        receipt = transmitter.send(invoice, options=opts)
    except TransmissionError as exc:
        if store is not None and pending_at is not None:
            record_transmission_failure(
                store,
                channel=via,
                invoice_id=invoice.id,
                detail=str(exc),
                now=max(now(), pending_at),
            )
        raise
    if store is not None and pending_at is not None:
        if receipt.at < pending_at:
            receipt = attrs.evolve(receipt, at=pending_at)
        record_transmission(store, receipt, invoice_id=invoice.id)
    return receipt
