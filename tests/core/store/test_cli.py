"""The store commands (init, import, export, show) and their answers to bad input."""

from __future__ import annotations

import argparse
import json
import re
import sqlite3
import sys
from pathlib import Path

import pytest

from savcore.errors import SavcoreError
from savcore.model import Portfolio
from savcore.serialize import dumps, loads, unstructure
from savcore.store import open_store
from savcore.store.cli import add_store_commands, db_path

from .builders import small_portfolio


def run(*argv: str) -> int:
    """Run a store command as ``savcore`` does (errors: message on stderr, exit code 2)."""
    parser = argparse.ArgumentParser(prog="savcore")
    parser.add_argument("--db", type=Path, default=None)
    add_store_commands(parser.add_subparsers(dest="command"))
    args = parser.parse_args(argv)
    try:
        code: int = args.handler(args)
    except SavcoreError as exc:
        print(f"savcore : erreur : {exc}", file=sys.stderr)
        return 2
    return code


@pytest.fixture
def portfolio_file(tmp_path: Path) -> Path:
    path = tmp_path / "portefeuille.json"
    path.write_text(dumps(small_portfolio(), indent=2), encoding="utf-8")
    return path


def _snapshot(folder: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted(folder.iterdir()) if p.is_file()}


def test_db_path_default_and_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("SAVCORE_DB", raising=False)
    assert db_path(argparse.Namespace(db=None)) == Path("savcore.db")
    monkeypatch.setenv("SAVCORE_DB", "/srv/savcore/base.db")
    assert db_path(argparse.Namespace(db=None)) == Path("/srv/savcore/base.db")
    assert db_path(argparse.Namespace(db=Path("x.db"))) == Path("x.db")


def test_init_import_show_export(
    tmp_path: Path, portfolio_file: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    db = str(tmp_path / "s.db")
    assert run("--db", db, "init") == 0
    assert "créée" in capsys.readouterr().out
    assert run("--db", db, "import", str(portfolio_file)) == 0
    assert "8 objet(s) importé(s)" in capsys.readouterr().out
    assert run("--db", db, "show") == 0
    out = capsys.readouterr().out
    assert "Chauffage Martin SARL" in out
    assert "dwellings" in out
    assert run("--db", db, "show", "dwellings", "--limit", "2") == 0
    assert capsys.readouterr().out.splitlines() == [
        "L-1",
        "L-2",
        "... (1 de plus ; --limit pour en voir davantage)",
    ]
    assert run("--db", db, "show", "dwellings", "L-2") == 0
    assert json.loads(capsys.readouterr().out)["id"] == "L-2"
    assert run("--db", db, "export") == 0
    assert loads(capsys.readouterr().out, Portfolio) == small_portfolio()
    output = tmp_path / "export.json"
    assert run("--db", db, "export", "-o", str(output)) == 0
    assert loads(output.read_text(encoding="utf-8"), Portfolio) == small_portfolio()


def test_import_twice_is_refused_then_replaced(
    tmp_path: Path, portfolio_file: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    db = str(tmp_path / "s.db")
    assert run("--db", db, "import", str(portfolio_file)) == 0
    before = open_store(db).customers.count()
    assert run("--db", db, "import", str(portfolio_file)) == 2
    assert "en double" in capsys.readouterr().err
    assert run("--db", db, "import", "--replace", str(portfolio_file)) == 0
    assert open_store(db).customers.count() == before


def _bad_json(tmp_path: Path, change: str) -> Path:
    data = unstructure(small_portfolio())
    if change == "unknown field":
        data["dwellings"][1]["etage"] = "2"
    elif change == "wrong type":
        data["dwellings"][2]["floor"] = 3
    elif change == "broken reference":
        data["dwellings"][0]["unit_id"] = "UG-9"
    path = tmp_path / "mauvais.json"
    text = json.dumps(data) if change != "syntax" else json.dumps(data)[:-20]
    path.write_text(text, encoding="utf-8")
    return path


@pytest.mark.parametrize(
    ("change", "expected"),
    [
        ("unknown field", r"clé\(s\) inconnue\(s\) : etage @ \$\.dwellings\[1\]"),
        ("wrong type", r"\$\.dwellings\[2\]\.floor"),
        ("broken reference", r"dwellings\[0\]\.unit_id: UG 'UG-9'"),
        ("syntax", "JSON invalide ligne 1"),
    ],
)
def test_bad_portfolio_leaves_the_store_unchanged(
    tmp_path: Path,
    portfolio_file: Path,
    capsys: pytest.CaptureFixture[str],
    change: str,
    expected: str,
) -> None:
    store_dir = tmp_path / "base"
    store_dir.mkdir()
    db = str(store_dir / "s.db")
    assert run("--db", db, "import", str(portfolio_file)) == 0
    before = _snapshot(store_dir)
    bad = _bad_json(tmp_path, change)
    assert run("--db", db, "import", "--replace", str(bad)) == 2
    err = capsys.readouterr().err
    assert str(bad) in err
    assert re.search(expected, err), err
    assert _snapshot(store_dir) == before


def test_missing_portfolio_file(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert run("--db", str(tmp_path / "s.db"), "import", str(tmp_path / "absent.json")) == 2
    assert "fichier introuvable" in capsys.readouterr().err
    assert not (tmp_path / "s.db").exists()


@pytest.mark.parametrize("command", ["init", "show", "export"])
def test_foreign_database_is_refused(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], command: str
) -> None:
    path = tmp_path / "compta.db"
    db = sqlite3.connect(path)
    db.execute("CREATE TABLE ecritures (id INTEGER PRIMARY KEY, libelle TEXT)")
    db.commit()
    db.close()
    before = path.read_bytes()
    assert run("--db", str(path), command) == 2
    err = capsys.readouterr().err
    assert str(path) in err
    assert "autre application" in err
    assert path.read_bytes() == before


def test_show_without_a_store(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert run("--db", str(tmp_path / "s.db"), "show") == 2
    assert "savcore init" in capsys.readouterr().err
    assert not (tmp_path / "s.db").exists()


def test_show_unknown_key(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    db = str(tmp_path / "s.db")
    run("--db", db, "init")
    assert run("--db", db, "show", "dwellings", "L-404") == 2
    assert "logement introuvable : 'L-404'" in capsys.readouterr().err


def test_import_progress_on_stderr(
    tmp_path: Path, portfolio_file: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert run("--db", str(tmp_path / "s.db"), "import", "--progress", str(portfolio_file)) == 0
    err = capsys.readouterr().err
    assert "dwellings" in err
    assert "100 %" in err
