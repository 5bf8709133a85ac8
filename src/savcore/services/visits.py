"""Recording what happens in the field: visit attempts."""

from __future__ import annotations

from savcore.model.operations import VisitAttempt
from savcore.operations import check_attempt
from savcore.store.ports import Store

__all__ = ["record_attempt"]


def record_attempt(store: Store, attempt: VisitAttempt) -> VisitAttempt:
    """Record a visit attempt (passage) after checking it against the stored facts.

    The intervention, its contract and the dwelling must be known
    (:class:`~savcore.errors.NotFoundError`); the dwelling must belong to one of the contract's
    units and the attempt must follow the previous ones of the visit
    (:func:`savcore.operations.check_attempt`, :class:`~savcore.errors.BusinessRuleError`).
    Returns the recorded attempt.
    """
    with store.transaction():
        intervention = store.interventions.get(attempt.intervention_id)
        contract = store.contracts.get(intervention.contract_id)
        dwelling_id = attempt.dwelling_id or intervention.dwelling_id
        dwelling = store.dwellings.get(dwelling_id) if dwelling_id is not None else None
        request = (
            store.requests.get(intervention.request_id)
            if intervention.request_id is not None
            else None
        )
        check_attempt(
            attempt,
            intervention=intervention,
            contract=contract,
            dwelling=dwelling,
            previous=store.attempts.for_intervention(intervention.id),
            request=request,
        )
        store.attempts.add(attempt)
    return attempt
