"""Report export to .xlsx: layout, number formats, totals, charts; price schedule round trips."""

from __future__ import annotations

import zipfile
from datetime import UTC, date, datetime
from decimal import Decimal
from pathlib import Path

import openpyxl
import pytest
from hypothesis import HealthCheck, given, settings

from savcore.model.catalog import PriceSchedule
from savcore.reports import Column, ColumnType, Report
from savcore.testing import price_schedules
from savcore_excel import MONEY_FORMAT, read_price_schedule, write_price_schedule, write_reports

PENETRATION = Report(
    "penetration",
    "Taux de pénétration par UG",
    (
        Column("ug", "UG"),
        Column("done", "Réalisées", ColumnType.INTEGER, total=True),
        Column("amount", "Montant HT", ColumnType.MONEY, total=True),
        Column("rate", "Taux", ColumnType.RATE),
        Column("last", "Dernière visite", ColumnType.DATE),
        Column("at", "Appel", ColumnType.DATETIME),
        Column("ok", "Objectif atteint", ColumnType.BOOLEAN),
    ),
    (
        (
            "UG-01",
            90,
            Decimal("1250.00"),
            Decimal("0.9"),
            date(2025, 3, 1),
            datetime(2025, 3, 1, 8, 30, tzinfo=UTC),
            True,
        ),
        ("UG-02", 45, Decimal("980.50"), Decimal("0.45"), None, None, False),
    ),
    parameters=(("Contrat", "C-2025-001"), ("Période", "01/01/2025 - 31/12/2025")),
    notes=("Taux global : 67,50 %",),
)


def test_layout_formats_totals_and_chart(tmp_path: Path) -> None:
    path = write_reports([PENETRATION], tmp_path / "rapports.xlsx")
    wb = openpyxl.load_workbook(path)
    ws = wb["Taux de pénétration par UG"]
    assert ws["A1"].value == "Taux de pénétration par UG"
    assert ws["A1"].font.bold
    assert (ws["A2"].value, ws["B2"].value) == ("Contrat", "C-2025-001")
    assert ws["A4"].value == "Taux global : 67,50 %"
    header = 6
    assert [c.value for c in ws[header]] == [c.label for c in PENETRATION.columns]
    assert ws.cell(header, 1).font.bold
    assert ws.freeze_panes == "A7"
    assert ws.auto_filter.ref == "A6:G8"
    assert ws.print_title_rows == "$6:$6"
    row = ws[7]
    assert row[2].value == 1250
    assert row[2].number_format == MONEY_FORMAT
    assert row[3].number_format == "0.00 %"
    assert row[4].value == datetime(2025, 3, 1)  # noqa: DTZ001 - Excel has no time zones
    assert row[4].number_format == "dd/mm/yyyy"
    assert row[5].value == datetime(2025, 3, 1, 9, 30)  # noqa: DTZ001 - Paris wall-clock time
    assert row[6].value is True
    totals = ws[9]
    assert totals[0].value == "Total"
    assert totals[1].value == "=SUM(B7:B8)"
    assert totals[2].value == "=SUM(C7:C8)"
    assert totals[2].number_format == MONEY_FORMAT
    assert ws.column_dimensions["B"].width >= len("Réalisées")
    with zipfile.ZipFile(path) as archive:  # openpyxl does not load charts: look in the package
        assert [n for n in archive.namelist() if n.startswith("xl/charts/")] == [
            "xl/charts/chart1.xml"
        ]


def test_one_sheet_per_report_with_unique_excel_names(tmp_path: Path) -> None:
    long = Report(
        "x", "Un titre beaucoup trop long pour Excel : [détail]", (Column("a", "A"),), (("v",),)
    )
    path = write_reports([long, long, PENETRATION], tmp_path / "r.xlsx")
    names = openpyxl.load_workbook(path).sheetnames
    assert names == [
        "Un titre beaucoup trop long pou",
        "Un titre beaucoup trop long (2)",
        "Taux de pénétration par UG",
    ]
    assert all(len(n) <= 31 for n in names)


