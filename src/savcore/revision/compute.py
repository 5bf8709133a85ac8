"""Computing a revision: index readings chosen by the clause, exact coefficient, rounding, limits,
and the permanent :class:`~savcore.model.indices.Revision` record.

``computed_on`` is "today": only publications on or before it are used, so a revision computed
again with the same arguments gives the same record, whatever was published since.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from decimal import Decimal

import attrs

from savcore.errors import ConfigurationError, ValidationError
from savcore.model.indices import (
    CoefficientResult,
    IndexReading,
    IndexTerm,
    Revision,
    RevisionClause,
    RevisionFormula,
    RevisionSubject,
    TermReading,
    ValueRule,
    ValueSelection,
    ValueStatus,
)
from savcore.revision.clauses import apply_limits
from savcore.revision.coefficient import decimal_display, exact_coefficient, round_fraction
from savcore.revision.registry import IndexRegistry

__all__ = [
    "compute_coefficient",
    "compute_revision",
    "family_key",
    "finalise_revision",
]

_ONE = Decimal(1)


def family_key(clause: RevisionClause, family: str | None, *, subject: str) -> str | None:
    """The key of the formula that revises a price of ``family`` under ``clause``: ``None`` (the
    default formula) for no family, the family itself when the clause has a formula for it.

    A family the clause does not know raises :class:`~savcore.errors.ConfigurationError`: a price
    is never revised with a formula chosen by default.
    """
    if family is None or clause.formula_for(family) is not None:
        return family
    known = ", ".join(f.family for f in clause.family_formulas) or "aucune"
    raise ConfigurationError(
        subject,
        "family_formulas",
        f"aucune formule de révision pour la famille de prix {family!r} (familles : {known})",
    )


def _shift(day: date, months: int) -> date:
    total = day.year * 12 + day.month - 1 + months
    return date(total // 12, total % 12 + 1, 1)


def _select(
    registry: IndexRegistry,
    code: str,
    selection: ValueSelection,
    month_start: date,
    as_of: date,
    last_published_as_of: date,
    fallback: bool,
) -> IndexReading:
    rule = selection.rule
    if rule is ValueRule.MONTH:
        return registry.reading(code, month_start, as_of=as_of, fallback=fallback)
    if rule is ValueRule.LAGGED_MONTH:
        day = _shift(month_start, -selection.lag_months)
        return registry.reading(code, day, as_of=as_of, fallback=fallback)
    if rule is ValueRule.LAST_PUBLISHED:
        return registry.last_published_reading(code, min(last_published_as_of, as_of))
    raise AssertionError(rule)  # pragma: no cover - exhaustive


def _base_reading(
    registry: IndexRegistry, clause: RevisionClause, term: IndexTerm, computed_on: date
) -> IndexReading:
    m0 = clause.reference_month
    if term.base_value is not None:
        return IndexReading(
            index=term.index,
            requested_period=m0,
            period=m0,
            value=term.base_value,
            published_on=None,
            status=ValueStatus.FINAL,
            series=term.index,
            raw_value=term.base_value,
            stated=True,
        )
    as_of_offer = clause.reference_date if clause.reference_date is not None else m0.last
    return _select(
        registry, term.index, clause.base_selection, m0.start, computed_on, as_of_offer, False
    )


def compute_coefficient(
    clause: RevisionClause,
    registry: IndexRegistry,
    formula: RevisionFormula,
    *,
    family: str | None,
    application_date: date,
    computed_on: date,
    previous_coefficient: Decimal = _ONE,
) -> CoefficientResult:
    """The coefficient of ``formula`` for a revision applying on ``application_date``, with the
    readings it used, its raw and rounded values and the clause's limits."""
    month_start = application_date.replace(day=1)
    terms: list[TermReading] = []
    for term in formula.terms:
        registry.index(term.index)  # unknown index: NotFoundError naming it
        base = _base_reading(registry, clause, term, computed_on)
        current = _select(
            registry,
            term.index,
            clause.current_selection,
            month_start,
            computed_on,
            application_date,
            clause.provisional_fallback,
        )
        terms.append(TermReading(term.index, term.weight, base, current))
    exact = exact_coefficient(
        formula,
        {t.index: t.base.value for t in terms},
        {t.index: t.current.value for t in terms},
    )
    rounded = round_fraction(exact, clause.coefficient_digits, clause.coefficient_rounding)
    limits = apply_limits(
        rounded,
        previous_coefficient,
        cap=clause.cap,
        neutral_band=clause.neutral_band,
        safeguard=clause.safeguard,
        digits=clause.coefficient_digits,
    )
    return CoefficientResult(
        family=family,
        formula=formula,
        terms=tuple(terms),
        raw_coefficient=decimal_display(exact),
        rounded_coefficient=rounded,
        previous_coefficient=previous_coefficient,
        applied_coefficient=limits.applied,
        cap_applied=limits.cap_applied,
        neutral_band_applied=limits.neutral_band_applied,
        safeguard_triggered=limits.safeguard_triggered,
    )


