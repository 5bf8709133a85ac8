"""Where the work is done: management units (UG, résidences, sites), buildings, dwellings, appliances.

The objects reference their parent by id (``Dwelling.unit_id``, ``Appliance.dwelling_id``) rather
than nesting, so that a portfolio of a million dwellings stays a set of flat, indexable records.
"""

from __future__ import annotations

import enum
from datetime import date
from decimal import Decimal

import attrs

from savcore.model import _validate as v
from savcore.model.parties import Address, Contact
from savcore.periods import Period

__all__ = [
    "Appliance",
    "ApplianceKind",
    "Building",
    "Dwelling",
    "Fuel",
    "Location",
    "ManagementUnit",
    "UnitKind",
]


class UnitKind(enum.Enum):
    """What a management unit stands for."""

    RESIDENCE = "residence"
    """Unité de gestion / résidence d'un bailleur: buildings and dwellings managed together."""
    SITE = "site"
    """Site under contract (a copropriété, an office building, a school): one address."""


@attrs.frozen
class ManagementUnit:
    """A management unit (UG, résidence) or a site under contract, owned by a customer."""

    id: str = attrs.field(validator=v.identifier)
    customer_id: str = attrs.field(validator=v.identifier)
    name: str = attrs.field(validator=v.text)
    address: Address = attrs.field(validator=v.instance_of(Address))
    kind: UnitKind = attrs.field(default=UnitKind.RESIDENCE, validator=v.member_of(UnitKind))
    code: str | None = attrs.field(default=None, validator=v.optional_identifier)
    """The customer's own code for the unit (code UG, code groupe)."""
    sector: str | None = attrs.field(default=None, validator=v.optional_identifier)
    """The technicians' sector the unit belongs to (booking, planning)."""
    contacts: tuple[Contact, ...] = attrs.field(default=(), validator=v.tuple_of(Contact))


@attrs.frozen
class Building:
    """A building (bâtiment, cage d'escalier) of a management unit."""

    id: str = attrs.field(validator=v.identifier)
    unit_id: str = attrs.field(validator=v.identifier)
    name: str = attrs.field(validator=v.text)
    address: Address | None = attrs.field(default=None, validator=v.optional_instance_of(Address))


@attrs.frozen
class Dwelling:
    """A dwelling (logement).

    ``added_on``/``withdrawn_on`` bound the time it belongs to the unit's scope (a dwelling delivered
    or sold mid-year); ``vacancies`` are the periods it stood empty (the penetration rate may leave
    them out of its denominator).
    """

    id: str = attrs.field(validator=v.identifier)
    unit_id: str = attrs.field(validator=v.identifier)
    reference: str = attrs.field(validator=v.identifier)
    """The landlord's dwelling reference (numéro de logement)."""
    building_id: str | None = attrs.field(default=None, validator=v.optional_identifier)
    address: Address | None = attrs.field(default=None, validator=v.optional_instance_of(Address))
    floor: str | None = attrs.field(default=None, validator=v.optional_text)
    door: str | None = attrs.field(default=None, validator=v.optional_text)
    occupant: Contact | None = attrs.field(default=None, validator=v.optional_instance_of(Contact))
    added_on: date | None = attrs.field(default=None, validator=v.optional_date)
    withdrawn_on: date | None = attrs.field(default=None, validator=v.optional_date)
    vacancies: tuple[Period, ...] = attrs.field(default=(), validator=v.tuple_of(Period))

    def __attrs_post_init__(self) -> None:
        if self.added_on and self.withdrawn_on and self.withdrawn_on <= self.added_on:
            raise v.fail(self, "withdrawn_on", self.withdrawn_on, "retrait avant l'entrée")
        for i in range(1, len(self.vacancies)):
            if self.vacancies[i].start < self.vacancies[i - 1].end:
                raise v.fail(
                    self, f"vacancies[{i}]", self.vacancies[i], "périodes de vacance non triées"
                )

    def in_scope_on(self, day: date) -> bool:
        """Whether the dwelling belongs to its unit on ``day``."""
        if self.added_on is not None and day < self.added_on:
            return False
        return self.withdrawn_on is None or day < self.withdrawn_on

    def in_scope_during(self, period: Period) -> bool:
        """Whether the dwelling belongs to its unit on at least one day of ``period``."""
        if self.added_on is not None and self.added_on >= period.end:
            return False
        return self.withdrawn_on is None or self.withdrawn_on > period.start

    def vacant_on(self, day: date) -> bool:
        """Whether the dwelling stood empty on ``day``."""
        return any(day in vacancy for vacancy in self.vacancies)


class ApplianceKind(enum.Enum):
    """Kinds of appliance (parc appareils)."""

    BOILER = "boiler"
    """Chaudière."""
    WATER_HEATER = "water-heater"
    """Chauffe-eau, chauffe-bain."""
    VMC = "vmc"
    """Ventilation mécanique contrôlée."""
    HEAT_PUMP = "heat-pump"
    """Pompe à chaleur."""
    AIR_CONDITIONER = "air-conditioner"
    """Climatiseur."""
    SUBSTATION = "substation"
    """Sous-station de chauffage urbain."""
    RADIATOR = "radiator"
    """Radiateur, émetteur."""
    OTHER = "other"
    """Autre équipement."""


class Fuel(enum.Enum):
    """Energy of an appliance."""

    GAS = "gas"
    PROPANE = "propane"
    FUEL_OIL = "fuel-oil"
    WOOD = "wood"
    ELECTRICITY = "electricity"
    DISTRICT_HEATING = "district-heating"
    NONE = "none"


class Location(enum.Enum):
    """Where an appliance or a part is: in the collective plant or in a dwelling."""

    COLLECTIVE = "collective"
    """Chaufferie, sous-station, parties communes."""
    DWELLING = "dwelling"
    """Dans le logement."""


@attrs.frozen
class Appliance:
    """An appliance under contract (chaudière, chauffe-eau, VMC...).

    A dwelling appliance has a ``dwelling_id``; a collective one (boiler room) has none but belongs
    to its unit. ``power_kw`` is the nominal power; the yearly service duty applies from 4 to 400 kW.
    """

    id: str = attrs.field(validator=v.identifier)
    unit_id: str = attrs.field(validator=v.identifier)
    kind: ApplianceKind = attrs.field(validator=v.member_of(ApplianceKind))
    location: Location = attrs.field(default=Location.DWELLING, validator=v.member_of(Location))
    dwelling_id: str | None = attrs.field(default=None, validator=v.optional_identifier)
    fuel: Fuel = attrs.field(default=Fuel.GAS, validator=v.member_of(Fuel))
    make: str | None = attrs.field(default=None, validator=v.optional_text)
    model: str | None = attrs.field(default=None, validator=v.optional_text)
    serial_number: str | None = attrs.field(default=None, validator=v.optional_text)
    power_kw: Decimal | None = attrs.field(
        default=None, validator=v.optional_decimal(minimum=Decimal(0), strict=True)
    )
    installed_on: date | None = attrs.field(default=None, validator=v.optional_date)
    condensing: bool | None = attrs.field(default=None)

    def __attrs_post_init__(self) -> None:
        if self.location is Location.DWELLING and self.dwelling_id is None:
            raise v.fail(
                self, "dwelling_id", None, "un appareil en logement doit nommer son logement"
            )
        if self.location is Location.COLLECTIVE and self.dwelling_id is not None:
            raise v.fail(
                self, "dwelling_id", self.dwelling_id, "un appareil collectif n'a pas de logement"
            )
