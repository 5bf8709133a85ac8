"""Report: typed columns, French formatting, totals, records, CSV, HTML."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from savcore.errors import ValidationError
from savcore.reports import Column, ColumnType, Report, format_value

COLUMNS = (
    Column("ug", "UG"),
    Column("logements", "Logements", ColumnType.INTEGER, total=True),
    Column("montant", "Montant HT", ColumnType.MONEY, total=True),
    Column("taux", "Taux de pénétration", ColumnType.RATE),
    Column("le", "Date", ColumnType.DATE),
)
ROWS = (
    ("UG-01", 120, Decimal("14160.00"), Decimal("0.9125"), date(2025, 2, 15)),
    ("UG-02", 80, Decimal("9440.50"), None, None),
)


def report() -> Report:
    return Report("essai", "Essai", COLUMNS, ROWS, parameters=(("Contrat", "C-1"),))


def test_totals_are_the_sums_of_the_rows() -> None:
    # 120 + 80 = 200 dwellings; 14 160.00 + 9 440.50 = 23 600.50 EUR
    assert report().totals() == {"logements": 200, "montant": Decimal("23600.50")}


def test_french_formatting() -> None:
    assert format_value(Decimal("1234567.5"), ColumnType.MONEY) == "1 234 567,50 €"
    assert format_value(Decimal("-12.3"), ColumnType.MONEY) == "-12,30 €"
    assert format_value(Decimal("0.9125"), ColumnType.RATE) == "91,25 %"
    assert format_value(date(2025, 2, 15), ColumnType.DATE) == "15/02/2025"
    assert format_value(None, ColumnType.MONEY) == ""
    assert format_value(True, ColumnType.BOOLEAN) == "oui"


def test_records_keep_the_values() -> None:
    records = report().to_records()
    assert records[0]["montant"] == Decimal("14160.00")
    assert records[1]["taux"] is None
    assert report().to_json_records()[0]["montant"] == "14160.00"


def test_text_table_has_a_totals_row() -> None:
    text = report().render_text()
    assert text.splitlines()[-1].startswith("Total")
    assert "23 600,50 €" in text


def test_csv_is_semicolon_separated_with_decimal_commas() -> None:
    lines = report().to_csv().splitlines()
    assert lines[0] == "UG;Logements;Montant HT;Taux de pénétration;Date"
    assert lines[1] == "UG-01;120;14160,00;0,9125;2025-02-15"


def test_html_escapes_and_shows_parameters() -> None:
    page = Report("x", "<b>", (Column("a", "A&B"),), (("<script>",),))._repr_html_()
    assert "<script>" not in page
    assert "&lt;script&gt;" in page
    assert "Contrat : C-1" in report()._repr_html_()


def test_to_pandas_when_installed() -> None:
    pd = pytest.importorskip("pandas")
    frame = report().to_pandas()
    assert isinstance(frame, pd.DataFrame)
    assert list(frame.columns)[2] == "Montant HT"


@pytest.mark.parametrize(
    ("row", "field"),
    [
        (("UG-01", 1.5, Decimal(1), None, None), "rows[0].logements"),
        (("UG-01", 1, 1.5, None, None), "rows[0].montant"),
        (("UG-01", True, Decimal(1), None, None), "rows[0].logements"),
        (("UG-01", 1, Decimal(1), None, "2025-01-01"), "rows[0].le"),
        (("UG-01", 1), "rows[0]"),
    ],
)
def test_bad_rows_are_refused(row: tuple[object, ...], field: str) -> None:
    with pytest.raises(ValidationError) as info:
        Report("essai", "Essai", COLUMNS, (row,))
    assert info.value.field == field


def test_a_text_column_cannot_be_totalled() -> None:
    with pytest.raises(ValidationError) as info:
        Column("ug", "UG", ColumnType.TEXT, total=True)
    assert info.value.field == "total"


@given(st.lists(st.decimals(min_value=-(10**6), max_value=10**6, places=2), max_size=30))
def test_money_total_equals_the_sum_of_rows(amounts: list[Decimal]) -> None:
    rep = Report(
        "p", "P", (Column("m", "M", ColumnType.MONEY, total=True),), [(a,) for a in amounts]
    )
    assert rep.totals()["m"] == sum(amounts, Decimal("0.00"))
