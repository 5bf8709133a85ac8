"""The operations walk-through on the demo portfolio."""

from __future__ import annotations

from datetime import date, datetime

from savcore.calendars import PARIS
from savcore.demo import build_demo_portfolio
from savcore.operations import operations_showcase
from savcore.periods import Period


def test_showcase_on_the_demo_portfolio() -> None:
    text = operations_showcase(
        build_demo_portfolio(),
        window=Period(date(2018, 10, 1), date(2018, 12, 1)),
        now=datetime(2018, 12, 31, 18, tzinfo=PARIS),
    )
    assert text.startswith("Campagne d'entretien CAMP-2018, UG UG-01 (CT-OPH-2018)")
    # Absent on Mon 01/10 and Mon 08/10 (7 days later), absent again at the 3rd attempt.
    assert (
        "UG-01-L0003     non faite  -           01/10/2018  08/10/2018  locataire absent au "
        "passage n° 3" in text
    )
    assert "UG-01-L0005     réalisée   15/10/2018  01/10/2018  08/10/2018" in text
    assert "DI-2018-0001 niveau U1" in text
    assert "délai tenu" in text
    assert "Bons de commande de AC-2018-07" in text
    # Deterministic.
    assert text == operations_showcase(
        build_demo_portfolio(),
        window=Period(date(2018, 10, 1), date(2018, 12, 1)),
        now=datetime(2018, 12, 31, 18, tzinfo=PARIS),
    )
