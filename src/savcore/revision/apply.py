"""Applying a computed revision to prices: service lines (a new effective-dated price) and price
schedules (a new version from the application date). Nothing before the application date changes.

Revised prices are always computed from the *base* prices (those of M0): ``P = P₀ × C``, rounded
once, never from the previous revised price (which would compound roundings).
"""

from __future__ import annotations

import decimal
import operator
from collections import deque
from collections.abc import Iterable, Mapping, Sequence
from datetime import date
from decimal import Decimal
from itertools import repeat
from typing import Any

import attrs

from savcore.errors import ConfigurationError, MissingValueError
from savcore.model.catalog import PriceItem, PriceSchedule, PriceScheduleVersion
from savcore.model.contracts import Contract, ServiceLine
from savcore.model.indices import Revision, RevisionClause, RevisionSubject
from savcore.revision.coefficient import revised_price
from savcore.revision.compute import family_key

__all__ = [
    "base_version",
    "revise_contract",
    "revise_price_schedule",
    "revise_service_line",
]


def _coefficient(revision: Revision, key: str | None, subject: str) -> Decimal:
    result = revision.result_for(key)
    if result is None:
        raise ConfigurationError(
            subject,
            "revision",
            f"la révision {revision.id} n'a pas de coefficient pour la famille "
            f"{key if key is not None else '(formule par défaut)'}",
        )
    return result.applied_coefficient


def revise_service_line(
    line: ServiceLine,
    revision: Revision,
    clause: RevisionClause,
    *,
    base_price: Decimal | None = None,
) -> ServiceLine:
    """``line`` with its revised price from ``revision.application_date`` on.

    ``base_price`` is P₀, the price at M0; by default the first value of the line's price timeline
    (pass it for a line whose base price was changed by an amendment). A line that is not
    revisable, or that ended before the application date, is returned unchanged; so is a line
    whose price would not change. Earlier changes of the timeline are untouched.
    """
    day = revision.application_date
    if not line.revisable or (line.end is not None and line.end <= day):
        return line
    key = family_key(clause, line.price_family, subject=f"prestation {line.id}")
    coefficient = _coefficient(revision, key, f"prestation {line.id}")
    p0 = base_price if base_price is not None else line.unit_price.changes[0].value
    price = revised_price(
        p0, coefficient, digits=clause.price_digits, rounding=clause.price_rounding
    )
    if line.unit_price.get(day, None) == price:
        return line
    replace = any(c.effective == day for c in line.unit_price.changes)
    return attrs.evolve(line, unit_price=line.unit_price.with_change(day, price, replace=replace))


def revise_contract(contract: Contract, revision: Revision) -> Contract:
    """``contract`` with every revisable line revised by ``revision`` (a contract revision)."""
    if contract.revision is None:
        raise ConfigurationError(
            f"contrat {contract.id}", "revision", "le contrat n'a pas de clause de révision"
        )
    if revision.subject is not RevisionSubject.CONTRACT or revision.subject_id != contract.id:
        raise ConfigurationError(
            f"contrat {contract.id}",
            "revision",
            f"la révision {revision.id} concerne {revision.subject.value} {revision.subject_id}",
        )
    clause = contract.revision
    lines = tuple(revise_service_line(line, revision, clause) for line in contract.lines)
    return attrs.evolve(contract, lines=lines)


def base_version(schedule: PriceSchedule, day: date) -> PriceScheduleVersion:
    """The version holding the base prices (not produced by a revision) in force on ``day``."""
    for version in reversed(schedule.versions):
        if version.revision_id is None and version.applies_from <= day:
            return version
    raise MissingValueError(
        "bordereau de prix", schedule.id, f"{day:%d/%m/%Y}", context="aucune version de base"
    )


