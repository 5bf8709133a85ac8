"""Store benchmark: load 1,000,000 dwellings and 3,000,000 visit attempts into a SqliteStore, read
them back, and compare with bare SQLite in the same run.

Baseline, measured in the same run: a second database file with the very same schema and
pragmas (WAL, ``synchronous=FULL``), filled with ``executemany`` of the very same rows (key,
indexed columns, the same JSON text) in one transaction; the rows are prepared outside the timed
part. So the load ratio is what savcore adds on top of SQLite: type checks, serialization through
the one converter, column extraction, batching. For reading, the baseline fetches the same rows
and parses the JSON into dicts; savcore also builds (and validates) the model objects.

Objects are built in batches of 100,000 outside the timed parts (they would come from an importer),
so memory stays flat. ``--scale 0.1`` runs a tenth of the sizes.

Run: ``.venv/bin/python benchmarks/bench_store.py [--scale 1.0]``.
"""

from __future__ import annotations

import argparse
import gc
import json
import sqlite3
import tempfile
import time
from collections.abc import Callable, Iterator
from datetime import UTC, date, datetime, timedelta
from functools import partial
from pathlib import Path
from typing import Any

from savcore.model import Dwelling, NoticeMethod, Outcome, VisitAttempt
from savcore.store import SqliteStore
from savcore.store._codec import encoder
from savcore.store._schema import MIGRATIONS
from savcore.store._specs import ATTEMPTS, DWELLINGS, Spec

BATCH = 100_000
DWELLINGS_FULL = 1_000_000
ATTEMPTS_FULL = 3_000_000
T0 = datetime(2025, 9, 1, 8, 0, tzinfo=UTC)
OUTCOMES = (Outcome.DONE, Outcome.ABSENT, Outcome.DONE, Outcome.NO_ACCESS, Outcome.DONE)


