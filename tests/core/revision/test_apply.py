"""Applying revisions to service lines, contracts and price schedules (BPU)."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from savcore.errors import ConfigurationError, DuplicateError
from savcore.model.catalog import PriceItem, PriceSchedule, PriceScheduleVersion
from savcore.model.contracts import Contract, ContractKind, ServiceLine
from savcore.model.indices import (
    FamilyFormula,
    IndexTerm,
    Revision,
    RevisionClause,
    RevisionFormula,
    RevisionSubject,
)
from savcore.money import VatRate
from savcore.periods import Period
from savcore.revision import (
    IndexRegistry,
    compute_revision,
    revise_contract,
    revise_price_schedule,
    revise_service_line,
)
from savcore.timeline import Timeline
from tests.core.revision.conftest import bt40_clause

D = Decimal
START = date(2018, 1, 1)
REVISED_ON = date(2018, 12, 1)


def _revision(
    registry: IndexRegistry,
    clause: RevisionClause,
    subject: RevisionSubject = RevisionSubject.CONTRACT,
    subject_id: str = "C1",
    families: tuple[str | None, ...] = (None,),
) -> Revision:
    return compute_revision(
        clause,
        registry,
        revision_id="REV-2018-12",
        subject=subject,
        subject_id=subject_id,
        application_date=REVISED_ON,
        computed_on=date(2019, 4, 1),
        families=families,
    )


def _line(price: str = "1000.00", **kwargs: object) -> ServiceLine:
    return ServiceLine(
        id="L1",
        label="Entretien chaudières",
        unit_price=Timeline.constant(D(price), START),
        **kwargs,  # type: ignore[arg-type]
    )


def test_service_line_gets_a_new_price_from_the_application_date(registry: IndexRegistry) -> None:
    # C = 1.0144 (BT40 example); P = 1000.00 x 1.0144 = 1014.40 from 1 December 2018
    clause = bt40_clause()
    line = revise_service_line(_line(), _revision(registry, clause), clause)
    assert line.unit_price.value_at(date(2018, 11, 30)) == D("1000.00")
    assert line.unit_price.value_at(REVISED_ON) == D("1014.40")
    assert [c.effective for c in line.unit_price.changes] == [START, REVISED_ON]


def test_revised_price_uses_the_base_price_not_the_previous_revised_one(
    registry: IndexRegistry,
) -> None:
    # A line already revised once (1,010.00 from 1 June 2018): the December revision is computed
    # from P0 = 1,000.00 (P0 x 1.0144 = 1,014.40), not from 1,010.00 (which would give 1,024.54).
    clause = bt40_clause()
    line = _line()
    line = ServiceLine(
        id=line.id,
        label=line.label,
        unit_price=line.unit_price.with_change(date(2018, 6, 1), D("1010.00")),
    )
    revised = revise_service_line(line, _revision(registry, clause), clause)
    assert revised.unit_price.value_at(REVISED_ON) == D("1014.40")
    assert revised.unit_price.value_at(date(2018, 6, 1)) == D("1010.00")


def test_non_revisable_and_ended_lines_are_unchanged(registry: IndexRegistry) -> None:
    clause = bt40_clause()
    revision = _revision(registry, clause)
    fixed = _line(revisable=False)
    assert revise_service_line(fixed, revision, clause) is fixed
    ended = _line(end=date(2018, 10, 1))
    assert revise_service_line(ended, revision, clause) is ended


def test_line_of_a_family_without_formula_is_refused(registry: IndexRegistry) -> None:
    clause = bt40_clause()
    with pytest.raises(ConfigurationError, match="famille de prix 'P3'"):
        revise_service_line(_line(price_family="P3"), _revision(registry, clause), clause)


def test_contract_revision(registry: IndexRegistry) -> None:
    clause = bt40_clause()
    contract = Contract(
        id="C1",
        customer_id="CUST",
        kind=ContractKind.SITE_MAINTENANCE,
        designation="Entretien chaufferie",
        start=START,
        duration_months=36,
        revision=clause,
        lines=(
            _line(),
            ServiceLine(
                id="L2",
                label="Forfait astreinte",
                unit_price=Timeline.constant(D("250.00"), START),
                revisable=False,
            ),
        ),
    )
    revised = revise_contract(contract, _revision(registry, clause))
    assert revised.line("L1").unit_price.value_at(REVISED_ON) == D("1014.40")
    assert revised.line("L2").unit_price.value_at(REVISED_ON) == D("250.00")
    with pytest.raises(ConfigurationError, match="C2"):
        revise_contract(contract, _revision(registry, clause, subject_id="C2"))


def _schedule_clause() -> RevisionClause:
    # Labour: 0.15 + 0.85 BT40 (C = 1.0144); supplies: 0.5 + 0.5 BT40
    #   C = 0.5 + 0.5 x 107.70 / 105.90 = 0.5 + 0.508498583... = 1.008498583... -> 1.0085
    return bt40_clause(
        family_formulas=(
            FamilyFormula("MO", RevisionFormula.single("BT40", D("0.15"))),
            FamilyFormula("FOURN", RevisionFormula(D("0.5"), (IndexTerm("BT40", D("0.5")),))),
        )
    )


def _schedule() -> PriceSchedule:
    items = (
        PriceItem("1.1", "Heure de main-d'œuvre", "h", D("55.00"), family="MO"),
        PriceItem("2.1", "Circulateur", "u", D("312.40"), family="FOURN"),
        PriceItem("3.1", "Déplacement", "forfait", D("35.00")),
    )
    return PriceSchedule("BPU-1", "BPU accord-cadre", (PriceScheduleVersion(START, items),))


def test_price_schedule_revision_by_family(registry: IndexRegistry) -> None:
    clause = _schedule_clause()
    revision = _revision(
        registry,
        clause,
        RevisionSubject.PRICE_SCHEDULE,
        "BPU-1",
        families=("MO", "FOURN", None),
    )
    schedule = revise_price_schedule(_schedule(), revision, clause)
    assert len(schedule.versions) == 2
    assert schedule.versions[1].revision_id == "REV-2018-12"
    # MO: 55.00 x 1.0144 = 55.792 -> 55.79
    assert schedule.price_of("1.1", REVISED_ON) == D("55.79")
    # FOURN: 312.40 x 1.0085 = 315.0554 -> 315.06
    assert schedule.price_of("2.1", REVISED_ON) == D("315.06")
    # no family: default formula 1.0144: 35.00 x 1.0144 = 35.504 -> 35.50
    assert schedule.price_of("3.1", REVISED_ON) == D("35.50")
    # the day before: the initial prices, unchanged
    assert schedule.price_of("1.1", date(2018, 11, 30)) == D("55.00")
    assert schedule.versions[0] == _schedule().versions[0]
    # the revised items keep everything but the price
    assert schedule.item("2.1", REVISED_ON).family == "FOURN"
    assert schedule.item("2.1", REVISED_ON).label == "Circulateur"


def test_revised_version_equals_one_built_with_every_check(registry: IndexRegistry) -> None:
    clause = _schedule_clause()
    revision = _revision(
        registry, clause, RevisionSubject.PRICE_SCHEDULE, "BPU-1", families=("MO", "FOURN", None)
    )
    revised = revise_price_schedule(_schedule(), revision, clause).versions[1]
    # the same version through the validating constructors (items and version checked again)
    checked = PriceScheduleVersion(
        REVISED_ON,
        tuple(
            PriceItem(i.code, i.label, i.unit, i.unit_price, i.vat_rate, i.family)
            for i in revised.items
        ),
        revision_id="REV-2018-12",
    )
    assert revised == checked
    assert [i.unit_price for i in revised.items] == [D("55.79"), D("315.06"), D("35.50")]
    assert revised.item("2.1") is revised.items[1]


def test_revised_prices_ignore_the_callers_decimal_context(registry: IndexRegistry) -> None:
    import decimal

    clause = _schedule_clause()
    revision = _revision(
        registry, clause, RevisionSubject.PRICE_SCHEDULE, "BPU-1", families=("MO", "FOURN", None)
    )
    # a caller working at 3 significant digits, rounding down, trapping inexact results
    with decimal.localcontext(decimal.Context(prec=3, rounding=decimal.ROUND_DOWN)) as context:
        context.traps[decimal.Inexact] = True
        schedule = revise_price_schedule(_schedule(), revision, clause)
        assert decimal.getcontext() is context
    # 312.40 x 1.0085 = 315.0554 -> 315.06 (half-up at the cent, not 315 at 3 digits)
    assert schedule.price_of("2.1", REVISED_ON) == D("315.06")


def test_price_schedule_negative_coefficient_is_refused(registry: IndexRegistry) -> None:
    import attrs

    clause = _schedule_clause()
    revision = _revision(
        registry, clause, RevisionSubject.PRICE_SCHEDULE, "BPU-1", families=("MO", "FOURN", None)
    )
    # a record built by hand (or loaded from a file) with a negative coefficient for FOURN
    results = tuple(
        attrs.evolve(r, applied_coefficient=D("-1")) if r.family == "FOURN" else r
        for r in revision.results
    )
    with pytest.raises(ConfigurationError, match="coefficient négatif pour la famille FOURN"):
        revise_price_schedule(_schedule(), attrs.evolve(revision, results=results), clause)


def test_price_schedule_item_with_an_unknown_family_is_refused(registry: IndexRegistry) -> None:
    clause = bt40_clause()
    revision = _revision(registry, clause, RevisionSubject.PRICE_SCHEDULE, "BPU-1")
    with pytest.raises(ConfigurationError, match="famille de prix 'MO'"):
        revise_price_schedule(_schedule(), revision, clause)


def test_price_schedule_revised_twice_on_the_same_date_is_refused(registry: IndexRegistry) -> None:
    clause = _schedule_clause()
    revision = _revision(
        registry, clause, RevisionSubject.PRICE_SCHEDULE, "BPU-1", families=("MO", "FOURN", None)
    )
    once = revise_price_schedule(_schedule(), revision, clause)
    with pytest.raises(DuplicateError):
        revise_price_schedule(once, revision, clause)


def test_revision_record_keeps_periods_and_publications(registry: IndexRegistry) -> None:
    revision = _revision(registry, bt40_clause())
    term = revision.results[0].terms[0]
    assert (term.base.period, term.base.published_on) == (Period.month(2018, 1), date(2018, 4, 15))
    assert (term.current.period, term.current.published_on) == (
        Period.month(2018, 12),
        date(2019, 3, 15),
    )
    assert not revision.provisional


def test_fast_item_copy_agrees_with_attrs_evolve() -> None:
    import attrs

    from savcore.revision import apply

    item = PriceItem("2.1", "Circulateur", "u", D("312.40"), family="FOURN")
    other = PriceItem("3.1", "Heure", "h", D("55.00"), VatRate.INTERMEDIATE)
    assert apply._with_price(item, D("315.06")) == attrs.evolve(item, unit_price=D("315.06"))
    copies = apply._with_prices((item, other), (D("1.00"), D("2.00")))
    assert copies == (
        attrs.evolve(item, unit_price=D("1.00")),
        attrs.evolve(other, unit_price=D("2.00")),
    )
    # every field is copied (a field added to PriceItem one day is copied too)
    assert {f.name for f in attrs.fields(PriceItem)} == set(apply._DESCRIPTORS)
