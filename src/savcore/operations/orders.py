"""Purchase orders (bons de commande) priced from the price schedule (BPU), and the agreement's
consumption against its minimum and maximum amounts.

An order is priced with the BPU version in force on its order date, or on its execution date when
the contract says so (``Contract.price_orders_on_execution``); an order not executed yet is then
priced provisionally at its order date. Each line is quantity x unit price, rounded to the cent
(half-up); VAT is computed once per rate on the sum of the lines at that rate; the total incl.
VAT is net + VAT.

>>> from datetime import date
>>> from decimal import Decimal
>>> from savcore.model.catalog import PriceItem, PriceSchedule, PriceScheduleVersion
>>> bpu = PriceSchedule("BPU", "BPU", (PriceScheduleVersion(date(2025, 1, 1),
...     (PriceItem("1.1", "Main-d'oeuvre", "h", Decimal("52.30")),)),))
>>> line = price_line("1.1", Decimal("2.5"), bpu.version_at(date(2025, 3, 1)))
>>> line.amount  # 2.5 x 52.30 = 130.75
Decimal('130.75')
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from decimal import Decimal

import attrs

from savcore.errors import NotFoundError, ValidationError
from savcore.model.catalog import PriceSchedule, PriceScheduleVersion
from savcore.model.contracts import Contract
from savcore.model.operations import PurchaseOrder
from savcore.money import ZERO, VatRate, quantize, vat_amount

__all__ = [
    "Consumption",
    "MaxAmountWarning",
    "PricedOrder",
    "PricedOrderLine",
    "consumption",
    "price_line",
    "price_order",
]


@attrs.frozen
class PricedOrderLine:
    """A purchase order line priced from a BPU version: amount = quantity x unit price, at the cent."""

    item_code: str
    label: str
    unit: str
    quantity: Decimal
    unit_price: Decimal
    amount: Decimal
    vat_rate: VatRate
    family: str | None = None


@attrs.frozen
class PricedOrder:
    """A priced purchase order: its lines, the date and version used, and the totals.

    ``provisional`` is true when the contract prices on execution and the order is not executed
    yet (priced at its order date until then).
    """

    order_id: str
    number: str
    contract_id: str
    priced_on: date
    version_applies_from: date
    provisional: bool
    lines: tuple[PricedOrderLine, ...]
    net_total: Decimal
    vat_by_rate: tuple[tuple[VatRate, Decimal, Decimal], ...]
    """(rate, base, VAT) per rate, in the order of ``VatRate``."""
    vat_total: Decimal
    total: Decimal


@attrs.frozen
class MaxAmountWarning:
    """The agreement's maximum amount would be exceeded (montant maximum de l'accord-cadre)."""

    contract_id: str
    max_amount: Decimal
    total: Decimal
    excess: Decimal

    def __str__(self) -> str:
        return (
            f"contrat {self.contract_id} : le montant maximum ({self.max_amount} EUR HT) serait "
            f"dépassé de {self.excess} EUR HT (total commandé {self.total} EUR HT)"
        )


@attrs.frozen
class Consumption:
    """Orders consumed against the agreement's minimum and maximum amounts (excl. VAT).

    ``ordered`` counts the orders already placed, ``total`` adds the proposed order when one was
    given. ``remaining`` is what is left under the maximum (``None`` without a maximum, negative
    when exceeded); ``minimum_reached`` is ``None`` without a minimum.
    """

    contract_id: str
    ordered: Decimal
    total: Decimal
    min_amount: Decimal | None
    max_amount: Decimal | None
    remaining: Decimal | None
    minimum_reached: bool | None
    warning: MaxAmountWarning | None


def price_line(code: str, quantity: Decimal, version: PriceScheduleVersion) -> PricedOrderLine:
    """Price ``quantity`` of item ``code`` from ``version`` (NotFoundError for an unknown code)."""
    item = version.item(code)
    amount = quantize(quantity * item.unit_price)
    return PricedOrderLine(
        item.code,
        item.label,
        item.unit,
        quantity,
        item.unit_price,
        amount,
        item.vat_rate,
        item.family,
    )


def price_order(order: PurchaseOrder, contract: Contract, schedule: PriceSchedule) -> PricedOrder:
    """Price ``order`` from ``schedule``, the contract's BPU, with the version in force on the
    order date or the execution date (per the contract).

    Raises :class:`~savcore.errors.ValidationError` for an order of another contract or a
    schedule that is not the contract's, :class:`~savcore.errors.NotFoundError` for an item the
    BPU version does not have (naming the order and the line), and
    :class:`~savcore.errors.MissingValueError` for a date before the first BPU version.
    """
    if order.contract_id != contract.id:
        raise ValidationError(
            "contract",
            contract.id,
            f"le bon de commande {order.number} relève du contrat {order.contract_id}",
        )
    if contract.price_schedule_id != schedule.id:
        raise ValidationError(
            "schedule",
            schedule.id,
            f"le bordereau du contrat {contract.id} est {contract.price_schedule_id!r}",
        )
    provisional = False
    priced_on = order.ordered_on
    if contract.price_orders_on_execution:
        if order.executed_on is None:
            provisional = True
        else:
            priced_on = order.executed_on
    version = schedule.version_at(priced_on)
    lines: list[PricedOrderLine] = []
    for i, line in enumerate(order.lines):
        if line.item_code not in version:
            raise NotFoundError(
                "article de bordereau",
                line.item_code,
                context=f"bon de commande {order.number}, ligne {i + 1} ; BPU {schedule.id}, "
                f"version du {version.applies_from:%d/%m/%Y}",
            )
        lines.append(price_line(line.item_code, line.quantity, version))
    net = sum((line.amount for line in lines), ZERO)
    vat_rows: list[tuple[VatRate, Decimal, Decimal]] = []
    for rate in VatRate:
        base = sum((line.amount for line in lines if line.vat_rate is rate), ZERO)
        if any(line.vat_rate is rate for line in lines):
            vat_rows.append((rate, base, vat_amount(base, rate)))
    vat_total = sum((row[2] for row in vat_rows), ZERO)
    return PricedOrder(
        order_id=order.id,
        number=order.number,
        contract_id=contract.id,
        priced_on=priced_on,
        version_applies_from=version.applies_from,
        provisional=provisional,
        lines=tuple(lines),
        net_total=net,
        vat_by_rate=tuple(vat_rows),
        vat_total=vat_total,
        total=net + vat_total,
    )


def consumption(
    contract: Contract,
    orders: Iterable[PricedOrder],
    proposed: PricedOrder | None = None,
) -> Consumption:
    """The agreement's consumption: orders placed (net totals), plus ``proposed`` if given,
    against the contract's minimum and maximum; a :class:`MaxAmountWarning` when the total would
    go over the maximum.

    Orders of other contracts are refused (:class:`~savcore.errors.ValidationError`), and so is
    an order counted twice.
    """
    seen: set[str] = set()
    ordered = ZERO
    for order in orders:
        if order.contract_id != contract.id:
            raise ValidationError("orders", order.number, f"hors du contrat {contract.id}")
        if order.order_id in seen:
            raise ValidationError("orders", order.number, "bon de commande compté deux fois")
        seen.add(order.order_id)
        ordered += order.net_total
    total = ordered
    if proposed is not None:
        if proposed.contract_id != contract.id:
            raise ValidationError("proposed", proposed.number, f"hors du contrat {contract.id}")
        if proposed.order_id in seen:
            raise ValidationError("proposed", proposed.number, "bon de commande déjà compté")
        total += proposed.net_total
    maximum, minimum = contract.max_amount, contract.min_amount
    remaining = maximum - total if maximum is not None else None
    warning = None
    if maximum is not None and total > maximum:
        warning = MaxAmountWarning(contract.id, maximum, total, total - maximum)
    return Consumption(
        contract_id=contract.id,
        ordered=ordered,
        total=total,
        min_amount=minimum,
        max_amount=maximum,
        remaining=remaining,
        minimum_reached=None if minimum is None else total >= minimum,
        warning=warning,
    )
