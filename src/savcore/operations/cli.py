"""The operations commands of ``savcore``: ``due``, ``plan``, ``attempt record``,
``attempt report`` and ``attempt repeat``.

They work on the store file given by ``--db`` (main parser), else ``$SAVCORE_DB``, else
``./savcore.db``; the store must exist. Dates are given as ``AAAA-MM-JJ`` and periods by their
first and last days, both included (``--from 2025-03-03 --to 2025-03-31``). Nothing reads the
clock: ``--today`` defaults to the first day of the window. The store and the services are
imported when a command runs, so that the pure :mod:`savcore.operations` never depends on them.
"""

from __future__ import annotations

import argparse
from collections import Counter
from datetime import date, datetime, timedelta
from typing import TYPE_CHECKING

from savcore.calendars import PARIS
from savcore.cli import date_argument
from savcore.errors import ValidationError
from savcore.model.operations import Outcome
from savcore.periods import Period

if TYPE_CHECKING:
    from savcore.store.sqlite import SqliteStore

__all__ = ["add_operations_commands"]

_OUTCOMES = {o.value: o for o in Outcome}


def _instant(text: str) -> datetime:
    try:
        value = datetime.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(
            f"horodatage invalide {text!r} (AAAA-MM-JJTHH:MM attendu)"
        ) from None
    return value if value.tzinfo is not None else value.replace(tzinfo=PARIS)


def _window(args: argparse.Namespace) -> Period:
    if args.year is not None:
        return Period.year(args.year)
    if args.start is None or args.last is None:
        raise ValidationError("--from/--to", None, "donnez --year, ou --from et --to")
    if args.last < args.start:
        raise ValidationError("--to", args.last, f"avant le début ({args.start:%d/%m/%Y})")
    return Period(args.start, args.last + timedelta(days=1))


def _open(args: argparse.Namespace) -> SqliteStore:
    from savcore.store.cli import db_path
    from savcore.store.sqlite import SqliteStore

    return SqliteStore(db_path(args), create=False)


