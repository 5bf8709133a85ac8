"""Penetration rate per UG on the small portfolio (see ``scenario``), by hand."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import attrs
import pytest

from savcore.errors import ValidationError
from savcore.model.sites import Dwelling
from savcore.periods import Period
from savcore.stats import penetration, penetration_counts
from tests.core.stats.scenario import (
    ATTEMPTS,
    CONTRACT,
    DWELLINGS,
    INTERVENTIONS,
    RULE,
    UNITS,
    YEAR,
)


def _report(rule=RULE, period=YEAR, **kw):  # type: ignore[no-untyped-def]
    contract = attrs.evolve(CONTRACT, penetration=rule)
    return penetration(contract, DWELLINGS, INTERVENTIONS, ATTEMPTS, period, units=UNITS, **kw)


def _row(report, unit_id):  # type: ignore[no-untyped-def]
    return next(r for r in report.to_records() if r["ug"] == unit_id)


def test_contract_rule_vacant_excluded_refusals_counted() -> None:
    report = _report()
    # UG1: 6 in scope; done L1, L2; not done L3 (refusal), L4 (3rd absence); pending L5, L6.
    # L5 vacant the whole year: out of the base. Base 6 - 1 = 5; rate 2 / 5 = 0.4.
    assert _row(report, "UG1") == {
        "ug": "UG1",
        "residence": "Résidence UG1",
        "in_scope": 6,
        "done": 2,
        "not_done": 2,
        "pending": 2,
        "vacant": 1,
        "refused": 0,
        "base": 5,
        "rate": Decimal("0.4000"),
        "meets": False,
    }
    # UG2: M3 withdrawn on 01/01/2025 and M4 added on 01/01/2026 are out of scope: 6 in scope.
    # Done M1, M2 (added 01/07, still in scope); not done M6 (appliance stopped); pending M5 (vacant
    # five months only: counted), M7 (visits in 2024 and 2026 only), M8 (VMC visit only).
    # Rate 2 / 6 = 0.33333... cut to 0.3333.
    assert _row(report, "UG2") == {
        "ug": "UG2",
        "residence": "Résidence UG2",
        "in_scope": 6,
        "done": 2,
        "not_done": 1,
        "pending": 3,
        "vacant": 0,
        "refused": 0,
        "base": 6,
        "rate": Decimal("0.3333"),
        "meets": False,
    }
    # UG3 has no dwelling: no base, no rate, no verdict.
    assert _row(report, "UG3")["rate"] is None
    assert _row(report, "UG3")["meets"] is None
    # Totals: 12 in scope, 4 done, base 11; overall 4 / 11 = 0.363636... -> 36,36 %.
    assert report.totals() == {
        "in_scope": 12,
        "done": 4,
        "not_done": 3,
        "pending": 5,
        "vacant": 1,
        "refused": 0,
        "base": 11,
    }
    assert report.notes[0] == "Taux global : 36,36 % (4 réalisé(s) sur une base de 11 logement(s))"
    assert "Objectif global non atteint" in report.notes
    assert ("Objectif contractuel", "75,00 %") in report.parameters


def test_refusals_excluded_from_the_base() -> None:
    report = _report(attrs.evolve(RULE, exclude_refused=True))
    # UG1: L3 refused leaves the base: 6 - 1 (vacant L5) - 1 (refusal L3) = 4; rate 2 / 4 = 0.5.
    row = _row(report, "UG1")
    assert (row["refused"], row["base"], row["rate"]) == (1, 4, Decimal("0.5000"))
    # L4 failed three times by absence: not a refusal, stays in the base.
    assert row["not_done"] == 2
    # UG2: the appliance stopped (M6) is not a refusal.
    assert _row(report, "UG2")["refused"] == 0


def test_vacant_dwellings_counted_when_the_rule_keeps_them() -> None:
    report = _report(attrs.evolve(RULE, exclude_vacant=False))
    # UG1: base 6, rate 2 / 6 = 0.3333.
    row = _row(report, "UG1")
    assert (row["vacant"], row["base"], row["rate"]) == (0, 6, Decimal("0.3333"))


def test_every_preventive_visit_counts_when_the_rule_names_none() -> None:
    report = _report(attrs.evolve(RULE, visit_type_ids=frozenset()))
    # M8's VMC visit now counts: UG2 done 3 (M1, M2, M8), pending 2; rate 3 / 6 = 0.5.
    row = _row(report, "UG2")
    assert (row["done"], row["pending"], row["rate"]) == (3, 2, Decimal("0.5000"))
    assert ("Visites comptées", "toutes les visites préventives") in report.parameters


def test_visit_types_given_override_the_rule() -> None:
    report = _report(visit_type_ids=["VMC"])
    # Only M8 counts anywhere: UG1 done 0; UG2 done 1.
    assert (_row(report, "UG1")["done"], _row(report, "UG2")["done"]) == (0, 1)


def test_threshold_met_on_exact_equality() -> None:
    # UG1 with refusals excluded: 2 / 4 = 0.5; a 50 % target is met exactly.
    report = _report(attrs.evolve(RULE, exclude_refused=True, threshold=Decimal("0.5")))
    assert _row(report, "UG1")["meets"] is True
    assert _row(report, "UG2")["meets"] is False  # 2 / 6


def test_no_threshold_no_verdict_column() -> None:
    report = _report(attrs.evolve(RULE, threshold=None))
    assert "meets" not in report.keys


def test_a_vacant_dwelling_done_counts_as_done() -> None:
    # L5 vacant all year but visited on 01/07: done, and kept in the base (rate within [0, 1]).
    from savcore.model.operations import Outcome, VisitAttempt
    from tests.core.stats.scenario import at

    visit = VisitAttempt("L5-P1", "V-L5-ENT-CHAU", at(2025, 7, 1), Outcome.DONE)
    counts = penetration_counts(CONTRACT, DWELLINGS, INTERVENTIONS, [*ATTEMPTS, visit], YEAR)
    ug1 = counts[0]
    # UG1: done 3 (L1, L2, L5), vacant 0, base 6, rate 3 / 6.
    assert (ug1.done, ug1.vacant, ug1.base, ug1.rate) == (3, 0, 6, Decimal("0.5000"))


def test_contiguous_vacancies_make_a_whole_vacant_period() -> None:
    # Vacant 01/01-01/07 then 01/07-01/01: vacant the whole year.
    split = Dwelling(
        "L5",
        "UG1",
        "REF-L5",
        vacancies=(
            Period(date(2025, 1, 1), date(2025, 7, 1)),
            Period(date(2025, 7, 1), date(2026, 1, 1)),
        ),
    )
    # A gap of one day (30/06) makes it occupied for that day: not vacant throughout.
    gap = attrs.evolve(
        split,
        vacancies=(
            Period(date(2025, 1, 1), date(2025, 6, 30)),
            Period(date(2025, 7, 1), date(2026, 1, 1)),
        ),
    )
    others = [d for d in DWELLINGS if d.id != "L5"]
    vacant = penetration_counts(CONTRACT, [*others, split], INTERVENTIONS, ATTEMPTS, YEAR)[0]
    occupied = penetration_counts(CONTRACT, [*others, gap], INTERVENTIONS, ATTEMPTS, YEAR)[0]
    assert (vacant.vacant, occupied.vacant) == (1, 0)


def test_vacancy_only_over_the_days_in_scope() -> None:
    # Added on 01/07/2025 and vacant from 01/07: vacant every day it was in scope.
    late = Dwelling(
        "L7",
        "UG1",
        "REF-L7",
        added_on=date(2025, 7, 1),
        vacancies=(Period(date(2025, 7, 1), date(2026, 3, 1)),),
    )
    counts = penetration_counts(CONTRACT, [*DWELLINGS, late], INTERVENTIONS, ATTEMPTS, YEAR)[0]
    assert (counts.in_scope, counts.vacant) == (7, 2)


def test_attempts_outside_the_period_are_ignored() -> None:
    # First half of 2025: M1 (05/05) done; M2 added 01/07 is out of scope; M6 stopped 01/10 is
    # pending; M8 (VMC) pending.
    half = Period(date(2025, 1, 1), date(2025, 7, 1))
    ug2 = penetration_counts(CONTRACT, DWELLINGS, INTERVENTIONS, ATTEMPTS, half)[1]
    # In scope: M1, M5, M6, M7, M8 = 5; done 1; not done 0; pending 4.
    assert (ug2.in_scope, ug2.done, ug2.not_done, ug2.pending) == (5, 1, 0, 4)


def test_the_period_boundaries_are_paris_days() -> None:
    # An attempt at 00:30 Paris on 01/01/2026 (23:30 UTC on 31/12/2025) is outside 2025.
    from datetime import UTC, datetime

    from savcore.model.operations import Outcome, VisitAttempt

    late = VisitAttempt(
        "L6-P2", "V-L6-ENT-CHAU", datetime(2025, 12, 31, 23, 30, tzinfo=UTC), Outcome.DONE, number=2
    )
    early = attrs.evolve(late, at=datetime(2025, 12, 31, 22, 30, tzinfo=UTC))  # 23:30 Paris
    ug1 = penetration_counts(CONTRACT, DWELLINGS, INTERVENTIONS, [*ATTEMPTS, late], YEAR)[0]
    assert ug1.done == 2
    ug1 = penetration_counts(CONTRACT, DWELLINGS, INTERVENTIONS, [*ATTEMPTS, early], YEAR)[0]
    assert ug1.done == 3


def test_rates_are_cut_not_rounded() -> None:
    # 2 / 3 = 0.66666...: 0.6666, not 0.6667 (a 66,67 % target is not reached).
    from savcore.stats._common import rate

    assert rate(2, 3) == Decimal("0.6666")
    assert rate(0, 0) is None


def test_not_a_period() -> None:
    with pytest.raises(ValidationError):
        penetration(CONTRACT, DWELLINGS, INTERVENTIONS, ATTEMPTS, (date(2025, 1, 1),))  # type: ignore[arg-type]


def test_text_rendering_is_french() -> None:
    text = _report().render_text()
    assert "Taux de pénétration" in text
    assert "40,00 %" in text
    assert "33,33 %" in text


def test_penetration_plots_and_converts_when_the_extras_are_installed() -> None:
    pytest.importorskip("matplotlib")
    pd = pytest.importorskip("pandas")
    import matplotlib

    matplotlib.use("Agg")
    report = _report()
    ax = report.plot("ug", "rate")
    assert [t.get_text() for t in ax.get_xticklabels()] == ["UG1", "UG2", "UG3"]
    assert ax.get_ylim() == (0.0, 1.0)
    frame = report.to_pandas()
    assert isinstance(frame, pd.DataFrame)
    assert list(frame["Taux de pénétration"])[:2] == [Decimal("0.4000"), Decimal("0.3333")]
    assert "<caption>Taux de pénétration par UG</caption>" in report._repr_html_()
