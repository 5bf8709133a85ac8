"""The store commands of ``savcore``: ``init``, ``import``, ``export``, ``show``.

They work on the store file given by ``--db`` (main parser), else ``$SAVCORE_DB``, else
``./savcore.db``. Handlers return the exit code; savcore errors propagate to the main command,
which prints them in French with a non-zero exit code. Files are read and checked before the store
is opened, so a bad input leaves the store as it was.
"""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path
from typing import TextIO

from savcore.errors import DataFormatError, NotFoundError
from savcore.model.portfolio import Portfolio
from savcore.serialize import dumps, loads
from savcore.services.portfolio import export_portfolio, load_portfolio
from savcore.services.revisions import StoreRevisions
from savcore.store._specs import ALL_SPECS
from savcore.store.sqlite import SqliteStore

__all__ = ["TextProgress", "add_store_commands", "db_path", "open_revision_store"]

DEFAULT_DB = "savcore.db"
"""The store file used when neither ``--db`` nor ``$SAVCORE_DB`` is given."""


def db_path(args: argparse.Namespace) -> Path:
    """The store file: ``--db``, else ``$SAVCORE_DB``, else ``./savcore.db``."""
    given = getattr(args, "db", None)
    if given:
        return Path(given)
    return Path(os.environ.get("SAVCORE_DB") or DEFAULT_DB)


def open_revision_store(args: argparse.Namespace) -> StoreRevisions:
    """The store of ``args`` for the revision commands (``add_revision_commands(subparsers,
    open_store=open_revision_store)``); it must exist already."""
    return StoreRevisions(SqliteStore(db_path(args), create=False))


class TextProgress:
    """A one-line text progress bar on ``stream`` (stderr by default), redrawn in place; silent
    when the stream is not a terminal unless ``force``."""

    def __init__(self, stream: TextIO | None = None, *, force: bool = False, width: int = 30):
        self.stream = stream or sys.stderr
        self.enabled = force or self.stream.isatty()
        self.width = width

    def __call__(self, label: str, done: int, total: int) -> None:
        """Show ``done`` out of ``total`` for ``label``."""
        if not self.enabled or total == 0:
            return
        filled = self.width * done // total
        bar = "#" * filled + "." * (self.width - filled)
        end = "\n" if done >= total else ""
        self.stream.write(
            f"\r{label:<16} [{bar}] {done:>9}/{total} {100 * done // total:3d} %{end}"
        )
        self.stream.flush()


def _read_portfolio(path: Path) -> Portfolio:
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise DataFormatError(str(path), ["fichier introuvable"]) from None
    except (OSError, UnicodeDecodeError) as exc:
        raise DataFormatError(str(path), [f"lecture impossible : {exc}"]) from None
    return loads(text, Portfolio, source=str(path)).validate(str(path))


def run_init(args: argparse.Namespace) -> int:
    """``savcore init``: create the store file (or check an existing one)."""
    path = db_path(args)
    existed = path.exists() and path.stat().st_size > 0
    with SqliteStore(path) as store:
        state = "existe déjà" if existed else "créée"
        print(f"Base savcore {state} : {path} (schéma v{store.schema_version})")
    return 0


def run_import(args: argparse.Namespace) -> int:
    """``savcore import FILE``: load a portfolio JSON file into the store, all or nothing."""
    portfolio = _read_portfolio(args.file)
    path = db_path(args)
    progress = TextProgress(force=args.progress)
    with SqliteStore(path) as store:
        counts = load_portfolio(
            store, portfolio, replace=args.replace, source=str(args.file), progress=progress
        )
    total = sum(counts.values())
    detail = ", ".join(f"{name} {n}" for name, n in counts.items() if n)
    print(f"{total} objet(s) importé(s) dans {path} ({detail})")
    return 0


def run_export(args: argparse.Namespace) -> int:
    """``savcore export``: write the store's portfolio as JSON (to a file or stdout)."""
    with SqliteStore(db_path(args), create=False) as store:
        text = dumps(export_portfolio(store), indent=2) + "\n"
    output: Path | None = args.output
    if output is None or str(output) == "-":
        sys.stdout.write(text)
        return 0
    temporary = output.with_name(f".{output.name}.{os.getpid()}.tmp")
    temporary.write_text(text, encoding="utf-8")
    os.replace(temporary, output)
    print(f"Portefeuille exporté : {output}", file=sys.stderr)
    return 0


