"""Price revisions (révision de prix): index registry and look-ups, exact coefficients, clauses,
application to service lines and price schedules, provisional-to-final regularisation.

Pure: no I/O (except :mod:`savcore.revision.sources`, the file loader), no clock; "today" is the
``computed_on`` argument. The data classes live in :mod:`savcore.model.indices`.
"""

from __future__ import annotations

from savcore.revision.apply import (
    base_version,
    revise_contract,
    revise_price_schedule,
    revise_service_line,
)
from savcore.revision.clauses import Limits, apply_limits, revision_dates
from savcore.revision.coefficient import (
    decimal_display,
    exact_coefficient,
    revised_price,
    round_fraction,
)
from savcore.revision.compute import (
    compute_coefficient,
    compute_revision,
    family_key,
    finalise_revision,
)
from savcore.revision.explain import explain, explain_result
from savcore.revision.registry import IndexRegistry
from savcore.revision.regularisation import (
    AdjustmentKind,
    BilledLine,
    RegularisationDraft,
    correction_amount,
    regularisation_drafts,
)

__all__ = [
    "AdjustmentKind",
    "BilledLine",
    "IndexRegistry",
    "Limits",
    "RegularisationDraft",
    "apply_limits",
    "base_version",
    "compute_coefficient",
    "compute_revision",
    "correction_amount",
    "decimal_display",
    "exact_coefficient",
    "explain",
    "explain_result",
    "family_key",
    "finalise_revision",
    "regularisation_drafts",
    "revise_contract",
    "revise_price_schedule",
    "revise_service_line",
    "revised_price",
    "revision_dates",
    "round_fraction",
]
