"""The property manager (syndic): three condominiums, each under a site maintenance contract with a
flat annual amount, billed yearly in arrears on the contract anniversary."""

from __future__ import annotations

import random
from datetime import date
from decimal import Decimal

from savcore.demo._bundle import Bundle
from savcore.demo._company import revision_formula
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
    Control,
    ControlKind,
    Customer,
    CustomerKind,
    DelayUnit,
    Fuel,
    Grouping,
    InterventionTerms,
    Invoicing,
    InvoicingChannel,
    Location,
    MaintenanceRange,
    ManagementUnit,
    PaymentTerms,
    Renewal,
    RenewalKind,
    ResponseTime,
    RevisionClause,
    ServiceCategory,
    ServiceLine,
    UnitKind,
    ValueSelection,
    VisitType,
    Warranty,
    WarrantyLevel,
)
from savcore.money import VatRate
from savcore.periods import Alignment, Period, Periodicity, ProrataConvention
from savcore.timeline import Timeline

__all__ = ["CUSTOMER_ID", "syndic"]

CUSTOMER_ID = "CLI-SYNDIC"
RANGE_ID = "GAM-CHAUFFERIE"

# site number, name, address, postcode, sector, boilers (count, kW, model), start, P2 amount, P3 amount
_SITES = (
    (1, "Copropriété Les Jardins de Montchat", "14 rue Ferdinand Buisson", "69003", "LYON-EST",
     (2, "150", "Vitocrossal 200 CM2"), date(2018, 2, 1), "2850.00", None),
    (2, "Copropriété Le Parc Saint-Rambert", "52 rue Sergent Michel Berthet", "69009", "LYON-OUEST",
     (2, "280", "Vitocrossal 200 CM2"), date(2018, 4, 1), "3960.00", "1150.00"),
    (3, "Immeuble Carnot", "5 rue Carnot", "69002", "LYON-CENTRE",
     (1, "90", "Vitodens 200-W"), date(2018, 6, 15), "1980.00", None),
)  # fmt: skip


def _customer() -> Customer:
    return Customer(
        id=CUSTOMER_ID,
        name="Cabinet Bellecour Gestion",
        kind=CustomerKind.PROPERTY_MANAGER,
        address=Address("8 place Bellecour", "69002", "Lyon"),
        siren="441289030",
        siret="44128903000013",
        vat_number="FR44441289030",
        contacts=(
            Contact(
                "Marc Lefort",
                role="gestionnaire de copropriétés",
                phones=("0472406080",),
                emails=("m.lefort@bellecour-gestion.fr",),
            ),
        ),
        invoicing=Invoicing(InvoicingChannel.EMAIL, emails=("comptabilite@bellecour-gestion.fr",)),
    )


def _range() -> MaintenanceRange:
    return MaintenanceRange(
        id=RANGE_ID,
        label="Gamme chaufferie collective (copropriétés)",
        visit_types=(
            VisitType(
                "VT-CONDUITE",
                "Visite mensuelle de conduite de chaufferie",
                Periodicity.MONTHLY,
                frozenset({ApplianceKind.BOILER}),
                duration_minutes=60,
                controls=(
                    Control("PRESSION", "Pression du réseau", ControlKind.MEASURE, "bar"),
                    Control("T-DEPART", "Température de départ", ControlKind.MEASURE, "°C"),
                    Control("FUITES", "Absence de fuite en chaufferie"),
                ),
            ),
            VisitType(
                "VT-ENTRETIEN-CHAUFFERIE",
                "Entretien annuel des chaudières collectives",
                Periodicity.YEARLY,
                frozenset({ApplianceKind.BOILER}),
                duration_minutes=240,
                controls=(
                    Control("CO-FUMEES", "CO dans les fumées", ControlKind.MEASURE, "ppm"),
                    Control("RENDEMENT", "Rendement de combustion", ControlKind.MEASURE, "%"),
                    Control("RAMONAGE", "Ramonage du conduit"),
                    Control("SECURITES", "Vérification des organes de sécurité"),
                ),
            ),
        ),
        unit_ids=tuple(f"SITE-{number:02d}" for number, *_ in _SITES),
    )


