"""The public buyer: a commune invoiced through Chorus Pro, its buildings, the framework agreement
with purchase orders and its price schedule (BPU) of 44 items in three price families."""

from __future__ import annotations

import random
from datetime import date
from decimal import Decimal

from savcore.demo._bundle import Bundle
from savcore.model import (
    Address,
    Appliance,
    ApplianceKind,
    BillingBasis,
    BillingTerm,
    BillingTerms,
    Building,
    Contact,
    Contract,
    ContractKind,
    Customer,
    CustomerKind,
    DelayUnit,
    FamilyFormula,
    Fuel,
    Grouping,
    InterventionTerms,
    Invoicing,
    InvoicingChannel,
    Location,
    ManagementUnit,
    PaymentTerms,
    PriceItem,
    PriceSchedule,
    PriceScheduleVersion,
    PurchaseOrder,
    PurchaseOrderLine,
    Renewal,
    RenewalKind,
    ResponseTime,
    RevisionClause,
    RevisionFormula,
    UnitKind,
    ValueSelection,
)
from savcore.money import VatRate
from savcore.periods import Alignment, Period, Periodicity, ProrataConvention

__all__ = ["CONTRACT_ID", "CUSTOMER_ID", "SCHEDULE_ID", "public_buyer"]

CUSTOMER_ID = "CLI-COMMUNE"
CONTRACT_ID = "AC-2018-07"
SCHEDULE_ID = "BPU-AC-2018-07"
START = date(2018, 3, 1)
SERVICE_CODE = "SERVICES-TECHNIQUES"
ENGAGEMENT = "EJ-2018-000417"

LABOUR = "main-oeuvre"
HEATING = "pieces-chauffage"
HOT_WATER = "ecs-plomberie"

# fmt: off
_BPU: tuple[tuple[str, str, str, str, str], ...] = (
    # code, designation, unit, unit price excl. VAT, family
    ("1.01", "Heure de main-d'œuvre technicien chauffagiste, jours ouvrés 8 h - 18 h", "h", "58.00", LABOUR),
    ("1.02", "Heure de main-d'œuvre technicien, nuit et samedi", "h", "87.00", LABOUR),
    ("1.03", "Heure de main-d'œuvre technicien, dimanche et jours fériés", "h", "116.00", LABOUR),
    ("1.04", "Heure d'aide-technicien ou d'apprenti", "h", "38.00", LABOUR),
    ("1.05", "Déplacement zone 1 (jusqu'à 15 km)", "forfait", "35.00", LABOUR),
    ("1.06", "Déplacement zone 2 (15 à 30 km)", "forfait", "48.00", LABOUR),
    ("1.07", "Majoration intervention d'urgence sous 4 h", "forfait", "95.00", LABOUR),
    ("1.08", "Entretien annuel chaudière gaz murale jusqu'à 35 kW, attestation comprise", "u", "115.00", LABOUR),
    ("1.09", "Entretien annuel chaudière gaz au sol de 35 à 70 kW", "u", "185.00", LABOUR),
    ("1.10", "Entretien annuel chaudière collective de 70 à 400 kW", "u", "420.00", LABOUR),
    ("1.11", "Analyse de combustion et mesure du CO", "u", "45.00", LABOUR),
    ("1.12", "Désembouage du réseau de chauffage, par radiateur", "u", "62.00", LABOUR),
    ("1.13", "Entretien annuel chauffe-eau gaz", "u", "75.00", LABOUR),
    ("1.14", "Mise en service d'une chaudière neuve", "u", "150.00", LABOUR),
    ("2.01", "Électrode d'allumage ou d'ionisation", "u", "28.50", HEATING),
    ("2.02", "Thermocouple", "u", "24.00", HEATING),
    ("2.03", "Vanne gaz de chaudière murale", "u", "165.00", HEATING),
    ("2.04", "Circulateur de chaudière murale", "u", "210.00", HEATING),
    ("2.05", "Circulateur de chauffage collectif DN 32", "u", "640.00", HEATING),
    ("2.06", "Échangeur à plaques ECS de chaudière murale", "u", "185.00", HEATING),
    ("2.07", "Carte électronique de chaudière murale", "u", "320.00", HEATING),
    ("2.08", "Vase d'expansion 8 l", "u", "72.00", HEATING),
    ("2.09", "Vase d'expansion 50 l (chaufferie)", "u", "190.00", HEATING),
    ("2.10", "Pressostat eau ou capteur de pression", "u", "58.00", HEATING),
    ("2.11", "Sonde de température CTN", "u", "32.00", HEATING),
    ("2.12", "Extracteur de fumées de chaudière ventouse", "u", "245.00", HEATING),
    ("2.13", "Thermostat d'ambiance programmable", "u", "135.00", HEATING),
    ("2.14", "Robinet thermostatique de radiateur", "u", "48.00", HEATING),
    ("2.15", "Purgeur automatique", "u", "14.50", HEATING),
    ("2.16", "Chaudière murale gaz à condensation 25 kW, fourniture et pose", "u", "2650.00", HEATING),
    ("2.17", "Brûleur gaz de chaudière au sol, fourniture et pose", "u", "1480.00", HEATING),
    ("2.18", "Soupape de sécurité 3 bar", "u", "22.00", HEATING),
    ("3.01", "Chauffe-eau électrique 200 l vertical, fourniture et pose", "u", "890.00", HOT_WATER),
    ("3.02", "Chauffe-eau électrique 100 l, fourniture et pose", "u", "640.00", HOT_WATER),
    ("3.03", "Chauffe-bain gaz 11 l/min, fourniture et pose", "u", "1150.00", HOT_WATER),
    ("3.04", "Groupe de sécurité de chauffe-eau", "u", "45.00", HOT_WATER),
    ("3.05", "Résistance stéatite de chauffe-eau", "u", "68.00", HOT_WATER),
    ("3.06", "Anode magnésium", "u", "32.00", HOT_WATER),
    ("3.07", "Thermostat de chauffe-eau électrique", "u", "38.00", HOT_WATER),
    ("3.08", "Mitigeur thermostatique de lavabo", "u", "145.00", HOT_WATER),
    ("3.09", "Robinet d'arrêt quart de tour", "u", "18.50", HOT_WATER),
    ("3.10", "Réducteur de pression", "u", "95.00", HOT_WATER),
    ("3.11", "Tube cuivre 14/16 posé", "ml", "24.00", HOT_WATER),
    ("3.12", "Tube multicouche 16 posé", "ml", "19.00", HOT_WATER),
)

