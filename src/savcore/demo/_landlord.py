"""The social landlord (OPH): 14 residences, 1,640 dwellings, their appliances, and the collective
P2/P3 contract that covers them (its operations are in :mod:`savcore.demo._operations`)."""

from __future__ import annotations

import random
from datetime import date
from decimal import Decimal

import attrs

from savcore.demo._bundle import Bundle
from savcore.demo._company import revision_formula
from savcore.demo._operations import landlord_operations
from savcore.model import (
    Address,
    Appliance,
    ApplianceKind,
    AttemptRule,
    BillingBasis,
    BillingTerm,
    BillingTerms,
    Building,
    Contact,
    Contract,
    ContractKind,
    Control,
    ControlKind,
    Customer,
    CustomerKind,
    DelayUnit,
    Dwelling,
    Fuel,
    Grouping,
    InterventionTerms,
    Invoicing,
    InvoicingChannel,
    Location,
    MaintenanceRange,
    ManagementUnit,
    PaymentTerms,
    PenetrationRule,
    PricingBasis,
    Renewal,
    RenewalKind,
    ResponseTime,
    RevisionClause,
    ServiceCategory,
    ServiceLine,
    ValueSelection,
    VisitType,
    Warranty,
    WarrantyLevel,
)
from savcore.money import VatRate
from savcore.periods import Alignment, Period, Periodicity, ProrataConvention
from savcore.timeline import Timeline

__all__ = ["CONTRACT_ID", "CUSTOMER_ID", "landlord"]

CUSTOMER_ID = "CLI-OPH"
CONTRACT_ID = "CT-OPH-2018"
RANGE_ID = "GAM-OPH"
START = date(2018, 1, 1)
GROWTH = date(2018, 5, 1)
"""Six new dwellings delivered at Le Clos Vert."""
JOIN = date(2018, 7, 1)
"""Les Hauts de Sainte-Foy joins the contract."""


@attrs.frozen
class _Residence:
    number: int
    name: str
    street_number: int
    street: str
    postcode: str
    city: str
    sector: str
    dwellings: int
    buildings: int
    collective: bool
    """Boiler room and individual gas water heaters, instead of individual gas boilers."""
    renewed: int
    """Year the heating appliances were last renewed."""
    partial: bool = False
    """P3 partial warranty (older appliances) instead of the total warranty."""
    added: int = 0
    """Dwellings delivered on GROWTH (included in ``dwellings``)."""
    joins: date | None = None

    @property
    def unit_id(self) -> str:
        return f"UG-{self.number:02d}"

    @property
    def code(self) -> str:
        return f"G{self.number:02d}{self.postcode[-2:]}"


# fmt: off
_RESIDENCES = (
    _Residence(1, "Les Tilleuls", 12, "rue Paul Bert", "69003", "Lyon", "LYON-EST", 96, 3, False, 2009),
    _Residence(2, "Mermoz Sud", 4, "avenue Jean Mermoz", "69008", "Lyon", "LYON-EST", 184, 6, False, 2012),
    _Residence(3, "Les Marronniers", 31, "rue Francis de Pressensé", "69100", "Villeurbanne", "VILLEURBANNE", 120, 4, False, 2010),
    _Residence(4, "Le Parc des Minguettes", 2, "boulevard Lénine", "69200", "Vénissieux", "VENISSIEUX", 210, 7, True, 2006),
    _Residence(5, "Les Iris", 18, "rue de la Pagère", "69500", "Bron", "EST-LYONNAIS", 72, 2, False, 2014),
    _Residence(6, "Cité Jardin", 7, "rue Pierre Sémard", "69190", "Saint-Fons", "VENISSIEUX", 88, 4, False, 2003, partial=True),
    _Residence(7, "Les Érables", 45, "avenue Gabriel Péri", "69120", "Vaulx-en-Velin", "VAULX", 150, 5, False, 2011),
    _Residence(8, "Gerland Jean Jaurès", 210, "avenue Jean Jaurès", "69007", "Lyon", "LYON-SUD", 132, 4, True, 2008),
    _Residence(9, "Les Glycines", 9, "rue de la République", "69600", "Oullins", "LYON-SUD", 64, 2, False, 2015),
    _Residence(10, "Le Clos Vert", 3, "chemin de Crépieux", "69140", "Rillieux-la-Pape", "LYON-NORD", 124, 4, False, 2013, added=6),
    _Residence(11, "Les Peupliers", 21, "rue Sully", "69150", "Décines-Charpieu", "EST-LYONNAIS", 96, 3, False, 2010),
    _Residence(12, "La Duchère Plateau", 1, "avenue du Plateau", "69009", "Lyon", "LYON-OUEST", 168, 6, True, 2007),
    _Residence(13, "Les Acacias", 14, "rue Joseph Longarini", "69700", "Givors", "LYON-SUD", 80, 3, False, 2002, partial=True),
    _Residence(14, "Les Hauts de Sainte-Foy", 6, "chemin de la Croix Pivort", "69110", "Sainte-Foy-lès-Lyon", "LYON-OUEST", 56, 2, False, 2016, joins=JOIN),
)

