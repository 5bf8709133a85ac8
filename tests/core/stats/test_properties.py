"""Properties of the reports over generated portfolios (``savcore.testing.portfolios``).

Attempts and requests are moved around the period drawn, so that every report has something to
count: some inside, some just before or after.
"""

from __future__ import annotations

from datetime import date, datetime, time, timedelta
from decimal import Decimal
from typing import Any

import attrs
from hypothesis import given, settings
from hypothesis import strategies as st

from savcore.calendars import PARIS
from savcore.model.contracts import Contract
from savcore.model.operations import (
    Intervention,
    InterventionKind,
    InterventionRequest,
    Outcome,
    VisitAttempt,
)
from savcore.model.portfolio import Portfolio
from savcore.periods import Period
from savcore.reports import Report
from savcore.stats import (
    activity_report,
    dwellings_report,
    not_done_report,
    penetration,
    penetration_counts,
    repairs_report,
    requests_report,
    supplies_report,
)
from savcore.testing import portfolios

PORTFOLIOS = portfolios(max_units=3, max_dwellings_per_unit=5, max_interventions=8)


def _instant(day: date, seconds: int) -> datetime:
    return datetime.combine(day, time(0), PARIS) + timedelta(seconds=seconds)


@st.composite
def cases(draw: st.DrawFn) -> tuple[Portfolio, Contract, Period]:
    """A portfolio with at least one contract; one of its contracts, made to cover every unit,
    with a drawn penetration rule; a period; the portfolio's attempts and requests moved to
    within 40 days of the period; and, for some dwellings of the contract, preventive visits
    with numbered attempts of every outcome around the period."""
    portfolio = draw(PORTFOLIOS.filter(lambda p: bool(p.contracts)))
    contract = draw(st.sampled_from(portfolio.contracts))
    visit_types = sorted(contract.penetration.visit_type_ids) or ["VT-A", "VT-B"]
    rule = attrs.evolve(
        contract.penetration,
        exclude_vacant=draw(st.booleans()),
        exclude_refused=draw(st.booleans()),
        visit_type_ids=frozenset(draw(st.lists(st.sampled_from(visit_types), max_size=1))),
    )
    contract = attrs.evolve(
        contract, penetration=rule, unit_ids=tuple(u.id for u in portfolio.units)
    )
    start = draw(st.dates(date(2020, 1, 1), date(2030, 1, 1)))
    period = Period(start, start + timedelta(days=draw(st.integers(1, 400))))
    days = st.integers(-40, period.days + 40)
    seconds = st.integers(0, 86_399)

    def moved(day_offset: int, second: int) -> datetime:
        return _instant(period.start + timedelta(days=day_offset), second)

    attempts = [
        attrs.evolve(a, at=moved(draw(days), draw(seconds)), noticed_on=None)
        for a in portfolio.attempts
    ]
    interventions = list(portfolio.interventions)
    for dwelling in portfolio.dwellings:
        for k in range(draw(st.integers(0, 2))):
            visit = Intervention(
                f"GEN-{dwelling.id}-{k}",
                contract.id,
                InterventionKind.PREVENTIVE,
                dwelling.unit_id,
                dwelling_id=dwelling.id,
                visit_type_id=draw(st.sampled_from(visit_types)),
            )
            interventions.append(visit)
            offsets = sorted(draw(st.lists(days, max_size=4)))
            for n, offset in enumerate(offsets, start=1):
                attempts.append(
                    VisitAttempt(
                        f"{visit.id}-P{n}",
                        visit.id,
                        moved(offset, draw(seconds)),
                        draw(st.sampled_from(Outcome)),
                        number=n,
                        minutes_spent=draw(st.integers(0, 120)),
                    )
                )
    requests = []
    for r in portfolio.requests:
        received = moved(draw(days), draw(seconds))
        arrived = received + timedelta(hours=draw(st.integers(0, 200))) if r.arrived_at else None
        requests.append(
            attrs.evolve(
                r, received_at=received, arrived_at=arrived, ended_at=arrived, appointment_at=None
            )
        )
    portfolio = attrs.evolve(
        portfolio,
        interventions=tuple(interventions),
        attempts=tuple(attempts),
        requests=tuple(requests),
    )
    return portfolio, contract, period


def _known_requests(portfolio: Portfolio, contract: Contract) -> list[InterventionRequest]:
    levels = {level.level for level in contract.intervention.levels}
    return [r for r in portfolio.requests if r.urgency in levels]