def test_empty_report_and_no_report(tmp_path: Path) -> None:
    empty = Report("e", "Vide", (Column("m", "Montant", ColumnType.MONEY, total=True),), ())
    ws = openpyxl.load_workbook(write_reports([empty], tmp_path / "e.xlsx"))["Vide"]
    assert ws["A3"].value == "Montant"
    assert ws["A4"].value == 0
    assert openpyxl.load_workbook(write_reports([], tmp_path / "n.xlsx")).sheetnames == ["Rapport"]


def test_the_file_is_replaced_atomically(tmp_path: Path) -> None:
    path = tmp_path / "r.xlsx"
    path.write_bytes(b"ancien contenu")
    write_reports([PENETRATION], path)
    assert openpyxl.load_workbook(path).sheetnames
    assert [p.name for p in tmp_path.iterdir()] == ["r.xlsx"]


def test_billing_reports_export(tmp_path: Path) -> None:
    from savcore.billing.report_views import schedule_report
    from savcore.billing.schedule import build_schedule
    from savcore.demo import build_demo_portfolio

    portfolio = build_demo_portfolio()
    contract = portfolio.contracts[0]
    instalments = build_schedule(contract, contract.start, date(contract.start.year + 1, 1, 1))
    report = schedule_report(instalments)
    ws = openpyxl.load_workbook(write_reports([report], tmp_path / "e.xlsx")).worksheets[0]
    values = list(ws.iter_rows(values_only=True))
    amounts = [r[6] for r in values if r and isinstance(r[6], (int, float))]
    assert len(amounts) == len(instalments)
    assert sum(Decimal(repr(a)) for a in amounts) == sum(i.amount for i in instalments)


def test_price_schedule_round_trip_is_exact(tmp_path: Path) -> None:
    from savcore.model.catalog import PriceItem, PriceScheduleVersion
    from savcore.money import VatRate

    items = (
        PriceItem("1.1", "Visite annuelle", "u", Decimal("80.00"), VatRate.INTERMEDIATE, "P2"),
        PriceItem("0012", 'Joint 1/2"', "u", Decimal("0.10")),
        PriceItem("2.10", "Main-d'œuvre", "h", Decimal("45.1234"), VatRate.REDUCED),
    )
    schedule = PriceSchedule(
        "BPU-1",
        "BPU accord-cadre 2025",
        (
            PriceScheduleVersion(date(2025, 1, 1), items),
            PriceScheduleVersion(date(2026, 1, 1), items[:2], "REV-1"),
        ),
        "C-1",
    )
    back = read_price_schedule(write_price_schedule(schedule, tmp_path / "bpu.xlsx"))
    assert back == schedule
    assert [str(i.unit_price) for i in back.versions[0].items] == ["80.00", "0.10", "45.1234"]


@settings(max_examples=25, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(schedule=price_schedules())
def test_price_schedule_round_trip_property(tmp_path: Path, schedule: PriceSchedule) -> None:
    path = write_price_schedule(schedule, tmp_path / "bpu.xlsx")
    assert read_price_schedule(path) == schedule


@pytest.mark.parametrize("bad", ["\x00", "\x1b"])
def test_control_characters_do_not_break_the_workbook(tmp_path: Path, bad: str) -> None:
    report = Report("x", "Contrôle", (Column("a", "A"),), ((f"a{bad}b",),))
    ws = openpyxl.load_workbook(write_reports([report], tmp_path / "c.xlsx")).worksheets[0]
    assert ws["A4"].value == "a\ufffdb"


def test_text_that_looks_like_a_formula_stays_text(tmp_path: Path) -> None:
    # a label "=0", or a formula smuggled in through imported data, must not run in Excel
    rows = (("=0",), ('=HYPERLINK("http://x")',))
    report = Report(
        "x", "=Titre", (Column("a", "=A", ColumnType.TEXT),), rows, parameters=(("Objet", "=1"),)
    )
    ws = openpyxl.load_workbook(write_reports([report], tmp_path / "t.xlsx")).worksheets[0]
    texts = [cell.value for row in ws.iter_rows() for cell in row if cell.value is not None]
    assert texts == ["=Titre", "Objet", "=1", "=A", "=0", '=HYPERLINK("http://x")']
    assert all(
        cell.data_type == "s" for row in ws.iter_rows() for cell in row if cell.value is not None
    )
