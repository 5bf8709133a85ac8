"""The Chorus Pro API client (through PISTE), over an injected ``httpx.Client``.

Every call is a ``POST`` of a JSON body to ``<api>/cpro/<path>`` with two credentials: the PISTE
application's OAuth2 token (``Authorization: Bearer``, client-credentials grant, cached and renewed
240 s before it expires, and once more on a 401) and the technical account (``cpro-account``:
base64 of ``login:password``).

Read calls are retried with exponential backoff on timeouts, connection errors, 429 and 5xx (the
``sleep`` is injectable, so tests do not wait). The deposit is not idempotent: it is retried only
when the request surely did not reach the portal (connection refused, 429, 503); otherwise a
:class:`~savcore_chorus.errors.ChorusTransportError` with ``maybe_received=True`` tells the
caller to look for the invoice before depositing it again (the transmitter does).

>>> import httpx
>>> def portal(request):
...     if request.url.path.endswith("/token"):
...         return httpx.Response(200, json={"access_token": "t0k3n", "expires_in": 3600})
...     return httpx.Response(200, json={"codeRetour": 0, "libelle": "TRA_MSG_00.000",
...         "listeStructures": [{"idStructureCPP": 26363, "identifiantStructure": "21690266800013",
...                              "designationStructure": "COMMUNE DE VILLEURBANNE"}]})
>>> http = httpx.Client(transport=httpx.MockTransport(portal))
>>> creds = Credentials("id", "secret", "TECH_1_x@cpro.fr", "pw")
>>> ChorusClient(http, creds).find_structure("21690266800013").chorus_id
26363
"""

from __future__ import annotations

import base64
import logging
import time
from collections.abc import Callable, Iterator, Mapping
from typing import Any

import httpx

from savcore_chorus.errors import (
    ChorusAccountError,
    ChorusAuthError,
    ChorusDataError,
    ChorusError,
    ChorusProtocolError,
    ChorusTransportError,
)
from savcore_chorus.models import (
    DepositResult,
    FlowReport,
    InvoiceHistory,
    InvoiceSummary,
    Service,
    Structure,
    StructureParameters,
)
from savcore_chorus.settings import Credentials, Hosts, Secret

__all__ = ["RENEW_MARGIN", "ChorusClient"]

logger = logging.getLogger("savcore_chorus")

RENEW_MARGIN = 240.0
"""Seconds before expiry at which a cached token is renewed."""

_RETRY_STATUSES = frozenset({429, 500, 502, 503, 504})
_SAFE_DEPOSIT_RETRY = frozenset({429, 503})
_NOT_SENT = (httpx.ConnectError, httpx.ConnectTimeout, httpx.PoolTimeout)


def _json(response: httpx.Response, what: str) -> dict[str, Any]:
    try:
        data = response.json()
    except ValueError:
        raise ChorusProtocolError(
            f"{what} : réponse illisible (pas du JSON)", status=response.status_code
        ) from None
    if not isinstance(data, dict):
        raise ChorusProtocolError(f"{what} : objet JSON attendu", status=response.status_code)
    return data


def _envelope(response: httpx.Response) -> tuple[int | None, str | None]:
    """``codeRetour`` and ``libelle`` of an answer, if it has them."""
    try:
        data = response.json()
    except ValueError:
        return None, None
    if not isinstance(data, dict):
        return None, None
    code = data.get("codeRetour")
    label = data.get("libelle")
    return (
        int(code) if isinstance(code, int | str) and str(code).lstrip("-").isdigit() else None,
        str(label) if label is not None else None,
    )


