"""The ``savcore`` command.

Subcommands are registered by small functions, one per area (``demo``, the store commands, the
revision commands...), and by plugins through the ``savcore_cli_commands`` hook. Every command
returns an exit code; a :class:`~savcore.errors.SavcoreError` is printed in French on stderr with
exit code 2, never as a traceback.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable, Sequence
from datetime import date, timedelta
from pathlib import Path

from savcore.errors import PluginError, SavcoreError, ValidationError

__all__ = ["add_days_arguments", "build_parser", "date_argument", "days_arguments", "main"]

Handler = Callable[[argparse.Namespace], int]


def date_argument(text: str) -> date:
    """An ``AAAA-MM-JJ`` command-line date (``type=`` of an argparse option); anything else is a
    usage error in French."""
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"date invalide : {text!r} (AAAA-MM-JJ)") from None


def add_days_arguments(parser: argparse.ArgumentParser) -> None:
    """The options ``--from`` and ``--to``: the first and the last day of a span, both included
    (read back with :func:`days_arguments`)."""
    parser.add_argument(
        "--from", dest="from_", required=True, type=date_argument, help="AAAA-MM-JJ"
    )
    parser.add_argument("--to", required=True, type=date_argument, help="dernier jour, AAAA-MM-JJ")


def days_arguments(args: argparse.Namespace) -> tuple[date, date]:
    """The span of ``--from`` and ``--to`` (:func:`add_days_arguments`) as a half-open
    ``(start, end)``: the day after ``--to`` ends it.

    :raises ValidationError: ``--to`` before ``--from``.
    """
    if args.to < args.from_:
        raise ValidationError("--to", args.to, "la fin précède le début")
    return args.from_, args.to + timedelta(days=1)


def _add_demo(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    parser = subparsers.add_parser(
        "demo",
        help="construit le portefeuille d'exemple et l'écrit sous demo-output/",
        description="Construit le portefeuille d'exemple (bailleur social, syndic, acheteur "
        "public), le valide, l'écrit en JSON et affiche un résumé.",
    )
    parser.add_argument(
        "--output", type=Path, default=Path("demo-output"), help="dossier de sortie"
    )
    parser.set_defaults(handler=_run_demo)


def _run_demo(args: argparse.Namespace) -> int:
    from savcore.demo import run_demo

    return run_demo(args.output)


def _registrars() -> list[Callable[[argparse._SubParsersAction[argparse.ArgumentParser]], None]]:
    """The built-in command groups (imported lazily so that ``savcore --help`` stays fast)."""
    from savcore.billing.cli import add_billing_commands
    from savcore.operations.cli import add_operations_commands
    from savcore.revision.cli import add_revision_commands
    from savcore.stats.cli import add_report_commands
    from savcore.store.cli import add_store_commands, open_revision_store

    def add_revisions(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
        add_revision_commands(subparsers, open_store=open_revision_store)

    registrars: list[Callable[[argparse._SubParsersAction[argparse.ArgumentParser]], None]] = [
        _add_demo,
        add_store_commands,
        add_operations_commands,
        add_revisions,
        add_billing_commands,
        add_report_commands,
    ]
    return registrars


def build_parser(*, plugins: bool = True) -> argparse.ArgumentParser:
    """The argument parser with every built-in command and, if ``plugins``, the plugins' ones."""
    parser = argparse.ArgumentParser(
        prog="savcore",
        description="Contrats de maintenance, facturation, révisions de prix et suivi des visites.",
    )
    parser.add_argument(
        "--db",
        type=Path,
        default=None,
        help="fichier de la base savcore (défaut : $SAVCORE_DB ou ./savcore.db)",
    )
    subparsers = parser.add_subparsers(dest="command", metavar="COMMANDE")
    for register in _registrars():
        register(subparsers)
    if plugins:
        from savcore.plugins import get_plugin_manager

        try:
            manager = get_plugin_manager()
        except PluginError as exc:
            # A broken extension must not take the core commands down with it.
            print(f"savcore : avertissement : {exc} (extensions ignorées)", file=sys.stderr)
        else:
            manager.hook.savcore_cli_commands(subparsers=subparsers)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Run the ``savcore`` command with ``argv`` (default: ``sys.argv[1:]``); return the exit code."""
    parser = build_parser()
    args = parser.parse_args(argv)
    handler: Handler | None = getattr(args, "handler", None)
    if handler is None:
        parser.print_help()
        return 1
    try:
        return handler(args)
    except SavcoreError as exc:
        print(f"savcore : erreur : {exc}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        print("savcore : interrompu", file=sys.stderr)
        return 130
    except BrokenPipeError:  # output piped into `head`: not an error of ours
        sys.stderr.close()
        return 0


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
