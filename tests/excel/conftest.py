"""Helpers for the Excel adapter tests: spreadsheets are generated in ``tmp_path``, never committed.

LibreOffice (``soffice``) is needed by the tests marked ``libreoffice``: without it they are
skipped with the command to install it, except when ``CI=true``, where they fail.
"""

from __future__ import annotations

import os
import shutil
import subprocess
from collections.abc import Callable, Iterable, Sequence
from pathlib import Path
from typing import Any

import openpyxl
import pytest

Rows = Sequence[Sequence[Any]]

INSTALL_HINT = "apt-get install -y libreoffice-calc-nogui (ou libreoffice-calc)"


def write_xlsx(path: Path, sheets: dict[str, Rows], *, merges: Iterable[str] = ()) -> Path:
    """An .xlsx file with one sheet per entry (rows as given; a value starting with ``=`` is a
    formula); ``merges`` (``"A1:C1"``) apply to the first sheet."""
    wb = openpyxl.Workbook()
    wb.remove(wb.active)
    for name, rows in sheets.items():
        ws = wb.create_sheet(name)
        for row in rows:
            ws.append(list(row))
    for ref in merges:
        wb.worksheets[0].merge_cells(ref)
    wb.save(path)
    return path


@pytest.fixture
def xlsx(tmp_path: Path) -> Callable[..., Path]:
    """``xlsx(rows, name="f.xlsx", sheet="BPU", merges=())``: write a one-sheet workbook."""

    def make(
        rows: Rows, name: str = "f.xlsx", sheet: str = "BPU", merges: Iterable[str] = ()
    ) -> Path:
        return write_xlsx(tmp_path / name, {sheet: rows}, merges=merges)

    return make


def soffice_path() -> str | None:
    """The LibreOffice executable, if installed."""
    return shutil.which("soffice") or shutil.which("libreoffice")


@pytest.fixture(scope="session")
def soffice() -> str:
    """The LibreOffice executable; skip (fail in CI) when missing."""
    found = soffice_path()
    if found is None:
        message = f"LibreOffice introuvable : {INSTALL_HINT}"
        if os.environ.get("CI", "").lower() == "true":
            pytest.fail(message)
        pytest.skip(message)
    return found


def convert(
    soffice: str, source: Path, target_filter: str, outdir: Path, *, infilter: str | None = None
) -> Path:
    """Convert ``source`` with LibreOffice headless (``--convert-to target_filter``) into
    ``outdir``; return the produced file (the first sheet's when every sheet is written). A
    private profile keeps runs independent."""
    outdir.mkdir(parents=True, exist_ok=True)
    profile = outdir / "lo-profile"
    completed = subprocess.run(
        [
            soffice,
            f"-env:UserInstallation=file://{profile}",
            "--headless",
            "--norestore",
            *([f"--infilter={infilter}"] if infilter else []),
            "--convert-to",
            target_filter,
            "--outdir",
            str(outdir),
            str(source),
        ],
        capture_output=True,
        text=True,
        timeout=180,
        check=False,
    )
    extension = target_filter.split(":", 1)[0]
    produced = sorted(outdir.glob(f"{source.stem}*.{extension}"))
    if completed.returncode != 0 or not produced:
        raise AssertionError(
            f"conversion LibreOffice échouée : {completed.stdout} {completed.stderr}"
        )
    return produced[0]
