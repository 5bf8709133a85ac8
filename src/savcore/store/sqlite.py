"""The embedded default store: one SQLite file (stdlib :mod:`sqlite3`).

- WAL journal, ``synchronous=FULL``: a committed transaction survives a crash of the process or
  of the machine; an interrupted one leaves no trace.
- Every write transaction starts with ``BEGIN IMMEDIATE``: the write lock is taken first, so two
  processes numbering invoices queue up instead of failing halfway; a writer waits up to
  ``timeout`` seconds, then :class:`~savcore.errors.ConcurrencyError`.
- The file is recognised by its ``application_id`` before SQLite opens it: a text file, another
  application's database or an empty header is refused with
  :class:`~savcore.errors.StoreFileError` and left untouched. A store written by a newer savcore is
  refused the same way; an older one is migrated forward (:mod:`savcore.store._schema`).
- A new store is built in a temporary file and moved into place, so a crash during creation leaves
  no half-made store behind.

>>> import tempfile, pathlib
>>> from savcore.model import Technician
>>> path = pathlib.Path(tempfile.mkdtemp()) / "savcore.db"
>>> with SqliteStore(path) as store:
...     store.technicians.add(Technician("T-1", "Paul Garnier"))
>>> with SqliteStore(path, create=False) as store:
...     store.technicians.get("T-1").name
'Paul Garnier'
"""

from __future__ import annotations

import contextlib
import os
import sqlite3
from collections.abc import Iterator
from pathlib import Path
from typing import TypeVar

from savcore.errors import ConcurrencyError, StoreError, StoreFileError
from savcore.store._base import StoreBase
from savcore.store._schema import APPLICATION_ID, MIGRATIONS, SCHEMA_VERSION
from savcore.store._specs import Spec
from savcore.store._sqlite_table import SqliteTable
from savcore.store._table import Table

__all__ = ["SqliteStore"]

T = TypeVar("T")

_MAGIC = b"SQLite format 3\x00"


def _check_header(path: Path) -> None:
    """Refuse, without opening it with SQLite, a file that is not a savcore store."""
    try:
        with path.open("rb") as file:
            header = file.read(100)
    except OSError as exc:
        raise StoreFileError(f"lecture impossible : {exc.strerror}", path=str(path)) from None
    if len(header) < 100 or not header.startswith(_MAGIC):
        raise StoreFileError(
            "ce fichier n'est pas une base savcore (ce n'est pas une base SQLite)", path=str(path)
        )
    application_id = int.from_bytes(header[68:72], "big")
    if application_id != APPLICATION_ID:
        raise StoreFileError(
            "base SQLite d'une autre application (application_id "
            f"{application_id:#010x}, attendu {APPLICATION_ID:#010x}) : fichier laissé intact",
            path=str(path),
        )


def _create(path: Path) -> None:
    """Build an empty store at ``path`` (temporary file, then moved into place)."""
    if not path.parent.is_dir():
        raise StoreFileError("le dossier de la base n'existe pas", path=str(path))
    temporary = path.with_name(f".{path.name}.{os.getpid()}.creation")
    try:
        connection = sqlite3.connect(temporary, isolation_level=None)
        try:
            connection.execute(f"PRAGMA application_id = {APPLICATION_ID}")
            connection.execute("BEGIN IMMEDIATE")
            for script in MIGRATIONS:
                for statement in _statements(script):
                    connection.execute(statement)
            connection.execute("INSERT INTO savcore_schema (version) VALUES (?)", (SCHEMA_VERSION,))
            connection.execute("COMMIT")
            connection.execute("PRAGMA journal_mode = WAL")
        finally:
            connection.close()
        if path.exists() and path.stat().st_size == 0:
            os.replace(temporary, path)
        else:
            with contextlib.suppress(FileExistsError):  # created meanwhile by another process
                os.link(temporary, path)
    except sqlite3.Error as exc:
        raise StoreError(f"création de la base impossible : {exc}", path=str(path)) from None
    finally:
        temporary.unlink(missing_ok=True)


def _statements(script: str) -> list[str]:
    return [statement.strip() for statement in script.split(";") if statement.strip()]


