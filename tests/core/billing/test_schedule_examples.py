"""Hand-computed schedules: every figure is worked out in the comments, as on paper."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from savcore.billing.schedule import build_schedule
from savcore.model.contracts import BillingTerm
from savcore.model.invoices import Instalment
from savcore.periods import Alignment, Periodicity, ProrataConvention
from savcore.timeline import Timeline
from tests.core.billing._fixtures import contract, dwelling_line, flat_line


def rows(instalments: list[Instalment]) -> list[tuple[str, str, str, str, str]]:
    return [
        (
            i.period.start.isoformat(),
            i.period.last.isoformat(),
            str(i.amount),
            i.invoice_on.isoformat(),
            i.due_on.isoformat(),
        )
        for i in instalments
    ]


def test_quarterly_in_advance_from_15_february_actual_days() -> None:
    # 1,000.00 a year, quarterly (250.00 a quarter), calendar quarters, in advance, 30 days net.
    # Q1 2025 runs 01/01-31/03 = 90 days; the contract starts 15/02: 14 days of February
    # (15..28) + 31 of March = 45 days -> 250 x 45/90 = 125.00.
    # The contract ends 15/02/2026: Q1 2026 covers 01/01-14/02 = 31 + 14 = 45 days -> 125.00.
    # Total: 125 + 3 x 250 + 125 = 1,000.00. Invoice on the first day of each slice; due 30 days
    # later (15/02 + 30 days = 17/03, 2025 not being a leap year).
    c = contract(date(2025, 2, 15), (flat_line("L1", "1000.00", date(2025, 2, 15)),))
    schedule = build_schedule(c, date(2025, 1, 1), date(2027, 1, 1))
    assert rows(schedule) == [
        ("2025-02-15", "2025-03-31", "125.00", "2025-02-15", "2025-03-17"),
        ("2025-04-01", "2025-06-30", "250.00", "2025-04-01", "2025-05-01"),
        ("2025-07-01", "2025-09-30", "250.00", "2025-07-01", "2025-07-31"),
        ("2025-10-01", "2025-12-31", "250.00", "2025-10-01", "2025-10-31"),
        ("2026-01-01", "2026-02-14", "125.00", "2026-01-01", "2026-01-31"),
    ]
    assert sum(i.amount for i in schedule) == Decimal("1000.00")


def test_quarterly_stub_with_a_remainder_cent() -> None:
    # 1,000.00 a year from 10/02: Q1 slice 10/02-31/03 = 19 + 31 = 50 days of 90
    # -> 250 x 50/90 = 138.888...; billing year 2025 = 138.888... + 3 x 250 = 888.888... -> 888.89.
    # Split in cents: 13888.88 | 25000 | 25000 | 25000 -> floors 88888, one cent left, it goes to
    # the largest remainder (0.88, the stub): 138.89.
    c = contract(date(2025, 2, 10), (flat_line("L1", "1000.00", date(2025, 2, 10)),))
    amounts = [str(i.amount) for i in build_schedule(c, date(2025, 1, 1), date(2026, 1, 1))]
    assert amounts == ["138.89", "250.00", "250.00", "250.00"]


def test_30_360_convention() -> None:
    # Same contract from 15/02, 30/360: 15/02 -> 01/04 counts 360x0 + 30x(4-2) + (1-15) = 46 days,
    # the quarter 90 -> 250 x 46/90 = 127.777... ; year 2025 = 127.777... + 750 = 877.777... ->
    # 877.78, the cent to the stub: 127.78.
    # 2026: 01/01 -> 15/02 = 30 + 14 = 44 days -> 250 x 44/90 = 122.222... -> 122.22.
    # 127.78 + 750 + 122.22 = 1,000.00.
    c = contract(
        date(2025, 2, 15),
        (flat_line("L1", "1000.00", date(2025, 2, 15)),),
        prorata=ProrataConvention.THIRTY_360,
    )
    schedule = build_schedule(c, date(2025, 1, 1), date(2027, 1, 1))
    assert [str(i.amount) for i in schedule] == ["127.78", "250.00", "250.00", "250.00", "122.22"]


def test_whole_months_convention() -> None:
    # Whole months: a month begun is due. Q1 slice 15/02-31/03 touches February and March: 2 of 3
    # months -> 250 x 2/3 = 166.666... ; year 2025 = 916.666... -> 916.67, the cent to the stub:
    # 166.67. 2026: 01/01-14/02 touches January and February -> 166.666... -> 166.67.
    # (So whole months bill 1,083.34 over the 12 months: each begun month is due.)
    c = contract(
        date(2025, 2, 15),
        (flat_line("L1", "1000.00", date(2025, 2, 15)),),
        prorata=ProrataConvention.WHOLE_MONTHS,
    )
    schedule = build_schedule(c, date(2025, 1, 1), date(2027, 1, 1))
    assert [str(i.amount) for i in schedule] == ["166.67", "250.00", "250.00", "250.00", "166.67"]


def test_monthly_in_arrears_with_a_unit_joining_on_10_may() -> None:
    # Two residences at 120.00 per dwelling a year, 10 dwellings each: 1,200.00 a year, 100.00 a
    # month. UG-B joins on 10/05: May slice 10/05-31/05 = 22 days of 31 -> 100 x 22/31
    # = 70.967741... ; UG-B's 2025 = 70.967741... + 7 x 100 = 770.967741... -> 770.97, the cent to
    # the stub: 70.97. In arrears: invoiced the day after the slice (01/06), due 30 days later.
    start = date(2025, 1, 1)
    a = dwelling_line("A", "120.00", 10, start, unit_id="UG-A")
    b = dwelling_line("B", "120.00", 10, date(2025, 5, 10), unit_id="UG-B", start=date(2025, 5, 10))
    c = contract(start, (a, b), periodicity=Periodicity.MONTHLY, term=BillingTerm.IN_ARREARS)
    schedule = build_schedule(c, start, date(2026, 1, 1))
    b_rows = rows([i for i in schedule if i.line_id == "B"])
    assert b_rows[0] == ("2025-05-10", "2025-05-31", "70.97", "2025-06-01", "2025-07-01")
    assert [r[2] for r in b_rows[1:]] == ["100.00"] * 7
    a_may = next(i for i in schedule if i.line_id == "A" and i.period.start == date(2025, 5, 1))
    assert (str(a_may.amount), a_may.invoice_on) == ("100.00", date(2025, 6, 1))
    assert sum(i.amount for i in schedule if i.line_id == "A") == Decimal("1200.00")


def test_yearly_anniversary_billing() -> None:
    # 2,400.00 a year, yearly, anniversary of 15/03/2025, two years: [15/03/2025, 15/03/2026) and
    # [15/03/2026, 15/03/2027), 2,400.00 each, invoiced on the anniversary, due 30 days later.
    c = contract(
        date(2025, 3, 15),
        (flat_line("L1", "2400.00", date(2025, 3, 15)),),
        months=24,
        periodicity=Periodicity.YEARLY,
        alignment=Alignment.ANNIVERSARY,
    )
    assert rows(build_schedule(c, date(2025, 1, 1), date(2030, 1, 1))) == [
        ("2025-03-15", "2026-03-14", "2400.00", "2025-03-15", "2025-04-14"),
        ("2026-03-15", "2027-03-14", "2400.00", "2026-03-15", "2026-04-14"),
    ]


def test_anniversary_quarters_anchored_on_the_31st_do_not_drift() -> None:
    # Quarterly from 31/01: 31/01, 30/04 (clipped), 31/07, 31/10 -- each from the anchor, not from
    # the previous date (which would give 30/07, 30/10).
    c = contract(
        date(2025, 1, 31),
        (flat_line("L1", "1000.00", date(2025, 1, 31)),),
        alignment=Alignment.ANNIVERSARY,
    )
    starts = [i.period.start for i in build_schedule(c, date(2025, 1, 1), date(2026, 6, 1))]
    assert starts == [date(2025, 1, 31), date(2025, 4, 30), date(2025, 7, 31), date(2025, 10, 31)]


def test_dwellings_count_change_mid_quarter() -> None:
    # 90.00 per dwelling a year; 40 dwellings, 42 from 15/02/2025. Q1 = 90 days:
    # 01/01-14/02 = 45 days at 40 x 90 = 3,600 a year; 15/02-31/03 = 45 days at 42 x 90 = 3,780.
    # Q1 = (3,600 x 45 + 3,780 x 45) / 90 / 4 = (162,000 + 170,100) / 360 = 922.50.
    # Q2..Q4 = 3,780 / 4 = 945.00 each. Year: 922.50 + 2,835.00 = 3,757.50.
    start = date(2025, 1, 1)
    counts = Timeline.from_pairs([(start, 40), (date(2025, 2, 15), 42)])
    c = contract(start, (dwelling_line("L1", "90.00", counts, start),))
    schedule = build_schedule(c, start, date(2026, 1, 1))
    assert [str(i.amount) for i in schedule] == ["922.50", "945.00", "945.00", "945.00"]


def test_revision_effective_mid_period() -> None:
    # 1,200.00 a year, monthly in advance; revised to 1,236.00 from 10/03/2025.
    # March (31 days): 01/03-09/03 = 9 days at 1,200; 10/03-31/03 = 22 days at 1,236:
    # (1,200 x 9 + 1,236 x 22) / 31 / 12 = (10,800 + 27,192) / 372 = 102.129032...
    # April..December: 1,236 / 12 = 103.00. Year: 200 + 102.129032... + 927 = 1,229.129032...
    # -> 1,229.13; in cents the floors give 122,912, the cent left goes to March: 102.13.
    start = date(2025, 1, 1)
    prices = Timeline.from_pairs(
        [(start, Decimal("1200.00")), (date(2025, 3, 10), Decimal("1236.00"))]
    )
    line = flat_line("L1", "1200.00", start)
    line = type(line)(line.id, line.label, prices)
    c = contract(start, (line,), periodicity=Periodicity.MONTHLY)
    amounts = [str(i.amount) for i in build_schedule(c, start, date(2026, 1, 1))]
    assert amounts == ["100.00", "100.00", "102.13"] + ["103.00"] * 9
    assert sum(Decimal(a) for a in amounts) == Decimal("1229.13")


def test_full_year_at_constant_price_adds_up_to_the_annual_amount() -> None:
    # 1,000.00 / 12 = 83.333...: 100,000 cents = 12 x 8,333 + 4 -> the first four months get
    # 83.34, the other eight 83.33: 4 x 83.34 + 8 x 83.33 = 333.36 + 666.64 = 1,000.00.
    c = contract(
        date(2025, 1, 1),
        (flat_line("L1", "1000.00", date(2025, 1, 1)),),
        periodicity=Periodicity.MONTHLY,
    )
    amounts = [str(i.amount) for i in build_schedule(c, date(2025, 1, 1), date(2026, 1, 1))]
    assert amounts == ["83.34"] * 4 + ["83.33"] * 8


def test_the_window_does_not_change_the_amounts() -> None:
    # A one-day window gives each month its whole-year amount: April (4th month) 83.34, May (5th)
    # 83.33, as in the split of 1,000.00 over the twelve months above.
    c = contract(
        date(2025, 1, 1),
        (flat_line("L1", "1000.00", date(2025, 1, 1)),),
        periodicity=Periodicity.MONTHLY,
    )
    (may,) = build_schedule(c, date(2025, 5, 15), date(2025, 5, 16))
    assert (may.period.start, str(may.amount)) == (date(2025, 5, 1), "83.33")
    (april,) = build_schedule(c, date(2025, 4, 15), date(2025, 4, 16))
    assert (april.period.start, str(april.amount)) == (date(2025, 4, 1), "83.34")


def test_offset_and_end_of_month_payment_terms() -> None:
    # In arrears with invoice_offset_days = -1: Q1 invoiced on its last day, 31/03; 45 days end of
    # month: 31/03 + 45 days = 15/05 -> end of May, 31/05.
    from savcore.model.contracts import PaymentTerms

    c = contract(
        date(2025, 1, 1),
        (flat_line("L1", "1000.00", date(2025, 1, 1)),),
        term=BillingTerm.IN_ARREARS,
        invoice_offset_days=-1,
        payment=PaymentTerms(45, end_of_month=True),
    )
    first = build_schedule(c, date(2025, 1, 1), date(2025, 2, 1))[0]
    assert (first.invoice_on, first.due_on) == (date(2025, 3, 31), date(2025, 5, 31))
