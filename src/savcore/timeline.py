"""Effective-dated values: a :class:`Timeline` is a value that changes on given dates.

The number of dwellings of a management unit, a unit price after a revision, a unit joining or
leaving a contract, a warranty level: each is a timeline. A change takes effect on its date (date
d'effet) and lasts until the next one; nothing is overwritten, so any past invoice can be explained
again from the same timeline.

>>> from datetime import date
>>> from decimal import Decimal
>>> from savcore.periods import Period
>>> dwellings = Timeline.from_pairs([(date(2025, 1, 1), 40), (date(2025, 3, 1), 42)])
>>> dwellings.value_at(date(2025, 2, 10)), dwellings.value_at(date(2025, 3, 1))
(40, 42)
>>> dwellings.integrate(Period(date(2025, 1, 1), date(2025, 4, 1)))  # 40 x 59 + 42 x 31
Decimal('3662')
"""

from __future__ import annotations

import bisect
import decimal
import itertools
from collections.abc import Iterable
from datetime import date, datetime
from decimal import Decimal
from typing import Any, Generic, TypeVar

import attrs

from savcore.errors import DuplicateError, FloatAmountError, MissingValueError, ValidationError
from savcore.periods import Period

__all__ = ["Change", "Segment", "Timeline"]

T = TypeVar("T")
D = TypeVar("D")

# Sums of value x days are exact: a local context, never the caller's, with room to spare.
_CONTEXT = decimal.Context(prec=50, traps=[decimal.InvalidOperation, decimal.Inexact])


def _is_date(instance: object, attribute: attrs.Attribute[Any], value: object) -> None:
    if not isinstance(value, date) or isinstance(value, datetime):
        raise ValidationError(
            attribute.name, value, "une date (datetime.date) est attendue", entity="Change"
        )


def _check_date(field: str, value: object) -> date:
    if not isinstance(value, date) or isinstance(value, datetime):
        raise ValidationError(field, value, "une date (datetime.date) est attendue")
    return value


def _check_period(value: object) -> Period:
    if not isinstance(value, Period):
        raise ValidationError("period", value, "une période (Period) est attendue")
    return value


@attrs.frozen
class Change(Generic[T]):
    """``value`` applies from ``effective`` (included) until the next change."""

    effective: date = attrs.field(validator=_is_date)
    value: T


@attrs.frozen
class Segment(Generic[T]):
    """A piece of a period over which a timeline keeps one value."""

    period: Period
    value: T


def _to_changes(value: Iterable[Change[T]]) -> tuple[Change[T], ...]:
    try:
        return tuple(value)
    except TypeError:
        raise ValidationError(
            "changes", value, "une suite de changements (Change) est attendue", entity="Timeline"
        ) from None


def _check_changes(instance: object, attribute: attrs.Attribute[Any], value: object) -> None:
    items: tuple[object, ...] = value if isinstance(value, tuple) else ()
    if not items:
        raise ValidationError(
            "changes", value, "au moins un changement est nécessaire", entity="Timeline"
        )
    changes: list[Change[Any]] = []
    for i, change in enumerate(items):
        if not isinstance(change, Change):
            raise ValidationError(
                f"changes[{i}]", change, "un changement (Change) est attendu", entity="Timeline"
            )
        changes.append(change)
    for before, after in itertools.pairwise(changes):
        if after.effective <= before.effective:
            raise ValidationError(
                "changes",
                after.effective,
                f"dates d'effet non strictement croissantes ({after.effective:%d/%m/%Y} après "
                f"{before.effective:%d/%m/%Y})",
                entity="Timeline",
            )


