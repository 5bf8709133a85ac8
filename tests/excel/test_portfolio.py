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


OCCUPANTS = [
    ["UG", "N° logement", "Locataire", "Téléphone", "Portable", "E-mail"],
    # a mobile typed as a number: the spreadsheet dropped its 0 (612345678 -> 0612345678)
    ["UG-01", "A101", "Mme Durand", "04 74 12 34 56", 612345678, "durand@example.fr"],
    ["UG-01", "A102", " M. Martin ", "01.23.45.67.89 / +33 (0)6 98 76 54 32", None, None],
    ["UG-01", "A103", None, None, "06 11 22 33 44", "a@example.fr; b@example.fr"],
    ["UG-01", "A104", None, None, None, None],
]


def test_occupants_with_their_phones_and_emails(tmp_path: Path) -> None:
    path = write_xlsx(tmp_path / "locataires.xlsx", {"Logements": OCCUPANTS})
    dwellings = {d.reference: d for d in read_sites(path).dwellings}
    durand = dwellings["A101"].occupant
    assert durand is not None
    assert (durand.name, durand.role, durand.phones, durand.emails) == (
        "Mme Durand", "occupant", ("0474123456", "0612345678"), ("durand@example.fr",),
    )  # fmt: skip
    martin = dwellings["A102"].occupant
    assert martin is not None
    assert (martin.name, martin.phones) == ("M. Martin", ("0123456789", "+33698765432"))
    # numbers without a name: the occupant is named after the dwelling
    nameless = dwellings["A103"].occupant
    assert nameless is not None
    assert (nameless.name, nameless.phones, nameless.emails) == (
        "Occupant du logement A103", ("0611223344",), ("a@example.fr", "b@example.fr"),
    )  # fmt: skip
    assert dwellings["A104"].occupant is None


def test_bad_phones_and_emails_are_bad_cells(tmp_path: Path) -> None:
    rows = [
        OCCUPANTS[0],
        ["UG-01", "A101", "Mme Durand", "12", None, None],
        ["UG-01", "A102", "M. Martin", None, 6.5, None],
        ["UG-01", "A103", "M. Petit", None, None, "petit.example.fr"],
        ["UG-01", "A104", "Mme Roux", None, None, 42],
    ]
    path = write_xlsx(tmp_path / "locataires.xlsx", {"Logements": rows})
    with pytest.raises(ImportFileError) as exc:
        read_sites(path)
    assert [(c.ref, c.reason) for c in exc.value.cells] == [
        ("D2", "Téléphone : numéro de téléphone invalide : « 12 »"),
        ("E3", "Portable : numéro de téléphone illisible (nombre à virgule)"),
        ("F4", "adresse e-mail invalide"),
        ("F5", "E-mail : adresse e-mail attendue"),
    ]
