"""What a plugin provides, and the small values it exchanges with savcore.

A plugin answers the hooks of :mod:`savcore.hookspecs` with objects that follow one of the
protocols below (structural typing: no base class to inherit, only the attributes and methods to
have). Each protocol is ``runtime_checkable``, so that :mod:`savcore.plugins` can refuse an answer
that is not what it claims to be.

============================  ===========================================================
Protocol                      Provided through
============================  ===========================================================
:class:`Transmitter`          ``savcore_transmitters`` (envoi de factures : Chorus Pro...)
:class:`Importer`             ``savcore_importers`` (lecture de fichiers : xlsx, ods...)
:class:`Exporter`             ``savcore_exporters`` (écriture de rapports)
:class:`IndexProvider`        ``savcore_index_providers`` (indices de révision : INSEE...)
:class:`Notifier`             ``savcore_notifiers`` (e-mail, SMS)
============================  ===========================================================

Domain objects (invoices, reports, index values) are typed ``Any`` here: this module is the lowest
layer a plugin sees and imports nothing from the model. The docstrings name the class expected.

>>> from datetime import datetime, timezone
>>> receipt = TransmissionReceipt(
...     channel="chorus", document_id="FA-2025-0001", remote_id="123456",
...     status=TransmissionStatus.SUBMITTED, at=datetime(2025, 1, 31, 9, 0, tzinfo=timezone.utc),
... )
>>> receipt.status.label
'déposée'
"""

from __future__ import annotations

import enum
from collections.abc import Collection, Iterable, Mapping, Sequence
from datetime import date, datetime
from pathlib import Path
from typing import Any, Protocol, runtime_checkable

import attrs

from savcore.errors import ValidationError

__all__ = [
    "Attachment",
    "CallEvent",
    "CallEventKind",
    "Exporter",
    "Importer",
    "IndexProvider",
    "Message",
    "Notifier",
    "NotifierChannel",
    "TransmissionReceipt",
    "TransmissionStatus",
    "Transmitter",
]


# --- validators -------------------------------------------------------------------------------


def _aware(instance: object, attribute: attrs.Attribute[datetime], value: object) -> None:
    """Refuse anything but a timezone-aware datetime (events are instants, not wall-clock times)."""
    if not isinstance(value, datetime) or value.utcoffset() is None:
        raise ValidationError(
            attribute.name,
            value,
            "une date et heure avec fuseau horaire (datetime « aware ») est attendue",
            entity=type(instance).__name__,
        )


def _non_empty_str(instance: object, attribute: attrs.Attribute[str], value: object) -> None:
    """Refuse anything but a non-blank string."""
    if not isinstance(value, str) or not value.strip():
        raise ValidationError(
            attribute.name,
            value,
            "une chaîne non vide est attendue",
            entity=type(instance).__name__,
        )


def _str_tuple(values: Iterable[str]) -> tuple[str, ...]:
    """Freeze recipients given as any iterable of strings (a lone string is one recipient)."""
    if isinstance(values, str):
        return (values,)
    return tuple(values)


def _attachment_tuple(values: Iterable[Attachment]) -> tuple[Attachment, ...]:
    """Freeze attachments given as any iterable."""
    return tuple(values)


# --- transmission -----------------------------------------------------------------------------


class TransmissionStatus(enum.Enum):
    """Where a transmitted document stands, in terms common to every portal.

    A transmitter maps its portal's own statuses onto these (Chorus Pro's ``MISE_A_DISPOSITION``
    becomes :attr:`DELIVERED`...) and keeps the raw one in :attr:`TransmissionReceipt.detail`.
    """

    SUBMITTED = "submitted"
    """Déposée : the portal accepted the upload, nothing more is known yet."""
    DELIVERED = "delivered"
    """Mise à disposition : the buyer can see the document."""
    REJECTED = "rejected"
    """Rejetée (ou à recycler) : the portal or the buyer refused it; see ``detail``."""
    ACCEPTED = "accepted"
    """Validée (service fait) : the buyer accepted it for payment."""
    PAID = "paid"
    """Mise en paiement : the buyer paid or ordered the payment."""

    @property
    def label(self) -> str:
        """The French word an accountant uses for this status."""
        return _STATUS_LABELS[self]


