"""Operations: interventions and their visit attempts, replaced supplies, intervention requests
(D.I.), purchase orders (bons de commande) and appointments.

Events are timezone-aware datetimes (Europe/Paris); business dates are ``date``.
"""

from __future__ import annotations

import enum
from datetime import date, datetime
from decimal import Decimal

import attrs

from savcore.model import _validate as v
from savcore.model.sites import Location

__all__ = [
    "Appointment",
    "AppointmentStatus",
    "ControlResult",
    "HalfDay",
    "Intervention",
    "InterventionKind",
    "InterventionRequest",
    "NoticeMethod",
    "Outcome",
    "PurchaseOrder",
    "PurchaseOrderLine",
    "Replacement",
    "RequestStatus",
    "VisitAttempt",
]


class InterventionKind(enum.Enum):
    """Kinds of intervention."""

    PREVENTIVE = "preventive"
    """Visite d'entretien préventive (gamme)."""
    REPAIR = "repair"
    """Dépannage, souvent sur demande d'intervention."""
    WORKS = "works"
    """Travaux (sur bon de commande ou devis)."""


class Outcome(enum.Enum):
    """Outcome of a visit attempt."""

    DONE = "done"
    """Réalisée."""
    ABSENT = "absent"
    """Locataire absent: a notice is left, another attempt follows."""
    REFUSED = "refused"
    """Refus du locataire."""
    NO_ACCESS = "no-access"
    """Accès impossible."""
    APPLIANCE_STOPPED = "appliance-stopped"
    """Appareil arrêté / mis en sécurité (danger, CO > 50 ppm)."""

    @property
    def is_done(self) -> bool:
        """Whether the visit counts as done."""
        return self is Outcome.DONE

    @property
    def is_retryable(self) -> bool:
        """Whether another attempt should be planned (absence, no access)."""
        return self in (Outcome.ABSENT, Outcome.NO_ACCESS)


class NoticeMethod(enum.Enum):
    """How the occupant was told of a visit (avis de passage)."""

    POSTED = "posted"
    """Affichage dans le hall."""
    LETTER = "letter"
    """Courrier."""
    REGISTERED_LETTER = "registered-letter"
    """Lettre recommandée."""
    SMS = "sms"
    EMAIL = "email"
    PHONE = "phone"
    LEFT_AT_DOOR = "left-at-door"
    """Avis laissé sur place après une absence."""


@attrs.frozen
class ControlResult:
    """The result of one control: exactly one of a measure (``Decimal``), a check (``bool``) or a
    remark (``str``)."""

    code: str = attrs.field(validator=v.identifier)
    measure: Decimal | None = attrs.field(default=None, validator=v.optional_decimal())
    checked: bool | None = attrs.field(default=None)
    text: str | None = attrs.field(default=None, validator=v.optional_text)

    def __attrs_post_init__(self) -> None:
        given = [x for x in (self.measure, self.checked, self.text) if x is not None]
        if len(given) != 1:
            raise v.fail(self, "measure", given, "un seul résultat : mesure, case ou texte")
        if self.checked is not None and not isinstance(self.checked, bool):
            raise v.fail(self, "checked", self.checked, "booléen attendu")


@attrs.frozen
class Replacement:
    """A supply replaced during an intervention (remplacement de fourniture).

    ``unit_price`` is ``None`` for an unpriced report (non chiffré); billing prices it from the
    contract's price schedule and applies the warranty discount.
    """

    item_code: str = attrs.field(validator=v.identifier)
    label: str = attrs.field(validator=v.text)
    quantity: Decimal = attrs.field(validator=v.POSITIVE)
    unit_price: Decimal | None = attrs.field(
        default=None, validator=v.optional_decimal(minimum=Decimal(0))
    )
    family: str | None = attrs.field(default=None, validator=v.optional_identifier)
    location: Location = attrs.field(default=Location.DWELLING, validator=v.member_of(Location))
    appliance_id: str | None = attrs.field(default=None, validator=v.optional_identifier)


