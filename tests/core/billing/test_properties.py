"""Properties of schedules and automatic invoicing over generated contracts."""

from __future__ import annotations

import itertools
from datetime import date, timedelta
from decimal import Decimal

from hypothesis import given
from hypothesis import strategies as st

from savcore.billing.invoicing import en16931_problems
from savcore.billing.schedule import billing_year, build_schedule
from savcore.model.contracts import BillingTerm, Contract, Grouping
from savcore.periods import Alignment, Periodicity, ProrataConvention
from savcore.services.billing import run_billing
from savcore.store import MemoryStore, parse_number
from savcore.timeline import Timeline
from tests.core.billing._fixtures import CUSTOMER, SELLER, contract, dwelling_line, flat_line

days = st.dates(date(2024, 1, 1), date(2026, 12, 31))
prices = st.decimals(Decimal("0.01"), Decimal("99999.99"), places=2)


@st.composite
def contracts(draw: st.DrawFn) -> Contract:
    start = draw(days)
    lines = []
    for n in range(draw(st.integers(1, 3))):
        line_start = draw(st.one_of(st.none(), st.dates(start, start + timedelta(days=400))))
        line_end = draw(st.one_of(st.none(), st.dates(start + timedelta(days=1), date(2029, 1, 1))))
        if line_start and line_end and line_end <= line_start:
            line_end = None
        since = line_start or start
        changes = sorted(
            set(draw(st.lists(st.dates(since, since + timedelta(days=700)), max_size=2)))
        )
        price = Timeline.from_pairs(
            [(since, draw(prices))] + [(d, draw(prices)) for d in changes if d > since]
        )
        if draw(st.booleans()):
            counts = Timeline.from_pairs(
                [(since, draw(st.integers(0, 300)))]
                + [(d, draw(st.integers(0, 300))) for d in changes if d > since]
            )
            line = dwelling_line(
                f"L{n}", price, counts, since, start=line_start, end=line_end, unit_id="UG"
            )
        else:
            line = flat_line(f"L{n}", "1", since, start=line_start, end=line_end, unit_id="UG")
            line = type(line)(
                line.id, line.label, price, start=line_start, end=line_end, unit_id="UG"
            )
        lines.append(line)
    return contract(
        start,
        tuple(lines),
        months=draw(st.integers(1, 36)),
        periodicity=draw(st.sampled_from(Periodicity)),
        term=draw(st.sampled_from(BillingTerm)),
        alignment=draw(st.sampled_from(Alignment)),
        prorata=draw(st.sampled_from(ProrataConvention)),
        grouping=draw(st.sampled_from(Grouping)),
    )


@given(contracts())
def test_instalments_tile_each_line_without_gap_or_overlap(c: Contract) -> None:
    schedule = build_schedule(c, date(2020, 1, 1), date(2031, 1, 1))
    for line in c.lines:
        mine = sorted((i for i in schedule if i.line_id == line.id), key=lambda i: i.period.start)
        active = line.active_period(c.period)
        if active is None:
            assert mine == []
            continue
        assert mine[0].period.start == active.start
        assert mine[-1].period.end == active.end
        for before, after in itertools.pairwise(mine):
            assert before.period.end == after.period.start
        assert all(i.amount >= 0 and i.due_on >= i.invoice_on for i in mine)


@given(
    start=days,
    annual=prices,
    periodicity=st.sampled_from(Periodicity),
    alignment=st.sampled_from(Alignment),
    convention=st.sampled_from(ProrataConvention),
    dwellings=st.integers(1, 500),
)
def test_a_full_billing_year_adds_up_to_the_annual_amount(
    start: date,
    annual: Decimal,
    periodicity: Periodicity,
    alignment: Alignment,
    convention: ProrataConvention,
    dwellings: int,
) -> None:
    line = dwelling_line("L1", str(annual), dwellings, start)
    c = contract(
        start, (line,), months=36, periodicity=periodicity, alignment=alignment, prorata=convention
    )
    year = billing_year(c, start + timedelta(days=400))
    inside = [i for i in build_schedule(c, year.start, year.end) if year.contains_period(i.period)]
    assert len(inside) == periodicity.per_year
    assert sum(i.amount for i in inside) == annual * dwellings


def _store(c: Contract) -> MemoryStore:
    store = MemoryStore()
    with store.transaction():
        store.company.put(SELLER)
        store.customers.add(CUSTOMER)
        store.contracts.add(c)
    return store


@given(c=contracts(), runs=st.lists(st.tuples(st.integers(0, 1200), st.booleans()), max_size=5))
def test_runs_issue_each_instalment_once_with_gapless_numbers(
    c: Contract, runs: list[tuple[int, bool]]
) -> None:
    store = _store(c)
    for offset, dry in runs:
        up_to = c.start + timedelta(days=offset)
        result = run_billing(store, up_to, dry_run=dry)
        for invoice in result.invoices:
            assert en16931_problems(invoice) == []
        if not dry:
            assert run_billing(store, up_to).invoices == ()
    issued = store.invoices.issued()
    by_year: dict[int, list[int]] = {}
    for invoice in issued:
        parsed = parse_number(invoice.number or "")
        assert parsed is not None
        by_year.setdefault(parsed[1], []).append(parsed[2])
    for counters in by_year.values():  # gapless within each year of the series
        assert sorted(counters) == list(range(1, len(counters) + 1))
    ids = [line.instalment_id for i in issued for line in i.lines]
    assert len(ids) == len(set(ids))
    dates = [i.issue_date for i in sorted(issued, key=lambda i: i.number or "")]
    assert dates == sorted(dates)
