"""Portfolio import: units, buildings, dwellings and appliances, every bad cell listed."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest

from savcore.model.sites import ApplianceKind, Fuel, Location
from savcore_excel import ImportFileError, import_sites, read_sites
from tests.excel.conftest import write_xlsx

UNITS = [
    ["Liste des résidences"],
    [],
    ["Code UG", "Nom", "Adresse", "CP", "Ville", "Client"],
    ["UG-01", "Les Tilleuls", "3 rue des Lilas", 1000, "Bourg-en-Bresse", "CUST-1"],
    ["UG-02", "Les Chênes", "5 avenue Foch", "69003", "Lyon", None],
]
DWELLINGS = [
    ["UG", "N° logement", "Bâtiment", "Étage", "Porte", "Date d'entrée"],
    ["UG-01", "A101", "A", "1", "G", "01/02/2024"],
    ["UG-01", "A102", "A", "1", "D", date(2024, 3, 1)],
    ["UG-02", "B1", None, "RDC", None, None],
]
APPLIANCES = [
    [
        "UG",
        "Logement",
        "Type d'appareil",
        "Énergie",
        "Marque",
        "Puissance (kW)",
        "Date de pose",
        "Condensation",
    ],
    [
        "UG-01",
        "A101",
        "Chaudière murale",
        "Gaz naturel",
        "Saunier Duval",
        "24,5",
        date(2015, 5, 1),
        "oui",
    ],
    ["UG-02", None, "Chaudière", "fioul", "De Dietrich", 350, None, "non"],
]


def test_units_dwellings_appliances(tmp_path: Path) -> None:
    path = write_xlsx(
        tmp_path / "parc.xlsx",
        {"Résidences": UNITS, "Logements": DWELLINGS, "Appareils": APPLIANCES},
    )
    sites = read_sites(path, customer_id="CUST-2")
    assert [(u.id, u.customer_id, u.address.postcode) for u in sites.units] == [
        ("UG-01", "CUST-1", "01000"),  # 01000 typed as a number keeps its zero
        ("UG-02", "CUST-2", "69003"),
    ]
    assert [(b.id, b.name) for b in sites.buildings] == [("UG-01-A", "A")]
    assert [(d.id, d.building_id, d.added_on) for d in sites.dwellings] == [
        ("UG-01-A101", "UG-01-A", date(2024, 2, 1)),
        ("UG-01-A102", "UG-01-A", date(2024, 3, 1)),
        ("UG-02-B1", None, None),
    ]
    boiler, collective = sites.appliances
    assert (boiler.dwelling_id, boiler.kind, boiler.fuel, boiler.power_kw, boiler.condensing) == (
        "UG-01-A101", ApplianceKind.BOILER, Fuel.GAS, Decimal("24.5"), True,
    )  # fmt: skip
    assert (collective.location, collective.fuel, collective.power_kw) == (
        Location.COLLECTIVE,
        Fuel.FUEL_OIL,
        Decimal(350),
    )
    assert sites.counts() == {"units": 2, "buildings": 1, "dwellings": 3, "appliances": 2}


def test_every_bad_cell_across_sheets(tmp_path: Path) -> None:
    dwellings = [
        *DWELLINGS,
        ["UG-09", "Z1", None, None, None, "31/02/2024"],
        ["UG-01", "A101", None, None, None, None],
    ]
    appliances = [
        *APPLIANCES,
        ["UG-01", "A999", "Grille-pain", "charbon", None, "-3", None, "peut-être"],
    ]
    path = write_xlsx(
        tmp_path / "parc.xlsx", {"UG": UNITS, "Logements": dwellings, "Appareils": appliances}
    )
    with pytest.raises(ImportFileError) as exc:
        import_sites(path, customer_id="CUST-2")
    assert [(c.sheet, c.ref, c.reason) for c in exc.value.cells] == [
        ("Logements", "F5", "Date d'entrée : date illisible (attendu JJ/MM/AAAA)"),
        ("Logements", "B6", "identifiant en double (déjà ligne 2)"),
        ("Appareils", "C4", "Type d'appareil : type d'appareil inconnu(e)"),
        ("Appareils", "D4", "Énergie : énergie inconnu(e)"),
        ("Appareils", "H4", "Condensation : oui ou non attendu"),
    ]


def test_unknown_unit_and_known_units(tmp_path: Path) -> None:
    path = write_xlsx(tmp_path / "l.xlsx", {"Logements": [DWELLINGS[0], ["UG-07", "L1"]]})
    with pytest.raises(ImportFileError, match="UG inconnue"):
        read_sites(path, known_units=["UG-01"])
    assert [d.id for d in read_sites(path, known_units=["UG-07"]).dwellings] == ["UG-07-L1"]


def test_a_unit_without_customer(tmp_path: Path) -> None:
    path = write_xlsx(tmp_path / "u.xlsx", {"UG": UNITS})
    with pytest.raises(ImportFileError, match="client inconnu"):
        read_sites(path)


def test_a_workbook_without_known_tables(tmp_path: Path) -> None:
    path = write_xlsx(tmp_path / "x.xlsx", {"Feuil1": [["Bonjour", "le", "monde"]]})
    with pytest.raises(ImportFileError, match="aucun tableau"):
        read_sites(path)
