"""Pre-flight checks: the Chorus Pro rules a document must meet before it leaves, in pure Python.

:func:`preflight` lists every problem at once, each a :class:`Problem` with a rule id, a French
message and whether it blocks the deposit. The EN 16931 arithmetic is checked again from the lines
(:func:`savcore.billing.invoicing.en16931_problems`), and the mandatory French mentions are
reported as warnings.

>>> from savcore_chorus._samples import sample_invoice
>>> [p.rule for p in preflight(sample_invoice())]
[]
>>> import attrs
>>> no_iban = attrs.evolve(sample_invoice(), seller=attrs.evolve(sample_invoice().seller, iban=None))
>>> print(preflight(no_iban)[0])
CHORUS-IBAN : IBAN du vendeur manquant : Chorus Pro n'accepte que le virement sur IBAN
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

import attrs

from savcore.billing.invoicing import en16931_problems
from savcore.model.invoices import DocumentKind, Invoice, InvoiceStatus
from savcore.money import VatRate
from savcore_chorus.cii import xml_text
from savcore_chorus.models import Requirement, Service

__all__ = ["ENGAGEMENT_MAX_LENGTH", "RESERVED_SERVICE", "Problem", "blocking", "preflight"]

ENGAGEMENT_MAX_LENGTH = 50
"""Longest engagement number Chorus Pro accepts."""

RESERVED_SERVICE = "FACTURES_PUBLIQUES"
"""Service reserved for invoices between public entities: a supplier invoice sent there is
rejected."""


@attrs.frozen
class Problem:
    """One reason not to send: ``rule`` (``CHORUS-SIRET-ACHETEUR``, ``BR-CO-15``...), a French
    ``message``, and ``blocking`` (false for a warning)."""

    rule: str
    message: str
    blocking: bool = True

    def __str__(self) -> str:
        kind = "" if self.blocking else "avertissement "
        return f"{kind}{self.rule} : {self.message}"


def blocking(problems: Iterable[Problem]) -> list[Problem]:
    """The problems that forbid sending."""
    return [p for p in problems if p.blocking]


def _identities(invoice: Invoice, expected_buyer_siret: str | None) -> list[Problem]:
    out: list[Problem] = []
    seller, buyer = invoice.seller, invoice.buyer
    if not seller.siret:
        out.append(Problem("CHORUS-SIRET-VENDEUR", "SIRET du vendeur manquant"))
    if not seller.vat_number:
        # BR-S-02, BR-E-02, BR-AE-02: any VAT category used by savcore needs it.
        out.append(Problem("BR-S-02", "numéro de TVA intracommunautaire du vendeur manquant"))
    if not buyer.siret:
        out.append(
            Problem("CHORUS-SIRET-ACHETEUR", "SIRET de la structure publique destinataire manquant")
        )
    elif expected_buyer_siret and buyer.siret != expected_buyer_siret:
        out.append(
            Problem(
                "CHORUS-SIRET-ACHETEUR",
                f"SIRET de l'acheteur {buyer.siret} différent de celui attendu "
                f"{expected_buyer_siret}",
            )
        )
    if any(line.vat_rate is VatRate.ZERO for line in invoice.lines):
        reason = (invoice.vat_exemption_reason or "").lower()
        if "autoliquidation" in reason and not (buyer.vat_number or buyer.siret):
            out.append(Problem("BR-AE-02", "autoliquidation : TVA ou SIRET de l'acheteur manquant"))
    return out


def _references(
    invoice: Invoice, requirement: Requirement | None, services: Sequence[Service] | None
) -> list[Problem]:
    out: list[Problem] = []
    service, engagement = invoice.buyer_reference, invoice.engagement_number
    if engagement is not None and len(engagement) > ENGAGEMENT_MAX_LENGTH:
        out.append(
            Problem(
                "CHORUS-EJ-LONGUEUR",
                f"numéro d'engagement de {len(engagement)} caractères "
                f"({ENGAGEMENT_MAX_LENGTH} au plus)",
            )
        )
    if service == RESERVED_SERVICE:
        out.append(
            Problem(
                "CHORUS-SERVICE-RESERVE",
                f"le service {RESERVED_SERVICE} est réservé aux factures entre entités publiques",
            )
        )
    match requirement:
        case None | Requirement.NONE:
            pass
        case Requirement.SERVICE:
            if not service:
                out.append(Problem("CHORUS-SERVICE", "code service exigé par le destinataire"))
        case Requirement.ENGAGEMENT:
            if not engagement:
                out.append(Problem("CHORUS-EJ", "numéro d'engagement exigé par le destinataire"))
        case Requirement.SERVICE_OR_ENGAGEMENT:
            if not (service or engagement):
                out.append(
                    Problem(
                        "CHORUS-SERVICE-OU-EJ",
                        "code service ou numéro d'engagement exigé par le destinataire",
                    )
                )
        case Requirement.SERVICE_AND_ENGAGEMENT:
            if not service:
                out.append(Problem("CHORUS-SERVICE", "code service exigé par le destinataire"))
            if not engagement:
                out.append(Problem("CHORUS-EJ", "numéro d'engagement exigé par le destinataire"))
    if services is not None and service:
        known = {s.code: s for s in services}
        found = known.get(service)
        if found is None:
            out.append(
                Problem("CHORUS-SERVICE", f"code service {service!r} inconnu du destinataire")
            )
        elif not found.active:
            out.append(Problem("CHORUS-SERVICE", f"code service {service!r} inactif"))
    return out


def _payment(invoice: Invoice, framework: str | None) -> list[Problem]:
    out: list[Problem] = []
    if invoice.kind is DocumentKind.INVOICE and not invoice.seller.iban:
        out.append(
            Problem(
                "CHORUS-IBAN",
                "IBAN du vendeur manquant : Chorus Pro n'accepte que le virement sur IBAN",
            )
        )
    if framework == "A2" and not invoice.paid:
        out.append(Problem("CHORUS-CADRE-A2", "cadre A2 (déjà payée) pour une facture non payée"))
    if invoice.kind is DocumentKind.CREDIT_NOTE and framework == "A2":
        out.append(Problem("CHORUS-CADRE-A2", "un avoir ne peut pas être « déjà payé » (A2)"))
    if invoice.total <= 0:
        out.append(Problem("CHORUS-MONTANT", "montant total nul", blocking=False))
    return out


def _texts(invoice: Invoice) -> list[str]:
    texts = [invoice.seller.name, invoice.buyer.name, *invoice.notes]
    texts += [line.label for line in invoice.lines]
    for party in (invoice.seller, invoice.buyer):
        texts += [party.address.line1, party.address.city, party.address.postcode]
        texts += [party.address.line2 or ""]
    return texts


def preflight(
    invoice: Invoice,
    *,
    requirement: Requirement | None = None,
    services: Sequence[Service] | None = None,
    expected_buyer_siret: str | None = None,
    framework: str | None = None,
) -> list[Problem]:
    """Every problem that would make Chorus Pro (or EN 16931) refuse ``invoice``.

    :param requirement: what the buyer's structure requires (service code, engagement number),
        from :meth:`ChorusClient.structure_parameters`; ``None`` skips the check.
    :param services: the structure's services (to check the service code exists and is active).
    :param expected_buyer_siret: the SIRET the customer's settings say to invoice.
    :param framework: the invoicing framework to be used (``A1``, ``A2``...).
    :return: the problems, blocking ones and warnings, in a stable order; empty when all is well.
    """
    out: list[Problem] = []
    if invoice.status is not InvoiceStatus.ISSUED:
        out.append(Problem("SAVCORE-BROUILLON", "un brouillon ne s'envoie pas : émettez-le"))
    out += _identities(invoice, expected_buyer_siret)
    out += _references(invoice, requirement, services)
    out += _payment(invoice, framework)
    for text in en16931_problems(invoice):
        rule, _, message = text.partition(" : ")
        out.append(Problem(rule.strip(), message.strip()))
    if any(xml_text(t) != t for t in _texts(invoice)):
        out.append(
            Problem(
                "XML-CARACTERES",
                "caractères interdits en XML remplacés par « \ufffd »",
                blocking=False,
            )
        )
    return out