_BOILERS = (
    # make, model, power kW, condensing
    ("Saunier Duval", "ThemaPlus Condens F25", "25", True),
    ("Chaffoteaux", "Mira C Green 25", "25", True),
    ("Frisquet", "Hydromotrix Visio 23", "23", False),
    ("ELM Leblanc", "Mégalis Condens GVAC 24", "24", True),
    ("De Dietrich", "Naneo EMC-M 24/28", "24", True),
    ("Vaillant", "ecoTEC pure VMW 236/7-2", "23.2", True),
    ("Saunier Duval", "Thelia Twin AS 23", "23.3", False),
)
_WATER_HEATERS = (
    ("Saunier Duval", "Opalia C11E", "19.2"),
    ("ELM Leblanc", "Onalia C11", "19.2"),
    ("Vaillant", "atmoMAG 11-0/0 XZ", "19.2"),
)
_SURNAMES = (
    "Martin", "Bernard", "Dubois", "Thomas", "Robert", "Richard", "Petit", "Durand", "Leroy",
    "Moreau", "Simon", "Laurent", "Lefebvre", "Michel", "Garcia", "David", "Bertrand", "Roux",
    "Vincent", "Fournier", "Morel", "Girard", "André", "Mercier", "Dupont", "Lambert", "Bonnet",
    "François", "Martinez", "Legrand", "Haddad", "Benali", "Nguyen", "Diallo", "Rossi", "Da Silva",
)
# fmt: on


def _customer() -> Customer:
    return Customer(
        id=CUSTOMER_ID,
        name="Saône-Rhône Habitat (OPH)",
        kind=CustomerKind.SOCIAL_LANDLORD,
        address=Address("40 quai Perrache", "69002", "Lyon"),
        siren="276900123",
        siret="27690012300015",
        vat_number="FR44276900123",
        contacts=(
            Contact(
                "Claire Fontaine",
                role="responsable du patrimoine technique",
                phones=("0478601020",),
                emails=("c.fontaine@saone-rhone-habitat.fr",),
            ),
            Contact("Service réclamations", role="réclamations locataires", phones=("0478601000",)),
        ),
        invoicing=Invoicing(InvoicingChannel.CHORUS_PRO, service_code="DIR-PATRIMOINE"),
    )


def _range() -> MaintenanceRange:
    co = Control("CO-AMB", "Mesure du CO ambiant", ControlKind.MEASURE, unit="ppm")
    cleaning = Control("NETTOYAGE", "Nettoyage du corps de chauffe et du brûleur")
    safety = Control("SECURITES", "Vérification des organes de sécurité")
    return MaintenanceRange(
        id=RANGE_ID,
        label="Gamme OPH : entretien annuel des appareils gaz et de la VMC",
        visit_types=(
            VisitType(
                "VT-CHAUDIERE",
                "Entretien annuel chaudière gaz individuelle (attestation d'entretien)",
                Periodicity.YEARLY,
                frozenset({ApplianceKind.BOILER}),
                duration_minutes=45,
                controls=(
                    co,
                    Control("RENDEMENT", "Rendement de la chaudière", ControlKind.MEASURE, "%"),
                    Control("TIRAGE", "Contrôle du tirage et de l'évacuation des fumées"),
                    cleaning,
                    safety,
                    Control("ETANCHEITE", "Étanchéité gaz des raccordements"),
                    Control("CONSEILS", "Conseils à l'usager", ControlKind.TEXT, required=False),
                ),
            ),
            VisitType(
                "VT-CHAUFFE-BAIN",
                "Entretien annuel chauffe-bain gaz",
                Periodicity.YEARLY,
                frozenset({ApplianceKind.WATER_HEATER}),
                duration_minutes=30,
                controls=(co, cleaning, safety),
            ),
            VisitType(
                "VT-VMC",
                "Visite annuelle VMC (débits, bouches, DSC)",
                Periodicity.YEARLY,
                frozenset({ApplianceKind.VMC}),
                duration_minutes=60,
                controls=(
                    Control("DEBIT", "Débit aux bouches d'extraction", ControlKind.MEASURE, "m³/h"),
                    Control("BOUCHES", "Nettoyage des bouches"),
                    Control("DSC", "Essai du dispositif de sécurité collective VMC gaz"),
                ),
            ),
        ),
    )


