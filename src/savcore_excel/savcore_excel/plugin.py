"""The ``savcore`` entry point of savcore-excel: the ``excel`` importer, the ``xlsx`` exporter
and the ``import-bpu``, ``import-portfolio`` and ``export-reports`` commands."""

from __future__ import annotations

import argparse

from savcore.hookspecs import hookimpl
from savcore_excel.export import XlsxExporter
from savcore_excel.importer import ExcelImporter

__all__ = ["savcore_cli_commands", "savcore_exporters", "savcore_importers"]


@hookimpl
def savcore_importers() -> list[ExcelImporter]:
    """The ``excel`` importer (price schedules and portfolios from .xlsx, .xls, .ods)."""
    return [ExcelImporter()]


@hookimpl
def savcore_exporters() -> list[XlsxExporter]:
    """The ``xlsx`` exporter (reports to a workbook, one sheet each)."""
    return [XlsxExporter()]


@hookimpl
def savcore_cli_commands(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Add ``import-bpu``, ``import-portfolio`` and ``export-reports``."""
    from savcore_excel.cli import add_excel_commands

    add_excel_commands(subparsers)
