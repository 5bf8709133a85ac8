"""A scripted Chorus Pro (PISTE) portal for ``httpx.MockTransport``, answering in the documented
JSON shapes (shared/reference/chorus-pro.md, section 1.3), and the test credentials.

The secrets below are used by every test of this folder; ``conftest.py`` checks after each test
that none of them (nor the ``cpro-account`` header or a token) was logged or printed.
"""

from __future__ import annotations

import base64
import json
from collections import defaultdict, deque
from collections.abc import Callable
from typing import Any

import httpx

from savcore_chorus.client import ChorusClient
from savcore_chorus.settings import Credentials, Hosts

CLIENT_SECRET = "cs-9f8e7d6c5b4a-SECRET"
PASSWORD = "Tech-Pa55word!-SECRET"
LOGIN = "TECH_1_thermique@cpro.fr"
TOKEN_PREFIX = "tok-a1b2c3-SECRET-"
CREDENTIALS = Credentials("app-client-id", CLIENT_SECRET, LOGIN, PASSWORD)
HOSTS = Hosts("https://oauth.test/api/oauth/token", "https://api.test", "test")
SECRETS = (
    CLIENT_SECRET,
    PASSWORD,
    CREDENTIALS.account_header(),
    TOKEN_PREFIX,
    base64.b64encode(f"{LOGIN}:{PASSWORD}".encode()).decode()[:20],
)

OK = {"codeRetour": 0, "libelle": "TRA_MSG_00.000"}

Answer = httpx.Response | Callable[[httpx.Request], httpx.Response] | Exception


def ok(**fields: Any) -> httpx.Response:
    """A 200 answer with the success envelope and ``fields``."""
    return httpx.Response(200, json={**OK, **fields})


class FakePortal:
    """Token endpoint and API; per-path queues of scripted answers, else a default per path.

    ``requests`` keeps ``(path, json body)`` of every API call; ``tokens`` counts the tokens
    issued; each token is ``TOKEN_PREFIX + n``.
    """

    def __init__(self) -> None:
        self.scripts: dict[str, deque[Answer]] = defaultdict(deque)
        self.defaults: dict[str, Answer] = {}
        self.requests: list[tuple[str, dict[str, Any]]] = []
        self.headers: list[httpx.Headers] = []
        self.tokens = 0
        self.token_answers: deque[httpx.Response] = deque()
        self.expires_in = 3600

    def script(self, path: str, *answers: Answer) -> None:
        self.scripts[path].extend(answers)

    def calls(self, path: str) -> list[dict[str, Any]]:
        return [body for p, body in self.requests if p == path]

    def __call__(self, request: httpx.Request) -> httpx.Response:
        if request.url.path.endswith("/oauth/token"):
            if self.token_answers:
                return self.token_answers.popleft()
            self.tokens += 1
            return httpx.Response(
                200,
                json={
                    "access_token": f"{TOKEN_PREFIX}{self.tokens}",
                    "token_type": "Bearer",
                    "expires_in": self.expires_in,
                    "scope": "openid",
                },
            )
        path = request.url.path.removeprefix("/cpro/")
        body = json.loads(request.content or b"{}")
        self.requests.append((path, body))
        self.headers.append(request.headers)
        answer: Answer | None = None
        if self.scripts[path]:
            answer = self.scripts[path].popleft()
        elif path in self.defaults:
            answer = self.defaults[path]
        if answer is None:
            return httpx.Response(404, json={"codeRetour": 404, "libelle": "inconnu"})
        if isinstance(answer, Exception):
            raise answer
        if callable(answer):
            return answer(request)
        return answer

    def client(self, **kwargs: Any) -> ChorusClient:
        sleeps: list[float] = []
        kwargs.setdefault("sleep", sleeps.append)
        client = ChorusClient(
            httpx.Client(transport=httpx.MockTransport(self)), CREDENTIALS, HOSTS, **kwargs
        )
        client.sleeps = sleeps  # type: ignore[attr-defined]
        return client


def invoice_row(
    n: int, *, number: str | None = None, flow: str = "CPP001", status: str = "DEPOSEE"
) -> dict[str, Any]:
    """One row of ``listeFactures`` (rechercher/fournisseur)."""
    return {
        "identifiantFactureCPP": 9000 + n,
        "numeroFacture": number or f"FA-2025-{n:06d}",
        "statut": status,
        "numeroFluxDepot": flow,
        "typeFacture": "FACTURE",
        "dateDepot": "2025-02-01",
        "montantHT": 100.0,
        "montantTTC": 120.0,
        "codeDestinataire": "21690266800013",
    }


def search_pages(
    rows: list[dict[str, Any]], page_size: int
) -> Callable[[httpx.Request], httpx.Response]:
    """Answers rechercher/fournisseur page by page, as Chorus Pro does."""

    def answer(request: httpx.Request) -> httpx.Response:
        body = json.loads(request.content)
        pager = body.get("rechercheFactureParFournisseur", {})
        size = min(int(pager.get("nbResultatsParPage", 10)), page_size)
        page = int(pager.get("pageResultatDemandee", 1))
        wanted = [
            r
            for r in rows
            if ("numeroFacture" not in body or r["numeroFacture"] == body["numeroFacture"])
            and ("numeroFluxDepot" not in body or r["numeroFluxDepot"] == body["numeroFluxDepot"])
        ]
        pages = max(1, -(-len(wanted) // size))
        chunk = wanted[(page - 1) * size : page * size]
        return ok(
            listeFactures=chunk,
            parametresRetour={
                "nbResultatsParPage": size,
                "pageCourante": page,
                "pages": pages,
                "total": len(wanted),
            },
        )

    return answer


def history(chorus_id: int, number: str, *events: tuple[str, str, str]) -> httpx.Response:
    """A consulter/historique answer; ``events`` are (code, date, comment), oldest first."""
    return ok(
        idFacture=chorus_id,
        numeroFacture=number,
        modeDepot="DEPOT_PDF_API",
        statutCourantCode=events[-1][0],
        historiquesDesStatuts={
            "histoStatut": [
                {
                    "histoStatutCode": code,
                    "histoStatutDatePassage": at,
                    "histoStatutCommentaire": comment,
                    "histoStatutUtilisateurNom": "Agent",
                }
                for code, at, comment in events
            ]
        },
    )


def flow_report(
    flow: str, status: str, errors: list[dict[str, str]] | None = None
) -> httpx.Response:
    """A consulterCRDetaille answer."""
    return ok(
        numeroFluxDepot=flow,
        codeInterfaceDepotFlux="FSO1110A",
        dateDepotFlux="2025-02-01",
        dateHeureEtatCourantFlux="2025-02-01 10:00",
        etatCourantDepotFlux=status,
        nomFichier="facturx_chorus_facture.pdf",
        listeErreurDP=errors or [],
        listeErreurTechnique=[],
    )