def _residence(spec: _Residence, rng: random.Random, out: Bundle) -> None:
    unit = spec.unit_id
    out.units.append(
        ManagementUnit(
            id=unit,
            customer_id=CUSTOMER_ID,
            name=f"Résidence {spec.name}",
            address=Address(f"{spec.street_number} {spec.street}", spec.postcode, spec.city),
            code=spec.code,
            sector=spec.sector,
            contacts=(
                Contact(
                    f"Loge {spec.name}", role="gardien", phones=(f"0478{spec.number:02d}5500",)
                ),
            ),
        )
    )
    for k in range(spec.buildings):
        letter = "ABCDEFGH"[k]
        building = f"{unit}-B{letter}"
        out.buildings.append(
            Building(
                id=building,
                unit_id=unit,
                name=f"Bâtiment {letter}",
                address=Address(
                    f"{spec.street_number + 2 * k} {spec.street}", spec.postcode, spec.city
                ),
            )
        )
        out.appliances.append(
            Appliance(
                id=f"{building}-VMC",
                unit_id=unit,
                kind=ApplianceKind.VMC,
                location=Location.COLLECTIVE,
                fuel=Fuel.ELECTRICITY,
                make="Aldes",
                model="VEC 2 Micro-watt",
                serial_number=f"AL{rng.randrange(10**8):08d}",
                power_kw=Decimal("0.37"),
                installed_on=date(spec.renewed, rng.randint(1, 12), 1),
            )
        )
    if spec.collective:
        for n in (1, 2):
            out.appliances.append(
                Appliance(
                    id=f"{unit}-CHF{n}",
                    unit_id=unit,
                    kind=ApplianceKind.BOILER,
                    location=Location.COLLECTIVE,
                    make="De Dietrich",
                    model="C 230-210 ECO",
                    serial_number=f"DD{rng.randrange(10**9):09d}",
                    power_kw=Decimal("210"),
                    installed_on=date(spec.renewed, 9, 1),
                    condensing=True,
                )
            )
    first_added = spec.dwellings - spec.added
    placed = [0] * spec.buildings
    for n in range(1, spec.dwellings + 1):
        k = (n - 1) * spec.buildings // spec.dwellings
        position, placed[k] = placed[k], placed[k] + 1
        floor = position // 4
        dwelling = f"{unit}-L{n:04d}"
        occupant = None
        if rng.random() < 0.35:
            occupant = Contact(
                f"{rng.choice(('M.', 'Mme'))} {rng.choice(_SURNAMES)}",
                role="locataire",
                phones=(f"06{rng.randrange(10**8):08d}",),
            )
        vacancies: tuple[Period, ...] = ()
        if rng.random() < 0.012:
            month = rng.randint(1, 9)
            vacancies = (Period(date(2018, month, 1), date(2018, month + 2, 15)),)
        new = n > first_added
        out.dwellings.append(
            Dwelling(
                id=dwelling,
                unit_id=unit,
                reference=f"{spec.code}-{n:04d}",
                building_id=f"{unit}-B{'ABCDEFGH'[k]}",
                floor="RDC" if floor == 0 else str(floor),
                door=f"{floor}{position % 4 + 1}",
                occupant=None if vacancies else occupant,
                added_on=GROWTH if new else None,
                vacancies=vacancies,
            )
        )
        installed = (
            date(2018, 4, 3)
            if new
            else date(rng.randint(spec.renewed, 2017), rng.randint(1, 12), 1)
        )
        if spec.collective:
            make, model, power = rng.choice(_WATER_HEATERS)
            out.appliances.append(
                Appliance(
                    id=f"{dwelling}-CB",
                    unit_id=unit,
                    kind=ApplianceKind.WATER_HEATER,
                    dwelling_id=dwelling,
                    make=make,
                    model=model,
                    serial_number=f"{make[:2].upper()}{rng.randrange(10**9):09d}",
                    power_kw=Decimal(power),
                    installed_on=installed,
                    condensing=False,
                )
            )
        else:
            make, model, power, condensing = rng.choice(_BOILERS)
            out.appliances.append(
                Appliance(
                    id=f"{dwelling}-CH",
                    unit_id=unit,
                    kind=ApplianceKind.BOILER,
                    dwelling_id=dwelling,
                    make=make,
                    model=model,
                    serial_number=f"{make[:2].upper()}{rng.randrange(10**9):09d}",
                    power_kw=Decimal(power),
                    installed_on=installed,
                    condensing=condensing,
                )
            )


