"""Benchmark: plan the yearly boiler campaign of 300,000 dwellings.

The portfolio: 1,000 residences of 300 dwellings (3 buildings each), one boiler per dwelling, in
5 sectors; 160 technicians (32 per sector) at 4 visits per half-day; the 2025 calendar year
(French public holidays). savcore: :func:`~savcore.operations.due_visits` (which boiler services
are due) then :func:`~savcore.operations.plan_campaign` (appointments with notice dates).

Baseline, measured in the same run: a bare loop that walks the same dwellings residence by
residence and hands out (technician, day, half-day) places as plain tuples, with a precomputed
list of working days and no objects, checks, sectors or notices.

Both are timed with the garbage collector off (as :mod:`timeit` does); peak memory is measured
in a separate run of savcore's planning under :mod:`tracemalloc` (which slows it down).

Prints ``RESULT operations.plan_seconds``, ``RESULT operations.plan_dwellings_per_s``,
``RESULT operations.peak_memory_mb`` and ``RESULT operations.ratio_vs_bare_loop``.
Run alone with ``.venv/bin/python benchmarks/bench_planning.py``.
"""

from __future__ import annotations

import gc
import time
import tracemalloc
from collections.abc import Callable
from datetime import date
from typing import ParamSpec, TypeVar

from savcore.calendars import WorkingCalendar
from savcore.model.contracts import Contract, ContractKind
from savcore.model.parties import Address
from savcore.model.ranges import MaintenanceRange, Technician, VisitType
from savcore.model.sites import Appliance, ApplianceKind, Dwelling, ManagementUnit
from savcore.operations import CampaignPlan, due_visits, plan_campaign
from savcore.periods import Period

P = ParamSpec("P")
R = TypeVar("R")

RESIDENCES = 1_000
PER_RESIDENCE = 300
SECTORS = 5
TECHNICIANS = 160
YEAR = Period.year(2025)
CALENDAR = WorkingCalendar()
SERVICE = VisitType(
    "ENT-CHAU", "Entretien chaudière", appliance_kinds=frozenset({ApplianceKind.BOILER})
)
RANGE = MaintenanceRange("G-CHAU", "Chaudières individuelles", (SERVICE,))


def build() -> tuple[
    Contract, list[ManagementUnit], list[Dwelling], list[Appliance], list[Technician]
]:
    address = Address("1 place du Capitole", "31000", "Toulouse")
    units = [
        ManagementUnit(f"UG{u:04d}", "OPH", f"Résidence {u}", address, sector=f"S{u % SECTORS}")
        for u in range(RESIDENCES)
    ]
    dwellings = [
        Dwelling(
            f"UG{u:04d}-L{d:03d}",
            f"UG{u:04d}",
            f"L{d:03d}",
            building_id=f"UG{u:04d}-B{d % 3}",
        )
        for u in range(RESIDENCES)
        for d in range(PER_RESIDENCE)
    ]
    appliances = [
        Appliance(f"{d.id}-CH", d.unit_id, ApplianceKind.BOILER, dwelling_id=d.id)
        for d in dwellings
    ]
    technicians = [
        Technician(f"T{t:03d}", f"Technicien {t}", sectors=frozenset({f"S{t % SECTORS}"}))
        for t in range(TECHNICIANS)
    ]
    contract = Contract(
        id="C-OPH",
        customer_id="OPH",
        kind=ContractKind.COLLECTIVE,
        designation="Entretien des chaudières individuelles",
        start=date(2025, 1, 1),
        duration_months=48,
        unit_ids=tuple(u.id for u in units),
        range_ids=(RANGE.id,),
    )
    return contract, units, dwellings, appliances, technicians


def run_savcore(
    contract: Contract,
    units: list[ManagementUnit],
    dwellings: list[Dwelling],
    appliances: list[Appliance],
    technicians: list[Technician],
) -> CampaignPlan:
    due = due_visits(contract, [RANGE], dwellings, YEAR, appliances=appliances)
    return plan_campaign(
        due, YEAR, technicians, CALENDAR, campaign="2025", notice_days=7, units=units
    )


def run_bare(
    dwellings: list[Dwelling], days: list[date], technicians: int
) -> list[tuple[str, int, date, int, int]]:
    """Same dwellings, places handed out in order: tech t, day index, half-day, position."""
    out = []
    per_tech = len(days) * 8
    for i, dwelling in enumerate(dwellings):
        tech, place = divmod(i, per_tech)
        if tech >= technicians:
            break
        day, rest = divmod(place, 8)
        out.append((dwelling.id, tech, days[day], rest // 4, rest % 4))
    return out


def timed(fn: Callable[P, R], *args: P.args, **kwargs: P.kwargs) -> tuple[float, R]:
    gc.collect()
    gc.disable()
    try:
        start = time.perf_counter()
        result = fn(*args, **kwargs)
        return time.perf_counter() - start, result
    finally:
        gc.enable()


def main() -> None:
    contract, units, dwellings, appliances, technicians = build()
    n = len(dwellings)
    due_seconds, due = timed(due_visits, contract, [RANGE], dwellings, YEAR, appliances=appliances)
    del due
    seconds, plan = timed(run_savcore, contract, units, dwellings, appliances, technicians)
    assert len(plan.planned) + len(plan.unplanned) == n
    planned, left = len(plan.planned), len(plan.unplanned)
    del plan
    days = CALENDAR.working_days(YEAR)
    bare_seconds, bare = timed(run_bare, dwellings, days, TECHNICIANS)
    del bare

    gc.collect()
    tracemalloc.start()
    plan = run_savcore(contract, units, dwellings, appliances, technicians)
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    del plan

    print(
        f"info: {n} dwellings, {RESIDENCES} residences, {TECHNICIANS} technicians, "
        f"{len(days)} working days in 2025: {planned} planned, {left} left over; "
        f"due visits alone {due_seconds:.2f} s, bare loop {bare_seconds:.3f} s"
    )
    print(f"RESULT operations.plan_seconds {seconds:.2f} s")
    print(f"RESULT operations.plan_dwellings_per_s {n / seconds:.0f} 1/s")
    print(f"RESULT operations.peak_memory_mb {peak / 1e6:.0f} MB")
    print(f"RESULT operations.ratio_vs_bare_loop {seconds / bare_seconds:.1f} x")


if __name__ == "__main__":
    main()
