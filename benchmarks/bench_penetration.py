"""Benchmark: the penetration rate per UG of 1,000,000 dwellings in 10,000 UGs from 3,000,000
visit attempts, held as savcore objects.

The data (built once, before any timing): 10,000 residences of 100 dwellings; one 2025 boiler
service per dwelling; attempts following six patterns that average three attempts a dwelling
(done at once; after 1, 2 or 3 absences; five absences, the contract's last attempt; absence, no
access, refusal), some last attempts falling in January 2026 (outside the year: the visit is still
pending), 2 % of dwellings vacant all year, 1 % added mid-year, 1 % withdrawn before it. The
contract's rule: vacant dwellings out of the base, refusals counted as not done, boiler services
only, 5 attempts at most.

Timed, on the same objects, each with the garbage collector off (as :mod:`timeit` does):

- **savcore**: :func:`savcore.stats.penetration` (the Report, with the residences' names);
- **(a)** a plain-Python dict pass computing the same counts (what a careful programmer writes
  by hand, no report);
- **(b)** what an analyst writes with pandas: DataFrames built from the objects, then merge and
  groupby (same counts);
- **(c)** for reference, that merge and groupby alone, on the DataFrames already built.

Every method's counts are checked equal to savcore's. Peak memory (``ru_maxrss``) is read right
after savcore's run: the data plus the report, before the pandas frames exist. Finally the same
report is built from a SQLite store (:func:`savcore.services.reports.build_report`) at a tenth of
the size (100,000 dwellings, 300,000 attempts; ``--store-scale``), since loading the store is
itself minutes at full size (``bench_store.py`` times that).

Prints ``RESULT stats.<figure> <value> <unit>`` lines. Run alone with
``.venv/bin/python benchmarks/bench_penetration.py [--store-scale 0.1]``.
"""

from __future__ import annotations

import argparse
import gc
import resource
import tempfile
import time
from collections.abc import Callable
from datetime import date, datetime, timedelta
from datetime import time as clock
from pathlib import Path
from typing import Any, ParamSpec, TypeVar

import pandas as pd

from savcore.calendars import PARIS
from savcore.model.contracts import AttemptRule, Contract, ContractKind, PenetrationRule
from savcore.model.operations import Intervention, InterventionKind, Outcome, VisitAttempt
from savcore.model.parties import Address
from savcore.model.sites import Dwelling, ManagementUnit
from savcore.periods import Period
from savcore.reports import Report
from savcore.services.reports import build_report
from savcore.stats import penetration
from savcore.store import SqliteStore

P = ParamSpec("P")
R = TypeVar("R")

UNITS = 10_000
PER_UNIT = 100
YEAR = Period.year(2025)
VISIT = "ENT-CHAU"
D, A, N, X = Outcome.DONE, Outcome.ABSENT, Outcome.NO_ACCESS, Outcome.REFUSED
PATTERNS = ((D,), (A, D), (A, A, D), (A, A, A, D), (A, A, A, A, A), (A, N, X))
"""Lengths 1, 2, 3, 4, 5, 3: three attempts a dwelling on average."""

Counts = dict[str, tuple[int, int, int, int, int, int]]
"""Per unit: in scope, done, not done, pending, vacant excluded, base."""


def build_contract(n_units: int) -> Contract:
    return Contract(
        id="C-OPH",
        customer_id="OPH",
        kind=ContractKind.COLLECTIVE,
        designation="Entretien des chaudières individuelles",
        start=date(2025, 1, 1),
        duration_months=48,
        unit_ids=tuple(f"UG{u:05d}" for u in range(n_units)),
        attempts=AttemptRule(max_attempts=5),
        penetration=PenetrationRule(
            exclude_vacant=True, exclude_refused=False, visit_type_ids=frozenset({VISIT})
        ),
    )


