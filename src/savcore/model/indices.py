"""Price indices, revision formulas, revision clauses and revision records (révision de prix).

Everything here is plain, frozen data: a formula is a fixed part and weighted index terms, never an
expression to evaluate; a clause is a set of parameters. The calculations live in
:mod:`savcore.revision`.

Vocabulary (see the glossary): *indice* = :class:`Index`, *mois zéro* (M0) =
:attr:`RevisionClause.reference_month`, *coefficient de raccordement* =
:attr:`Index.linking_coefficient`, *clause butoir* = :class:`Cap`, *clause de sauvegarde* =
:class:`Safeguard`.

>>> from decimal import Decimal
>>> formula = RevisionFormula(Decimal("0.15"), (IndexTerm("BT40", Decimal("0.85")),))
>>> formula.describe()
'0.15 + 0.85 × BT40/BT40₀'
"""

from __future__ import annotations

import enum
from collections.abc import Sequence
from datetime import date
from decimal import Decimal

import attrs

from savcore.errors import ValidationError
from savcore.model import _validate as v
from savcore.money import Rounding, to_decimal
from savcore.periods import Period

__all__ = [
    "Cap",
    "CoefficientResult",
    "FamilyFormula",
    "Index",
    "IndexFrequency",
    "IndexReading",
    "IndexTerm",
    "IndexValue",
    "LimitBasis",
    "Revision",
    "RevisionClause",
    "RevisionFormula",
    "RevisionPeriodicity",
    "RevisionSubject",
    "Safeguard",
    "TermReading",
    "ValueRule",
    "ValueSelection",
    "ValueStatus",
]

_ONE = Decimal(1)


# --- validators -----------------------------------------------------------------------------------


def _plain(number: Decimal) -> str:
    """``number`` without trailing zeros and never in scientific notation."""
    text = format(number, "f")
    return text.rstrip("0").rstrip(".") if "." in text else text


def _is_month(period: Period) -> bool:
    return period.start.day == 1 and period == Period.month(period.start.year, period.start.month)


# --- indices and their values ---------------------------------------------------------------------


