"""Properties of coefficients and of applying revisions."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal

from hypothesis import given
from hypothesis import strategies as st

from savcore.model.contracts import ServiceLine
from savcore.model.indices import (
    Index,
    IndexTerm,
    IndexValue,
    RevisionClause,
    RevisionFormula,
    RevisionSubject,
)
from savcore.money import Rounding
from savcore.periods import Period
from savcore.revision import (
    IndexRegistry,
    compute_revision,
    exact_coefficient,
    revise_service_line,
    round_fraction,
)
from savcore.timeline import Timeline

D = Decimal

index_values = st.decimals(min_value=D("1.0"), max_value=D("999.9"), places=1)
roundings = st.sampled_from(list(Rounding))


@st.composite
def formulas(draw: st.DrawFn) -> RevisionFormula:
    """A formula with 1 to 4 indices, weights in thousandths summing exactly to 1."""
    n = draw(st.integers(1, 4))
    fixed = draw(st.integers(0, 300))
    cuts = sorted(
        draw(st.lists(st.integers(1, 999 - fixed), min_size=n - 1, max_size=n - 1, unique=True))
    )
    bounds = [0, *cuts, 1000 - fixed]
    weights = [bounds[i + 1] - bounds[i] for i in range(n)]
    return RevisionFormula(
        D(fixed) / 1000,
        tuple(IndexTerm(f"I{i}", D(w) / 1000) for i, w in enumerate(weights)),
    )


@given(formulas(), st.lists(index_values, min_size=4, max_size=4), st.integers(0, 6), roundings)
def test_coefficient_is_exactly_one_when_every_index_equals_its_base(
    formula: RevisionFormula, values: list[Decimal], digits: int, rounding: Rounding
) -> None:
    base = {t.index: values[i] for i, t in enumerate(formula.terms)}
    c = exact_coefficient(formula, base, base)
    assert c == 1
    assert round_fraction(c, digits, rounding) == 1


@given(
    formulas(),
    st.lists(index_values, min_size=4, max_size=4),
    st.lists(index_values, min_size=4, max_size=4),
    st.integers(0, 3),
    st.decimals(min_value=D("0.1"), max_value=D("50"), places=1),
    st.integers(0, 6),
    roundings,
)
def test_coefficient_never_decreases_when_one_index_increases(
    formula: RevisionFormula,
    base_values: list[Decimal],
    current_values: list[Decimal],
    which: int,
    increase: Decimal,
    digits: int,
    rounding: Rounding,
) -> None:
    base = {t.index: base_values[i] for i, t in enumerate(formula.terms)}
    current = {t.index: current_values[i] for i, t in enumerate(formula.terms)}
    code = formula.terms[which % len(formula.terms)].index
    higher = {**current, code: current[code] + increase}
    low = exact_coefficient(formula, base, current)
    high = exact_coefficient(formula, base, higher)
    assert high > low
    assert round_fraction(high, digits, rounding) >= round_fraction(low, digits, rounding)


START = date(2020, 1, 1)
INDEX = Index("I", "Indice de test")
CLAUSE = RevisionClause(Period.month(2020, 1), RevisionFormula.single("I", D("0.15")))


def _registry(values: list[Decimal]) -> IndexRegistry:
    # one value a month from 2020-01, each published on the 1st of the next month
    pubs = []
    for n, value in enumerate(values):
        year, month = 2020 + n // 12, n % 12 + 1
        period = Period.month(year, month)
        pubs.append(IndexValue("I", period, value, period.end))
    return IndexRegistry((INDEX,), tuple(pubs))


@given(
    st.lists(index_values, min_size=48, max_size=48),
    st.lists(st.integers(1, 47), min_size=1, max_size=4, unique=True),
    st.decimals(min_value=D("0"), max_value=D("100000"), places=2),
)
def test_applying_revisions_never_changes_a_price_before_the_application_date(
    values: list[Decimal], months: list[int], price: Decimal
) -> None:
    registry = _registry(values)
    line = ServiceLine(id="L", label="Entretien", unit_price=Timeline.constant(price, START))
    for n in months:
        day = date(2020 + n // 12, n % 12 + 1, 1)
        before = {
            d: line.unit_price.value_at(d)
            for d in (START + timedelta(days=k) for k in range(0, (day - START).days, 17))
        }
        before[day - timedelta(days=1)] = line.unit_price.value_at(day - timedelta(days=1))
        revision = compute_revision(
            CLAUSE,
            registry,
            revision_id=f"R{n}",
            subject=RevisionSubject.CONTRACT,
            subject_id="C",
            application_date=day,
            computed_on=date(2030, 1, 1),
        )
        line = revise_service_line(line, revision, CLAUSE)
        for d, p in before.items():
            assert line.unit_price.value_at(d) == p