@attrs.frozen
class VisitAttempt:
    """One attempt at an intervention in a dwelling (passage), numbered from 1."""

    id: str = attrs.field(validator=v.identifier)
    intervention_id: str = attrs.field(validator=v.identifier)
    at: datetime = attrs.field(validator=v.aware_datetime)
    outcome: Outcome = attrs.field(validator=v.member_of(Outcome))
    number: int = attrs.field(default=1, validator=v.integer(minimum=1, maximum=10))
    dwelling_id: str | None = attrs.field(default=None, validator=v.optional_identifier)
    technician_id: str | None = attrs.field(default=None, validator=v.optional_identifier)
    notice: NoticeMethod | None = attrs.field(
        default=None, validator=v.optional_member_of(NoticeMethod)
    )
    noticed_on: date | None = attrs.field(default=None, validator=v.optional_date)
    minutes_spent: int = attrs.field(default=0, validator=v.integer(minimum=0, maximum=24 * 60))
    controls: tuple[ControlResult, ...] = attrs.field(
        default=(), validator=v.tuple_of(ControlResult)
    )
    replacements: tuple[Replacement, ...] = attrs.field(
        default=(), validator=v.tuple_of(Replacement)
    )
    remarks: str | None = attrs.field(default=None, validator=v.optional_text)

    def __attrs_post_init__(self) -> None:
        if self.noticed_on is not None and self.noticed_on > self.at.date():
            raise v.fail(self, "noticed_on", self.noticed_on, "avis de passage après la visite")
        if (
            self.replacements
            and self.outcome is not Outcome.DONE
            and (self.outcome is not Outcome.APPLIANCE_STOPPED)
        ):
            raise v.fail(
                self, "replacements", self.replacements, "fournitures sans intervention réalisée"
            )


@attrs.frozen
class Intervention:
    """An intervention: a preventive visit, a repair or works, at a unit, dwelling or appliance.

    Its attempts are separate :class:`VisitAttempt` records referencing it.
    """

    id: str = attrs.field(validator=v.identifier)
    contract_id: str = attrs.field(validator=v.identifier)
    kind: InterventionKind = attrs.field(validator=v.member_of(InterventionKind))
    unit_id: str = attrs.field(validator=v.identifier)
    dwelling_id: str | None = attrs.field(default=None, validator=v.optional_identifier)
    appliance_id: str | None = attrs.field(default=None, validator=v.optional_identifier)
    visit_type_id: str | None = attrs.field(default=None, validator=v.optional_identifier)
    service_line_id: str | None = attrs.field(default=None, validator=v.optional_identifier)
    request_id: str | None = attrs.field(default=None, validator=v.optional_identifier)
    purchase_order_id: str | None = attrs.field(default=None, validator=v.optional_identifier)
    campaign: str | None = attrs.field(default=None, validator=v.optional_identifier)
    """The campaign it belongs to (e.g. "2025" for the yearly boiler campaign)."""

    def __attrs_post_init__(self) -> None:
        if self.kind is InterventionKind.PREVENTIVE and self.visit_type_id is None:
            raise v.fail(self, "visit_type_id", None, "une visite préventive a un type de visite")


class RequestStatus(enum.Enum):
    """Status of an intervention request."""

    RECEIVED = "received"
    SCHEDULED = "scheduled"
    IN_PROGRESS = "in-progress"
    DONE = "done"
    CANCELLED = "cancelled"


