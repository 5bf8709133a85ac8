"""Provisional to final: recomputation with the final values and regularisation drafts."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from savcore.errors import ConfigurationError
from savcore.model.indices import IndexValue, RevisionSubject, ValueStatus
from savcore.periods import Period
from savcore.revision import (
    AdjustmentKind,
    BilledLine,
    IndexRegistry,
    compute_revision,
    finalise_revision,
    regularisation_drafts,
)
from tests.core.revision.conftest import BT40, bt40_clause, bt40_values

D = Decimal


def _registry() -> IndexRegistry:
    # The fixture's values, except 2018-12: first a provisional 107.50 (15 March 2019), then the
    # final 107.70 (15 April 2019).
    values = [v for v in bt40_values() if v.period != Period.month(2018, 12)]
    values += [
        IndexValue(
            "BT40", Period.month(2018, 12), D("107.50"), date(2019, 3, 15), ValueStatus.PROVISIONAL
        ),
        IndexValue("BT40", Period.month(2018, 12), D("107.70"), date(2019, 4, 15)),
    ]
    return IndexRegistry((BT40,), tuple(values))


def test_regularisation_of_lines_billed_with_a_provisional_value() -> None:
    registry = _registry()
    clause = bt40_clause()
    # Computed on 1 April 2019 with the provisional 107.50:
    #   C = 0.15 + 0.85 x 107.50 / 105.90 = 0.15 + 0.862842304... = 1.012842304... -> 1.0128
    provisional = compute_revision(
        clause,
        registry,
        revision_id="R-PROV",
        subject=RevisionSubject.CONTRACT,
        subject_id="C1",
        application_date=date(2018, 12, 1),
        computed_on=date(2019, 4, 1),
    )
    assert provisional.provisional
    assert provisional.results[0].applied_coefficient == D("1.0128")
    # Final value out on 15 April: C = 1.0144 (the reference example)
    final = finalise_revision(
        provisional, clause, registry, revision_id="R-FINAL", computed_on=date(2019, 4, 20)
    )
    assert not final.provisional
    assert final.supersedes == "R-PROV"
    assert final.results[0].applied_coefficient == D("1.0144")
    # Two invoices billed with P = 1000.00 x 1.0128 = 1012.80 (annual price):
    #  - a quarter: 1012.80 x 0.25 = 253.20; should be 1014.40 x 0.25 = 253.60 -> debit 0.40
    #  - December 2018, 31 days out of 365: billing used the share 0.0849315068 (31/365 to ten
    #    decimals) and billed 1012.80 x 0.0849315068 = 86.0186... -> 86.02; should be
    #    1014.40 x 0.0849315068 = 86.1545... -> 86.15: debit 0.13
    lines = [
        BilledLine(
            "F-2019-0001",
            "1",
            Period(date(2019, 1, 1), date(2019, 4, 1)),
            None,
            D("1000.00"),
            D("0.25"),
            D("253.20"),
            "R-PROV",
        ),
        BilledLine(
            "F-2019-0002",
            "1",
            Period.month(2018, 12),
            None,
            D("1000.00"),
            D("0.0849315068"),
            D("86.02"),
            "R-PROV",
        ),
    ]
    drafts = regularisation_drafts(lines, final, clause)
    assert [(d.invoice_id, d.kind, d.difference) for d in drafts] == [
        ("F-2019-0001", AdjustmentKind.DEBIT, D("0.40")),
        ("F-2019-0002", AdjustmentKind.DEBIT, D("0.13")),
    ]
    assert drafts[0].corrected_amount == D("253.60")


def test_no_draft_when_the_amount_is_right_and_credit_when_too_much() -> None:
    registry = _registry()
    clause = bt40_clause()
    final = compute_revision(
        clause,
        registry,
        revision_id="R-FINAL",
        subject=RevisionSubject.CONTRACT,
        subject_id="C1",
        application_date=date(2018, 12, 1),
        computed_on=date(2019, 4, 20),
        supersedes="R-PROV",
    )
    right = BilledLine(
        "F1", "1", Period.year(2019), None, D("1000.00"), D("1"), D("1014.40"), "R-PROV"
    )
    too_much = BilledLine(
        "F2", "1", Period.year(2019), None, D("1000.00"), D("1"), D("1020.00"), "R-PROV"
    )
    drafts = regularisation_drafts([right, too_much], final, clause)
    assert len(drafts) == 1
    assert drafts[0].kind is AdjustmentKind.CREDIT
    assert drafts[0].difference == D("-5.60")


def test_lines_billed_with_another_revision_are_refused() -> None:
    clause = bt40_clause()
    final = compute_revision(
        clause,
        _registry(),
        revision_id="R-FINAL",
        subject=RevisionSubject.CONTRACT,
        subject_id="C1",
        application_date=date(2018, 12, 1),
        computed_on=date(2019, 4, 20),
        supersedes="R-PROV",
    )
    other = BilledLine(
        "F1", "1", Period.year(2019), None, D("1000.00"), D("1"), D("1014.40"), "R-OTHER"
    )
    with pytest.raises(ConfigurationError, match="R-OTHER"):
        regularisation_drafts([other], final, clause)
