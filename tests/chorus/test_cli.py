"""``savcore chorus send`` and ``savcore chorus status`` on an SQLite store."""

from __future__ import annotations

import argparse
import io
from datetime import UTC, date, datetime
from pathlib import Path

import attrs
from facturx import get_xml_from_pdf

from savcore.cli import build_parser
from savcore.demo import build_demo_portfolio
from savcore.model import Address, Customer, CustomerKind
from savcore.services import load_portfolio
from savcore.services.billing import run_billing
from savcore.store import SqliteStore
from savcore_chorus import ChorusTransmitter
from savcore_chorus._samples import sample_invoice
from savcore_chorus.cli import run_prepare, run_send, run_status
from savcore_chorus.validation import Validator
from tests.chorus.fakes import FakePortal, flow_report, history, invoice_row, ok, search_pages

NOW = datetime(2025, 2, 1, 10, 0, tzinfo=UTC)


def test_commands_are_registered() -> None:
    args = build_parser().parse_args(["chorus", "status", "--all"])
    assert args.handler is run_status
    assert args.all
    args = build_parser().parse_args(["chorus", "send", "FA-2025-000042"])
    assert (args.handler, args.number) == (run_send, "FA-2025-000042")


def test_send_then_status(tmp_path: Path) -> None:
    db = tmp_path / "savcore.db"
    invoice = sample_invoice()
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
    store.close()
    portal = FakePortal()
    portal.defaults["factures/v1/deposer/flux"] = ok(numeroFluxDepot="CPP77")
    portal.defaults["transverses/v1/consulterCRDetaille"] = flow_report("CPP77", "IN_INTEGRE")
    portal.defaults["factures/v1/rechercher/fournisseur"] = search_pages(
        [invoice_row(1, number="FA-2025-000042", flow="CPP77")], 10
    )
    portal.defaults["factures/v1/consulter/historique"] = history(
        9001, "FA-2025-000042", ("DEPOSEE", "d1", ""), ("REJETEE", "d2", "Mauvais service")
    )
    transmitter = ChorusTransmitter(portal.client(), clock=lambda: NOW)
    out = io.StringIO()
    args = argparse.Namespace(db=db, number="FA-2025-000042", syntax="IN_DP_E2_CII_FACTURX")
    assert run_send(args, out, lambda: transmitter) == 0
    assert "FA-2025-000042 : déposée" in out.getvalue()
    out = io.StringIO()
    assert run_status(argparse.Namespace(db=db, all=False), out, lambda: transmitter) == 0
    assert "rejetée" in out.getvalue()
    assert "Mauvais service" in out.getvalue()
    # Final now: without --all the portal is not asked again.
    asked = len(portal.requests)
    run_status(argparse.Namespace(db=db, all=False), io.StringIO(), lambda: transmitter)
    assert len(portal.requests) == asked


def test_prepare_writes_facturx_and_cii_of_the_public_buyer_and_checks_them(
    tmp_path: Path, validator: Validator
) -> None:
    # The demo, billed for 2018: the commune's two executed purchase orders are invoiced (FP-...).
    db = tmp_path / "savcore.db"
    store = SqliteStore(db)
    load_portfolio(store, build_demo_portfolio())
    run_billing(store, date(2018, 12, 31))
    store.close()
    out = io.StringIO()
    transmitter = ChorusTransmitter(validator=validator)
    args = argparse.Namespace(
        db=db, numbers=["FP-2018-000001", "FP-2018-000002"], output=tmp_path / "chorus"
    )
    assert run_prepare(args, out, lambda: transmitter) == 0
    text = out.getvalue()
    assert text.count("prête pour Chorus Pro") == 2
    assert "avertissement" not in text  # XSD and Schematron were run, nothing to say
    pdf = (tmp_path / "chorus" / "facturx_chorus_facture_FP-2018-000001.pdf").read_bytes()
    xml = (tmp_path / "chorus" / "cii_FP-2018-000001.xml").read_bytes()
    assert get_xml_from_pdf(pdf, check_xsd=False)[1] == xml
    assert validator.validate(xml).ok


def test_prepare_refuses_a_document_failing_the_checks(tmp_path: Path) -> None:
    db = tmp_path / "savcore.db"
    invoice = sample_invoice()
    broken = attrs.evolve(invoice, buyer=attrs.evolve(invoice.buyer, siret=None, siren=None))
    store = SqliteStore(db)
    store.invoices.put(broken)
    store.close()
    out = io.StringIO()
    args = argparse.Namespace(db=db, numbers=[invoice.number], output=tmp_path / "out")
    assert run_prepare(args, out, ChorusTransmitter) == 1
    assert "REFUSÉE avant envoi" in out.getvalue()
    assert not list((tmp_path / "out").glob("*.pdf"))
