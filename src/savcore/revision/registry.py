"""The index registry: known indices and every publication of their values, with the look-ups a
revision clause needs.

A later publication of a period (a provisional value made final, or a value INSEE revised) is kept
*beside* the earlier one; each look-up takes an ``as_of`` date and only sees what was published on
or before it, so a past revision can be recomputed exactly as it was.

>>> from datetime import date
>>> from decimal import Decimal
>>> from savcore.model.indices import ValueStatus
>>> from savcore.periods import Period
>>> reg = IndexRegistry(
...     (Index("BT40", "Chauffage central", base="2010"),),
...     (
...         IndexValue("BT40", Period.month(2018, 12), Decimal("107.5"), date(2019, 3, 15),
...                    ValueStatus.PROVISIONAL),
...         IndexValue("BT40", Period.month(2018, 12), Decimal("107.7"), date(2019, 4, 15)),
...     ),
... )
>>> reg.value_for("BT40", Period.month(2018, 12), as_of=date(2019, 4, 1)).value
Decimal('107.5')
>>> reg.value_for("BT40", Period.month(2018, 12)).value
Decimal('107.7')
"""

from __future__ import annotations

import bisect
from collections.abc import Iterable
from datetime import date
from decimal import Decimal

import attrs

from savcore.errors import DuplicateError, MissingValueError, NotFoundError, ValidationError
from savcore.model import _validate as v
from savcore.model.indices import Index, IndexReading, IndexValue
from savcore.periods import Period

__all__ = ["IndexRegistry"]


def _describe(period: Period) -> str:
    if period.start.day == 1 and period.days <= 31 and period.end.day == 1:
        return f"{period.start:%Y-%m}"
    return str(period)


