"""``savcore chorus send NUMERO`` and ``savcore chorus status [--all]``.

Both work on the store of ``--db`` (else ``$SAVCORE_DB``, else ``./savcore.db``) and reach Chorus
Pro with the ``SAVCORE_CHORUS_*`` variables (sandbox unless ``SAVCORE_CHORUS_ENV=production``).
``SAVCORE_EN16931_DIR`` names the EN 16931 artefacts folder: XSD and Schematron are then checked
before each deposit.
"""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, TextIO

import attrs

from savcore.errors import NotFoundError
from savcore.ports import TransmissionReceipt
from savcore.store.records import Transmission
from savcore_chorus.errors import CHANNEL
from savcore_chorus.transmitter import SYNTAX_CII, SYNTAX_FACTURX, ChorusTransmitter

if TYPE_CHECKING:
    from savcore.store.ports import Store

__all__ = ["ARTEFACTS_ENV", "add_chorus_commands", "run_send", "run_status"]

ARTEFACTS_ENV = "SAVCORE_EN16931_DIR"
"""Environment variable naming the EN 16931 artefacts folder (optional)."""

_FINAL_WORDS = ("MISE_EN_PAIEMENT", "REJETEE", "ABANDONNEE", "SUPPRIMEE")


def _open(args: argparse.Namespace) -> Store:
    from savcore.store.cli import db_path
    from savcore.store.sqlite import SqliteStore

    return SqliteStore(db_path(args), create=False)


def default_transmitter() -> ChorusTransmitter:
    """The transmitter of the commands: client from the environment, artefacts if named."""
    folder = os.environ.get(ARTEFACTS_ENV, "").strip()
    return ChorusTransmitter(artefacts=Path(folder) if folder else None)


def run_send(
    args: argparse.Namespace,
    out: TextIO | None = None,
    transmitter: Callable[[], ChorusTransmitter] = default_transmitter,
) -> int:
    """Deposit the issued document numbered ``args.number`` and record it."""
    from savcore.plugins import get_plugin_manager
    from savcore.services.send import send

    out = out or sys.stdout
    store = _open(args)
    try:
        invoice = store.invoices.by_number(args.number)
        if invoice is None:
            raise NotFoundError("facture", args.number)
        chosen = transmitter()

        class _Plugin:
            from savcore.hookspecs import hookimpl

            @hookimpl
            def savcore_transmitters(self) -> list[ChorusTransmitter]:
                return [chosen]

        pm = get_plugin_manager(autoload=False, plugins=[_Plugin()])
        receipt = send(invoice, CHANNEL, store=store, pm=pm, options={"syntax": args.syntax})
    finally:
        store.close()
    out.write(f"{args.number} : {receipt.status.label} — {receipt.detail}\n")
    return 0


def _receipt(record: Transmission) -> TransmissionReceipt | None:
    if record.remote_id is None or record.status is None:
        return None
    return TransmissionReceipt(
        CHANNEL, record.number, record.remote_id, record.status, record.updated_at, record.detail
    )


def run_status(
    args: argparse.Namespace,
    out: TextIO | None = None,
    transmitter: Callable[[], ChorusTransmitter] = default_transmitter,
) -> int:
    """Update and print the status of the documents deposited on Chorus Pro (not final ones,
    or all with ``--all``)."""
    from savcore.services.transmissions import record_transmission

    out = out or sys.stdout
    store = _open(args)
    chosen: ChorusTransmitter | None = None
    try:
        records = sorted(store.transmissions.for_channel(CHANNEL), key=lambda r: r.number)
        if not records:
            out.write("aucune facture déposée sur Chorus Pro\n")
            return 0
        for record in records:
            receipt = _receipt(record)
            final = record.detail.startswith(_FINAL_WORDS)
            if receipt is not None and (args.all or not final):
                chosen = chosen or transmitter()
                updated = chosen.status(receipt)
                if updated.at < record.updated_at:  # clocks apart: this answer is the newest
                    updated = attrs.evolve(updated, at=record.updated_at)
                record = record_transmission(store, updated, invoice_id=record.invoice_id)
            label = record.status.label if record.status else "inconnu"
            if record.failed:
                label = "échec d'envoi"
            out.write(f"{record.number}  {label}  {record.remote_id or '-'}  {record.detail}\n")
    finally:
        store.close()
    return 0


def add_chorus_commands(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Add ``savcore chorus send`` and ``savcore chorus status``."""
    parser = subparsers.add_parser(
        "chorus",
        help="dépôt des factures sur Chorus Pro et suivi de leur traitement",
        description="Dépose les factures émises sur Chorus Pro (API PISTE) et suit leur statut.",
    )
    commands = parser.add_subparsers(dest="chorus_command", metavar="ACTION", required=True)
    send = commands.add_parser("send", help="dépose une facture ou un avoir émis")
    send.add_argument("number", metavar="NUMERO", help="numéro de la facture ou de l'avoir")
    send.add_argument(
        "--syntax",
        choices=(SYNTAX_FACTURX, SYNTAX_CII),
        default=SYNTAX_FACTURX,
        help="format du dépôt (défaut : Factur-X)",
    )
    send.set_defaults(handler=run_send)
    status = commands.add_parser("status", help="met à jour et affiche le statut des dépôts")
    status.add_argument(
        "--all", action="store_true", help="interroge aussi les factures au statut final"
    )
    status.set_defaults(handler=run_status)
