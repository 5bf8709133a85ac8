"""The penetration rate per management unit (taux de pénétration par UG).

For a contract and a period, every dwelling of the contract's units that belongs to its unit on at
least one day of the period (``Dwelling.in_scope_during``) is **in scope**, and stands in exactly
one state, read from the attempts at its counting visits dated inside the period:

* **done** (réalisé): a counting visit has a done attempt;
* **not done** (non fait): no counting visit is done and one is closed, the way
  :func:`savcore.operations.visit_status` closes a visit (a refusal, an appliance stopped, or a
  failure at the contract's last allowed attempt);
* **pending** (en attente): every other dwelling (no attempt yet, or a repeat visit to come).

So done + not done + pending = in scope, for every UG. The counting visits are the contract's
preventive interventions in the dwelling (``Intervention.dwelling_id``) of one of the rule's visit
types (``PenetrationRule.visit_type_ids``; every preventive visit when empty).

The rate is done / base. The **base** (dénominateur) is the dwellings in scope, less, when the
contract's :class:`~savcore.model.contracts.PenetrationRule` says so:

* ``exclude_vacant``: the dwellings not done that stood empty during the whole part of the period
  they were in scope (a dwelling let for two months is not vacant);
* ``exclude_refused``: the dwellings not done whose occupant refused the visit (a counting visit
  closed by a refusal). A dwelling both vacant and refusing is counted once, as vacant.

A dwelling done always counts, vacant or not, so the rate is within [0, 1]. It is cut (never
rounded up) to four places: a displayed 90,00 % is at least 90 %. Attempts outside the period are
ignored, so a later visit never changes a closed year.

The computation is a few passes with dict lookups (dwellings, then interventions, then attempts),
reading each object's attributes once: a million dwellings and three million attempts take a few
seconds (``benchmarks/bench_penetration.py``).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from decimal import Decimal

import attrs

from savcore.model.contracts import Contract
from savcore.model.operations import Intervention, InterventionKind, Outcome, VisitAttempt
from savcore.model.sites import Dwelling, ManagementUnit
from savcore.periods import Period
from savcore.reports import Column, ColumnType, Report, format_value
from savcore.stats._common import (
    bounds,
    check_period,
    contract_parameters,
    counting_types,
    rate,
    types_label,
    unit_names,
)

__all__ = ["UnitPenetration", "penetration", "penetration_counts"]

_NOT_DONE, _REFUSED = 1, 2
_RETRYABLE = frozenset(o for o in Outcome if o.is_retryable)


@attrs.frozen
class UnitPenetration:
    """The counts of one management unit (see the module docstring for each word).

    ``vacant`` and ``refused`` are the dwellings taken out of the base (zero when the rule keeps
    them); they are among ``not_done`` + ``pending``.
    """

    unit_id: str
    in_scope: int = 0
    done: int = 0
    not_done: int = 0
    pending: int = 0
    vacant: int = 0
    refused: int = 0

    @property
    def base(self) -> int:
        """The denominator: dwellings in scope less those excluded."""
        return self.in_scope - self.vacant - self.refused

    @property
    def rate(self) -> Decimal | None:
        """done / base, cut to four places; ``None`` when the base is empty."""
        return rate(self.done, self.base)


def _vacant_throughout(dwelling: Dwelling, period: Period) -> bool:
    """Whether the dwelling stood empty every day it was in scope during ``period``."""
    start, end = period.start, period.end
    if dwelling.added_on is not None and dwelling.added_on > start:
        start = dwelling.added_on
    if dwelling.withdrawn_on is not None and dwelling.withdrawn_on < end:
        end = dwelling.withdrawn_on
    covered = start
    for vacancy in dwelling.vacancies:  # sorted, not overlapping; contiguous ones chain
        if vacancy.start > covered:
            if vacancy.start >= end:
                break
            return False
        if vacancy.end > covered:
            covered = vacancy.end
        if covered >= end:
            return True
    return covered >= end


def penetration_counts(
    contract: Contract,
    dwellings: Iterable[Dwelling],
    interventions: Iterable[Intervention],
    attempts: Iterable[VisitAttempt],
    period: Period,
    *,
    visit_type_ids: Iterable[str] | None = None,
) -> list[UnitPenetration]:
    """The counts of every unit of ``contract`` (in the contract's order) over ``period``.

    Dwellings of other units, interventions of other contracts and attempts of other visits are
    ignored, so whole collections can be passed. ``visit_type_ids`` overrides the rule's counting
    visit types.
    """
    period = check_period(period)
    rule = contract.penetration
    types = counting_types(contract, visit_type_ids)
    index = {unit_id: k for k, unit_id in enumerate(contract.unit_ids)}
    start, end = period.start, period.end

    # 1. Dwellings in scope -> their unit's position; vacant ones (only if the rule asks).
    unit_of: dict[str, int] = {}
    vacant: list[str] = []
    check_vacant = rule.exclude_vacant
    for dwelling in dwellings:
        k = index.get(dwelling.unit_id)
        if k is None:
            continue
        added, withdrawn = dwelling.added_on, dwelling.withdrawn_on
        if (added is not None and added >= end) or (withdrawn is not None and withdrawn <= start):
            continue
        unit_of[dwelling.id] = k
        if check_vacant and dwelling.vacancies and _vacant_throughout(dwelling, period):
            vacant.append(dwelling.id)

    # 2. Counting visits -> their dwelling.
    contract_id, preventive = contract.id, InterventionKind.PREVENTIVE
    visit_of: dict[str, str] = {
        i.id: i.dwelling_id
        for i in interventions
        if i.dwelling_id in unit_of
        and i.kind is preventive
        and i.contract_id == contract_id
        and (not types or i.visit_type_id in types)
    }

    # 3. One pass over the attempts: the dwellings done, and the last attempt of other visits.
    lo, hi = bounds(period)
    done_dwellings: set[str] = set()
    add_done = done_dwellings.add
    last: dict[str, VisitAttempt] = {}
    dwelling_of = visit_of.get
    done = Outcome.DONE
    for attempt in attempts:
        dwelling_id = dwelling_of(attempt.intervention_id)
        if dwelling_id is None:
            continue
        at = attempt.at
        if at < lo or at >= hi:
            continue
        if attempt.outcome is done:
            add_done(dwelling_id)
            continue
        iid = attempt.intervention_id
        previous = last.get(iid)
        if (
            previous is None
            or attempt.number > previous.number
            or (attempt.number == previous.number and (at, attempt.id) > (previous.at, previous.id))
        ):
            last[iid] = attempt

    # 4. Dwellings not done: a visit closed (refusal first), none done.
    closed: dict[str, int] = {}
    max_attempts = contract.attempts.max_attempts
    refused = Outcome.REFUSED
    for iid, attempt in last.items():
        outcome = attempt.outcome
        if outcome in _RETRYABLE and attempt.number < max_attempts:
            continue  # another attempt is to come: pending
        dwelling_id = visit_of[iid]
        if dwelling_id in done_dwellings:
            continue
        if outcome is refused:
            closed[dwelling_id] = _REFUSED
        else:
            closed.setdefault(dwelling_id, _NOT_DONE)

    # 5. Counts per unit (C-level counting over unit positions).
    unit_at = unit_of.__getitem__
    in_scope = Counter(unit_of.values())
    n_done = Counter(map(unit_at, done_dwellings))
    n_not_done = Counter(map(unit_at, closed))
    excluded = [d for d in vacant if d not in done_dwellings]
    n_vacant = Counter(map(unit_at, excluded))
    n_refused: Counter[int] = Counter()
    if rule.exclude_refused:
        left_out = set(excluded)
        n_refused = Counter(
            unit_of[d] for d, code in closed.items() if code == _REFUSED and d not in left_out
        )
    return [
        UnitPenetration(
            unit_id=unit_id,
            in_scope=in_scope[k],
            done=n_done[k],
            not_done=n_not_done[k],
            pending=in_scope[k] - n_done[k] - n_not_done[k],
            vacant=n_vacant[k],
            refused=n_refused[k],
        )
        for k, unit_id in enumerate(contract.unit_ids)
    ]


PENETRATION_COLUMNS = (
    Column("ug", "UG"),
    Column("residence", "Résidence"),
    Column("in_scope", "Logements dans le périmètre", ColumnType.INTEGER, total=True),
    Column("done", "Réalisés", ColumnType.INTEGER, total=True),
    Column("not_done", "Non faits", ColumnType.INTEGER, total=True),
    Column("pending", "En attente", ColumnType.INTEGER, total=True),
    Column("vacant", "Vacants exclus", ColumnType.INTEGER, total=True),
    Column("refused", "Refus exclus", ColumnType.INTEGER, total=True),
    Column("base", "Base du taux", ColumnType.INTEGER, total=True),
    Column("rate", "Taux de pénétration", ColumnType.RATE),
)
"""The columns of :func:`penetration` (plus ``Objectif atteint`` when the rule has a threshold)."""


def _base_label(contract: Contract) -> str:
    rule = contract.penetration
    parts = ["logements dans le périmètre pendant la période"]
    parts.append("vacants exclus" if rule.exclude_vacant else "vacants comptés")
    parts.append("refus exclus" if rule.exclude_refused else "refus comptés comme non faits")
    return ", ".join(parts)


def penetration(
    contract: Contract,
    dwellings: Iterable[Dwelling],
    interventions: Iterable[Intervention],
    attempts: Iterable[VisitAttempt],
    period: Period,
    *,
    units: Iterable[ManagementUnit] = (),
    visit_type_ids: Iterable[str] | None = None,
) -> Report:
    """The penetration rate per UG of ``contract`` over ``period`` (see the module docstring).

    One row per unit of the contract, in its order: dwellings in scope, done, not done, pending,
    vacant and refusing dwellings taken out of the base, the base and the rate; with the column
    ``Objectif atteint`` when the rule has a threshold (``None`` for an empty base). ``units``
    gives the residences' names. The notes give the overall rate (total done / total base).
    """
    counts = penetration_counts(
        contract, dwellings, interventions, attempts, period, visit_type_ids=visit_type_ids
    )
    names = unit_names(units)
    threshold = contract.penetration.threshold
    columns: tuple[Column, ...] = PENETRATION_COLUMNS
    if threshold is not None:
        columns = (*columns, Column("meets", "Objectif atteint", ColumnType.BOOLEAN))
    rows = []
    for c in counts:
        row: tuple[object, ...] = (
            c.unit_id,
            names.get(c.unit_id, ""),
            c.in_scope,
            c.done,
            c.not_done,
            c.pending,
            c.vacant,
            c.refused,
            c.base,
            c.rate,
        )
        if threshold is not None:
            row = (*row, None if c.base == 0 else c.done >= threshold * c.base)
        rows.append(row)
    done = sum(c.done for c in counts)
    base = sum(c.base for c in counts)
    overall = rate(done, base)
    notes = [
        f"Taux global : {format_value(overall, ColumnType.RATE) or 'sans objet'} "
        f"({done} réalisé(s) sur une base de {base} logement(s))"
    ]
    parameters = contract_parameters(contract, check_period(period))
    parameters.append(("Base du taux", _base_label(contract)))
    parameters.append(("Visites comptées", types_label(counting_types(contract, visit_type_ids))))
    if threshold is not None:
        parameters.append(("Objectif contractuel", format_value(threshold, ColumnType.RATE)))
        if base:
            met = done >= threshold * base
            notes.append("Objectif global atteint" if met else "Objectif global non atteint")
    return Report(
        "penetration",
        "Taux de pénétration par UG",
        columns,
        rows,
        parameters=tuple(parameters),
        notes=tuple(notes),
    )