class SqliteStore(StoreBase):
    """A store in the SQLite file ``path`` (see the module docstring).

    ``create``: build the store if the file does not exist (or is empty); otherwise a missing
    file is a :class:`~savcore.errors.StoreFileError`. ``timeout``: how long a writer waits for
    another one, in seconds.
    """

    def __init__(self, path: str | os.PathLike[str], *, create: bool = True, timeout: float = 30.0):
        self.path = Path(path)
        """The database file."""
        self.timeout = timeout
        """Seconds a writer waits for the write lock."""
        missing = not self.path.exists() or (self.path.is_file() and self.path.stat().st_size == 0)
        if missing:
            if not create:
                raise StoreFileError("base introuvable (savcore init la crée)", path=str(path))
            _create(self.path)
        elif not self.path.is_file():
            raise StoreFileError("ce n'est pas un fichier", path=str(path))
        _check_header(self.path)
        try:
            self._db = sqlite3.connect(
                self.path, isolation_level=None, timeout=timeout, check_same_thread=False
            )
        except sqlite3.Error as exc:
            raise StoreFileError(f"ouverture impossible : {exc}", path=str(path)) from None
        try:
            with self._guard():
                self._db.execute("PRAGMA synchronous = FULL")
                self._db.execute("PRAGMA cache_size = -32000")
                self._db.execute("PRAGMA journal_size_limit = 67108864")
                mode = self._db.execute("PRAGMA journal_mode = WAL").fetchone()[0]
            if str(mode).lower() != "wal":
                raise StoreFileError(f"mode de journal WAL impossible ({mode})", path=str(path))
            self.schema_version = self._migrate()
            """The schema version of the file (:data:`~savcore.store._schema.SCHEMA_VERSION`)."""
        except BaseException:
            self._db.close()
            raise
        super().__init__()

    def _table(self, spec: Spec[T]) -> Table[T]:
        return SqliteTable(spec, self._db, self._guard, str(self.path))

    @contextlib.contextmanager
    def _guard(self) -> Iterator[None]:
        """Translate SQLite's errors into savcore's, naming the file."""
        try:
            yield
        except sqlite3.Error as exc:
            raise self._translate(exc) from exc

    def _translate(self, exc: sqlite3.Error) -> StoreError:
        message = str(exc)
        lowered = message.lower()
        if "locked" in lowered or "busy" in lowered:
            return ConcurrencyError(
                f"base occupée par un autre processus depuis plus de {self.timeout:g} s",
                path=str(self.path),
            )
        if isinstance(exc, sqlite3.DatabaseError) and (
            "malformed" in lowered or "not a database" in lowered or "corrupt" in lowered
        ):
            return StoreFileError(f"base corrompue ({message})", path=str(self.path))
        if "no such table" in lowered or "no such column" in lowered:
            return StoreFileError(f"schéma inattendu ({message})", path=str(self.path))
        return StoreError(f"erreur SQLite : {message}", path=str(self.path))

    def _version(self) -> int:
        with self._guard():
            row = self._db.execute("SELECT max(version) FROM savcore_schema").fetchone()
        if row is None or not isinstance(row[0], int):
            raise StoreFileError("version de schéma absente", path=str(self.path))
        return row[0]

    def _migrate(self) -> int:
        version = self._version()
        if version > SCHEMA_VERSION:
            raise StoreFileError(
                f"base écrite par une version plus récente de savcore (schéma {version}, "
                f"cette version connaît le schéma {SCHEMA_VERSION})",
                path=str(self.path),
            )
        if version == SCHEMA_VERSION:
            return version
        with self._guard():
            self._db.execute("BEGIN IMMEDIATE")
            try:
                version = self._version()
                for target in range(version + 1, SCHEMA_VERSION + 1):
                    for statement in _statements(MIGRATIONS[target - 1]):
                        self._db.execute(statement)
                    self._db.execute("INSERT INTO savcore_schema (version) VALUES (?)", (target,))
                self._db.execute("COMMIT")
            except BaseException:
                self._db.execute("ROLLBACK")
                raise
        return SCHEMA_VERSION

    # --- transaction primitives -------------------------------------------------------------

    def _begin(self) -> None:
        with self._guard():
            self._db.execute("BEGIN IMMEDIATE")

    def _commit(self) -> None:
        with self._guard():
            self._db.execute("COMMIT")

    def _rollback(self) -> None:
        if self._db.in_transaction:
            with self._guard():
                self._db.execute("ROLLBACK")

    def _savepoint(self, level: int) -> None:
        with self._guard():
            self._db.execute(f"SAVEPOINT savcore_{level}")

    def _release(self, level: int) -> None:
        with self._guard():
            self._db.execute(f"RELEASE savcore_{level}")

    def _rollback_to(self, level: int) -> None:
        with self._guard():
            self._db.execute(f"ROLLBACK TO savcore_{level}")
            self._db.execute(f"RELEASE savcore_{level}")

    # --- maintenance ------------------------------------------------------------------------

    def check(self) -> list[str]:
        """SQLite's integrity check of the whole file: an empty list when it is sound (reads the
        whole file: slow on big stores)."""
        with self._guard():
            rows = self._db.execute("PRAGMA integrity_check").fetchall()
        problems = [str(row[0]) for row in rows]
        return [] if problems == ["ok"] else problems

    def file_size(self) -> int:
        """Size in bytes of the database file and its write-ahead log."""
        wal = self.path.with_name(self.path.name + "-wal")
        return self.path.stat().st_size + (wal.stat().st_size if wal.exists() else 0)

    def close(self) -> None:
        """Close the connection (the write-ahead log is folded back into the file)."""
        if self._closed:
            return
        super().close()
        self._db.close()

    def __repr__(self) -> str:
        return f"SqliteStore({str(self.path)!r})"
