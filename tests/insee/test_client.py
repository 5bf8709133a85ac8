"""The INSEE client and provider against httpx.MockTransport answers."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import httpx
import pytest

from savcore.errors import NotFoundError, TransmissionError
from savcore.model.indices import ValueStatus
from savcore.periods import Period
from savcore.plugins import get_index_provider, get_plugin_manager
from savcore.ports import IndexProvider
from savcore.revision import IndexRegistry
from savcore_insee import InseeClient, InseeError, InseeProvider
from tests.insee.conftest import BT40_IDBANK, bt40_xml


def _client(handler: httpx.MockTransport) -> InseeClient:
    return InseeClient(httpx.Client(transport=handler))


def test_request_shape_and_values() -> None:
    seen: list[httpx.Request] = []

    def handler(request: httpx.Request) -> httpx.Response:
        seen.append(request)
        return httpx.Response(200, text=bt40_xml())

    provider = InseeProvider(_client(httpx.MockTransport(handler)), idbanks={"BT40": BT40_IDBANK})
    values = provider.fetch(["BT40"], date(2018, 1, 1), date(2019, 1, 1))
    (request,) = seen
    assert request.url.path == f"/series/sdmx/data/SERIES_BDM/{BT40_IDBANK}"
    assert request.url.params["startPeriod"] == "2018-01"
    assert request.url.params["endPeriod"] == "2018-12"
    assert len(values) == 12
    dec = next(v for v in values if v.period == Period.month(2018, 12))
    assert (dec.index, dec.value, dec.status) == ("BT40", Decimal("107.7"), ValueStatus.PROVISIONAL)
    assert dec.published_on == date(2019, 3, 15)
    assert dec.source == f"INSEE BDM {BT40_IDBANK}"
    # the values feed a registry directly
    from savcore.model.indices import Index

    registry = IndexRegistry((Index("BT40", "Chauffage central", base="2010"),), tuple(values))
    assert registry.value_for("BT40", Period.month(2018, 1)).value == Decimal("105.9")


def test_several_idbanks_are_joined_with_plus() -> None:
    urls: list[str] = []

    def handler(request: httpx.Request) -> httpx.Response:
        urls.append(request.url.path)
        return httpx.Response(200, text=bt40_xml())

    client = _client(httpx.MockTransport(handler))
    series = client.series([BT40_IDBANK, "000000099"])
    assert urls == [f"/series/sdmx/data/SERIES_BDM/{BT40_IDBANK}+000000099"]
    assert len(series) == 2


def test_unknown_code_and_unknown_series() -> None:
    provider = InseeProvider(_client(httpx.MockTransport(lambda r: httpx.Response(404))))
    with pytest.raises(NotFoundError, match="BT40"):
        provider.fetch(["BT40"], date(2018, 1, 1), date(2019, 1, 1))
    with pytest.raises(NotFoundError, match="série INSEE"):
        provider.fetch(["001710986"], date(2018, 1, 1), date(2019, 1, 1))


def test_http_and_network_errors_are_translated() -> None:
    provider = InseeProvider(
        _client(httpx.MockTransport(lambda r: httpx.Response(503))), idbanks={"BT01": "001710986"}
    )
    with pytest.raises(InseeError) as info:
        provider.fetch(["BT01"], date(2022, 1, 1), date(2023, 1, 1))
    assert info.value.status == 503
    assert isinstance(info.value, TransmissionError)

    def refuse(request: httpx.Request) -> httpx.Response:
        raise httpx.ConnectError("connexion refusée", request=request)

    provider = InseeProvider(_client(httpx.MockTransport(refuse)))
    with pytest.raises(InseeError, match="échec de la connexion") as err:
        provider.fetch(["BT01"], date(2022, 1, 1), date(2023, 1, 1))
    assert isinstance(err.value.__cause__, httpx.ConnectError)


def test_entry_point_registers_the_provider() -> None:
    provider = get_index_provider("insee", get_plugin_manager())
    assert isinstance(provider, IndexProvider)
    assert isinstance(provider, InseeProvider)
