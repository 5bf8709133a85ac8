"""Builders shared by the billing tests: a seller, a customer, contracts and lines."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

from stdnum import luhn

from savcore.model.contracts import (
    BillingTerms,
    Contract,
    ContractKind,
    PricingBasis,
    ServiceLine,
)
from savcore.model.parties import Address, Customer, CustomerKind, Party
from savcore.money import VatRate
from savcore.timeline import Timeline

SELLER_SIREN = "73282932" + luhn.calc_check_digit("73282932")
SELLER_SIRET = SELLER_SIREN + "0001" + luhn.calc_check_digit(SELLER_SIREN + "0001")
_KEY = (12 + 3 * (int(SELLER_SIREN) % 97)) % 97
SELLER_VAT = f"FR{_KEY:02d}{SELLER_SIREN}"

SELLER = Party(
    "Chauffage Martin SARL",
    Address("3 rue des Forges", "69003", "Lyon"),
    siren=SELLER_SIREN,
    siret=SELLER_SIRET,
    vat_number=SELLER_VAT,
    legal_form="SARL",
    share_capital=Decimal("50000"),
    rcs="RCS Lyon",
)

CUSTOMER = Customer(
    "K1",
    "OPH du Rhône",
    CustomerKind.SOCIAL_LANDLORD,
    Address("1 place Bellecour", "69002", "Lyon"),
)


def flat_line(line_id: str, annual: str, since: date, **kw: Any) -> ServiceLine:
    """A flat line of ``annual`` euros a year from ``since``."""
    return ServiceLine(
        line_id, f"Prestation {line_id}", Timeline.constant(Decimal(annual), since), **kw
    )


def dwelling_line(
    line_id: str,
    price: str | Timeline[Decimal],
    dwellings: int | Timeline[int],
    since: date,
    **kw: Any,
) -> ServiceLine:
    """A per-dwelling line: ``price`` per dwelling a year, ``dwellings`` dwellings."""
    prices = price if isinstance(price, Timeline) else Timeline.constant(Decimal(price), since)
    counts = dwellings if isinstance(dwellings, Timeline) else Timeline.constant(dwellings, since)
    kw.setdefault("vat_rate", VatRate.INTERMEDIATE)
    return ServiceLine(
        line_id,
        f"Entretien {line_id}",
        prices,
        pricing=PricingBasis.PER_DWELLING,
        dwellings=counts,
        **kw,
    )


def contract(
    start: date,
    lines: tuple[ServiceLine, ...],
    *,
    months: int = 12,
    contract_id: str = "C1",
    **billing: Any,
) -> Contract:
    """A collective contract starting on ``start`` with ``lines`` and billing terms ``billing``."""
    units = tuple(sorted({line.unit_id for line in lines if line.unit_id is not None}))
    return Contract(
        contract_id,
        "K1",
        ContractKind.COLLECTIVE,
        "Entretien des chaudières individuelles",
        start,
        months,
        reference="M-2025-014",
        billing=BillingTerms(**billing),
        lines=lines,
        unit_ids=units,
    )
