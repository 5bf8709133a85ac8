"""The ``chorus`` transmitter: pre-flight, build, deposit once, follow up.

:class:`ChorusTransmitter` follows :class:`savcore.ports.Transmitter`; ``savcore.send(invoice,
via="chorus", store=...)`` finds it through the ``savcore_transmitters`` hook and records the
transmission in the store before and after the deposit.

Nothing is deposited twice: when the deposit's answer is lost (timeout, dropped connection, 5xx
after the request left), the invoice is searched by number before any new deposit, and found
means sent. ``options={"resume": True}`` (what ``savcore.send`` passes when the store shows an
attempt whose outcome is unknown) does that search before the first deposit too.

Options of :meth:`ChorusTransmitter.send`: ``syntax`` (``IN_DP_E2_CII_FACTURX``, the default, or
``IN_DP_E1_CII_16B``), ``framework`` (``A1``/``A2``...), ``check_structure`` (ask Chorus Pro what
the buyer's structure requires and check the service code), ``resume``.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable, Mapping
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import attrs

from savcore.model.invoices import Invoice
from savcore.ports import TransmissionReceipt, TransmissionStatus
from savcore_chorus.cii import CiiOptions, build_cii
from savcore_chorus.client import ChorusClient
from savcore_chorus.errors import CHANNEL, ChorusError, ChorusTransportError, PreflightError
from savcore_chorus.follow import FollowUp
from savcore_chorus.models import InvoiceSummary, Requirement, Service
from savcore_chorus.pdf import facturx_pdf
from savcore_chorus.preflight import Problem, blocking, preflight
from savcore_chorus.validation import Validator

__all__ = ["SYNTAX_CII", "SYNTAX_FACTURX", "ChorusTransmitter", "Prepared"]

logger = logging.getLogger("savcore_chorus")

SYNTAX_FACTURX = "IN_DP_E2_CII_FACTURX"
"""Factur-X PDF/A-3 (the PDF a person reads, with the CII inside)."""
SYNTAX_CII = "IN_DP_E1_CII_16B"
"""CII D16B XML alone."""

_SUFFIX = {SYNTAX_FACTURX: "pdf", SYNTAX_CII: "xml"}


def _now() -> datetime:
    return datetime.now(UTC)


@attrs.frozen
class Prepared:
    """A document ready to deposit: the file, its name and syntax, its CII and the warnings."""

    content: bytes
    filename: str
    syntax: str
    xml: bytes
    warnings: tuple[Problem, ...] = ()


class ChorusTransmitter:
    """Sends savcore invoices and credit notes to Chorus Pro and follows them.

    :param client: the API client, or a function building it on first use (the plugin passes
        ``ChorusClient.from_environment`` so that loading plugins opens no connection).
    :param validator: XSD + Schematron validator (compiled once); ``artefacts`` builds one from
        the EN 16931 folder. Without either, only the pre-flight checks run (and the receipt's
        detail says so).
    :param clock: the time receipts are stamped with (timezone-aware).
    :param sleep: wait between searches after a lost answer; ``confirm_attempts`` searches,
        ``confirm_delay`` seconds apart, before depositing again.
    """

    name = CHANNEL

    def __init__(
        self,
        client: ChorusClient | Callable[[], ChorusClient] | None = None,
        *,
        validator: Validator | None = None,
        artefacts: Path | None = None,
        syntax: str = SYNTAX_FACTURX,
        cii_options: CiiOptions | None = None,
        clock: Callable[[], datetime] = _now,
        sleep: Callable[[float], None] = time.sleep,
        confirm_attempts: int = 3,
        confirm_delay: float = 10.0,
        deposit_attempts: int = 2,
    ) -> None:
        self._client = client
        self._validator = validator
        self._artefacts = artefacts
        self.syntax = syntax
        self.cii_options = cii_options or CiiOptions()
        self._clock = clock
        self._sleep = sleep
        self.confirm_attempts = confirm_attempts
        self.confirm_delay = confirm_delay
        self.deposit_attempts = deposit_attempts

    def __repr__(self) -> str:
        return f"ChorusTransmitter(syntax={self.syntax!r})"

    @property
    def client(self) -> ChorusClient:
        """The API client (built on first use when a factory was given)."""
        if self._client is None:
            self._client = ChorusClient.from_environment()
        if not isinstance(self._client, ChorusClient):
            self._client = self._client()
        return self._client

    @property
    def validator(self) -> Validator | None:
        """The XSD + Schematron validator, if artefacts were given."""
        if self._validator is None and self._artefacts is not None:
            self._validator = Validator(self._artefacts)
        return self._validator

    # --- preparing ----------------------------------------------------------------------------

    def _structure_rules(self, invoice: Invoice) -> tuple[Requirement, list[Service]] | None:
        if not invoice.buyer.siret:
            return None
        structure = self.client.find_structure(invoice.buyer.siret)
        params = self.client.structure_parameters(structure.chorus_id)
        return params.requirement, self.client.services(structure.chorus_id)

    def prepare(self, invoice: Invoice, options: Mapping[str, Any] | None = None) -> Prepared:
        """Check ``invoice`` and build the file to deposit.

        :raises PreflightError: a blocking pre-flight problem, an XSD error or a fatal Schematron
            failed assert (all listed).
        """
        opts = dict(options or {})
        syntax = str(opts.get("syntax", self.syntax))
        if syntax not in _SUFFIX:
            raise ChorusError(f"syntaxe de flux non prise en charge : {syntax}")
        cii_options = self.cii_options
        if opts.get("framework"):
            cii_options = attrs.evolve(cii_options, framework=str(opts["framework"]))
        rules = self._structure_rules(invoice) if opts.get("check_structure") else None
        problems = preflight(
            invoice,
            requirement=rules[0] if rules else None,
            services=rules[1] if rules else None,
            framework=cii_options.framework_for(invoice),
        )
        errors = [str(p) for p in blocking(problems)]
        number = invoice.number or invoice.id
        xml = build_cii(invoice, cii_options)
        validator = self.validator
        if validator is not None:
            errors += validator.validate(xml).problems()
        if errors:
            raise PreflightError(number, errors)
        warnings = tuple(p for p in problems if not p.blocking)
        if validator is None:
            warnings += (
                Problem("EN16931", "XSD et Schematron non vérifiés (artefacts non fournis)", False),
            )
        content = facturx_pdf(invoice, xml) if syntax == SYNTAX_FACTURX else xml
        safe = number.replace("/", "-")
        filename = f"{'facturx' if syntax == SYNTAX_FACTURX else 'cii'}_chorus_facture_{safe}"
        return Prepared(content, f"{filename}.{_SUFFIX[syntax]}", syntax, xml, warnings)

    # --- sending ------------------------------------------------------------------------------

    def _receipt(self, number: str, remote_id: str, detail: str) -> TransmissionReceipt:
        return TransmissionReceipt(
            channel=CHANNEL,
            document_id=number,
            remote_id=remote_id,
            status=TransmissionStatus.SUBMITTED,
            at=self._clock(),
            detail=detail,
        )

    def find(self, number: str) -> InvoiceSummary | None:
        """The supplier's invoice numbered ``number`` on Chorus Pro, if any (the most recent)."""
        found = [i for i in self.client.search_invoices(number=number) if i.number == number]
        return found[0] if found else None

    def _confirm(self, number: str) -> InvoiceSummary | None:
        for attempt in range(self.confirm_attempts):
            found = self.find(number)
            if found is not None:
                return found
            if attempt + 1 < self.confirm_attempts:
                self._sleep(self.confirm_delay)
        return None

    def _found(self, number: str, found: InvoiceSummary) -> TransmissionReceipt:
        remote = found.flow_number or f"facture:{found.chorus_id}"
        logger.info("facture %s déjà sur Chorus Pro (%s) : pas de nouveau dépôt", number, remote)
        return self._receipt(
            number, remote, f"déjà déposée : facture Chorus {found.chorus_id} ({found.status})"
        )

    def send(
        self, invoice: Invoice, *, options: Mapping[str, Any] | None = None
    ) -> TransmissionReceipt:
        """Check, build and deposit ``invoice``; return the receipt (``remote_id`` = flow number).

        :raises PreflightError: the document was refused before anything left.
        :raises ChorusError: Chorus Pro refused it, or could not be reached (then nothing was
            deposited, or the answer was lost and the invoice could not be found by number).
        """
        opts = dict(options or {})
        number = invoice.number or invoice.id
        prepared = self.prepare(invoice, opts)
        if opts.get("resume"):
            found = self.find(number)
            if found is not None:
                return self._found(number, found)
        for attempt in range(self.deposit_attempts):
            try:
                result = self.client.deposit(
                    prepared.content, prepared.filename, prepared.syntax, document=number
                )
            except ChorusTransportError as exc:
                if not exc.maybe_received:
                    raise
                logger.warning("réponse du dépôt de %s perdue : recherche par numéro", number)
                found = self._confirm(number)
                if found is not None:
                    return self._found(number, found)
                if attempt + 1 >= self.deposit_attempts:
                    raise
                continue
            detail = f"flux {result.flow_number} déposé ({prepared.syntax})"
            if prepared.warnings:
                detail += " ; " + " ; ".join(str(w) for w in prepared.warnings)
            return self._receipt(number, result.flow_number, detail)
        raise AssertionError("unreachable")  # pragma: no cover

    # --- following ----------------------------------------------------------------------------

    def follow(self, receipt: TransmissionReceipt) -> FollowUp:
        """Where the document of ``receipt`` stands (see :mod:`savcore_chorus.follow`)."""
        number = receipt.document_id
        if receipt.remote_id.startswith("facture:"):
            history = self.client.history(receipt.remote_id.removeprefix("facture:"))
            return FollowUp.from_history(history, None)
        flow = self.client.flow_report(receipt.remote_id)
        told = FollowUp.from_flow(flow, number)
        if told is not None:
            return told
        mine = [
            i
            for i in self.client.search_invoices(flow_number=flow.flow_number or receipt.remote_id)
            if i.number == number
        ]
        if not mine:
            return FollowUp(
                TransmissionStatus.SUBMITTED,
                f"flux {receipt.remote_id} : {flow.status}, facture pas encore visible",
                flow=flow,
            )
        return FollowUp.from_history(self.client.history(mine[0].chorus_id), flow)

    def status(self, receipt: TransmissionReceipt) -> TransmissionReceipt:
        """``receipt`` updated with the document's current status (see :meth:`follow`)."""
        follow = self.follow(receipt)
        return attrs.evolve(receipt, status=follow.status, at=self._clock(), detail=follow.detail)
