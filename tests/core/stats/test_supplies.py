"""Replaced supplies per UG, priced with the warranty discounts or unpriced."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from savcore.periods import Period
from savcore.stats import supplies_report
from tests.core.stats.scenario import ATTEMPTS, BPU, CONTRACT, INTERVENTIONS, UNITS, YEAR

# Partial warranty on the family "pieces", 100 %, capped at 200.00 a contract year.
# In order: R1 (03/02) circulator 150.00, covered: discount 150.00 (50.00 left of the cap);
# L1 (10/03) thermocouple 80.00, covered: discount 50.00 (the cap is reached), net 30.00;
# R2 (12/06) 2 seals priced from the BPU at 12.50 = 25.00, family "joints": not covered.


def test_priced_supplies_with_coverage_discounts() -> None:
    report = supplies_report(CONTRACT, INTERVENTIONS, ATTEMPTS, YEAR, schedules=[BPU], units=UNITS)
    assert [(r[0], r[2], *r[5:]) for r in report.rows] == [
        ("UG1", "CIRC", 1, Decimal(1), Decimal("150.00"), Decimal("150.00"), Decimal("0.00")),
        ("UG1", "THERMO", 1, Decimal(1), Decimal("80.00"), Decimal("50.00"), Decimal("30.00")),
        ("UG2", "JOINT", 1, Decimal(2), Decimal("25.00"), Decimal("0.00"), Decimal("25.00")),
    ]
    # 150 + 80 + 25 = 255.00; discounts 150 + 50 = 200.00 (the yearly cap); net 55.00.
    assert report.totals() == {
        "interventions": 3,
        "quantity": Decimal(4),
        "gross": Decimal("255.00"),
        "discount": Decimal("200.00"),
        "net": Decimal("55.00"),
    }
    assert ("Garantie", "garantie partielle (P3)") in report.parameters


def test_the_cap_used_before_the_period_still_counts() -> None:
    # From 01/03: the circulator (03/02) is not listed, but it used 150.00 of the 2025 cap, so the
    # thermocouple still gets only 50.00, as on the invoices.
    spring = Period(date(2025, 3, 1), date(2026, 1, 1))
    report = supplies_report(CONTRACT, INTERVENTIONS, ATTEMPTS, spring, schedules=[BPU])
    thermo = next(r for r in report.to_records() if r["item"] == "THERMO")
    assert (thermo["discount"], thermo["net"]) == (Decimal("50.00"), Decimal("30.00"))
    assert [r["item"] for r in report.to_records()] == ["THERMO", "JOINT"]


def test_a_supply_priced_nowhere_is_listed_without_amounts() -> None:
    report = supplies_report(CONTRACT, INTERVENTIONS, ATTEMPTS, YEAR)  # no BPU
    joint = next(r for r in report.to_records() if r["item"] == "JOINT")
    assert (joint["quantity"], joint["gross"], joint["net"]) == (Decimal(2), None, None)
    assert report.notes == (
        "UG2 / JOINT : 1 fourniture(s) sans prix (ni prix saisi, ni article au bordereau) : "
        "montants non calculés",
    )
    # The others are still priced and discounted.
    assert report.totals()["discount"] == Decimal("200.00")


def test_unpriced_supplies_are_quantities_only() -> None:
    report = supplies_report(CONTRACT, INTERVENTIONS, ATTEMPTS, YEAR, priced=False)
    assert report.keys == [
        "ug",
        "residence",
        "item",
        "label",
        "family",
        "interventions",
        "quantity",
    ]
    assert [(r["ug"], r["item"], r["quantity"]) for r in report.to_records()] == [
        ("UG1", "CIRC", Decimal(1)),
        ("UG1", "THERMO", Decimal(1)),
        ("UG2", "JOINT", Decimal(2)),
    ]
    assert report.title == "Fournitures remplacées par UG (non chiffrées)"
