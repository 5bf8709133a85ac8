"""A real foreign consumer and producer: LibreOffice reads our workbooks and writes files we import.

Skipped when LibreOffice is missing (with the command to install it), failed instead when
``CI=true``. Each conversion starts a headless LibreOffice with a private profile (a few seconds).
"""

from __future__ import annotations

import csv
from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest

from savcore.model.catalog import PriceItem, PriceSchedule, PriceScheduleVersion
from savcore.money import VatRate
from savcore_excel import ImportFileError, read_price_schedule, write_price_schedule, write_reports
from tests.excel.conftest import convert, write_xlsx
from tests.excel.test_export import PENETRATION

pytestmark = pytest.mark.slow

# CSV export: comma, double quote, UTF-8, raw values (not "as shown"), every sheet (-1).
CSV_ALL_SHEETS = "csv:Text - txt - csv (StarCalc):44,34,76,1,,0,false,true,false,false,false,-1"


def _csv(path: Path) -> list[list[str]]:
    with path.open(encoding="utf-8", newline="") as stream:
        return list(csv.reader(stream))


def _same_date(text: str, day: date) -> bool:
    return text in {f"{day:%m/%d/%Y}", f"{day:%d/%m/%Y}", day.isoformat()}


def test_libreoffice_reads_exported_reports(soffice: str, tmp_path: Path) -> None:
    source = write_reports([PENETRATION], tmp_path / "rapports.xlsx")
    convert(soffice, source, CSV_ALL_SHEETS, tmp_path / "out")
    (produced,) = (tmp_path / "out").glob("*.csv")
    rows = _csv(produced)
    assert rows[0][0] == PENETRATION.title
    assert rows[1][:2] == ["Contrat", "C-2025-001"]
    assert rows[5] == [c.label for c in PENETRATION.columns]
    first, second, totals = rows[6], rows[7], rows[8]
    assert first[0] == "UG-01"
    assert int(first[1]) == 90
    assert Decimal(first[2]) == Decimal("1250.00")
    assert Decimal(second[2]) == Decimal("980.50")
    assert first[3] in ("90%", "90.00%", "0.9")
    assert _same_date(first[4], date(2025, 3, 1))
    # LibreOffice computed our SUM formulas: the totals row holds the report's totals.
    assert totals[0] == "Total"
    assert int(totals[1]) == PENETRATION.totals()["done"]
    assert Decimal(totals[2]) == PENETRATION.totals()["amount"]


def test_libreoffice_reads_an_exported_price_schedule(soffice: str, tmp_path: Path) -> None:
    items = tuple(
        PriceItem(f"{n}.1", f"Article {n}", "u", Decimal(price), VatRate.INTERMEDIATE)
        for n, price in enumerate(("80.00", "0.10", "1234.56", "45.1234"), 1)
    )
    schedule = PriceSchedule("BPU-LO", "BPU", (PriceScheduleVersion(date(2025, 1, 1), items),))
    source = write_price_schedule(schedule, tmp_path / "bpu.xlsx")
    convert(soffice, source, CSV_ALL_SHEETS, tmp_path / "out")
    (produced,) = (tmp_path / "out").glob("*.csv")
    rows = _csv(produced)
    header = next(i for i, r in enumerate(rows) if r[0] == "N° prix")
    assert [(r[0], Decimal(r[3]), Decimal(r[4])) for r in rows[header + 1 :]] == [
        (i.code, i.unit_price, Decimal(10)) for i in items
    ]


CSV_BPU = (
    "Bordereau de prix unitaires,,,,\n"
    ",,,,\n"
    "N° prix,Désignation,Unité,PU HT,TVA\n"
    "1.1,Visite annuelle,u,80,10\n"
    "1.2,Ramonage conduit,ml,12.5,20\n"
    "2.1,Main-d'œuvre,h,45.3,5.5\n"
)


@pytest.mark.parametrize("target", ["xlsx:Calc MS Excel 2007 XML", "ods", "xls:MS Excel 97"])
def test_import_files_written_by_libreoffice(soffice: str, tmp_path: Path, target: str) -> None:
    source = tmp_path / "bpu.csv"
    source.write_text(CSV_BPU, encoding="utf-8")
    produced = convert(soffice, source, target, tmp_path / "out", infilter="CSV:44,34,76,1")
    schedule = read_price_schedule(produced, applies_from=date(2025, 1, 1))
    assert [
        (i.code, i.label, i.unit, i.unit_price, i.vat_rate) for i in schedule.versions[0].items
    ] == [
        ("1.1", "Visite annuelle", "u", Decimal("80.00"), VatRate.INTERMEDIATE),
        ("1.2", "Ramonage conduit", "ml", Decimal("12.50"), VatRate.STANDARD),
        ("2.1", "Main-d'œuvre", "h", Decimal("45.30"), VatRate.REDUCED),
    ]


@pytest.mark.parametrize("target", ["ods", "xls:MS Excel 97"])
def test_formulas_are_found_in_ods_and_xls(soffice: str, tmp_path: Path, target: str) -> None:
    rows = [
        ["N° prix", "Désignation", "Unité", "PU HT"],
        ["1.1", "Visite", "u", 80],
        ["1.2", "Double", "u", "=D2*2"],
    ]
    source = write_xlsx(tmp_path / "formules.xlsx", {"BPU": rows})
    produced = convert(soffice, source, target, tmp_path / "out")
    with pytest.raises(ImportFileError) as exc:
        read_price_schedule(produced, applies_from=date(2025, 1, 1))
    assert [(c.ref, c.reason.split(" :")[0]) for c in exc.value.cells] == [("D3", "PU HT")]
    assert "formule refusée" in str(exc.value)


def test_merged_cells_in_ods(soffice: str, tmp_path: Path) -> None:
    rows = [
        ["N° prix", "Désignation", "Unité", "PU HT"],
        ["1.1", "Visite", "u", 80],
        ["1.2", "Bis", "u", 80],
    ]
    source = write_xlsx(tmp_path / "fusion.xlsx", {"BPU": rows}, merges=["D2:D3"])
    produced = convert(soffice, source, "ods", tmp_path / "out")
    with pytest.raises(ImportFileError, match="fusionnées"):
        read_price_schedule(produced, applies_from=date(2025, 1, 1))
