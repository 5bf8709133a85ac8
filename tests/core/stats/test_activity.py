"""Repairs per UG and activity per service and UG, on the small portfolio."""

from __future__ import annotations

from decimal import Decimal

from savcore.stats import activity_report, repairs_report
from tests.core.stats.scenario import ATTEMPTS, CONTRACT, INTERVENTIONS, UNITS, YEAR


def test_repairs_per_unit() -> None:
    report = repairs_report(CONTRACT, INTERVENTIONS, ATTEMPTS, YEAR, units=UNITS)
    assert [r[:1] + r[2:] for r in report.rows] == [
        # R1: done 03/02 on request DI-1, 90 min. (R3 in 2024 and O1 of contract C2 left out.)
        ("UG1", 1, 1, 1, 1, 90),
        # R2: absent 10/06 (15 min), done 12/06 (60 min): 2 attempts, 75 min, no request.
        ("UG2", 1, 1, 0, 2, 75),
        ("UG3", 0, 0, 0, 0, 0),
    ]
    assert report.totals() == {
        "repairs": 2,
        "completed": 2,
        "on_request": 1,
        "attempts": 3,
        "minutes": 165,
    }


def test_activity_per_service_and_unit() -> None:
    report = activity_report(CONTRACT, INTERVENTIONS, ATTEMPTS, YEAR, units=UNITS)
    rows = [(r[0], r[2], *r[4:]) for r in report.rows]
    assert rows == [
        # P2-UG1: L1 (45), L2 (10 + 10 + 45), L3 (5), L4 (10 x 3), L6 (10): 5 visits, 9 attempts,
        # 2 done, 155 min = 2.583 h -> 2.58.
        ("P2-UG1", "UG1", 5, 9, 2, 155, Decimal("2.58")),
        # P2-UG2: M1 (45), M2 (45), M6 (30); M3 and M7 have no attempt in 2025: 120 min = 2.00 h.
        ("P2-UG2", "UG2", 3, 3, 2, 120, Decimal("2.00")),
        # P3: the repairs, R1 90 min = 1.50 h; R2 75 min = 1.25 h.
        ("P3", "UG1", 1, 1, 1, 90, Decimal("1.50")),
        ("P3", "UG2", 1, 2, 1, 75, Decimal("1.25")),
        # M8's VMC visit names no service line: 20 min = 0.333 h -> 0.33.
        ("(sans prestation)", "UG2", 1, 1, 1, 20, Decimal("0.33")),
    ]
    # 155 + 120 + 90 + 75 + 20 = 460 min; hours summed row by row: 7.66 (460 / 60 = 7.67).
    assert report.totals() == {
        "interventions": 11,
        "attempts": 16,
        "done": 7,
        "minutes": 460,
        "hours": Decimal("7.66"),
    }
    assert report.notes == (
        "Temps passé total : 460 min, soit 7,67 h (les heures sont arrondies ligne à ligne)",
    )
    assert report.rows[0][1] == "Prestation P2-UG1"
    assert report.rows[0][3] == "Résidence UG1"
