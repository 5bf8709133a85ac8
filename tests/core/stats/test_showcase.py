"""The statistics walk-through on the demo portfolio (what ``savcore demo`` can print)."""

from __future__ import annotations

import attrs

from savcore.demo import build_demo_portfolio
from savcore.periods import Period
from savcore.stats.showcase import simulate_campaign, statistics_showcase

PORTFOLIO = build_demo_portfolio()
YEAR = Period.year(2018)


def test_the_showcase_builds_every_report_deterministically() -> None:
    text, reports = statistics_showcase(PORTFOLIO, period=YEAR)
    assert [r.name for r in reports] == [
        "penetration",
        "dwellings",
        "not-done",
        "repairs",
        "activity",
        "supplies",
        "requests",
        "schedule",
        "invoices",
    ]
    assert text.startswith("Statistiques du contrat CT-OPH-2018, du 01/01/2018 au 31/12/2018")
    assert "Taux global : " in text
    totals = reports[0].totals()
    assert totals["done"] + totals["not_done"] + totals["pending"] == totals["in_scope"] == 1640
    # The simulated pattern: 6 visits done out of 10 (plus the demo's own visits).
    assert totals["done"] >= 1640 * 6 // 10
    assert statistics_showcase(PORTFOLIO, period=YEAR) == (text, reports)


def test_the_simulated_attempts_stay_in_the_period_on_working_days() -> None:
    contract = next(c for c in PORTFOLIO.contracts if c.id == "CT-OPH-2018")
    interventions, attempts = simulate_campaign(PORTFOLIO, contract, YEAR)
    assert len({i.dwelling_id for i in interventions}) == len(interventions)
    assert all(a.at.date() in YEAR and a.at.weekday() < 5 for a in attempts)
    assert max(a.number for a in attempts) <= contract.attempts.max_attempts


def test_no_collective_contract() -> None:
    others = tuple(c for c in PORTFOLIO.contracts if c.kind.value != "collective")
    text, reports = statistics_showcase(attrs.evolve(PORTFOLIO, contracts=others), period=YEAR)
    assert (text, reports) == ("Statistiques : aucun contrat collectif dans le portefeuille.", [])
