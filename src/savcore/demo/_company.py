"""The demo's maintenance company, its technicians and the price indices it revises with."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from savcore.model import (
    Address,
    Index,
    IndexValue,
    Party,
    RevisionFormula,
    Technician,
    ValueStatus,
)
from savcore.periods import Period, add_months

__all__ = ["BT40_2018", "company", "index_values", "indices", "revision_formula", "technicians"]

BT40_2018 = (
    "105.90",
    "106.60",
    "106.70",
    "107.10",
    "107.40",
    "107.50",
    "107.80",
    "107.90",
    "108.20",
    "107.90",
    "108.10",
    "107.70",
)
"""BT40 (chauffage central, base 2010), January to December 2018, as published by INSEE."""

_AUGUST_2022 = {
    "BT01": "127.9",
    "BT38": "129.7",
    "BT40": "122.7",
    "BT41": "125.4",
    "BT47": "121.8",
    "BT50": "127.3",
}
"""August 2022 values, Journal officiel of 2022-10-15."""

_LABELS = {
    "BT01": "BT01 - Tous corps d'état",
    "BT38": "BT38 - Plomberie sanitaire (y compris appareils)",
    "BT40": "BT40 - Chauffage central (à l'exclusion du chauffage électrique)",
    "BT41": "BT41 - Ventilation et conditionnement d'air",
    "BT47": "BT47 - Électricité",
    "BT50": "BT50 - Rénovation-entretien tous corps d'état",
}


def company() -> Party:
    """Thermique Rhône Services, a SARL in Lyon: the seller on every invoice."""
    return Party(
        name="Thermique Rhône Services",
        address=Address("27 rue de la Villette", "69003", "Lyon"),
        siren="812345676",
        siret="81234567600017",
        vat_number="FR19812345676",
        legal_form="SARL",
        share_capital=Decimal("50000"),
        rcs="RCS Lyon 812 345 676",
        iban="FR7630004008120001023456796",
        bic="BNPAFRPPLYO",
        email="contact@thermique-rhone-services.fr",
        phone="0472334455",
    )


def technicians() -> list[Technician]:
    """Five technicians and the sectors they cover."""
    people = [
        ("TECH-01", "Karim Benali", ("LYON-EST", "VILLEURBANNE"), 4, "0671234501", "k.benali"),
        ("TECH-02", "Julie Perrin", ("LYON-SUD", "VENISSIEUX"), 4, "0671234502", "j.perrin"),
        ("TECH-03", "Thomas Garnier", ("LYON-OUEST", "LYON-NORD"), 4, "0671234503", "t.garnier"),
        ("TECH-04", "Sébastien Morel", ("EST-LYONNAIS", "VAULX"), 5, "0671234504", "s.morel"),
        ("TECH-05", "Nadia Chevalier", ("LYON-CENTRE", "COMMUNES"), 3, "0671234505", "n.chevalier"),
    ]
    return [
        Technician(
            id=ident,
            name=name,
            sectors=frozenset(sectors),
            visits_per_half_day=capacity,
            phone=phone,
            email=f"{login}@thermique-rhone-services.fr",
        )
        for ident, name, sectors, capacity, phone, login in people
    ]


def indices() -> list[Index]:
    """The BT building indices (base 2010) the demo contracts refer to."""
    return [
        Index(
            code=code,
            label=label,
            base="2010",
            insee_idbank="001710986" if code == "BT01" else None,
        )
        for code, label in _LABELS.items()
    ]


def index_values() -> list[IndexValue]:
    """BT40 for each month of 2018, published about 2.5 months after the month (the 15th of the
    third month after), and the August 2022 values of the JO of 15 October 2022."""
    values = [
        IndexValue(
            index="BT40",
            period=Period.month(2018, month),
            value=Decimal(text),
            published_on=add_months(date(2018, month, 15), 3),
            status=ValueStatus.FINAL,
            source="INSEE (reproduit par batirama.com) ; date de publication approchée",
        )
        for month, text in enumerate(BT40_2018, start=1)
    ]
    values += [
        IndexValue(
            index=code,
            period=Period.month(2022, 8),
            value=Decimal(text),
            published_on=date(2022, 10, 15),
            source="JO 2022-10-15",
        )
        for code, text in _AUGUST_2022.items()
    ]
    return values


def revision_formula() -> RevisionFormula:
    """The usual maintenance formula: ``0.15 + 0.85 × BT40/BT40₀``."""
    return RevisionFormula.single("BT40", Decimal("0.15"), label="Maintenance chauffage")
