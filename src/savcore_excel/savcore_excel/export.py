"""Write savcore reports to an .xlsx workbook with openpyxl: one sheet per report.

Each sheet reads like the printed report: the title, the parameters (contract, period...) and the
notes, then the table with a styled header (frozen, filterable, repeated on every printed page),
number formats taken from the column types, fitted column widths, a totals row with ``SUM``
formulas, and a bar chart for each rate column (penetration per UG).

Number formats are the locale-aware Excel codes (:data:`NUMBER_FORMATS`): Excel and LibreOffice
show ``#,##0.00 "€"`` as ``1 234,56 €`` in a French session and ``1,234.56 €`` in an English one,
while the cell holds the number itself. A literal format (``# ##0,00 €``) would look French
everywhere but break in other locales and in formulas: we do not use one.

The workbook is always written in openpyxl's write-only (streaming) mode, so that memory stays flat
whatever the number of rows; a 100,000-row report is written at the speed of raw openpyxl
(``benchmarks/bench_excel.py``).
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterable, Sequence
from datetime import datetime
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

from openpyxl import Workbook  # type: ignore[import-untyped, unused-ignore]
from openpyxl.cell.cell import (  # type: ignore[import-untyped, unused-ignore]
    ILLEGAL_CHARACTERS_RE,
    Cell,
)
from openpyxl.chart import BarChart, Reference  # type: ignore[import-untyped, unused-ignore]
from openpyxl.styles import Alignment, Font, PatternFill  # type: ignore[import-untyped, unused-ignore]
from openpyxl.utils import get_column_letter  # type: ignore[import-untyped, unused-ignore]
from openpyxl.utils.exceptions import (  # type: ignore[import-untyped, unused-ignore]
    IllegalCharacterError,
)
from openpyxl.worksheet._write_only import WriteOnlyWorksheet  # type: ignore[import-untyped, unused-ignore]

from savcore.model.catalog import PriceSchedule
from savcore.reports import Column, ColumnType, Report, format_value

__all__ = [
    "CHART_MAX_ROWS",
    "MONEY_FORMAT",
    "NUMBER_FORMATS",
    "XlsxExporter",
    "price_schedule_reports",
    "write_price_schedule",
    "write_reports",
]

MONEY_FORMAT = '#,##0.00 "€"'
"""Euros: ``1 234,56 €`` in a French session (locale-aware separators)."""

NUMBER_FORMATS: dict[ColumnType, str | None] = {
    ColumnType.TEXT: None,
    ColumnType.INTEGER: "#,##0",
    ColumnType.DECIMAL: "General",
    ColumnType.MONEY: MONEY_FORMAT,
    ColumnType.RATE: "0.00 %",
    ColumnType.DATE: "dd/mm/yyyy",
    ColumnType.DATETIME: "dd/mm/yyyy hh:mm",
    ColumnType.BOOLEAN: None,
}
"""The Excel number format of each column type (``None``: the cell keeps the default)."""

CHART_MAX_ROWS = 200
"""A rate column gets a bar chart when the report has at most this many rows."""

_PARIS = ZoneInfo("Europe/Paris")
_HEADER_FONT = Font(bold=True, color="FFFFFF")
_HEADER_FILL = PatternFill("solid", fgColor="1F4E78")
_WIDTH_SAMPLE = 2_000
_FORBIDDEN = re.compile(r"[\[\]:*?/\\]")


class _FastCell(Cell):  # type: ignore[misc, unused-ignore]
    """A write-only cell whose style id is computed once per column, not once per cell."""

    __slots__ = ("style_id",)
    has_style = True


def _sheet_title(title: str, used: set[str]) -> str:
    base = _FORBIDDEN.sub("-", title).strip("' ") or "Rapport"
    base = base[:31]
    name, n = base, 2
    while name.lower() in used:
        suffix = f" ({n})"
        name = base[: 31 - len(suffix)] + suffix
        n += 1
    used.add(name.lower())
    return name


def _excel_value(value: Any) -> Any:
    """Aware datetimes as Paris wall-clock time (Excel has no time zones)."""
    if isinstance(value, datetime) and value.tzinfo is not None:
        return value.astimezone(_PARIS).replace(tzinfo=None)
    return value


def _widths(report: Report) -> list[float]:
    widths: list[float] = []
    for i, column in enumerate(report.columns):
        longest = max((len(word) for word in column.label.split()), default=4)
        for row in report.rows[:_WIDTH_SAMPLE]:
            longest = max(longest, len(format_value(row[i], column.type)))
        widths.append(min(max(longest + 2, 8), 60))
    return widths


def _clean(value: Any) -> Any:
    """Text without the control characters XML cannot hold (each becomes U+FFFD)."""
    return ILLEGAL_CHARACTERS_RE.sub("\ufffd", value) if isinstance(value, str) else value


def _as_text(cell: Cell) -> None:
    """A string that starts with ``=`` is text in a report, never a formula for Excel to run
    (a label ``=0``, or a formula injected through imported data)."""
    if cell.data_type == "f":
        cell.data_type = "s"


def _styled(ws: WriteOnlyWorksheet, value: Any, *, formula: bool = False, **style: Any) -> Cell:
    cell = Cell(ws, value=_clean(value))
    if not formula:
        _as_text(cell)
    for name, setting in style.items():
        setattr(cell, name, setting)
    return cell


class _Values:
    """Re-binds one prepared cell per column to each row's values (see :func:`_write_sheet`)."""

    def __init__(self, ws: WriteOnlyWorksheet, columns: Sequence[Column]) -> None:
        self.cells: list[Cell] = []
        self.convert = [c.type is ColumnType.DATETIME for c in columns]
        for column in columns:
            number_format = NUMBER_FORMATS[column.type]
            if number_format is None:
                self.cells.append(Cell(ws))
                continue
            template = Cell(ws)
            template.number_format = number_format
            cell = _FastCell(ws)
            cell._style = template._style
            cell.style_id = ws.parent._cell_styles.add(template._style)
            self.cells.append(cell)

    def row(self, values: Sequence[Any]) -> list[Cell | None]:
        out: list[Cell | None] = []
        for cell, convert, value in zip(self.cells, self.convert, values, strict=True):
            if value is None:
                out.append(None)
                continue
            try:
                cell.value = _excel_value(value) if convert else value
            except IllegalCharacterError:  # control characters cannot be stored in XML
                cell.value = _clean(value)
            _as_text(cell)
            out.append(cell)
        return out


