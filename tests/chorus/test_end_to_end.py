"""End to end against a local HTTP server on 127.0.0.1 that accepts a deposit and then drops the
connection without answering: the invoice is found by number, not deposited a second time, and
the store says so."""

from __future__ import annotations

import json
import threading
from collections.abc import Iterator
from datetime import UTC, datetime
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

import httpx
import pytest

from savcore.hookspecs import hookimpl
from savcore.model import Address, Customer, CustomerKind
from savcore.plugins import get_plugin_manager
from savcore.ports import TransmissionStatus
from savcore.services.send import send
from savcore.store import MemoryStore
from savcore_chorus import ChorusClient, ChorusTransmitter, Hosts
from savcore_chorus._samples import sample_invoice
from tests.chorus.fakes import CREDENTIALS, OK

NOW = datetime(2025, 2, 1, 10, 0, tzinfo=UTC)


class _Portal(BaseHTTPRequestHandler):
    deposits: list[dict[str, Any]]
    searches: list[dict[str, Any]]

    def log_message(self, format: str, *args: Any) -> None:  # quiet: no request lines on stderr
        pass

    def _answer(self, payload: dict[str, Any]) -> None:
        body = json.dumps(payload).encode()
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def do_POST(self) -> None:
        length = int(self.headers.get("Content-Length", "0"))
        raw = self.rfile.read(length)
        if self.path == "/token":
            self._answer({"access_token": "tok-a1b2c3-SECRET-e2e", "expires_in": 3600})
            return
        body = json.loads(raw)
        if self.path == "/cpro/factures/v1/deposer/flux":
            type(self).deposits.append(body)
            self.close_connection = True  # accepted... and the answer is lost
            return
        if self.path == "/cpro/factures/v1/rechercher/fournisseur":
            type(self).searches.append(body)
            rows = (
                [
                    {
                        "identifiantFactureCPP": 123456,
                        "numeroFacture": "FA-2025-000042",
                        "statut": "DEPOSEE",
                        "numeroFluxDepot": "CPP0000000000000000000042",
                    }
                ]
                if type(self).deposits
                else []
            )
            rows = [r for r in rows if r["numeroFacture"] == body.get("numeroFacture")]
            self._answer(
                {**OK, "listeFactures": rows, "parametresRetour": {"pages": 1, "total": len(rows)}}
            )
            return
        self.send_response(404)
        self.end_headers()


@pytest.fixture
def portal() -> Iterator[tuple[str, type[_Portal]]]:
    handler = type("Portal", (_Portal,), {"deposits": [], "searches": []})
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}", handler
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=5)


def test_dropped_answer_after_deposit_is_found_by_number(portal: tuple[str, type[_Portal]]) -> None:
    base, handler = portal
    http = httpx.Client(timeout=5.0)
    client = ChorusClient(
        http, CREDENTIALS, Hosts(f"{base}/token", base, "local"), sleep=lambda _: None
    )
    transmitter = ChorusTransmitter(client, clock=lambda: NOW, sleep=lambda _: None)

    class Plugin:
        @hookimpl
        def savcore_transmitters(self) -> list[ChorusTransmitter]:
            return [transmitter]

    invoice = sample_invoice()
    store = MemoryStore()
    store.customers.add(
        Customer(
            invoice.customer_id,
            "Commune",
            CustomerKind.PUBLIC_BUYER,
            Address("1 rue", "69100", "Villeurbanne"),
        )
    )
    store.invoices.put(invoice)
    pm = get_plugin_manager(autoload=False, plugins=[Plugin()])
    receipt = send(invoice, "chorus", store=store, pm=pm, now=lambda: NOW)
    http.close()

    assert len(handler.deposits) == 1
    assert handler.searches[0]["numeroFacture"] == "FA-2025-000042"
    assert receipt.remote_id == "CPP0000000000000000000042"
    record = store.transmissions.get(f"chorus:{invoice.id}")
    assert record.status is TransmissionStatus.SUBMITTED
    assert record.remote_id == "CPP0000000000000000000042"
    assert "déjà déposée" in record.detail
