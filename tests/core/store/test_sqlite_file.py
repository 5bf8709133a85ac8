"""The SQLite store file: schema, persistence, and files that are not savcore stores."""

from __future__ import annotations

import random
import sqlite3
from pathlib import Path

import pytest

from savcore.errors import ConcurrencyError, StoreFileError
from savcore.store import APPLICATION_ID, SCHEMA_VERSION, SqliteStore, _schema, open_store, sqlite
from savcore.store._specs import ALL_SPECS

from .builders import dwelling


def _filled(path: Path, n: int = 500) -> Path:
    with open_store(path) as store:
        store.dwellings.add_many(dwelling(i) for i in range(n))
    return path


def _read_all(path: Path) -> None:
    with open_store(path) as store:
        list(store.dwellings.all())


def _snapshot(folder: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted(folder.iterdir())}


def test_schema_matches_the_collections(tmp_path: Path) -> None:
    path = _filled(tmp_path / "s.db", 1)
    db = sqlite3.connect(path)
    for spec in ALL_SPECS:
        columns = [row[1] for row in db.execute(f"PRAGMA table_info({spec.name})")]
        assert columns == ["key", *spec.column_names(), "doc"], spec.name
        for column, _ in spec.multi:
            assert db.execute(f"SELECT count(*) FROM {spec.name}__{column}").fetchone()
    assert db.execute("PRAGMA application_id").fetchone()[0] == APPLICATION_ID
    assert db.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    assert db.execute("SELECT max(version) FROM savcore_schema").fetchone()[0] == SCHEMA_VERSION
    db.close()


def test_data_survives_reopening(tmp_path: Path) -> None:
    path = _filled(tmp_path / "s.db", 20)
    with open_store(path, create=False) as store:
        assert [d.id for d in store.dwellings.all()] == [f"L-{i}" for i in range(20)]
        assert store.check() == []
        assert store.file_size() > 0


def test_missing_file_without_create(tmp_path: Path) -> None:
    with pytest.raises(StoreFileError, match="introuvable") as info:
        open_store(tmp_path / "absent.db", create=False)
    assert info.value.path == str(tmp_path / "absent.db")
    assert list(tmp_path.iterdir()) == []


def test_missing_folder(tmp_path: Path) -> None:
    with pytest.raises(StoreFileError, match="dossier"):
        open_store(tmp_path / "nulle-part" / "s.db")


def test_empty_file_becomes_a_store(tmp_path: Path) -> None:
    path = tmp_path / "s.db"
    path.touch()
    with open_store(path) as store:
        assert store.dwellings.count() == 0
    assert sorted(p.name for p in tmp_path.iterdir()) == ["s.db"]


def test_text_file_is_refused_untouched(tmp_path: Path) -> None:
    path = tmp_path / "notes.db"
    path.write_text("Liste des logements\nL-1;L-2\n" * 10, encoding="utf-8")
    before = _snapshot(tmp_path)
    with pytest.raises(StoreFileError, match="pas une base SQLite") as info:
        open_store(path)
    assert info.value.path == str(path)
    assert str(path) in str(info.value)
    assert _snapshot(tmp_path) == before


def test_foreign_sqlite_file_is_refused_untouched(tmp_path: Path) -> None:
    path = tmp_path / "erp.db"
    db = sqlite3.connect(path)
    db.execute("CREATE TABLE dwellings (key TEXT PRIMARY KEY, doc TEXT NOT NULL)")
    db.execute("INSERT INTO dwellings VALUES ('L-1', '{}')")
    db.commit()
    db.close()
    before = _snapshot(tmp_path)
    with pytest.raises(StoreFileError, match="autre application"):
        open_store(path)
    assert _snapshot(tmp_path) == before


def test_corrupt_store_is_refused_untouched(tmp_path: Path) -> None:
    path = _filled(tmp_path / "s.db")
    data = bytearray(path.read_bytes())
    rng = random.Random(3)
    for i in range(4096, len(data)):  # every page after the first one
        data[i] = rng.randrange(256)
    path.write_bytes(bytes(data))
    before = _snapshot(tmp_path)
    with pytest.raises(StoreFileError, match=r"corrompue|schéma|version") as info:
        _read_all(path)
    assert info.value.path == str(path)
    assert _snapshot(tmp_path) == before


def test_truncated_store_is_refused(tmp_path: Path) -> None:
    path = _filled(tmp_path / "s.db")
    data = path.read_bytes()
    path.write_bytes(data[: len(data) // 3])
    with pytest.raises(StoreFileError), open_store(path) as store:
        list(store.dwellings.all())


def test_unreadable_document_names_table_and_key(tmp_path: Path) -> None:
    path = _filled(tmp_path / "s.db", 3)
    db = sqlite3.connect(path)
    db.execute("""UPDATE dwellings SET doc = '{"id": 1}' WHERE key = 'L-1'""")
    db.commit()
    db.close()
    with open_store(path) as store, pytest.raises(StoreFileError, match="dwellings, clé 'L-1'"):
        store.dwellings.get("L-1")


def test_newer_schema_is_refused(tmp_path: Path) -> None:
    path = _filled(tmp_path / "s.db", 1)
    db = sqlite3.connect(path)
    db.execute("INSERT INTO savcore_schema VALUES (?)", (SCHEMA_VERSION + 1,))
    db.commit()
    db.close()
    with pytest.raises(StoreFileError, match="plus récente"):
        open_store(path)


def test_forward_migration(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = _filled(tmp_path / "s.db", 2)
    extra = "CREATE TABLE notes (key TEXT NOT NULL PRIMARY KEY, doc TEXT NOT NULL);"
    monkeypatch.setattr(sqlite, "MIGRATIONS", (*_schema.MIGRATIONS, extra))
    monkeypatch.setattr(sqlite, "SCHEMA_VERSION", SCHEMA_VERSION + 1)
    with SqliteStore(path) as store:
        assert store.schema_version == SCHEMA_VERSION + 1
        assert store.dwellings.count() == 2
    db = sqlite3.connect(path)
    versions = [row[0] for row in db.execute("SELECT version FROM savcore_schema")]
    assert versions == [SCHEMA_VERSION, SCHEMA_VERSION + 1]
    assert db.execute("SELECT count(*) FROM notes").fetchone()[0] == 0
    db.close()


def test_a_second_writer_waits_then_gives_up(tmp_path: Path) -> None:
    path = _filled(tmp_path / "s.db", 1)
    with open_store(path) as first, open_store(path, timeout=0.2) as second:
        with first.transaction():
            first.dwellings.add(dwelling(100))
            assert second.dwellings.count() == 1  # readers are not blocked
            with pytest.raises(ConcurrencyError, match="occupée"):
                second.dwellings.add(dwelling(200))
        second.dwellings.add(dwelling(200))
        assert first.dwellings.count() == 3
