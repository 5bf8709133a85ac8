"""Benchmark: import a 50,000-item price schedule (BPU) and export a 100,000-row report.

Import: :func:`savcore_excel.read_price_schedule` (file checks, zip and XML scan, header
detection, French parsing, exact decimals, PriceItem validation) against the raw reading engine
on the same file (python-calamine reading every cell, nothing checked or converted). openpyxl's
read-only mode is timed too, for the record of the engine choice.

Export: :func:`savcore_excel.write_reports` (styled header, number formats per column, totals
formulas, widths, filter) against raw openpyxl write-only appending the same values, unstyled.

Each figure is the best of five runs, measured in the same process, savcore's and the baseline's
runs interleaved (a burst of load on a shared machine then hits both alike), each run starting
after a full collection: the garbage collector stays on, but no run pays for the objects another
left (a pass over the whole heap otherwise falls on whichever run crosses the collector's
threshold, and interleaved runs lock onto one side). Prints ``RESULT excel.*`` lines. Run alone with ``.venv/bin/python benchmarks/bench_excel.py``.
"""

from __future__ import annotations

import gc
import random
import tempfile
import time
from collections.abc import Callable
from datetime import date, timedelta
from decimal import Decimal
from pathlib import Path

import openpyxl
import python_calamine

from savcore.reports import Column, ColumnType, Report
from savcore_excel import read_price_schedule, write_reports

ITEMS = 50_000
ROWS = 100_000
RUNS = 5


def best(*actions: Callable[[], object]) -> list[float]:
    """Best wall-clock time of each action over :data:`RUNS` rounds, each round calling every
    action once, in turn, after a full collection."""
    times: list[list[float]] = [[] for _ in actions]
    for _ in range(RUNS):
        for action, spent in zip(actions, times, strict=True):
            gc.collect()
            start = time.perf_counter()
            action()
            spent.append(time.perf_counter() - start)
    return [min(spent) for spent in times]


def make_bpu(path: Path) -> None:
    """A realistic BPU: title, date line, header, 50,000 priced items in chapters, typed numbers."""
    rng = random.Random(8)
    wb = openpyxl.Workbook(write_only=True)
    ws = wb.create_sheet("BPU")
    ws.append(["BORDEREAU DES PRIX UNITAIRES"])
    ws.append(["Applicable à partir du", "01/01/2025"])
    ws.append([])
    ws.append(["N° prix", "Désignation", "Unité", "PU HT", "TVA", "Famille"])
    for n in range(ITEMS):
        price = Decimal(rng.randint(1, 2_000_000)) / 100
        ws.append([f"{n // 100}.{n % 100}", f"Prestation {n}", "u", price, 20, "MO"])
    wb.save(path)


def raw_calamine(path: Path) -> int:
    sheet = python_calamine.CalamineWorkbook.from_path(str(path)).get_sheet_by_index(0)
    return len(sheet.to_python())


def raw_openpyxl_read(path: Path) -> int:
    wb = openpyxl.load_workbook(path, read_only=True)
    count = sum(1 for _ in wb.worksheets[0].iter_rows(values_only=True))
    wb.close()
    return count


def make_report() -> Report:
    rng = random.Random(7)
    start = date(2025, 1, 1)
    rows = [
        (
            f"UG-{n % 2000:04d}",
            f"Logement {n}",
            rng.randint(0, 12),
            Decimal(rng.randint(0, 500_000)) / 100,
            Decimal(rng.randint(0, 10_000)) / 10_000,
            start + timedelta(days=n % 365),
        )
        for n in range(ROWS)
    ]
    columns = (
        Column("ug", "UG"),
        Column("dwelling", "Logement"),
        Column("visits", "Visites", ColumnType.INTEGER, total=True),
        Column("amount", "Montant HT", ColumnType.MONEY, total=True),
        Column("rate", "Taux", ColumnType.RATE),
        Column("last", "Dernière visite", ColumnType.DATE),
    )
    return Report(
        "activity", "Activité par logement", columns, rows, parameters=(("Contrat", "C-1"),)
    )


def raw_openpyxl_write(report: Report, path: Path) -> None:
    wb = openpyxl.Workbook(write_only=True)
    ws = wb.create_sheet("R")
    ws.append([c.label for c in report.columns])
    for row in report.rows:
        ws.append(row)
    wb.save(path)


def main() -> None:
    with tempfile.TemporaryDirectory() as folder:
        bpu = Path(folder) / "bpu.xlsx"
        make_bpu(bpu)
        schedule = read_price_schedule(bpu)
        assert len(schedule.versions[0].items) == ITEMS
        ours, engine = best(lambda: read_price_schedule(bpu), lambda: raw_calamine(bpu))
        (openpyxl_read,) = best(lambda: raw_openpyxl_read(bpu))
        print(
            f"import {ITEMS} prix : savcore-excel {ours:.2f} s, calamine brut {engine:.2f} s, "
            f"openpyxl lecture seule brut {openpyxl_read:.2f} s"
        )

        report = make_report()
        out, raw = Path(folder) / "r.xlsx", Path(folder) / "raw.xlsx"
        write, baseline = best(
            lambda: write_reports([report], out), lambda: raw_openpyxl_write(report, raw)
        )
        print(
            f"export {ROWS} lignes : savcore-excel {write:.2f} s, openpyxl write-only brut {baseline:.2f} s"
        )

    print(f"RESULT excel.import_items_per_s {ITEMS / ours:.0f} 1/s")
    print(f"RESULT excel.import_seconds {ours:.3f} s")
    print(f"RESULT excel.import_ratio_vs_calamine {ours / engine:.2f} x")
    print(f"RESULT excel.openpyxl_read_ratio_vs_calamine {openpyxl_read / engine:.2f} x")
    print(f"RESULT excel.export_rows_per_s {ROWS / write:.0f} 1/s")
    print(f"RESULT excel.export_seconds {write:.3f} s")
    print(f"RESULT excel.export_ratio_vs_openpyxl_write_only {write / baseline:.2f} x")


if __name__ == "__main__":
    main()