class ChorusClient:
    """Chorus Pro through PISTE.

    :param http: the ``httpx.Client`` to use (tests pass one with a ``MockTransport``); its
        timeouts apply.
    :param credentials: the PISTE application and the technical account.
    :param hosts: token and API URLs (default: the sandbox).
    :param clock: monotonic seconds, for the token's expiry (injectable in tests).
    :param sleep: how to wait between retries (injectable in tests).
    :param retries: how many times a retryable failure is retried (so ``retries + 1`` tries).
    :param backoff: first wait in seconds, doubled at each retry (a ``Retry-After`` header wins).
    """

    def __init__(
        self,
        http: httpx.Client,
        credentials: Credentials,
        hosts: Hosts | None = None,
        *,
        clock: Callable[[], float] = time.monotonic,
        sleep: Callable[[float], None] = time.sleep,
        retries: int = 3,
        backoff: float = 1.0,
        renew_margin: float = RENEW_MARGIN,
    ) -> None:
        self._http = http
        self._credentials = credentials
        self.hosts = hosts or Hosts.sandbox()
        self._clock = clock
        self._sleep = sleep
        self.retries = retries
        self.backoff = backoff
        self.renew_margin = renew_margin
        self._token: Secret | None = None
        self._expires_at = 0.0
        self.token_requests = 0
        """How many tokens were asked for (tests check the cache)."""

    def __repr__(self) -> str:
        return f"ChorusClient(hosts={self.hosts!r}, login={self._credentials.login!r})"

    @classmethod
    def from_environment(
        cls, http: httpx.Client | None = None, environ: Mapping[str, str] | None = None
    ) -> ChorusClient:
        """A client from ``SAVCORE_CHORUS_*`` variables (see :mod:`savcore_chorus.settings`),
        over ``http`` or a new ``httpx.Client`` with a 30 s timeout."""
        return cls(
            http or httpx.Client(timeout=30.0),
            Credentials.from_environment(environ),
            Hosts.from_environment(environ),
        )

    # --- token --------------------------------------------------------------------------------

    def _wait(self, attempt: int, response: httpx.Response | None = None) -> None:
        delay = self.backoff * (2**attempt)
        if response is not None:
            after = response.headers.get("Retry-After", "")
            if after.isdigit():
                delay = float(after)
        self._sleep(delay)

    def _fetch_token(self) -> Secret:
        form = {
            "grant_type": "client_credentials",
            "client_id": self._credentials.client_id,
            "client_secret": self._credentials.client_secret.reveal(),
            "scope": "openid",
        }
        for attempt in range(self.retries + 1):
            last = attempt == self.retries
            try:
                response = self._http.post(self.hosts.token_url, data=form)
            except httpx.TransportError as exc:
                if last:
                    raise ChorusTransportError(
                        f"PISTE injoignable pour le jeton ({type(exc).__name__})"
                    ) from None
                self._wait(attempt)
                continue
            if response.status_code in _RETRY_STATUSES and not last:
                self._wait(attempt, response)
                continue
            break
        self.token_requests += 1
        if response.status_code in (400, 401, 403):
            raise ChorusAuthError(
                "PISTE a refusé l'application : vérifiez l'identifiant et le secret client "
                f"(environnement {self.hosts.name})",
                status=response.status_code,
            )
        if response.status_code != 200:
            raise ChorusTransportError(
                "PISTE n'a pas délivré de jeton", status=response.status_code
            )
        data = _json(response, "jeton PISTE")
        token = data.get("access_token")
        if not isinstance(token, str) or not token:
            raise ChorusProtocolError("jeton PISTE absent de la réponse")
        expires_in = data.get("expires_in", 3600)
        self._expires_at = self._clock() + float(expires_in)
        logger.info("jeton PISTE obtenu, valable %s s", expires_in)
        return Secret(token)

    def _current_token(self) -> Secret:
        if self._token is None or self._clock() >= self._expires_at - self.renew_margin:
            self._token = self._fetch_token()
        return self._token

    def invalidate_token(self) -> None:
        """Forget the cached token (the next call asks for a new one)."""
        self._token = None

    # --- calls --------------------------------------------------------------------------------

    def _headers(self) -> dict[str, str]:
        return {
            "Authorization": f"Bearer {self._current_token().reveal()}",
            "cpro-account": self._credentials.account_header(),
            "Content-Type": "application/json;charset=utf-8",
            "Accept": "application/json",
        }

    def _refused(self, response: httpx.Response, path: str, document: str) -> ChorusError:
        code, label = _envelope(response)
        status = response.status_code
        body = response.content.strip()
        if status == 403 and not body:
            return ChorusAuthError(
                f"accès refusé à {path} sans détail : l'application PISTE n'est probablement "
                f"pas abonnée aux API Chorus Pro (Factures, Structures, Transverses) pour "
                f"l'environnement {self.hosts.name}",
                document=document,
                status=status,
            )
        if status == 401 and code is None:
            return ChorusAuthError(
                f"PISTE refuse le jeton pour {path} même renouvelé",
                document=document,
                status=status,
            )
        return ChorusAccountError(
            f"Chorus Pro refuse le compte technique {self._credentials.login!r} : identifiant ou "
            "mot de passe faux ou expiré, ou compte non rattaché à la structure",
            document=document,
            status=status,
            code=code,
            label=label,
        )

    def call(
        self,
        path: str,
        payload: Mapping[str, Any],
        *,
        document: str = "-",
        idempotent: bool = True,
    ) -> dict[str, Any]:
        """POST ``payload`` to ``cpro/<path>`` and return the JSON answer (``codeRetour`` 0).

        :raises ChorusAuthError: PISTE refused the application or the token.
        :raises ChorusAccountError: the technical account was refused.
        :raises ChorusDataError: Chorus Pro refused the request's data (``codeRetour`` not 0).
        :raises ChorusTransportError: unreachable, or still 429/5xx after the retries.
        """
        url = f"{self.hosts.api}/cpro/{path}"
        renewed = False
        attempt = 0
        while True:
            last = attempt >= self.retries
            started = self._clock()
            try:
                response = self._http.post(url, json=dict(payload), headers=self._headers())
            except httpx.TransportError as exc:
                not_sent = isinstance(exc, _NOT_SENT)
                if (idempotent or not_sent) and not last:
                    logger.warning("%s : %s, nouvel essai", path, type(exc).__name__)
                    self._wait(attempt)
                    attempt += 1
                    continue
                raise ChorusTransportError(
                    f"{path} : Chorus Pro injoignable ({type(exc).__name__})",
                    document=document,
                    maybe_received=not not_sent,
                ) from None
            logger.info(
                "%s : HTTP %s en %.3f s", path, response.status_code, self._clock() - started
            )
            status = response.status_code
            if status == 401 and not renewed:
                self.invalidate_token()
                renewed = True
                continue
            if status in _RETRY_STATUSES:
                retryable = idempotent or status in _SAFE_DEPOSIT_RETRY
                if retryable and not last:
                    self._wait(attempt, response)
                    attempt += 1
                    continue
                code, label = _envelope(response)
                raise ChorusTransportError(
                    f"{path} : Chorus Pro indisponible",
                    document=document,
                    status=status,
                    maybe_received=not retryable,
                )
            if status in (401, 403):
                raise self._refused(response, path, document)
            if status != 200:
                code, label = _envelope(response)
                raise ChorusDataError(
                    f"{path} : requête refusée par Chorus Pro",
                    document=document,
                    status=status,
                    code=code,
                    label=label,
                )
            data = _json(response, path)
            code = data.get("codeRetour", 0)
            if code not in (0, "0", None):
                raise ChorusDataError(
                    f"{path} : refusé par Chorus Pro",
                    document=document,
                    status=status,
                    code=int(code) if str(code).lstrip("-").isdigit() else None,
                    label=str(data.get("libelle", "")) or None,
                )
            return data

    # --- endpoints ----------------------------------------------------------------------------

    def deposit(
        self, content: bytes, filename: str, syntax: str, *, document: str = "-"
    ) -> DepositResult:
        """Deposit one file (``factures/v1/deposer/flux``); return the flow number."""
        payload = {
            "fichierFlux": base64.b64encode(content).decode("ascii"),
            "nomFichier": filename,
            "syntaxeFlux": syntax,
            "avecSignature": False,
        }
        data = self.call("factures/v1/deposer/flux", payload, document=document, idempotent=False)
        return DepositResult.from_json(data)

    def flow_report(self, flow_number: str, *, syntax: str | None = None) -> FlowReport:
        """The detailed report of a flow (``transverses/v1/consulterCRDetaille``)."""
        payload: dict[str, Any] = {"numeroFluxDepot": flow_number}
        if syntax:
            payload["syntaxeFlux"] = syntax
        return FlowReport.from_json(self.call("transverses/v1/consulterCRDetaille", payload))

    def _pages(
        self, path: str, payload: dict[str, Any], pager: str, key: str, page_size: int
    ) -> Iterator[dict[str, Any]]:
        page = 1
        while True:
            body = dict(payload)
            body[pager] = {
                **body.get(pager, {}),
                "nbResultatsParPage": page_size,
                "pageResultatDemandee": page,
            }
            data = self.call(path, body)
            yield from data.get(key) or ()
            pages = int((data.get("parametresRetour") or {}).get("pages") or 1)
            if page >= pages:
                return
            page += 1

    def search_invoices(
        self,
        *,
        flow_number: str | None = None,
        number: str | None = None,
        page_size: int = 100,
        **filters: Any,
    ) -> list[InvoiceSummary]:
        """The supplier's invoices matching the filters (``factures/v1/rechercher/fournisseur``),
        every page read (``parametresRetour.pages``)."""
        payload: dict[str, Any] = dict(filters)
        if flow_number:
            payload["numeroFluxDepot"] = flow_number
        if number:
            payload["numeroFacture"] = number
        payload["rechercheFactureParFournisseur"] = {
            "triColonne": "IdentifiantFactureCPP",
            "triSens": "Descendant",
        }
        rows = self._pages(
            "factures/v1/rechercher/fournisseur",
            payload,
            "rechercheFactureParFournisseur",
            "listeFactures",
            page_size,
        )
        return [InvoiceSummary.from_json(row) for row in rows]

    def history(self, chorus_id: str) -> InvoiceHistory:
        """An invoice's current status and status history (``factures/v1/consulter/historique``)."""
        ident: int | str = int(chorus_id) if chorus_id.isdigit() else chorus_id
        return InvoiceHistory.from_json(
            self.call("factures/v1/consulter/historique", {"idFacture": ident})
        )

    def find_structure(self, siret: str) -> Structure:
        """The public structure whose SIRET is ``siret`` (``structures/v1/rechercher``).

        :raises ChorusDataError: no structure, or more than one.
        """
        payload = {
            "structure": {"identifiantStructure": siret, "typeIdentifiantStructure": "SIRET"}
        }
        data = self.call("structures/v1/rechercher", payload, document=siret)
        found = [Structure.from_json(s) for s in data.get("listeStructures") or ()]
        if len(found) != 1:
            raise ChorusDataError(
                f"{len(found)} structure(s) Chorus Pro pour le SIRET {siret} (une attendue)",
                document=siret,
            )
        return found[0]

    def structure_parameters(self, structure_id: int) -> StructureParameters:
        """What the structure requires on invoices (``structures/v1/consulter``)."""
        data = self.call("structures/v1/consulter", {"idStructureCPP": structure_id})
        return StructureParameters.from_json(data)

    def services(self, structure_id: int, *, page_size: int = 1000) -> list[Service]:
        """Every service of the structure (``structures/v1/rechercher/services``), all pages."""
        rows = self._pages(
            "structures/v1/rechercher/services",
            {"idStructure": structure_id},
            "parametresRechercherServicesStructure",
            "listeServices",
            page_size,
        )
        return [Service.from_json(row) for row in rows]

    def service_requires_engagement(self, structure_id: int, service_id: int) -> bool:
        """Whether one service requires an engagement number (``structures/v1/consulter/service``)."""
        data = self.call(
            "structures/v1/consulter/service",
            {"idStructure": structure_id, "idService": service_id},
        )
        return bool((data.get("parametres") or {}).get("numeroEngagement"))
