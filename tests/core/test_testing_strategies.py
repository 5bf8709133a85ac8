"""savcore.testing: every model type has a strategy, generated objects are valid and round-trip
through JSON unchanged, generated portfolios are consistent."""

from __future__ import annotations

import enum
import importlib
import sys
from decimal import Decimal
from typing import Any

import attrs
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from stdnum import iban as std_iban
from stdnum.fr import siren as std_siren
from stdnum.fr import siret as std_siret
from stdnum.fr import tva as std_tva

import savcore.model
from savcore import testing
from savcore.errors import NotFoundError
from savcore.model import ContractKind, DocumentKind, Invoice, Portfolio
from savcore.periods import Period
from savcore.serialize import dumps, loads
from savcore.testing import (
    STRATEGIES,
    credit_notes,
    dwellings,
    ibans,
    money,
    periods,
    portfolios,
    sirens,
    sirets,
    strategy_for,
    timelines,
    vat_numbers,
)
from savcore.timeline import Change, Segment, Timeline

MODEL_CLASSES = sorted(
    (
        obj
        for obj in (getattr(savcore.model, name) for name in savcore.model.__all__)
        if isinstance(obj, type) and attrs.has(obj)
    ),
    key=lambda cls: cls.__name__,
)
MODEL_ENUMS = sorted(
    (
        obj
        for obj in (getattr(savcore.model, name) for name in savcore.model.__all__)
        if isinstance(obj, type) and issubclass(obj, enum.Enum)
    ),
    key=lambda cls: cls.__name__,
)


def test_model_has_classes_to_cover() -> None:
    assert len(MODEL_CLASSES) >= 50
    assert Portfolio in MODEL_CLASSES


@pytest.mark.parametrize("cls", MODEL_CLASSES, ids=lambda cls: cls.__name__)
def test_every_model_class_has_a_strategy(cls: type[Any]) -> None:
    # A new model class without a strategy fails here (strategy_for raises NotFoundError).
    assert cls in STRATEGIES
    assert strategy_for(cls) is not None


@pytest.mark.parametrize("cls", MODEL_CLASSES, ids=lambda cls: cls.__name__)
@given(data=st.data())
def test_every_model_type_round_trips_through_json(cls: type[Any], data: st.DataObject) -> None:
    obj = data.draw(strategy_for(cls), label=cls.__name__)
    assert type(obj) is cls
    assert loads(dumps(obj), cls) == obj


@pytest.mark.parametrize("cls", MODEL_ENUMS, ids=lambda cls: cls.__name__)
@given(data=st.data())
def test_every_enum_round_trips_through_json(cls: type[enum.Enum], data: st.DataObject) -> None:
    member = data.draw(strategy_for(cls))
    assert isinstance(member, cls)
    assert loads(dumps(member), cls) is member


def test_strategy_for_an_unknown_type_names_it() -> None:
    class Stranger:
        pass

    with pytest.raises(NotFoundError) as info:
        strategy_for(Stranger)
    assert "Stranger" in str(info.value)
    assert isinstance(info.value, LookupError)


@given(portfolios())
def test_generated_portfolios_are_consistent_and_round_trip(portfolio: Portfolio) -> None:
    assert portfolio.problems() == []
    assert portfolio.validate() is portfolio
    assert loads(dumps(portfolio), Portfolio) == portfolio


@settings(max_examples=10, suppress_health_check=[HealthCheck.too_slow])
@given(
    portfolios(
        max_customers=2,
        max_units=6,
        max_dwellings_per_unit=12,
        max_contracts=5,
        max_interventions=10,
        max_invoices=4,
    )
)
def test_larger_portfolios_are_consistent(portfolio: Portfolio) -> None:
    assert portfolio.problems() == []


@given(portfolios(max_units=0, max_contracts=0, max_invoices=0))
def test_sizes_are_honoured(portfolio: Portfolio) -> None:
    assert portfolio.units == portfolio.dwellings == portfolio.contracts == ()
    assert portfolio.interventions == portfolio.invoices == ()
    assert 1 <= len(portfolio.customers) <= 3


