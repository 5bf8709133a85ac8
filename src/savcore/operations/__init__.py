"""Operations: maintenance ranges -> due visits, campaign planning, visit attempts and absences,
intervention requests (D.I.) and their deadlines, purchase orders.

Pure functions of values: no I/O, no clock ("today" and "now" are arguments). The service layer
(:mod:`savcore.services.operations`) records their results in a store.
"""

from __future__ import annotations

from savcore.operations.attempts import (
    OUTCOME_LABELS,
    NextAttempt,
    VisitState,
    VisitStatus,
    campaign_status,
    check_attempt,
    next_attempt,
    visit_status,
)
from savcore.operations.due import DueVisit, due_visits, occurrence_windows, outstanding_visits
from savcore.operations.orders import (
    Consumption,
    MaxAmountWarning,
    PricedOrder,
    PricedOrderLine,
    consumption,
    price_line,
    price_order,
)
from savcore.operations.planning import (
    CampaignPlan,
    PlannedVisit,
    RepeatPlan,
    UnplannedVisit,
    interventions_for,
    notice_date,
    plan_campaign,
    plan_next_attempts,
)
from savcore.operations.requests import (
    RequestAssessment,
    assess_request,
    late_units,
    response_deadline,
)
from savcore.operations.showcase import operations_showcase

__all__ = [
    "OUTCOME_LABELS",
    "CampaignPlan",
    "Consumption",
    "DueVisit",
    "MaxAmountWarning",
    "NextAttempt",
    "PlannedVisit",
    "PricedOrder",
    "PricedOrderLine",
    "RepeatPlan",
    "RequestAssessment",
    "UnplannedVisit",
    "VisitState",
    "VisitStatus",
    "assess_request",
    "campaign_status",
    "check_attempt",
    "consumption",
    "due_visits",
    "interventions_for",
    "late_units",
    "next_attempt",
    "notice_date",
    "occurrence_windows",
    "operations_showcase",
    "outstanding_visits",
    "plan_campaign",
    "plan_next_attempts",
    "price_line",
    "price_order",
    "response_deadline",
    "visit_status",
]
