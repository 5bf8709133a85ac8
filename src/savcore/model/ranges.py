"""Maintenance ranges (gammes de maintenance): preventive visit types, their periodicity and controls."""

from __future__ import annotations

import enum

import attrs

from savcore.errors import NotFoundError
from savcore.model import _validate as v
from savcore.model.sites import ApplianceKind
from savcore.periods import Periodicity

__all__ = ["Control", "ControlKind", "MaintenanceRange", "Technician", "VisitType"]


class ControlKind(enum.Enum):
    """The kind of answer a control expects."""

    MEASURE = "measure"
    """A measured number (CO in ppm, efficiency in %)."""
    CHECK = "check"
    """Done / not done (cleaning, adjustment)."""
    TEXT = "text"
    """A remark (advice given to the occupant)."""


@attrs.frozen
class Control:
    """One checklist item of a visit (contrôle), e.g. ambient CO in ppm."""

    code: str = attrs.field(validator=v.identifier)
    label: str = attrs.field(validator=v.text)
    kind: ControlKind = attrs.field(default=ControlKind.CHECK, validator=v.member_of(ControlKind))
    unit: str | None = attrs.field(default=None, validator=v.optional_text)
    required: bool = attrs.field(default=True)


@attrs.frozen
class VisitType:
    """A preventive visit type (type d'intervention préventive): what is done, how often, on which
    appliances, how long it takes, and its controls."""

    id: str = attrs.field(validator=v.identifier)
    label: str = attrs.field(validator=v.text)
    periodicity: Periodicity = attrs.field(
        default=Periodicity.YEARLY, validator=v.member_of(Periodicity)
    )
    appliance_kinds: frozenset[ApplianceKind] = attrs.field(default=frozenset())
    """Appliances the visit is for (all when empty)."""
    duration_minutes: int = attrs.field(default=45, validator=v.integer(minimum=1, maximum=1440))
    controls: tuple[Control, ...] = attrs.field(default=(), validator=v.tuple_of(Control))

    def __attrs_post_init__(self) -> None:
        v.unique_ids(self, "controls", self.controls, key="code")
        for kind in self.appliance_kinds:
            if not isinstance(kind, ApplianceKind):
                raise v.fail(self, "appliance_kinds", kind, "type d'appareil inconnu")


@attrs.frozen
class MaintenanceRange:
    """A maintenance range: the visit types due for the dwellings of some units (all units of the
    contract when ``unit_ids`` is empty)."""

    id: str = attrs.field(validator=v.identifier)
    label: str = attrs.field(validator=v.text)
    visit_types: tuple[VisitType, ...] = attrs.field(validator=v.tuple_of(VisitType))
    unit_ids: tuple[str, ...] = attrs.field(default=())

    def __attrs_post_init__(self) -> None:
        if not self.visit_types:
            raise v.fail(self, "visit_types", (), "au moins un type de visite")
        v.unique_ids(self, "visit_types", self.visit_types)

    def visit_type(self, visit_type_id: str) -> VisitType:
        """The visit type ``visit_type_id`` of this range."""
        for visit_type in self.visit_types:
            if visit_type.id == visit_type_id:
                return visit_type
        raise NotFoundError("type de visite", visit_type_id, context=f"gamme {self.id}")


@attrs.frozen
class Technician:
    """A technician: sectors covered and daily capacity of preventive visits."""

    id: str = attrs.field(validator=v.identifier)
    name: str = attrs.field(validator=v.text)
    sectors: frozenset[str] = attrs.field(default=frozenset())
    visits_per_half_day: int = attrs.field(default=4, validator=v.integer(minimum=1, maximum=50))
    phone: str | None = attrs.field(default=None, validator=v.optional_identifier)
    email: str | None = attrs.field(default=None, validator=v.optional_identifier)
    visits_per_day: int | None = attrs.field(
        default=None, validator=v.optional_integer(minimum=1, maximum=100)
    )
    """Cap of visits per day, when lower than two half-days (``None``: no daily cap)."""

    @property
    def daily_capacity(self) -> int:
        """Visits the technician can make in one day: two half-days, within ``visits_per_day``."""
        both = 2 * self.visits_per_half_day
        return both if self.visits_per_day is None else min(both, self.visits_per_day)
