"""Invoices survive crashes and concurrent writers: no partial invoice, no duplicate number, no
gap, every committed invoice intact. Writers are real processes (``_writer.py``)."""

from __future__ import annotations

import os
import random
import signal
import subprocess
import sys
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import attrs
import pytest

from savcore.model import InvoiceStatus
from savcore.store import format_number, open_store

from ._writer import expected_draft

WRITER = Path(__file__).with_name("_writer.py")
LANES = 2
KILLS_PER_LANE = 12  # 24 kill points in all


def _start(
    path: Path, prefix: str, count: int, days_step: int, *extra: str
) -> subprocess.Popen[str]:
    process = subprocess.Popen(
        [sys.executable, str(WRITER), str(path), prefix, str(count), str(days_step), *extra],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        cwd=WRITER.parent,
    )
    assert process.stdout is not None
    line = process.stdout.readline()
    assert line.strip() == "ready", process.stderr.read() if process.stderr else line
    return process


def _verify(path: Path, prefix: str, days_step: int) -> int:
    """Check the store after a crash; return the number of issued invoices."""
    with open_store(path, create=False) as store:
        assert store.check() == []
        stored = list(store.invoices.all())
        issued = store.invoices.issued("FA")
        assert len(stored) == len(issued), "a draft or partial document was left behind"
        n = len(issued)
        assert [invoice.number for invoice in issued] == [
            format_number("FA", 2025, k) for k in range(1, n + 1)
        ]
        for k, invoice in enumerate(issued):
            expected = attrs.evolve(
                expected_draft(prefix, k, days_step),
                status=InvoiceStatus.ISSUED,
                number=format_number("FA", 2025, k + 1),
            )
            assert invoice == expected
        sequence = store.sequences.find("FA")
        assert (sequence.counter if sequence else 0) == n
        if n:
            assert sequence is not None
            assert sequence.last_issue_date == issued[-1].issue_date
    return n


def _lane(folder: Path, seed: int) -> list[int]:
    rng = random.Random(seed)
    path = folder / f"crash-{seed}.db"
    counts = []
    for _ in range(KILLS_PER_LANE):
        process = _start(path, "P", 100_000, 1)
        time.sleep(rng.uniform(0.0, 0.35))
        os.kill(process.pid, signal.SIGKILL)
        process.communicate()
        assert process.returncode == -signal.SIGKILL
        counts.append(_verify(path, "P", 1))
    return counts


@pytest.mark.slow
def test_killed_writer_loses_nothing(tmp_path: Path) -> None:
    with ThreadPoolExecutor(LANES) as pool:
        lanes = list(pool.map(lambda seed: _lane(tmp_path, seed), range(LANES)))
    for counts in lanes:
        assert counts == sorted(counts)  # each restart resumed the batch, nothing was lost
        assert counts[-1] > 0


@pytest.mark.slow
def test_two_writers_share_one_numbering(tmp_path: Path) -> None:
    path = tmp_path / "shared.db"
    with open_store(path) as store:
        assert store.invoices.count() == 0
    count = 120
    writers = [_start(path, prefix, count, 0, "--wait") for prefix in ("A", "B")]
    for process in writers:
        assert process.stdin is not None
        process.stdin.write("go\n")
        process.stdin.flush()
    for process in writers:
        _, err = process.communicate(timeout=120)
        assert process.returncode == 0, err
    with open_store(path, create=False) as store:
        issued = store.invoices.issued("FA")
        numbers = [invoice.number for invoice in issued]
        assert numbers == [format_number("FA", 2025, k) for k in range(1, 2 * count + 1)]
        for prefix in ("A", "B"):
            mine = [invoice for invoice in issued if invoice.id.startswith(prefix)]
            assert [invoice.id for invoice in mine] == [f"{prefix}-{i:05d}" for i in range(count)]
            for i, invoice in enumerate(mine):
                assert invoice == attrs.evolve(
                    expected_draft(prefix, i, 0),
                    status=InvoiceStatus.ISSUED,
                    number=invoice.number,
                )