class IndexFrequency(enum.Enum):
    """How often an index is computed: each value covers one month, quarter or year."""

    MONTHLY = "monthly"
    """Mensuel (BT, TP, ICHTrev-TS)."""
    QUARTERLY = "quarterly"
    """Trimestriel."""
    YEARLY = "yearly"
    """Annuel."""

    def period_containing(self, day: date) -> Period:
        """The index period (month, quarter or year) that contains ``day``."""
        if self is IndexFrequency.MONTHLY:
            return Period.month(day.year, day.month)
        if self is IndexFrequency.QUARTERLY:
            first = 3 * ((day.month - 1) // 3) + 1
            end = date(day.year + 1, 1, 1) if first == 10 else date(day.year, first + 3, 1)
            return Period(date(day.year, first, 1), end)
        if self is IndexFrequency.YEARLY:
            return Period.year(day.year)
        raise AssertionError(self)  # pragma: no cover - exhaustive

    def is_period(self, period: Period) -> bool:
        """Whether ``period`` is exactly one index period of this frequency."""
        return self.period_containing(period.start) == period


class ValueStatus(enum.Enum):
    """Status of a published index value (OBS_STATUS at INSEE: A definitive, P provisional)."""

    PROVISIONAL = "provisional"
    """Valeur provisoire: may be replaced by a later publication."""
    FINAL = "final"
    """Valeur définitive."""


@attrs.frozen
class Index:
    """A published price or cost index (indice), e.g. BT40 central heating, base 2010.

    ``successor`` and ``linking_coefficient`` continue a series that stopped or changed base:
    ``value in the successor's base = value in this base × linking_coefficient`` (coefficient de
    raccordement). Both are given, or neither.
    """

    code: str = attrs.field(validator=v.identifier)
    """Short code used in formulas: ``"BT40"``, ``"ICHTrev-TS"``."""
    label: str = attrs.field(validator=v.instance_of(str))
    """Title, in French: ``"BT40 - Chauffage central (à l'exclusion du chauffage électrique)"``."""
    frequency: IndexFrequency = attrs.field(
        default=IndexFrequency.MONTHLY, validator=v.member_of(IndexFrequency)
    )
    base: str = attrs.field(default="", validator=v.instance_of(str))
    """The base (reference year or month where the index is 100), e.g. ``"2010"``."""
    insee_idbank: str | None = attrs.field(default=None, validator=v.optional_identifier)
    """INSEE BDM series identifier (idbank), e.g. ``"001710986"`` for BT01."""
    publisher: str = attrs.field(default="INSEE", validator=v.instance_of(str))
    """Who computes and publishes the series (INSEE, Le Moniteur...)."""
    successor: str | None = attrs.field(default=None, validator=v.optional_identifier)
    """Code of the series that continues this one (new base or replacement)."""
    linking_coefficient: Decimal | None = attrs.field(default=None, validator=v.optional_decimal())
    """Coefficient de raccordement to the successor's base."""

    def __attrs_post_init__(self) -> None:
        if (self.successor is None) != (self.linking_coefficient is None):
            raise ValidationError(
                "linking_coefficient",
                self.linking_coefficient,
                "un successeur et un coefficient de raccordement vont ensemble",
                entity=f"Index {self.code}",
            )
        if self.linking_coefficient is not None and self.linking_coefficient <= 0:
            raise ValidationError(
                "linking_coefficient",
                self.linking_coefficient,
                "le coefficient de raccordement doit être strictement positif",
                entity=f"Index {self.code}",
            )
        if self.successor == self.code:
            raise ValidationError(
                "successor",
                self.successor,
                "un indice ne peut pas se succéder à lui-même",
                entity=f"Index {self.code}",
            )


@attrs.frozen(order=False)
class IndexValue:
    """One publication of an index value: the value of ``index`` for ``period``, published on
    ``published_on``. A later publication for the same period is another ``IndexValue``; both are
    kept."""

    index: str = attrs.field(validator=v.identifier)
    """Code of the index."""
    period: Period = attrs.field(validator=v.instance_of(Period))
    """The month (``Period.month(2018, 12)``), quarter or year the value is for."""
    value: Decimal = attrs.field(validator=v.POSITIVE)
    """The published value, strictly positive."""
    published_on: date = attrs.field(validator=v.a_date)
    """Date of publication (Journal officiel, INSEE release)."""
    status: ValueStatus = attrs.field(default=ValueStatus.FINAL, validator=v.member_of(ValueStatus))
    """Provisional or final."""
    source: str = attrs.field(default="", validator=v.instance_of(str))
    """Where the value comes from (``"INSEE BDM"``, a file name, ``"JO 2022-10-15"``)."""

    def __attrs_post_init__(self) -> None:
        if self.published_on < self.period.start:
            raise ValidationError(
                "published_on",
                self.published_on,
                f"publication antérieure au début de la période {self.period}",
                entity=f"IndexValue {self.index}",
            )


# --- formulas -------------------------------------------------------------------------------------


@attrs.frozen
class IndexTerm:
    """One weighted term ``weight × I / I₀`` of a revision formula.

    ``base_value`` is I₀ when the contract states it in full (it is then used as written, with no
    lookup); otherwise I₀ is looked up for the reference month by the clause's base selection.
    """

    index: str = attrs.field(validator=v.identifier)
    """Code of the index."""
    weight: Decimal = attrs.field(validator=v.POSITIVE)
    """The weight bᵢ, strictly positive."""
    base_value: Decimal | None = attrs.field(default=None, validator=v.optional_decimal())
    """I₀ as stated in the contract, if it is."""

    def __attrs_post_init__(self) -> None:
        if self.base_value is not None and self.base_value <= 0:
            raise ValidationError(
                "base_value",
                self.base_value,
                "la valeur de base doit être strictement positive",
                entity=f"IndexTerm {self.index}",
            )


@attrs.frozen
class RevisionFormula:
    """``C = fixed + Σ bᵢ × Iᵢ/Iᵢ₀`` with ``fixed + Σ bᵢ = 1`` exactly (partie fixe + termes).

    Nested forms such as ``0.125 + 0.875 × (0.80 S/S₀ + 0.075 O/O₀ + 0.125 FSD3/FSD3₀)`` are built
    with :meth:`nested`, which multiplies the weights out into this flat form.
    """

    fixed: Decimal = attrs.field(validator=v.decimal_value())
    """The fixed part a (0 ≤ a < 1), often 0.125 or 0.15."""
    terms: tuple[IndexTerm, ...] = attrs.field(validator=v.tuple_of(IndexTerm))
    """At least one index term; an index appears in at most one term."""
    label: str = attrs.field(default="", validator=v.instance_of(str))
    """Optional description (``"Maintenance chauffage"``)."""

    def __attrs_post_init__(self) -> None:
        entity = f"RevisionFormula {self.label}".rstrip()
        if self.fixed < 0 or self.fixed >= 1:
            raise ValidationError(
                "fixed",
                self.fixed,
                "la partie fixe doit être comprise entre 0 et 1 (exclu)",
                entity=entity,
            )
        if not self.terms:
            raise ValidationError(
                "terms", self.terms, "au moins un indice est nécessaire", entity=entity
            )
        seen: set[str] = set()
        for i, term in enumerate(self.terms):
            if not isinstance(term, IndexTerm):
                raise ValidationError(
                    f"terms[{i}]", term, "un IndexTerm est attendu", entity=entity
                )
            if term.index in seen:
                raise ValidationError(
                    f"terms[{i}]",
                    term.index,
                    "indice présent deux fois dans la formule",
                    entity=entity,
                )
            seen.add(term.index)
        total = self.fixed + sum((t.weight for t in self.terms), Decimal(0))
        if total != _ONE:
            detail = " + ".join([str(self.fixed), *(f"{t.weight} ({t.index})" for t in self.terms)])
            raise ValidationError(
                "terms",
                total,
                f"la partie fixe et les poids doivent totaliser exactement 1 : {detail} = {total}",
                entity=entity,
            )

    @property
    def indices(self) -> tuple[str, ...]:
        """The index codes used, in the formula's order."""
        return tuple(t.index for t in self.terms)

    def describe(self) -> str:
        """The formula as a French auditor writes it: ``0.15 + 0.85 × BT40/BT40₀``."""
        parts = [_plain(self.fixed)] if self.fixed else []
        parts += [f"{_plain(t.weight)} × {t.index}/{t.index}₀" for t in self.terms]
        return " + ".join(parts)

    @classmethod
    def single(cls, index: str, fixed: Decimal, *, label: str = "") -> RevisionFormula:
        """``fixed + (1 - fixed) × I/I₀``: the common one-index formula."""
        return cls(fixed, (IndexTerm(index, _ONE - fixed),), label=label)

    @classmethod
    def nested(
        cls,
        fixed: Decimal,
        parts: Sequence[tuple[Decimal, IndexTerm | RevisionFormula]],
        *,
        label: str = "",
    ) -> RevisionFormula:
        """Flatten ``fixed + Σ wⱼ × partⱼ``, where a part is a term (``wⱼ × I/I₀``, its own
        weight ignored) or a whole formula (its fixed part and weights multiplied by ``wⱼ``).

        ``0.125 + 0.875 × (0.80 S/S₀ + 0.075 O/O₀ + 0.125 FSD3/FSD3₀)`` becomes
        ``0.125 + 0.7 S/S₀ + 0.065625 O/O₀ + 0.109375 FSD3/FSD3₀``. The same index met twice (with
        the same stated base value) is merged into one term by adding its weights.
        """
        total_fixed = fixed
        merged: dict[tuple[str, Decimal | None], Decimal] = {}
        for i, (weight, part) in enumerate(parts):
            weight = to_decimal(weight, field=f"parts[{i}].weight", entity="RevisionFormula")
            if isinstance(part, RevisionFormula):
                total_fixed += weight * part.fixed
                inner = [(t.index, t.base_value, weight * t.weight) for t in part.terms]
            elif isinstance(part, IndexTerm):
                inner = [(part.index, part.base_value, weight)]
            else:
                raise ValidationError(
                    f"parts[{i}]",
                    part,
                    "un IndexTerm ou une RevisionFormula est attendu",
                    entity="RevisionFormula",
                )
            for code, base, w in inner:
                merged[(code, base)] = merged.get((code, base), Decimal(0)) + w
        terms = tuple(IndexTerm(code, w, base) for (code, base), w in merged.items())
        return cls(total_fixed, terms, label=label)


@attrs.frozen
class FamilyFormula:
    """The formula that revises the prices of one price family (famille de prix) of a schedule."""

    family: str = attrs.field(validator=v.identifier)
    formula: RevisionFormula = attrs.field(validator=v.instance_of(RevisionFormula))


# --- clauses --------------------------------------------------------------------------------------


class ValueRule(enum.Enum):
    """Which index value a clause uses (I at revision time, or I₀ at the reference month)."""

    MONTH = "month"
    """The value *for* the month (of the revision date, or M0 for I₀)."""
    LAGGED_MONTH = "lagged-month"
    """The value for the month minus ``lag_months`` (M - n)."""
    LAST_PUBLISHED = "last-published"
    """The last value published as of the date (dernier indice connu à la date de révision)."""


@attrs.frozen
class ValueSelection:
    """A :class:`ValueRule` with its lag (months, only for :attr:`ValueRule.LAGGED_MONTH`)."""

    rule: ValueRule = attrs.field(validator=v.member_of(ValueRule))
    lag_months: int = attrs.field(default=0, validator=v.instance_of(int))

    def __attrs_post_init__(self) -> None:
        if self.rule is ValueRule.LAGGED_MONTH and self.lag_months < 1:
            raise ValidationError(
                "lag_months",
                self.lag_months,
                "un décalage d'au moins un mois est attendu",
                entity="ValueSelection",
            )
        if self.rule is not ValueRule.LAGGED_MONTH and self.lag_months != 0:
            raise ValidationError(
                "lag_months",
                self.lag_months,
                f"le décalage ne s'applique qu'à la règle {ValueRule.LAGGED_MONTH.value!r}",
                entity="ValueSelection",
            )

    @classmethod
    def month(cls) -> ValueSelection:
        """The value for the month itself."""
        return cls(ValueRule.MONTH)

    @classmethod
    def lagged(cls, months: int) -> ValueSelection:
        """The value for the month minus ``months``."""
        return cls(ValueRule.LAGGED_MONTH, months)

    @classmethod
    def last_published(cls) -> ValueSelection:
        """The last value published as of the date."""
        return cls(ValueRule.LAST_PUBLISHED)


class RevisionPeriodicity(enum.Enum):
    """When revisions apply."""

    ANNIVERSARY = "anniversary"
    """Every year at the contract's anniversary (usual for maintenance services)."""
    FIXED_DATE = "fixed-date"
    """Every year at a fixed day (``fixed_month``/``fixed_day`` of the clause), e.g. 1 January."""
    EACH_BILLING_PERIOD = "each-billing-period"
    """At each billing period (usual for works)."""


class LimitBasis(enum.Enum):
    """What a cap or safeguard measures."""

    COEFFICIENT = "coefficient"
    """The change since the initial prices: ``C - 1``."""
    YEARLY_CHANGE = "yearly-change"
    """The change since the coefficient applied by the previous revision: ``C / C_prev - 1``
    (yearly when revisions are yearly; ``C_prev = 1`` before the first revision)."""


@attrs.frozen
class Cap:
    """Clause butoir: the change measured on ``basis`` may not exceed ``limit`` (a fraction:
    ``0.05`` = 5 %); the excess is not paid. Only increases are capped."""

    basis: LimitBasis = attrs.field(validator=v.member_of(LimitBasis))
    limit: Decimal = attrs.field(validator=v.decimal_value())

    def __attrs_post_init__(self) -> None:
        if self.limit < 0:
            raise ValidationError("limit", self.limit, "la limite doit être positive", entity="Cap")


@attrs.frozen
class Safeguard:
    """Clause de sauvegarde: a change (up or down) measured on ``basis`` beyond ``threshold`` (a
    fraction) raises a flag on the revision; the parties may then renegotiate or terminate."""

    basis: LimitBasis = attrs.field(validator=v.member_of(LimitBasis))
    threshold: Decimal = attrs.field(validator=v.decimal_value())

    def __attrs_post_init__(self) -> None:
        if self.threshold <= 0:
            raise ValidationError(
                "threshold",
                self.threshold,
                "le seuil doit être strictement positif",
                entity="Safeguard",
            )


def _to_rounding(value: object) -> Rounding:
    if isinstance(value, Rounding):
        return value
    if isinstance(value, str):
        for mode in Rounding:
            if mode.value == value:
                return mode
    allowed = ", ".join(repr(m.value) for m in Rounding)
    raise ValidationError(
        "rounding", value, f"mode d'arrondi inconnu (attendu : {allowed})", entity="RevisionClause"
    )


@attrs.frozen
class RevisionClause:
    """Clause de révision de prix of a contract or framework agreement.

    The coefficient of a formula is computed exactly (rational arithmetic), then rounded to
    ``coefficient_digits`` with ``coefficient_rounding``; the safeguard is checked, the cap and
    the neutral band applied; then each price is ``P = P₀ × C`` rounded to ``price_digits`` with
    ``price_rounding``. Service lines use :attr:`formula` unless their price family has one in
    :attr:`family_formulas`; price schedule items use the formula of their family, and
    :attr:`formula` when they have none.
    """

    reference_month: Period = attrs.field(validator=v.instance_of(Period))
    """M0, the month the initial prices were set (mois zéro), e.g. ``Period.month(2018, 1)``."""
    formula: RevisionFormula = attrs.field(validator=v.instance_of(RevisionFormula))
    """Default formula (service lines; schedule items without a family)."""
    current_selection: ValueSelection = attrs.field(
        factory=ValueSelection.month, validator=v.instance_of(ValueSelection)
    )
    """Which value is I at revision time (relative to the application date)."""
    base_selection: ValueSelection = attrs.field(
        factory=ValueSelection.month, validator=v.instance_of(ValueSelection)
    )
    """Which value is I₀ (relative to M0)."""
    reference_date: date | None = attrs.field(default=None, validator=v.optional_date)
    """Date the prices were set (offer date): the as-of date of I₀ under ``LAST_PUBLISHED``."""
    coefficient_digits: int = attrs.field(default=4, validator=v.integer(minimum=0, maximum=12))
    """Decimals of the coefficient (3 or 4 are common)."""
    coefficient_rounding: Rounding = attrs.field(default=Rounding.HALF_UP, converter=_to_rounding)
    """How the coefficient is rounded."""
    price_digits: int = attrs.field(default=2, validator=v.integer(minimum=0, maximum=12))
    """Decimals of revised prices (2: the cent)."""
    price_rounding: Rounding = attrs.field(default=Rounding.HALF_UP, converter=_to_rounding)
    """How revised prices are rounded."""
    periodicity: RevisionPeriodicity = attrs.field(
        default=RevisionPeriodicity.ANNIVERSARY, validator=v.member_of(RevisionPeriodicity)
    )
    fixed_month: int | None = attrs.field(default=None, validator=v.optional_integer())
    """Month of the yearly revision under ``FIXED_DATE``."""
    fixed_day: int | None = attrs.field(default=None, validator=v.optional_integer())
    """Day of the yearly revision under ``FIXED_DATE``."""
    cap: Cap | None = attrs.field(
        default=None, validator=attrs.validators.optional(attrs.validators.instance_of(Cap))
    )
    """Clause butoir."""
    neutral_band: Decimal | None = attrs.field(default=None, validator=v.optional_decimal())
    """No revision while ``|C / C_prev - 1|`` is strictly below this fraction (``0.01`` = 1 %)."""
    safeguard: Safeguard | None = attrs.field(
        default=None, validator=attrs.validators.optional(attrs.validators.instance_of(Safeguard))
    )
    """Clause de sauvegarde."""
    provisional_fallback: bool = attrs.field(default=False, validator=v.instance_of(bool))
    """When the needed value is not yet published at computation time, use the last published
    value provisionally (to be regularised once the final value is out) instead of failing."""
    family_formulas: tuple[FamilyFormula, ...] = attrs.field(
        default=(), validator=v.tuple_of(FamilyFormula)
    )
    """Formula per price family (famille de prix) of the price schedules under this clause."""

    def __attrs_post_init__(self) -> None:
        entity = "RevisionClause"
        if not _is_month(self.reference_month):
            raise ValidationError(
                "reference_month",
                self.reference_month,
                "M0 doit être un mois civil entier",
                entity=entity,
            )
        if self.base_selection.rule is ValueRule.LAST_PUBLISHED and self.reference_date is None:
            raise ValidationError(
                "reference_date",
                None,
                "la règle « dernier indice publié » pour I₀ demande la date d'établissement "
                "des prix",
                entity=entity,
            )
        if self.periodicity is RevisionPeriodicity.FIXED_DATE:
            if self.fixed_month is None or self.fixed_day is None:
                raise ValidationError(
                    "fixed_month",
                    self.fixed_month,
                    "une révision à date fixe demande le mois et le jour",
                    entity=entity,
                )
            try:
                date(2001, self.fixed_month, self.fixed_day)  # a non-leap year: no 29 February
            except (TypeError, ValueError):
                raise ValidationError(
                    "fixed_day",
                    (self.fixed_month, self.fixed_day),
                    "jour de révision impossible",
                    entity=entity,
                ) from None
        elif self.fixed_month is not None or self.fixed_day is not None:
            raise ValidationError(
                "fixed_month",
                self.fixed_month,
                "mois et jour fixes seulement pour une révision à date fixe",
                entity=entity,
            )
        if self.neutral_band is not None and self.neutral_band <= 0:
            raise ValidationError(
                "neutral_band",
                self.neutral_band,
                "la bande neutre doit être strictement positive",
                entity=entity,
            )
        families: set[str] = set()
        for i, entry in enumerate(self.family_formulas):
            if not isinstance(entry, FamilyFormula):
                raise ValidationError(
                    f"family_formulas[{i}]", entry, "un FamilyFormula est attendu", entity=entity
                )
            if entry.family in families:
                raise ValidationError(
                    f"family_formulas[{i}]",
                    entry.family,
                    "famille de prix en double",
                    entity=entity,
                )
            families.add(entry.family)

    def formula_for(self, family: str | None) -> RevisionFormula | None:
        """The formula of ``family``; the default formula for ``None``; ``None`` when the family
        has no formula of its own (the caller decides whether that is an error)."""
        if family is None:
            return self.formula
        for entry in self.family_formulas:
            if entry.family == family:
                return entry.formula
        return None


# --- revision records -----------------------------------------------------------------------------


class RevisionSubject(enum.Enum):
    """What a revision revises."""

    CONTRACT = "contract"
    """The service lines of a contract."""
    PRICE_SCHEDULE = "price-schedule"
    """A price schedule (BPU)."""


@attrs.frozen
class IndexReading:
    """An index value as used by a revision: the exact figure, its period and its publication.

    Ratios must be taken in one base: ``value`` is expressed in the base of the newest series of
    the index's chain of successors. When the figure was read from an older series (``series``),
    ``raw_value`` is what that series published and ``linking_coefficient`` the product of the
    coefficients de raccordement applied (``value = raw_value × linking_coefficient``).
    """

    index: str = attrs.field(validator=v.identifier)
    """The index named in the formula."""
    requested_period: Period = attrs.field(validator=v.instance_of(Period))
    """The period the clause asks for."""
    period: Period = attrs.field(validator=v.instance_of(Period))
    """The period actually used (earlier than requested under a provisional fallback)."""
    value: Decimal = attrs.field(validator=v.POSITIVE)
    """The figure used in the ratio."""
    published_on: date | None = attrs.field(validator=v.optional_date)
    """Publication date of the figure (``None`` for a value stated in the contract)."""
    status: ValueStatus = attrs.field(validator=v.member_of(ValueStatus))
    series: str = attrs.field(validator=v.identifier)
    """The series the figure was read from."""
    raw_value: Decimal = attrs.field(validator=v.POSITIVE)
    """The figure as published by ``series``."""
    linking_coefficient: Decimal = attrs.field(default=_ONE, validator=v.POSITIVE)
    stated: bool = attrs.field(default=False, validator=v.instance_of(bool))
    """True when the value was stated in the contract (``IndexTerm.base_value``), not looked up."""

    @property
    def provisional(self) -> bool:
        """Whether the figure may still change: provisional status or a substitute period."""
        return self.status is ValueStatus.PROVISIONAL or self.period != self.requested_period


@attrs.frozen
class TermReading:
    """One term of a computed formula: weight, I₀ and I."""

    index: str = attrs.field(validator=v.identifier)
    weight: Decimal = attrs.field(validator=v.decimal_value())
    base: IndexReading = attrs.field(validator=v.instance_of(IndexReading))
    current: IndexReading = attrs.field(validator=v.instance_of(IndexReading))


@attrs.frozen
class CoefficientResult:
    """How one formula's coefficient was obtained, step by step."""

    family: str | None = attrs.field(validator=v.optional_identifier)
    """The price family (``None``: the clause's default formula)."""
    formula: RevisionFormula = attrs.field(validator=v.instance_of(RevisionFormula))
    terms: tuple[TermReading, ...] = attrs.field(validator=v.tuple_of(TermReading))
    raw_coefficient: Decimal = attrs.field(validator=v.decimal_value())
    """The exact coefficient, shown to 12 decimals (rounded half-even for display only)."""
    rounded_coefficient: Decimal = attrs.field(validator=v.decimal_value())
    """After the clause's rounding."""
    previous_coefficient: Decimal = attrs.field(validator=v.decimal_value())
    """The coefficient in force before this revision (1 before the first one)."""
    applied_coefficient: Decimal = attrs.field(validator=v.decimal_value())
    """What prices are multiplied by, after the cap and the neutral band."""
    cap_applied: bool = False
    neutral_band_applied: bool = False
    safeguard_triggered: bool = False

    @property
    def provisional(self) -> bool:
        """Whether any figure used may still change."""
        return any(t.base.provisional or t.current.provisional for t in self.terms)


@attrs.frozen
class Revision:
    """The permanent record of an applied revision (never modified, never deleted)."""

    id: str = attrs.field(validator=v.identifier)
    subject: RevisionSubject = attrs.field(validator=v.member_of(RevisionSubject))
    subject_id: str = attrs.field(validator=v.identifier)
    """The contract or price schedule id."""
    application_date: date = attrs.field(validator=v.a_date)
    """Prices change from this day on (date d'application)."""
    computed_on: date = attrs.field(validator=v.a_date)
    """The day of the computation: only publications on or before it were considered."""
    reference_month: Period = attrs.field(validator=v.instance_of(Period))
    results: tuple[CoefficientResult, ...] = attrs.field(validator=v.tuple_of(CoefficientResult))
    """One result per formula used (default and/or per price family)."""
    supersedes: str | None = attrs.field(default=None, validator=v.optional_identifier)
    """Id of the provisional revision this one finalises, if any."""

    def result_for(self, family: str | None) -> CoefficientResult | None:
        """The result for ``family`` (``None``: the default formula), if computed."""
        for result in self.results:
            if result.family == family:
                return result
        return None

    @property
    def provisional(self) -> bool:
        """Whether a figure used may still change (to be regularised later)."""
        return any(r.provisional for r in self.results)

    @property
    def safeguard_triggered(self) -> bool:
        """Whether any coefficient crossed the safeguard threshold."""
        return any(r.safeguard_triggered for r in self.results)
