"""Benchmark: revise a 100,000-item price schedule (BPU) with three price families.

savcore: compute the revision (readings, exact coefficients, limits, record) and build the new
schedule version (every item copied with its revised price, version index built, history kept).
Baseline, measured in the same run: a bare loop producing the same revised prices as plain tuples
``(code, price x coefficient quantized)``, with no objects, checks or records.

Both are timed with the garbage collector off (as :mod:`timeit` does; the collector's passes over
the 200,000 live items otherwise dominate and vary from run to run); the figures with it on are
printed too, on an information line.

Prints ``RESULT revision.items_per_s <n> 1/s`` and ``RESULT revision.ratio_vs_bare_loop <x> x``.
Run alone with ``.venv/bin/python benchmarks/bench_revision.py``.
"""

from __future__ import annotations

import gc
import random
import time
from collections.abc import Callable
from datetime import date
from decimal import ROUND_HALF_UP, Decimal
from typing import TypeVar, cast

from savcore.model.catalog import PriceItem, PriceSchedule, PriceScheduleVersion
from savcore.model.indices import (
    FamilyFormula,
    Index,
    IndexTerm,
    IndexValue,
    RevisionClause,
    RevisionFormula,
    RevisionSubject,
)
from savcore.periods import Period
from savcore.revision import IndexRegistry, compute_revision, revise_price_schedule

ITEMS = 100_000
REPEAT = 5
FAMILIES = ("MO", "FOURN", "DEPL")
CENT = Decimal("0.01")
A = TypeVar("A")
B = TypeVar("B")


def build() -> tuple[PriceSchedule, RevisionClause, IndexRegistry]:
    rng = random.Random(20180101)
    items = tuple(
        PriceItem(
            f"{i // 1000}.{i % 1000:03d}",
            f"Article {i}",
            "u",
            Decimal(rng.randint(100, 500_000)) / 100,
            family=FAMILIES[i % 3],
        )
        for i in range(ITEMS)
    )
    schedule = PriceSchedule("BPU", "Bordereau", (PriceScheduleVersion(date(2018, 1, 1), items),))
    # BT40 2018 (real values) and two illustrative series
    series = {
        "BT40": ("105.90", "107.70"),
        "ICHT": ("120.0", "123.0"),
        "FSD2": ("128.4", "131.1"),
    }
    indices = tuple(Index(code, code) for code in series)
    values = tuple(
        IndexValue(code, Period.month(2018, m), Decimal(v), date(2019, 4, 1))
        for code, (v0, v1) in series.items()
        for m, v in ((1, v0), (12, v1))
    )
    clause = RevisionClause(
        Period.month(2018, 1),
        RevisionFormula.single("BT40", Decimal("0.15")),
        family_formulas=(
            FamilyFormula(
                "MO",
                RevisionFormula(
                    Decimal("0.125"),
                    (IndexTerm("ICHT", Decimal("0.7")), IndexTerm("BT40", Decimal("0.175"))),
                ),
            ),
            FamilyFormula("FOURN", RevisionFormula.single("BT40", Decimal("0.15"))),
            FamilyFormula("DEPL", RevisionFormula.single("FSD2", Decimal("0.2"))),
        ),
    )
    return schedule, clause, IndexRegistry(indices, values)


def best_of(
    fn_a: Callable[[], A], fn_b: Callable[[], B], *, collector: bool
) -> tuple[float, A, float, B]:
    """Best time of each function over ``REPEAT`` interleaved runs (interleaving spreads the noise
    of a busy machine over both), and the result of its last run. Without ``collector``, the
    garbage collector is off while timing, as :mod:`timeit` does by default."""
    times: tuple[list[float], list[float]] = ([], [])
    results: list[object] = [None, None]
    for _ in range(REPEAT):
        for slot, fn in enumerate((fn_a, fn_b)):
            results[slot] = None  # free the previous result before timing
            gc.collect()
            if not collector:
                gc.disable()
            try:
                start = time.perf_counter()
                results[slot] = fn()
                times[slot].append(time.perf_counter() - start)
            finally:
                gc.enable()
    return min(times[0]), cast(A, results[0]), min(times[1]), cast(B, results[1])


def main() -> None:
    schedule, clause, registry = build()

    def with_savcore() -> PriceSchedule:
        revision = compute_revision(
            clause,
            registry,
            revision_id="REV-1",
            subject=RevisionSubject.PRICE_SCHEDULE,
            subject_id="BPU",
            application_date=date(2018, 12, 1),
            computed_on=date(2019, 5, 1),
            families=FAMILIES,
        )
        return revise_price_schedule(schedule, revision, clause)

    # The baseline gets the coefficients savcore computed and the items as plain tuples.
    revision = compute_revision(
        clause,
        registry,
        revision_id="REV-1",
        subject=RevisionSubject.PRICE_SCHEDULE,
        subject_id="BPU",
        application_date=date(2018, 12, 1),
        computed_on=date(2019, 5, 1),
        families=FAMILIES,
    )
    coefficients = {r.family: r.applied_coefficient for r in revision.results}
    rows = [(i.code, i.unit_price, i.family) for i in schedule.versions[0].items]

    def bare_loop() -> list[tuple[str, Decimal]]:
        return [
            (code, (price * coefficients[family]).quantize(CENT, ROUND_HALF_UP))
            for code, price, family in rows
        ]

    gc_savcore, _, gc_bare, _ = best_of(with_savcore, bare_loop, collector=True)
    savcore_time, revised, bare_time, expected = best_of(with_savcore, bare_loop, collector=False)
    got = [(i.code, i.unit_price) for i in revised.versions[-1].items]
    assert got == expected, "savcore and the bare loop disagree"
    print(f"coefficients: {', '.join(f'{k}={v}' for k, v in coefficients.items())}")
    print(
        f"with the garbage collector on: savcore {gc_savcore * 1000:.1f} ms, "
        f"bare loop {gc_bare * 1000:.1f} ms, ratio {gc_savcore / gc_bare:.2f} x"
    )
    print(
        f"collector off (timeit convention): savcore {savcore_time * 1000:.1f} ms, "
        f"bare loop {bare_time * 1000:.1f} ms"
    )
    print(f"RESULT revision.items_per_s {ITEMS / savcore_time:.0f} 1/s")
    print(f"RESULT revision.ratio_vs_bare_loop {savcore_time / bare_time:.2f} x")


if __name__ == "__main__":
    main()
