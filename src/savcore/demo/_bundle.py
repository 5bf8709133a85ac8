"""A mutable collector the demo builders fill; :func:`savcore.demo.build_demo_portfolio` freezes it."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

import attrs

from savcore.model import (
    Appliance,
    Appointment,
    Building,
    Contract,
    Customer,
    Dwelling,
    Intervention,
    InterventionRequest,
    MaintenanceRange,
    ManagementUnit,
    PriceSchedule,
    PurchaseOrder,
    VisitAttempt,
)

__all__ = ["PARIS", "Bundle", "at"]

PARIS = ZoneInfo("Europe/Paris")


def at(year: int, month: int, day: int, hour: int = 0, minute: int = 0) -> datetime:
    """A Europe/Paris instant (events are timezone-aware)."""
    return datetime(year, month, day, hour, minute, tzinfo=PARIS)


@attrs.define
class Bundle:
    """What one customer's builder adds to the portfolio."""

    customers: list[Customer] = attrs.Factory(list)
    units: list[ManagementUnit] = attrs.Factory(list)
    buildings: list[Building] = attrs.Factory(list)
    dwellings: list[Dwelling] = attrs.Factory(list)
    appliances: list[Appliance] = attrs.Factory(list)
    ranges: list[MaintenanceRange] = attrs.Factory(list)
    price_schedules: list[PriceSchedule] = attrs.Factory(list)
    contracts: list[Contract] = attrs.Factory(list)
    interventions: list[Intervention] = attrs.Factory(list)
    attempts: list[VisitAttempt] = attrs.Factory(list)
    requests: list[InterventionRequest] = attrs.Factory(list)
    purchase_orders: list[PurchaseOrder] = attrs.Factory(list)
    appointments: list[Appointment] = attrs.Factory(list)

    def add(self, other: Bundle) -> None:
        """Append everything ``other`` holds."""
        for field in attrs.fields(Bundle):
            getattr(self, field.name).extend(getattr(other, field.name))
