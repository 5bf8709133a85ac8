"""The Chorus Pro client over httpx.MockTransport: every endpoint, in the documented shapes."""

from __future__ import annotations

import base64

import httpx
import pytest

from savcore_chorus import (
    ChorusAccountError,
    ChorusAuthError,
    ChorusDataError,
    ChorusProtocolError,
    ChorusTransportError,
    Requirement,
)
from tests.chorus.fakes import (
    LOGIN,
    PASSWORD,
    TOKEN_PREFIX,
    FakePortal,
    flow_report,
    history,
    invoice_row,
    ok,
    search_pages,
)

STRUCTURE = ok(
    listeStructures=[
        {
            "idStructureCPP": 26363,
            "identifiantStructure": "21690266800013",
            "designationStructure": "COMMUNE DE VILLEURBANNE",
            "typeIdentifiantStructure": "SIRET",
            "statut": "ACTIF",
        }
    ]
)


class Clock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


def test_every_call_carries_the_token_and_the_technical_account() -> None:
    portal = FakePortal()
    portal.defaults["structures/v1/rechercher"] = STRUCTURE
    client = portal.client()
    structure = client.find_structure("21690266800013")
    assert (structure.chorus_id, structure.name) == (26363, "COMMUNE DE VILLEURBANNE")
    headers = portal.headers[0]
    assert headers["Authorization"] == f"Bearer {TOKEN_PREFIX}1"
    assert base64.b64decode(headers["cpro-account"]).decode() == f"{LOGIN}:{PASSWORD}"
    assert headers["Content-Type"] == "application/json;charset=utf-8"
    assert portal.calls("structures/v1/rechercher") == [
        {
            "structure": {
                "identifiantStructure": "21690266800013",
                "typeIdentifiantStructure": "SIRET",
            }
        }
    ]


def test_token_is_cached_then_renewed_240_s_before_expiry() -> None:
    portal = FakePortal()
    portal.defaults["structures/v1/rechercher"] = STRUCTURE
    clock = Clock()
    client = portal.client(clock=clock)
    client.find_structure("21690266800013")
    clock.now += 3000  # 3600 - 3000 = 600 s left: still good
    client.find_structure("21690266800013")
    assert portal.tokens == 1
    clock.now += 400  # 200 s left, under the 240 s margin: renewed
    client.find_structure("21690266800013")
    assert portal.tokens == 2
    assert portal.headers[-1]["Authorization"] == f"Bearer {TOKEN_PREFIX}2"


def test_401_then_success_renews_the_token_once() -> None:
    portal = FakePortal()
    portal.script("structures/v1/rechercher", httpx.Response(401), STRUCTURE)
    client = portal.client()
    assert client.find_structure("21690266800013").chorus_id == 26363
    assert portal.tokens == 2
    assert [h["Authorization"] for h in portal.headers] == [
        f"Bearer {TOKEN_PREFIX}1",
        f"Bearer {TOKEN_PREFIX}2",
    ]


def test_401_twice_is_piste_refusing_the_token() -> None:
    portal = FakePortal()
    portal.script("structures/v1/rechercher", httpx.Response(401), httpx.Response(401))
    with pytest.raises(ChorusAuthError, match="PISTE refuse le jeton") as info:
        portal.client().find_structure("21690266800013")
    assert info.value.status == 401


def test_token_endpoint_refusal_is_piste() -> None:
    portal = FakePortal()
    portal.token_answers.append(httpx.Response(401, json={"error": "invalid_client"}))
    with pytest.raises(ChorusAuthError, match="identifiant et le secret client"):
        portal.client().find_structure("21690266800013")


def test_403_with_empty_body_points_at_the_piste_subscription() -> None:
    portal = FakePortal()
    portal.script("structures/v1/rechercher", httpx.Response(403, content=b""))
    with pytest.raises(ChorusAuthError, match="abonnée aux API Chorus Pro") as info:
        portal.client().find_structure("21690266800013")
    assert info.value.status == 403


def test_403_with_a_chorus_answer_is_the_technical_account() -> None:
    portal = FakePortal()
    refused = httpx.Response(403, json={"codeRetour": 20001, "libelle": "GCU_MSG_01_000"})
    portal.script("structures/v1/rechercher", refused)
    with pytest.raises(ChorusAccountError, match="compte technique") as info:
        portal.client().find_structure("21690266800013")
    assert (info.value.code, info.value.label) == (20001, "GCU_MSG_01_000")
    assert PASSWORD not in str(info.value)