@attrs.frozen
class InterventionRequest:
    """A call-out request (demande d'intervention, D.I.) with its urgency level and timestamps.

    The deadline comes from the contract's intervention terms for ``urgency``; ``arrived_at`` is
    when the technician got there, ``ended_at`` when the job ended.
    """

    id: str = attrs.field(validator=v.identifier)
    reference: str = attrs.field(validator=v.identifier)
    contract_id: str = attrs.field(validator=v.identifier)
    received_at: datetime = attrs.field(validator=v.aware_datetime)
    urgency: str = attrs.field(validator=v.identifier)
    reason: str = attrs.field(validator=v.text)
    unit_id: str = attrs.field(validator=v.identifier)
    kind: InterventionKind = attrs.field(
        default=InterventionKind.REPAIR, validator=v.member_of(InterventionKind)
    )
    requester: str | None = attrs.field(default=None, validator=v.optional_text)
    channel: str | None = attrs.field(default=None, validator=v.optional_text)
    dwelling_id: str | None = attrs.field(default=None, validator=v.optional_identifier)
    appointment_at: datetime | None = attrs.field(default=None, validator=v.optional_aware_datetime)
    arrived_at: datetime | None = attrs.field(default=None, validator=v.optional_aware_datetime)
    ended_at: datetime | None = attrs.field(default=None, validator=v.optional_aware_datetime)
    status: RequestStatus = attrs.field(
        default=RequestStatus.RECEIVED, validator=v.member_of(RequestStatus)
    )

    def __attrs_post_init__(self) -> None:
        for name in ("appointment_at", "arrived_at", "ended_at"):
            value = getattr(self, name)
            if value is not None and value < self.received_at:
                raise v.fail(self, name, value, "antérieur à la réception de la demande")
        if self.arrived_at and self.ended_at and self.ended_at < self.arrived_at:
            raise v.fail(self, "ended_at", self.ended_at, "fin avant l'arrivée")
        if self.ended_at is not None and self.arrived_at is None:
            raise v.fail(self, "arrived_at", None, "fin d'intervention sans heure d'arrivée")


@attrs.frozen
class PurchaseOrderLine:
    """A purchase order line: a price schedule item and a quantity (priced when the order is)."""

    item_code: str = attrs.field(validator=v.identifier)
    quantity: Decimal = attrs.field(validator=v.POSITIVE)
    comment: str | None = attrs.field(default=None, validator=v.optional_text)


@attrs.frozen
class PurchaseOrder:
    """A purchase order (bon de commande) under a framework agreement."""

    id: str = attrs.field(validator=v.identifier)
    number: str = attrs.field(validator=v.identifier)
    contract_id: str = attrs.field(validator=v.identifier)
    ordered_on: date = attrs.field(validator=v.a_date)
    lines: tuple[PurchaseOrderLine, ...] = attrs.field(validator=v.tuple_of(PurchaseOrderLine))
    executed_on: date | None = attrs.field(default=None, validator=v.optional_date)
    unit_id: str | None = attrs.field(default=None, validator=v.optional_identifier)
    label: str | None = attrs.field(default=None, validator=v.optional_text)

    def __attrs_post_init__(self) -> None:
        if not self.lines:
            raise v.fail(self, "lines", (), "un bon de commande a au moins une ligne")
        if self.executed_on is not None and self.executed_on < self.ordered_on:
            raise v.fail(self, "executed_on", self.executed_on, "exécution avant la commande")


class HalfDay(enum.Enum):
    """Half-day slot of an appointment."""

    MORNING = "morning"
    AFTERNOON = "afternoon"


class AppointmentStatus(enum.Enum):
    """Status of an appointment."""

    PLANNED = "planned"
    CONFIRMED = "confirmed"
    DONE = "done"
    MISSED = "missed"
    CANCELLED = "cancelled"


@attrs.frozen
class Appointment:
    """An appointment (rendez-vous) with an occupant or on a site, in a half-day slot.

    ``notice_on`` is the date the visit notice is to be sent or posted.
    """

    id: str = attrs.field(validator=v.identifier)
    at: datetime = attrs.field(validator=v.aware_datetime)
    unit_id: str = attrs.field(validator=v.identifier)
    slot: HalfDay = attrs.field(default=HalfDay.MORNING, validator=v.member_of(HalfDay))
    duration_minutes: int = attrs.field(default=45, validator=v.integer(minimum=1, maximum=1440))
    dwelling_id: str | None = attrs.field(default=None, validator=v.optional_identifier)
    building_id: str | None = attrs.field(default=None, validator=v.optional_identifier)
    technician_id: str | None = attrs.field(default=None, validator=v.optional_identifier)
    intervention_id: str | None = attrs.field(default=None, validator=v.optional_identifier)
    notice_on: date | None = attrs.field(default=None, validator=v.optional_date)
    status: AppointmentStatus = attrs.field(
        default=AppointmentStatus.PLANNED, validator=v.member_of(AppointmentStatus)
    )

    def __attrs_post_init__(self) -> None:
        if self.notice_on is not None and self.notice_on > self.at.date():
            raise v.fail(self, "notice_on", self.notice_on, "avis de passage après le rendez-vous")
