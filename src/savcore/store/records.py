"""Records only the store keeps: invoice number sequences and transmissions to external portals.

They are facts recorded by the service layer (a number taken, a document sent), not business
objects an integrator hands savcore; they live next to the model in the same store file.

>>> from datetime import date
>>> format_number("FA", 2025, 1)
'FA-2025-000001'
>>> parse_number("FA-2025-000042")
('FA', 2025, 42)
>>> NumberSequence("FA", 2025, 41, date(2025, 3, 31)).following(date(2025, 4, 1))
NumberSequence(series='FA', year=2025, counter=42, last_issue_date=datetime.date(2025, 4, 1))
"""

from __future__ import annotations

import re
from datetime import date, datetime

import attrs

from savcore.errors import BusinessRuleError
from savcore.model import _validate as v
from savcore.ports import TransmissionStatus

__all__ = ["NumberSequence", "Transmission", "format_number", "parse_number"]

_NUMBER = re.compile(r"(?P<series>.+)-(?P<year>\d{4})-(?P<counter>\d{6,})")


def format_number(series: str, year: int, counter: int) -> str:
    """The invoice number ``SERIES-YYYY-NNNNNN`` (counter restarts at 1 each calendar year)."""
    return f"{series}-{year:04d}-{counter:06d}"


def parse_number(number: str) -> tuple[str, int, int] | None:
    """``(series, year, counter)`` of a number in savcore's format, ``None`` for another format."""
    match = _NUMBER.fullmatch(number)
    if match is None:
        return None
    return match["series"], int(match["year"]), int(match["counter"])


@attrs.frozen
class NumberSequence:
    """Where the numbering of one invoice series stands (séquence de numérotation).

    ``counter`` is the last number given in ``year``; ``last_issue_date`` the issue date of the last
    document numbered, so that numbering stays chronological: a document dated earlier than it is
    refused.
    """

    series: str = attrs.field(validator=v.identifier)
    year: int = attrs.field(validator=v.integer(minimum=1, maximum=9999))
    counter: int = attrs.field(validator=v.integer(minimum=0))
    last_issue_date: date = attrs.field(validator=v.a_date)

    @property
    def last_number(self) -> str | None:
        """The last number given, ``None`` if none was given this year."""
        return format_number(self.series, self.year, self.counter) if self.counter else None

    def following(self, issue_date: date) -> NumberSequence:
        """The sequence after numbering one more document dated ``issue_date``.

        Raises :class:`~savcore.errors.BusinessRuleError` (rule ``numerotation-chronologique``)
        when ``issue_date`` is before :attr:`last_issue_date`.
        """
        if issue_date < self.last_issue_date:
            raise BusinessRuleError(
                "numerotation-chronologique",
                f"série {self.series}",
                f"date d'émission {issue_date:%d/%m/%Y} antérieure à celle du dernier document "
                f"numéroté ({self.last_issue_date:%d/%m/%Y})",
            )
        counter = self.counter + 1 if issue_date.year == self.year else 1
        return NumberSequence(self.series, issue_date.year, counter, issue_date)


@attrs.frozen
class Transmission:
    """An invoice or credit note handed to an external channel (Chorus Pro, a PDP, e-mail).

    One record per (``channel``, ``invoice_id``), updated as the portal answers: ``status`` is the
    last known status (``None`` while no attempt reached the portal), ``remote_id`` the portal's
    identifier, ``attempts`` how many times sending was tried, ``detail`` the portal's last message
    or the last error. Timestamps are given by the caller (savcore never reads the clock).
    """

    channel: str = attrs.field(validator=v.identifier)
    invoice_id: str = attrs.field(validator=v.identifier)
    number: str = attrs.field(validator=v.identifier)
    """The document's number, as the portal knows it."""
    first_attempt_at: datetime = attrs.field(validator=v.aware_datetime)
    updated_at: datetime = attrs.field(validator=v.aware_datetime)
    status: TransmissionStatus | None = attrs.field(
        default=None, validator=v.optional_member_of(TransmissionStatus)
    )
    remote_id: str | None = attrs.field(default=None, validator=v.optional_identifier)
    attempts: int = attrs.field(default=1, validator=v.integer(minimum=0))
    detail: str = attrs.field(default="", validator=v.instance_of(str))
    failed: bool = attrs.field(default=False)
    """Whether the last attempt failed (the document did not reach the portal)."""

    def __attrs_post_init__(self) -> None:
        if self.updated_at < self.first_attempt_at:
            raise v.fail(self, "updated_at", self.updated_at, "antérieur au premier envoi")

    @property
    def id(self) -> str:
        """The record's key: ``"<channel>:<invoice id>"``."""
        return f"{self.channel}:{self.invoice_id}"
