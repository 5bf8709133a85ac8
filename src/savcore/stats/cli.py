"""The ``savcore report`` command: print a report of a contract over a period.

``savcore report NAME --contract ID --from D --to D [--format table|csv|json|xlsx]`` reads the store
file of ``--db`` (else ``$SAVCORE_DB``, else ``./savcore.db``), which must exist. Dates are
``AAAA-MM-JJ``; ``--to`` is the last day of the period (included). Formats:

- ``table`` (default): title, parameters, an aligned table with its totals row, notes;
- ``csv``: ``;``-separated with decimal commas (French spreadsheets), labels as headers;
- ``json``: one object with ``name``, ``title``, ``parameters``, ``columns``, ``rows`` (records
  with JSON-safe values: Decimal and dates as strings), ``totals`` and ``notes``.

savcore errors propagate to the main command (French message, exit code 2).
"""

from __future__ import annotations

import argparse
import json
import sys
from decimal import Decimal
from pathlib import Path
from typing import Any, TextIO

from savcore.cli import add_days_arguments, days_arguments
from savcore.errors import ValidationError
from savcore.reports import Report

__all__ = ["add_report_commands", "render", "run_report"]

FORMATS = ("table", "csv", "json", "xlsx")


def _json_document(report: Report) -> dict[str, Any]:
    return {
        "name": report.name,
        "title": report.title,
        "parameters": dict(report.parameters),
        "columns": [
            {"key": c.key, "label": c.label, "type": c.type.value, "total": c.total}
            for c in report.columns
        ],
        "rows": report.to_json_records(),
        "totals": {
            key: str(value) if isinstance(value, Decimal) else value
            for key, value in report.totals().items()
        },
        "notes": list(report.notes),
    }


def render(report: Report, fmt: str = "table") -> str:
    """``report`` as the command prints it in format ``fmt`` (``table``, ``csv`` or ``json``)."""
    if fmt == "table":
        lines = [report.title, "=" * len(report.title)]
        lines += [f"{key} : {value}" for key, value in report.parameters]
        lines += ["", report.render_text()]
        if report.notes:
            lines += ["", *report.notes]
        return "\n".join(lines) + "\n"
    if fmt == "csv":
        return report.to_csv()
    if fmt == "json":
        return json.dumps(_json_document(report), ensure_ascii=False, indent=2) + "\n"
    raise ValidationError("--format", fmt, "format inconnu (table, csv ou json)")


def run_report(args: argparse.Namespace, out: TextIO | None = None) -> int:
    """``savcore report NAME --contract ID --from D --to D [--format F]``."""
    from savcore.services.reports import build_report
    from savcore.store.cli import db_path
    from savcore.store.sqlite import SqliteStore

    out = out or sys.stdout
    start, end = days_arguments(args)
    with SqliteStore(db_path(args), create=False) as store:
        report = build_report(store, args.name, args.contract, start, end)
    if args.format == "xlsx":
        # Written by whichever installed exporter takes .xlsx (savcore-excel): no import here.
        from savcore.plugins import exporter_for

        output = getattr(args, "output", None)
        if output is None:
            raise ValidationError("--output", None, "fichier .xlsx obligatoire avec --format xlsx")
        exporter_for(output).export([report], output)
        out.write(f"rapport {report.name} écrit dans {output}\n")
        return 0
    out.write(render(report, args.format))
    return 0


def add_report_commands(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Add ``report`` to the ``savcore`` command line."""
    from savcore.services.reports import REPORTS

    epilog = "Rapports : " + "; ".join(f"{k.name} ({k.description})" for k in REPORTS.values())
    parser = subparsers.add_parser(
        "report",
        help="afficher un rapport (taux de pénétration, activité, fournitures...)",
        description="Affiche un rapport d'un contrat sur une période (dates incluses).",
        epilog=epilog,
    )
    parser.add_argument("name", metavar="RAPPORT", choices=list(REPORTS), help="nom du rapport")
    parser.add_argument("--contract", required=True, help="identifiant du contrat")
    add_days_arguments(parser)
    parser.add_argument(
        "--format",
        choices=FORMATS,
        default="table",
        help="table (défaut), csv, json, ou xlsx (extension savcore-excel, avec --output)",
    )
    parser.add_argument("--output", type=Path, default=None, help="fichier à écrire (xlsx)")
    parser.set_defaults(handler=run_report)
