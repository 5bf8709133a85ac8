"""The built-in CSV/JSON index loader and the ``file`` index provider."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest

from savcore.errors import DataFormatError, NotFoundError
from savcore.model.indices import IndexFrequency, ValueStatus
from savcore.periods import Period
from savcore.ports import IndexProvider
from savcore.revision import IndexRegistry
from savcore.revision.sources import (
    FileIndexProvider,
    parse_index_csv,
    parse_index_json,
    parse_period,
    read_index_file,
    savcore_index_providers,
)

D = Decimal

CSV_FR = """indice;periode;valeur;publie_le;statut;source
BT40;2018-11;108,10;2019-02-15;définitif;batirama
BT40;2018-12;107,70;2019-03-15;provisoire;batirama
"""


def test_french_csv_with_decimal_commas() -> None:
    values = parse_index_csv(CSV_FR)
    assert [(v.period, v.value, v.status) for v in values] == [
        (Period.month(2018, 11), D("108.10"), ValueStatus.FINAL),
        (Period.month(2018, 12), D("107.70"), ValueStatus.PROVISIONAL),
    ]
    assert values[0].published_on == date(2019, 2, 15)
    assert values[0].source == "batirama"


def test_english_csv_with_defaults() -> None:
    values = parse_index_csv("index,period,value,published_on\nBT01,2022-08,127.9,2022-10-15\n")
    assert values[0].status is ValueStatus.FINAL
    assert values[0].value == D("127.9")


def test_every_bad_row_is_reported() -> None:
    text = (
        "index,period,value,published_on\nBT40,2018-13,1,2019-01-01\nBT40,2018-12,abc,2019-01-01\n"
    )
    with pytest.raises(DataFormatError) as info:
        parse_index_csv(text, source="valeurs.csv")
    assert len(info.value.problems) == 2
    assert info.value.problems[0].startswith("ligne 2")
    assert info.value.problems[1].startswith("ligne 3")


def test_missing_columns() -> None:
    with pytest.raises(DataFormatError, match="published_on"):
        parse_index_csv("index,period,value\nBT40,2018-12,1\n")


def test_periods() -> None:
    assert parse_period("2018-12") == Period.month(2018, 12)
    assert parse_period("2018-Q4") == Period(date(2018, 10, 1), date(2019, 1, 1))
    assert parse_period("2018-T2") == Period(date(2018, 4, 1), date(2018, 7, 1))
    assert parse_period("2018") == Period.year(2018)
    with pytest.raises(ValueError, match="illisible"):
        parse_period("déc. 2018")


JSON = """{
  "indices": [
    {"code": "BT40", "label": "Chauffage central", "base": "2010", "insee_idbank": "001710994"},
    {"code": "Q1", "label": "Trimestriel", "frequency": "quarterly"}
  ],
  "values": [
    {"index": "BT40", "period": "2022-08", "value": 122.7, "published_on": "2022-10-15",
     "source": "JO 2022-10-15"},
    {"index": "Q1", "period": "2022-Q3", "value": "101.3", "published_on": "2022-11-30",
     "status": "P"}
  ]
}"""


def test_json_numbers_are_exact_decimals() -> None:
    indices, values = parse_index_json(JSON)
    assert indices[1].frequency is IndexFrequency.QUARTERLY
    assert values[0].value == D("122.7")
    assert values[1].status is ValueStatus.PROVISIONAL
    registry = IndexRegistry(indices, values)
    assert registry.value_for("BT40", Period.month(2022, 8)).value == D("122.7")


def test_json_errors_name_the_entry() -> None:
    with pytest.raises(DataFormatError) as info:
        parse_index_json('{"values": [{"index": "BT40", "period": "2022-08"}]}')
    assert info.value.problems[0].startswith("$.values[0]")


def test_file_provider(tmp_path: Path) -> None:
    csv_file = tmp_path / "bt40.csv"
    csv_file.write_text(CSV_FR, encoding="utf-8")
    json_file = tmp_path / "indices.json"
    json_file.write_text(JSON, encoding="utf-8")
    provider = FileIndexProvider([csv_file, json_file])
    assert isinstance(provider, IndexProvider)
    assert provider.name == "file"
    found = provider.fetch(["BT40"], date(2018, 12, 1), date(2022, 9, 1))
    assert sorted(v.period.start for v in found) == [date(2018, 12, 1), date(2022, 8, 1)]
    with pytest.raises(NotFoundError, match="BT99"):
        provider.fetch(["BT99"], date(2018, 1, 1), date(2019, 1, 1))
    assert read_index_file(csv_file)[0] == ()


def test_unsupported_file(tmp_path: Path) -> None:
    path = tmp_path / "indices.xlsx"
    path.write_bytes(b"")
    with pytest.raises(DataFormatError, match="format non pris en charge"):
        read_index_file(path)
    with pytest.raises(DataFormatError, match="lecture impossible"):
        read_index_file(tmp_path / "absent.csv")


def test_hook_returns_the_file_provider(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    csv_file = tmp_path / "bt40.csv"
    csv_file.write_text(CSV_FR, encoding="utf-8")
    monkeypatch.setenv("SAVCORE_INDEX_FILES", str(csv_file))
    (provider,) = savcore_index_providers()
    assert len(provider.fetch(["BT40"], date(2018, 1, 1), date(2019, 1, 1))) == 2
