"""Shared data for the revision tests: the real BT40 values of 2018 (base 2010).

Source: INSEE, as reproduced by batirama.com (BT40 2018 page), quoted in
shared/reference/price-revision.md. The publication dates are not in that source: here each month
is published on the 15th, three months later (BT indices come out about 2.5 months after the
month), which is close enough for the look-up rules under test.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

import pytest

from savcore.model.indices import (
    Index,
    IndexValue,
    RevisionClause,
    RevisionFormula,
    ValueStatus,
)
from savcore.money import Rounding
from savcore.periods import Period
from savcore.revision import IndexRegistry

D = Decimal

BT40_2018 = {
    1: "105.90",
    2: "106.60",
    3: "106.70",
    4: "107.10",
    5: "107.40",
    6: "107.50",
    7: "107.80",
    8: "107.90",
    9: "108.20",
    10: "107.90",
    11: "108.10",
    12: "107.70",
}

BT40 = Index(
    "BT40",
    "BT40 - Chauffage central (à l'exclusion du chauffage électrique)",
    base="2010",
)


def published_on(year: int, month: int) -> date:
    """The 15th of the third month after ``year``-``month``."""
    total = year * 12 + month - 1 + 3
    return date(total // 12, total % 12 + 1, 15)


def bt40_values() -> tuple[IndexValue, ...]:
    return tuple(
        IndexValue(
            "BT40",
            Period.month(2018, m),
            D(v),
            published_on(2018, m),
            ValueStatus.FINAL,
            "batirama.com",
        )
        for m, v in BT40_2018.items()
    )


@pytest.fixture
def registry() -> IndexRegistry:
    return IndexRegistry((BT40,), bt40_values())


def bt40_clause(
    digits: int = 4, rounding: Rounding = Rounding.HALF_UP, **kwargs: Any
) -> RevisionClause:
    """P = P0 x (0.15 + 0.85 x BT40/BT40_0), M0 = January 2018."""
    return RevisionClause(
        reference_month=Period.month(2018, 1),
        formula=RevisionFormula.single("BT40", D("0.15")),
        coefficient_digits=digits,
        coefficient_rounding=rounding,
        **kwargs,
    )
