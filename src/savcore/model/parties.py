"""Parties: customers (clients), their contacts and invoicing channel, and legal identities.

French identifiers are checked with their checksums (python-stdnum): SIREN (9 digits, Luhn),
SIRET (14 digits, Luhn, La Poste's exception included) and the intra-EU VAT number ``FRkk`` +
SIREN.
"""

from __future__ import annotations

import enum
import re
from decimal import Decimal
from typing import Any

import attrs
from stdnum import iban as std_iban
from stdnum.exceptions import ValidationError as StdnumError
from stdnum.fr import siren as std_siren
from stdnum.fr import siret as std_siret
from stdnum.fr import tva as std_tva

from savcore.errors import ValidationError
from savcore.model import _validate as v

__all__ = [
    "Address",
    "Contact",
    "Customer",
    "CustomerKind",
    "Invoicing",
    "InvoicingChannel",
    "Party",
    "normalize_phone",
]

_POSTCODE = re.compile(r"^[0-9]{5}$")


def normalize_phone(number: str) -> str:
    """Normalize a French or international phone number to digits (``+`` kept).

    ``"01 23 45 67 89"`` -> ``"0123456789"``; ``"+33 (0)1 23 45 67 89"`` -> ``"+33123456789"``.
    Raises :class:`~savcore.errors.ValidationError` when what is left is not a phone number.
    """
    raw = number.strip()
    plus = raw.startswith(("+", "00"))
    cleaned = raw.replace("(0)", "")
    digits = re.sub(r"\D", "", cleaned)
    if raw.startswith("00"):
        digits = digits[2:]
    result = ("+" if plus else "") + digits
    if not re.fullmatch(r"\+?[0-9]{6,15}", result):
        raise ValidationError("phone", number, "numéro de téléphone invalide")
    return result


def _registration_number(number: Any, name: str, digits: int) -> v.Validator:
    """A validator of an optional French registration number checked by the python-stdnum
    module ``number`` (``stdnum.fr.siren`` or ``stdnum.fr.siret``), written without spaces."""

    def check(instance: object, attribute: attrs.Attribute[str | None], value: object) -> None:
        if value is None:
            return
        try:
            number.validate(str(value))
        except StdnumError:
            raise v.fail(
                instance, attribute.name, value, f"{name} invalide ({digits} chiffres, clé de Luhn)"
            ) from None
        if value != number.compact(str(value)):
            raise v.fail(instance, attribute.name, value, f"{name} à écrire sans espaces")

    return check


_siren = _registration_number(std_siren, "SIREN", 9)
_siret = _registration_number(std_siret, "SIRET", 14)


def _vat_number(instance: object, attribute: attrs.Attribute[str | None], value: object) -> None:
    if value is None:
        return
    text = str(value)
    if text.startswith("FR"):
        try:
            std_tva.validate(text)
        except StdnumError:
            raise v.fail(
                instance, attribute.name, value, "numéro de TVA intracommunautaire invalide"
            ) from None
        if text != "FR" + std_tva.compact(text):
            raise v.fail(instance, attribute.name, value, "numéro de TVA à écrire sans espaces")
    elif not re.fullmatch(r"[A-Z]{2}[0-9A-Z+*.]{2,13}", text):
        raise v.fail(instance, attribute.name, value, "numéro de TVA intracommunautaire invalide")


def _iban(instance: object, attribute: attrs.Attribute[str | None], value: object) -> None:
    if value is None:
        return
    try:
        std_iban.validate(str(value))
    except StdnumError:
        raise v.fail(instance, attribute.name, value, "IBAN invalide") from None
    if value != std_iban.compact(str(value)):
        raise v.fail(instance, attribute.name, value, "IBAN à écrire sans espaces")


@attrs.frozen
class Address:
    """A postal address. French postcodes (``country == "FR"``) have 5 digits."""

    line1: str = attrs.field(validator=v.text)
    postcode: str = attrs.field(validator=v.text)
    city: str = attrs.field(validator=v.text)
    line2: str | None = attrs.field(default=None, validator=v.optional_text)
    country: str = attrs.field(default="FR")

    def __attrs_post_init__(self) -> None:
        if not re.fullmatch(r"[A-Z]{2}", self.country):
            raise v.fail(self, "country", self.country, "code pays ISO 3166 à 2 lettres attendu")
        if self.country == "FR" and not _POSTCODE.match(self.postcode):
            raise v.fail(self, "postcode", self.postcode, "code postal français à 5 chiffres")

    def lines(self) -> list[str]:
        """The address as printed, one line per element."""
        out = [self.line1]
        if self.line2:
            out.append(self.line2)
        out.append(f"{self.postcode} {self.city}")
        if self.country != "FR":
            out.append(self.country)
        return out


@attrs.frozen
class Contact:
    """A person to call or write to (gardien, gestionnaire, locataire...).

    Phones are stored normalized (see :func:`normalize_phone`) so that caller identification (CTI)
    can match an incoming number.
    """

    name: str = attrs.field(validator=v.text)
    role: str | None = attrs.field(default=None, validator=v.optional_text)
    phones: tuple[str, ...] = attrs.field(default=(), validator=v.phone)
    emails: tuple[str, ...] = attrs.field(default=(), validator=v.email)


class CustomerKind(enum.Enum):
    """Kinds of customer; they decide what the extranet shows and how invoices are sent."""

    PRIVATE = "private"
    """Particulier."""
    PROPERTY_MANAGER = "property-manager"
    """Syndic de copropriété, administrateur de biens."""
    AGENCY = "agency"
    """Agence immobilière."""
    TERTIARY = "tertiary"
    """Tertiaire (bureaux, commerces)."""
    INDUSTRIAL = "industrial"
    """Industriel."""
    SOCIAL_LANDLORD = "social-landlord"
    """Bailleur social (OPH, ESH, SEM)."""
    PUBLIC_BUYER = "public-buyer"
    """Acheteur public (État, collectivité, établissement public): factures via Chorus Pro."""


