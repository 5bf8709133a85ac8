"""``savcore chorus send NUMERO``, ``savcore chorus status [--all]`` and
``savcore chorus prepare [NUMERO...] --output DIR`` (files and checks, nothing sent).

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
from savcore.model.parties import InvoicingChannel
from savcore.ports import TransmissionReceipt
from savcore.store.records import Transmission
from savcore_chorus.errors import CHANNEL, PreflightError
from savcore_chorus.transmitter import SYNTAX_CII, SYNTAX_FACTURX, ChorusTransmitter

if TYPE_CHECKING:
    from savcore.model.invoices import Invoice
    from savcore.store.ports import Store

__all__ = ["ARTEFACTS_ENV", "add_chorus_commands", "run_prepare", "run_send", "run_status"]

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


def _chorus_invoices(store: Store, numbers: list[str]) -> list[Invoice]:
    """The documents named by ``numbers``, or every issued document of a customer invoiced
    through Chorus Pro when none is named."""
    if numbers:
        found = []
        for number in numbers:
            invoice = store.invoices.by_number(number)
            if invoice is None:
                raise NotFoundError("facture", number)
            found.append(invoice)
        return found
    chorus_customers = {
        c.id for c in store.customers.all() if c.invoicing.channel is InvoicingChannel.CHORUS_PRO
    }
    return sorted(
        (i for i in store.invoices.issued() if i.customer_id in chorus_customers),
        key=lambda i: i.number or "",
    )


def run_prepare(
    args: argparse.Namespace,
    out: TextIO | None = None,
    transmitter: Callable[[], ChorusTransmitter] = default_transmitter,
) -> int:
    """Write the Factur-X PDF and the CII XML of issued documents under ``args.output`` and print
    their pre-flight checks (and XSD + Schematron results when the artefacts are named); nothing
    is sent. Exit code 1 when a document would be refused."""
    out = out or sys.stdout
    store = _open(args)
    try:
        invoices = _chorus_invoices(store, list(args.numbers))
    finally:
        store.close()
    if not invoices:
        out.write("aucune facture émise pour un client Chorus Pro\n")
        return 0
    chosen = transmitter()
    folder: Path = args.output
    folder.mkdir(parents=True, exist_ok=True)
    refused = 0
    for invoice in invoices:
        number = invoice.number or invoice.id
        try:
            prepared = chosen.prepare(invoice, {"syntax": SYNTAX_FACTURX})
        except PreflightError as exc:
            refused += 1
            out.write(f"{number} : REFUSÉE avant envoi\n")
            out.writelines(f"  - {problem}\n" for problem in exc.problems)
            continue
        (folder / prepared.filename).write_bytes(prepared.content)
        (folder / f"cii_{number}.xml").write_bytes(prepared.xml)
        out.write(
            f"{number} : prête pour Chorus Pro ({invoice.total} EUR TTC) -> "
            f"{folder / prepared.filename}, {folder / f'cii_{number}.xml'}\n"
        )
        out.writelines(f"  avertissement : {warning}\n" for warning in prepared.warnings)
    return 1 if refused else 0


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
    prepare = commands.add_parser(
        "prepare",
        help="écrit le Factur-X et le CII des factures et affiche les contrôles, sans envoi",
    )
    prepare.add_argument(
        "numbers",
        metavar="NUMERO",
        nargs="*",
        help="numéros des factures (défaut : toutes celles des clients Chorus Pro)",
    )
    prepare.add_argument(
        "--output", type=Path, default=Path("chorus"), help="dossier de sortie (défaut : chorus/)"
    )
    prepare.set_defaults(handler=run_prepare)