def _cells_to_row(values: Iterable[Cell | None], row_idx: int) -> Iterable[Cell]:
    """Replacement for openpyxl's ``_values_to_row``: the cells are ready, only place them."""
    for col_idx, cell in enumerate(values, 1):
        if cell is None:
            continue
        cell.column = col_idx
        cell.row = row_idx
        yield cell


def _write_sheet(wb: Workbook, report: Report, title: str, charts: bool) -> None:
    ws: WriteOnlyWorksheet = wb.create_sheet(title)
    n = len(report.columns)
    top: list[list[Any]] = [[_styled(ws, report.title, font=Font(bold=True, size=14))]]
    top += [[_styled(ws, key, font=Font(bold=True)), value] for key, value in report.parameters]
    top += [[_styled(ws, note, font=Font(italic=True))] for note in report.notes]
    top.append([])
    header = len(top) + 1  # 1-based row of the header
    first, last = header + 1, header + len(report.rows)
    for i, width in enumerate(_widths(report), 1):
        ws.column_dimensions[get_column_letter(i)].width = width
    ws.freeze_panes = f"A{first}"
    ws.print_title_rows = f"{header}:{header}"
    # Every row is appended as ready cells: openpyxl only places them (no per-cell conversion).
    ws._values_to_row = _cells_to_row
    for row in top:
        ws.append(
            # a parameter's value too is text when it starts with "=" (a label "=0")
            [v if v is None or isinstance(v, Cell) else _styled(ws, _excel_value(v)) for v in row]
        )
    wrap = Alignment(wrap_text=True, vertical="center")
    ws.append(
        [
            _styled(ws, c.label, font=_HEADER_FONT, fill=_HEADER_FILL, alignment=wrap)
            for c in report.columns
        ]
    )
    values = _Values(ws, report.columns)
    for data in report.rows:
        ws.append(values.row(data))
    if any(c.total for c in report.columns):
        bold = Font(bold=True)
        totals: list[Any] = []
        for i, column in enumerate(report.columns, 1):
            if column.total:
                letter = get_column_letter(i)
                formula = f"=SUM({letter}{first}:{letter}{last})" if report.rows else 0
                totals.append(
                    _styled(
                        ws,
                        formula,
                        formula=True,
                        font=bold,
                        number_format=NUMBER_FORMATS[column.type] or "General",
                    )
                )
            else:
                totals.append(None)
        if totals[0] is None:
            totals[0] = _styled(ws, "Total", font=bold)
        ws.append(totals)
    ws.auto_filter.ref = f"A{header}:{get_column_letter(n)}{max(last, header)}"
    if charts and 0 < len(report.rows) <= CHART_MAX_ROWS:
        _add_charts(ws, report, header, last)


