"""The ``excel`` importer of the ``savcore_importers`` hook (:class:`savcore.ports.Importer`)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from savcore.errors import ValidationError
from savcore_excel.portfolio import import_sites
from savcore_excel.prices import import_price_schedule

__all__ = ["ExcelImporter"]

_OPTIONS = {
    "price-schedule": {
        "schedule_id", "label", "applies_from", "contract_id", "sheet", "mapping",
        "header_row", "vat_rate", "limits",
    },
    "portfolio": {"customer_id", "known_units", "sheet", "limits"},
}  # fmt: skip


class ExcelImporter:
    """Reads price schedules (``kind="price-schedule"``, returns a
    :class:`~savcore.model.PriceSchedule`) and portfolios (``kind="portfolio"``, returns
    :class:`~savcore_excel.Sites`) from .xlsx, .xls and .ods files."""

    name = "excel"
    kinds = ("price-schedule", "portfolio")
    suffixes = (".xlsx", ".xls", ".ods")

    def import_file(self, path: Path, kind: str, **options: Any) -> Any:
        """Read ``path`` as ``kind``; ``options`` are those of :func:`import_price_schedule` or
        :func:`import_sites` (others are refused with :class:`~savcore.errors.ValidationError`)."""
        if kind not in _OPTIONS:
            raise ValidationError("kind", kind, "type d'import inconnu (price-schedule, portfolio)")
        unknown = sorted(set(options) - _OPTIONS[kind])
        if unknown:
            raise ValidationError("options", unknown, f"option(s) inconnue(s) pour {kind}")
        if kind == "price-schedule":
            return import_price_schedule(path, **options).value
        return import_sites(path, **options).value
