"""The billing commands of ``savcore``: ``schedule`` (échéancier) and ``bill`` (facturation).

Both work on the store file of ``--db`` (else ``$SAVCORE_DB``, else ``./savcore.db``), which must
exist. Dates are ``AAAA-MM-JJ``; ``--to`` is the last day shown (included). Output is a plain
text table in French; savcore errors propagate to the main command (French message, exit code 2).
"""

from __future__ import annotations

import argparse
import sys
from decimal import Decimal
from typing import TYPE_CHECKING, TextIO

from savcore.billing.report_views import invoices_report, schedule_report
from savcore.billing.schedule import build_schedule
from savcore.cli import add_days_arguments, date_argument, days_arguments
from savcore.money import format_euros as euros

if TYPE_CHECKING:
    from savcore.store.sqlite import SqliteStore

__all__ = ["add_billing_commands", "run_bill", "run_schedule"]


def _open(args: argparse.Namespace) -> SqliteStore:
    from savcore.store.cli import db_path
    from savcore.store.sqlite import SqliteStore

    return SqliteStore(db_path(args), create=False)


def run_schedule(args: argparse.Namespace, out: TextIO | None = None) -> int:
    """``savcore schedule --contract ID --from D --to D``: print the contract's instalments."""
    out = out or sys.stdout
    start, end = days_arguments(args)
    store = _open(args)
    try:
        contract = store.contracts.get(args.contract)
        instalments = build_schedule(contract, start, end)
    finally:
        store.close()
    report = schedule_report(
        instalments, parameters=(("Contrat", f"{contract.id} - {contract.designation}"),)
    )
    out.write(report.render_text() + "\n")
    total = sum((i.amount for i in instalments), Decimal("0.00"))
    out.write(f"{len(instalments)} échéance(s), total HT {euros(total)}\n")
    return 0


def run_bill(args: argparse.Namespace, out: TextIO | None = None) -> int:
    """``savcore bill --up-to D [--dry-run]``: issue (or show) every instalment due."""
    from savcore.services.billing import run_billing

    out = out or sys.stdout
    store = _open(args)
    try:
        run = run_billing(store, args.up_to, dry_run=args.dry_run)
    finally:
        store.close()
    if run.invoices:
        out.write(invoices_report(run.invoices).render_text() + "\n")
    what = (
        "facture(s) à émettre (simulation, rien n'est enregistré)"
        if run.dry_run
        else ("facture(s) émise(s)")
    )
    out.write(f"{len(run.invoices)} {what}, total TTC {euros(run.total)}\n")
    return 0


def add_billing_commands(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Add ``schedule`` and ``bill`` to the ``savcore`` command line."""
    schedule = subparsers.add_parser(
        "schedule",
        help="afficher l'échéancier de facturation d'un contrat",
        description="Affiche les échéances d'un contrat entre deux dates (incluses).",
    )
    schedule.add_argument("--contract", required=True, help="identifiant du contrat")
    add_days_arguments(schedule)
    schedule.set_defaults(handler=run_schedule)

    bill = subparsers.add_parser(
        "bill",
        help="émettre les factures des échéances dues",
        description="Émet toutes les échéances dues jusqu'à la date donnée et pas encore "
        "facturées ; un second passage n'émet rien.",
    )
    bill.add_argument(
        "--up-to", required=True, type=date_argument, help="date de facturation AAAA-MM-JJ"
    )
    bill.add_argument(
        "--dry-run", action="store_true", help="simuler : afficher sans numéroter ni enregistrer"
    )
    bill.set_defaults(handler=run_bill)
