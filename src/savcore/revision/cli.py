"""The ``savcore revise`` and ``savcore indices import`` subcommands.

:func:`add_revision_commands` adds them to the ``savcore`` parser; the handlers work on any
object following :class:`RevisionStore` (the store's revision port), passed by the caller through
``open_store``, so that this module imports no store.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable, Sequence
from datetime import date
from pathlib import Path
from typing import Protocol, TextIO

from savcore.cli import date_argument
from savcore.errors import ConfigurationError
from savcore.model.contracts import Contract
from savcore.model.indices import Index, IndexValue, Revision, RevisionSubject
from savcore.revision.apply import revise_contract
from savcore.revision.compute import compute_revision
from savcore.revision.explain import explain
from savcore.revision.registry import IndexRegistry
from savcore.revision.sources import read_index_file

__all__ = [
    "RevisionStore",
    "add_revision_commands",
    "run_indices_import",
    "run_revise",
]


class RevisionStore(Protocol):
    """What the revision commands need from a store (one unit of work per command)."""

    def get_contract(self, contract_id: str) -> Contract:
        """The contract ``contract_id`` (``NotFoundError`` if unknown)."""
        ...

    def index_registry(self) -> IndexRegistry:
        """Every known index and publication."""
        ...

    def add_index_data(self, indices: Sequence[Index], values: Sequence[IndexValue]) -> int:
        """Record indices and publications (known ones are skipped); the number of new values."""
        ...

    def revisions_of(self, subject_id: str) -> Sequence[Revision]:
        """The revisions recorded for a contract or schedule, oldest first."""
        ...

    def record_revision(self, revision: Revision, contract: Contract) -> None:
        """Record ``revision`` and the revised ``contract`` together."""
        ...


OpenStore = Callable[[argparse.Namespace], RevisionStore]


def _no_store(args: argparse.Namespace) -> RevisionStore:
    raise ConfigurationError("savcore", "store", "aucun magasin de données configuré")


def run_revise(args: argparse.Namespace, store: RevisionStore, *, out: TextIO | None = None) -> int:
    """Compute (and unless ``--dry-run`` record) the revision of ``args.contract`` on
    ``args.date``; print the audit text. Returns the exit code."""
    out = out or sys.stdout
    contract = store.get_contract(args.contract)
    if contract.revision is None:
        raise ConfigurationError(
            f"contrat {contract.id}", "revision", "le contrat n'a pas de clause de révision"
        )
    clause = contract.revision
    history = list(store.revisions_of(contract.id))
    computed_on: date = args.computed_on or args.date
    families = sorted(
        {line.price_family for line in contract.lines if line.revisable},
        key=lambda f: (f is not None, f or ""),
    )
    revision = compute_revision(
        clause,
        store.index_registry(),
        revision_id=f"{contract.id}-REV-{args.date:%Y%m%d}",
        subject=RevisionSubject.CONTRACT,
        subject_id=contract.id,
        application_date=args.date,
        computed_on=computed_on,
        families=families or [None],
        previous=history[-1] if history else None,
    )
    revised = revise_contract(contract, revision)
    out.write(explain(revision, clause))
    for before, after in zip(contract.lines, revised.lines, strict=True):
        old = before.unit_price.get(args.date, None)
        new = after.unit_price.get(args.date, None)
        out.write(f"  {before.id} {before.label} : {old} -> {new}\n")
    if args.dry_run:
        out.write("Simulation : rien n'a été enregistré.\n")
    else:
        store.record_revision(revision, revised)
        out.write(f"Révision {revision.id} enregistrée.\n")
    return 0


def run_indices_import(
    args: argparse.Namespace, store: RevisionStore, *, out: TextIO | None = None
) -> int:
    """Import index values from ``args.file`` (CSV or JSON) into the store."""
    out = out or sys.stdout
    indices, values = read_index_file(args.file)
    added = store.add_index_data(indices, values)
    out.write(f"{len(indices)} indice(s), {added} nouvelle(s) valeur(s) importée(s)\n")
    return 0


def add_revision_commands(
    subparsers: argparse._SubParsersAction[argparse.ArgumentParser],
    open_store: OpenStore = _no_store,
) -> None:
    """Add ``revise`` and ``indices import`` to the ``savcore`` command line."""
    revise = subparsers.add_parser(
        "revise", help="réviser les prix d'un contrat et afficher le calcul"
    )
    revise.add_argument("--contract", required=True, help="identifiant du contrat")
    revise.add_argument(
        "--date", required=True, type=date_argument, help="date d'application AAAA-MM-JJ"
    )
    revise.add_argument(
        "--computed-on",
        type=date_argument,
        default=None,
        help="date du calcul (indices publiés à cette date ; par défaut la date d'application)",
    )
    revise.add_argument("--dry-run", action="store_true", help="calculer sans enregistrer")
    revise.set_defaults(handler=lambda args: run_revise(args, open_store(args)))

    indices = subparsers.add_parser("indices", help="indices de révision")
    sub = indices.add_subparsers(dest="indices_command", required=True)
    imp = sub.add_parser("import", help="importer des valeurs d'indices (CSV ou JSON)")
    imp.add_argument("file", type=Path, help="fichier .csv ou .json")
    imp.set_defaults(handler=lambda args: run_indices_import(args, open_store(args)))
