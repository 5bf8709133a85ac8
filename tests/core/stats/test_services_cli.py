"""Reports read from a store (memory and SQLite), and the ``savcore report`` command."""

from __future__ import annotations

import argparse
import csv
import io
import json
from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest

from savcore.errors import NotFoundError
from savcore.services.reports import REPORTS, build_report, contract_attempts
from savcore.stats import penetration
from savcore.stats.cli import add_report_commands, render
from savcore.store import MemoryStore, SqliteStore, Store
from tests.core.stats.scenario import (
    ATTEMPTS,
    BPU,
    CONTRACT,
    DWELLINGS,
    INTERVENTIONS,
    REQUESTS,
    UNITS,
    YEAR,
)


def _fill(store: Store) -> None:
    with store.transaction():
        store.contracts.add(CONTRACT)
        store.units.add_many(UNITS)
        store.dwellings.add_many(DWELLINGS)
        store.interventions.add_many(INTERVENTIONS)
        store.attempts.add_many(ATTEMPTS)
        store.requests.add_many(REQUESTS)
        store.price_schedules.add(BPU)


@pytest.fixture(params=["memory", "sqlite"])
def store(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Store]:
    made: Store = MemoryStore() if request.param == "memory" else SqliteStore(tmp_path / "s.db")
    _fill(made)
    yield made
    made.close()


def test_every_report_builds_from_the_store(store: Store) -> None:
    for name in REPORTS:
        report = build_report(store, name, "C1", date(2025, 1, 1), date(2026, 1, 1))
        assert report.name == name.removesuffix("-unpriced")
        assert ("Période", "du 01/01/2025 au 31/12/2025") in report.parameters


def test_the_store_report_is_the_pure_one(store: Store) -> None:
    from_store = build_report(store, "penetration", "C1", YEAR.start, YEAR.end)
    direct = penetration(CONTRACT, DWELLINGS, INTERVENTIONS, ATTEMPTS, YEAR, units=UNITS)
    assert from_store == direct
    supplies = build_report(store, "supplies", "C1", YEAR.start, YEAR.end)
    assert supplies.totals()["net"] > 0  # the BPU attached to the contract prices the seals


def test_attempts_read_either_way(store: Store) -> None:
    few = [i for i in INTERVENTIONS if i.id == "R2"]
    assert [a.id for a in contract_attempts(store, few)] == ["R2-P1", "R2-P2"]
    every = contract_attempts(store, INTERVENTIONS)
    assert len(every) == len(ATTEMPTS)


def test_unknown_report_or_contract(store: Store) -> None:
    with pytest.raises(NotFoundError, match="rapport introuvable"):
        build_report(store, "chiffre-affaires", "C1", YEAR.start, YEAR.end)
    with pytest.raises(NotFoundError):
        build_report(store, "penetration", "C9", YEAR.start, YEAR.end)


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="savcore")
    parser.add_argument("--db", type=Path)
    add_report_commands(parser.add_subparsers(dest="command"))
    return parser


def _run(db: Path, *argv: str) -> str:
    args = _parser().parse_args(["--db", str(db), "report", *argv])
    out = io.StringIO()
    assert args.handler(args, out) == 0
    return out.getvalue()


@pytest.fixture
def db(tmp_path: Path) -> Path:
    path = tmp_path / "savcore.db"
    with SqliteStore(path) as store:
        _fill(store)
    return path


def test_cli_table(db: Path) -> None:
    text = _run(db, "penetration", "--contract", "C1", "--from", "2025-01-01", "--to", "2025-12-31")
    lines = text.splitlines()
    assert lines[0] == "Taux de pénétration par UG"
    assert "Période : du 01/01/2025 au 31/12/2025" in lines
    assert any(line.startswith("UG1") and "40,00 %" in line for line in lines)
    assert any(line.startswith("Total") for line in lines)
    assert "Taux global : 36,36 % (4 réalisé(s) sur une base de 11 logement(s))" in lines


def test_cli_csv(db: Path) -> None:
    text = _run(
        db,
        "repairs",
        "--contract",
        "C1",
        "--from",
        "2025-01-01",
        "--to",
        "2025-12-31",
        "--format",
        "csv",
    )
    rows = list(csv.reader(io.StringIO(text), delimiter=";"))
    assert rows[0][:3] == ["UG", "Résidence", "Dépannages"]
    assert rows[1] == ["UG1", "Résidence UG1", "1", "1", "1", "1", "90"]


def test_cli_json(db: Path) -> None:
    text = _run(
        db,
        "requests",
        "--contract",
        "C1",
        "--from",
        "2025-01-01",
        "--to",
        "2025-12-31",
        "--format",
        "json",
    )
    document = json.loads(text)
    assert document["name"] == "requests"
    assert document["rows"][0]["penalty"] == "100.00"
    assert document["rows"][0]["rate"] == "0.5000"
    assert document["totals"]["penalty"] == "100.00"
    assert document["columns"][0] == {
        "key": "level",
        "label": "Niveau d'urgence",
        "type": "text",
        "total": False,
    }


def test_cli_the_last_day_is_included(db: Path) -> None:
    # --to 2025-03-10 includes the attempts of 10/03.
    text = _run(
        db,
        "penetration",
        "--contract",
        "C1",
        "--from",
        "2025-03-01",
        "--to",
        "2025-03-10",
        "--format",
        "json",
    )
    ug1 = json.loads(text)["rows"][0]
    assert (ug1["done"], ug1["not_done"]) == (1, 1)  # L1 done, L3 refused


def test_cli_rejects_bad_input(db: Path, capsys: pytest.CaptureFixture[str]) -> None:
    from savcore.errors import ValidationError

    with pytest.raises(ValidationError):
        _run(db, "penetration", "--contract", "C1", "--from", "2025-12-31", "--to", "2025-01-01")
    with pytest.raises(SystemExit):
        _parser().parse_args(
            ["report", "inconnu", "--contract", "C1", "--from", "2025-01-01", "--to", "2025-12-31"]
        )
    with pytest.raises(SystemExit):
        _parser().parse_args(
            [
                "report",
                "penetration",
                "--contract",
                "C1",
                "--from",
                "01/01/2025",
                "--to",
                "2025-12-31",
            ]
        )
    assert "date invalide" in capsys.readouterr().err


def test_render_rejects_an_unknown_format() -> None:
    from savcore.errors import ValidationError

    report = penetration(CONTRACT, DWELLINGS, INTERVENTIONS, ATTEMPTS, YEAR)
    with pytest.raises(ValidationError):
        render(report, "xlsx")


def test_module_examples() -> None:
    import doctest

    import savcore.services.reports

    result = doctest.testmod(savcore.services.reports, optionflags=doctest.ELLIPSIS)
    assert result.failed == 0
    assert result.attempted > 0
