"""Errors of the Chorus Pro adapter: who refused, and why, in French.

::

    savcore.errors.TransmissionError
    └── ChorusError                      anything that stopped a Chorus Pro operation
        ├── ChorusAuthError              PISTE refused the application (OAuth2 client id/secret)
        ├── ChorusAccountError           Chorus Pro refused the technical account (cpro-account)
        ├── ChorusDataError              the invoice data was refused (by Chorus Pro or locally)
        │   └── PreflightError           refused before sending: pre-flight, XSD or Schematron
        ├── ChorusTransportError         network failure, timeout, 429/5xx still there after retries
        └── ChorusProtocolError          an answer savcore cannot read (shape, unknown status)

No error carries an httpx exception, a request, a header or a body: messages are built from
status codes, Chorus return codes (``codeRetour``, ``libelle``) and savcore's own words, so that
the client secret, the technical account's password and the tokens never reach a log or a
traceback.
"""

from __future__ import annotations

from collections.abc import Sequence

from savcore.errors import TransmissionError

__all__ = [
    "CHANNEL",
    "ChorusAccountError",
    "ChorusAuthError",
    "ChorusDataError",
    "ChorusError",
    "ChorusProtocolError",
    "ChorusTransportError",
    "PreflightError",
]

CHANNEL = "chorus"
"""The transmitter's name, and the ``channel`` of every error below."""


class ChorusError(TransmissionError):
    """A Chorus Pro operation failed; ``document`` names the invoice when there is one.

    ``status`` is the HTTP status when the portal answered, ``code`` the Chorus ``codeRetour``
    and ``label`` its ``libelle`` when the answer had them.
    """

    def __init__(
        self,
        message: str,
        *,
        document: str = "-",
        status: int | None = None,
        code: int | None = None,
        label: str | None = None,
    ) -> None:
        self.status = status
        self.code = code
        self.label = label
        super().__init__(CHANNEL, document, message)

    def __str__(self) -> str:
        extra = []
        if self.status is not None:
            extra.append(f"HTTP {self.status}")
        if self.code is not None:
            extra.append(f"codeRetour {self.code}")
        if self.label:
            extra.append(self.label)
        suffix = f" ({', '.join(extra)})" if extra else ""
        return f"Chorus Pro, {self.document} : {self.message}{suffix}"

    def __repr__(self) -> str:
        return f"{type(self).__name__}({str(self)!r})"


class ChorusAuthError(ChorusError):
    """PISTE refused the application: wrong client id or secret, API not subscribed (Factures,
    Structures, Transverses) for this environment, or a token refused twice."""


class ChorusAccountError(ChorusError):
    """Chorus Pro refused the technical account (``cpro-account``): wrong login or password,
    password expired, account not attached to the supplier structure, or no API connection."""


class ChorusDataError(ChorusError):
    """The invoice data was refused: by Chorus Pro (a business or format rule, with its return
    code) or, for :class:`PreflightError`, by savcore before sending."""


class PreflightError(ChorusDataError):
    """The document was refused before anything left: ``problems`` lists every reason (Chorus
    rules, XSD errors, Schematron failed asserts), in French."""

    def __init__(self, document: str, problems: Sequence[str]) -> None:
        self.problems = tuple(problems)
        listed = " ; ".join(self.problems) if self.problems else "aucun détail"
        super().__init__(f"refusée avant envoi : {listed}", document=document)


class ChorusTransportError(ChorusError):
    """The portal could not be reached, or kept answering 429 or 5xx, after every retry.

    ``maybe_received`` is true when the request may have reached the portal (a timeout while
    reading the answer, a dropped connection after sending): the document must be searched for
    before any new deposit.
    """

    def __init__(
        self,
        message: str,
        *,
        document: str = "-",
        status: int | None = None,
        maybe_received: bool = False,
    ) -> None:
        self.maybe_received = maybe_received
        super().__init__(message, document=document, status=status)


class ChorusProtocolError(ChorusError):
    """An answer that does not have the documented shape (not JSON, a missing field, a status
    code savcore does not know)."""
