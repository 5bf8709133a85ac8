"""The adapter as savcore finds it: entry point, importer and exporter, CLI commands."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from pathlib import Path

import openpyxl
import pytest

from savcore.cli import main
from savcore.errors import ValidationError
from savcore.plugins import exporter_for, get_plugin_manager, importer_for
from savcore.serialize import dumps
from savcore_excel import ExcelImporter, XlsxExporter
from tests.excel.conftest import write_xlsx


def test_entry_point_provides_importer_and_exporter() -> None:
    pm = get_plugin_manager(autoload=True)
    assert isinstance(importer_for("bpu.ods", pm, kind="price-schedule"), ExcelImporter)
    assert isinstance(importer_for("parc.XLS", pm, kind="portfolio"), ExcelImporter)
    assert isinstance(exporter_for("rapports.xlsx", pm), XlsxExporter)


def test_importer_refuses_unknown_kind_and_options(tmp_path: Path) -> None:
    importer = ExcelImporter()
    with pytest.raises(ValidationError, match="type d'import inconnu"):
        importer.import_file(tmp_path / "x.xlsx", "invoices")
    with pytest.raises(ValidationError, match="option"):
        importer.import_file(tmp_path / "x.xlsx", "price-schedule", couleur="bleu")


@pytest.fixture
def db(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    from savcore.demo import build_demo_portfolio

    path = tmp_path / "savcore.db"
    source = tmp_path / "demo.json"
    source.write_text(dumps(build_demo_portfolio()), encoding="utf-8")
    monkeypatch.setenv("SAVCORE_DB", str(path))
    assert main(["import", str(source)]) == 0
    return path


def test_cli_import_bpu_and_new_version(
    db: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from savcore.store.sqlite import SqliteStore

    rows = [
        ["N° prix", "Désignation", "Unité", "PU HT"],
        ["1.1", "Visite", "u", "80,00 €"],
        [None, "Total", None, 80],
    ]
    path = write_xlsx(tmp_path / "bpu.xlsx", {"BPU": rows})
    assert main(["import-bpu", str(path), "--id", "BPU-XL", "--from", "2025-01-01"]) == 0
    out = capsys.readouterr().out
    assert "Bordereau BPU-XL importé : 1 version(s), 1 prix" in out
    assert "ligne de total ignorée" in out
    assert main(["import-bpu", str(path), "--id", "BPU-XL", "--from", "2025-01-01"]) == 2
    assert "en double" in capsys.readouterr().err
    assert (
        main(["import-bpu", str(path), "--id", "BPU-XL", "--from", "2026-01-01", "--new-version"])
        == 0
    )
    with SqliteStore(db, create=False) as store:
        schedule = store.price_schedules.get("BPU-XL")
    assert [v.applies_from for v in schedule.versions] == [date(2025, 1, 1), date(2026, 1, 1)]
    assert schedule.price_of("1.1", date(2026, 6, 1)) == Decimal("80.00")


def test_cli_import_bpu_bad_file_changes_nothing(
    db: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from savcore.store.sqlite import SqliteStore

    path = write_xlsx(
        tmp_path / "bpu.xlsx",
        {"BPU": [["N° prix", "Désignation", "Unité", "PU HT"], ["1.1", "Visite", "u", "abc"]]},
    )
    with SqliteStore(db, create=False) as store:
        before = store.price_schedules.count()
    assert main(["import-bpu", str(path), "--from", "2025-01-01"]) == 2
    assert "cellule D2" in capsys.readouterr().err
    with SqliteStore(db, create=False) as store:
        assert store.price_schedules.count() == before


def test_cli_import_portfolio(db: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    from savcore.store.sqlite import SqliteStore

    with SqliteStore(db, create=False) as store:
        unit = next(iter(store.units.all()))
    rows = [["UG", "N° logement", "Étage"], [unit.id, "XL-1", "2"], [unit.id, "XL-2", "3"]]
    path = write_xlsx(tmp_path / "logements.xlsx", {"Logements": rows})
    assert main(["import-portfolio", str(path)]) == 0
    assert "dwellings 2" in capsys.readouterr().out
    with SqliteStore(db, create=False) as store:
        assert store.dwellings.get(f"{unit.id}-XL-1").floor == "2"
    assert main(["import-portfolio", str(path)]) == 2  # the same dwellings again: refused


def test_cli_export_reports(db: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    from savcore.store.sqlite import SqliteStore

    with SqliteStore(db, create=False) as store:
        contract = next(iter(store.contracts.all()))
    output = tmp_path / "rapports.xlsx"
    argv = [
        "export-reports",
        "--contract",
        contract.id,
        "--from",
        "2025-01-01",
        "--to",
        "2025-12-31",
        "-o",
        str(output),
    ]
    assert main([*argv, "--report", "penetration", "--report", "schedule"]) == 0
    assert "2 rapport(s)" in capsys.readouterr().out
    assert openpyxl.load_workbook(output).sheetnames == [
        "Taux de pénétration par UG",
        "Échéancier de facturation",
    ]


def test_cli_report_format_xlsx(
    db: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from savcore.store.sqlite import SqliteStore

    with SqliteStore(db, create=False) as store:
        contract = next(iter(store.contracts.all()))
    output = tmp_path / "taux.xlsx"
    argv = ["--db", str(db), "report", "penetration", "--contract", contract.id]
    argv += ["--from", "2025-01-01", "--to", "2025-12-31", "--format", "xlsx"]
    assert main([*argv, "--output", str(output)]) == 0
    assert "écrit dans" in capsys.readouterr().out
    assert openpyxl.load_workbook(output).sheetnames == ["Taux de pénétration par UG"]
    # without --output: a clear error, exit code 2
    assert main(argv) == 2
    assert "--output" in capsys.readouterr().err