# site number, name, address, sector, appliances (kind, fuel, make, model, power kW)
_SITES: tuple[tuple[int, str, str, tuple[tuple[ApplianceKind, Fuel, str, str, str], ...]], ...] = (
    (1, "Groupe scolaire Jean Moulin", "3 rue des Écoles",
     ((ApplianceKind.BOILER, Fuel.GAS, "De Dietrich", "C 230-130 ECO", "130"),
      (ApplianceKind.BOILER, Fuel.GAS, "De Dietrich", "C 230-130 ECO", "130"))),
    (2, "Hôtel de ville", "1 place de la Mairie",
     ((ApplianceKind.BOILER, Fuel.GAS, "Viessmann", "Vitocrossal 100 CI1", "80"),)),
    (3, "Gymnase municipal des Platanes", "12 allée des Sports",
     ((ApplianceKind.BOILER, Fuel.GAS, "Atlantic", "Varmax 120", "120"),
      (ApplianceKind.WATER_HEATER, Fuel.ELECTRICITY, "Atlantic", "Chauffeo 200 l", "3"),
      (ApplianceKind.WATER_HEATER, Fuel.ELECTRICITY, "Atlantic", "Chauffeo 200 l", "3"))),
)
# fmt: on


def _customer() -> Customer:
    return Customer(
        id=CUSTOMER_ID,
        name="Commune de Saint-Romain-des-Monts",
        kind=CustomerKind.PUBLIC_BUYER,
        address=Address("1 place de la Mairie", "69560", "Saint-Romain-des-Monts"),
        siren="216903872",
        siret="21690387200010",
        contacts=(
            Contact(
                "Sophie Marchand",
                role="responsable des services techniques",
                phones=("0474530210",),
                emails=("services.techniques@saint-romain-des-monts.fr",),
            ),
        ),
        invoicing=Invoicing(
            InvoicingChannel.CHORUS_PRO,
            service_code=SERVICE_CODE,
            engagement_number=ENGAGEMENT,
        ),
    )


def price_schedule() -> PriceSchedule:
    """The BPU of the framework agreement, initial prices (M0 January 2018)."""
    items = tuple(
        PriceItem(code, label, unit, Decimal(price), VatRate.STANDARD, family)
        for code, label, unit, price, family in _BPU
    )
    return PriceSchedule(
        id=SCHEDULE_ID,
        label="Bordereau des prix unitaires - accord-cadre 2018-AC-07",
        versions=(PriceScheduleVersion(START, items),),
        contract_id=CONTRACT_ID,
    )


