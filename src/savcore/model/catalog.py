"""Price schedules (bordereaux de prix unitaires, BPU) with versions by application date.

A framework agreement's BPU is contractual: once revised, a new *version* applies from an
application date and earlier versions stay as they were, so that an order dated before the date is
still priced as it was.

>>> from datetime import date
>>> from decimal import Decimal
>>> v1 = PriceScheduleVersion(date(2025, 1, 1), (PriceItem("1.1", "Visite", "u", Decimal("80.00")),))
>>> v2 = PriceScheduleVersion(date(2026, 1, 1), (PriceItem("1.1", "Visite", "u", Decimal("81.60")),))
>>> bpu = PriceSchedule("BPU-1", "BPU accord-cadre", (v1, v2))
>>> bpu.price_of("1.1", date(2025, 12, 31)), bpu.price_of("1.1", date(2026, 1, 1))
(Decimal('80.00'), Decimal('81.60'))
"""

from __future__ import annotations

import bisect
import operator
from collections import deque
from collections.abc import Callable, Collection, Sequence
from datetime import date
from decimal import Decimal
from itertools import repeat
from typing import Any

import attrs

from savcore.errors import DuplicateError, MissingValueError, NotFoundError
from savcore.model import _validate as v
from savcore.money import VatRate

__all__ = ["PriceItem", "PriceSchedule", "PriceScheduleVersion"]


@attrs.frozen
class PriceItem:
    """One line of a price schedule: article code (N° de prix), designation, unit, unit price
    excl. VAT, VAT rate, and the price family that decides its revision formula."""

    code: str = attrs.field(validator=v.identifier)
    label: str = attrs.field(validator=v.text)
    unit: str = attrs.field(validator=v.text)
    """Unité: u, ml, m², h, forfait..."""
    unit_price: Decimal = attrs.field(validator=v.NON_NEGATIVE)
    vat_rate: VatRate = attrs.field(default=VatRate.STANDARD, validator=v.member_of(VatRate))
    family: str | None = attrs.field(default=None, validator=v.optional_identifier)
    """Famille de prix (main-d'œuvre, fournitures chauffage...), linked to a revision formula."""

    @classmethod
    def _many(
        cls,
        codes: Sequence[Any],
        labels: Sequence[Any],
        units: Sequence[Any],
        unit_prices: Sequence[Any],
        vat_rates: Sequence[Any],
        families: Sequence[Any],
        *,
        checked: Collection[str] = (),
    ) -> list[PriceItem] | None:
        """Many items at once, field by field, for importers (tens of thousands of lines): the
        checks of the field validators, applied column-wise (each a little stricter: exact types,
        no subclasses), then the items built without calling them again. ``None`` when any value
        would not pass: build the items one by one to learn which and why.

        ``checked`` names the fields whose column the caller vouches for: values its own parsing
        produced, each of the exact type the field holds and accepted by the field's validator
        (savcore-excel's cell parsers; ``tests/excel/test_fast_paths.py`` checks their output
        against the validators). Those columns are not checked again.

        Private: it gives items equal to ``PriceItem(code, label, ...)`` for the same values
        (``tests/excel/test_fast_paths.py``); only those checks make that true.
        """
        columns = (codes, labels, units, unit_prices, vat_rates, families)
        count = len(codes)
        if any(len(column) != count for column in columns):
            raise ValueError("PriceItem._many: columns of different lengths")
        unknown = set(checked) - set(_PRICE_ITEM_FIELDS)
        if unknown:
            raise ValueError(f"PriceItem._many: unknown fields {sorted(unknown)}")
        checks: dict[str, Callable[[], bool]] = {
            "code": lambda: _identifiers(codes),
            "label": lambda: _texts(labels),
            "unit": lambda: _texts(units, repeated=True),
            "unit_price": lambda: _non_negative_decimals(unit_prices),
            "vat_rate": lambda: set(map(type, vat_rates)) <= {VatRate},
            "family": lambda: _identifiers([f for f in families if f is not None], repeated=True),
        }
        if not all(check() for name, check in checks.items() if name not in checked):
            return None
        items: list[PriceItem] = list(map(object.__new__, repeat(cls, count)))
        for name, column in zip(_PRICE_ITEM_FIELDS, columns, strict=True):
            # the slot's own setter: what attrs' __init__ does once validated (frozen classes
            # refuse only PriceItem.__setattr__)
            deque(map(cls.__dict__[name].__set__, items, column), maxlen=0)
        return items


_PRICE_ITEM_FIELDS = ("code", "label", "unit", "unit_price", "vat_rate", "family")
assert tuple(a.name for a in attrs.fields(PriceItem)) == _PRICE_ITEM_FIELDS


def _identifiers(values: Sequence[Any], *, repeated: bool = False) -> bool:
    """Every value passes :func:`~savcore.model._validate.identifier`; ``repeated``: few distinct
    values, each checked once (all are exactly str, so equal values pass or fail alike)."""
    if not set(map(type, values)) <= {str}:
        return False
    texts = list(set(values)) if repeated else list(values)
    return all(texts) and list(map(str.strip, texts)) == texts


