"""Reading a sheet's cells: the flat :class:`~savcore_excel._read.Grid` and its row and column
views, tables that do not start in column A, and the engine's own layout as the fallback."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Any

import openpyxl
import pytest
import python_calamine

from savcore_excel import read_price_schedule
from savcore_excel._read import Grid, _grid, column_below, read_workbook

DAY = date(2025, 1, 1)


def test_grid_rows_and_columns() -> None:
    # two rows of three cells, after one empty column: the sheet's rows are four cells wide
    grid = Grid(["a", 1.0, "", "b", 2.0, "x"], 3, left=1)
    assert len(grid) == 2
    assert grid.width == 4
    assert grid[0] == ["", "a", 1.0, ""]
    assert grid[-1] == ["", "b", 2.0, "x"]
    assert grid[0:2] == [["", "a", 1.0, ""], ["", "b", 2.0, "x"]]
    assert list(grid) == grid[:]
    assert grid.column(2) == [1.0, 2.0]
    assert grid.column(3, 1) == ["x"]
    assert grid.column(0) == ["", ""]  # the empty column on the left
    assert grid.column(1, 5) == []
    with pytest.raises(IndexError):
        grid[2]
    with pytest.raises(IndexError):
        grid.column(4)
    with pytest.raises(ValueError, match="rows of 3"):
        Grid(["a", "b"], 3)


def test_column_below_reads_lists_of_rows_and_grids_alike() -> None:
    rows = [["h1", "h2"], ["a", 1.0], ["b", 2.0]]
    grid = Grid([cell for row in rows for cell in row], 2)
    for sheet in (rows, grid):
        assert column_below(sheet, 1, 1) == [1.0, 2.0]
        assert column_below(sheet, 0, 0) == ["h1", "a", "b"]


def _offset_workbook(path: Path) -> Path:
    """A BPU whose title is in B2 and whose table starts in column C, row 5."""
    wb = openpyxl.Workbook()
    ws = wb.active
    ws["B2"] = "Applicable à partir du"
    ws["C2"] = "01/01/2025"
    for r, row in enumerate(
        [["N° prix", "Désignation", "Unité", "PU HT"], ["1.1", "Visite", "u", 80.5]], start=5
    ):
        for c, value in enumerate(row, start=3):
            ws.cell(r, c, value)
    wb.save(path)
    return path


def test_a_table_away_from_a1_reads_as_the_engine_lays_it_out(tmp_path: Path) -> None:
    path = _offset_workbook(tmp_path / "decale.xlsx")
    (sheet,) = read_workbook(path)
    assert isinstance(sheet.rows, Grid)
    engine = python_calamine.CalamineWorkbook.from_path(str(path)).get_sheet_by_index(0)
    expected = engine.to_python(skip_empty_area=False)
    assert list(sheet.rows) == expected  # every row from A1, empty cells as ""
    assert sheet.rows[4][2:] == ["N° prix", "Désignation", "Unité", "PU HT"]
    schedule = read_price_schedule(path)
    assert schedule.versions[0].applies_from == DAY
    assert [(i.code, i.unit_price) for i in schedule.versions[0].items] == [
        ("1.1", Decimal("80.50"))
    ]


class _OddEngineSheet:
    """A sheet whose ``iter_rows`` does not give the rows its range announces."""

    start = (0, 0)
    end = (1, 1)

    def iter_rows(self) -> Any:
        return iter([["a", "b"]])  # one row where the range says two

    def to_python(self, skip_empty_area: bool = True) -> list[list[Any]]:
        assert skip_empty_area is False
        return [["a", "b"], ["c", "d"]]


class _WideEngineSheet(_OddEngineSheet):
    """Rows from the first used cell, the columns on its left included: as many cells as the
    expected layout, but not that layout (each row too wide, too few rows)."""

    start = (1, 1)
    end = (1, 1)

    def iter_rows(self) -> Any:
        return iter([["", "d"]])


class _EmptyEngineSheet:
    start = None
    end = None


def test_an_unexpected_engine_layout_falls_back_to_the_engines_rows() -> None:
    assert _grid(_OddEngineSheet()) == [["a", "b"], ["c", "d"]]  # type: ignore[arg-type]
    assert _grid(_WideEngineSheet()) == [["a", "b"], ["c", "d"]]  # type: ignore[arg-type]
    assert _grid(_EmptyEngineSheet()) == []  # type: ignore[arg-type]