def test_429_and_500_then_success_with_backoff() -> None:
    portal = FakePortal()
    portal.script(
        "structures/v1/rechercher",
        httpx.Response(429, headers={"Retry-After": "7"}),
        httpx.Response(500),
        STRUCTURE,
    )
    client = portal.client(backoff=0.5)
    assert client.find_structure("21690266800013").chorus_id == 26363
    assert client.sleeps == [7.0, 1.0]  # type: ignore[attr-defined]  # Retry-After wins, then 0.5 x 2


def test_5xx_that_persists_is_a_transport_error() -> None:
    portal = FakePortal()
    portal.defaults["structures/v1/rechercher"] = httpx.Response(502)
    client = portal.client(retries=2)
    with pytest.raises(ChorusTransportError, match="indisponible"):
        client.find_structure("21690266800013")
    assert len(portal.requests) == 3


def test_timeouts_are_retried_on_reads() -> None:
    portal = FakePortal()
    portal.script("structures/v1/rechercher", httpx.ReadTimeout("lent"), STRUCTURE)
    assert portal.client().find_structure("21690266800013").chorus_id == 26363


def test_deposit_sends_the_file_in_base64() -> None:
    portal = FakePortal()
    portal.script(
        "factures/v1/deposer/flux",
        ok(
            numeroFluxDepot="CPP0011110000000000001557",
            dateDepot="2025-02-01",
            syntaxeFlux="IN_DP_E1_CII_16B",
        ),
    )
    result = portal.client().deposit(b"<xml/>", "cii_chorus_facture_FA-1.xml", "IN_DP_E1_CII_16B")
    assert result.flow_number == "CPP0011110000000000001557"
    (body,) = portal.calls("factures/v1/deposer/flux")
    assert base64.b64decode(body["fichierFlux"]) == b"<xml/>"
    assert body["nomFichier"] == "cii_chorus_facture_FA-1.xml"
    assert body["syntaxeFlux"] == "IN_DP_E1_CII_16B"
    assert body["avecSignature"] is False


def test_deposit_is_not_retried_when_the_answer_may_be_lost() -> None:
    portal = FakePortal()
    portal.defaults["factures/v1/deposer/flux"] = httpx.ReadTimeout("réponse perdue")
    with pytest.raises(ChorusTransportError) as info:
        portal.client().deposit(b"x", "f.xml", "IN_DP_E1_CII_16B", document="FA-1")
    assert info.value.maybe_received
    assert len(portal.calls("factures/v1/deposer/flux")) == 1


def test_deposit_is_retried_when_it_surely_did_not_arrive() -> None:
    portal = FakePortal()
    portal.script(
        "factures/v1/deposer/flux",
        httpx.ConnectError("refusé"),
        httpx.Response(429),
        ok(numeroFluxDepot="CPP2", dateDepot="2025-02-01"),
    )
    assert portal.client().deposit(b"x", "f.xml", "IN_DP_E1_CII_16B").flow_number == "CPP2"


def test_deposit_refused_by_chorus_is_a_data_error() -> None:
    portal = FakePortal()
    portal.script(
        "factures/v1/deposer/flux",
        httpx.Response(200, json={"codeRetour": 20001, "libelle": "GDP_MSG_11.022"}),
    )
    with pytest.raises(ChorusDataError) as info:
        portal.client().deposit(b"x", "f.xml", "IN_DP_E1_CII_16B", document="FA-1")
    assert (info.value.code, info.value.label, info.value.document) == (
        20001,
        "GDP_MSG_11.022",
        "FA-1",
    )


def test_flow_report_partial_integration() -> None:
    portal = FakePortal()
    portal.script(
        "transverses/v1/consulterCRDetaille",
        flow_report(
            "CPP3",
            "IN_INTEGRE_PARTIEL",
            [
                {
                    "identifiantDestinataire": "21690266800013",
                    "identifiantFournisseur": "81234567600017",
                    "numeroDP": "FA-2025-000002",
                    "libelleErreurDP": "Le code service est inconnu",
                }
            ],
        ),
    )
    report = portal.client().flow_report("CPP3")
    assert report.final
    assert report.status == "IN_INTEGRE_PARTIEL"
    assert [e.message for e in report.refused("FA-2025-000002")] == ["Le code service est inconnu"]
    assert report.refused("FA-2025-000001") == ()
    assert portal.calls("transverses/v1/consulterCRDetaille") == [{"numeroFluxDepot": "CPP3"}]


