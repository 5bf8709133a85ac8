"""Read the cells of a checked spreadsheet with python-calamine (the reading engine).

Why calamine and not openpyxl: it reads .xlsx, .xls and .ods alike, and reads them about ten times
faster (a 50,000-line BPU: see ``benchmarks/bench_excel.py``). It gives cached values for formula
cells; :mod:`savcore_excel._container` locates the formulas beforehand.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import Any

import attrs
import python_calamine

from savcore_excel._container import Cell, ReadLimits, inspect_file
from savcore_excel.errors import ImportFileError

__all__ = ["Merge", "RawSheet", "read_workbook"]

Merge = tuple[Cell, Cell]
"""A merged range: first and last cell, 0-based (row, column)."""


@attrs.frozen
class RawSheet:
    """One sheet as read: ``rows`` from the first row of the sheet (row 0 is spreadsheet row 1),
    values as calamine gives them (``""`` for empty, ``float``, ``int``, ``bool``, ``str``,
    ``date``, ``datetime``, ``time``, ``timedelta``); ``merged`` ranges; ``formulas`` cells."""

    name: str
    rows: Sequence[Sequence[Any]]
    merged: tuple[Merge, ...] = ()
    formulas: frozenset[Cell] = frozenset()


def read_workbook(
    path: Path, *, sheets: Sequence[str] | None = None, limits: ReadLimits | None = None
) -> list[RawSheet]:
    """Check ``path`` (:func:`~savcore_excel._container.inspect_file`) and read its worksheets
    (all of them, or those named in ``sheets``), in workbook order.

    :raises ImportFileError: the file is refused, unreadable, or a named sheet is missing.
    """
    container = inspect_file(path, limits)
    try:
        workbook = python_calamine.CalamineWorkbook.from_path(str(path))
    except python_calamine.PasswordError:
        raise ImportFileError(str(path), ["classeur protégé par mot de passe"]) from None
    except Exception as exc:  # calamine raises several types, none useful to the caller
        raise ImportFileError(str(path), [f"classeur illisible ({_reason(exc)})"]) from None
    try:
        names = [
            meta.name
            for meta in workbook.sheets_metadata
            if meta.typ == python_calamine.SheetTypeEnum.WorkSheet
        ]
        if sheets is not None:
            missing = [name for name in sheets if name not in names]
            if missing:
                known = ", ".join(f"« {n} »" for n in names)
                raise ImportFileError(
                    str(path),
                    [f"feuille « {name} » introuvable (feuilles : {known})" for name in missing],
                )
            names = [name for name in names if name in sheets]
        out = []
        for name in names:
            try:
                sheet = workbook.get_sheet_by_name(name)
                rows = sheet.to_python(skip_empty_area=False)
                merged = tuple(sheet.merged_cell_ranges or ()) or container.merges.get(name, ())
            except ImportFileError:
                raise
            except Exception as exc:
                raise ImportFileError(
                    str(path), [f"feuille « {name} » illisible ({_reason(exc)})"]
                ) from None
            out.append(RawSheet(name, rows, merged, container.formulas.get(name, frozenset())))
        return out
    finally:
        workbook.close()


def _reason(exc: Exception) -> str:
    text = str(exc).strip().splitlines()
    return text[0][:200] if text else type(exc).__name__
