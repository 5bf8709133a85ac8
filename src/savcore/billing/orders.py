"""Invoicing executed purchase orders (bons de commande) of a framework agreement.

An order is invoiced once, when it has been executed (service fait), at the prices of the BPU
version that priced it (:func:`savcore.operations.orders.price_order`): one invoice line per
order line, quantity x unit price excl. VAT, the VAT rate of the BPU item. Each line carries a
source id ``bc:<order id>:<n>`` in ``instalment_id``, so that a second billing run recognises what
was already invoiced.

>>> unit_code("h"), unit_code("ml"), unit_code("forfait")
('HUR', 'MTR', 'C62')
"""

from __future__ import annotations

from savcore.billing.invoicing import mandatory_notes
from savcore.model.contracts import Contract
from savcore.model.invoices import Invoice, InvoiceLine
from savcore.model.operations import PurchaseOrder
from savcore.model.parties import Customer, Party
from savcore.money import VatRate
from savcore.operations.orders import PricedOrder

__all__ = ["order_invoice", "order_source_id", "unit_code"]

# BPU units as written in French price schedules -> UN/ECE Recommendation 20 codes (BT-130).
_UNITS: dict[str, str] = {
    "u": "C62",
    "un": "C62",
    "unité": "C62",
    "ens": "C62",
    "ensemble": "C62",
    "forfait": "C62",
    "ft": "C62",
    "fft": "C62",
    "h": "HUR",
    "heure": "HUR",
    "j": "DAY",
    "jour": "DAY",
    "ml": "MTR",
    "m": "MTR",
    "m2": "MTK",
    "m²": "MTK",
    "m3": "MTQ",
    "m³": "MTQ",
    "kg": "KGM",
    "l": "LTR",
    "km": "KMT",
}


def unit_code(unit: str) -> str:
    """The UN/ECE Rec. 20 code of a BPU unit (``h`` -> ``HUR``); ``C62`` (one) when unknown."""
    return _UNITS.get(unit.strip().lower().rstrip("."), "C62")


def order_source_id(order: PurchaseOrder, position: int) -> str:
    """The id written on the invoice line of the ``position``-th line of ``order``."""
    return f"bc:{order.id}:{position}"


def order_invoice(
    contract: Contract,
    customer: Customer,
    seller: Party,
    order: PurchaseOrder,
    priced: PricedOrder,
) -> Invoice:
    """The draft invoice of the executed ``order`` (dated on its execution day), its lines priced
    by ``priced``; the order number and the BPU version used are written in the notes."""
    if order.executed_on is None:
        raise ValueError(f"le bon de commande {order.number} n'est pas exécuté")
    terms = contract.billing
    due = terms.payment.due_date(order.executed_on)
    lines = tuple(
        InvoiceLine(
            position=n,
            label=f"{line.item_code} {line.label}",
            quantity=line.quantity,
            unit_price=line.unit_price,
            vat_rate=line.vat_rate,
            unit=unit_code(line.unit),
            item_code=line.item_code,
            instalment_id=order_source_id(order, n),
            rounding=terms.rounding,
        )
        for n, line in enumerate(priced.lines, start=1)
    )
    notes = (
        f"Bon de commande n° {order.number} du {order.ordered_on:%d/%m/%Y}, exécuté le "
        f"{order.executed_on:%d/%m/%Y} ; prix du bordereau, version applicable au "
        f"{priced.version_applies_from:%d/%m/%Y}",
        *mandatory_notes(contract, due),
    )
    zero = any(line.vat_rate is VatRate.ZERO for line in lines)
    return Invoice(
        id=f"{contract.id}:{order.id}",
        customer_id=customer.id,
        seller=seller,
        buyer=customer.identity(),
        issue_date=order.executed_on,
        due_date=due,
        lines=lines,
        series=terms.series,
        contract_id=contract.id,
        contract_reference=contract.reference,
        buyer_reference=contract.service_code or customer.invoicing.service_code,
        engagement_number=contract.engagement_number or customer.invoicing.engagement_number,
        late_penalty_rate=terms.late_penalty_rate,
        recovery_indemnity=terms.recovery_indemnity,
        vat_exemption_reason="Exonération de TVA prévue au contrat" if zero else None,
        notes=notes,
    )
