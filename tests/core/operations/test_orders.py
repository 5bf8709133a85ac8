"""Purchase orders priced from the BPU version in force; totals; consumption against min/max."""

from __future__ import annotations

import doctest
from datetime import date
from decimal import Decimal

import attrs
import pytest

from savcore.errors import MissingValueError, NotFoundError, ValidationError
from savcore.model.catalog import PriceItem, PriceSchedule, PriceScheduleVersion
from savcore.model.contracts import Contract, ContractKind
from savcore.model.operations import PurchaseOrder, PurchaseOrderLine
from savcore.money import VatRate
from savcore.operations import orders as orders_module
from savcore.operations.orders import consumption, price_order

V1 = PriceScheduleVersion(
    date(2025, 1, 1),
    (
        PriceItem("1.1", "Heure de main-d'oeuvre", "h", Decimal("52.30"), VatRate.INTERMEDIATE),
        PriceItem("2.4", "Circulateur chauffage", "u", Decimal("187.45")),
        PriceItem("3.1", "Robinet thermostatique", "u", Decimal("24.99")),
    ),
)
# Revised on 01/07/2025 (coefficient 1.0210 applied by the revision module).
V2 = PriceScheduleVersion(
    date(2025, 7, 1),
    (
        PriceItem("1.1", "Heure de main-d'oeuvre", "h", Decimal("53.40"), VatRate.INTERMEDIATE),
        PriceItem("2.4", "Circulateur chauffage", "u", Decimal("191.39")),
        PriceItem("3.1", "Robinet thermostatique", "u", Decimal("25.51")),
    ),
    revision_id="REV-2025",
)
BPU = PriceSchedule("BPU-AC", "BPU accord-cadre chauffage", (V1, V2))
AGREEMENT = Contract(
    id="AC1",
    customer_id="VILLE",
    kind=ContractKind.FRAMEWORK,
    designation="Accord-cadre maintenance chauffage",
    start=date(2025, 1, 1),
    duration_months=48,
    price_schedule_id="BPU-AC",
    min_amount=Decimal("1000.00"),
    max_amount=Decimal("2000.00"),
)


def order(number: str, ordered: date, executed: date | None = None, **lines: str) -> PurchaseOrder:
    return PurchaseOrder(
        id=number,
        number=number,
        contract_id="AC1",
        ordered_on=ordered,
        executed_on=executed,
        lines=tuple(
            PurchaseOrderLine(code.replace("_", "."), Decimal(q)) for code, q in lines.items()
        ),
    )


def test_docstring_examples() -> None:
    assert doctest.testmod(orders_module).failed == 0


def test_priced_with_the_version_in_force_at_the_order_date() -> None:
    # Ordered 20/06 (version of 01/01), executed 03/07: priced on the order date.
    got = price_order(
        order(
            "BC-1", date(2025, 6, 20), date(2025, 7, 3), **{"1_1": "3.5", "2_4": "1", "3_1": "4"}
        ),
        AGREEMENT,
        BPU,
    )
    assert (got.priced_on, got.version_applies_from, got.provisional) == (
        date(2025, 6, 20),
        date(2025, 1, 1),
        False,
    )
    # 3.5 h x 52.30 = 183.05 (10 %); 1 x 187.45 + 4 x 24.99 = 187.45 + 99.96 = 287.41 (20 %).
    assert [line.amount for line in got.lines] == [
        Decimal("183.05"),
        Decimal("187.45"),
        Decimal("99.96"),
    ]
    assert got.net_total == Decimal("470.46")  # 183.05 + 287.41
    # VAT per rate: 183.05 x 10 % = 18.305 -> 18.31; 287.41 x 20 % = 57.482 -> 57.48.
    assert got.vat_by_rate == (
        (VatRate.STANDARD, Decimal("287.41"), Decimal("57.48")),
        (VatRate.INTERMEDIATE, Decimal("183.05"), Decimal("18.31")),
    )
    assert got.vat_total == Decimal("75.79")
    assert got.total == Decimal("546.25")  # 470.46 + 75.79


