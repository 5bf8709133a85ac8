"""Strategies for parties (customers, legal identities, invoicing channels) and sites (management
units, buildings, dwellings, appliances)."""

from __future__ import annotations

from datetime import timedelta

import attrs
from hypothesis import strategies as st

from savcore.model.parties import Customer, CustomerKind, Invoicing, InvoicingChannel, Party
from savcore.model.sites import (
    Appliance,
    ApplianceKind,
    Building,
    Dwelling,
    Fuel,
    Location,
    ManagementUnit,
    UnitKind,
)
from savcore.periods import Period
from savcore.testing._basics import (
    addresses,
    business_dates,
    cached,
    contacts,
    emails,
    enum_values,
    ibans,
    identifiers,
    labels,
    money,
    optional,
    phones,
    sirens,
    siret_for,
    sirets,
    vat_number_for,
)

__all__ = [
    "appliances",
    "buildings",
    "customers",
    "dwellings",
    "invoicings",
    "parties",
    "units",
]


@st.composite
def _identity(draw: st.DrawFn) -> tuple[str | None, str | None, str | None]:
    """A consistent (SIREN, SIRET, VAT number) triple, each part possibly absent."""
    siren = draw(sirens())
    siret = draw(optional(siret_for(siren)))
    vat = draw(optional(st.just(vat_number_for(siren))))
    return (draw(optional(st.just(siren))), siret, vat)


@st.composite
def _invoicings(draw: st.DrawFn) -> Invoicing:
    channel = draw(enum_values(InvoicingChannel))
    min_emails = 1 if channel is InvoicingChannel.EMAIL else 0
    chorus = channel is InvoicingChannel.CHORUS_PRO
    return Invoicing(
        channel=channel,
        emails=tuple(draw(st.lists(emails(), min_size=min_emails, max_size=2))),
        service_code=draw(optional(identifiers())) if chorus else None,
        engagement_number=draw(optional(identifiers(max_size=50))) if chorus else None,
        buyer_siret=draw(optional(sirets())),
    )


@cached
def invoicings() -> st.SearchStrategy[Invoicing]:
    """Invoicing channels: paper, e-mail (with at least one address) or Chorus Pro (service code,
    engagement number)."""
    return _invoicings()


@st.composite
def _parties(draw: st.DrawFn) -> Party:
    siren, siret, vat = draw(_identity())
    return Party(
        name=draw(labels()),
        address=draw(addresses()),
        siren=siren,
        siret=siret,
        vat_number=vat,
        legal_form=draw(optional(st.sampled_from(("SARL", "SAS", "SA", "EURL", "OPH")))),
        share_capital=draw(optional(money(max_value=10_000_000))),
        rcs=draw(optional(st.just("RCS Lyon"))),
        iban=draw(optional(ibans())),
        bic=draw(optional(st.just("AGRIFRPP"))),
        email=draw(optional(emails())),
        phone=draw(optional(phones())),
    )


@cached
def parties() -> st.SearchStrategy[Party]:
    """Legal identities (seller or buyer of an invoice) whose SIREN, SIRET and VAT number are
    valid and agree with each other, with a valid IBAN when there is one."""
    return _parties()


@st.composite
def _customers(draw: st.DrawFn, customer_id: str | None) -> Customer:
    siren, siret, vat = draw(_identity())
    invoicing = draw(invoicings())
    if siren is not None and invoicing.buyer_siret is not None:
        # Customer.identity() pairs the customer's SIREN with buyer_siret: keep them one company.
        invoicing = attrs.evolve(invoicing, buyer_siret=draw(siret_for(siren)))
    if invoicing.channel is InvoicingChannel.CHORUS_PRO and not (siret or invoicing.buyer_siret):
        siret = draw(siret_for(siren)) if siren else draw(sirets())
        if vat is not None and siren is None:
            vat = vat_number_for(siret[:9])
    return Customer(
        id=customer_id if customer_id is not None else draw(identifiers()),
        name=draw(labels()),
        kind=draw(enum_values(CustomerKind)),
        address=draw(addresses()),
        siren=siren,
        siret=siret,
        vat_number=vat,
        billing_address=draw(optional(addresses())),
        contacts=tuple(draw(st.lists(contacts(), max_size=2))),
        invoicing=invoicing,
    )


@cached
def customers(*, customer_id: str | None = None) -> st.SearchStrategy[Customer]:
    """Customers of every kind, with consistent legal identifiers, contacts and an invoicing
    channel (a SIRET whenever invoices go through Chorus Pro; a buyer SIRET of the customer's own
    SIREN, so that :meth:`~savcore.model.Customer.identity` is valid). ``customer_id`` fixes the id."""
    return _customers(customer_id)


# --- sites ----------------------------------------------------------------------------------------


