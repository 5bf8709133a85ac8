"""The store's fast document writer gives, byte for byte, the text of the one converter."""

from __future__ import annotations

from datetime import UTC, date, datetime
from typing import Any

import attrs
import pytest

from savcore.demo import build_demo_portfolio
from savcore.ports import TransmissionStatus
from savcore.serialize import converter
from savcore.store import NumberSequence, Transmission
from savcore.store._codec import _dumps, decoder, encoder
from savcore.store._specs import ALL_SPECS, PORTFOLIO_SPECS


def _same(obj: Any) -> None:
    text = encoder(type(obj))(obj)
    assert text == _dumps(converter.unstructure(obj))
    assert decoder(type(obj))(text) == obj


def test_demo_portfolio_documents() -> None:
    portfolio = build_demo_portfolio()
    for spec in PORTFOLIO_SPECS:
        for obj in getattr(portfolio, spec.name):
            _same(obj)
    _same(portfolio.company)


def test_store_records() -> None:
    at = datetime(2025, 4, 2, 9, 30, tzinfo=UTC)
    _same(NumberSequence("FA", 2025, 12, date(2025, 4, 1)))
    _same(Transmission("chorus", "D-1", "FA-2025-000001", at, at))
    _same(
        Transmission(
            "chorus",
            "D-1",
            "FA-2025-000001",
            at,
            at,
            status=TransmissionStatus.PAID,
            remote_id="CPP-9",
            attempts=2,
            detail="Mise en paiement « ok »",
        )
    )


@pytest.mark.parametrize("spec", ALL_SPECS, ids=lambda spec: spec.name)
def test_generated_objects(spec: Any) -> None:
    testing = pytest.importorskip("savcore.testing")
    from hypothesis import HealthCheck, given, settings

    try:
        strategy = testing.strategy_for(spec.cls)
    except Exception:  # no strategy for the store's own records
        pytest.skip(f"pas de stratégie pour {spec.cls.__name__}")

    @settings(max_examples=40, deadline=None, suppress_health_check=list(HealthCheck))
    @given(strategy)
    def check(obj: Any) -> None:
        assert attrs.has(type(obj))
        _same(obj)

    check()
