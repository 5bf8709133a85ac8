"""Intervention-request deadline compliance per urgency level."""

from __future__ import annotations

from decimal import Decimal

from savcore.stats import requests_report
from tests.core.stats.scenario import CONTRACT, REQUESTS, YEAR, at


def test_compliance_per_urgency_level() -> None:
    report = requests_report(CONTRACT, REQUESTS, YEAR)
    assert report.to_records() == [
        {
            # DI-1 on time (2 h), DI-2 late by 1 h 30 = 2 started hours x 50.00 = 100.00.
            # Mean delay (2 h + 5 h 30) / 2 = 3.75 h. DI-5 (2024) is outside the period.
            "level": "U1",
            "label": "Urgence 1",
            "delay": "4 h (7 j/7)",
            "received": 2,
            "met": 1,
            "late": 1,
            "open": 0,
            "rate": Decimal("0.5000"),
            "mean_delay": Decimal("3.75"),
            "penalty": Decimal("100.00"),
        },
        {
            # DI-3 arrived after 4 days (96 h), before the end of the 5th working day: on time.
            # DI-4 (29/12) is due at the end of 06/01/2026: still open on 01/01/2026.
            "level": "U3",
            "label": "Urgence 3",
            "delay": "5 jour(s) ouvré(s)",
            "received": 2,
            "met": 1,
            "late": 0,
            "open": 1,
            "rate": Decimal("1.0000"),
            "mean_delay": Decimal("96.00"),
            "penalty": Decimal("0.00"),
        },
    ]
    assert report.totals() == {
        "received": 4,
        "met": 2,
        "late": 0 + 1,
        "open": 1,
        "penalty": Decimal("100.00"),
    }
    # 2 on time out of 3 decided: 0.6666 (cut).
    assert report.notes == (
        "Taux de respect global : 66,66 %",
        "1 demande(s) annulée(s) non comptée(s)",
    )
    assert ("Situation au", "01/01/2026 00:00") in report.parameters


def test_a_later_moment_makes_an_open_request_late() -> None:
    # On 12/01/2026, DI-4 (due at the end of 06/01) is late: 07/01 to 12/01 holds 4 working days
    # (07, 08, 09, 12) = 4 x 80.00 = 320.00 (under the 400.00 cap).
    report = requests_report(CONTRACT, REQUESTS, YEAR, now=at(2026, 1, 12, 12))
    u3 = report.to_records()[1]
    assert (u3["late"], u3["open"], u3["penalty"]) == (1, 0, Decimal("320.00"))
