"""Helpers shared by the report families: period bounds, unit names, parameters, rates."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import datetime, time
from decimal import ROUND_DOWN, Decimal

from savcore.calendars import PARIS
from savcore.errors import ValidationError
from savcore.model.contracts import Contract
from savcore.model.operations import Intervention, InterventionKind, VisitAttempt
from savcore.model.sites import ManagementUnit
from savcore.periods import Period

RATE_PLACES = Decimal("0.0001")
"""Rates are cut (never rounded up) to four places: 0.899996 shows as 89,99 %, so a displayed
rate reaches a threshold of at most four places only when the exact rate does."""

NO_SERVICE = "(sans prestation)"
"""What the activity report shows for an intervention that names no service line."""


def check_period(period: object) -> Period:
    """``period`` itself, or :class:`~savcore.errors.ValidationError` when it is not a Period."""
    if not isinstance(period, Period):
        raise ValidationError("period", period, "une période (Period) est attendue")
    return period


def bounds(period: Period) -> tuple[datetime, datetime]:
    """Midnight (Paris) at the start of the period and at its end: an event at ``at`` is in the
    period when ``lo <= at < hi``, that is when its Paris date is in the period."""
    return (
        datetime.combine(period.start, time(0), PARIS),
        datetime.combine(period.end, time(0), PARIS),
    )


def rate(numerator: int, denominator: int) -> Decimal | None:
    """``numerator / denominator`` cut to four places, ``None`` when the denominator is 0."""
    if denominator <= 0:
        return None
    return (Decimal(numerator) / Decimal(denominator)).quantize(RATE_PLACES, rounding=ROUND_DOWN)


def unit_names(units: Iterable[ManagementUnit]) -> dict[str, str]:
    """Unit id -> unit name."""
    return {unit.id: unit.name for unit in units}


def contract_parameters(contract: Contract, period: Period) -> list[tuple[str, str]]:
    """The first parameters every report shows: the contract and the period."""
    return [
        ("Contrat", f"{contract.id} - {contract.designation}"),
        ("Période", str(period)),
    ]


def attempts_by_intervention(
    attempts: Iterable[VisitAttempt], known: Mapping[str, object], lo: datetime, hi: datetime
) -> dict[str, list[VisitAttempt]]:
    """The attempts of the interventions in ``known`` dated inside ``[lo, hi)``, grouped."""
    out: dict[str, list[VisitAttempt]] = {}
    for attempt in attempts:
        iid = attempt.intervention_id
        if iid in known and lo <= attempt.at < hi:
            bucket = out.get(iid)
            if bucket is None:
                out[iid] = [attempt]
            else:
                bucket.append(attempt)
    return out


def counting_types(contract: Contract, visit_type_ids: Iterable[str] | None) -> frozenset[str]:
    """The visit types that count: those given, else the contract's penetration rule (empty:
    every preventive visit)."""
    if visit_type_ids is None:
        return contract.penetration.visit_type_ids
    return frozenset(visit_type_ids)


def counting_visit(intervention: Intervention, contract_id: str, types: frozenset[str]) -> bool:
    """Whether ``intervention`` is a preventive visit of the contract of a counting type."""
    return (
        intervention.kind is InterventionKind.PREVENTIVE
        and intervention.contract_id == contract_id
        and (not types or intervention.visit_type_id in types)
    )


def types_label(types: frozenset[str]) -> str:
    """The visit types that count, for the report's parameters."""
    return ", ".join(sorted(types)) if types else "toutes les visites préventives"
