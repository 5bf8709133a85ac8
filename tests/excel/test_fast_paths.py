"""The bulk paths of the import give exactly what the cell-by-cell paths give.

``read_columns`` takes a table at once when every row below the header is plainly a data row,
parses a clean column with the bulk form of its parser (or once per distinct value), and the price
importer builds its items with ``PriceItem._many``. Each falls back to the row-by-row, cell-by-cell
path, which says what is wrong. With ``_table.FAST_PATHS`` off, only those paths run: both must give
the same items, the same bad cells and the same notes.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from datetime import date, datetime
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from savcore.errors import ValidationError
from savcore.model.catalog import PriceItem
from savcore.money import VatRate
from savcore_excel import ImportFileError, _table, import_price_schedule, prices
from savcore_excel import _cells as cells
from savcore_excel._read import RawSheet
from savcore_excel._table import find_table, read_rows, sort_cells

HEADER = ["N° prix", "Désignation", "Unité", "PU HT", "TVA", "Famille"]
DAY = date(2025, 1, 1)


def _per_cell(parse: Callable[[Any], Any], values: list[Any]) -> list[Any] | None:
    """What the bulk form must give: each cell parsed, or None if one is empty or refused."""
    out = []
    for value in values:
        try:
            parsed = parse(value)
        except (cells.CellError, ArithmeticError):  # ArithmeticError: 1e26 € (see the report)
            return None
        if parsed is None:
            return None
        out.append(parsed)
    return out


def _same(bulk: list[Any] | None, slow: list[Any] | None) -> None:
    """Equal, value by value, with the same type and the same digits (exponent, sign of zero)."""
    if bulk is None:
        return  # the bulk form may always give up: the cell-by-cell path then runs
    assert slow is not None
    assert [(type(x), str(x)) for x in bulk] == [(type(x), str(x)) for x in slow]


prices_in_cents = st.integers(0, 10**13).map(lambda n: n / 100)
floats = st.one_of(
    prices_in_cents,
    st.floats(min_value=-1e3, max_value=1e17),
    st.floats(),
    st.floats(min_value=0, max_value=1),
    st.integers(-10, 10**16),
    st.sampled_from([0.0, -0.0, 0.1, 0.125, 12.345, 1e-05, 2.0**43, 2.0**43 - 0.01, 1e15 - 1]),
)


@given(st.lists(floats, min_size=1, max_size=30))
def test_bulk_money_gives_what_money_value_gives(values: list[Any]) -> None:
    bulk = cells.bulk_parser(cells.money_value)
    assert bulk is not None
    found = bulk(values)
    _same(found, _per_cell(cells.money_value, values))
    usual = all(isinstance(v, float) and math.isfinite(v) and 0 <= v < 1e13 for v in values)
    if usual and all(round(v * 100) / 100 == v for v in values):
        assert found is not None  # the usual case does take the bulk path


def test_bulk_money_edge_values() -> None:
    bulk = cells.bulk_parser(cells.money_value)
    assert bulk is not None
    values: list[Any] = [0.0, -0.0, 5, 12.5, 12.345, 1e-05, 3.0, 0.1, 1e14 + 0.5, 99.99]
    found = bulk(values)
    assert found is not None
    assert [str(x) for x in found] == [
        "0.00", "0.00", "5.00", "12.50", "12.345", "0.00001", "3.00", "0.10",
        "100000000000000.50", "99.99",
    ]  # fmt: skip
    _same(found, _per_cell(cells.money_value, values))
    for refused in ([1.0, -0.01], [math.inf], [math.nan, 1.0], [True], ["12,50"], [1e15], [""]):
        assert bulk(refused) is None


texts = st.one_of(
    st.text(max_size=8),
    st.sampled_from(["", " ", "\u00a0", " 1.1 ", "1.1", "u", "MO", "\t x", "Total"]),
)
cell_values = st.one_of(
    texts,
    floats,
    st.booleans(),
    st.just(date(2025, 2, 1)),
    st.just(datetime(2025, 2, 1, 8, 30)),  # noqa: DTZ001 - as the engine gives it
)


@pytest.mark.parametrize("parse", [cells.code_value, cells.text_value])
@given(values=st.lists(cell_values, min_size=1, max_size=20))
def test_bulk_text_forms_give_what_the_parser_gives(
    parse: Callable[[Any], Any], values: list[Any]
) -> None:
    bulk = cells.bulk_parser(parse)
    assert bulk is not None
    _same(bulk(list(values)), _per_cell(parse, values))


# --- what the price importer vouches for when it calls PriceItem._many(checked=...) -------------


@pytest.mark.parametrize("key", ["code", "label", "unit", "unit_price", "family"])
@given(value=cell_values)
def test_parsed_cells_are_what_the_price_item_validators_accept(key: str, value: Any) -> None:
    import attrs

    field = next(f for f in prices.PRICE_FIELDS if f.key == key)
    try:
        parsed = field.parse(value)
    except (cells.CellError, ArithmeticError):
        return  # refused: reported as a bad cell, never given to PriceItem._many
    if parsed is None:
        return  # empty: refused for a mandatory field, None for the family (optional)
    attribute = attrs.fields_dict(PriceItem)[key]
    assert type(parsed) is (Decimal if key == "unit_price" else str)  # exact types
    assert attribute.validator is not None
    attribute.validator(None, attribute, parsed)  # raises ValidationError if refused


def test_checked_columns_are_not_checked_again() -> None:
    # a refused code in a column the caller vouches for is the caller's fault: built as given
    built = PriceItem._many([" 1"], ["V"], ["u"], [Decimal(1)], [VatRate.ZERO], [None])
    assert built is None
    trusted = PriceItem._many(
        [" 1"], ["V"], ["u"], [Decimal(1)], [VatRate.ZERO], [None], checked=("code",)
    )
    assert trusted is not None
    assert trusted[0].code == " 1"
    with pytest.raises(ValueError, match="unknown fields"):
        PriceItem._many(["1"], ["V"], ["u"], [Decimal(1)], [VatRate.ZERO], [None], checked=("x",))


# --- PriceItem._many -------------------------------------------------------------------------------

codes = st.one_of(
    st.sampled_from(["1.1", "A", "x y", " 1", "1 ", "", "\u00a0"]), st.text(max_size=4)
)
labels = st.one_of(st.sampled_from(["Visite", " v ", "", "  "]), st.text(max_size=4))
amounts = st.one_of(
    st.decimals(allow_nan=True, allow_infinity=True, places=2),
    st.sampled_from([Decimal("0"), Decimal("-0.00"), Decimal("-0.01"), Decimal("1E+3")]),
    st.just(1.5),
    st.just(3),
)
rates = st.one_of(st.sampled_from(list(VatRate)), st.just("20"), st.none())
families = st.one_of(st.none(), codes)


@given(
    st.lists(st.tuples(codes, labels, labels, amounts, rates, families), min_size=1, max_size=12)
)
def test_price_item_many_is_the_validated_constructor(rows: list[tuple[Any, ...]]) -> None:
    columns = [list(column) for column in zip(*rows, strict=True)]
    many = PriceItem._many(*columns)
    one_by_one = []
    for row in rows:
        try:
            one_by_one.append(PriceItem(*row))
        except ValidationError:
            assert many is None  # a value the validators refuse is never built in bulk
            return
    if many is not None:
        assert many == one_by_one
        assert [hash(item) for item in many] == [hash(item) for item in one_by_one]
        assert [repr(item) for item in many] == [repr(item) for item in one_by_one]


def test_price_item_many_builds_frozen_items() -> None:
    items = PriceItem._many(["1"], ["Visite"], ["u"], [Decimal("80.00")], [VatRate.ZERO], ["MO"])
    assert items == [PriceItem("1", "Visite", "u", Decimal("80.00"), VatRate.ZERO, "MO")]
    with pytest.raises(AttributeError):
        items[0].code = "2"  # type: ignore[misc]
    with pytest.raises(ValueError, match="lengths"):
        PriceItem._many(["1"], [], [], [], [], [])


# --- read_rows and the price import: fast and slow paths alike ------------------------------------


@pytest.fixture
def slow_paths(monkeypatch: pytest.MonkeyPatch) -> Callable[[bool], None]:
    """``slow_paths(False)``: only the row-by-row, cell-by-cell paths (undone after the test)."""

    def switch(fast: bool) -> None:
        monkeypatch.setattr(_table, "FAST_PATHS", fast)

    return switch


clean_row = st.builds(
    lambda n, price, vat, family: [f"{n}.1", f"Prestation {n}", "u", price, vat, family],
    st.integers(0, 30),
    prices_in_cents,
    st.sampled_from([20, 10, 5.5, "20 %", 0.2]),
    st.sampled_from(["MO", "FO", "", " MO "]),
)
odd_row = st.one_of(
    st.just([]),  # empty
    st.just(["1 - ENTRETIEN"]),  # heading
    st.just(["", "Sous-total", "", 123.0]),  # total line
    st.just(["Total", "", "", 5.0, "", ""]),
    st.builds(lambda c: [c, "x", "u", 1.0, 20, ""], st.sampled_from(["TOTAL général", "  "])),
    st.tuples(codes, labels, labels, cell_values, cell_values, cell_values).map(list),
    st.just(["9.9", "Ligne", "u", -1.0, 20, "MO"]),  # negative
    st.just(["9.8", "Ligne", "", "douze", 33, "MO"]),  # text price, bad VAT, no unit
    st.just(["9.7", "Ligne", "u", "", 20, "MO"]),  # no price
    st.just(["9.6\nTotal", "Ligne", "u", 1.0, 20, "MO"]),  # a total label on a second line
)
sheets = st.builds(
    lambda top, body, formulas, merged: (top, body, formulas, merged),
    st.sampled_from([[], [["BORDEREAU"], ["Applicable à partir du", "01/01/2025"], []]]),
    st.lists(st.one_of(clean_row, clean_row, clean_row, odd_row), max_size=25),
    st.lists(st.tuples(st.integers(0, 30), st.integers(0, 6)), max_size=3),
    st.lists(st.integers(0, 30), max_size=2),
)


def _raw_sheet(shape: tuple[Any, ...], width: int = 6) -> RawSheet:
    """A sheet as the engine gives it: rectangular, "" for an empty cell."""
    top, body, formulas, merged = shape
    rows = [*top, HEADER, *body]
    grid = [[*row, *([""] * (width - len(row)))][:width] for row in rows]
    first = len(top) + 1
    return RawSheet(
        "BPU",
        grid,
        tuple(((first + r, 0), (first + r, 1)) for r in merged),
        frozenset((first + r, c) for r, c in formulas),
    )


def _cells_compared(cells: Any) -> list[tuple[Any, ...]]:
    # a cell's value by its repr: a NaN read from the sheet is never == itself
    return [(c.sheet, c.row, c.column, repr(c.value), c.reason) for c in cells]


def _read(sheet: RawSheet) -> tuple[list[Any], list[Any], list[str]]:
    table = find_table(sheet, prices.PRICE_FIELDS)
    assert isinstance(table, _table.Table)
    notes: list[str] = []
    rows, bad = read_rows(table, prices.PRICE_FIELDS, "code", notes)
    values = [(row.number, sorted(row.values.items())) for row in rows]
    return (
        [(n, [(k, type(v), str(v)) for k, v in kv]) for n, kv in values],
        _cells_compared(sort_cells(bad, ["BPU"])),
        notes,
    )


def _import(sheet: RawSheet, monkeypatch: pytest.MonkeyPatch) -> Any:
    monkeypatch.setattr(prices, "read_workbook", lambda *args, **kwargs: [sheet])
    try:
        value = import_price_schedule("bpu.xlsx", applies_from=DAY)
    except ImportFileError as exc:
        return ("error", _cells_compared(exc.cells), exc.problems)
    items = value.value.versions[0].items
    return ("ok", items, [repr(i) for i in items], value.notes)


@settings(max_examples=300, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(shape=sheets)
def test_fast_and_slow_paths_read_the_same(
    shape: tuple[Any, ...], slow_paths: Callable[[bool], None], monkeypatch: pytest.MonkeyPatch
) -> None:
    sheet = _raw_sheet(shape)

    def outcome(action: Callable[[], Any]) -> Any:
        try:
            return action()
        except ArithmeticError as exc:  # a price of 1e26 € (see test_bulk_money_*): both paths
            return type(exc)

    slow_paths(True)
    fast = outcome(lambda: _read(sheet)), outcome(lambda: _import(sheet, monkeypatch))
    slow_paths(False)
    slow = outcome(lambda: _read(sheet)), outcome(lambda: _import(sheet, monkeypatch))
    assert fast == slow


def test_a_clean_table_takes_the_fast_path(monkeypatch: pytest.MonkeyPatch) -> None:
    body = [[f"{n}.1", f"Prestation {n}", "u", n + 0.25, 20, "MO"] for n in range(50)]
    sheet = _raw_sheet(([], body, [], []))
    calls: list[str] = []

    def spy(name: str) -> None:
        real = getattr(_table, name)

        def called(*args: Any) -> Any:
            calls.append(name)
            return real(*args)

        monkeypatch.setattr(_table, name, called)

    spy("_parse_cells")
    spy("_data_rows")
    result = _import(sheet, monkeypatch)
    assert result[0] == "ok"
    assert len(result[1]) == 50
    assert calls == []


def _xlsx_rows(bad: bool) -> list[list[Any]]:
    rows: list[list[Any]] = [HEADER]
    rows += [[f"{n}.1", f"Prestation {n}", "u", n + 0.5, 20, "MO"] for n in range(300)]
    if bad:
        rows[17][3] = "12,5O €"
        rows[120][3] = -4.0
        rows[200][0] = rows[5][0]
        rows[250][2] = ""
        rows[260][4] = 7
    return rows


@pytest.mark.parametrize("bad", [False, True])
def test_a_file_reads_alike_both_ways(
    bad: bool, xlsx: Callable[..., Path], slow_paths: Callable[[bool], None]
) -> None:
    path = xlsx(_xlsx_rows(bad))
    outcomes: list[Any] = []
    for fast in (True, False):
        slow_paths(fast)
        try:
            outcomes.append(import_price_schedule(path, applies_from=DAY))
        except ImportFileError as exc:
            outcomes.append(exc.cells)
    assert outcomes[0] == outcomes[1]
    if bad:
        assert [f"{c.ref}: {c.reason}" for c in outcomes[0]] == [
            "D18: PU HT : texte à la place d'un nombre",
            "D121: PU HT : montant négatif",
            "A201: code en double (déjà ligne 6)",
            "C251: Unité manquant(e)",
            "E261: TVA : taux de TVA non autorisé (20, 10, 5,5, 2,1 ou 0 %)",
        ]