def test_unknown_flow_status_is_refused() -> None:
    portal = FakePortal()
    portal.script("transverses/v1/consulterCRDetaille", flow_report("CPP3", "IN_BIZARRE"))
    with pytest.raises(ChorusProtocolError, match="IN_BIZARRE"):
        portal.client().flow_report("CPP3")


def test_search_reads_every_page_25_invoices_over_3_pages() -> None:
    portal = FakePortal()
    rows = [invoice_row(n, flow="CPP25") for n in range(1, 26)]
    portal.defaults["factures/v1/rechercher/fournisseur"] = search_pages(rows, page_size=10)
    found = portal.client().search_invoices(flow_number="CPP25", page_size=10)
    assert len(found) == 25
    assert {i.chorus_id for i in found} == {str(9000 + n) for n in range(1, 26)}
    pages = [
        b["rechercheFactureParFournisseur"]["pageResultatDemandee"]
        for b in portal.calls("factures/v1/rechercher/fournisseur")
    ]
    assert pages == [1, 2, 3]


def test_history_keeps_every_status_with_its_comment() -> None:
    portal = FakePortal()
    portal.script(
        "factures/v1/consulter/historique",
        history(
            9001,
            "FA-2025-000001",
            ("DEPOSEE", "2025-02-01 10:00", ""),
            ("MISE_A_DISPOSITION", "2025-02-01 12:00", ""),
            ("SUSPENDUE", "2025-02-05 09:00", "Merci de joindre le bon de livraison"),
        ),
    )
    result = portal.client().history("9001")
    assert result.status == "SUSPENDUE"
    assert [e.code for e in result.events] == ["DEPOSEE", "MISE_A_DISPOSITION", "SUSPENDUE"]
    assert result.last_comment == "Merci de joindre le bon de livraison"
    assert portal.calls("factures/v1/consulter/historique") == [{"idFacture": 9001}]


def test_structure_parameters_and_services() -> None:
    portal = FakePortal()
    portal.script(
        "structures/v1/consulter",
        ok(
            parametres={
                "codeServiceDoitEtreRenseigne": True,
                "numeroEJDoitEtreRenseigne": True,
                "gestionNumeroEJOuCodeService": False,
                "statutMiseEnPaiementNestPasRemonte": True,
            }
        ),
    )
    services = [
        {
            "idService": i,
            "codeService": f"S{i}",
            "libelleService": f"Service {i}",
            "estActif": i != 3,
        }
        for i in range(1, 6)
    ]
    portal.script(
        "structures/v1/rechercher/services",
        ok(listeServices=services[:3], parametresRetour={"pages": 2, "pageCourante": 1}),
        ok(listeServices=services[3:], parametresRetour={"pages": 2, "pageCourante": 2}),
    )
    portal.script("structures/v1/consulter/service", ok(parametres={"numeroEngagement": True}))
    client = portal.client()
    params = client.structure_parameters(26363)
    assert params.requirement is Requirement.SERVICE_AND_ENGAGEMENT
    assert not params.payment_status_reported
    found = client.services(26363, page_size=3)
    assert [s.code for s in found] == ["S1", "S2", "S3", "S4", "S5"]
    assert [s.active for s in found] == [True, True, False, True, True]
    assert client.service_requires_engagement(26363, 2)
    assert portal.calls("structures/v1/consulter") == [{"idStructureCPP": 26363}]
    assert portal.calls("structures/v1/consulter/service") == [
        {"idStructure": 26363, "idService": 2}
    ]


def test_no_or_many_structures_for_a_siret() -> None:
    portal = FakePortal()
    portal.script("structures/v1/rechercher", ok(listeStructures=[]))
    with pytest.raises(ChorusDataError, match="0 structure"):
        portal.client().find_structure("21690266800013")


def test_an_answer_that_is_not_json() -> None:
    portal = FakePortal()
    portal.script("structures/v1/rechercher", httpx.Response(200, content=b"<html>"))
    with pytest.raises(ChorusProtocolError, match="pas du JSON"):
        portal.client().find_structure("21690266800013")


def test_unreachable_portal_never_shows_httpx() -> None:
    portal = FakePortal()
    portal.defaults["structures/v1/rechercher"] = httpx.ConnectError("refused")
    with pytest.raises(ChorusTransportError) as info:
        portal.client(retries=1).find_structure("21690266800013")
    assert info.value.__cause__ is None
    assert info.value.__suppress_context__
    assert not info.value.maybe_received