def _reports(portfolio: Portfolio, contract: Contract, period: Period) -> list[Report]:
    p = portfolio
    data = (p.dwellings, p.interventions, p.attempts, period)
    ops = (p.interventions, p.attempts, period)
    return [
        penetration(contract, *data, units=p.units),
        dwellings_report(contract, *data, units=p.units),
        not_done_report(contract, *data, units=p.units),
        repairs_report(contract, *ops, units=p.units),
        activity_report(contract, *ops, units=p.units),
        supplies_report(contract, *ops, schedules=p.price_schedules, units=p.units),
        supplies_report(contract, *ops, priced=False),
        requests_report(contract, _known_requests(p, contract), period),
    ]


@settings(max_examples=40)
@given(cases())
def test_rates_within_zero_and_one_and_states_partition_the_scope(case: Any) -> None:
    portfolio, contract, period = case
    counts = penetration_counts(
        contract, portfolio.dwellings, portfolio.interventions, portfolio.attempts, period
    )
    for c in counts:
        assert c.done + c.not_done + c.pending == c.in_scope
        assert 0 <= c.done <= c.base <= c.in_scope
        assert c.vacant + c.refused <= c.not_done + c.pending
        assert c.rate is None or Decimal(0) <= c.rate <= Decimal(1)
    for report in _reports(portfolio, contract, period):
        for column in report.columns:
            if column.type.value == "rate":
                for value in report.values(column.key):
                    assert value is None or Decimal(0) <= value <= Decimal(1)


@settings(max_examples=40)
@given(cases())
def test_totals_are_the_sums_of_the_rows(case: Any) -> None:
    portfolio, contract, period = case
    for report in _reports(portfolio, contract, period):
        for key, total in report.totals().items():
            assert total == sum(v for v in report.values(key) if v is not None)
    # And they agree across reports: the dwellings listed are the dwellings in scope, with the
    # same states; attempts counted by activity are those of the contract in the period.
    pen, dwellings, _, repairs, activity, _, unpriced, _ = _reports(portfolio, contract, period)
    assert len(dwellings.rows) == pen.totals()["in_scope"]
    for state, key in (("réalisée", "done"), ("non faite", "not_done"), ("en attente", "pending")):
        assert dwellings.values("state").count(state) == pen.totals()[key]
    mine = {i.id for i in portfolio.interventions if i.contract_id == contract.id}
    start = datetime.combine(period.start, time(0), PARIS)
    end = datetime.combine(period.end, time(0), PARIS)
    inside = [a for a in portfolio.attempts if a.intervention_id in mine and start <= a.at < end]
    assert activity.totals()["attempts"] == len(inside)
    assert activity.totals()["minutes"] == sum(a.minutes_spent for a in inside)
    assert unpriced.totals()["quantity"] == sum(
        (r.quantity for a in inside for r in a.replacements), Decimal(0)
    )
    assert repairs.totals()["attempts"] <= len(inside)


@settings(max_examples=40)
@given(cases(), st.data())
def test_reports_unchanged_by_data_outside_the_period(case: Any, data: st.DataObject) -> None:
    portfolio, contract, period = case
    before = _reports(portfolio, contract, period)
    # Attempts after the end (any report) or before the start of the contract year that holds
    # the period's start (before it, a supply would rightly use a yearly warranty cap).
    year_start = min(contract.contract_year(period.start).start, period.start)
    extra: list[VisitAttempt] = []
    for n, intervention in enumerate(portfolio.interventions):
        if not data.draw(st.booleans()):
            continue
        after = data.draw(st.booleans())
        day = (
            period.end + timedelta(days=data.draw(st.integers(0, 300)))
            if after
            else year_start - timedelta(days=data.draw(st.integers(1, 300)))
        )
        template = data.draw(st.sampled_from(portfolio.attempts)) if portfolio.attempts else None
        if template is None:
            break
        extra.append(
            attrs.evolve(
                template,
                id=f"EXTRA-{n}",
                intervention_id=intervention.id,
                at=_instant(day, data.draw(st.integers(0, 86_399))),
                number=data.draw(st.integers(1, 10)),
            )
        )
    moved_requests = [
        attrs.evolve(
            r,
            id=f"EXTRA-{r.id}",
            received_at=_instant(period.end, 3600),
            arrived_at=None,
            ended_at=None,
            appointment_at=None,
        )
        for r in portfolio.requests
    ]
    bigger = attrs.evolve(
        portfolio,
        attempts=(*portfolio.attempts, *extra),
        requests=(*portfolio.requests, *moved_requests),
    )
    assert _reports(bigger, contract, period) == before
