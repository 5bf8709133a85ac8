"""Hand-computed coefficients: the BT40 example of the reference page, the rounding modes, a
two-index formula, nested formulas."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from fractions import Fraction

import pytest

from savcore.errors import FloatAmountError, MissingValueError, ValidationError
from savcore.model.indices import IndexTerm, RevisionClause, RevisionFormula, RevisionSubject
from savcore.money import Rounding
from savcore.periods import Period
from savcore.revision import (
    IndexRegistry,
    compute_revision,
    exact_coefficient,
    revised_price,
    round_fraction,
)
from tests.core.revision.conftest import BT40, bt40_clause, bt40_values

D = Decimal


def _revise(registry: IndexRegistry, clause: RevisionClause) -> Decimal:
    # Revision applying on 1 December 2018, value for the month of application (2018-12),
    # computed on 1 April 2019 (2018-12 is published on 15 March 2019).
    revision = compute_revision(
        clause,
        registry,
        revision_id="R1",
        subject=RevisionSubject.CONTRACT,
        subject_id="C1",
        application_date=date(2018, 12, 1),
        computed_on=date(2019, 4, 1),
    )
    result = revision.results[0]
    assert result.terms[0].base.period == Period.month(2018, 1)
    assert result.terms[0].current.period == Period.month(2018, 12)
    return result.applied_coefficient


def test_bt40_reference_example_four_digits_half_up(registry: IndexRegistry) -> None:
    # C = 0.15 + 0.85 x BT40(2018-12) / BT40(2018-01) = 0.15 + 0.85 x 107.70 / 105.90
    #   = 0.15 + 0.85 x 1.016997167... = 0.15 + 0.864447592... = 1.014447592...
    # 4 digits half-up: 1.0144 (the fifth digit is 4); P = 1000.00 x 1.0144 = 1014.40
    c = _revise(registry, bt40_clause(4, Rounding.HALF_UP))
    assert c == D("1.0144")
    assert revised_price(D("1000.00"), c) == D("1014.40")


def test_bt40_reference_example_thousandth_up(registry: IndexRegistry) -> None:
    # Same C = 1.014447592...; thousandth rounded up: 1.015; P = 1000.00 x 1.015 = 1015.00
    c = _revise(registry, bt40_clause(3, Rounding.UP))
    assert c == D("1.015")
    assert revised_price(D("1000.00"), c) == D("1015.00")


def test_raw_coefficient_is_recorded_with_twelve_decimals(registry: IndexRegistry) -> None:
    revision = compute_revision(
        bt40_clause(),
        registry,
        revision_id="R1",
        subject=RevisionSubject.CONTRACT,
        subject_id="C1",
        application_date=date(2018, 12, 1),
        computed_on=date(2019, 4, 1),
    )
    # 1.014447592067988668... to 12 decimals
    assert revision.results[0].raw_coefficient == D("1.014447592068")
    assert revision.results[0].rounded_coefficient == D("1.0144")


# The disputed example of the reference page: C = 0.15 + 0.85 x 130.5 / 121.2
#   130.5 / 121.2 = 1.076732673...; x 0.85 = 0.915222772...; + 0.15 = 1.065222772...
_DISPUTE = RevisionFormula.single("X", D("0.15"))
_DISPUTE_C = exact_coefficient(_DISPUTE, {"X": D("121.2")}, {"X": D("130.5")})


@pytest.mark.parametrize(
    ("digits", "rounding", "expected"),
    [
        (3, Rounding.HALF_UP, "1.065"),  # 1.0652... -> fourth digit 2 < 5: 1.065
        (3, Rounding.UP, "1.066"),  # anything beyond the thousandth goes up: 1.066
        (3, Rounding.DOWN, "1.065"),  # truncated: 1.065
        (4, Rounding.HALF_UP, "1.0652"),  # 1.06522... -> fifth digit 2: 1.0652
        (4, Rounding.UP, "1.0653"),
        (4, Rounding.DOWN, "1.0652"),
        (4, Rounding.HALF_EVEN, "1.0652"),
    ],
)
def test_each_rounding_mode_on_the_disputed_example(
    digits: int, rounding: Rounding, expected: str
) -> None:
    assert round_fraction(_DISPUTE_C, digits, rounding) == D(expected)


@pytest.mark.parametrize(
    ("value", "rounding", "expected"),
    [
        # exact halves: 1.0145 at 3 digits
        (Fraction(10145, 10000), Rounding.HALF_UP, "1.015"),  # half goes up
        (Fraction(10145, 10000), Rounding.HALF_EVEN, "1.014"),  # half goes to the even 4
        (Fraction(10155, 10000), Rounding.HALF_EVEN, "1.016"),  # half goes to the even 6
        (Fraction(10145, 10000), Rounding.DOWN, "1.014"),
        (Fraction(10145, 10000), Rounding.UP, "1.015"),
        # a value just above 1.014 (1.014 + 1e-40): only UP moves it
        (Fraction(1014, 1000) + Fraction(1, 10**40), Rounding.UP, "1.015"),
        (Fraction(1014, 1000) + Fraction(1, 10**40), Rounding.HALF_UP, "1.014"),
        # exactly representable: every mode keeps it
        (Fraction(1014, 1000), Rounding.UP, "1.014"),
    ],
)
def test_rounding_is_exact_with_no_intermediate_rounding(
    value: Fraction, rounding: Rounding, expected: str
) -> None:
    assert round_fraction(value, 3, rounding) == D(expected)


def test_unknown_rounding_mode_is_refused_by_name() -> None:
    with pytest.raises(ValidationError, match="mode d'arrondi inconnu") as info:
        bt40_clause(rounding="au-plus-proche")  # type: ignore[arg-type]
    assert info.value.value == "au-plus-proche"
    with pytest.raises(ValidationError, match="mode d'arrondi inconnu"):
        round_fraction(Fraction(1), 2, "half-up")  # type: ignore[arg-type]


def test_rounding_mode_given_by_its_value_is_accepted() -> None:
    assert bt40_clause(rounding="down").coefficient_rounding is Rounding.DOWN  # type: ignore[arg-type]


def test_two_index_formula() -> None:
    # C = 0.125 + 0.5 x BT40/BT40_0 + 0.375 x ICHT/ICHT_0
    # BT40: 107.70 / 105.90 (real values, 2018-12 / 2018-01); ICHT: 123.0 / 120.0 (illustrative)
    #   0.5 x 1.016997167... = 0.508498583...
    #   0.375 x 1.025        = 0.384375
    #   C = 0.125 + 0.508498583... + 0.384375 = 1.017873583... -> 1.0179 (4 digits half-up)
    # P0 = 2,450.00 -> 2,450.00 x 1.0179 = 2,493.855 -> 2,493.86 (cent, half-up)
    from savcore.model.indices import Index, IndexValue

    icht = Index("ICHT", "Coût horaire du travail (illustratif)", base="2008")
    values = (
        *bt40_values(),
        IndexValue("ICHT", Period.month(2018, 1), D("120.0"), date(2018, 4, 15)),
        IndexValue("ICHT", Period.month(2018, 12), D("123.0"), date(2019, 3, 15)),
    )
    formula = RevisionFormula(
        D("0.125"), (IndexTerm("BT40", D("0.5")), IndexTerm("ICHT", D("0.375")))
    )
    clause = RevisionClause(Period.month(2018, 1), formula)
    revision = compute_revision(
        clause,
        IndexRegistry((BT40, icht), values),
        revision_id="R2",
        subject=RevisionSubject.CONTRACT,
        subject_id="C1",
        application_date=date(2018, 12, 1),
        computed_on=date(2019, 4, 1),
    )
    c = revision.results[0].applied_coefficient
    assert c == D("1.0179")
    assert revised_price(D("2450.00"), c) == D("2493.86")


def test_nested_formula_is_flattened() -> None:
    # 0.125 + 0.875 x (0.80 S/S0 + 0.075 O/O0 + 0.125 FSD3/FSD3_0)
    #   = 0.125 + 0.7 S/S0 + 0.065625 O/O0 + 0.109375 FSD3/FSD3_0  (0.875 x each weight)
    inner = RevisionFormula(
        D("0"),
        (IndexTerm("S", D("0.80")), IndexTerm("O", D("0.075")), IndexTerm("FSD3", D("0.125"))),
    )
    flat = RevisionFormula.nested(D("0.125"), [(D("0.875"), inner)])
    assert flat.fixed == D("0.125")
    assert [(t.index, t.weight) for t in flat.terms] == [
        ("S", D("0.7")),
        ("O", D("0.065625")),
        ("FSD3", D("0.109375")),
    ]
    assert flat.describe() == "0.125 + 0.7 × S/S₀ + 0.065625 × O/O₀ + 0.109375 × FSD3/FSD3₀"


def test_nested_formula_merges_an_index_met_twice() -> None:
    # 0.1 + 0.5 x BT40 + 0.4 x (0.5 BT40 + 0.5 BT01) = 0.1 + 0.7 BT40 + 0.2 BT01
    inner = RevisionFormula(D("0"), (IndexTerm("BT40", D("0.5")), IndexTerm("BT01", D("0.5"))))
    flat = RevisionFormula.nested(
        D("0.1"), [(D("0.5"), IndexTerm("BT40", D("1"))), (D("0.4"), inner)]
    )
    assert {t.index: t.weight for t in flat.terms} == {"BT40": D("0.7"), "BT01": D("0.2")}


def test_weights_not_summing_to_one_are_refused_with_the_detail() -> None:
    with pytest.raises(ValidationError, match="totaliser exactement 1") as info:
        RevisionFormula(D("0.15"), (IndexTerm("BT40", D("0.80")),))
    assert "0.80 (BT40)" in str(info.value)
    assert info.value.value == D("0.95")


def test_nested_weights_must_also_sum_to_one() -> None:
    inner = RevisionFormula(D("0"), (IndexTerm("S", D("0.5")), IndexTerm("O", D("0.5"))))
    with pytest.raises(ValidationError, match="totaliser exactement 1"):
        RevisionFormula.nested(D("0.125"), [(D("0.8"), inner)])  # 0.125 + 0.8 = 0.925


def test_float_weights_are_refused() -> None:
    with pytest.raises(FloatAmountError):
        IndexTerm("BT40", 0.85)  # type: ignore[arg-type]
    with pytest.raises(FloatAmountError):
        RevisionFormula.nested(D("0.15"), [(0.85, IndexTerm("BT40", D(1)))])  # type: ignore[list-item]


def test_same_index_twice_in_a_formula_is_refused() -> None:
    with pytest.raises(ValidationError, match="deux fois"):
        RevisionFormula(D("0"), (IndexTerm("BT40", D("0.5")), IndexTerm("BT40", D("0.5"))))


def test_missing_value_for_the_formula_names_the_index() -> None:
    with pytest.raises(MissingValueError) as info:
        exact_coefficient(_DISPUTE, {"X": D("121.2")}, {})
    assert info.value.key == "X"


def test_stated_base_value_is_used_as_written(registry: IndexRegistry) -> None:
    # The contract states I0 = 106.00 (not the published 105.90):
    # C = 0.15 + 0.85 x 107.70 / 106.00 = 0.15 + 0.85 x 1.016037735... = 1.013632075... -> 1.0136
    formula = RevisionFormula(D("0.15"), (IndexTerm("BT40", D("0.85"), base_value=D("106.00")),))
    clause = RevisionClause(Period.month(2018, 1), formula)
    revision = compute_revision(
        clause,
        registry,
        revision_id="R1",
        subject=RevisionSubject.CONTRACT,
        subject_id="C1",
        application_date=date(2018, 12, 1),
        computed_on=date(2019, 4, 1),
    )
    base = revision.results[0].terms[0].base
    assert base.stated
    assert base.published_on is None
    assert revision.results[0].applied_coefficient == D("1.0136")