def test_priced_at_execution_when_the_contract_says_so() -> None:
    on_execution = attrs.evolve(AGREEMENT, price_orders_on_execution=True)
    bc = order("BC-2", date(2025, 6, 20), date(2025, 7, 3), **{"2_4": "2"})
    got = price_order(bc, on_execution, BPU)
    # Executed 03/07, version of 01/07: 2 x 191.39 = 382.78.
    assert (got.priced_on, got.version_applies_from, got.net_total) == (
        date(2025, 7, 3),
        date(2025, 7, 1),
        Decimal("382.78"),
    )
    # Not executed yet: priced at the order date, provisionally (2 x 187.45 = 374.90).
    pending = price_order(order("BC-3", date(2025, 6, 20), **{"2_4": "2"}), on_execution, BPU)
    assert (pending.provisional, pending.net_total) == (True, Decimal("374.90"))


def test_line_rounding_half_up() -> None:
    # 0.25 h x 52.30 = 13.075 -> 13.08 (half-up at the cent).
    got = price_order(order("BC-4", date(2025, 2, 1), **{"1_1": "0.25"}), AGREEMENT, BPU)
    assert got.lines[0].amount == Decimal("13.08")


def test_consumption_against_min_and_max() -> None:
    a = price_order(order("BC-1", date(2025, 2, 1), **{"2_4": "4"}), AGREEMENT, BPU)  # 749.80
    b = price_order(order("BC-2", date(2025, 3, 1), **{"2_4": "3"}), AGREEMENT, BPU)  # 562.35
    got = consumption(AGREEMENT, [a, b])
    # 749.80 + 562.35 = 1312.15: minimum 1000 reached, 2000 - 1312.15 = 687.85 left.
    assert (got.ordered, got.total, got.remaining, got.minimum_reached, got.warning) == (
        Decimal("1312.15"),
        Decimal("1312.15"),
        Decimal("687.85"),
        True,
        None,
    )
    c = price_order(order("BC-3", date(2025, 8, 1), **{"2_4": "4"}), AGREEMENT, BPU)  # 4 x 191.39
    proposed = consumption(AGREEMENT, [a, b], c)
    # 1312.15 + 765.56 = 2077.71 > 2000.00: exceeded by 77.71.
    assert proposed.total == Decimal("2077.71")
    assert proposed.remaining == Decimal("-77.71")
    assert proposed.warning is not None
    assert proposed.warning.excess == Decimal("77.71")
    assert str(proposed.warning) == (
        "contrat AC1 : le montant maximum (2000.00 EUR HT) serait dépassé de 77.71 EUR HT "
        "(total commandé 2077.71 EUR HT)"
    )


def test_consumption_without_bounds_and_below_minimum() -> None:
    open_ended = attrs.evolve(AGREEMENT, min_amount=None, max_amount=None)
    a = price_order(order("BC-1", date(2025, 2, 1), **{"3_1": "1"}), open_ended, BPU)
    got = consumption(open_ended, [a])
    assert (got.remaining, got.minimum_reached, got.warning) == (None, None, None)
    assert consumption(AGREEMENT, [a]).minimum_reached is False


def test_order_on_an_unknown_item() -> None:
    with pytest.raises(NotFoundError) as err:
        price_order(order("BC-9", date(2025, 2, 1), **{"1_1": "1", "9_9": "2"}), AGREEMENT, BPU)
    assert str(err.value) == (
        "article de bordereau introuvable : '9.9' (bon de commande BC-9, ligne 2 ; "
        "BPU BPU-AC, version du 01/01/2025)"
    )


def test_other_bad_input() -> None:
    with pytest.raises(MissingValueError):
        price_order(order("BC-0", date(2024, 12, 1), **{"1_1": "1"}), AGREEMENT, BPU)
    other = attrs.evolve(BPU, id="BPU-X")
    with pytest.raises(ValidationError, match="bordereau du contrat AC1"):
        price_order(order("BC-1", date(2025, 2, 1), **{"1_1": "1"}), AGREEMENT, other)
    foreign = attrs.evolve(order("BC-1", date(2025, 2, 1), **{"1_1": "1"}), contract_id="AC2")
    with pytest.raises(ValidationError, match="relève du contrat AC2"):
        price_order(foreign, AGREEMENT, BPU)
    a = price_order(order("BC-1", date(2025, 2, 1), **{"1_1": "1"}), AGREEMENT, BPU)
    with pytest.raises(ValidationError, match="compté deux fois"):
        consumption(AGREEMENT, [a, a])
    with pytest.raises(ValidationError, match="déjà compté"):
        consumption(AGREEMENT, [a], a)