def run_show(args: argparse.Namespace) -> int:
    """``savcore show [COLLECTION [KEY]]``: a summary of the store, the keys of a collection or
    one object as JSON."""
    with SqliteStore(db_path(args), create=False) as store:
        if args.collection is None:
            _summary(store, check=args.check)
            return 0
        repo = store.repository(args.collection)
        if args.key is not None:
            obj = repo.find(args.key)
            if obj is None:
                raise NotFoundError(repo.label, args.key)
            print(dumps(obj, indent=2))
            return 0
        for shown, obj in enumerate(repo.all()):
            if shown >= args.limit:
                print(f"... ({repo.count() - shown} de plus ; --limit pour en voir davantage)")
                break
            print(repo.key_of(obj))
    return 0


def _summary(store: SqliteStore, *, check: bool) -> None:
    company = store.company.current()
    print(f"Base : {store.path} (schéma v{store.schema_version}, {_size(store.file_size())})")
    print(f"Entreprise : {company.name if company else '(aucune : savcore import)'}")
    for spec in ALL_SPECS:
        if spec.name == "company":
            continue
        print(f"  {spec.name:<16} {store.repository(spec.name).count():>10}")
    for sequence in store.sequences.all():
        print(
            f"Série {sequence.series} : dernier numéro {sequence.last_number or '-'} "
            f"du {sequence.last_issue_date:%d/%m/%Y}"
        )
    if check:
        problems = store.check()
        print("Intégrité : " + ("correcte" if not problems else "; ".join(problems[:10])))


def _size(n: int) -> str:
    return f"{n / 1_000_000:.1f} Mo" if n >= 100_000 else f"{n / 1000:.0f} ko"


def add_store_commands(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Add ``init``, ``import``, ``export`` and ``show`` to the ``savcore`` command line (the
    ``--db`` option belongs to the main parser)."""
    init = subparsers.add_parser(
        "init",
        help="crée la base savcore (fichier SQLite)",
        description="Crée la base savcore vide (ou vérifie une base existante).",
    )
    init.set_defaults(handler=run_init)

    imp = subparsers.add_parser(
        "import",
        help="importe un portefeuille JSON dans la base",
        description="Lit un portefeuille JSON, le vérifie entièrement puis l'enregistre : tout "
        "ou rien. Un fichier invalide laisse la base inchangée.",
    )
    imp.add_argument("file", type=Path, help="fichier JSON du portefeuille")
    imp.add_argument(
        "--replace", action="store_true", help="remplacer les objets déjà présents (même id)"
    )
    imp.add_argument(
        "--progress",
        action="store_true",
        help="afficher la progression même hors d'un terminal",
    )
    imp.set_defaults(handler=run_import)

    exp = subparsers.add_parser(
        "export",
        help="exporte la base en portefeuille JSON",
        description="Écrit tout le portefeuille de la base en JSON.",
    )
    exp.add_argument(
        "-o", "--output", type=Path, default=None, help="fichier de sortie (défaut : la console)"
    )
    exp.set_defaults(handler=run_export)

    show = subparsers.add_parser(
        "show",
        help="affiche le contenu de la base",
        description="Sans argument : résumé de la base. Avec une collection : ses clés. Avec une "
        "collection et une clé : l'objet en JSON.",
    )
    show.add_argument(
        "collection",
        nargs="?",
        choices=sorted(spec.name for spec in ALL_SPECS),
        metavar="COLLECTION",
        help="collection (dwellings, invoices...)",
    )
    show.add_argument("key", nargs="?", help="identifiant de l'objet")
    show.add_argument("--limit", type=int, default=50, help="nombre de clés listées (défaut 50)")
    show.add_argument("--check", action="store_true", help="vérifier l'intégrité du fichier (lent)")
    show.set_defaults(handler=run_show)
