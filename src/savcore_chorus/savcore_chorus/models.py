"""What Chorus Pro answers, as frozen values (read from the documented JSON shapes).

Each class has a ``from_json`` named constructor that reads the exact keys of the API and raises
:class:`~savcore_chorus.errors.ChorusProtocolError` when a required one is missing.
"""

from __future__ import annotations

import enum
from collections.abc import Mapping
from typing import Any

import attrs

from savcore_chorus.errors import ChorusProtocolError

__all__ = [
    "DepositResult",
    "FlowError",
    "FlowReport",
    "InvoiceHistory",
    "InvoiceSummary",
    "Requirement",
    "Service",
    "StatusEvent",
    "Structure",
    "StructureParameters",
]


def _need(data: Mapping[str, Any], key: str, what: str) -> Any:
    try:
        value = data[key]
    except (KeyError, TypeError):
        raise ChorusProtocolError(f"réponse {what} sans champ « {key} »") from None
    if value is None:
        raise ChorusProtocolError(f"réponse {what} : champ « {key} » vide")
    return value


def _text(data: Mapping[str, Any], key: str) -> str:
    value = data.get(key)
    return "" if value is None else str(value)


@attrs.frozen
class DepositResult:
    """Answer of ``factures/v1/deposer/flux``: the flow number and when it was deposited."""

    flow_number: str
    deposited_on: str
    syntax: str

    @classmethod
    def from_json(cls, data: Mapping[str, Any]) -> DepositResult:
        """Read ``numeroFluxDepot``, ``dateDepot``, ``syntaxeFlux``."""
        return cls(
            str(_need(data, "numeroFluxDepot", "de dépôt")),
            _text(data, "dateDepot"),
            _text(data, "syntaxeFlux"),
        )


@attrs.frozen
class FlowError:
    """One error of a flow report: an invoice refused (``invoice_number`` set) or a technical
    error of the whole flow."""

    message: str
    invoice_number: str | None = None
    code: str | None = None


FLOW_FINAL = frozenset({"IN_INCIDENTE", "IN_REJETE", "IN_INTEGRE", "IN_INTEGRE_PARTIEL"})
"""Flow statuses after which the flow will not change any more."""

FLOW_PENDING = frozenset(
    {
        "IN_RECU",
        "IN_TRAITE_SE_CPP",
        "IN_EN_ATTENTE_TRAITEMENT_CPP",
        "IN_EN_COURS_TRAITEMENT_CPP",
        "IN_EN_ATTENTE_RETRAITEMENT_CPP",
        "IN_DEPOT_PORTAIL_EN_ATTENTE_TRAITEMENT_SE_CPP",
        "IN_A_RELANCER",
    }
)
"""Flow statuses of a flow still being processed."""


@attrs.frozen
class FlowReport:
    """Answer of ``transverses/v1/consulterCRDetaille``: where a deposited flow stands."""

    flow_number: str
    status: str
    errors: tuple[FlowError, ...] = ()
    status_at: str = ""

    @property
    def final(self) -> bool:
        """Whether the flow's processing is over."""
        return self.status in FLOW_FINAL

    def refused(self, invoice_number: str) -> tuple[FlowError, ...]:
        """The errors naming ``invoice_number`` (in ``listeErreurDP``)."""
        return tuple(e for e in self.errors if e.invoice_number == invoice_number)

    @classmethod
    def from_json(cls, data: Mapping[str, Any]) -> FlowReport:
        """Read ``numeroFluxDepot``, ``etatCourantDepotFlux``, ``listeErreurDP`` and
        ``listeErreurTechnique``."""
        status = str(_need(data, "etatCourantDepotFlux", "de compte rendu de flux"))
        if status not in FLOW_FINAL and status not in FLOW_PENDING:
            raise ChorusProtocolError(f"état de flux inconnu : {status}")
        errors = [
            FlowError(
                _text(e, "libelleErreurDP"),
                invoice_number=_text(e, "numeroDP") or None,
            )
            for e in data.get("listeErreurDP") or ()
        ]
        errors += [
            FlowError(_text(e, "libelleErreur"), code=_text(e, "codeErreur") or None)
            for e in data.get("listeErreurTechnique") or ()
        ]
        return cls(
            _text(data, "numeroFluxDepot"),
            status,
            tuple(errors),
            _text(data, "dateHeureEtatCourantFlux"),
        )


@attrs.frozen
class InvoiceSummary:
    """One invoice of ``factures/v1/rechercher/fournisseur``."""

    chorus_id: str
    number: str
    status: str
    flow_number: str = ""
    comment: str = ""
    kind: str = ""

    @classmethod
    def from_json(cls, data: Mapping[str, Any]) -> InvoiceSummary:
        """Read ``identifiantFactureCPP``, ``numeroFacture``, ``statut`` and a few others."""
        return cls(
            str(_need(data, "identifiantFactureCPP", "de recherche de factures")),
            str(_need(data, "numeroFacture", "de recherche de factures")),
            _text(data, "statut"),
            _text(data, "numeroFluxDepot"),
            _text(data, "commentaireEtatCourant"),
            _text(data, "typeFacture"),
        )


