"""A handful of operations under the landlord's contract: intervention requests (D.I.), a repair
with a replaced part, an appointment, and preventive visits with an absence and a refusal."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from savcore.demo._bundle import Bundle, at
from savcore.model import (
    Appointment,
    AppointmentStatus,
    ControlResult,
    HalfDay,
    Intervention,
    InterventionKind,
    InterventionRequest,
    NoticeMethod,
    Outcome,
    Replacement,
    RequestStatus,
    VisitAttempt,
)

__all__ = ["landlord_operations"]


def landlord_operations(out: Bundle, contract_id: str) -> None:
    """A repair on an urgent request, a scheduled request, and three preventive visits under the
    landlord's collective contract ``contract_id``."""
    out.requests += [
        InterventionRequest(
            id="DI-2018-0001",
            reference="DI-2018-0001",
            contract_id=contract_id,
            received_at=at(2018, 1, 16, 8, 12),
            urgency="U1",
            reason="Plus de chauffage ni d'eau chaude",
            unit_id="UG-02",
            dwelling_id="UG-02-L0017",
            requester="Locataire (appel au standard)",
            channel="téléphone",
            arrived_at=at(2018, 1, 16, 10, 40),
            ended_at=at(2018, 1, 16, 11, 55),
            status=RequestStatus.DONE,
        ),
        InterventionRequest(
            id="DI-2018-0002",
            reference="DI-2018-0002",
            contract_id=contract_id,
            received_at=at(2018, 3, 5, 14, 30),
            urgency="U3",
            reason="Robinet thermostatique bloqué dans la chambre",
            unit_id="UG-01",
            dwelling_id="UG-01-L0042",
            requester="Gardien de la résidence",
            channel="extranet",
            appointment_at=at(2018, 3, 8, 9, 0),
            status=RequestStatus.SCHEDULED,
        ),
    ]
    out.appointments.append(
        Appointment(
            id="RDV-2018-0001",
            at=at(2018, 3, 8, 9, 0),
            unit_id="UG-01",
            slot=HalfDay.MORNING,
            dwelling_id="UG-01-L0042",
            technician_id="TECH-01",
            notice_on=date(2018, 3, 6),
            status=AppointmentStatus.CONFIRMED,
        )
    )
    out.interventions.append(
        Intervention(
            id="INT-2018-0001",
            contract_id=contract_id,
            kind=InterventionKind.REPAIR,
            unit_id="UG-02",
            dwelling_id="UG-02-L0017",
            appliance_id="UG-02-L0017-CH",
            service_line_id="UG-02-P3",
            request_id="DI-2018-0001",
        )
    )
    out.attempts.append(
        VisitAttempt(
            id="PASS-2018-0001",
            intervention_id="INT-2018-0001",
            at=at(2018, 1, 16, 10, 40),
            outcome=Outcome.DONE,
            dwelling_id="UG-02-L0017",
            technician_id="TECH-01",
            minutes_spent=75,
            replacements=(
                Replacement(
                    "2.04",
                    "Circulateur chaudière murale",
                    Decimal("1"),
                    unit_price=Decimal("312.40"),
                    family="pieces-chauffage",
                    appliance_id="UG-02-L0017-CH",
                ),
            ),
            remarks="Circulateur grippé remplacé, chaudière remise en service",
        )
    )

    def done_controls(co: str, efficiency: str) -> tuple[ControlResult, ...]:
        return (
            ControlResult("CO-AMB", measure=Decimal(co)),
            ControlResult("RENDEMENT", measure=Decimal(efficiency)),
            ControlResult("TIRAGE", checked=True),
            ControlResult("NETTOYAGE", checked=True),
            ControlResult("SECURITES", checked=True),
            ControlResult("ETANCHEITE", checked=True),
        )

    for n in (1, 2, 3):
        out.interventions.append(
            Intervention(
                id=f"INT-2018-010{n}",
                contract_id=contract_id,
                kind=InterventionKind.PREVENTIVE,
                unit_id="UG-05",
                dwelling_id=f"UG-05-L000{n}",
                appliance_id=f"UG-05-L000{n}-CH",
                visit_type_id="VT-CHAUDIERE",
                service_line_id="UG-05-P2",
                campaign="2018",
            )
        )
    out.attempts += [
        VisitAttempt(
            id="PASS-2018-0101",
            intervention_id="INT-2018-0101",
            at=at(2018, 4, 9, 9, 0),
            outcome=Outcome.DONE,
            dwelling_id="UG-05-L0001",
            technician_id="TECH-04",
            notice=NoticeMethod.POSTED,
            noticed_on=date(2018, 3, 30),
            minutes_spent=45,
            controls=done_controls("2", "92.4"),
        ),
        VisitAttempt(
            id="PASS-2018-0102",
            intervention_id="INT-2018-0102",
            at=at(2018, 4, 9, 9, 45),
            outcome=Outcome.ABSENT,
            dwelling_id="UG-05-L0002",
            technician_id="TECH-04",
            notice=NoticeMethod.POSTED,
            noticed_on=date(2018, 3, 30),
            remarks="Locataire absent, avis de passage laissé",
        ),
        VisitAttempt(
            id="PASS-2018-0103",
            intervention_id="INT-2018-0102",
            at=at(2018, 4, 23, 14, 0),
            outcome=Outcome.DONE,
            number=2,
            dwelling_id="UG-05-L0002",
            technician_id="TECH-04",
            notice=NoticeMethod.LEFT_AT_DOOR,
            noticed_on=date(2018, 4, 9),
            minutes_spent=50,
            controls=done_controls("5", "89.7"),
        ),
        VisitAttempt(
            id="PASS-2018-0104",
            intervention_id="INT-2018-0103",
            at=at(2018, 4, 9, 10, 30),
            outcome=Outcome.REFUSED,
            dwelling_id="UG-05-L0003",
            technician_id="TECH-04",
            notice=NoticeMethod.POSTED,
            noticed_on=date(2018, 3, 30),
            remarks="Refus de la locataire",
        ),
    ]