def _add_window(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--contract", required=True, help="identifiant du contrat")
    parser.add_argument("--year", type=int, default=None, help="année civile entière")
    parser.add_argument(
        "--from", dest="start", type=date_argument, default=None, help="premier jour"
    )
    parser.add_argument(
        "--to", dest="last", type=date_argument, default=None, help="dernier jour (inclus)"
    )


def run_due(args: argparse.Namespace) -> int:
    """``savcore due``: the visits due over a period, without those already done."""
    from savcore.services.operations import list_due

    window = _window(args)
    with _open(args) as store:
        visits = list_due(
            store,
            args.contract,
            window,
            unit_ids=args.unit or None,
            exclude_vacant=args.exclude_vacant,
            include_done=args.all,
        )
    print(f"{len(visits)} visite(s) à faire {window} (contrat {args.contract})")
    for shown, v in enumerate(visits):
        if shown >= args.limit:
            print(f"... ({len(visits) - shown} de plus ; --limit pour en voir davantage)")
            break
        print(
            f"  {v.unit_id:<12} {v.building_id or '-':<12} {v.dwelling_id or '-':<16} "
            f"{v.appliance_id or '-':<16} {v.visit_type_id:<12} {v.window}"
        )
    return 0


def run_plan(args: argparse.Namespace) -> int:
    """``savcore plan``: plan a campaign and record its interventions and appointments."""
    from savcore.services.operations import schedule_campaign

    window = _window(args)
    with _open(args) as store:
        plan = schedule_campaign(
            store,
            args.contract,
            window,
            campaign=args.campaign,
            today=args.today or window.start,
            notice_days=args.notice_days,
            unit_ids=args.unit or None,
            technician_ids=args.technician or None,
        )
    print(
        f"Campagne {args.campaign} {window} : {len(plan.planned)} rendez-vous planifié(s), "
        f"{len(plan.unplanned)} visite(s) non planifiée(s)"
    )
    days = Counter(p.appointment.at.astimezone(PARIS).date() for p in plan.planned)
    if days:
        print(f"  du {min(days):%d/%m/%Y} au {max(days):%d/%m/%Y}, sur {len(days)} jour(s)")
    if args.detail:
        for p in plan.planned:
            a = p.appointment
            print(
                f"  {a.id:<24} {a.at.astimezone(PARIS):%d/%m/%Y %H:%M} {a.technician_id:<8} "
                f"{a.unit_id:<12} {a.dwelling_id or '-':<16} avis le {a.notice_on:%d/%m/%Y}"
            )
    reasons = Counter(u.reason for u in plan.unplanned)
    for reason, n in sorted(reasons.items()):
        print(f"  non planifiées : {n} ({reason})")
    return 0 if plan.is_complete else 3


def run_attempt_record(args: argparse.Namespace) -> int:
    """``savcore attempt record``: record a visit attempt (passage)."""
    from savcore.model.operations import VisitAttempt
    from savcore.services import record_attempt

    with _open(args) as store:
        number = args.number or len(store.attempts.for_intervention(args.intervention)) + 1
        attempt = VisitAttempt(
            id=args.id or f"{args.intervention}-A{number}",
            intervention_id=args.intervention,
            at=args.at,
            outcome=_OUTCOMES[args.outcome],
            number=number,
            technician_id=args.technician,
            minutes_spent=args.minutes,
            remarks=args.remarks,
        )
        record_attempt(store, attempt)
    print(f"Passage n° {number} enregistré : {attempt.id} ({args.outcome})")
    return 0


def run_attempt_report(args: argparse.Namespace) -> int:
    """``savcore attempt report``: where each visit stands (done, not done, pending)."""
    from savcore.operations.attempts import VisitState
    from savcore.services.operations import campaign_report

    with _open(args) as store:
        statuses = campaign_report(store, args.contract, today=args.today, campaign=args.campaign)
    counts = Counter(s.state for s in statuses)
    print(
        f"{len(statuses)} visite(s) : {counts[VisitState.DONE]} réalisée(s), "
        f"{counts[VisitState.NOT_DONE]} non faite(s), {counts[VisitState.PENDING]} en attente"
    )

    def fmt(day: date | None) -> str:
        return f"{day:%d/%m/%Y}" if day else "-"

    print("  logement         état       réalisée   1re absence 2e absence  prévu / motif")
    for s in statuses:
        tail = s.reason if s.state is VisitState.NOT_DONE else fmt(s.planned_on)
        print(
            f"  {s.dwelling_id or s.unit_id:<16} {s.state.label:<10} {fmt(s.done_on):<10} "
            f"{fmt(s.first_absence_on):<11} {fmt(s.second_absence_on):<11} {tail}"
        )
    return 0


def run_attempt_repeat(args: argparse.Namespace) -> int:
    """``savcore attempt repeat``: book the 2nd/3rd attempts after absences."""
    from savcore.services.operations import schedule_repeat_visits

    window = _window(args)
    with _open(args) as store:
        plan = schedule_repeat_visits(
            store, args.contract, window, today=args.today or window.start, campaign=args.campaign
        )
    print(f"{len(plan.appointments)} nouveau(x) passage(s) planifié(s) {window}")
    for a in plan.appointments:
        print(f"  {a.id:<28} {a.at.astimezone(PARIS):%d/%m/%Y %H:%M} {a.technician_id}")
    for status, reason in plan.unplanned:
        print(f"  non planifié : {status.intervention_id} ({reason})")
    return 0 if not plan.unplanned else 3


def add_operations_commands(
    subparsers: argparse._SubParsersAction[argparse.ArgumentParser],
) -> None:
    """Add ``due``, ``plan`` and ``attempt`` (``record``, ``report``, ``repeat``) to the
    ``savcore`` command line (``--db`` belongs to the main parser)."""
    due = subparsers.add_parser(
        "due",
        help="liste les visites d'entretien à faire",
        description="Liste les visites préventives dues sur une période (gammes du contrat), "
        "sans celles déjà réalisées.",
    )
    _add_window(due)
    due.add_argument("--unit", action="append", default=[], help="UG (répétable)")
    due.add_argument("--exclude-vacant", action="store_true", help="sans les logements vacants")
    due.add_argument("--all", action="store_true", help="y compris les visites déjà réalisées")
    due.add_argument("--limit", type=int, default=50, help="nombre de lignes affichées")
    due.set_defaults(handler=run_due)

    plan = subparsers.add_parser(
        "plan",
        help="planifie une campagne de visites",
        description="Planifie les visites dues en rendez-vous par demi-journée (capacité des "
        "techniciens, jours ouvrés, jours fériés), groupés par résidence et bâtiment, avec la "
        "date d'avis de passage, et les enregistre. Code de sortie 3 si des visites restent "
        "non planifiées.",
    )
    _add_window(plan)
    plan.add_argument("--campaign", required=True, help="code de campagne (ex. 2025)")
    plan.add_argument(
        "--today", type=date_argument, default=None, help="date du jour (défaut : --from)"
    )
    plan.add_argument(
        "--notice-days", type=int, default=None, help="délai d'avis de passage (défaut : contrat)"
    )
    plan.add_argument("--unit", action="append", default=[], help="UG (répétable)")
    plan.add_argument("--technician", action="append", default=[], help="technicien (répétable)")
    plan.add_argument("--detail", action="store_true", help="affiche chaque rendez-vous")
    plan.set_defaults(handler=run_plan)

    attempt = subparsers.add_parser(
        "attempt",
        help="passages : enregistrer, suivre, replanifier",
        description="Passages chez les occupants : enregistrer un passage, état des visites, "
        "2e et 3e passages après absence.",
    )
    actions = attempt.add_subparsers(dest="attempt_command", metavar="ACTION", required=True)
    record = actions.add_parser("record", help="enregistre un passage")
    record.add_argument("--intervention", required=True, help="identifiant de l'intervention")
    record.add_argument("--at", required=True, type=_instant, help="AAAA-MM-JJTHH:MM (Paris)")
    record.add_argument("--outcome", required=True, choices=sorted(_OUTCOMES), help="résultat")
    record.add_argument("--number", type=int, default=None, help="n° du passage (défaut : suivant)")
    record.add_argument("--technician", default=None, help="technicien")
    record.add_argument("--minutes", type=int, default=0, help="temps passé en minutes")
    record.add_argument("--remarks", default=None, help="remarques")
    record.add_argument("--id", default=None, help="identifiant (défaut : <intervention>-A<n>)")
    record.set_defaults(handler=run_attempt_record)

    report = actions.add_parser("report", help="état des visites (réalisée, non faite, en attente)")
    report.add_argument("--contract", required=True, help="identifiant du contrat")
    report.add_argument("--today", required=True, type=date_argument, help="date du jour")
    report.add_argument("--campaign", default=None, help="code de campagne")
    report.set_defaults(handler=run_attempt_report)

    repeat = actions.add_parser("repeat", help="planifie les 2e et 3e passages après absence")
    _add_window(repeat)
    repeat.add_argument(
        "--today", type=date_argument, default=None, help="date du jour (défaut : --from)"
    )
    repeat.add_argument("--campaign", default=None, help="code de campagne")
    repeat.set_defaults(handler=run_attempt_repeat)
