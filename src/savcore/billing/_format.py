"""French formatting of amounts and rates for invoice texts (``1 234,50 €``, ``10,00 %``)."""

from __future__ import annotations

from decimal import Decimal

__all__: list[str] = []


def euros(amount: Decimal) -> str:
    """``Decimal("1234.5")`` -> ``"1 234,50 €"`` (two decimals, space between thousands)."""
    sign = "-" if amount < 0 else ""
    text = f"{abs(amount):,.2f}".replace(",", " ").replace(".", ",")
    return f"{sign}{text} €"


def percent(rate: Decimal) -> str:
    """``Decimal("10")`` -> ``"10,00 %"``; ``Decimal("5.5")`` -> ``"5,50 %"``."""
    return f"{rate:.2f}".replace(".", ",") + " %"