def _add_charts(ws: WriteOnlyWorksheet, report: Report, header: int, last: int) -> None:
    labels = next((i for i, c in enumerate(report.columns, 1) if c.type is ColumnType.TEXT), None)
    anchor_column = get_column_letter(len(report.columns) + 2)
    placed = 0
    for i, column in enumerate(report.columns, 1):
        if column.type is not ColumnType.RATE:
            continue
        chart = BarChart()
        chart.type = "col"
        chart.title = f"{column.label} — {report.title}"
        chart.y_axis.title = column.label
        chart.y_axis.scaling.min = 0
        chart.y_axis.scaling.max = 1
        chart.y_axis.number_format = "0 %"
        chart.legend = None
        chart.add_data(
            Reference(ws, min_col=i, min_row=header, max_row=last), titles_from_data=True
        )
        if labels is not None:
            chart.set_categories(Reference(ws, min_col=labels, min_row=header + 1, max_row=last))
            chart.x_axis.title = report.columns[labels - 1].label
        chart.width = min(30.0, max(15.0, 0.6 * len(report.rows)))
        ws.add_chart(chart, f"{anchor_column}{header + placed * 20}")
        placed += 1


def write_reports(
    reports: Iterable[Report], path: str | os.PathLike[str], *, charts: bool = True
) -> Path:
    """Write ``reports`` to the .xlsx file ``path``, one sheet each (named after the title, made
    unique and cut to Excel's 31 characters), replacing the file; return the path.

    The file is written next to ``path`` under a temporary name, then renamed: a crash never
    leaves half a workbook behind. ``charts=False`` leaves out the bar charts of rate columns.
    """
    path = Path(path)
    wb = Workbook(write_only=True)
    used: set[str] = set()
    count = 0
    for report in reports:
        _write_sheet(wb, report, _sheet_title(report.title, used), charts)
        count += 1
    if count == 0:
        ws = wb.create_sheet("Rapport")
        ws.append(["Aucun rapport"])
    temporary = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    try:
        wb.save(temporary)
        os.replace(temporary, path)
    finally:
        temporary.unlink(missing_ok=True)
    return path


_PRICE_COLUMNS = (
    Column("code", "N° prix"),
    Column("label", "Désignation"),
    Column("unit", "Unité"),
    Column("unit_price", "PU HT", ColumnType.MONEY),
    Column("vat_rate", "TVA (%)", ColumnType.DECIMAL),
    Column("family", "Famille"),
)


def price_schedule_reports(schedule: PriceSchedule) -> list[Report]:
    """One report per version of ``schedule``, laid out so that
    :func:`~savcore_excel.read_price_schedule` reads the workbook back unchanged: the schedule's
    id, label, contract, application date and revision as "Key : value" lines above the table."""
    reports = []
    for version in schedule.versions:
        parameters = [("Bordereau", schedule.id), ("Libellé du bordereau", schedule.label)]
        if schedule.contract_id:
            parameters.append(("Contrat", schedule.contract_id))
        parameters.append(("Applicable à partir du", f"{version.applies_from:%d/%m/%Y}"))
        if version.revision_id:
            parameters.append(("Révision", version.revision_id))
        rows = [
            (i.code, i.label, i.unit, i.unit_price, i.vat_rate.percent, i.family)
            for i in version.items
        ]
        reports.append(
            Report(
                f"bpu-{version.applies_from.isoformat()}",
                f"BPU {version.applies_from:%d-%m-%Y}",
                _PRICE_COLUMNS,
                rows,
                parameters=tuple(parameters),
            )
        )
    return reports


def write_price_schedule(schedule: PriceSchedule, path: str | os.PathLike[str]) -> Path:
    """Write ``schedule`` to ``path`` (.xlsx), one sheet per version (see
    :func:`price_schedule_reports`)."""
    return write_reports(price_schedule_reports(schedule), path)


class XlsxExporter:
    """The ``xlsx`` exporter of the ``savcore_exporters`` hook (:class:`savcore.ports.Exporter`)."""

    name = "xlsx"
    suffixes = (".xlsx",)

    def export(self, reports: Sequence[Any], path: Path) -> None:
        """Write ``reports`` (:class:`~savcore.reports.Report`) to ``path``, one sheet each."""
        write_reports(reports, path)
