"""French formatting of amounts and rates for invoice texts (``1 234,50 €``, ``10,00 %``)."""

from __future__ import annotations

from decimal import Decimal

__all__: list[str] = []


def percent(rate: Decimal) -> str:
    """``Decimal("10")`` -> ``"10,00 %"``; ``Decimal("5.5")`` -> ``"5,50 %"``."""
    return f"{rate:.2f}".replace(".", ",") + " %"