class InvoicingChannel(enum.Enum):
    """How invoices reach the customer."""

    PAPER = "paper"
    """Courrier."""
    EMAIL = "email"
    """Courriel (PDF)."""
    CHORUS_PRO = "chorus-pro"
    """Dépôt sur Chorus Pro (obligatoire pour les acheteurs publics)."""


@attrs.frozen
class Invoicing:
    """The customer's invoicing channel and, for Chorus Pro, the references the buyer requires.

    ``service_code`` is the buyer's Chorus "code service" (BT-10); ``engagement_number`` its legal
    commitment number (BT-13), at most 50 characters; ``buyer_siret`` the SIRET of the structure to
    invoice when it differs from the customer's own.
    """

    channel: InvoicingChannel = attrs.field(
        default=InvoicingChannel.PAPER, validator=v.member_of(InvoicingChannel)
    )
    emails: tuple[str, ...] = attrs.field(default=(), validator=v.email)
    service_code: str | None = attrs.field(default=None, validator=v.optional_identifier)
    engagement_number: str | None = attrs.field(default=None, validator=v.optional_identifier)
    buyer_siret: str | None = attrs.field(default=None, validator=_siret)

    def __attrs_post_init__(self) -> None:
        if self.channel is InvoicingChannel.EMAIL and not self.emails:
            raise v.fail(self, "emails", self.emails, "adresse e-mail obligatoire pour l'envoi")
        if self.engagement_number is not None and len(self.engagement_number) > 50:
            raise v.fail(self, "engagement_number", self.engagement_number, "50 caractères au plus")


@attrs.frozen
class Party:
    """A legal identity as printed on an invoice (seller or buyer), frozen at issue time.

    The seller's identity carries the French mandatory mentions: legal form, share capital, RCS
    registration, SIREN/SIRET, VAT number, and the IBAN/BIC for transfers.
    """

    name: str = attrs.field(validator=v.text)
    address: Address = attrs.field(validator=v.instance_of(Address))
    siren: str | None = attrs.field(default=None, validator=_siren)
    siret: str | None = attrs.field(default=None, validator=_siret)
    vat_number: str | None = attrs.field(default=None, validator=_vat_number)
    legal_form: str | None = attrs.field(default=None, validator=v.optional_text)
    share_capital: Decimal | None = attrs.field(
        default=None, validator=v.optional_decimal(minimum=Decimal(0))
    )
    rcs: str | None = attrs.field(default=None, validator=v.optional_text)
    iban: str | None = attrs.field(default=None, validator=_iban)
    bic: str | None = attrs.field(default=None, validator=v.optional_identifier)
    email: str | None = attrs.field(default=None, validator=attrs.validators.optional(v.email))
    phone: str | None = attrs.field(default=None, validator=attrs.validators.optional(v.phone))

    def __attrs_post_init__(self) -> None:
        _check_siren_matches(self, self.siren, self.siret, self.vat_number)


def _check_siren_matches(
    instance: object, siren: str | None, siret: str | None, vat_number: str | None
) -> None:
    if siren and siret and not siret.startswith(siren):
        raise v.fail(instance, "siret", siret, f"le SIRET ne commence pas par le SIREN {siren}")
    if siren and vat_number and vat_number.startswith("FR") and vat_number[4:] != siren:
        raise v.fail(
            instance,
            "vat_number",
            vat_number,
            f"le numéro de TVA ne correspond pas au SIREN {siren}",
        )


@attrs.frozen
class Customer:
    """A customer (client): who signs contracts and receives invoices.

    A public buyer invoiced through Chorus Pro must have a SIRET (its own or ``invoicing.buyer_siret``).
    """

    id: str = attrs.field(validator=v.identifier)
    name: str = attrs.field(validator=v.text)
    kind: CustomerKind = attrs.field(validator=v.member_of(CustomerKind))
    address: Address = attrs.field(validator=v.instance_of(Address))
    siren: str | None = attrs.field(default=None, validator=_siren)
    siret: str | None = attrs.field(default=None, validator=_siret)
    vat_number: str | None = attrs.field(default=None, validator=_vat_number)
    billing_address: Address | None = attrs.field(
        default=None, validator=v.optional_instance_of(Address)
    )
    contacts: tuple[Contact, ...] = attrs.field(default=(), validator=v.tuple_of(Contact))
    invoicing: Invoicing = attrs.field(factory=Invoicing, validator=v.instance_of(Invoicing))

    def __attrs_post_init__(self) -> None:
        _check_siren_matches(self, self.siren, self.siret, self.vat_number)
        if self.invoicing.channel is InvoicingChannel.CHORUS_PRO and not (
            self.siret or self.invoicing.buyer_siret
        ):
            raise v.fail(self, "siret", self.siret, "SIRET obligatoire pour Chorus Pro")

    def identity(self) -> Party:
        """The customer as an invoice's buyer (billing address first)."""
        siret = self.invoicing.buyer_siret or self.siret
        # A buyer SIRET of another legal entity (a paying department) keeps its own SIREN.
        same_entity = siret is None or self.siren is None or siret.startswith(self.siren)
        return Party(
            name=self.name,
            address=self.billing_address or self.address,
            siren=self.siren if same_entity else siret[:9] if siret else None,
            siret=siret,
            vat_number=self.vat_number if same_entity else None,
            email=self.invoicing.emails[0] if self.invoicing.emails else None,
        )

    def phones(self) -> tuple[str, ...]:
        """Every phone number of every contact (normalized), for caller identification."""
        return tuple(number for contact in self.contacts for number in contact.phones)
