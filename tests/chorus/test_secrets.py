"""Secrets (client secret, technical-account password, tokens) never show: not in reprs, errors,
logs, the store or files written. The autouse fixture of conftest.py also greps the logs and the
output of every test of this folder."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import httpx
import pytest

from savcore.hookspecs import hookimpl
from savcore.model import Address, Customer, CustomerKind
from savcore.plugins import get_plugin_manager
from savcore.serialize import dumps
from savcore.services.send import send
from savcore.store import SqliteStore
from savcore_chorus import ChorusError, ChorusTransmitter, Credentials
from savcore_chorus._samples import sample_invoice
from tests.chorus.fakes import CREDENTIALS, SECRETS, TOKEN_PREFIX, FakePortal, ok

NOW = datetime(2025, 2, 1, 10, 0, tzinfo=UTC)


def _clean(text: str) -> None:
    for secret in SECRETS:
        assert secret not in text


def test_reprs_and_strs_hide_secrets() -> None:
    portal = FakePortal()
    client = portal.client()
    portal.defaults["structures/v1/rechercher"] = ok(listeStructures=[{"idStructureCPP": 1}])
    client.find_structure("21690266800013")  # a token is now cached
    _clean(repr(CREDENTIALS) + str(CREDENTIALS) + repr(client) + repr(client.__dict__))
    _clean(repr(ChorusTransmitter(client)))
    assert TOKEN_PREFIX not in repr(vars(client))


def test_errors_hide_secrets() -> None:
    failures: list[httpx.Response | Exception] = [
        httpx.Response(401),
        httpx.Response(403, content=b""),
        httpx.Response(403, json={"codeRetour": 1, "libelle": "compte"}),
        httpx.Response(500),
        httpx.ReadTimeout("timeout"),
        httpx.Response(200, content=b"not json"),
    ]
    for failure in failures:
        portal = FakePortal()
        portal.defaults["structures/v1/rechercher"] = failure
        with pytest.raises(ChorusError) as info:
            portal.client(retries=0).find_structure("21690266800013")
        error = info.value
        _clean(str(error) + repr(error) + repr(error.args) + repr(vars(error)))
        assert error.__cause__ is None
    missing = {"SAVCORE_CHORUS_CLIENT_SECRET": "cs-9f8e7d6c5b4a-SECRET"}
    with pytest.raises(ChorusError) as info:
        Credentials.from_environment(missing)
    _clean(str(info.value))


def test_store_and_files_hide_secrets(tmp_path: Path) -> None:
    portal = FakePortal()
    portal.defaults["factures/v1/deposer/flux"] = ok(numeroFluxDepot="CPP1")
    transmitter = ChorusTransmitter(portal.client(), clock=lambda: NOW)

    class Plugin:
        @hookimpl
        def savcore_transmitters(self) -> list[ChorusTransmitter]:
            return [transmitter]

    invoice = sample_invoice()
    db = tmp_path / "savcore.db"
    store = SqliteStore(db)
    store.customers.add(
        Customer(
            invoice.customer_id,
            "Commune",
            CustomerKind.PUBLIC_BUYER,
            Address("1 rue", "69100", "Lyon"),
        )
    )
    store.invoices.put(invoice)
    send(
        invoice,
        "chorus",
        store=store,
        pm=get_plugin_manager(autoload=False, plugins=[Plugin()]),
        now=lambda: NOW,
    )
    _clean(dumps(list(store.transmissions.all())))
    store.close()
    for path in tmp_path.rglob("*"):
        if path.is_file():
            data = path.read_bytes()
            for secret in SECRETS:
                assert secret.encode() not in data, path.name