@attrs.frozen
class Timeline(Generic[T]):
    """A value that changes on effective dates, as an ordered tuple of :class:`Change`.

    Raises :class:`~savcore.errors.ValidationError` (field ``changes``) for no change at all or
    effective dates that are not strictly increasing.
    """

    changes: tuple[Change[T], ...] = attrs.field(converter=_to_changes, validator=_check_changes)
    _dates: tuple[date, ...] = attrs.field(init=False, repr=False, eq=False, hash=False)

    def __attrs_post_init__(self) -> None:
        object.__setattr__(self, "_dates", tuple(c.effective for c in self.changes))

    @classmethod
    def constant(cls, value: T, since: date) -> Timeline[T]:
        """A timeline holding ``value`` from ``since`` on."""
        return cls((Change(since, value),))

    @classmethod
    def from_pairs(cls, pairs: Iterable[tuple[date, T]]) -> Timeline[T]:
        """A timeline from ``(effective date, value)`` pairs, in any order.

        Raises :class:`~savcore.errors.DuplicateError` when two pairs share a date.
        """
        changes = sorted((Change(day, value) for day, value in pairs), key=lambda c: c.effective)
        for before, after in itertools.pairwise(changes):
            if before.effective == after.effective:
                raise DuplicateError("date d'effet", after.effective, context="Timeline.from_pairs")
        return cls(tuple(changes))

    @property
    def first_effective(self) -> date:
        """The date of the first change: before it, the timeline has no value."""
        return self._dates[0]

    def _index_at(self, day: date) -> int:
        return bisect.bisect_right(self._dates, day) - 1

    def value_at(self, day: date) -> T:
        """The value in force on ``day``.

        Raises :class:`~savcore.errors.MissingValueError` when ``day`` is before the first change.
        """
        i = self._index_at(_check_date("day", day))
        if i < 0:
            raise MissingValueError(
                "valeur",
                "chronologie",
                day,
                context=f"première date d'effet : {self._dates[0]:%d/%m/%Y}",
            )
        return self.changes[i].value

    def get(self, day: date, default: D) -> T | D:
        """The value in force on ``day``, or ``default`` before the first change."""
        i = self._index_at(_check_date("day", day))
        return default if i < 0 else self.changes[i].value

    def with_change(self, effective: date, value: T, *, replace: bool = False) -> Timeline[T]:
        """A new timeline where ``value`` applies from ``effective`` until the next change.

        Values before ``effective`` are unchanged. A change already dated ``effective`` raises
        :class:`~savcore.errors.DuplicateError`, unless ``replace=True`` (its value is replaced).
        """
        _check_date("effective", effective)
        i = bisect.bisect_left(self._dates, effective)
        changes = list(self.changes)
        if i < len(changes) and changes[i].effective == effective:
            if not replace:
                raise DuplicateError(
                    "date d'effet",
                    effective,
                    context="un changement existe déjà à cette date (replace=True pour remplacer)",
                )
            changes[i] = Change(effective, value)
        else:
            changes.insert(i, Change(effective, value))
        return Timeline(tuple(changes))

    def segments(self, period: Period) -> list[Segment[T]]:
        """The pieces of ``period`` over which the value is constant, in order, tiling ``period``.

        One segment per change in force (two consecutive changes with equal values give two
        segments, so that each piece can be traced to its change).

        Raises :class:`~savcore.errors.MissingValueError` when ``period`` starts before the first
        change.
        """
        i = self._index_at(_check_period(period).start)
        if i < 0:
            raise MissingValueError(
                "valeur",
                "chronologie",
                period.start,
                context=f"première date d'effet : {self._dates[0]:%d/%m/%Y}",
            )
        pieces: list[Segment[T]] = []
        start, value = period.start, self.changes[i].value
        for change in self.changes[i + 1 :]:
            if change.effective >= period.end:
                break
            pieces.append(Segment(Period(start, change.effective), value))
            start, value = change.effective, change.value
        pieces.append(Segment(Period(start, period.end), value))
        return pieces

    def integrate(self, period: Period) -> Decimal:
        """The sum over ``period`` of value x days (e.g. dwelling-days, euro-days), exactly.

        Raises :class:`~savcore.errors.ValidationError` (field ``value``) when a value in force is
        not a ``Decimal`` or an ``int`` (a float raises :class:`~savcore.errors.FloatAmountError`),
        and :class:`~savcore.errors.MissingValueError` as :meth:`segments` does.
        """
        total = Decimal(0)
        for segment in self.segments(period):
            value: object = segment.value
            if isinstance(value, float):
                raise FloatAmountError("value", value, entity="Timeline")
            if isinstance(value, bool) or not isinstance(value, (Decimal, int)):
                raise ValidationError(
                    "value",
                    value,
                    "seules des valeurs Decimal ou int s'intègrent",
                    entity="Timeline",
                )
            total = _CONTEXT.add(total, _CONTEXT.multiply(Decimal(value), segment.period.days))
        return total

    def changes_within(self, period: Period) -> list[Change[T]]:
        """The changes whose effective date lies in ``period``, in order."""
        _check_period(period)
        lo = bisect.bisect_left(self._dates, period.start)
        hi = bisect.bisect_left(self._dates, period.end)
        return list(self.changes[lo:hi])
