"""The sample portfolio (``savcore demo``): consistent, large enough, stable, serializable."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest

from savcore.cli import main
from savcore.demo import build_demo_portfolio, run_demo, summary
from savcore.model import (
    ContractKind,
    CustomerKind,
    InvoicingChannel,
    Portfolio,
    UnitKind,
)
from savcore.serialize import dumps, loads


@pytest.fixture(scope="module")
def portfolio() -> Portfolio:
    return build_demo_portfolio()


def test_portfolio_is_consistent(portfolio: Portfolio) -> None:
    assert portfolio.problems() == []


def test_landlord_has_residences_and_dwellings(portfolio: Portfolio) -> None:
    residences = [u for u in portfolio.units if u.kind is UnitKind.RESIDENCE]
    assert len(residences) >= 12
    assert len(portfolio.dwellings) >= 1500
    assert any(d.occupant is not None for d in portfolio.dwellings)
    assert any(d.vacancies for d in portfolio.dwellings)
    assert len(portfolio.appliances) > len(portfolio.dwellings)


def test_three_customer_kinds_and_contract_kinds(portfolio: Portfolio) -> None:
    assert {c.kind for c in portfolio.customers} == {
        CustomerKind.SOCIAL_LANDLORD,
        CustomerKind.PROPERTY_MANAGER,
        CustomerKind.PUBLIC_BUYER,
    }
    assert {c.kind for c in portfolio.contracts} == set(ContractKind)
    public = next(c for c in portfolio.customers if c.kind is CustomerKind.PUBLIC_BUYER)
    assert public.invoicing.channel is InvoicingChannel.CHORUS_PRO
    assert public.siret is not None
    assert public.invoicing.service_code is not None
    assert public.invoicing.engagement_number is not None


def test_collective_contract_amounts_follow_the_timelines(portfolio: Portfolio) -> None:
    contract = next(c for c in portfolio.contracts if c.kind is ContractKind.COLLECTIVE)
    assert len(contract.lines) == 2 * len(contract.unit_ids)

    def annual(day: date) -> Decimal:
        return sum(
            (
                line.annual_amount_at(day)
                for line in contract.lines
                if line.start is None or line.start <= day
            ),
            Decimal(0),
        )

    # 1 January: 510 dwellings with a boiler room x (64.80 + 18.90) = 42,687.00
    #          + 1,068 dwellings with a boiler x (86.40 + 27.60) = 121,752.00
    assert annual(date(2018, 1, 1)) == Decimal("164439.00")
    # 31 December: + 6 dwellings delivered on 1 May and 56 joining on 1 July, x 114.00
    assert annual(date(2018, 12, 31)) == Decimal("171507.00")


def test_framework_has_its_price_schedule(portfolio: Portfolio) -> None:
    framework = next(c for c in portfolio.contracts if c.kind is ContractKind.FRAMEWORK)
    schedule = next(s for s in portfolio.price_schedules if s.id == framework.price_schedule_id)
    items = schedule.version_at(framework.start).items
    assert 35 <= len(items) <= 50
    assert len({item.family for item in items}) == 3
    assert framework.min_amount is not None
    assert framework.max_amount is not None
    assert framework.revision is not None
    for item in items:
        assert framework.revision.formula_for(item.family) is not None


def test_round_trips_through_json(portfolio: Portfolio) -> None:
    assert loads(dumps(portfolio, indent=2), Portfolio) == portfolio


def test_build_is_deterministic(portfolio: Portfolio) -> None:
    again = build_demo_portfolio()
    assert again == portfolio
    assert dumps(again) == dumps(portfolio)


def test_summary_is_french(portfolio: Portfolio) -> None:
    text = summary(portfolio, date(2018, 12, 31))
    assert "contrat collectif P2/P3" in text
    assert "171 507,00 €" in text
    assert "logements : 1 640" in text


def test_run_demo_writes_the_portfolio(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert run_demo(tmp_path / "out") == 0
    written = (tmp_path / "out" / "portfolio.json").read_text(encoding="utf-8")
    assert loads(written, Portfolio) == build_demo_portfolio()
    assert "Fichier écrit" in capsys.readouterr().out


def test_cli_demo(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["demo", "--output", str(tmp_path)]) == 0
    loaded = loads((tmp_path / "portfolio.json").read_bytes(), Portfolio)
    assert len(loaded.dwellings) >= 1500
    assert "Contrats (5)" in capsys.readouterr().out