def build(
    n_units: int,
) -> tuple[Contract, list[ManagementUnit], list[Dwelling], list[Intervention], list[VisitAttempt]]:
    """The portfolio described in the module docstring (validated savcore objects)."""
    contract = build_contract(n_units)
    address = Address("1 place Bellecour", "69002", "Lyon")
    units = [ManagementUnit(u, "OPH", f"Résidence {u}", address) for u in contract.unit_ids]
    vacant = (Period(date(2024, 9, 1), date(2026, 3, 1)),)
    instants: dict[tuple[int, int], datetime] = {}

    def instant(day: int, hour: int) -> datetime:
        found = instants.get((day, hour))
        if found is None:
            found = datetime.combine(date(2025, 1, 6) + timedelta(days=day), clock(hour), PARIS)
            instants[(day, hour)] = found
        return found

    dwellings: list[Dwelling] = []
    interventions: list[Intervention] = []
    attempts: list[VisitAttempt] = []
    n_attempt = 0
    for u, unit_id in enumerate(contract.unit_ids):
        for k in range(PER_UNIT):
            i = u * PER_UNIT + k
            dwelling_id = f"L{i:07d}"
            extra: dict[str, Any] = {}
            if i % 50 == 7:
                extra["vacancies"] = vacant
            elif i % 100 == 11:
                extra["added_on"] = date(2025, 6, 1)
            elif i % 100 == 13:
                extra["withdrawn_on"] = date(2024, 12, 1)
            dwellings.append(Dwelling(dwelling_id, unit_id, f"{k:03d}", **extra))
            visit_id = f"V{i:07d}"
            interventions.append(
                Intervention(
                    visit_id,
                    contract.id,
                    InterventionKind.PREVENTIVE,
                    unit_id,
                    dwelling_id=dwelling_id,
                    visit_type_id=VISIT,
                )
            )
            pattern = PATTERNS[i % len(PATTERNS)]
            first = (i // 7) % 200
            for number, outcome in enumerate(pattern, start=1):
                day = first + 21 * (number - 1)
                if number == len(pattern) and i % 12 == 5:
                    day = 370  # January 2026: outside the year
                attempts.append(
                    VisitAttempt(
                        f"P{n_attempt:08d}",
                        visit_id,
                        instant(day, 8 + i % 9),
                        outcome,
                        number=number,
                        minutes_spent=45 if outcome is D else 10,
                    )
                )
                n_attempt += 1
    return contract, units, dwellings, interventions, attempts


def counts_of(report: Report) -> Counts:
    keys = ("in_scope", "done", "not_done", "pending", "vacant", "base")
    return {r["ug"]: tuple(r[k] for k in keys) for r in report.to_records()}


# -- (a) plain Python -----------------------------------------------------------------------------


def run_plain(
    contract: Contract,
    dwellings: list[Dwelling],
    interventions: list[Intervention],
    attempts: list[VisitAttempt],
) -> Counts:
    start, end = YEAR.start, YEAR.end
    lo = datetime.combine(start, clock(0), PARIS)
    hi = datetime.combine(end, clock(0), PARIS)
    units = set(contract.unit_ids)
    unit_of: dict[str, str] = {}
    vacant: set[str] = set()
    for d in dwellings:
        if d.unit_id not in units:
            continue
        if (d.added_on and d.added_on >= end) or (d.withdrawn_on and d.withdrawn_on <= start):
            continue
        unit_of[d.id] = d.unit_id
        if d.vacancies:
            first = max(start, d.added_on or start)
            last = min(end, d.withdrawn_on or end)
            if any(v.start <= first and v.end >= last for v in d.vacancies):
                vacant.add(d.id)
    visit: dict[str, str] = {}
    for i in interventions:
        if (
            i.kind is InterventionKind.PREVENTIVE
            and i.contract_id == contract.id
            and i.visit_type_id == VISIT
            and i.dwelling_id in unit_of
        ):
            visit[i.id] = i.dwelling_id
    done: set[str] = set()
    last_of: dict[str, tuple[int, Outcome]] = {}
    for a in attempts:
        iid = a.intervention_id
        if iid not in visit or not lo <= a.at < hi:
            continue
        if a.outcome is Outcome.DONE:
            done.add(visit[iid])
        else:
            previous = last_of.get(iid)
            if previous is None or a.number > previous[0]:
                last_of[iid] = (a.number, a.outcome)
    maximum = contract.attempts.max_attempts
    not_done: set[str] = set()
    for iid, (number, outcome) in last_of.items():
        if number >= maximum or outcome not in (Outcome.ABSENT, Outcome.NO_ACCESS):
            not_done.add(visit[iid])
    table: dict[str, list[int]] = {u: [0, 0, 0, 0, 0] for u in contract.unit_ids}
    for dwelling_id, unit_id in unit_of.items():
        row = table[unit_id]
        row[0] += 1
        if dwelling_id in done:
            row[1] += 1
        elif dwelling_id in not_done:
            row[2] += 1
        else:
            row[3] += 1
        if dwelling_id in vacant and dwelling_id not in done:
            row[4] += 1
    return {u: (s, d, n, p, v, s - v) for u, (s, d, n, p, v) in table.items()}


# -- (b) and (c) pandas ---------------------------------------------------------------------------


def build_frames(
    dwellings: list[Dwelling], interventions: list[Intervention], attempts: list[VisitAttempt]
) -> tuple[pd.DataFrame, pd.DataFrame, pd.DataFrame]:
    """DataFrames from the objects, one column per attribute an analyst needs."""
    start, end = YEAR.start, YEAR.end

    def vacant_all_year(d: Dwelling) -> bool:
        first = max(start, d.added_on or start)
        last = min(end, d.withdrawn_on or end)
        return any(v.start <= first and v.end >= last for v in d.vacancies)

    homes = pd.DataFrame(
        {
            "dwelling_id": [d.id for d in dwellings],
            "unit_id": [d.unit_id for d in dwellings],
            "added_on": pd.to_datetime([d.added_on for d in dwellings]),
            "withdrawn_on": pd.to_datetime([d.withdrawn_on for d in dwellings]),
            "vacant": [bool(d.vacancies) and vacant_all_year(d) for d in dwellings],
        }
    )
    visits = pd.DataFrame(
        {
            "intervention_id": [i.id for i in interventions],
            "contract_id": [i.contract_id for i in interventions],
            "kind": [i.kind.value for i in interventions],
            "visit_type_id": [i.visit_type_id for i in interventions],
            "dwelling_id": [i.dwelling_id for i in interventions],
        }
    )
    tries = pd.DataFrame(
        {
            "intervention_id": [a.intervention_id for a in attempts],
            "at": pd.to_datetime([a.at for a in attempts], utc=True),
            "outcome": [a.outcome.value for a in attempts],
            "number": [a.number for a in attempts],
        }
    )
    return homes, visits, tries


def run_groupby(
    contract: Contract, homes: pd.DataFrame, visits: pd.DataFrame, tries: pd.DataFrame
) -> Counts:
    """Merge and groupby on built frames: the same counts as savcore."""
    start, end = pd.Timestamp(YEAR.start), pd.Timestamp(YEAR.end)
    lo = pd.Timestamp(datetime.combine(YEAR.start, clock(0), PARIS))
    hi = pd.Timestamp(datetime.combine(YEAR.end, clock(0), PARIS))
    homes = homes[homes["unit_id"].isin(contract.unit_ids)]
    homes = homes[~(homes["added_on"] >= end) & ~(homes["withdrawn_on"] <= start)]
    visits = visits[
        (visits["kind"] == "preventive")
        & (visits["contract_id"] == contract.id)
        & (visits["visit_type_id"] == VISIT)
    ]
    tries = tries[(tries["at"] >= lo) & (tries["at"] < hi)]
    merged = tries.merge(visits[["intervention_id", "dwelling_id"]], on="intervention_id")
    done = merged.loc[merged["outcome"] == "done", "dwelling_id"].unique()
    failed = merged[merged["outcome"] != "done"].sort_values(["intervention_id", "number"])
    last = failed.groupby("intervention_id", sort=False).tail(1)
    closed = (last["number"] >= contract.attempts.max_attempts) | ~last["outcome"].isin(
        ["absent", "no-access"]
    )
    not_done = last.loc[closed, "dwelling_id"].unique()
    state = homes[["dwelling_id", "unit_id", "vacant"]].copy()
    is_done = state["dwelling_id"].isin(done)
    is_not_done = ~is_done & state["dwelling_id"].isin(not_done)
    state["done"] = is_done
    state["not_done"] = is_not_done
    state["pending"] = ~is_done & ~is_not_done
    state["excluded"] = state["vacant"] & ~is_done
    table = state.groupby("unit_id", sort=False).agg(
        in_scope=("dwelling_id", "size"),
        done=("done", "sum"),
        not_done=("not_done", "sum"),
        pending=("pending", "sum"),
        vacant=("excluded", "sum"),
    )
    return {
        str(u): (int(s), int(d), int(n), int(p), int(v), int(s - v))
        for u, s, d, n, p, v in table.itertuples()
    }


def run_pandas(
    contract: Contract,
    dwellings: list[Dwelling],
    interventions: list[Intervention],
    attempts: list[VisitAttempt],
) -> Counts:
    return run_groupby(contract, *build_frames(dwellings, interventions, attempts))


# -- timing ---------------------------------------------------------------------------------------


def timed(fn: Callable[P, R], *args: P.args, **kwargs: P.kwargs) -> tuple[float, R]:
    gc.collect()
    gc.disable()
    try:
        begin = time.perf_counter()
        result = fn(*args, **kwargs)
        return time.perf_counter() - begin, result
    finally:
        gc.enable()


def best_of(n: int, fn: Callable[P, R], *args: P.args, **kwargs: P.kwargs) -> tuple[float, R]:
    results = [timed(fn, *args, **kwargs) for _ in range(n)]
    return min(r[0] for r in results), results[-1][1]


def maxrss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def store_run(scale: float) -> tuple[int, int, float, float, float]:
    """Load a scaled copy into a SQLite store; time the penetration report from it and from the
    same objects in memory."""
    n_units = max(1, round(UNITS * scale))
    contract, units, dwellings, interventions, attempts = build(n_units)
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "savcore.db"
        with SqliteStore(path) as store:
            begin = time.perf_counter()
            with store.transaction():
                store.contracts.add(contract)
                store.units.add_many(units)
                store.dwellings.add_many(dwellings)
                store.interventions.add_many(interventions)
                store.attempts.add_many(attempts)
            load = time.perf_counter() - begin
        with SqliteStore(path, create=False) as store:
            seconds, from_store = timed(
                build_report, store, "penetration", contract.id, YEAR.start, YEAR.end
            )
    memory, direct = timed(
        penetration, contract, dwellings, interventions, attempts, YEAR, units=units
    )
    assert from_store == direct
    return len(dwellings), len(attempts), load, seconds, memory


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--store-scale", type=float, default=0.1)
    parser.add_argument("--units", type=int, default=UNITS, help="residences (100 dwellings each)")
    args = parser.parse_args()

    gc.disable()
    begin = time.perf_counter()
    contract, units, dwellings, interventions, attempts = build(args.units)
    built = time.perf_counter() - begin
    gc.enable()
    gc.freeze()  # the data lives to the end: keep the collector off it
    print(
        f"info: built {len(dwellings):,} dwellings, {len(interventions):,} interventions, "
        f"{len(attempts):,} attempts in {built:.1f} s; {maxrss_mb():.0f} MB"
    )

    seconds, report = best_of(
        3, penetration, contract, dwellings, interventions, attempts, YEAR, units=units
    )
    peak = maxrss_mb()
    expected = counts_of(report)
    totals = report.totals()
    print(f"info: savcore {seconds:.2f} s; totals {totals}; {report.notes[0]}")

    plain_seconds, plain = best_of(3, run_plain, contract, dwellings, interventions, attempts)
    assert plain == expected, "the plain dict pass disagrees with savcore"
    print(f"info: (a) plain dict pass {plain_seconds:.2f} s")

    frames_seconds, frames = timed(build_frames, dwellings, interventions, attempts)
    group_seconds, grouped = best_of(3, run_groupby, contract, *frames)
    assert grouped == expected, "pandas disagrees with savcore"
    pandas_seconds = frames_seconds + group_seconds
    print(
        f"info: (b) pandas frames from the objects {frames_seconds:.2f} s + merge/groupby "
        f"{group_seconds:.2f} s = {pandas_seconds:.2f} s; (c) merge/groupby alone "
        f"{group_seconds:.2f} s"
    )
    del frames
    process_peak = maxrss_mb()

    n_dw, n_at, load, store_seconds, memory_seconds = store_run(args.store_scale)
    print(
        f"info: SQLite store at scale {args.store_scale}: {n_dw:,} dwellings, {n_at:,} attempts "
        f"loaded in {load:.1f} s; report from the store {store_seconds:.2f} s "
        f"(in memory {memory_seconds:.2f} s)"
    )
    print(f"info: process peak including pandas: {process_peak:.0f} MB")

    print(f"RESULT stats.penetration_seconds {seconds:.2f} s")
    print(f"RESULT stats.attempts_per_s {len(attempts) / seconds:.0f} 1/s")
    print(f"RESULT stats.plain_dict_seconds {plain_seconds:.2f} s")
    print(f"RESULT stats.pandas_seconds {pandas_seconds:.2f} s")
    print(f"RESULT stats.pandas_groupby_seconds {group_seconds:.2f} s")
    print(f"RESULT stats.ratio_vs_plain_dict {seconds / plain_seconds:.2f} x")
    print(f"RESULT stats.ratio_vs_pandas {seconds / pandas_seconds:.2f} x")
    print(f"RESULT stats.ratio_vs_pandas_groupby {seconds / group_seconds:.2f} x")
    print(f"RESULT stats.peak_memory_mb {peak:.0f} MB")
    print(f"RESULT stats.store_report_seconds {store_seconds:.2f} s")
    print(f"RESULT stats.store_report_dwellings {n_dw} 1")
    print(f"RESULT stats.store_ratio_vs_memory {store_seconds / memory_seconds:.1f} x")


if __name__ == "__main__":
    main()
