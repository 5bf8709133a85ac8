"""Strategies for price schedules (BPU) and for price revision data: indices, index values,
formulas, clauses and revision records."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, timedelta
from decimal import Decimal

from hypothesis import strategies as st

from savcore.model.catalog import PriceItem, PriceSchedule, PriceScheduleVersion
from savcore.model.indices import (
    Cap,
    CoefficientResult,
    FamilyFormula,
    Index,
    IndexFrequency,
    IndexReading,
    IndexTerm,
    IndexValue,
    LimitBasis,
    Revision,
    RevisionClause,
    RevisionFormula,
    RevisionPeriodicity,
    RevisionSubject,
    Safeguard,
    TermReading,
    ValueRule,
    ValueSelection,
    ValueStatus,
)
from savcore.money import Rounding, VatRate
from savcore.periods import Period
from savcore.testing._basics import (
    business_dates,
    cached,
    choice,
    enum_values,
    identifiers,
    labels,
    money,
    optional,
)

__all__ = [
    "caps",
    "coefficient_results",
    "family_formulas",
    "index_readings",
    "index_terms",
    "index_values",
    "indices",
    "months",
    "price_items",
    "price_schedule_versions",
    "price_schedules",
    "revision_clauses",
    "revision_formulas",
    "revisions",
    "safeguards",
    "term_readings",
    "value_selections",
]

_FAMILIES = ("MO", "FOURN-CH", "FOURN-PL", "DEPL", "P2", "P3")
_INDEX_CODES = ("BT40", "BT41", "ICHTrev-TS", "TP10a", "FSD3", "EBIQ", "PsdA")


def _coefficients() -> st.SearchStrategy[Decimal]:
    """Index-like positive numbers with 1 to 4 decimals (values, coefficients)."""
    return money(min_value=Decimal("0.0001"), max_value=1000, places=4)


# --- price schedules ------------------------------------------------------------------------------


@cached
def price_items(*, code: str | None = None) -> st.SearchStrategy[PriceItem]:
    """Price schedule items (article code, designation, unit, unit price excl. VAT, VAT rate,
    price family); ``code`` fixes the article code."""
    return st.builds(
        PriceItem,
        code=st.just(code) if code is not None else identifiers(max_size=8),
        label=labels(),
        unit=st.sampled_from(("u", "ml", "m²", "h", "forfait", "ens")),
        unit_price=money(max_value=20_000),
        vat_rate=enum_values(VatRate),
        family=optional(st.sampled_from(_FAMILIES)),
    )


@st.composite
def _versions(
    draw: st.DrawFn, applies_from: date | None, codes: tuple[str, ...] | None
) -> PriceScheduleVersion:
    if codes is None:
        codes = tuple(draw(st.lists(identifiers(max_size=6), min_size=1, max_size=5, unique=True)))
    return PriceScheduleVersion(
        applies_from=applies_from if applies_from is not None else draw(business_dates()),
        items=tuple(draw(price_items(code=code)) for code in codes),
        revision_id=draw(optional(identifiers())),
    )


@cached
def price_schedule_versions(
    *, applies_from: date | None = None, codes: tuple[str, ...] | None = None
) -> st.SearchStrategy[PriceScheduleVersion]:
    """Versions of a price schedule: distinct article codes (``codes`` when given)."""
    return _versions(applies_from, codes)


@st.composite
def _schedules(
    draw: st.DrawFn,
    schedule_id: str | None,
    contract_ids: Sequence[str] | None,
    codes: tuple[str, ...] | None,
    max_versions: int,
) -> PriceSchedule:
    if codes is None:
        codes = tuple(draw(st.lists(identifiers(max_size=6), min_size=1, max_size=5, unique=True)))
    day = draw(business_dates(max_value=date(2035, 1, 1)))
    versions = []
    for _ in range(draw(st.integers(1, max_versions))):
        versions.append(draw(price_schedule_versions(applies_from=day, codes=codes)))
        day += timedelta(days=draw(st.integers(1, 400)))
    return PriceSchedule(
        id=schedule_id if schedule_id is not None else draw(identifiers()),
        label=draw(labels()),
        versions=tuple(versions),
        contract_id=draw(optional(identifiers() if contract_ids is None else choice(contract_ids)))
        if contract_ids != ()
        else None,
    )


@cached
def price_schedules(
    *,
    schedule_id: str | None = None,
    contract_ids: Sequence[str] | None = None,
    codes: tuple[str, ...] | None = None,
    max_versions: int = 3,
) -> st.SearchStrategy[PriceSchedule]:
    """Price schedules (BPU) with 1 to ``max_versions`` versions sorted by application date,
    each pricing the same article codes (``codes`` when given). The contract a schedule names,
    if any, is one of ``contract_ids`` when given (``()``: none)."""
    return _schedules(schedule_id, contract_ids, codes, max_versions)


# --- indices --------------------------------------------------------------------------------------


@st.composite
def _indices(draw: st.DrawFn, code: str | None) -> Index:
    code = code if code is not None else draw(st.sampled_from(_INDEX_CODES) | identifiers())
    successor = draw(optional(identifiers().filter(lambda s: s != code)))
    return Index(
        code=code,
        label=draw(st.just("") | labels()),
        frequency=draw(enum_values(IndexFrequency)),
        base=draw(st.sampled_from(("", "2010", "2015", "2021"))),
        insee_idbank=draw(optional(st.text("0123456789", min_size=9, max_size=9))),
        publisher=draw(st.sampled_from(("INSEE", "Le Moniteur"))),
        successor=successor,
        linking_coefficient=None if successor is None else draw(_coefficients()),
    )


@cached
def indices(*, code: str | None = None) -> st.SearchStrategy[Index]:
    """Price indices (BT40, ICHTrev-TS...), sometimes continued by a successor with a linking
    coefficient; ``code`` fixes the code."""
    return _indices(code)


@cached
def months() -> st.SearchStrategy[Period]:
    """Whole calendar months (``Period.month(y, m)``)."""
    return st.builds(Period.month, st.integers(2000, 2044), st.integers(1, 12))


@st.composite
def _index_values(draw: st.DrawFn, index: str | None) -> IndexValue:
    frequency = draw(enum_values(IndexFrequency))
    period = frequency.period_containing(draw(business_dates()))
    return IndexValue(
        index=index if index is not None else draw(st.sampled_from(_INDEX_CODES) | identifiers()),
        period=period,
        value=draw(_coefficients()),
        published_on=period.start + timedelta(days=draw(st.integers(0, 200))),
        status=draw(enum_values(ValueStatus)),
        source=draw(st.sampled_from(("", "INSEE BDM", "JO 2022-10-15"))),
    )


@cached
def index_values(*, index: str | None = None) -> st.SearchStrategy[IndexValue]:
    """Published index values for a month, quarter or year, published on or after its start;
    ``index`` fixes the index code."""
    return _index_values(index)


@cached
def index_terms(*, index: str | None = None) -> st.SearchStrategy[IndexTerm]:
    """Weighted index terms (``b × I/I₀``), with or without a stated base value."""
    return st.builds(
        IndexTerm,
        index=st.just(index) if index is not None else identifiers(),
        weight=_coefficients(),
        base_value=optional(_coefficients()),
    )


@st.composite
def _formulas(draw: st.DrawFn, max_terms: int) -> RevisionFormula:
    # Weights in ten-thousandths: fixed part a, then the rest cut into n positive weights, so that
    # a + Σ b = 1 exactly.
    fixed = draw(st.integers(0, 5000))
    rest = 10_000 - fixed
    codes = draw(
        st.lists(
            st.sampled_from(_INDEX_CODES) | identifiers(),
            min_size=1,
            max_size=max_terms,
            unique=True,
        )
    )
    cuts = sorted(
        draw(st.sets(st.integers(1, rest - 1), min_size=len(codes) - 1, max_size=len(codes) - 1))
    )
    bounds = [0, *cuts, rest]
    terms = tuple(
        IndexTerm(
            code,
            Decimal(high - low).scaleb(-4),
            draw(optional(_coefficients())),
        )
        for code, low, high in zip(codes, bounds[:-1], bounds[1:], strict=True)
    )
    return RevisionFormula(Decimal(fixed).scaleb(-4), terms, label=draw(st.just("") | labels()))


@cached
def revision_formulas(*, max_terms: int = 3) -> st.SearchStrategy[RevisionFormula]:
    """Revision formulas ``a + Σ bᵢ Iᵢ/Iᵢ₀`` with ``a + Σ bᵢ = 1`` exactly, 0 ≤ a ≤ 0.5, and 1 to
    ``max_terms`` distinct indices."""
    return _formulas(max_terms)


@cached
def family_formulas() -> st.SearchStrategy[FamilyFormula]:
    """A price family and the formula that revises it."""
    return st.builds(FamilyFormula, family=st.sampled_from(_FAMILIES), formula=revision_formulas())


@st.composite
def _selections(draw: st.DrawFn) -> ValueSelection:
    rule = draw(enum_values(ValueRule))
    lag = draw(st.integers(1, 6)) if rule is ValueRule.LAGGED_MONTH else 0
    return ValueSelection(rule, lag)


@cached
def value_selections() -> st.SearchStrategy[ValueSelection]:
    """Which index value a clause uses: the month, the month minus a lag, the last published."""
    return _selections()


def _fractions() -> st.SearchStrategy[Decimal]:
    return money(min_value=Decimal("0.0001"), max_value=Decimal("0.5"), places=4)


@cached
def caps() -> st.SearchStrategy[Cap]:
    """Caps (clauses butoirs) on the coefficient or on the yearly change."""
    return st.builds(Cap, basis=enum_values(LimitBasis), limit=st.just(Decimal(0)) | _fractions())


@cached
def safeguards() -> st.SearchStrategy[Safeguard]:
    """Safeguard clauses (clauses de sauvegarde) with a positive threshold."""
    return st.builds(Safeguard, basis=enum_values(LimitBasis), threshold=_fractions())


@st.composite
def _clauses(draw: st.DrawFn) -> RevisionClause:
    base_selection = draw(value_selections())
    reference_date = draw(optional(business_dates()))
    if base_selection.rule is ValueRule.LAST_PUBLISHED and reference_date is None:
        reference_date = draw(business_dates())
    periodicity = draw(enum_values(RevisionPeriodicity))
    fixed_month = fixed_day = None
    if periodicity is RevisionPeriodicity.FIXED_DATE:
        day = draw(st.dates(min_value=date(2001, 1, 1), max_value=date(2001, 12, 31)))
        fixed_month, fixed_day = day.month, day.day
    families = draw(st.lists(family_formulas(), max_size=2, unique_by=lambda f: f.family))
    return RevisionClause(
        reference_month=draw(months()),
        formula=draw(revision_formulas()),
        current_selection=draw(value_selections()),
        base_selection=base_selection,
        reference_date=reference_date,
        coefficient_digits=draw(st.integers(0, 12)),
        coefficient_rounding=draw(enum_values(Rounding)),
        price_digits=draw(st.integers(0, 4)),
        price_rounding=draw(enum_values(Rounding)),
        periodicity=periodicity,
        fixed_month=fixed_month,
        fixed_day=fixed_day,
        cap=draw(optional(caps())),
        neutral_band=draw(optional(_fractions())),
        safeguard=draw(optional(safeguards())),
        provisional_fallback=draw(st.booleans()),
        family_formulas=tuple(families),
    )


@cached
def revision_clauses() -> st.SearchStrategy[RevisionClause]:
    """Revision clauses: M0, formulas (default and per price family), value selections, rounding,
    periodicity (fixed dates are real days of a non-leap year), cap, neutral band, safeguard."""
    return _clauses()


@st.composite
def _readings(draw: st.DrawFn, index: str | None) -> IndexReading:
    period = draw(months())
    requested = draw(st.just(period) | months())
    raw = draw(_coefficients())
    linking = draw(st.just(Decimal(1)) | _coefficients())
    stated = draw(st.booleans())
    return IndexReading(
        index=index if index is not None else draw(identifiers()),
        requested_period=requested,
        period=period,
        value=raw * linking,
        published_on=None if stated else draw(business_dates()),
        status=draw(enum_values(ValueStatus)),
        series=draw(identifiers()),
        raw_value=raw,
        linking_coefficient=linking,
        stated=stated,
    )


@cached
def index_readings(*, index: str | None = None) -> st.SearchStrategy[IndexReading]:
    """Index values as read by a revision (value = raw value × linking coefficient)."""
    return _readings(index)


@st.composite
def _term_readings(draw: st.DrawFn) -> TermReading:
    index = draw(identifiers())
    return TermReading(
        index=index,
        weight=draw(_coefficients()),
        base=draw(index_readings(index=index)),
        current=draw(index_readings(index=index)),
    )


@cached
def term_readings() -> st.SearchStrategy[TermReading]:
    """One computed term of a formula: weight, I₀ and I."""
    return _term_readings()


@st.composite
def _results(draw: st.DrawFn) -> CoefficientResult:
    return CoefficientResult(
        family=draw(optional(st.sampled_from(_FAMILIES))),
        formula=draw(revision_formulas()),
        terms=tuple(draw(st.lists(term_readings(), max_size=2))),
        raw_coefficient=draw(money(min_value=0, max_value=3, places=12)),
        rounded_coefficient=draw(money(min_value=0, max_value=3, places=4)),
        previous_coefficient=draw(money(min_value=0, max_value=3, places=4)),
        applied_coefficient=draw(money(min_value=0, max_value=3, places=4)),
        cap_applied=draw(st.booleans()),
        neutral_band_applied=draw(st.booleans()),
        safeguard_triggered=draw(st.booleans()),
    )


@cached
def coefficient_results() -> st.SearchStrategy[CoefficientResult]:
    """How one formula's coefficient was obtained (raw, rounded, previous, applied)."""
    return _results()


@cached
def revisions(*, subject_id: str | None = None) -> st.SearchStrategy[Revision]:
    """Revision records of a contract or a price schedule."""
    return st.builds(
        Revision,
        id=identifiers(),
        subject=enum_values(RevisionSubject),
        subject_id=st.just(subject_id) if subject_id is not None else identifiers(),
        application_date=business_dates(),
        computed_on=business_dates(),
        reference_month=months(),
        results=st.lists(coefficient_results(), min_size=1, max_size=2).map(tuple),
        supersedes=optional(identifiers()),
    )
