"""The operations commands on an SQLite store: due, plan, attempt record / report / repeat."""

from __future__ import annotations

import argparse
from pathlib import Path

import pytest

from savcore.errors import BusinessRuleError, ValidationError
from savcore.operations.cli import add_operations_commands
from savcore.store.sqlite import SqliteStore

from .builders import RANGE, boilers, contract, dwellings, technician, unit


def run(db: Path, *argv: str) -> int:
    parser = argparse.ArgumentParser(prog="savcore")
    parser.add_argument("--db", type=Path)
    add_operations_commands(parser.add_subparsers(dest="command"))
    args = parser.parse_args(["--db", str(db), *argv])
    result: int = args.handler(args)
    return result


@pytest.fixture
def db(tmp_path: Path) -> Path:
    path = tmp_path / "savcore.db"
    homes = dwellings("UG1", 5)
    with SqliteStore(path) as store, store.transaction():
        store.units.add_many([unit("UG1"), unit("UG2")])
        store.dwellings.add_many(homes)
        store.appliances.add_many(boilers(homes))
        store.ranges.add(RANGE)
        store.technicians.add(technician("T1", per_half_day=2))
        store.contracts.add(contract())
    return path


def test_due_plan_attempts(db: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert run(db, "due", "--contract", "C1", "--year", "2025") == 0
    out = capsys.readouterr().out
    assert out.startswith("5 visite(s) à faire du 01/01/2025 au 31/12/2025 (contrat C1)")

    # Mon 03/03 - Tue 04/03: 2 visits per half-day, 8 places; 5 planned.
    code = run(
        db,
        "plan",
        "--contract",
        "C1",
        "--campaign",
        "2025",
        "--from",
        "2025-03-03",
        "--to",
        "2025-03-04",
        "--today",
        "2025-02-20",
        "--detail",
    )
    out = capsys.readouterr().out
    assert code == 0
    assert (
        "Campagne 2025 du 03/03/2025 au 04/03/2025 : 5 rendez-vous planifié(s), 0 visite(s)" in out
    )
    assert "C1-2025-000001           03/03/2025 08:00 T1" in out

    assert (
        run(
            db,
            "attempt",
            "record",
            "--intervention",
            "C1-2025-000001-I",
            "--at",
            "2025-03-03T08:10",
            "--outcome",
            "absent",
            "--technician",
            "T1",
        )
        == 0
    )
    assert "Passage n° 1 enregistré : C1-2025-000001-I-A1 (absent)" in capsys.readouterr().out

    assert (
        run(
            db,
            "attempt",
            "repeat",
            "--contract",
            "C1",
            "--from",
            "2025-03-01",
            "--to",
            "2025-03-31",
            "--today",
            "2025-03-03",
        )
        == 0
    )
    out = capsys.readouterr().out
    # Absent Mon 03/03: 2nd attempt from Mon 10/03, with T1.
    assert "C1-2025-000001-I-P2" in out
    assert "10/03/2025 08:00 T1" in out

    assert run(db, "attempt", "report", "--contract", "C1", "--today", "2025-03-03") == 0
    out = capsys.readouterr().out
    assert "5 visite(s) : 0 réalisée(s), 0 non faite(s), 5 en attente" in out
    assert "03/03/2025  -           10/03/2025" in out


def test_plan_that_spills_over(db: Path, capsys: pytest.CaptureFixture[str]) -> None:
    # Mon 03/03 only: 2 + 2 = 4 places for 5 visits: exit code 3.
    code = run(
        db,
        "plan",
        "--contract",
        "C1",
        "--campaign",
        "2025",
        "--from",
        "2025-03-03",
        "--to",
        "2025-03-03",
        "--today",
        "2025-02-20",
    )
    assert code == 3
    assert "non planifiées : 1 (capacité des techniciens épuisée" in capsys.readouterr().out


def test_errors(db: Path) -> None:
    with pytest.raises(ValidationError, match="--year, ou --from et --to"):
        run(db, "due", "--contract", "C1")
    run(db, "plan", "--contract", "C1", "--campaign", "2025", "--year", "2025")
    with pytest.raises(BusinessRuleError, match="passage n° 3 reçu, n° 1 attendu"):
        run(
            db,
            "attempt",
            "record",
            "--intervention",
            "C1-2025-000001-I",
            "--at",
            "2025-03-03T08:10",
            "--outcome",
            "done",
            "--number",
            "3",
        )
