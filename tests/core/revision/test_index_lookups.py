"""Index look-ups as clauses use them: value for a month, lag of n months, last published as of a
date (with a late publication), publications kept side by side, linking across a base change."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from savcore.errors import DuplicateError, MissingValueError, NotFoundError, ValidationError
from savcore.model.indices import (
    Index,
    IndexFrequency,
    IndexTerm,
    IndexValue,
    RevisionClause,
    RevisionFormula,
    RevisionSubject,
    ValueSelection,
    ValueStatus,
)
from savcore.periods import Period
from savcore.revision import IndexRegistry, compute_revision
from tests.core.revision.conftest import BT40, bt40_clause, bt40_values

D = Decimal


def test_value_for_a_month(registry: IndexRegistry) -> None:
    value = registry.value_for("BT40", Period.month(2018, 12))
    assert value.value == D("107.70")
    assert value.published_on == date(2019, 3, 15)


def test_value_not_yet_published_as_of_a_date(registry: IndexRegistry) -> None:
    # 2018-12 is published on 15 March 2019: on 1 March it is not known yet.
    with pytest.raises(MissingValueError) as info:
        registry.value_for("BT40", Period.month(2018, 12), as_of=date(2019, 3, 1))
    assert info.value.key == "BT40"
    assert info.value.at == "2018-12"
    assert "2018-12" in str(info.value)
    assert "BT40" in str(info.value)


def test_lag_of_three_months(registry: IndexRegistry) -> None:
    # Revision applying on 1 January 2019 with the value of M - 3: 2019-01 - 3 = 2018-10 = 107.90
    #   C = 0.15 + 0.85 x 107.90 / 105.90 = 0.15 + 0.85 x 1.018885741... = 1.016052880...
    #   4 digits half-up: 1.0161 (fifth digit 5, then 288...); down: 1.0160
    assert registry.value_lagged("BT40", date(2019, 1, 1), 3).period == Period.month(2018, 10)
    clause = bt40_clause(current_selection=ValueSelection.lagged(3))
    revision = compute_revision(
        clause,
        registry,
        revision_id="R1",
        subject=RevisionSubject.CONTRACT,
        subject_id="C1",
        application_date=date(2019, 1, 1),
        computed_on=date(2019, 1, 31),
    )
    current = revision.results[0].terms[0].current
    assert current.period == Period.month(2018, 10)
    assert current.value == D("107.90")
    assert revision.results[0].applied_coefficient == D("1.0161")


def _late_registry() -> IndexRegistry:
    # 2018-09 should have come out on 15 December 2018 but was published late, on 10 January 2019.
    values = tuple(
        IndexValue(v.index, v.period, v.value, date(2019, 1, 10), v.status, v.source)
        if v.period == Period.month(2018, 9)
        else v
        for v in bt40_values()
    )
    return IndexRegistry((BT40,), values)


def test_last_published_as_of_with_a_late_publication() -> None:
    registry = _late_registry()
    # On 2 January 2019 the last value out is 2018-08 (published 15 November 2018): 2018-09 is late.
    before = registry.last_published("BT40", date(2019, 1, 2))
    assert (before.period, before.value) == (Period.month(2018, 8), D("107.90"))
    # On 10 January 2019 the late 2018-09 value is out: 108.20.
    after = registry.last_published("BT40", date(2019, 1, 10))
    assert (after.period, after.value) == (Period.month(2018, 9), D("108.20"))


def test_revision_with_last_published_rule_uses_what_was_known_on_the_revision_date() -> None:
    # Revision on 2 January 2019, "dernier indice connu à la date de révision": 2018-08 = 107.90
    #   C = 0.15 + 0.85 x 107.90 / 105.90 = 1.016052880... -> 1.0161
    # Even computed later (1 June 2019, when 2018-09... 2019-02 are out), the rule looks at what was
    # published on the revision date.
    clause = bt40_clause(current_selection=ValueSelection.last_published())
    revision = compute_revision(
        clause,
        _late_registry(),
        revision_id="R1",
        subject=RevisionSubject.CONTRACT,
        subject_id="C1",
        application_date=date(2019, 1, 2),
        computed_on=date(2019, 6, 1),
    )
    current = revision.results[0].terms[0].current
    assert current.period == Period.month(2018, 8)
    assert current.published_on == date(2018, 11, 15)
    assert revision.results[0].applied_coefficient == D("1.0161")


def test_a_later_publication_is_kept_beside_the_earlier_one(registry: IndexRegistry) -> None:
    # 2018-12 was published on 15 March 2019 (107.70); suppose it is revised on 15 January 2021
    # (107.80, as INSEE did for some BT months of 2020): both publications stay, and a look-up as
    # of a date sees the one in force then.
    revised = IndexValue(
        "BT40", Period.month(2018, 12), D("107.80"), date(2021, 1, 15), ValueStatus.FINAL
    )
    reg = registry.with_values([revised])
    pubs = reg.publications("BT40", Period.month(2018, 12))
    assert [p.value for p in pubs] == [D("107.70"), D("107.80")]
    assert reg.value_for("BT40", Period.month(2018, 12), as_of=date(2020, 12, 31)).value == D(
        "107.70"
    )
    assert reg.value_for("BT40", Period.month(2018, 12)).value == D("107.80")


def test_the_same_publication_given_twice_is_kept_once(registry: IndexRegistry) -> None:
    reg = registry.with_values(bt40_values())
    assert len(reg.publications("BT40", Period.month(2018, 1))) == 1


def test_two_different_values_published_the_same_day_are_refused(registry: IndexRegistry) -> None:
    clash = IndexValue("BT40", Period.month(2018, 1), D("105.95"), date(2018, 4, 15))
    with pytest.raises(DuplicateError, match="BT40 2018-01"):
        registry.with_values([clash])


def test_unknown_index_is_named(registry: IndexRegistry) -> None:
    with pytest.raises(NotFoundError, match="indice introuvable : 'BT99'") as info:
        registry.value_for("BT99", Period.month(2018, 1))
    assert info.value.key == "BT99"
    clause = RevisionClause(Period.month(2018, 1), RevisionFormula.single("BT99", D("0.15")))
    with pytest.raises(NotFoundError, match="BT99"):
        compute_revision(
            clause,
            registry,
            revision_id="R1",
            subject=RevisionSubject.CONTRACT,
            subject_id="C1",
            application_date=date(2018, 12, 1),
            computed_on=date(2019, 4, 1),
        )


def test_value_for_an_unknown_index_is_refused() -> None:
    with pytest.raises(NotFoundError, match="BT38"):
        IndexRegistry(
            (BT40,), (IndexValue("BT38", Period.month(2018, 1), D("1"), date(2018, 4, 1)),)
        )


def test_missing_value_for_the_needed_period_names_index_and_period(
    registry: IndexRegistry,
) -> None:
    # Revision on 1 March 2019 with the value for 2019-03: not in the registry at all.
    with pytest.raises(MissingValueError) as info:
        compute_revision(
            bt40_clause(),
            registry,
            revision_id="R1",
            subject=RevisionSubject.CONTRACT,
            subject_id="C1",
            application_date=date(2019, 3, 1),
            computed_on=date(2019, 7, 1),
        )
    assert info.value.key == "BT40"
    assert info.value.at == "2019-03"
    assert "BT40" in str(info.value)
    assert "2019-03" in str(info.value)


def test_quarterly_index_value_must_be_a_quarter() -> None:
    q = Index("Q", "Trimestriel", frequency=IndexFrequency.QUARTERLY)
    with pytest.raises(ValidationError, match="quarterly"):
        IndexRegistry((q,), (IndexValue("Q", Period.month(2018, 1), D("1"), date(2018, 4, 1)),))
    quarter = Period(date(2018, 10, 1), date(2019, 1, 1))
    reg = IndexRegistry((q,), (IndexValue("Q", quarter, D("101.5"), date(2019, 2, 1)),))
    assert reg.reading("Q", date(2018, 11, 15)).value == D("101.5")


def test_linking_coefficient_across_a_base_change() -> None:
    # Illustrative figures: series OLD (base 2008) stops after 2023 and is continued by NEW
    # (base 2021) with the linking coefficient k = 1.0523 (NEW = OLD x k).
    # M0 = 2019-01: only OLD has it, 118.4 -> in NEW's base: 118.4 x 1.0523 = 124.59232
    # Revision 2024-01: only NEW has it, 131.2
    #   C = 0.15 + 0.85 x 131.2 / 124.59232 = 0.15 + 0.85 x 1.053034408... = 1.045079247...
    #   -> 1.0451 (4 digits half-up); the ratio is taken in one base (NEW's).
    old = Index(
        "OLD", "Ancienne base", base="2008", successor="NEW", linking_coefficient=D("1.0523")
    )
    new = Index("NEW", "Nouvelle base", base="2021")
    reg = IndexRegistry(
        (old, new),
        (
            IndexValue("OLD", Period.month(2019, 1), D("118.4"), date(2019, 4, 15)),
            IndexValue("NEW", Period.month(2024, 1), D("131.2"), date(2024, 4, 15)),
        ),
    )
    assert reg.chain("OLD") == ("OLD", "NEW")
    assert reg.chain("NEW") == ("OLD", "NEW")
    clause = RevisionClause(Period.month(2019, 1), RevisionFormula.single("OLD", D("0.15")))
    revision = compute_revision(
        clause,
        reg,
        revision_id="R1",
        subject=RevisionSubject.CONTRACT,
        subject_id="C1",
        application_date=date(2024, 1, 1),
        computed_on=date(2024, 5, 1),
    )
    term = revision.results[0].terms[0]
    assert term.base.series == "OLD"
    assert term.base.raw_value == D("118.4")
    assert term.base.linking_coefficient == D("1.0523")
    assert term.base.value == D("124.59232")
    assert term.current.series == "NEW"
    assert term.current.value == D("131.2")
    assert revision.results[0].applied_coefficient == D("1.0451")
    # The same formula written with the new code gives the same coefficient.
    clause_new = RevisionClause(Period.month(2019, 1), RevisionFormula.single("NEW", D("0.15")))
    again = compute_revision(
        clause_new,
        reg,
        revision_id="R1",
        subject=RevisionSubject.CONTRACT,
        subject_id="C1",
        application_date=date(2024, 1, 1),
        computed_on=date(2024, 5, 1),
    )
    assert again.results[0].applied_coefficient == D("1.0451")


def test_successor_and_coefficient_go_together() -> None:
    with pytest.raises(ValidationError, match="vont ensemble"):
        Index("OLD", "x", successor="NEW")
    with pytest.raises(NotFoundError, match="NEW"):
        IndexRegistry((Index("OLD", "x", successor="NEW", linking_coefficient=D("1.1")),))


def test_provisional_fallback_uses_the_last_known_value() -> None:
    # Revision on 1 December 2018 computed on 1 January 2019: 2018-12 is not out (15 March 2019).
    # With the fallback, the last value published by then is used: 2018-09 (15 December 2018),
    # 108.20; C = 0.15 + 0.85 x 108.20 / 105.90 = 1.018460812... -> 1.0185, provisional.
    reg = IndexRegistry((BT40,), bt40_values())
    clause = bt40_clause(provisional_fallback=True)
    revision = compute_revision(
        clause,
        reg,
        revision_id="R1",
        subject=RevisionSubject.CONTRACT,
        subject_id="C1",
        application_date=date(2018, 12, 1),
        computed_on=date(2019, 1, 1),
    )
    current = revision.results[0].terms[0].current
    assert current.requested_period == Period.month(2018, 12)
    assert current.period == Period.month(2018, 9)
    assert revision.provisional
    assert revision.results[0].applied_coefficient == D("1.0185")


def test_base_value_last_published_needs_the_offer_date() -> None:
    with pytest.raises(ValidationError, match="reference_date"):
        RevisionClause(
            Period.month(2018, 1),
            RevisionFormula(D("0.15"), (IndexTerm("BT40", D("0.85")),)),
            base_selection=ValueSelection.last_published(),
        )
