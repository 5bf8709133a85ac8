"""Follow-up: what became of a deposited document, from the flow to the invoice's status history.

The state machine, for one document deposited in a flow:

1. **flow pending** (``IN_RECU``, ``IN_EN_COURS_TRAITEMENT_CPP``...): ``SUBMITTED``, ask again later;
2. **flow refused** (``IN_REJETE``, ``IN_INCIDENTE``, or ``IN_INTEGRE_PARTIEL`` naming the document
   in ``listeErreurDP``): ``REJECTED``, the document may be corrected and sent again;
3. **flow integrated**: the document's Chorus id is found among the flow's invoices (every page),
   then its status history is read (``consulter/historique``) and the current status mapped below,
   keeping every passage with its comment (rejection, suspension reasons);
4. **final** when the invoice is paid (``MISE_EN_PAIEMENT``), rejected by the buyer (``REJETEE``),
   or ``MANDATEE``/``COMPTABILISEE`` for a structure that never reports the payment.
"""

from __future__ import annotations

import attrs

from savcore.ports import TransmissionStatus
from savcore_chorus.errors import ChorusProtocolError
from savcore_chorus.models import FlowReport, InvoiceHistory

__all__ = [
    "FINAL_STATUSES",
    "INVOICE_STATUSES",
    "FollowUp",
    "is_final",
    "map_status",
]

_S, _D, _R, _A, _P = (
    TransmissionStatus.SUBMITTED,
    TransmissionStatus.DELIVERED,
    TransmissionStatus.REJECTED,
    TransmissionStatus.ACCEPTED,
    TransmissionStatus.PAID,
)

INVOICE_STATUSES: dict[str, TransmissionStatus] = {
    "BROUILLON": _S,
    "DEPOSEE": _S,
    "EN_COURS_ACHEMINEMENT": _S,
    "INTERPRETEE_OCR": _S,
    "MISE_A_DISPOSITION": _D,
    "PRISE_EN_COMPTE_DESTINATAIRE": _D,
    "TRANSMISE_MOA": _D,
    "MISE_A_DISPOSITION_MOE": _D,
    "MISE_A_DISPOSITION_MOA": _D,
    "A_VALIDER_1": _D,
    "A_VALIDER_2": _D,
    "SUSPENDUE": _D,
    "COMPLETEE": _D,
    "A_RECYCLER": _R,
    "REJETEE": _R,
    "REFUSEE_1": _R,
    "REFUSEE_2": _R,
    "REFUSEE_MOE": _R,
    "REFUSEE_MOA": _R,
    "NON_CONFORME": _R,
    "ABANDONNEE": _R,
    "SUPPRIMEE": _R,
    "VALIDEE_1": _A,
    "VALIDEE_2": _A,
    "SERVICE_FAIT": _A,
    "MANDATEE": _A,
    "MISE_A_DISPOSITION_COMPTABLE": _A,
    "COMPTABILISEE": _A,
    "MISE_EN_PAIEMENT": _P,
}
"""Chorus Pro invoice statuses (``statutCourantCode``) and where they stand in savcore's terms.
``SUSPENDUE`` is delivered (the buyer waits for a complement), ``A_RECYCLER`` rejected (routing
data to fix)."""

FINAL_STATUSES = frozenset({"MISE_EN_PAIEMENT", "REJETEE", "ABANDONNEE", "SUPPRIMEE"})
"""Invoice statuses after which nothing more will happen."""

_FINAL_WITHOUT_PAYMENT = frozenset({"MANDATEE", "COMPTABILISEE", "MISE_A_DISPOSITION_COMPTABLE"})


def map_status(code: str) -> TransmissionStatus:
    """savcore's status for a Chorus Pro invoice status.

    :raises ChorusProtocolError: a status savcore does not know (never guessed).
    """
    try:
        return INVOICE_STATUSES[code]
    except KeyError:
        raise ChorusProtocolError(f"statut de facture Chorus Pro inconnu : {code!r}") from None


def is_final(code: str, *, payment_reported: bool = True) -> bool:
    """Whether an invoice in status ``code`` will not change any more; with
    ``payment_reported=False`` (``statutMiseEnPaiementNestPasRemonte``), ``MANDATEE`` and
    ``COMPTABILISEE`` are final too."""
    if code in FINAL_STATUSES:
        return True
    return not payment_reported and code in _FINAL_WITHOUT_PAYMENT


@attrs.frozen
class FollowUp:
    """Where one deposited document stands: savcore ``status`` and its ``detail``, the flow
    report and the invoice's history when they were read, whether it is ``final``, and whether
    it may be sent again (``resendable``: refused at flow level or to recycle)."""

    status: TransmissionStatus
    detail: str
    flow: FlowReport | None = None
    history: InvoiceHistory | None = None
    chorus_id: str | None = None
    final: bool = False
    resendable: bool = False

    @classmethod
    def from_flow(cls, flow: FlowReport, number: str) -> FollowUp | None:
        """The follow-up told by the flow alone, or ``None`` when the invoice must be looked up
        (flow integrated, wholly or partly without naming this document)."""
        if not flow.final:
            return cls(_S, f"flux {flow.flow_number} : {flow.status}", flow=flow)
        refused = flow.refused(number)
        if flow.status in ("IN_REJETE", "IN_INCIDENTE") or refused:
            reasons = [e.message for e in refused or flow.errors] or ["sans détail"]
            return cls(
                _R,
                f"flux {flow.flow_number} : {flow.status} : " + " ; ".join(reasons),
                flow=flow,
                final=True,
                resendable=True,
            )
        return None

    @classmethod
    def from_history(
        cls, history: InvoiceHistory, flow: FlowReport | None, *, payment_reported: bool = True
    ) -> FollowUp:
        """The follow-up told by an invoice's status history."""
        status = map_status(history.status)
        detail = f"{history.status} (facture Chorus {history.chorus_id})"
        if history.last_comment and status in (_R, _D):
            detail += f" : {history.last_comment}"
        return cls(
            status,
            detail,
            flow=flow,
            history=history,
            chorus_id=history.chorus_id,
            final=is_final(history.status, payment_reported=payment_reported),
            resendable=history.status == "A_RECYCLER",
        )