@given(portfolios())
def test_portfolio_references_point_inside_the_portfolio(portfolio: Portfolio) -> None:
    units = {u.id: u for u in portfolio.units}
    contracts = {c.id: c for c in portfolio.contracts}
    for contract in portfolio.contracts:
        for unit_id in contract.unit_ids:
            assert units[unit_id].customer_id == contract.customer_id
        if contract.kind is ContractKind.FRAMEWORK:
            assert contract.price_schedule_id in {s.id for s in portfolio.price_schedules}
    for intervention in portfolio.interventions:
        contract = contracts[intervention.contract_id]
        if intervention.visit_type_id is not None:
            ranges = [r for r in portfolio.ranges if r.id in contract.range_ids]
            assert any(intervention.visit_type_id in {t.id for t in r.visit_types} for r in ranges)
    for invoice in portfolio.invoices:
        assert invoice.seller == portfolio.company


@given(sirens())
def test_sirens_pass_their_checksum(siren: str) -> None:
    assert std_siren.is_valid(siren)


@given(sirets())
def test_sirets_pass_their_checksum(siret: str) -> None:
    assert std_siret.is_valid(siret)


@given(vat_numbers())
def test_vat_numbers_pass_their_checksum(number: str) -> None:
    assert std_tva.is_valid(number)
    assert std_siren.is_valid(number[4:])


@given(ibans())
def test_ibans_pass_their_checksum(number: str) -> None:
    assert std_iban.is_valid(number)


@given(money(min_value=-5, max_value=5))
def test_money_is_at_the_cent_and_bounded(amount: Decimal) -> None:
    assert amount.as_tuple().exponent == -2
    assert Decimal(-5) <= amount <= Decimal(5)


@given(periods())
def test_periods_are_half_open_and_not_empty(period: Any) -> None:
    assert period.start < period.end


@given(timelines(st.integers(0, 10)))
def test_timelines_have_increasing_dates(timeline: Any) -> None:
    dates = [change.effective for change in timeline.changes]
    assert dates == sorted(set(dates))
    assert all(0 <= change.value <= 10 for change in timeline.changes)


@given(credit_notes())
def test_credit_notes_name_what_they_correct(note: Invoice) -> None:
    assert note.kind is DocumentKind.CREDIT_NOTE
    assert note.corrects is not None
    assert all(line.quantity >= 0 for line in note.lines)


@given(dwellings(unit_id="UG-1", building_ids=("UG-1-B1",)))
def test_keyword_arguments_pin_references(dwelling: Any) -> None:
    assert dwelling.unit_id == "UG-1"
    assert dwelling.building_id in (None, "UG-1-B1")


def test_public_api_is_listed_and_sorted() -> None:
    public = {name for name in vars(testing) if not name.startswith("_")}
    modules = {"annotations", "hypothesis"}
    assert set(testing.__all__) == public - modules
    assert testing.__all__ == sorted(testing.__all__, key=lambda n: (not n.isupper(), n))


def test_every_strategy_is_documented() -> None:
    for name in testing.__all__:
        obj = getattr(testing, name)
        if callable(obj):
            assert obj.__doc__, name


def test_missing_hypothesis_is_explained(monkeypatch: pytest.MonkeyPatch) -> None:
    for name in list(sys.modules):
        if name == "savcore.testing" or name.startswith("savcore.testing."):
            monkeypatch.delitem(sys.modules, name)
    monkeypatch.setitem(sys.modules, "hypothesis", None)
    with pytest.raises(ImportError) as info:
        importlib.import_module("savcore.testing")
    message = str(info.value)
    assert "installez" in message  # French
    assert "requires hypothesis" in message  # English
    assert "savcore[testing]" in message


@pytest.mark.parametrize(
    ("cls", "target"),
    [
        (Period, Period),
        (Timeline, Timeline[Decimal]),
        (Change, Change[Decimal]),
        (Segment, Segment[Decimal]),
    ],
    ids=["Period", "Timeline", "Change", "Segment"],
)
@given(data=st.data())
def test_core_values_round_trip_through_json(cls: Any, target: Any, data: st.DataObject) -> None:
    obj = data.draw(strategy_for(cls))
    assert loads(dumps(obj), target) == obj