@attrs.frozen
class IndexRegistry:
    """Indices (by code) and all publications of their values. Immutable: ``with_*`` methods
    return a new registry.

    Refused at construction: a value for an unknown index, a period that is not one period of the
    index's frequency, a successor that is not known, two publications of the same period on the
    same day with different values, two series continued by the same successor.
    """

    indices: tuple[Index, ...] = attrs.field(default=(), validator=v.tuple_of(Index))
    values: tuple[IndexValue, ...] = attrs.field(default=(), validator=v.tuple_of(IndexValue))
    _by_code: dict[str, Index] = attrs.field(init=False, repr=False, eq=False, alias="_by_code")
    _predecessor: dict[str, str] = attrs.field(
        init=False, repr=False, eq=False, alias="_predecessor"
    )
    # (code, period) -> publications sorted by date; code -> sorted periods with a publication
    _pubs: dict[tuple[str, Period], list[IndexValue]] = attrs.field(
        init=False, repr=False, eq=False, alias="_pubs"
    )
    _periods: dict[str, list[Period]] = attrs.field(
        init=False, repr=False, eq=False, alias="_periods"
    )

    def __attrs_post_init__(self) -> None:
        by_code: dict[str, Index] = {}
        for i, index in enumerate(self.indices):
            if index.code in by_code:
                raise DuplicateError("indice", index.code, context=f"indices[{i}]")
            by_code[index.code] = index
        predecessor: dict[str, str] = {}
        for index in self.indices:
            if index.successor is None:
                continue
            if index.successor not in by_code:
                raise NotFoundError(
                    "indice successeur", index.successor, context=f"successeur de {index.code}"
                )
            if index.successor in predecessor:
                raise DuplicateError(
                    "prédécesseur",
                    index.successor,
                    context=f"{predecessor[index.successor]} et {index.code}",
                )
            predecessor[index.successor] = index.code
        pubs: dict[tuple[str, Period], list[IndexValue]] = {}
        for i, value in enumerate(self.values):
            of = by_code.get(value.index)
            if of is None:
                raise NotFoundError("indice", value.index, context=f"values[{i}]")
            if not of.frequency.is_period(value.period):
                raise ValidationError(
                    f"values[{i}].period",
                    value.period,
                    f"pas une période {of.frequency.value} de l'indice {value.index}",
                    entity="IndexRegistry",
                )
            same = pubs.setdefault((value.index, value.period), [])
            clash = next((p for p in same if p.published_on == value.published_on), None)
            if clash is not None:
                if clash.value != value.value or clash.status is not value.status:
                    raise DuplicateError(
                        "publication",
                        f"{value.index} {_describe(value.period)}",
                        context=f"deux valeurs publiées le {value.published_on:%d/%m/%Y}",
                    )
                continue
            same.append(value)
        periods: dict[str, list[Period]] = {}
        for (code, period), same in pubs.items():
            same.sort(key=lambda p: p.published_on)
            periods.setdefault(code, []).append(period)
        for code_periods in periods.values():
            code_periods.sort()
        object.__setattr__(self, "_by_code", by_code)
        object.__setattr__(self, "_predecessor", predecessor)
        object.__setattr__(self, "_pubs", pubs)
        object.__setattr__(self, "_periods", periods)

    # --- building --------------------------------------------------------------------------------

    def with_indices(self, indices: Iterable[Index]) -> IndexRegistry:
        """A registry with ``indices`` added (a code already known is replaced)."""
        new = {i.code: i for i in indices}
        kept = tuple(i for i in self.indices if i.code not in new)
        return IndexRegistry((*kept, *new.values()), self.values)

    def with_values(self, values: Iterable[IndexValue]) -> IndexRegistry:
        """A registry with ``values`` added beside the existing publications (an identical
        publication given twice is kept once)."""
        return IndexRegistry(self.indices, (*self.values, *values))

    # --- look-ups --------------------------------------------------------------------------------

    def index(self, code: str) -> Index:
        """The index ``code``; :class:`~savcore.errors.NotFoundError` ("indice introuvable")."""
        try:
            return self._by_code[code]
        except KeyError:
            known = ", ".join(sorted(self._by_code)) or "aucun"
            raise NotFoundError("indice", code, context=f"indices connus : {known}") from None

    def __contains__(self, code: object) -> bool:
        return code in self._by_code

    def period_of(self, code: str, day: date) -> Period:
        """The period of index ``code`` (month, quarter or year) containing ``day``."""
        return self.index(code).frequency.period_containing(day)

    def publications(self, code: str, period: Period) -> tuple[IndexValue, ...]:
        """Every publication of ``code`` for ``period``, oldest first (possibly none)."""
        self.index(code)
        return tuple(self._pubs.get((code, period), ()))

    def value_for(self, code: str, period: Period, *, as_of: date | None = None) -> IndexValue:
        """The value of ``code`` for ``period``: its latest publication on or before ``as_of``
        (``None``: the latest known).

        Raises :class:`~savcore.errors.MissingValueError` naming the index and the period.
        """
        self.index(code)
        found = self._latest(code, period, as_of)
        if found is None:
            when = f"publiée au {as_of:%d/%m/%Y}" if as_of else "publiée"
            raise MissingValueError(
                "indice", code, _describe(period), context=f"aucune valeur {when}"
            )
        return found

    def value_lagged(
        self, code: str, day: date, lag_months: int, *, as_of: date | None = None
    ) -> IndexValue:
        """The value for the period containing ``day`` shifted back by ``lag_months`` months
        (month M - n)."""
        return self.value_for(code, self.period_of(code, _shift(day, -lag_months)), as_of=as_of)

    def last_published(self, code: str, as_of: date, *, before: Period | None = None) -> IndexValue:
        """The value of the most recent period of ``code`` published on or before ``as_of``
        (dernier indice connu), in its latest publication as of that date. ``before`` restricts
        the search to periods that start earlier than it.

        Raises :class:`~savcore.errors.MissingValueError` when nothing was published yet.
        """
        self.index(code)
        found = self._last(code, as_of, before)
        if found is None:
            raise MissingValueError(
                "indice", code, f"{as_of:%d/%m/%Y}", context="aucune valeur publiée à cette date"
            )
        return found

    # --- look-ups across a chain of successors ---------------------------------------------------

    def chain(self, code: str) -> tuple[str, ...]:
        """The series of ``code``'s chain, oldest first: its predecessors, itself, its
        successors."""
        self.index(code)
        older: list[str] = []
        current = code
        while current in self._predecessor:
            current = self._predecessor[current]
            if current == code or current in older:
                raise ValidationError("successor", code, "cycle de successeurs", entity="Index")
            older.append(current)
        newer: list[str] = []
        succ = self._by_code[code].successor
        while succ is not None:
            if succ == code or succ in newer:
                raise ValidationError("successor", code, "cycle de successeurs", entity="Index")
            newer.append(succ)
            succ = self._by_code[succ].successor
        return (*reversed(older), code, *newer)

    def reading(
        self,
        code: str,
        day: date,
        *,
        as_of: date | None = None,
        fallback: bool = False,
    ) -> IndexReading:
        """The value of ``code`` for the period containing ``day``, expressed in the base of the
        newest series of its chain (linked through the coefficients de raccordement).

        The newest series that has a publication for the period is used. With ``fallback``, when
        no series has one as of ``as_of``, the last value published before the period is used
        instead, and the reading is provisional.
        """
        chain = self.chain(code)
        requested = self.period_of(code, day)
        for position in range(len(chain) - 1, -1, -1):
            series = chain[position]
            found = self._latest(series, self.period_of(series, day), as_of)
            if found is not None:
                return self._read(code, requested, found, chain, position)
        if fallback and as_of is not None:
            best: tuple[IndexValue, int] | None = None
            for position in range(len(chain) - 1, -1, -1):
                series = chain[position]
                last = self._last(series, as_of, self.period_of(series, day))
                if last is not None and (best is None or last.period.start > best[0].period.start):
                    best = (last, position)
            if best is not None:
                return self._read(code, requested, best[0], chain, best[1])
        when = f"publiée au {as_of:%d/%m/%Y}" if as_of else "publiée"
        series_text = " / ".join(chain)
        raise MissingValueError(
            "indice", code, _describe(requested), context=f"aucune valeur {when} ({series_text})"
        )

    def last_published_reading(self, code: str, as_of: date) -> IndexReading:
        """The last value published as of ``as_of`` over the chain of ``code`` (the most recent
        period; the newest series on a tie), in the base of the newest series."""
        chain = self.chain(code)
        best: tuple[IndexValue, int] | None = None
        for position in range(len(chain) - 1, -1, -1):
            last = self._last(chain[position], as_of, None)
            if last is not None and (best is None or last.period.start > best[0].period.start):
                best = (last, position)
        if best is None:
            raise MissingValueError(
                "indice", code, f"{as_of:%d/%m/%Y}", context="aucune valeur publiée à cette date"
            )
        found, position = best
        return self._read(code, found.period, found, chain, position)

    # --- internals -------------------------------------------------------------------------------

    def _read(
        self,
        code: str,
        requested: Period,
        found: IndexValue,
        chain: tuple[str, ...],
        position: int,
    ) -> IndexReading:
        k = Decimal(1)
        for series in chain[position:-1]:
            coefficient = self._by_code[series].linking_coefficient
            assert coefficient is not None
            k = k * coefficient
        return IndexReading(
            index=code,
            requested_period=requested,
            period=found.period,
            value=found.value * k,
            published_on=found.published_on,
            status=found.status,
            series=found.index,
            raw_value=found.value,
            linking_coefficient=k,
        )

    def _latest(self, code: str, period: Period, as_of: date | None) -> IndexValue | None:
        same = self._pubs.get((code, period))
        if not same:
            return None
        if as_of is None:
            return same[-1]
        i = bisect.bisect_right([p.published_on for p in same], as_of) - 1
        return same[i] if i >= 0 else None

    def _last(self, code: str, as_of: date, before: Period | None) -> IndexValue | None:
        periods = self._periods.get(code, [])
        for period in reversed(periods):
            if before is not None and period.start >= before.start:
                continue
            found = self._latest(code, period, as_of)
            if found is not None:
                return found
        return None


def _shift(day: date, months: int) -> date:
    total = day.year * 12 + day.month - 1 + months
    return date(total // 12, total % 12 + 1, 1)
