"""Small builders of valid model objects for the store tests (deterministic, by number)."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from decimal import Decimal

from savcore.model import (
    Address,
    Contract,
    ContractKind,
    Customer,
    CustomerKind,
    Dwelling,
    Intervention,
    InterventionKind,
    Invoice,
    InvoiceLine,
    ManagementUnit,
    Outcome,
    Party,
    Portfolio,
    VisitAttempt,
)
from savcore.money import VatRate

LYON = Address("3 rue des Forges", "69003", "Lyon")
COMPANY = Party("Chauffage Martin SARL", LYON)
BUYER = Party("OPH du Rhône", Address("1 place Bellecour", "69002", "Lyon"))


def customer(n: int = 1) -> Customer:
    """Customer ``CL-n``."""
    return Customer(f"CL-{n}", f"Client {n}", CustomerKind.SOCIAL_LANDLORD, LYON)


def unit(n: int = 1, customer_id: str = "CL-1") -> ManagementUnit:
    """Unit ``UG-n``."""
    return ManagementUnit(f"UG-{n}", customer_id, f"Résidence {n}", LYON)


def dwelling(n: int, unit_id: str = "UG-1") -> Dwelling:
    """Dwelling ``L-n``."""
    return Dwelling(f"L-{n}", unit_id, f"{n:05d}", floor=str(n % 5))


def contract(n: int = 1, unit_ids: tuple[str, ...] = ("UG-1",)) -> Contract:
    """Contract ``C-n`` of customer ``CL-1``."""
    return Contract(
        f"C-{n}",
        "CL-1",
        ContractKind.COLLECTIVE,
        f"Entretien P2 {n}",
        date(2025, 1, 1),
        36,
        unit_ids=unit_ids,
    )


def intervention(n: int = 1, dwelling_id: str | None = "L-1") -> Intervention:
    """Repair intervention ``I-n`` under ``C-1`` at ``UG-1``."""
    return Intervention(f"I-{n}", "C-1", InterventionKind.REPAIR, "UG-1", dwelling_id=dwelling_id)


def attempt(
    n: int = 1, intervention_id: str = "I-1", number: int = 1, dwelling_id: str | None = "L-1"
) -> VisitAttempt:
    """Attempt ``A-n``, absent, on 3 March 2025 plus ``number`` days."""
    at = datetime(2025, 3, 3, 9, tzinfo=UTC) + timedelta(days=number)
    return VisitAttempt(
        f"A-{n}", intervention_id, at, Outcome.ABSENT, number=number, dwelling_id=dwelling_id
    )


def draft(n: int, issue_date: date = date(2025, 4, 1), customer_id: str = "CL-1") -> Invoice:
    """Draft invoice ``D-n`` of ``n`` x 10.00 EUR excl. VAT (10 %)."""
    line = InvoiceLine(1, f"Entretien {n}", Decimal(n), Decimal("10.00"), VatRate.INTERMEDIATE)
    return Invoice(
        f"D-{n}",
        customer_id,
        COMPANY,
        BUYER,
        issue_date,
        issue_date + timedelta(days=30),
        (line,),
        contract_id=None,
    )


def small_portfolio(dwellings: int = 3) -> Portfolio:
    """A consistent portfolio: one customer, unit, contract, ``dwellings`` dwellings, one
    intervention with an attempt."""
    return Portfolio(
        company=COMPANY,
        customers=(customer(),),
        units=(unit(),),
        dwellings=tuple(dwelling(i) for i in range(1, dwellings + 1)),
        contracts=(contract(),),
        interventions=(intervention(),),
        attempts=(attempt(),),
    )
