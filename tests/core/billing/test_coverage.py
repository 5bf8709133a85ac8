"""Supplies priced from the BPU and discounted by the P3 warranty (total, partial with caps)."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import attrs
import pytest

from savcore.billing.coverage import SupplyEvent, cover_supplies, yearly_consumption
from savcore.billing.invoicing import draft_invoices, en16931_problems
from savcore.errors import MissingValueError
from savcore.model.catalog import PriceItem, PriceSchedule, PriceScheduleVersion
from savcore.model.contracts import Contract, Warranty, WarrantyLevel
from savcore.model.operations import Replacement
from savcore.model.sites import Location
from savcore.money import VatRate
from tests.core.billing._fixtures import CUSTOMER, SELLER, contract, flat_line

START = date(2025, 1, 1)
BPU = PriceSchedule(
    "BPU-1",
    "Bordereau P2/P3",
    (
        PriceScheduleVersion(
            START,
            (
                PriceItem("CIRC", "Circulateur", "u", Decimal("480.00"), family="hydraulique"),
                PriceItem("THERM", "Thermostat", "u", Decimal("85.00"), VatRate.INTERMEDIATE),
            ),
        ),
    ),
)


def _contract(warranty: Warranty) -> Contract:
    c = contract(START, (flat_line("L1", "1000.00", START),))
    return attrs.evolve(c, warranty=warranty)


def test_total_warranty_covers_collective_supplies_only() -> None:
    # P3 total on the collective plant: the circulator (480.00 at the BPU, boiler room) is free,
    # discount 480.00 with its reason; the thermostat in a dwelling (85.00) is billed.
    # Invoice: lines 480.00 - 480.00 = 0.00 (20 %) and 85.00 (10 %): net 85.00, VAT 8.50.
    c = _contract(Warranty(WarrantyLevel.TOTAL, locations=frozenset({Location.COLLECTIVE})))
    event = SupplyEvent(
        "I-7",
        date(2025, 3, 4),
        (
            Replacement("CIRC", "Circulateur", Decimal(1), location=Location.COLLECTIVE),
            Replacement("THERM", "Thermostat", Decimal(1), location=Location.DWELLING),
        ),
    )
    pump, thermostat = cover_supplies(c, [event], schedules=[BPU])
    assert (pump.gross, pump.discount, pump.net) == (Decimal("480.00"), Decimal("480.00"), 0)
    assert pump.reason == "Garantie totale (P3) : fourniture couverte"
    assert (thermostat.gross, thermostat.discount, thermostat.reason) == (
        Decimal("85.00"),
        0,
        None,
    )
    (invoice,) = draft_invoices(c, CUSTOMER, SELLER, [], supplies=[pump, thermostat])
    assert invoice.lines[0].unit_price == Decimal("480.00")
    assert invoice.lines[0].discount_reason == "Garantie totale (P3) : fourniture couverte"
    assert (invoice.net_total, invoice.vat_total, invoice.total) == (
        Decimal("85.00"),
        Decimal("8.50"),
        Decimal("93.50"),
    )
    assert en16931_problems(invoice) == []


def test_partial_warranty_with_a_yearly_cap_being_exhausted() -> None:
    # Partial: burner parts, 50 %, at most 200.00 per intervention and 300.00 per contract year.
    #   10/02 2 electrodes x 60.00 = 120.00 -> 50 % = 60.00            year used  60.00
    #   03/05 nozzle 500.00 -> 250.00, event cap -> 200.00              year used 260.00
    #   20/09 oil pump 180.00 -> 90.00, 40.00 left in the year -> 40.00 year used 300.00
    #   05/11 electrode 70.00 -> 35.00, nothing left -> 0.00 (label says the cap is reached)
    #   15/01/2026 electrode 70.00 -> new contract year -> 35.00
    #   a radiator (family "emission") is never covered.
    burner = "bruleur"
    c = _contract(
        Warranty(
            WarrantyLevel.PARTIAL,
            families=frozenset({burner}),
            discount_percent=Decimal(50),
            cap_per_event=Decimal("200.00"),
            cap_per_year=Decimal("300.00"),
        )
    )

    def event(eid: str, day: date, code: str, qty: int, price: str, family: str) -> SupplyEvent:
        return SupplyEvent(
            eid, day, (Replacement(code, code, Decimal(qty), Decimal(price), family=family),)
        )

    events = [
        event("E1", date(2025, 2, 10), "ELEC", 2, "60.00", burner),
        event("E2", date(2025, 5, 3), "GICL", 1, "500.00", burner),
        event("E3", date(2025, 9, 20), "POMPE", 1, "180.00", burner),
        event("E4", date(2025, 11, 5), "ELEC", 1, "70.00", burner),
        event("E5", date(2026, 1, 15), "ELEC", 1, "70.00", burner),
        event("E6", date(2025, 6, 1), "RAD", 1, "300.00", "emission"),
    ]
    covered = {s.event_id: s for s in cover_supplies(c, events)}
    assert {k: str(s.discount) for k, s in covered.items()} == {
        "E1": "60.00",
        "E2": "200.00",
        "E6": "0.00",
        "E3": "40.00",
        "E4": "0.00",
        "E5": "35.00",
    }
    assert covered["E2"].reason == (
        "Garantie partielle (P3) : 50,00 %, limitée au plafond par intervention 200,00 €"
    )
    assert covered["E3"].reason == (
        "Garantie partielle (P3) : 50,00 %, limitée au plafond annuel 300,00 €"
    )
    assert covered["E4"].reason is None
    assert covered["E4"].note == "garantie non appliquée : plafond annuel 300,00 € atteint"
    line = covered["E4"].invoice_line(1)
    assert line.label.endswith("plafond annuel 300,00 € atteint")
    assert line.net_amount == Decimal("70.00")
    used = yearly_consumption(covered.values())
    assert sorted(str(v) for v in used.values()) == ["300.00", "35.00"]


def test_caps_already_consumed_by_earlier_invoices_carry_over() -> None:
    # 250.00 of the 300.00 yearly cap already granted on earlier invoices: a 180.00 part at 50 %
    # (90.00) only gets the 50.00 left.
    c = _contract(
        Warranty(WarrantyLevel.PARTIAL, discount_percent=Decimal(50), cap_per_year=Decimal(300))
    )
    ev = SupplyEvent(
        "E9", date(2025, 6, 1), (Replacement("P", "Pompe", Decimal(1), Decimal("180.00")),)
    )
    year = c.contract_year(date(2025, 6, 1))
    (supply,) = cover_supplies(c, [ev], consumed={(None, year): Decimal("250.00")})
    assert supply.discount == Decimal("50.00")


def test_an_unpriced_supply_missing_from_the_schedules_names_contract_and_intervention() -> None:
    c = _contract(Warranty())
    ev = SupplyEvent("I-9", date(2025, 6, 1), (Replacement("XYZ", "Vanne", Decimal(1)),))
    with pytest.raises(MissingValueError, match=r"contrat C1, intervention I-9"):
        cover_supplies(c, [ev], schedules=[BPU])