def _texts(values: Sequence[Any], *, repeated: bool = False) -> bool:
    """Every value passes :func:`~savcore.model._validate.text` (``repeated``: as for
    :func:`_identifiers`)."""
    if not set(map(type, values)) <= {str}:
        return False
    return all(map(str.strip, set(values) if repeated else values))


def _non_negative_decimals(values: Sequence[Any]) -> bool:
    """Every value passes :data:`~savcore.model._validate.NON_NEGATIVE`."""
    if not set(map(type, values)) <= {Decimal} or not all(map(Decimal.is_finite, values)):
        return False
    return not values or min(values) >= 0


_CODE = operator.attrgetter("code")


@attrs.frozen
class PriceScheduleVersion:
    """The items of a price schedule as they apply from ``applies_from`` until the next version.

    ``revision_id`` names the :class:`~savcore.model.indices.Revision` that produced this version
    (``None`` for the initial prices).
    """

    applies_from: date = attrs.field(validator=v.a_date)
    items: tuple[PriceItem, ...] = attrs.field(validator=v.tuple_of(PriceItem))
    revision_id: str | None = attrs.field(default=None, validator=v.optional_identifier)
    _index: dict[str, PriceItem] | None = attrs.field(
        init=False, default=None, repr=False, eq=False, hash=False, alias="_index"
    )

    def __attrs_post_init__(self) -> None:
        codes = set(map(_CODE, self.items))
        if len(codes) != len(self.items):  # find the first duplicate to name it
            seen: set[str] = set()
            for i, item in enumerate(self.items):
                if item.code in seen:
                    raise v.fail(self, f"items[{i}].code", item.code, "code article en double")
                seen.add(item.code)

    @classmethod
    def _trusted(
        cls, applies_from: date, items: tuple[PriceItem, ...], revision_id: str | None
    ) -> PriceScheduleVersion:
        """A version built without its checks, for a caller that guarantees them: ``items`` a
        tuple of PriceItem with unique codes (copies of a version's items, one for one, as
        :func:`savcore.revision.revise_price_schedule` makes them). The date and revision id are
        checked as usual."""
        version = cls(applies_from, (), revision_id=revision_id)  # every other check runs
        object.__setattr__(version, "items", items)
        return version

    def _by_code(self) -> dict[str, PriceItem]:
        """The items by code, built on the first look-up (a revised 100,000-item version that is
        only stored never pays for it)."""
        if self._index is None:
            object.__setattr__(
                self, "_index", dict(zip(map(_CODE, self.items), self.items, strict=True))
            )
        assert self._index is not None
        return self._index

    def item(self, code: str) -> PriceItem:
        """The item with ``code``; :class:`~savcore.errors.NotFoundError` if there is none."""
        try:
            return self._by_code()[code]
        except KeyError:
            raise NotFoundError(
                "article de bordereau", code, context=f"version du {self.applies_from:%d/%m/%Y}"
            ) from None

    def __contains__(self, code: object) -> bool:
        return code in self._by_code()


@attrs.frozen
class PriceSchedule:
    """A price schedule (BPU) and all its versions, oldest first, one per application date."""

    id: str = attrs.field(validator=v.identifier)
    label: str = attrs.field(validator=v.text)
    versions: tuple[PriceScheduleVersion, ...] = attrs.field(
        validator=v.tuple_of(PriceScheduleVersion)
    )
    contract_id: str | None = attrs.field(default=None, validator=v.optional_identifier)

    def __attrs_post_init__(self) -> None:
        if not self.versions:
            raise v.fail(self, "versions", self.versions, "au moins une version est nécessaire")
        for i in range(1, len(self.versions)):
            if self.versions[i].applies_from <= self.versions[i - 1].applies_from:
                raise v.fail(
                    self,
                    f"versions[{i}].applies_from",
                    self.versions[i].applies_from,
                    "les versions doivent être triées par date d'application croissante",
                )

    def version_at(self, day: date) -> PriceScheduleVersion:
        """The version in force on ``day``; :class:`~savcore.errors.MissingValueError` before the
        first version."""
        starts = [version.applies_from for version in self.versions]
        i = bisect.bisect_right(starts, day) - 1
        if i < 0:
            raise MissingValueError("bordereau de prix", self.id, day.isoformat())
        return self.versions[i]

    def item(self, code: str, day: date) -> PriceItem:
        """The item ``code`` as priced on ``day``."""
        return self.version_at(day).item(code)

    def price_of(self, code: str, day: date) -> Decimal:
        """Unit price excl. VAT of item ``code`` on ``day``."""
        return self.item(code, day).unit_price

    def with_version(self, version: PriceScheduleVersion) -> PriceSchedule:
        """A copy with ``version`` added; it must apply after every existing version (history is
        never rewritten), else :class:`~savcore.errors.DuplicateError`."""
        if version.applies_from <= self.versions[-1].applies_from:
            raise DuplicateError(
                "version de bordereau",
                version.applies_from.isoformat(),
                context=f"{self.id} : une version s'applique déjà à cette date ou après",
            )
        return attrs.evolve(self, versions=(*self.versions, version))
