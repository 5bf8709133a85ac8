"""Read the cells of a checked spreadsheet with python-calamine (the reading engine).

Why calamine and not openpyxl: it reads .xlsx, .xls and .ods alike, and reads them about ten times
faster (a 50,000-line BPU: see ``benchmarks/bench_excel.py``). It gives cached values for formula
cells; :mod:`savcore_excel._container` locates the formulas beforehand.
"""

from __future__ import annotations

import itertools
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import Any, overload

import attrs
import python_calamine

from savcore_excel._container import Cell, ReadLimits, inspect_file
from savcore_excel.errors import ImportFileError

__all__ = ["Grid", "Merge", "RawSheet", "column_below", "read_workbook"]

Merge = tuple[Cell, Cell]
"""A merged range: first and last cell, 0-based (row, column)."""


class Grid(Sequence[list[Any]]):
    """The rows of a sheet kept as one flat list of cells, row after row, ``width`` cells each,
    after ``left`` empty columns (a table starting in column C: ``left`` is 2).

    A row is built when asked for (``grid[i]``, a new list each time); a whole column comes out
    of the flat list by one slice (:meth:`column`). Reading a sheet this way allocates no list
    per row: 50,000 rows are one list, not 50,001, which the garbage collector never has to walk.
    """

    __slots__ = ("_cells", "_height", "_left", "_width")

    def __init__(self, cells: list[Any], width: int, left: int = 0) -> None:
        if width <= 0 or left < 0 or len(cells) % width:
            raise ValueError(f"Grid: {len(cells)} cells do not make rows of {width}")
        self._cells, self._width, self._left = cells, width, left
        self._height = len(cells) // width

    @property
    def width(self) -> int:
        """Cells per row, the empty columns on the left included."""
        return self._left + self._width

    def __len__(self) -> int:
        return self._height

    @overload
    def __getitem__(self, index: int) -> list[Any]: ...

    @overload
    def __getitem__(self, index: slice) -> list[list[Any]]: ...

    def __getitem__(self, index: int | slice) -> list[Any] | list[list[Any]]:
        if isinstance(index, slice):
            return [self[i] for i in range(*index.indices(self._height))]
        if index < 0:
            index += self._height
        if not 0 <= index < self._height:
            raise IndexError("Grid row out of range")
        start = index * self._width
        return [*([""] * self._left), *self._cells[start : start + self._width]]

    def __iter__(self) -> Iterator[list[Any]]:
        return (self[i] for i in range(self._height))

    def column(self, column: int, start: int = 0) -> list[Any]:
        """The cells of ``column`` (0-based) from row ``start`` (0-based) down."""
        rows = max(self._height - start, 0)
        if column < self._left:
            return [""] * rows
        if column >= self.width:
            raise IndexError("Grid column out of range")
        return self._cells[start * self._width + column - self._left :: self._width]


def column_below(rows: Sequence[Sequence[Any]], column: int, start: int) -> list[Any]:
    """The cells of ``column`` from row ``start`` down (every row must reach that column)."""
    if isinstance(rows, Grid):
        return rows.column(column, start)
    return [row[column] for row in rows[start:]]


@attrs.frozen
class RawSheet:
    """One sheet as read: ``rows`` from the first row of the sheet (row 0 is spreadsheet row 1),
    values as calamine gives them (``""`` for empty, ``float``, ``int``, ``bool``, ``str``,
    ``date``, ``datetime``, ``time``, ``timedelta``), all rows of the same width (a
    :class:`Grid` as read from a file); ``merged`` ranges; ``formulas`` cells."""

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
                rows = _grid(sheet)
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


def _grid(sheet: python_calamine.CalamineSheet) -> Sequence[Sequence[Any]]:
    """The cells of ``sheet`` from A1: rows of ``iter_rows`` chained into one flat list (each row
    list is dropped as soon as it is read). ``iter_rows`` gives every row from the first one but
    only the columns from the first used one: the columns on the left are the grid's ``left``.
    Should an engine version lay its rows out otherwise, the rows as ``to_python`` gives them."""
    first, last = sheet.start, sheet.end
    if first is None or last is None:
        return []
    left, width, height = first[1], last[1] - first[1] + 1, last[0] + 1
    produced = iter(sheet.iter_rows())
    first_row = next(produced, None)
    if first_row is not None and len(first_row) == width:
        cells = [*first_row, *itertools.chain.from_iterable(produced)]
        if len(cells) == width * height:
            return Grid(cells, width, left)
    rows: list[list[Any]] = sheet.to_python(skip_empty_area=False)
    return rows


def _reason(exc: Exception) -> str:
    text = str(exc).strip().splitlines()
    return text[0][:200] if text else type(exc).__name__
