"""savcore-excel: price schedules (BPU) and portfolios from spreadsheets, reports to .xlsx.

Reading (.xlsx, .xls, .ods) is all or nothing: :class:`ImportFileError` lists every bad cell
(:class:`BadCell`: sheet, row, column, value, reason). Writing produces styled workbooks, one
sheet per :class:`savcore.reports.Report`. See ``docs/excel.md``.
"""

from savcore_excel._container import ReadLimits
from savcore_excel.errors import BadCell, ImportFileError
from savcore_excel.export import (
    MONEY_FORMAT,
    NUMBER_FORMATS,
    XlsxExporter,
    price_schedule_reports,
    write_price_schedule,
    write_reports,
)
from savcore_excel.importer import ExcelImporter
from savcore_excel.portfolio import Sites, import_sites, read_sites
from savcore_excel.prices import (
    PRICE_FIELDS,
    Imported,
    import_price_schedule,
    read_price_schedule,
)

__all__ = [
    "MONEY_FORMAT",
    "NUMBER_FORMATS",
    "PRICE_FIELDS",
    "BadCell",
    "ExcelImporter",
    "ImportFileError",
    "Imported",
    "ReadLimits",
    "Sites",
    "XlsxExporter",
    "import_price_schedule",
    "import_sites",
    "price_schedule_reports",
    "read_price_schedule",
    "read_sites",
    "write_price_schedule",
    "write_reports",
]
