"""What a revision clause does to a rounded coefficient (safeguard, cap, neutral band), and when
revisions apply (anniversary, fixed date, each billing period).

>>> from decimal import Decimal
>>> from savcore.model.indices import Cap, LimitBasis
>>> limits = apply_limits(
...     Decimal("1.0650"), Decimal("1"), cap=Cap(LimitBasis.COEFFICIENT, Decimal("0.05")),
...     neutral_band=None, safeguard=None, digits=4,
... )
>>> limits.applied, limits.cap_applied
(Decimal('1.0500'), True)
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from decimal import Decimal

import attrs

from savcore.errors import ConfigurationError
from savcore.model.indices import (
    Cap,
    LimitBasis,
    RevisionClause,
    RevisionPeriodicity,
    Safeguard,
)
from savcore.money import Rounding, quantize
from savcore.periods import Period, add_months

__all__ = ["Limits", "apply_limits", "revision_dates"]

_ONE = Decimal(1)


@attrs.frozen
class Limits:
    """The outcome of a clause's limits on a rounded coefficient."""

    applied: Decimal
    """The coefficient prices are multiplied by."""
    cap_applied: bool
    neutral_band_applied: bool
    safeguard_triggered: bool


def _change(coefficient: Decimal, previous: Decimal, basis: LimitBasis) -> Decimal:
    if basis is LimitBasis.COEFFICIENT:
        return coefficient - _ONE
    if basis is LimitBasis.YEARLY_CHANGE:
        return coefficient / previous - _ONE
    raise AssertionError(basis)  # pragma: no cover - exhaustive


def apply_limits(
    rounded: Decimal,
    previous: Decimal,
    *,
    cap: Cap | None,
    neutral_band: Decimal | None,
    safeguard: Safeguard | None,
    digits: int,
) -> Limits:
    """Apply, in this order: the safeguard check (on the rounded coefficient, flag only), the cap
    (clause butoir: an increase beyond the limit is cut to it, rounded down to ``digits``), the
    neutral band (no change while ``|C / previous - 1|`` is strictly below it).

    ``previous`` is the coefficient in force before this revision (1 before the first one).
    """
    triggered = False
    if safeguard is not None:
        triggered = abs(_change(rounded, previous, safeguard.basis)) > safeguard.threshold
    applied = rounded
    capped = False
    if cap is not None:
        if cap.basis is LimitBasis.COEFFICIENT:
            ceiling = _ONE + cap.limit
        elif cap.basis is LimitBasis.YEARLY_CHANGE:
            ceiling = previous * (_ONE + cap.limit)
        else:  # pragma: no cover - exhaustive
            raise AssertionError(cap.basis)
        ceiling = quantize(ceiling, Decimal(1).scaleb(-digits), Rounding.DOWN)
        if applied > ceiling:
            applied, capped = ceiling, True
    neutral = False
    if neutral_band is not None and abs(applied / previous - _ONE) < neutral_band:
        applied, neutral = previous, True
    return Limits(applied, capped, neutral, triggered)


def revision_dates(
    clause: RevisionClause,
    contract_start: date,
    window: Period,
    *,
    billing_periods: Iterable[Period] = (),
) -> tuple[date, ...]:
    """The dates in ``window`` on which ``clause`` revises prices, after the contract's start.

    - ``ANNIVERSARY``: ``contract_start + n years`` (n ≥ 1), anchored on the start (a contract
      starting on 29 February is revised on 28 February in common years);
    - ``FIXED_DATE``: each ``fixed_month``/``fixed_day`` strictly after the start;
    - ``EACH_BILLING_PERIOD``: the start of each of ``billing_periods`` after the start (required).
    """
    found: list[date] = []
    if clause.periodicity is RevisionPeriodicity.ANNIVERSARY:
        n = 1
        while (day := add_months(contract_start, 12 * n)) < window.end:
            if day >= window.start:
                found.append(day)
            n += 1
    elif clause.periodicity is RevisionPeriodicity.FIXED_DATE:
        assert clause.fixed_month is not None
        assert clause.fixed_day is not None
        for year in range(max(window.start.year, contract_start.year), window.end.year + 1):
            try:
                day = date(year, clause.fixed_month, clause.fixed_day)
            except ValueError:  # pragma: no cover - refused by the clause
                continue
            if day > contract_start and day in window:
                found.append(day)
    elif clause.periodicity is RevisionPeriodicity.EACH_BILLING_PERIOD:
        periods = list(billing_periods)
        if not periods:
            raise ConfigurationError(
                "clause de révision",
                "billing_periods",
                "une révision à chaque période de facturation demande les périodes facturées",
            )
        found = sorted({p.start for p in periods if p.start > contract_start and p.start in window})
    else:  # pragma: no cover - exhaustive
        raise AssertionError(clause.periodicity)
    return tuple(found)
