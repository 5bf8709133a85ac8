"""Dwellings per residence (date done, absences) and visits not done, on the small portfolio."""

from __future__ import annotations

from datetime import date

from savcore.stats import dwellings_report, not_done_report, penetration_counts
from tests.core.stats.scenario import ATTEMPTS, CONTRACT, DWELLINGS, INTERVENTIONS, UNITS, YEAR


def test_dwellings_per_residence_with_absence_dates() -> None:
    report = dwellings_report(CONTRACT, DWELLINGS, INTERVENTIONS, ATTEMPTS, YEAR, units=UNITS)
    rows = {(r["ug"], r["dwelling"]): r for r in report.to_records()}
    # In scope only, residence by residence: 6 in UG1, 6 in UG2 (M3, M4 out; X1 not under C1).
    assert [key[1] for key in rows] == [
        *(f"REF-L{i}" for i in range(1, 7)),
        *(f"REF-M{i}" for i in (1, 2, 5, 6, 7, 8)),
    ]
    l2 = rows[("UG1", "REF-L2")]
    # L2: absent 10/03 and 20/03, done 02/04 at the 3rd attempt.
    assert (l2["state"], l2["done_on"], l2["first_absence_on"], l2["second_absence_on"]) == (
        "réalisée",
        date(2025, 4, 2),
        date(2025, 3, 10),
        date(2025, 3, 20),
    )
    assert l2["attempts"] == 3
    l4 = rows[("UG1", "REF-L4")]
    assert (l4["state"], l4["done_on"], l4["second_absence_on"]) == (
        "non faite",
        None,
        date(2025, 3, 20),
    )
    assert l4["reason"] == "locataire absent au passage n° 3 (dernier passage prévu au contrat : 3)"
    assert rows[("UG1", "REF-L3")]["reason"] == "refus du locataire au passage n° 1"
    l6 = rows[("UG1", "REF-L6")]
    assert (l6["state"], l6["first_absence_on"], l6["second_absence_on"]) == (
        "en attente",
        date(2025, 3, 10),
        None,
    )
    # L5 has a visit with no attempt; M8 has no counting visit at all: both pending, 0 attempts.
    assert rows[("UG1", "REF-L5")]["state"] == "en attente"
    assert (rows[("UG2", "REF-M8")]["state"], rows[("UG2", "REF-M8")]["attempts"]) == (
        "en attente",
        0,
    )
    # M7's visits on 15/12/2024 and 05/01/2026 are outside 2025.
    assert rows[("UG2", "REF-M7")]["done_on"] is None
    # Attempts in the period: L1 1, L2 3, L3 1, L4 3, L6 1, M1 1, M2 1, M6 1 = 12.
    assert report.totals() == {"attempts": 12}
    assert report.notes == ("12 logement(s) : 4 réalisé(s), 3 non fait(s), 5 en attente",)


def test_dwellings_report_agrees_with_the_penetration_counts() -> None:
    report = dwellings_report(CONTRACT, DWELLINGS, INTERVENTIONS, ATTEMPTS, YEAR)
    counts = penetration_counts(CONTRACT, DWELLINGS, INTERVENTIONS, ATTEMPTS, YEAR)
    for c in counts:
        states = [r["state"] for r in report.to_records() if r["ug"] == c.unit_id]
        assert states.count("réalisée") == c.done
        assert states.count("non faite") == c.not_done
        assert states.count("en attente") == c.pending


def test_visits_not_done_with_reasons() -> None:
    report = not_done_report(CONTRACT, DWELLINGS, INTERVENTIONS, ATTEMPTS, YEAR, units=UNITS)
    assert [
        (r["ug"], r["dwelling"], r["last_outcome"], r["reason"]) for r in report.to_records()
    ] == [
        ("UG1", "REF-L3", "refus du locataire", "refus du locataire au passage n° 1"),
        (
            "UG1",
            "REF-L4",
            "locataire absent",
            "locataire absent au passage n° 3 (dernier passage prévu au contrat : 3)",
        ),
        (
            "UG2",
            "REF-M6",
            "appareil arrêté (mise en sécurité)",
            "appareil arrêté (mise en sécurité) au passage n° 1",
        ),
    ]
    # Attempts: L3 1 + L4 3 + M6 1 = 5.
    assert report.totals() == {"attempts": 5}
    assert report.notes == (
        "UG1 : 2 visite(s) non faite(s)",
        "UG2 : 1 visite(s) non faite(s)",
    )
    first = report.to_records()[1]
    assert (first["first_absence_on"], first["second_absence_on"]) == (
        date(2025, 3, 10),
        date(2025, 3, 20),
    )


def test_nothing_not_done() -> None:
    report = not_done_report(CONTRACT, DWELLINGS, INTERVENTIONS, [], YEAR)
    assert report.rows == ()
    assert report.notes == ("Aucune visite non faite",)
