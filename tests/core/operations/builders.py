"""Small builders shared by the operations tests: a contract, residences, dwellings, boilers."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal

from savcore.calendars import PARIS, Region
from savcore.model.contracts import (
    AttemptRule,
    Contract,
    ContractKind,
    DelayUnit,
    InterventionTerms,
    ResponseTime,
)
from savcore.model.parties import Address
from savcore.model.ranges import MaintenanceRange, Technician, VisitType
from savcore.model.sites import Appliance, ApplianceKind, Dwelling, ManagementUnit

ADDRESS = Address("1 rue de la Paix", "31000", "Toulouse")

BOILER_SERVICE = VisitType(
    "ENT-CHAU",
    "Entretien annuel chaudière",
    appliance_kinds=frozenset({ApplianceKind.BOILER}),
    duration_minutes=45,
)
VMC_CHECK = VisitType("VMC", "Contrôle VMC", duration_minutes=20)
RANGE = MaintenanceRange("G-CHAU", "Gamme chaudières individuelles", (BOILER_SERVICE,))

# The OPH 31 levels (domain notes, section 5): 4 h and 24 h on every day, 5 working days.
LEVELS = (
    ResponseTime(
        "U1",
        "Urgence 1",
        4,
        DelayUnit.HOURS,
        weekends_and_holidays=True,
        penalty_per_unit=Decimal("50"),
        penalty_unit=DelayUnit.HOURS,
        penalty_cap=Decimal("300"),
    ),
    ResponseTime(
        "U2",
        "Urgence 2",
        24,
        DelayUnit.HOURS,
        weekends_and_holidays=True,
        penalty_per_unit=Decimal("20"),
        penalty_unit=DelayUnit.HOURS,
    ),
    ResponseTime(
        "U3",
        "Urgence 3",
        5,
        DelayUnit.WORKING_DAYS,
        penalty_per_unit=Decimal("80"),
        penalty_unit=DelayUnit.WORKING_DAYS,
        penalty_cap=Decimal("400"),
    ),
    ResponseTime("U2O", "Urgence 2 jours ouvrés", 24, DelayUnit.HOURS),
    ResponseTime("WH", "Heures ouvrées", 8, DelayUnit.WORKING_HOURS),
    ResponseTime("CAL", "Jours calendaires", 3, DelayUnit.CALENDAR_DAYS),
)


def paris(year: int, month: int, day: int, hour: int = 0, minute: int = 0) -> datetime:
    return datetime(year, month, day, hour, minute, tzinfo=PARIS)


def contract(
    *,
    units: tuple[str, ...] = ("UG1", "UG2"),
    region: Region = Region.METROPOLE,
    rule: AttemptRule | None = None,
    ranges: tuple[str, ...] = ("G-CHAU",),
    contract_id: str = "C1",
) -> Contract:
    return Contract(
        id=contract_id,
        customer_id="OPH",
        kind=ContractKind.COLLECTIVE,
        designation="Entretien des chaudières individuelles",
        start=date(2025, 1, 1),
        duration_months=36,
        intervention=InterventionTerms(LEVELS, region),
        unit_ids=units,
        range_ids=ranges,
        attempts=rule or AttemptRule(max_attempts=3, min_days_between=7, notice_days=7),
    )


def unit(unit_id: str, sector: str | None = None) -> ManagementUnit:
    return ManagementUnit(unit_id, "OPH", f"Résidence {unit_id}", ADDRESS, sector=sector)


def dwellings(unit_id: str, count: int, *, buildings: int = 1) -> list[Dwelling]:
    """``count`` dwellings ``<unit>-L001``..., spread over ``buildings`` buildings in turn."""
    return [
        Dwelling(
            f"{unit_id}-L{i:03d}",
            unit_id,
            f"L{i:03d}",
            building_id=f"{unit_id}-B{i % buildings + 1}",
        )
        for i in range(1, count + 1)
    ]


def boilers(homes: list[Dwelling]) -> list[Appliance]:
    return [
        Appliance(f"{d.id}-CH", d.unit_id, ApplianceKind.BOILER, dwelling_id=d.id) for d in homes
    ]


def technician(
    tech_id: str, per_half_day: int = 4, sectors: frozenset[str] = frozenset()
) -> Technician:
    return Technician(
        tech_id, f"Technicien {tech_id}", sectors=sectors, visits_per_half_day=per_half_day
    )