@attrs.frozen
class StatusEvent:
    """One passage in an invoice's status history, with the comment (reason of a rejection or
    a suspension)."""

    code: str
    at: str
    comment: str = ""


@attrs.frozen
class InvoiceHistory:
    """Answer of ``factures/v1/consulter/historique``: current status and every passage."""

    chorus_id: str
    number: str
    status: str
    events: tuple[StatusEvent, ...] = ()

    @property
    def last_comment(self) -> str:
        """The latest non-empty comment (rejection or suspension reason), or ``""``."""
        for event in sorted(self.events, key=lambda e: e.at, reverse=True):
            if event.comment:
                return event.comment
        return ""

    @classmethod
    def from_json(cls, data: Mapping[str, Any]) -> InvoiceHistory:
        """Read ``idFacture``, ``numeroFacture``, ``statutCourantCode`` and
        ``historiquesDesStatuts``."""
        raw = data.get("historiquesDesStatuts") or {}
        # Documented as a list; some answers wrap it: {"histoStatut": [...]}.
        items = raw.get("histoStatut", []) if isinstance(raw, Mapping) else raw
        events = tuple(
            StatusEvent(
                _text(e, "histoStatutCode"),
                _text(e, "histoStatutDatePassage"),
                _text(e, "histoStatutCommentaire"),
            )
            for e in items
        )
        return cls(
            _text(data, "idFacture"),
            _text(data, "numeroFacture"),
            str(_need(data, "statutCourantCode", "d'historique de facture")),
            events,
        )


@attrs.frozen
class Structure:
    """A public structure found by SIRET (``structures/v1/rechercher``)."""

    chorus_id: int
    identifier: str
    name: str
    status: str = ""

    @classmethod
    def from_json(cls, data: Mapping[str, Any]) -> Structure:
        """Read ``idStructureCPP``, ``identifiantStructure``, ``designationStructure``."""
        return cls(
            int(_need(data, "idStructureCPP", "de recherche de structure")),
            _text(data, "identifiantStructure"),
            _text(data, "designationStructure"),
            _text(data, "statut"),
        )


class Requirement(enum.Enum):
    """What a public structure requires on an invoice (from ``structures/v1/consulter``)."""

    NONE = "none"
    SERVICE = "service"
    ENGAGEMENT = "engagement"
    SERVICE_OR_ENGAGEMENT = "service_or_engagement"
    SERVICE_AND_ENGAGEMENT = "service_and_engagement"


@attrs.frozen
class StructureParameters:
    """Answer of ``structures/v1/consulter``: the structure's invoicing rules."""

    service_required: bool
    engagement_required: bool
    service_or_engagement: bool = False
    payment_status_reported: bool = True

    @property
    def requirement(self) -> Requirement:
        """The rule as one value (the either-one flag wins, as in OCA)."""
        if self.service_or_engagement:
            return Requirement.SERVICE_OR_ENGAGEMENT
        if self.service_required and self.engagement_required:
            return Requirement.SERVICE_AND_ENGAGEMENT
        if self.service_required:
            return Requirement.SERVICE
        if self.engagement_required:
            return Requirement.ENGAGEMENT
        return Requirement.NONE

    @classmethod
    def from_json(cls, data: Mapping[str, Any]) -> StructureParameters:
        """Read ``parametres.codeServiceDoitEtreRenseigne``, ``numeroEJDoitEtreRenseigne``,
        ``gestionNumeroEJOuCodeService`` and ``statutMiseEnPaiementNestPasRemonte``."""
        params = _need(data, "parametres", "de consultation de structure")
        return cls(
            bool(params.get("codeServiceDoitEtreRenseigne")),
            bool(params.get("numeroEJDoitEtreRenseigne")),
            bool(params.get("gestionNumeroEJOuCodeService")),
            not params.get("statutMiseEnPaiementNestPasRemonte"),
        )


@attrs.frozen
class Service:
    """A service of a structure (``structures/v1/rechercher/services``)."""

    chorus_id: int
    code: str
    name: str
    active: bool

    @classmethod
    def from_json(cls, data: Mapping[str, Any]) -> Service:
        """Read ``idService``, ``codeService``, ``libelleService``, ``estActif``."""
        return cls(
            int(_need(data, "idService", "de services")),
            str(_need(data, "codeService", "de services")),
            _text(data, "libelleService"),
            bool(data.get("estActif", True)),
        )
