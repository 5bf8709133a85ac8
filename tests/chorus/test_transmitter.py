"""The ``chorus`` transmitter: refuse before sending, deposit once, follow up; savcore.send over a
store records before and after."""

from __future__ import annotations

import base64
from datetime import UTC, datetime

import attrs
import facturx
import httpx
import pytest

from savcore.errors import BusinessRuleError
from savcore.hookspecs import hookimpl
from savcore.model import Address, Customer, CustomerKind, Invoice
from savcore.plugins import get_plugin_manager
from savcore.ports import TransmissionReceipt, TransmissionStatus
from savcore.services.send import PENDING_DETAIL, send
from savcore.store import MemoryStore
from savcore_chorus import (
    SYNTAX_CII,
    ChorusDataError,
    ChorusTransmitter,
    ChorusTransportError,
    PreflightError,
    build_cii,
)
from savcore_chorus._samples import sample_credit_note, sample_invoice
from tests.chorus.fakes import FakePortal, flow_report, history, invoice_row, ok, search_pages

NOW = datetime(2025, 2, 1, 10, 0, tzinfo=UTC)
DEPOSIT = "factures/v1/deposer/flux"
SEARCH = "factures/v1/rechercher/fournisseur"
REPORT = "transverses/v1/consulterCRDetaille"
HISTORY = "factures/v1/consulter/historique"


def _transmitter(portal: FakePortal, **kwargs: object) -> ChorusTransmitter:
    return ChorusTransmitter(
        portal.client(),
        clock=lambda: NOW,
        sleep=lambda _: None,
        **kwargs,  # type: ignore[arg-type]
    )


def _accepting(portal: FakePortal, flow: str = "CPP0011110000000000001557") -> None:
    portal.defaults[DEPOSIT] = ok(numeroFluxDepot=flow, dateDepot="2025-02-01")


def test_send_deposits_a_facturx_pdf_with_the_cii_inside() -> None:
    portal = FakePortal()
    _accepting(portal)
    invoice = sample_invoice()
    receipt = _transmitter(portal).send(invoice)
    assert receipt.remote_id == "CPP0011110000000000001557"
    assert receipt.status is TransmissionStatus.SUBMITTED
    assert receipt.document_id == "FA-2025-000042"
    assert "Schematron non vérifiés" in receipt.detail
    (body,) = portal.calls(DEPOSIT)
    assert body["syntaxeFlux"] == "IN_DP_E2_CII_FACTURX"
    assert body["nomFichier"] == "facturx_chorus_facture_FA-2025-000042.pdf"
    name, xml = facturx.get_xml_from_pdf(base64.b64decode(body["fichierFlux"]), check_xsd=False)
    assert name == "factur-x.xml"
    assert xml == build_cii(invoice)


def test_send_cii_syntax_with_validation(validator: object) -> None:
    portal = FakePortal()
    _accepting(portal)
    transmitter = _transmitter(portal, validator=validator)
    receipt = transmitter.send(sample_credit_note(), options={"syntax": SYNTAX_CII})
    (body,) = portal.calls(DEPOSIT)
    assert base64.b64decode(body["fichierFlux"]) == build_cii(sample_credit_note())
    assert "non vérifiés" not in receipt.detail


def test_preflight_refusal_sends_nothing() -> None:
    portal = FakePortal()
    invoice = sample_invoice()
    broken = attrs.evolve(
        invoice,
        seller=attrs.evolve(invoice.seller, iban=None),
        buyer=attrs.evolve(invoice.buyer, siret=None, siren=None),
    )
    with pytest.raises(PreflightError) as info:
        _transmitter(portal).send(broken)
    rules = " ".join(info.value.problems)
    assert "CHORUS-IBAN" in rules
    assert "CHORUS-SIRET-ACHETEUR" in rules
    assert portal.requests == []
    assert portal.tokens == 0


def test_structure_rules_are_checked_when_asked() -> None:
    portal = FakePortal()
    portal.defaults["structures/v1/rechercher"] = ok(
        listeStructures=[{"idStructureCPP": 7, "identifiantStructure": "21690266800013"}]
    )
    portal.defaults["structures/v1/consulter"] = ok(
        parametres={"codeServiceDoitEtreRenseigne": True, "numeroEJDoitEtreRenseigne": True}
    )
    portal.defaults["structures/v1/rechercher/services"] = ok(
        listeServices=[{"idService": 1, "codeService": "AUTRE", "estActif": True}]
    )
    invoice = attrs.evolve(sample_invoice(), engagement_number=None)
    with pytest.raises(PreflightError) as info:
        _transmitter(portal).send(invoice, options={"check_structure": True})
    text = " ".join(info.value.problems)
    assert "numéro d'engagement exigé" in text
    assert "'SERV-TECH' inconnu" in text
    assert portal.calls(DEPOSIT) == []