def syndic(rng: random.Random) -> Bundle:
    """The syndic, its three sites and their site maintenance contracts."""
    out = Bundle(customers=[_customer()], ranges=[_range()])
    for number, name, street, postcode, sector, boilers, start, p2, p3 in _SITES:
        unit = f"SITE-{number:02d}"
        address = Address(street, postcode, "Lyon")
        out.units.append(
            ManagementUnit(
                id=unit,
                customer_id=CUSTOMER_ID,
                name=name,
                address=address,
                kind=UnitKind.SITE,
                code=f"COPRO-{number:03d}",
                sector=sector,
            )
        )
        out.buildings.append(Building(f"{unit}-B1", unit, "Bâtiment principal", address))
        count, power, model = boilers
        for n in range(1, count + 1):
            out.appliances.append(
                Appliance(
                    id=f"{unit}-CHF{n}",
                    unit_id=unit,
                    kind=ApplianceKind.BOILER,
                    location=Location.COLLECTIVE,
                    fuel=Fuel.GAS,
                    make="Viessmann",
                    model=model,
                    serial_number=f"VI{rng.randrange(10**10):010d}",
                    power_kw=Decimal(power),
                    installed_on=date(rng.randint(2008, 2016), 10, 1),
                    condensing=True,
                )
            )
        lines = [
            ServiceLine(
                id=f"{unit}-P2",
                label=f"P2 conduite et entretien de la chaufferie - {name}",
                unit_price=Timeline.constant(Decimal(p2), start),
                category=ServiceCategory.P2,
                vat_rate=VatRate.INTERMEDIATE,
                unlimited=True,
                range_id=RANGE_ID,
                unit_id=unit,
            )
        ]
        warranty = Warranty()
        if p3 is not None:
            warranty = Warranty(
                WarrantyLevel.PARTIAL,
                families=frozenset({"pieces-chauffage"}),
                locations=frozenset({Location.COLLECTIVE}),
                cap_per_year=Decimal("3000"),
            )
            lines.append(
                ServiceLine(
                    id=f"{unit}-P3",
                    label=f"P3 garantie partielle chaufferie (plafond 3 000 € par an) - {name}",
                    unit_price=Timeline.constant(Decimal(p3), start),
                    category=ServiceCategory.P3,
                    vat_rate=VatRate.INTERMEDIATE,
                    unit_id=unit,
                )
            )
        m0 = date(start.year, start.month - 1, 1)
        out.contracts.append(
            Contract(
                id=f"CT-SYN-{number:02d}",
                customer_id=CUSTOMER_ID,
                kind=ContractKind.SITE_MAINTENANCE,
                designation=f"Contrat d'entretien de la chaufferie collective - {name}",
                start=start,
                duration_months=12,
                reference=f"BG-{start.year}-{number:02d}",
                renewal=Renewal(RenewalKind.TACIT, period_months=12, notice_months=3),
                billing=BillingTerms(
                    periodicity=Periodicity.YEARLY,
                    term=BillingTerm.IN_ARREARS,
                    alignment=Alignment.ANNIVERSARY,
                    basis=BillingBasis.PRORATA,
                    prorata=ProrataConvention.ACTUAL_DAYS,
                    grouping=Grouping.CONTRACT,
                    payment=PaymentTerms(days=30),
                    series="FA",
                ),
                intervention=InterventionTerms(
                    levels=(
                        ResponseTime(
                            "URGENCE",
                            "Panne de chauffage collectif",
                            4,
                            DelayUnit.HOURS,
                            weekends_and_holidays=True,
                        ),
                        ResponseTime(
                            "NORMAL", "Intervention programmable", 2, DelayUnit.WORKING_DAYS
                        ),
                    )
                ),
                warranty=warranty,
                revision=RevisionClause(
                    reference_month=Period.month(m0.year, m0.month),
                    formula=revision_formula(),
                    current_selection=ValueSelection.lagged(1),
                    provisional_fallback=True,
                ),
                lines=tuple(lines),
                unit_ids=(unit,),
                range_ids=(RANGE_ID,),
            )
        )
    return out