@cached
def units(
    *, unit_id: str | None = None, customer_id: str | None = None
) -> st.SearchStrategy[ManagementUnit]:
    """Management units (UG, résidences) and sites; ``unit_id``/``customer_id`` fix the ids."""
    return st.builds(
        ManagementUnit,
        id=st.just(unit_id) if unit_id is not None else identifiers(),
        customer_id=st.just(customer_id) if customer_id is not None else identifiers(),
        name=labels(),
        address=addresses(),
        kind=enum_values(UnitKind),
        code=optional(identifiers()),
        sector=optional(identifiers(max_size=4)),
        contacts=st.lists(contacts(), max_size=2).map(tuple),
    )


@cached
def buildings(
    *, building_id: str | None = None, unit_id: str | None = None
) -> st.SearchStrategy[Building]:
    """Buildings (bâtiments, cages d'escalier); ``building_id``/``unit_id`` fix the ids."""
    return st.builds(
        Building,
        id=st.just(building_id) if building_id is not None else identifiers(),
        unit_id=st.just(unit_id) if unit_id is not None else identifiers(),
        name=labels(),
        address=optional(addresses()),
    )


@st.composite
def _vacancies(draw: st.DrawFn) -> tuple[Period, ...]:
    start = draw(business_dates())
    out: list[Period] = []
    for _ in range(draw(st.integers(0, 3))):
        start += timedelta(days=draw(st.integers(0, 200)))
        end = start + timedelta(days=draw(st.integers(1, 200)))
        out.append(Period(start, end))
        start = end
    return tuple(out)


@st.composite
def _dwellings(
    draw: st.DrawFn,
    dwelling_id: str | None,
    unit_id: str | None,
    building_ids: tuple[str, ...] | None,
) -> Dwelling:
    added_on = draw(optional(business_dates()))
    withdrawn_on = draw(optional(business_dates()))
    if added_on is not None and withdrawn_on is not None and withdrawn_on <= added_on:
        withdrawn_on = added_on + timedelta(days=draw(st.integers(1, 3000)))
    if building_ids is None:
        building = draw(optional(identifiers()))
    else:
        building = draw(optional(st.sampled_from(building_ids))) if building_ids else None
    return Dwelling(
        id=dwelling_id if dwelling_id is not None else draw(identifiers()),
        unit_id=unit_id if unit_id is not None else draw(identifiers()),
        reference=draw(identifiers()),
        building_id=building,
        address=draw(optional(addresses())),
        floor=draw(optional(st.sampled_from(("RDC", "1er", "2e", "12")))),
        door=draw(optional(st.sampled_from(("A", "gauche", "droite", "101")))),
        occupant=draw(optional(contacts())),
        added_on=added_on,
        withdrawn_on=withdrawn_on,
        vacancies=draw(_vacancies()),
    )


@cached
def dwellings(
    *,
    dwelling_id: str | None = None,
    unit_id: str | None = None,
    building_ids: tuple[str, ...] | None = None,
) -> st.SearchStrategy[Dwelling]:
    """Dwellings (logements), sometimes entering or leaving the scope, with sorted vacancies.

    ``building_ids`` restricts ``building_id`` to those (``()``: no building)."""
    return _dwellings(dwelling_id, unit_id, building_ids)


@st.composite
def _appliances(
    draw: st.DrawFn,
    appliance_id: str | None,
    unit_id: str | None,
    dwelling_ids: tuple[str, ...] | None,
) -> Appliance:
    location = Location.COLLECTIVE if dwelling_ids == () else draw(enum_values(Location))
    dwelling_id: str | None = None
    if location is Location.DWELLING:
        dwelling_id = draw(st.sampled_from(dwelling_ids) if dwelling_ids else identifiers())
    return Appliance(
        id=appliance_id if appliance_id is not None else draw(identifiers()),
        unit_id=unit_id if unit_id is not None else draw(identifiers()),
        kind=draw(enum_values(ApplianceKind)),
        location=location,
        dwelling_id=dwelling_id,
        fuel=draw(enum_values(Fuel)),
        make=draw(optional(st.sampled_from(("Saunier Duval", "De Dietrich", "Atlantic")))),
        model=draw(optional(labels())),
        serial_number=draw(optional(identifiers())),
        power_kw=draw(optional(money(min_value=1, max_value=2000, places=1))),
        installed_on=draw(optional(business_dates())),
        condensing=draw(optional(st.booleans())),
    )


@cached
def appliances(
    *,
    appliance_id: str | None = None,
    unit_id: str | None = None,
    dwelling_ids: tuple[str, ...] | None = None,
) -> st.SearchStrategy[Appliance]:
    """Appliances (chaudières, chauffe-eau, VMC...), in a dwelling or collective.

    ``dwelling_ids`` restricts the dwelling an in-dwelling appliance names (``()``: collective
    appliances only)."""
    return _appliances(appliance_id, unit_id, dwelling_ids)