def _contract() -> Contract:
    def single(fixed: str, label: str) -> RevisionFormula:
        return RevisionFormula.single("BT40", Decimal(fixed), label=label)

    return Contract(
        id=CONTRACT_ID,
        customer_id=CUSTOMER_ID,
        kind=ContractKind.FRAMEWORK,
        designation="Accord-cadre à bons de commande : entretien, dépannage et remplacement des "
        "équipements de chauffage et d'eau chaude sanitaire des bâtiments communaux",
        start=START,
        duration_months=12,
        reference="2018-AC-07",
        renewal=Renewal(RenewalKind.EXPRESS, period_months=12, notice_months=2, max_renewals=3),
        billing=BillingTerms(
            periodicity=Periodicity.MONTHLY,
            term=BillingTerm.IN_ARREARS,
            alignment=Alignment.CALENDAR,
            basis=BillingBasis.PROGRESS,
            prorata=ProrataConvention.NONE,
            grouping=Grouping.CONTRACT,
            payment=PaymentTerms(days=30),
            series="FP",
        ),
        intervention=InterventionTerms(
            levels=(
                ResponseTime(
                    "U1",
                    "Urgence : bâtiment sans chauffage",
                    4,
                    DelayUnit.HOURS,
                    weekends_and_holidays=True,
                ),
                ResponseTime("U2", "Panne partielle", 24, DelayUnit.HOURS),
                ResponseTime("U3", "Intervention programmable", 5, DelayUnit.WORKING_DAYS),
            )
        ),
        revision=RevisionClause(
            reference_month=Period.month(2018, 1),
            formula=single("0.15", "Défaut"),
            current_selection=ValueSelection.lagged(1),
            provisional_fallback=True,
            family_formulas=(
                FamilyFormula(LABOUR, single("0.15", "Main-d'œuvre et déplacements")),
                FamilyFormula(HEATING, single("0.125", "Fournitures chauffage")),
                FamilyFormula(HOT_WATER, single("0.20", "Eau chaude sanitaire et plomberie")),
            ),
        ),
        unit_ids=tuple(f"MAIRIE-{number:02d}" for number, *_ in _SITES),
        price_schedule_id=SCHEDULE_ID,
        min_amount=Decimal("15000"),
        max_amount=Decimal("90000"),
        engagement_number=ENGAGEMENT,
        service_code=SERVICE_CODE,
    )


def _orders() -> list[PurchaseOrder]:
    return [
        PurchaseOrder(
            id="BC-2018-001",
            number="BC-2018-001",
            contract_id=CONTRACT_ID,
            ordered_on=date(2018, 4, 10),
            executed_on=date(2018, 4, 18),
            unit_id="MAIRIE-03",
            label="Remplacement des deux chauffe-eau électriques du gymnase",
            lines=(
                PurchaseOrderLine("3.01", Decimal("2")),
                PurchaseOrderLine("3.04", Decimal("2")),
                PurchaseOrderLine("1.01", Decimal("3.5")),
                PurchaseOrderLine("1.05", Decimal("1")),
            ),
        ),
        PurchaseOrder(
            id="BC-2018-002",
            number="BC-2018-002",
            contract_id=CONTRACT_ID,
            ordered_on=date(2018, 9, 20),
            executed_on=date(2018, 10, 15),
            label="Entretien annuel des chaufferies communales",
            lines=(
                PurchaseOrderLine("1.10", Decimal("4")),
                PurchaseOrderLine("1.11", Decimal("4"), comment="une analyse par chaudière"),
                PurchaseOrderLine("1.05", Decimal("3")),
            ),
        ),
    ]


def public_buyer(rng: random.Random) -> Bundle:
    """The commune, its buildings, the framework agreement, the BPU and two purchase orders."""
    out = Bundle(customers=[_customer()], price_schedules=[price_schedule()])
    for number, name, street, appliances in _SITES:
        unit = f"MAIRIE-{number:02d}"
        address = Address(street, "69560", "Saint-Romain-des-Monts")
        out.units.append(
            ManagementUnit(
                id=unit,
                customer_id=CUSTOMER_ID,
                name=name,
                address=address,
                kind=UnitKind.SITE,
                sector="COMMUNES",
            )
        )
        out.buildings.append(Building(f"{unit}-B1", unit, name, address))
        for n, (kind, fuel, make, model, power) in enumerate(appliances, start=1):
            out.appliances.append(
                Appliance(
                    id=f"{unit}-APP{n}",
                    unit_id=unit,
                    kind=kind,
                    location=Location.COLLECTIVE,
                    fuel=fuel,
                    make=make,
                    model=model,
                    serial_number=f"{make[:2].upper()}{rng.randrange(10**9):09d}",
                    power_kw=Decimal(power),
                    installed_on=date(rng.randint(2005, 2015), 9, 1),
                )
            )
    out.contracts.append(_contract())
    out.purchase_orders += _orders()
    return out
