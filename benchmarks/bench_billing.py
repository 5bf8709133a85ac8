"""Billing benchmark: schedule 20,000 service lines monthly for a year (240,000 instalments) and
issue 10,000 invoices.

Baseline, measured in the same run: a bare loop producing the same instalments as plain tuples
(line, period start, period end, amount) with the same anchored dates (``anchor + n months``) and
the same Decimal arithmetic (annual amount in cents split over twelve months, the left-over cents
to the first months), without objects, checks or timelines. The script checks that both give the
same tuples. Ratios are savcore's time divided by the baseline's.

Run: ``.venv/bin/python benchmarks/bench_billing.py``.
"""

from __future__ import annotations

import gc
import time
from collections.abc import Callable
from datetime import date
from decimal import ROUND_HALF_UP, Decimal
from typing import TypeVar

from dateutil.relativedelta import relativedelta

from savcore.billing.schedule import build_schedule
from savcore.model.contracts import (
    BillingTerms,
    Contract,
    ContractKind,
    PricingBasis,
    ServiceLine,
)
from savcore.model.parties import Address, Customer, CustomerKind, Party
from savcore.periods import Periodicity
from savcore.services.billing import run_billing
from savcore.store import MemoryStore
from savcore.timeline import Timeline

T = TypeVar("T")
START = date(2025, 1, 1)
END = date(2026, 1, 1)
LINES_PER_CONTRACT = 10


def portfolio(lines: int) -> list[Contract]:
    """``lines`` per-dwelling lines, ten per contract, monthly from 1 January 2025."""
    contracts = []
    for c in range(lines // LINES_PER_CONTRACT):
        service_lines = tuple(
            ServiceLine(
                f"L{c}-{n}",
                "Entretien chaudières",
                Timeline.constant(Decimal(f"{80 + n}.{c % 100:02d}"), START),
                pricing=PricingBasis.PER_DWELLING,
                dwellings=Timeline.constant(10 + (c * 7 + n) % 90, START),
            )
            for n in range(LINES_PER_CONTRACT)
        )
        contracts.append(
            Contract(
                f"C{c}",
                "K1",
                ContractKind.COLLECTIVE,
                "Entretien",
                START,
                12,
                billing=BillingTerms(Periodicity.MONTHLY),
                lines=service_lines,
            )
        )
    return contracts


def savcore_schedule(contracts: list[Contract]) -> list[tuple[str, date, date, Decimal]]:
    out = []
    for contract in contracts:
        for i in build_schedule(contract, START, END):
            out.append((i.line_id, i.period.start, i.period.end, i.amount))
    return out


def bare_loop(rows: list[tuple[str, Decimal, int]]) -> list[tuple[str, date, date, Decimal]]:
    """The same instalments from plain (line id, unit price, dwellings) rows."""
    out = []
    cent = Decimal("0.01")
    for line_id, price, dwellings in rows:
        annual = (price * dwellings).quantize(cent, rounding=ROUND_HALF_UP)
        cents = int(annual.scaleb(2))
        base, left = divmod(cents, 12)
        bounds = [START + relativedelta(months=n) for n in range(13)]  # anchored, no drift
        for n in range(12):
            out.append((line_id, bounds[n], bounds[n + 1], Decimal(base + (n < left)).scaleb(-2)))
    return out


def timed(fn: Callable[[], T], repeat: int = 2) -> tuple[float, T]:
    best, result = float("inf"), None
    for _ in range(repeat):
        gc.collect()
        t0 = time.perf_counter()
        result = fn()
        best = min(best, time.perf_counter() - t0)
    assert result is not None
    return best, result


def plain_rows(contracts: list[Contract]) -> list[tuple[str, Decimal, int]]:
    return [
        (line.id, line.unit_price.changes[0].value, line.dwellings.changes[0].value)  # type: ignore[union-attr]
        for c in contracts
        for line in c.lines
    ]


def issue_invoices_bench(count: int) -> tuple[float, float, int]:
    """Draft (dry run), then issue, ``count`` invoices with ``run_billing`` on a memory store (one
    invoice per contract and month): the two times and the number issued."""
    seller = Party("Chauffage Martin SARL", Address("3 rue des Forges", "69003", "Lyon"))
    customer = Customer(
        "K1",
        "OPH du Rhône",
        CustomerKind.SOCIAL_LANDLORD,
        Address("1 place Bellecour", "69002", "Lyon"),
    )
    contracts = portfolio((count // 12 + 1) * LINES_PER_CONTRACT)
    store = MemoryStore()
    with store.transaction():
        store.company.put(seller)
        store.customers.add(customer)
        for contract in contracts:
            store.contracts.add(contract)
    up_to = date(2025, 12, 1)
    t0 = time.perf_counter()
    dry = run_billing(store, up_to, dry_run=True)
    t1 = time.perf_counter()
    run = run_billing(store, up_to)
    t2 = time.perf_counter()
    assert len(dry.invoices) == len(run.invoices)
    return t1 - t0, t2 - t1, len(run.invoices)


def main() -> None:
    big = portfolio(20_000)
    small = portfolio(2_000)
    t_bare, bare = timed(lambda: bare_loop(plain_rows(big)))
    t_savcore, ours = timed(lambda: savcore_schedule(big))
    assert len(ours) == 240_000, len(ours)
    assert sorted(ours) == sorted(bare), "savcore and the bare loop disagree"
    t_small, _ = timed(lambda: savcore_schedule(small))
    t_draft, t_issue, issued = issue_invoices_bench(10_000)
    print(f"schedule 20,000 lines x 12 months: savcore {t_savcore:.2f} s, bare loop {t_bare:.2f} s")
    print(f"schedule 2,000 lines: {t_small:.2f} s")
    print(f"{issued} invoices: drafted (dry run) in {t_draft:.2f} s, issued in {t_issue:.2f} s")
    print(f"RESULT billing.instalments_per_s {len(ours) / t_savcore:.0f} 1/s")
    print(f"RESULT billing.bare_loop_instalments_per_s {len(bare) / t_bare:.0f} 1/s")
    print(f"RESULT billing.ratio_vs_bare_loop {t_savcore / t_bare:.2f} x")
    print(f"RESULT billing.scaling_ratio_lines_x10 {t_savcore / t_small:.2f} x")
    print(f"RESULT billing.invoices_issued {issued} 1")
    print(f"RESULT billing.drafts_per_s {issued / t_draft:.0f} 1/s")
    print(f"RESULT billing.invoices_per_s {issued / t_issue:.0f} 1/s")


if __name__ == "__main__":
    main()