# PriceItem is frozen and already validated; a revised item differs only by a price computed here
# (a non-negative Decimal at the clause's quantum), so it is copied through the slot descriptors
# instead of running every validator again, column by column: each kept field is read from every
# old item and written into every new one by C-level loops (map over attrgetter and the slot
# setters), which is what makes a 100,000-item schedule cost little more than the arithmetic. A
# test checks the copy equals attrs.evolve for every field PriceItem has.
_REVISION_CONTEXT = decimal.Context(
    prec=decimal.MAX_PREC,
    Emax=decimal.MAX_EMAX,
    Emin=decimal.MIN_EMIN,
    traps=[decimal.InvalidOperation, decimal.Overflow, decimal.Underflow],
)
"""Where a column of revised prices is computed: at the greatest precision the products P₀ × C are
always exact, and each is then rounded once, by the quantize with the clause's mode."""
_FIELDS = tuple(a.name for a in attrs.fields(PriceItem))
_DESCRIPTORS = {name: getattr(PriceItem, name) for name in _FIELDS}
_GETTERS = {name: operator.attrgetter(name) for name in _FIELDS}


def _with_prices(
    items: Sequence[PriceItem],
    prices: Sequence[Decimal],
    known: Mapping[str, Sequence[Any]] | None = None,
) -> tuple[PriceItem, ...]:
    """Copies of ``items`` with ``prices`` (same length) as unit prices; ``known``: columns of
    other fields already read from ``items`` (by field name), taken instead of read again."""
    known = known or {}
    new: list[PriceItem] = list(map(object.__new__, repeat(PriceItem, len(items))))
    for name, descriptor in _DESCRIPTORS.items():
        if name == "unit_price":
            values: Iterable[Any] = prices
        elif name in known:
            values = known[name]
        else:
            values = map(_GETTERS[name], items)
        deque(map(descriptor.__set__, new, values), maxlen=0)
    return tuple(new)


def _with_price(item: PriceItem, price: Decimal) -> PriceItem:
    """One copy of ``item`` with ``price`` (see :func:`_with_prices`)."""
    return _with_prices((item,), (price,))[0]


def revise_price_schedule(
    schedule: PriceSchedule, revision: Revision, clause: RevisionClause
) -> PriceSchedule:
    """``schedule`` with a new version from ``revision.application_date``: each item of the base
    version in force on that day, revised with the coefficient of its price family. Earlier
    versions are kept as they are."""
    if revision.subject is not RevisionSubject.PRICE_SCHEDULE or revision.subject_id != schedule.id:
        raise ConfigurationError(
            f"bordereau {schedule.id}",
            "revision",
            f"la révision {revision.id} concerne {revision.subject.value} {revision.subject_id}",
        )
    day = revision.application_date
    base = base_version(schedule, day)
    subject = f"bordereau {schedule.id}"
    items = base.items
    families = list(map(_GETTERS["family"], items))
    coefficients: dict[str | None, Decimal] = {}
    for family in dict.fromkeys(families):  # first seen, first checked
        key = family_key(clause, family, subject=subject)
        coefficients[family] = _coefficient(revision, key, subject)
        if coefficients[family] < 0:  # then no revised price is negative (P₀ >= 0)
            raise ConfigurationError(
                subject, "revision", f"coefficient négatif pour la famille {family}"
            )
    quantum = Decimal(1).scaleb(-clause.price_digits)
    # The whole column in a local context (the caller's context is never used nor changed).
    with decimal.localcontext(_REVISION_CONTEXT):
        products = map(
            operator.mul,
            map(_GETTERS["unit_price"], items),
            map(coefficients.__getitem__, families),
        )
        prices = list(
            map(
                Decimal.quantize,
                products,
                repeat(quantum),
                repeat(clause.price_rounding.decimal_mode),
            )
        )
    revised = _with_prices(items, prices, {"family": families})
    # the items are copies of the base version's, in its order, with non-negative prices: the
    # version's checks (item types, unique codes) hold already
    version = PriceScheduleVersion._trusted(day, revised, revision_id=revision.id)
    return schedule.with_version(version)
