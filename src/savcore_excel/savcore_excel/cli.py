"""The commands the Excel adapter adds to ``savcore`` (through ``savcore_cli_commands``).

- ``savcore import-bpu FILE``: read a price schedule (BPU) from .xlsx/.xls/.ods into the store;
- ``savcore import-portfolio FILE``: read units, buildings, dwellings and appliances into it;
- ``savcore export-reports --contract ID --from D --to D --output FILE.xlsx [--report NAME...]``:
  build reports (``savcore.services.reports``) and write them to one workbook, one sheet each.

Files are read and checked entirely before the store is opened: a bad file leaves it unchanged.
"""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

from savcore.cli import add_days_arguments, date_argument, days_arguments
from savcore.errors import DuplicateError
from savcore.money import VatRate

__all__ = ["add_excel_commands", "run_export_reports", "run_import_bpu", "run_import_portfolio"]


def _store(args: argparse.Namespace, *, create: bool = False) -> Any:
    from savcore.store.cli import db_path
    from savcore.store.sqlite import SqliteStore

    return SqliteStore(db_path(args), create=create)


def _print_notes(notes: tuple[str, ...]) -> None:
    for note in notes:
        print(f"  remarque : {note}")


def run_import_bpu(args: argparse.Namespace) -> int:
    """``savcore import-bpu FILE``: add the file's price schedule to the store (all or nothing)."""
    from savcore_excel.prices import import_price_schedule

    imported = import_price_schedule(
        args.file,
        schedule_id=args.id,
        label=args.label,
        applies_from=args.applies_from,
        contract_id=args.contract,
        sheet=args.sheet,
        header_row=args.header_row,
        vat_rate=VatRate.from_percent(args.vat, field="--vat"),
    )
    schedule = imported.value
    with _store(args) as store, store.transaction():
        existing = store.price_schedules.find(schedule.id)
        if existing is not None and args.new_version:
            for version in schedule.versions:
                existing = existing.with_version(version)
            store.price_schedules.put(existing)
        elif existing is not None and not args.replace:
            raise DuplicateError(
                "bordereau de prix",
                schedule.id,
                context="--new-version pour ajouter une version, --replace pour remplacer",
            )
        else:
            store.price_schedules.put(schedule)
    items = sum(len(v.items) for v in schedule.versions)
    print(
        f"Bordereau {schedule.id} importé : {len(schedule.versions)} version(s), {items} prix "
        f"({args.file})"
    )
    _print_notes(imported.notes)
    return 0


def run_import_portfolio(args: argparse.Namespace) -> int:
    """``savcore import-portfolio FILE``: add the file's units, buildings, dwellings and
    appliances to the store (all or nothing; references checked against the store too)."""
    from savcore.services.portfolio import export_portfolio
    from savcore_excel.portfolio import import_sites

    with _store(args) as store:
        known = [unit.id for unit in store.units.all()]
        imported = import_sites(args.file, customer_id=args.customer, known_units=known)
        sites = imported.value
        sites.added_to(export_portfolio(store)).validate(str(args.file))
        with store.transaction():
            store.units.add_many(sites.units)
            store.buildings.add_many(sites.buildings)
            store.dwellings.add_many(sites.dwellings)
            store.appliances.add_many(sites.appliances)
    counts = ", ".join(f"{name} {n}" for name, n in sites.counts().items())
    print(f"Importé depuis {args.file} : {counts}")
    _print_notes(imported.notes)
    return 0


def run_export_reports(args: argparse.Namespace) -> int:
    """``savcore export-reports``: write the contract's reports to one .xlsx workbook."""
    from savcore.services.reports import REPORTS, build_report
    from savcore_excel.export import write_reports

    start, end = days_arguments(args)
    names = args.report or list(REPORTS)
    with _store(args) as store:
        reports = [build_report(store, name, args.contract, start, end) for name in names]
    write_reports(reports, args.output)
    print(f"{len(reports)} rapport(s) écrit(s) dans {args.output}")
    return 0


def add_excel_commands(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Add ``import-bpu``, ``import-portfolio`` and ``export-reports`` to ``savcore``."""
    bpu = subparsers.add_parser(
        "import-bpu",
        help="importe un bordereau de prix (BPU) depuis un classeur .xlsx, .xls ou .ods",
        description="Lit le bordereau de prix du classeur (une version par feuille), le vérifie "
        "entièrement puis l'enregistre : tout ou rien, chaque cellule fautive est signalée.",
    )
    bpu.add_argument("file", type=Path, help="classeur .xlsx, .xls ou .ods")
    bpu.add_argument(
        "--id", help="identifiant du bordereau (défaut : ligne « Bordereau » ou nom du fichier)"
    )
    bpu.add_argument("--label", help="libellé du bordereau")
    bpu.add_argument(
        "--from", dest="applies_from", type=date_argument, help="date d'application, AAAA-MM-JJ"
    )
    bpu.add_argument("--contract", help="contrat (accord-cadre) du bordereau")
    bpu.add_argument("--sheet", help="ne lire que cette feuille")
    bpu.add_argument("--header-row", type=int, help="numéro de la ligne d'en-tête")
    bpu.add_argument("--vat", default="20", help="taux de TVA par défaut en %% (défaut 20)")
    group = bpu.add_mutually_exclusive_group()
    group.add_argument(
        "--new-version", action="store_true", help="ajouter une version au bordereau existant"
    )
    group.add_argument("--replace", action="store_true", help="remplacer le bordereau existant")
    bpu.set_defaults(handler=run_import_bpu)

    pf = subparsers.add_parser(
        "import-portfolio",
        help="importe UG, bâtiments, logements et appareils depuis un classeur",
        description="Lit les feuilles d'UG, de bâtiments, de logements et d'appareils du "
        "classeur, les vérifie entièrement puis les ajoute à la base : tout ou rien.",
    )
    pf.add_argument("file", type=Path, help="classeur .xlsx, .xls ou .ods")
    pf.add_argument("--customer", help="client des UG dont la ligne n'en indique pas")
    pf.set_defaults(handler=run_import_portfolio)

    exp = subparsers.add_parser(
        "export-reports",
        help="écrit les rapports d'un contrat dans un classeur .xlsx",
        description="Construit les rapports du contrat sur la période et les écrit dans un "
        "classeur, une feuille par rapport (formats français, totaux, graphiques).",
    )
    exp.add_argument("--contract", required=True, help="identifiant du contrat")
    add_days_arguments(exp)
    exp.add_argument("--output", "-o", required=True, type=Path, help="classeur .xlsx à écrire")
    exp.add_argument(
        "--report",
        action="append",
        metavar="RAPPORT",
        help="rapport à inclure (répétable ; défaut : tous)",
    )
    exp.set_defaults(handler=run_export_reports)