def _lines(spec: _Residence) -> list[ServiceLine]:
    if spec.joins is not None:
        dwellings = Timeline.constant(spec.dwellings, spec.joins)
    elif spec.added:
        dwellings = Timeline.from_pairs(
            [(START, spec.dwellings - spec.added), (GROWTH, spec.dwellings)]
        )
    else:
        dwellings = Timeline.constant(spec.dwellings, START)
    p2_price, p3_price = ("64.80", "18.90") if spec.collective else ("86.40", "27.60")
    p2_label = (
        "P2 entretien chaufferie, chauffe-bains et VMC"
        if spec.collective
        else "P2 entretien chaudières individuelles gaz et VMC"
    )
    warranty = None
    p3_label = "P3 garantie totale"
    if spec.partial:
        p3_label = "P3 garantie partielle (pièces chaudière, 600 € par intervention)"
        warranty = Warranty(
            WarrantyLevel.PARTIAL,
            families=frozenset({"pieces-chauffage"}),
            locations=frozenset({Location.DWELLING}),
            cap_per_event=Decimal("600"),
        )
    return [
        ServiceLine(
            id=f"{spec.unit_id}-P2",
            label=f"{p2_label} - Résidence {spec.name}",
            unit_price=Timeline.constant(Decimal(p2_price), START),
            category=ServiceCategory.P2,
            pricing=PricingBasis.PER_DWELLING,
            dwellings=dwellings,
            vat_rate=VatRate.INTERMEDIATE,
            unlimited=True,
            range_id=RANGE_ID,
            unit_id=spec.unit_id,
            start=spec.joins,
        ),
        ServiceLine(
            id=f"{spec.unit_id}-P3",
            label=f"{p3_label} - Résidence {spec.name}",
            unit_price=Timeline.constant(Decimal(p3_price), START),
            category=ServiceCategory.P3,
            pricing=PricingBasis.PER_DWELLING,
            dwellings=dwellings,
            vat_rate=VatRate.INTERMEDIATE,
            warranty=warranty,
            unit_id=spec.unit_id,
            start=spec.joins,
        ),
    ]


def _contract() -> Contract:
    return Contract(
        id=CONTRACT_ID,
        customer_id=CUSTOMER_ID,
        kind=ContractKind.COLLECTIVE,
        designation="Entretien et garantie totale (P2/P3) des installations de chauffage, d'eau "
        "chaude sanitaire et de ventilation des résidences de Saône-Rhône Habitat",
        start=START,
        duration_months=12,
        reference="2017-OPH-031",
        renewal=Renewal(RenewalKind.TACIT, period_months=12, notice_months=3, max_renewals=3),
        billing=BillingTerms(
            periodicity=Periodicity.QUARTERLY,
            term=BillingTerm.IN_ADVANCE,
            alignment=Alignment.CALENDAR,
            basis=BillingBasis.PRORATA,
            prorata=ProrataConvention.ACTUAL_DAYS,
            grouping=Grouping.UNIT,
            payment=PaymentTerms(days=30),
            series="FC",
        ),
        intervention=InterventionTerms(
            levels=(
                ResponseTime(
                    "U1",
                    "Urgence : fuite de gaz, absence totale de chauffage ou d'eau chaude",
                    4,
                    DelayUnit.HOURS,
                    weekends_and_holidays=True,
                    penalty_per_unit=Decimal("50"),
                    penalty_unit=DelayUnit.HOURS,
                    penalty_cap=Decimal("500"),
                ),
                ResponseTime(
                    "U2",
                    "Urgent : panne partielle, fuite d'eau",
                    24,
                    DelayUnit.HOURS,
                    weekends_and_holidays=True,
                    penalty_per_unit=Decimal("80"),
                    penalty_unit=DelayUnit.CALENDAR_DAYS,
                    penalty_cap=Decimal("800"),
                ),
                ResponseTime(
                    "U3",
                    "Normal : intervention programmable",
                    5,
                    DelayUnit.WORKING_DAYS,
                    penalty_per_unit=Decimal("40"),
                    penalty_unit=DelayUnit.WORKING_DAYS,
                    penalty_cap=Decimal("400"),
                ),
            )
        ),
        warranty=Warranty(WarrantyLevel.TOTAL),
        revision=RevisionClause(
            reference_month=Period.month(2018, 1),
            formula=revision_formula(),
            current_selection=ValueSelection.lagged(1),
            coefficient_digits=4,
            provisional_fallback=True,
        ),
        lines=tuple(line for spec in _RESIDENCES for line in _lines(spec)),
        unit_ids=tuple(spec.unit_id for spec in _RESIDENCES),
        range_ids=(RANGE_ID,),
        attempts=AttemptRule(max_attempts=3, min_days_between=7, notice_days=7),
        penetration=PenetrationRule(
            exclude_vacant=True,
            visit_type_ids=frozenset({"VT-CHAUDIERE", "VT-CHAUFFE-BAIN"}),
            threshold=Decimal("0.95"),
        ),
    )


def landlord(rng: random.Random) -> Bundle:
    """The OPH, its residences and appliances, the collective contract and a few operations."""
    out = Bundle(customers=[_customer()], ranges=[_range()])
    for spec in _RESIDENCES:
        _residence(spec, rng, out)
    out.contracts.append(_contract())
    landlord_operations(out, CONTRACT_ID)
    return out
