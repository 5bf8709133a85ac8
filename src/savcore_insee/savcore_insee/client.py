"""INSEE BDM client (SDMX 2.1 REST, no key needed) and the ``insee`` index provider.

The HTTP client is injected (``InseeClient(httpx.Client(...))``), so that tests pass an
``httpx.MockTransport`` and applications set their own timeouts and proxies. Network and HTTP
errors reach callers as :class:`InseeError` (a :class:`~savcore.errors.TransmissionError`), never
as httpx exceptions.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import date

import httpx

from savcore.errors import DataFormatError, NotFoundError, TransmissionError
from savcore.model.indices import IndexValue
from savcore_insee.sdmx import Series, parse_structure_specific

__all__ = ["BDM_URL", "KNOWN_IDBANKS", "MAX_IDBANKS", "InseeClient", "InseeError", "InseeProvider"]

BDM_URL = "https://bdm.insee.fr/series/sdmx/data/SERIES_BDM"
"""The SDMX data endpoint of INSEE's BDM: ``{BDM_URL}/{idbank}+{idbank}...``."""

MAX_IDBANKS = 200
"""Idbanks per request (INSEE accepts a few hundred; be polite)."""

KNOWN_IDBANKS: Mapping[str, str] = {
    "BT01": "001710986",
}
"""Index codes whose INSEE idbank is known for sure (BT01, all trades, base 2010). Give the others
(BT38, BT40, BT41, BT47, BT50, ICHTrev-TS...) to :class:`InseeProvider` after checking them on
insee.fr; a code made of digits only is taken as an idbank."""


class InseeError(TransmissionError):
    """INSEE BDM could not be reached or answered with an error (``status`` is the HTTP status,
    ``None`` when no answer came)."""

    def __init__(self, url: str, message: str, *, status: int | None = None) -> None:
        self.status = status
        super().__init__("INSEE BDM", url, message)


class InseeClient:
    """Fetches series from INSEE BDM through the given ``httpx.Client``."""

    def __init__(self, http: httpx.Client, *, base_url: str = BDM_URL) -> None:
        self.http = http
        self.base_url = base_url.rstrip("/")

    def series(
        self,
        idbanks: Sequence[str],
        *,
        start_period: str | None = None,
        end_period: str | None = None,
    ) -> list[Series]:
        """The series ``idbanks`` (``startPeriod``/``endPeriod`` as INSEE writes them, e.g.
        ``2018-01``), fetched in batches of :data:`MAX_IDBANKS`.

        Raises :class:`~savcore.errors.NotFoundError` when INSEE knows none of the idbanks (HTTP
        404), :class:`InseeError` for other failures, :class:`~savcore.errors.DataFormatError`
        for an answer that does not parse.
        """
        params = {}
        if start_period is not None:
            params["startPeriod"] = start_period
        if end_period is not None:
            params["endPeriod"] = end_period
        found: list[Series] = []
        for i in range(0, len(idbanks), MAX_IDBANKS):
            batch = idbanks[i : i + MAX_IDBANKS]
            url = f"{self.base_url}/{'+'.join(batch)}"
            try:
                response = self.http.get(url, params=params)
            except httpx.HTTPError as exc:
                raise InseeError(url, f"échec de la connexion : {exc}") from exc
            if response.status_code == 404:
                raise NotFoundError("série INSEE", "+".join(batch), context="inconnue de la BDM")
            if response.is_error:
                raise InseeError(
                    url, f"réponse HTTP {response.status_code}", status=response.status_code
                )
            found.extend(parse_structure_specific(response.content, source=url))
        return found


def _month(day: date) -> str:
    return f"{day:%Y-%m}"


def _last_month_before(day: date) -> str:
    total = day.year * 12 + day.month - 1 - (1 if day.day == 1 else 0)
    return f"{total // 12:04d}-{total % 12 + 1:02d}"


class InseeProvider:
    """Index provider ``insee``: values of savcore index codes from INSEE BDM.

    ``idbanks`` maps index codes to idbanks (default :data:`KNOWN_IDBANKS`). INSEE gives no
    publication date per observation: ``published_on`` is the series' ``LAST_UPDATE``, the date by
    which the value was surely published.
    """

    name = "insee"

    def __init__(
        self,
        client: InseeClient | None = None,
        *,
        idbanks: Mapping[str, str] | None = None,
    ) -> None:
        self._client = client
        self.idbanks = dict(KNOWN_IDBANKS if idbanks is None else idbanks)

    @property
    def client(self) -> InseeClient:
        """The client (a default ``httpx.Client`` is created on first use)."""
        if self._client is None:
            self._client = InseeClient(httpx.Client(timeout=30.0, follow_redirects=True))
        return self._client

    def idbank(self, code: str) -> str:
        """The idbank of index ``code``; :class:`~savcore.errors.NotFoundError` if unknown."""
        if code in self.idbanks:
            return self.idbanks[code]
        if code.isdigit():
            return code
        raise NotFoundError(
            "indice", code, context="idbank INSEE inconnu : InseeProvider(idbanks={...})"
        )

    def fetch(self, index_codes: Sequence[str], start: date, end: date) -> list[IndexValue]:
        """Values of ``index_codes`` for the periods starting in ``[start, end)``."""
        by_idbank = {self.idbank(code): code for code in index_codes}
        if not by_idbank:
            return []
        series = self.client.series(
            list(by_idbank), start_period=_month(start), end_period=_last_month_before(end)
        )
        values: list[IndexValue] = []
        for s in series:
            code = by_idbank.get(s.idbank)
            if code is None:
                continue
            if s.last_update is None:
                raise DataFormatError(
                    f"INSEE BDM {s.idbank}", ["LAST_UPDATE absent : date de publication inconnue"]
                )
            values.extend(
                IndexValue(
                    index=code,
                    period=o.period,
                    value=o.value,
                    published_on=s.last_update,
                    status=o.status,
                    source=f"INSEE BDM {s.idbank}",
                )
                for o in s.observations
                if start <= o.period.start < end
            )
        return values
