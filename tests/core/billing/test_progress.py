"""Progress billing (à l'avancement) over three months of visits, by visit and by ratio."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from zoneinfo import ZoneInfo

from savcore.billing.progress import (
    ProgressMode,
    VisitDone,
    build_progress_schedule,
    visits_done,
)
from savcore.model.contracts import BillingBasis, BillingTerm, Contract
from savcore.model.operations import Intervention, InterventionKind, Outcome, VisitAttempt
from savcore.periods import Periodicity
from tests.core.billing._fixtures import contract, dwelling_line

START = date(2025, 1, 1)
PARIS = ZoneInfo("Europe/Paris")


def _visits(counts: dict[int, int], line: str = "L1") -> list[VisitDone]:
    """``counts[month]`` dwellings done in that month of 2025, numbered on."""
    out: list[VisitDone] = []
    n = 0
    for month, count in counts.items():
        for _ in range(count):
            n += 1
            out.append(VisitDone(line, f"D{n:03d}", date(2025, month, 10)))
    return out


def _contract() -> Contract:
    # 90.00 per dwelling a year, 40 dwellings: 3,600.00 a year; monthly, in arrears, on progress.
    return contract(
        START,
        (dwelling_line("L1", "90.00", 40, START),),
        periodicity=Periodicity.MONTHLY,
        term=BillingTerm.IN_ARREARS,
        basis=BillingBasis.PROGRESS,
    )


def test_per_visit_over_three_months() -> None:
    # January 10 dwellings done x 90.00 = 900.00; February 15 -> 1,350.00; March 12 -> 1,080.00.
    # Each invoiced on the 1st of the next month.
    c = _contract()
    schedule = build_progress_schedule(c, START, date(2025, 4, 1), _visits({1: 10, 2: 15, 3: 12}))
    assert [(i.period.start.month, str(i.amount), i.invoice_on) for i in schedule] == [
        (1, "900.00", date(2025, 2, 1)),
        (2, "1350.00", date(2025, 3, 1)),
        (3, "1080.00", date(2025, 4, 1)),
    ]
    assert schedule[2].label == "Entretien L1 (avancement : 37/40 logements)"


def test_per_visit_never_over_the_annual_amount_and_revisits_do_not_count() -> None:
    # 45 distinct dwellings done by April (more than the 40 in scope: new tenants, swaps...):
    # cumulative earned 45 x 90 = 4,050 > 3,600 -> capped at 3,600.00. January..March bill 3,330.00
    # (37 dwellings), so April bills 3,600 - 3,330 = 270.00. A second visit of D001 earns nothing.
    c = _contract()
    visits = [*_visits({1: 10, 2: 15, 3: 12, 4: 8}), VisitDone("L1", "D001", date(2025, 4, 20))]
    schedule = build_progress_schedule(c, START, date(2026, 1, 1), visits)
    assert [str(i.amount) for i in schedule] == ["900.00", "1350.00", "1080.00", "270.00"]
    assert sum(i.amount for i in schedule) == Decimal("3600.00")


def test_ratio_with_catch_up() -> None:
    # By ratio: 3,600.00 x done / 40. January 10/40 -> 900.00; February 25/40 -> 2,250.00
    # cumulative, minus 900.00 -> 1,350.00; March 37/40 -> 3,330.00 - 2,250.00 = 1,080.00.
    # January was actually invoiced 800.00 (visits recorded late): February catches up,
    # 2,250.00 - 800.00 = 1,450.00; March unchanged.
    c = _contract()
    visits = _visits({1: 10, 2: 15, 3: 12})
    modes = {"L1": ProgressMode.RATIO}
    schedule = build_progress_schedule(c, START, date(2025, 4, 1), visits, modes=modes)
    assert [str(i.amount) for i in schedule] == ["900.00", "1350.00", "1080.00"]
    billed = {schedule[0].id: Decimal("800.00")}
    caught_up = build_progress_schedule(
        c,
        START,
        date(2025, 4, 1),
        visits,
        modes=modes,
        already_billed=billed,
    )
    assert [str(i.amount) for i in caught_up] == ["800.00", "1450.00", "1080.00"]


def test_visits_done_from_attempts() -> None:
    # Only done attempts of interventions naming a line and a dwelling count, on their local date.
    interventions = [
        Intervention(
            "I1",
            "C1",
            InterventionKind.PREVENTIVE,
            "UG-A",
            dwelling_id="D1",
            visit_type_id="VT",
            service_line_id="L1",
        ),
        Intervention(
            "I2",
            "C1",
            InterventionKind.PREVENTIVE,
            "UG-A",
            dwelling_id="D2",
            visit_type_id="VT",
            service_line_id="L1",
        ),
    ]
    attempts = [
        VisitAttempt("A1", "I1", datetime(2025, 1, 31, 23, 30, tzinfo=PARIS), Outcome.DONE),
        VisitAttempt("A2", "I2", datetime(2025, 1, 12, 9, tzinfo=PARIS), Outcome.ABSENT),
    ]
    assert visits_done(interventions, attempts) == [VisitDone("L1", "D1", date(2025, 1, 31))]