_STATUS_LABELS: dict[TransmissionStatus, str] = {
    TransmissionStatus.SUBMITTED: "déposée",
    TransmissionStatus.DELIVERED: "mise à disposition",
    TransmissionStatus.REJECTED: "rejetée",
    TransmissionStatus.ACCEPTED: "validée",
    TransmissionStatus.PAID: "mise en paiement",
}


@attrs.frozen
class TransmissionReceipt:
    """Proof that a document was handed to a channel, and what became of it.

    ``channel`` is the transmitter's name (``"chorus"``), ``document_id`` the savcore document
    (invoice or credit note number), ``remote_id`` the portal's own identifier (needed to ask for
    the status later), ``status`` where it stands, ``at`` when that status was observed
    (timezone-aware), ``detail`` the portal's raw status or message, if any.
    """

    channel: str = attrs.field(validator=_non_empty_str)
    document_id: str = attrs.field(validator=_non_empty_str)
    remote_id: str = attrs.field(validator=_non_empty_str)
    status: TransmissionStatus = attrs.field(
        validator=attrs.validators.instance_of(TransmissionStatus)
    )
    at: datetime = attrs.field(validator=_aware)
    detail: str = ""


@runtime_checkable
class Transmitter(Protocol):
    """A way to send an invoice or a credit note to its buyer (Chorus Pro, a PDP, e-mail...).

    Provided by the ``savcore_transmitters`` hook. Errors while sending are raised as
    :class:`savcore.errors.TransmissionError` (or a subclass), never as the library's own.
    """

    @property
    def name(self) -> str:
        """Unique short name, used in settings and on the command line (``"chorus"``)."""
        ...

    def send(
        self, invoice: Any, *, options: Mapping[str, Any] | None = None
    ) -> TransmissionReceipt:
        """Send ``invoice`` (an issued ``savcore.model`` invoice or credit note).

        ``options`` carries what the channel needs beyond the document (Chorus Pro service code,
        engagement number, a test flag...). Returns the receipt with the first known status.
        """
        ...

    def status(self, receipt: TransmissionReceipt) -> TransmissionReceipt:
        """Ask the channel where the document of ``receipt`` stands; return an updated receipt."""
        ...


# --- files ------------------------------------------------------------------------------------


@runtime_checkable
class Importer(Protocol):
    """Reads one or more kinds of business data from files (price schedules, portfolios...).

    Provided by the ``savcore_importers`` hook. A file that cannot be read is reported with
    :class:`savcore.errors.DataFormatError` listing every bad cell, not only the first.
    """

    @property
    def name(self) -> str:
        """Unique short name (``"excel"``)."""
        ...

    @property
    def kinds(self) -> Collection[str]:
        """What it can import: ``"price-schedule"`` (BPU), ``"portfolio"``, ``"dwellings"``..."""
        ...

    @property
    def suffixes(self) -> Collection[str]:
        """File name endings it reads, lower case with the dot: ``(".xlsx", ".ods")``."""
        ...

    def import_file(self, path: Path, kind: str, **options: Any) -> Any:
        """Read ``path`` as ``kind`` and return the savcore objects it holds.

        ``options`` are importer-specific (sheet name, header row...); unknown ones are refused.
        """
        ...


@runtime_checkable
class Exporter(Protocol):
    """Writes reports to files (xlsx workbook, CSV...). Provided by ``savcore_exporters``."""

    @property
    def name(self) -> str:
        """Unique short name (``"xlsx"``)."""
        ...

    @property
    def suffixes(self) -> Collection[str]:
        """File name endings it writes, lower case with the dot: ``(".xlsx",)``."""
        ...

    def export(self, reports: Sequence[Any], path: Path) -> None:
        """Write ``reports`` (``savcore.reports.Report`` objects, one sheet or section each) to
        ``path``, replacing the file if it exists."""
        ...