def test_lost_answer_then_found_by_number_is_not_deposited_again() -> None:
    portal = FakePortal()
    portal.script(DEPOSIT, httpx.ReadTimeout("réponse perdue"))
    portal.defaults[SEARCH] = search_pages(
        [invoice_row(1, number="FA-2025-000042", flow="CPP9")], page_size=10
    )
    receipt = _transmitter(portal).send(sample_invoice())
    assert len(portal.calls(DEPOSIT)) == 1
    assert receipt.remote_id == "CPP9"
    assert "déjà déposée" in receipt.detail
    assert portal.calls(SEARCH)[0]["numeroFacture"] == "FA-2025-000042"


def test_lost_answer_not_found_is_deposited_again_after_searching() -> None:
    portal = FakePortal()
    _accepting(portal, "CPP10")
    portal.script(DEPOSIT, httpx.RemoteProtocolError("connexion coupée"))
    portal.defaults[SEARCH] = search_pages([], page_size=10)
    receipt = _transmitter(portal, confirm_attempts=2).send(sample_invoice())
    assert receipt.remote_id == "CPP10"
    assert len(portal.calls(DEPOSIT)) == 2
    order = [path for path, _ in portal.requests]
    assert order == [DEPOSIT, SEARCH, SEARCH, DEPOSIT]


def test_chorus_refusing_the_deposit_is_a_data_error() -> None:
    portal = FakePortal()
    portal.script(DEPOSIT, httpx.Response(400, json={"codeRetour": 20003, "libelle": "format"}))
    with pytest.raises(ChorusDataError):
        _transmitter(portal).send(sample_invoice())


# --- follow-up --------------------------------------------------------------------------------


def _receipt(flow: str = "CPP1", number: str = "FA-2025-000042") -> TransmissionReceipt:
    return TransmissionReceipt("chorus", number, flow, TransmissionStatus.SUBMITTED, NOW)


def test_pending_flow_stays_submitted() -> None:
    portal = FakePortal()
    portal.script(REPORT, flow_report("CPP1", "IN_EN_COURS_TRAITEMENT_CPP"))
    follow = _transmitter(portal).follow(_receipt())
    assert follow.status is TransmissionStatus.SUBMITTED
    assert not follow.final
    assert "IN_EN_COURS_TRAITEMENT_CPP" in follow.detail


def test_partial_flow_rejecting_this_invoice() -> None:
    portal = FakePortal()
    error = {"numeroDP": "FA-2025-000042", "libelleErreurDP": "SIRET destinataire inconnu"}
    portal.script(REPORT, flow_report("CPP1", "IN_INTEGRE_PARTIEL", [error]))
    follow = _transmitter(portal).follow(_receipt())
    assert follow.status is TransmissionStatus.REJECTED
    assert follow.resendable
    assert "SIRET destinataire inconnu" in follow.detail


def test_partial_flow_integrating_this_invoice_reads_its_history() -> None:
    portal = FakePortal()
    other = {"numeroDP": "FA-2025-000041", "libelleErreurDP": "doublon"}
    portal.script(REPORT, flow_report("CPP1", "IN_INTEGRE_PARTIEL", [other]))
    rows = [invoice_row(n, flow="CPP1") for n in range(1, 25)]
    rows.append(invoice_row(42, number="FA-2025-000042", flow="CPP1"))
    portal.defaults[SEARCH] = search_pages(rows, page_size=10)
    portal.script(
        HISTORY,
        history(
            9042,
            "FA-2025-000042",
            ("DEPOSEE", "2025-02-01 10:00", ""),
            ("MISE_A_DISPOSITION", "2025-02-01 11:00", ""),
            ("SUSPENDUE", "2025-02-03 09:00", "Pièce justificative manquante"),
        ),
    )
    follow = _transmitter(portal).follow(_receipt())
    assert follow.status is TransmissionStatus.DELIVERED
    assert follow.chorus_id == "9042"
    assert "SUSPENDUE" in follow.detail
    assert "Pièce justificative manquante" in follow.detail
    assert follow.history is not None
    assert len(follow.history.events) == 3
    assert portal.calls(HISTORY) == [{"idFacture": 9042}]