def compute_revision(
    clause: RevisionClause,
    registry: IndexRegistry,
    *,
    revision_id: str,
    subject: RevisionSubject,
    subject_id: str,
    application_date: date,
    computed_on: date,
    families: Iterable[str | None] = (None,),
    previous: Revision | None = None,
    supersedes: str | None = None,
) -> Revision:
    """Compute the :class:`~savcore.model.indices.Revision` of ``subject_id`` applying on
    ``application_date``, with one result per price family in ``families`` (``None``: the
    clause's default formula).

    ``previous`` is the last revision applied to the same subject: its applied coefficients are
    the reference of a cap on the yearly change and of the neutral band.

    Raises :class:`~savcore.errors.NotFoundError` for an unknown index,
    :class:`~savcore.errors.MissingValueError` naming the index and the period for a value not
    published as of ``computed_on`` (unless the clause allows a provisional fallback),
    :class:`~savcore.errors.ConfigurationError` for a family without a formula.
    """
    if application_date < clause.reference_month.end:
        raise ValidationError(
            "application_date",
            application_date,
            f"une révision s'applique après le mois zéro ({clause.reference_month.start:%m/%Y})",
            entity=f"Revision {revision_id}",
        )
    keys: list[str | None] = []
    for family in families:
        key = family_key(clause, family, subject=f"{subject.value} {subject_id}")
        if key not in keys:
            keys.append(key)
    results = []
    for key in keys:
        formula = clause.formula_for(key)
        assert formula is not None
        prev = previous.result_for(key) if previous is not None else None
        results.append(
            compute_coefficient(
                clause,
                registry,
                formula,
                family=key,
                application_date=application_date,
                computed_on=computed_on,
                previous_coefficient=prev.applied_coefficient if prev is not None else _ONE,
            )
        )
    return Revision(
        id=revision_id,
        subject=subject,
        subject_id=subject_id,
        application_date=application_date,
        computed_on=computed_on,
        reference_month=clause.reference_month,
        results=tuple(results),
        supersedes=supersedes,
    )


def finalise_revision(
    provisional: Revision,
    clause: RevisionClause,
    registry: IndexRegistry,
    *,
    revision_id: str,
    computed_on: date,
    previous: Revision | None = None,
) -> Revision:
    """Recompute ``provisional`` with the values known on ``computed_on``, without provisional
    fallback: the needed periods themselves, in their latest publication. The new record names the
    one it supersedes; :func:`savcore.revision.regularisation.regularisation_drafts` then gives
    the credit and debit notes to issue."""
    strict = attrs.evolve(clause, provisional_fallback=False)
    return compute_revision(
        strict,
        registry,
        revision_id=revision_id,
        subject=provisional.subject,
        subject_id=provisional.subject_id,
        application_date=provisional.application_date,
        computed_on=computed_on,
        families=[r.family for r in provisional.results],
        previous=previous,
        supersedes=provisional.id,
    )
