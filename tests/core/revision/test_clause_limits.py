"""Cap (clause butoir), neutral band, safeguard and revision dates, hand-computed on the BT40
example (C = 0.15 + 0.85 x 107.70 / 105.90 = 1.014447... -> 1.0144)."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

import pytest

from savcore.errors import ConfigurationError, ValidationError
from savcore.model.indices import (
    Cap,
    LimitBasis,
    Revision,
    RevisionPeriodicity,
    RevisionSubject,
    Safeguard,
)
from savcore.periods import Period
from savcore.revision import IndexRegistry, apply_limits, compute_revision, revision_dates
from tests.core.revision.conftest import bt40_clause

D = Decimal


def _revise(registry: IndexRegistry, previous: Revision | None = None, **clause: Any) -> Revision:
    return compute_revision(
        bt40_clause(**clause),
        registry,
        revision_id="R1",
        subject=RevisionSubject.CONTRACT,
        subject_id="C1",
        application_date=date(2018, 12, 1),
        computed_on=date(2019, 4, 1),
        previous=previous,
    )


def test_cap_on_the_coefficient(registry: IndexRegistry) -> None:
    # Cap: at most +1 % since the initial prices -> C <= 1.0100; C = 1.0144 is cut to 1.0100;
    # P = 1000.00 x 1.0100 = 1010.00 (the excess 4.40 EUR is not paid).
    result = _revise(registry, cap=Cap(LimitBasis.COEFFICIENT, D("0.01"))).results[0]
    assert result.rounded_coefficient == D("1.0144")
    assert result.applied_coefficient == D("1.0100")
    assert result.cap_applied


def test_cap_not_reached(registry: IndexRegistry) -> None:
    # +2 % cap: 1.0144 <= 1.02, nothing cut.
    result = _revise(registry, cap=Cap(LimitBasis.COEFFICIENT, D("0.02"))).results[0]
    assert result.applied_coefficient == D("1.0144")
    assert not result.cap_applied


def test_cap_on_the_yearly_change() -> None:
    # Previous coefficient 1.0144; new rounded coefficient 1.0600; cap +3 % a year:
    # ceiling = 1.0144 x 1.03 = 1.044832 -> 1.0448 (rounded down to 4 digits, never above the cap)
    limits = apply_limits(
        D("1.0600"),
        D("1.0144"),
        cap=Cap(LimitBasis.YEARLY_CHANGE, D("0.03")),
        neutral_band=None,
        safeguard=None,
        digits=4,
    )
    assert limits.applied == D("1.0448")
    assert limits.cap_applied


def test_cap_never_raises_a_decrease() -> None:
    limits = apply_limits(
        D("0.9800"),
        D("1"),
        cap=Cap(LimitBasis.COEFFICIENT, D("0.01")),
        neutral_band=None,
        safeguard=None,
        digits=4,
    )
    assert limits.applied == D("0.9800")
    assert not limits.cap_applied


def test_neutral_band(registry: IndexRegistry) -> None:
    # Band of 2 %: |1.0144 / 1 - 1| = 1.44 % < 2 % -> no revision, the coefficient stays 1.
    result = _revise(registry, neutral_band=D("0.02")).results[0]
    assert result.applied_coefficient == D("1")
    assert result.neutral_band_applied
    # Band of 1 %: 1.44 % >= 1 % -> revised.
    result = _revise(registry, neutral_band=D("0.01")).results[0]
    assert result.applied_coefficient == D("1.0144")
    assert not result.neutral_band_applied


def test_neutral_band_is_measured_from_the_previous_revision(registry: IndexRegistry) -> None:
    first = _revise(registry)  # 1.0144
    # Next year the coefficient is 1.0200: change 1.0200 / 1.0144 - 1 = 0.552 % < 1 % -> stays 1.0144
    limits = apply_limits(
        D("1.0200"),
        first.results[0].applied_coefficient,
        cap=None,
        neutral_band=D("0.01"),
        safeguard=None,
        digits=4,
    )
    assert limits.applied == D("1.0144")
    assert limits.neutral_band_applied


def test_safeguard_raises_a_flag_only(registry: IndexRegistry) -> None:
    # Threshold 1 %: C - 1 = 1.44 % > 1 % -> flag; the coefficient is still applied.
    revision = _revise(registry, safeguard=Safeguard(LimitBasis.COEFFICIENT, D("0.01")))
    assert revision.safeguard_triggered
    assert revision.results[0].applied_coefficient == D("1.0144")
    revision = _revise(registry, safeguard=Safeguard(LimitBasis.COEFFICIENT, D("0.05")))
    assert not revision.safeguard_triggered


def test_revision_dates_at_anniversary() -> None:
    clause = bt40_clause()
    dates = revision_dates(clause, date(2020, 2, 29), Period(date(2020, 1, 1), date(2025, 1, 1)))
    # anchored on the start: 29 February in leap years, 28 February otherwise
    assert dates == (
        date(2021, 2, 28),
        date(2022, 2, 28),
        date(2023, 2, 28),
        date(2024, 2, 29),
    )


def test_revision_dates_at_a_fixed_date() -> None:
    clause = bt40_clause(periodicity=RevisionPeriodicity.FIXED_DATE, fixed_month=1, fixed_day=1)
    dates = revision_dates(clause, date(2019, 3, 1), Period(date(2019, 1, 1), date(2022, 1, 2)))
    assert dates == (date(2020, 1, 1), date(2021, 1, 1), date(2022, 1, 1))


def test_revision_dates_each_billing_period() -> None:
    clause = bt40_clause(periodicity=RevisionPeriodicity.EACH_BILLING_PERIOD)
    quarters = [Period(date(2019, m, 1), date(2019, m + 3, 1)) for m in (1, 4, 7)]
    dates = revision_dates(clause, date(2019, 1, 1), Period.year(2019), billing_periods=quarters)
    assert dates == (date(2019, 4, 1), date(2019, 7, 1))
    with pytest.raises(ConfigurationError):
        revision_dates(clause, date(2019, 1, 1), Period.year(2019))


def test_fixed_date_needs_month_and_day() -> None:
    with pytest.raises(ValidationError, match="date fixe"):
        bt40_clause(periodicity=RevisionPeriodicity.FIXED_DATE)
    with pytest.raises(ValidationError, match="impossible"):
        bt40_clause(periodicity=RevisionPeriodicity.FIXED_DATE, fixed_month=2, fixed_day=30)


def test_revision_before_the_end_of_m0_is_refused(registry: IndexRegistry) -> None:
    with pytest.raises(ValidationError, match="mois zéro"):
        compute_revision(
            bt40_clause(),
            registry,
            revision_id="R1",
            subject=RevisionSubject.CONTRACT,
            subject_id="C1",
            application_date=date(2018, 1, 15),
            computed_on=date(2019, 4, 1),
        )