@pytest.mark.parametrize(
    ("code", "status", "final"),
    [
        ("REJETEE", TransmissionStatus.REJECTED, True),
        ("A_RECYCLER", TransmissionStatus.REJECTED, False),
        ("SERVICE_FAIT", TransmissionStatus.ACCEPTED, False),
        ("MISE_EN_PAIEMENT", TransmissionStatus.PAID, True),
    ],
)
def test_invoice_statuses(code: str, status: TransmissionStatus, final: bool) -> None:
    portal = FakePortal()
    portal.script(REPORT, flow_report("CPP1", "IN_INTEGRE"))
    portal.defaults[SEARCH] = search_pages(
        [invoice_row(42, number="FA-2025-000042", flow="CPP1")], 10
    )
    comment = "Montant erroné" if code == "REJETEE" else ""
    portal.script(
        HISTORY, history(9042, "FA-2025-000042", ("DEPOSEE", "d1", ""), (code, "d2", comment))
    )
    transmitter = _transmitter(portal)
    follow = transmitter.follow(_receipt())
    assert (follow.status, follow.final) == (status, final)
    if comment:
        assert comment in follow.detail
    portal.script(REPORT, flow_report("CPP1", "IN_INTEGRE"))
    portal.script(HISTORY, history(9042, "FA-2025-000042", (code, "d2", comment)))
    assert transmitter.status(_receipt()).status is status


def test_rejected_flow() -> None:
    portal = FakePortal()
    portal.script(REPORT, flow_report("CPP1", "IN_REJETE"))
    follow = _transmitter(portal).follow(_receipt())
    assert follow.status is TransmissionStatus.REJECTED
    assert follow.final
    assert follow.resendable


# --- savcore.send over a store ----------------------------------------------------------------


class _Plugin:
    def __init__(self, transmitter: ChorusTransmitter) -> None:
        self.transmitter = transmitter

    @hookimpl
    def savcore_transmitters(self) -> list[ChorusTransmitter]:
        return [self.transmitter]


def _store_with(invoice: Invoice) -> MemoryStore:
    store = MemoryStore()
    store.customers.add(
        Customer(
            invoice.customer_id,
            invoice.buyer.name,
            CustomerKind.PUBLIC_BUYER,
            Address("1 rue", "69100", "Villeurbanne"),
        )
    )
    store.invoices.put(invoice)
    return store


def test_send_records_before_and_after_and_refuses_a_second_deposit() -> None:
    portal = FakePortal()
    _accepting(portal, "CPP5")
    invoice = sample_invoice()
    store = _store_with(invoice)
    seen: list[object] = []

    class Spy(ChorusTransmitter):
        def send(self, invoice: Invoice, *, options: object = None) -> TransmissionReceipt:  # type: ignore[override]
            seen.append(store.transmissions.get(f"chorus:{invoice.id}"))
            return super().send(invoice, options=options)  # type: ignore[arg-type]

    spy = Spy(portal.client(), clock=lambda: NOW)
    pm = get_plugin_manager(autoload=False, plugins=[_Plugin(spy)])
    receipt = send(invoice, "chorus", store=store, pm=pm, now=lambda: NOW)
    (before,) = seen
    assert before.detail == PENDING_DETAIL  # type: ignore[attr-defined]
    assert before.status is None  # type: ignore[attr-defined]
    after = store.transmissions.get(f"chorus:{invoice.id}")
    assert (after.remote_id, after.status, after.attempts) == (
        "CPP5",
        TransmissionStatus.SUBMITTED,
        1,
    )
    assert receipt.remote_id == "CPP5"
    with pytest.raises(BusinessRuleError, match="déjà transmise"):
        send(invoice, "chorus", store=store, pm=pm, now=lambda: NOW)
    assert len(portal.calls(DEPOSIT)) == 1


def test_send_after_an_unknown_outcome_looks_for_the_invoice_first() -> None:
    portal = FakePortal()
    invoice = sample_invoice()
    store = _store_with(invoice)
    portal.script(DEPOSIT, httpx.ReadTimeout("perdue"))
    portal.defaults[SEARCH] = search_pages([], page_size=10)
    transmitter = ChorusTransmitter(
        portal.client(),
        clock=lambda: NOW,
        sleep=lambda _: None,
        confirm_attempts=1,
        deposit_attempts=1,
    )
    pm = get_plugin_manager(autoload=False, plugins=[_Plugin(transmitter)])
    with pytest.raises(ChorusTransportError):
        send(invoice, "chorus", store=store, pm=pm, now=lambda: NOW)
    failed = store.transmissions.get(f"chorus:{invoice.id}")
    assert failed.failed
    assert failed.attempts == 1
    # Meanwhile Chorus Pro did integrate it: the next send finds it and deposits nothing.
    portal.defaults[SEARCH] = search_pages(
        [invoice_row(42, number="FA-2025-000042", flow="CPP7")], 10
    )
    receipt = send(invoice, "chorus", store=store, pm=pm, now=lambda: NOW)
    assert receipt.remote_id == "CPP7"
    assert len(portal.calls(DEPOSIT)) == 1
    record = store.transmissions.get(f"chorus:{invoice.id}")
    assert (record.failed, record.remote_id, record.attempts) == (False, "CPP7", 2)