def dwellings(start: int, stop: int) -> list[Dwelling]:
    """Dwellings ``L-start`` .. ``L-(stop-1)``, 100 per unit, 20 per building."""
    return [
        Dwelling(
            f"L-{i:07d}",
            f"UG-{i // 100:05d}",
            f"{i % 100:03d}",
            building_id=f"B-{i // 20:06d}",
            floor=str(i % 20 // 4),
            door=f"{i % 4 + 1}",
            added_on=date(2010 + i % 10, 1, 1),
        )
        for i in range(start, stop)
    ]


def attempts(start: int, stop: int) -> list[VisitAttempt]:
    """Attempts ``A-start`` .. ``A-(stop-1)``: three per dwelling's yearly visit."""
    out = []
    for i in range(start, stop):
        number = i % 3 + 1
        at = T0 + timedelta(minutes=37 * i)
        outcome = OUTCOMES[i % 5]
        out.append(
            VisitAttempt(
                f"A-{i:07d}",
                f"I-{i // 3:07d}",
                at,
                outcome,
                number=number,
                dwelling_id=f"L-{i // 3:07d}",
                technician_id=f"T-{i % 40:02d}",
                notice=NoticeMethod.POSTED,
                noticed_on=at.date() - timedelta(days=7),
                minutes_spent=45 if outcome is Outcome.DONE else 5,
            )
        )
    return out


def _connect(path: Path) -> sqlite3.Connection:
    db = sqlite3.connect(path, isolation_level=None)
    db.execute("PRAGMA journal_mode = WAL")
    db.execute("PRAGMA synchronous = FULL")
    db.execute("PRAGMA cache_size = -32000")
    return db


def _baseline_db(path: Path) -> sqlite3.Connection:
    db = _connect(path)
    db.execute("BEGIN")
    for statement in MIGRATIONS[0].split(";"):
        if statement.strip():
            db.execute(statement)
    db.execute("COMMIT")
    return db


def _rows(spec: Spec[Any], objs: list[Any]) -> list[tuple[Any, ...]]:
    encode = encoder(spec.cls)
    return [(spec.key(o), *(extract(o) for _, extract in spec.columns), encode(o)) for o in objs]


def _insert_sql(spec: Spec[Any]) -> str:
    names = ", ".join(("key", *spec.column_names(), "doc"))
    marks = ", ".join("?" * (len(spec.column_names()) + 2))
    return f"INSERT INTO {spec.name} ({names}) VALUES ({marks})"


def _timed(action: Callable[[], object]) -> float:
    start = time.perf_counter()
    action()
    return time.perf_counter() - start


def load(
    store: SqliteStore,
    base: sqlite3.Connection,
    jobs: list[tuple[Spec[Any], Callable[[int, int], list[Any]], int]],
) -> tuple[float, float]:
    """Load every job into both databases, batch by batch; (savcore seconds, baseline seconds)."""
    ours = theirs = 0.0
    transaction = store.transaction()
    ours += _timed(transaction.__enter__)
    theirs += _timed(lambda: base.execute("BEGIN IMMEDIATE"))
    for spec, build, total in jobs:
        repo = store.repository(spec.name)
        sql = _insert_sql(spec)
        for start in range(0, total, BATCH):
            objs = build(start, min(start + BATCH, total))
            rows = _rows(spec, objs)
            gc.collect()
            ours += _timed(partial(repo.add_many, objs))
            theirs += _timed(partial(base.executemany, sql, rows))
            del objs, rows
    ours += _timed(lambda: transaction.__exit__(None, None, None))
    theirs += _timed(lambda: base.execute("COMMIT"))
    return ours, theirs


def _drain(items: Iterator[Any]) -> int:
    n = 0
    for _ in items:
        n += 1
    return n


def read(store: SqliteStore, base: sqlite3.Connection) -> tuple[float, float, int]:
    """Read both collections back; (savcore seconds, baseline seconds, objects read)."""
    counted: list[int] = []
    ours = _timed(
        lambda: counted.extend((_drain(store.dwellings.all()), _drain(store.attempts.all())))
    )

    def bare() -> None:
        loads = json.loads
        for table in ("dwellings", "attempts"):
            cursor = base.execute(f"SELECT key, doc FROM {table} ORDER BY rowid")
            for _key, doc in cursor:
                loads(doc)

    theirs = _timed(bare)
    return ours, theirs, sum(counted)


def _size_mb(path: Path) -> float:
    wal = path.with_name(path.name + "-wal")
    return (path.stat().st_size + (wal.stat().st_size if wal.exists() else 0)) / 1e6


def main() -> None:
    """Run the benchmark and print the ``RESULT`` lines."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--scale", type=float, default=1.0, help="fraction of the full sizes")
    args = parser.parse_args()
    n_dwellings = int(DWELLINGS_FULL * args.scale)
    n_attempts = int(ATTEMPTS_FULL * args.scale)
    jobs: list[tuple[Spec[Any], Callable[[int, int], list[Any]], int]] = [
        (DWELLINGS, dwellings, n_dwellings),
        (ATTEMPTS, attempts, n_attempts),
    ]
    with tempfile.TemporaryDirectory(prefix="bench-store-") as folder:
        ours_path = Path(folder) / "savcore.db"
        base_path = Path(folder) / "baseline.db"
        store = SqliteStore(ours_path)
        base = _baseline_db(base_path)
        print(f"Chargement de {n_dwellings} logements et {n_attempts} passages...", flush=True)
        load_ours, load_base = load(store, base, jobs)
        print(f"  savcore {load_ours:.1f} s, executemany seul {load_base:.1f} s", flush=True)
        read_ours, read_base, read_count = read(store, base)
        print(f"  relecture savcore {read_ours:.1f} s, SQL + json.loads {read_base:.1f} s")
        sample = store.dwellings.for_unit("UG-00042")
        assert len(sample) == (100 if n_dwellings >= 4300 else len(sample))
        assert read_count == n_dwellings + n_attempts
        store.close()  # the write-ahead log is folded back into the file
        base.close()
        size = _size_mb(ours_path)
        base_size = _size_mb(base_path)
    total = n_dwellings + n_attempts
    print(f"RESULT store.load_s {load_ours:.1f} s")
    print(f"RESULT store.load_baseline_s {load_base:.1f} s")
    print(f"RESULT store.load_ratio_vs_executemany {load_ours / load_base:.2f} x")
    print(f"RESULT store.load_objects_per_s {total / load_ours:.0f} 1/s")
    print(f"RESULT store.read_s {read_ours:.1f} s")
    print(f"RESULT store.read_ratio_vs_fetch_json {read_ours / read_base:.2f} x")
    print(f"RESULT store.read_objects_per_s {total / read_ours:.0f} 1/s")
    print(f"RESULT store.file_size_mb {size:.0f} MB")
    print(f"RESULT store.baseline_file_size_mb {base_size:.0f} MB")


if __name__ == "__main__":
    main()