# --- price indices ----------------------------------------------------------------------------


@runtime_checkable
class IndexProvider(Protocol):
    """A source of price index values (INSEE BDM, a local file...) for price revisions.

    Provided by the ``savcore_index_providers`` hook.
    """

    @property
    def name(self) -> str:
        """Unique short name (``"insee"``)."""
        ...

    def fetch(self, index_codes: Sequence[str], start: date, end: date) -> list[Any]:
        """Values of ``index_codes`` for the months in ``[start, end)``.

        Returns ``savcore.revision`` index values (one per index and month that is published,
        provisional ones flagged as such); a month not yet published is simply absent. An unknown
        code raises :class:`savcore.errors.NotFoundError`.
        """
        ...


# --- notifications ----------------------------------------------------------------------------


class NotifierChannel(enum.Enum):
    """How a notifier reaches people."""

    EMAIL = "email"
    SMS = "sms"


@attrs.frozen
class Attachment:
    """A file joined to a message: ``filename`` as the recipient sees it, raw ``content``,
    ``media_type`` (``"application/pdf"``)."""

    filename: str = attrs.field(validator=_non_empty_str)
    content: bytes = attrs.field(validator=attrs.validators.instance_of(bytes))
    media_type: str = "application/octet-stream"


@attrs.frozen
class Message:
    """An e-mail or an SMS to send through a :class:`Notifier`.

    ``to`` holds e-mail addresses or phone numbers (E.164 preferred: ``"+33612345678"``);
    ``subject`` is ignored by SMS notifiers; ``attachments`` are ignored by SMS notifiers too.
    """

    to: tuple[str, ...] = attrs.field(converter=_str_tuple)
    subject: str
    body: str
    attachments: tuple[Attachment, ...] = attrs.field(default=(), converter=_attachment_tuple)

    def __attrs_post_init__(self) -> None:
        if not self.to or any(not isinstance(r, str) or not r.strip() for r in self.to):
            raise ValidationError(
                "to", self.to, "au moins un destinataire non vide est attendu", entity="Message"
            )
        for attachment in self.attachments:
            if not isinstance(attachment, Attachment):
                raise ValidationError(
                    "attachments",
                    attachment,
                    "une pièce jointe (savcore.ports.Attachment) est attendue",
                    entity="Message",
                )


@runtime_checkable
class Notifier(Protocol):
    """Sends e-mails or SMS (appointment reminders, invoices by e-mail...).

    Provided by the ``savcore_notifiers`` hook. A failure raises
    :class:`savcore.errors.TransmissionError`.
    """

    @property
    def name(self) -> str:
        """Unique short name (``"smtp"``, ``"sms-ovh"``)."""
        ...

    @property
    def channel(self) -> NotifierChannel:
        """Whether it sends e-mails or SMS."""
        ...

    def send(self, message: Message) -> None:
        """Send ``message`` to every recipient, or raise."""
        ...


# --- telephony --------------------------------------------------------------------------------


class CallEventKind(enum.Enum):
    """What happened on a phone line."""

    RINGING = "ringing"
    """An incoming call rings (sonnerie): the moment to identify the caller."""
    ANSWERED = "answered"
    """Someone picked up (décroché)."""
    HANGUP = "hangup"
    """The call ended (raccroché), answered or not."""
    DIAL = "dial"
    """An outgoing call was placed (appel sortant, click-to-dial)."""


@attrs.frozen
class CallEvent:
    """One telephony event, as a CTI adapter reports it through ``savcore_call_event``.

    ``caller`` and ``callee`` are phone numbers (E.164 when known, else as the switch gave them;
    empty for a hidden number), ``at`` is timezone-aware, ``call_id`` ties the events of one call.
    """

    kind: CallEventKind = attrs.field(validator=attrs.validators.instance_of(CallEventKind))
    caller: str = attrs.field(validator=attrs.validators.instance_of(str))
    callee: str = attrs.field(validator=attrs.validators.instance_of(str))
    at: datetime = attrs.field(validator=_aware)
    call_id: str = attrs.field(validator=_non_empty_str)
