"""One collection of the SQLite store: a table ``(key, <columns>, doc)`` (see
:mod:`savcore.store._schema`)."""

from __future__ import annotations

import sqlite3
from collections import Counter
from collections.abc import Callable, Iterator, Sequence
from contextlib import AbstractContextManager
from typing import Any, Generic, TypeVar

from savcore.errors import DuplicateError, StoreFileError
from savcore.store._codec import decoder, encoder
from savcore.store._specs import Spec

T = TypeVar("T")

_IN_CHUNK = 500


class SqliteTable(Generic[T]):
    """A collection stored in a SQLite table; statements are prepared once per table."""

    def __init__(
        self,
        spec: Spec[T],
        connection: sqlite3.Connection,
        guard: Callable[[], AbstractContextManager[None]],
        path: str,
    ) -> None:
        self._spec = spec
        self._db = connection
        self._guard = guard
        self._path = path
        self._encode = encoder(spec.cls)
        self._decode_doc = decoder(spec.cls)
        name = spec.name
        columns = spec.column_names()
        names = ", ".join(("key", *columns, "doc"))
        marks = ", ".join("?" * (len(columns) + 2))
        updates = ", ".join(f"{c} = excluded.{c}" for c in (*columns, "doc"))
        self._insert_sql = f"INSERT INTO {name} ({names}) VALUES ({marks})"
        self._upsert_sql = f"{self._insert_sql} ON CONFLICT (key) DO UPDATE SET {updates}"
        self._extractors: tuple[Callable[[Any], Any], ...] = (
            spec.key,
            *(extract for _, extract in spec.columns),
            self._encode,
        )
        self._columns = frozenset(columns)
        self._multi = dict(spec.multi)

    @property
    def spec(self) -> Spec[T]:
        return self._spec

    def _decode(self, key: str, doc: str) -> T:
        try:
            return self._decode_doc(doc)
        except Exception as exc:
            raise StoreFileError(
                f"document illisible dans la table {self._spec.name}, clé {key!r} : {exc}",
                path=self._path,
            ) from None

    def fetch(self, key: str) -> T | None:
        with self._guard():
            row = self._db.execute(
                f"SELECT doc FROM {self._spec.name} WHERE key = ?", (key,)
            ).fetchone()
        return None if row is None else self._decode(key, row[0])

    def fetch_where(self, column: str, value: str) -> list[T]:
        name = self._spec.name
        if column in self._columns:
            sql = f"SELECT key, doc FROM {name} WHERE {column} = ? ORDER BY rowid"
        elif column in self._multi:
            sql = (
                f"SELECT t.key, t.doc FROM {name} AS t JOIN {name}__{column} AS l "
                f"ON l.key = t.key WHERE l.value = ? ORDER BY t.rowid"
            )
        else:
            raise KeyError(column)
        with self._guard():
            rows = self._db.execute(sql, (value,)).fetchall()
        return [self._decode(key, doc) for key, doc in rows]

    def fetch_all(self) -> Iterator[T]:
        with self._guard():
            cursor = self._db.execute(f"SELECT key, doc FROM {self._spec.name} ORDER BY rowid")
            cursor.arraysize = 1000
            while True:
                rows = cursor.fetchmany()
                if not rows:
                    return
                for key, doc in rows:
                    yield self._decode(key, doc)

    def count(self) -> int:
        with self._guard():
            row = self._db.execute(f"SELECT count(*) FROM {self._spec.name}").fetchone()
        return int(row[0])

    def _rows(self, objs: Sequence[T]) -> list[tuple[Any, ...]]:
        extractors = self._extractors
        return [tuple([extract(obj) for extract in extractors]) for obj in objs]

    def insert(self, objs: Sequence[T]) -> None:
        rows = self._rows(objs)
        with self._guard():
            self._db.execute("SAVEPOINT savcore_insert")
            try:
                self._db.executemany(self._insert_sql, rows)
                self._write_links(objs, [row[0] for row in rows], replace=False)
            except sqlite3.IntegrityError as exc:
                self._db.execute("ROLLBACK TO savcore_insert")
                self._db.execute("RELEASE savcore_insert")
                raise self._duplicate(rows, exc) from None
            self._db.execute("RELEASE savcore_insert")

    def _duplicate(self, rows: list[tuple[Any, ...]], exc: sqlite3.IntegrityError) -> Exception:
        """The :class:`DuplicateError` behind ``exc`` (the batch was undone)."""
        keys = [row[0] for row in rows]
        repeated = [key for key, n in Counter(keys).items() if n > 1]
        if repeated:
            return DuplicateError(self._spec.label, repeated[0])
        name = self._spec.name
        for start in range(0, len(keys), _IN_CHUNK):
            chunk = keys[start : start + _IN_CHUNK]
            marks = ", ".join("?" * len(chunk))
            found = self._db.execute(
                f"SELECT key FROM {name} WHERE key IN ({marks}) LIMIT 1", chunk
            ).fetchone()
            if found is not None:
                return DuplicateError(self._spec.label, found[0])
        return DuplicateError(self._spec.label, "?", context=str(exc))

    def upsert(self, objs: Sequence[T]) -> None:
        rows = self._rows(objs)
        with self._guard():
            try:
                self._db.executemany(self._upsert_sql, rows)
            except sqlite3.IntegrityError as exc:
                raise DuplicateError(self._spec.label, "?", context=str(exc)) from None
            self._write_links(objs, [row[0] for row in rows], replace=True)

    def _write_links(self, objs: Sequence[T], keys: list[str], *, replace: bool) -> None:
        for column, extract in self._multi.items():
            table = f"{self._spec.name}__{column}"
            if replace:
                self._db.executemany(f"DELETE FROM {table} WHERE key = ?", [(k,) for k in keys])
            links = [
                (key, value)
                for key, obj in zip(keys, objs, strict=True)
                for value in dict.fromkeys(extract(obj))
            ]
            self._db.executemany(f"INSERT INTO {table} (key, value) VALUES (?, ?)", links)

    def delete(self, key: str) -> bool:
        with self._guard():
            cursor = self._db.execute(f"DELETE FROM {self._spec.name} WHERE key = ?", (key,))
            for column in self._multi:
                self._db.execute(f"DELETE FROM {self._spec.name}__{column} WHERE key = ?", (key,))
        return cursor.rowcount > 0
