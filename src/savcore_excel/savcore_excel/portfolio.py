"""Import management units (UG, résidences), buildings, dwellings and appliances from a workbook.

Each sheet is recognised by its header (and its name: « Logements », « Appareils »...): a sheet of
units, of buildings, of dwellings or of appliances; sheets that are none of these are ignored.
References are by the file's own codes: a dwelling names its UG, an appliance its UG and its
dwelling (by reference within the UG, or by id). All or nothing, every bad cell listed.

Ids: a dwelling without an id column gets ``{UG}-{reference}``; an appliance without one gets
``{dwelling or UG id}-{n}``; a building named by dwellings but absent from a buildings sheet is
created as ``{UG}-{building}``.

Occupants: a dwellings sheet may name the occupant (« Locataire ») and give phone numbers
(« Téléphone », « Portable ») and e-mail addresses; they become the dwelling's occupant
:class:`~savcore.model.parties.Contact`, phones normalized so that an incoming call finds the
dwelling (CTI). A cell may hold several numbers or addresses (``01 23 45 67 89 / 06 12 34 56
78``); a mobile number typed as a number (``612345678``: the spreadsheet dropped its leading 0)
gets its 0 back.
"""

from __future__ import annotations

import os
import re
from collections.abc import Callable, Collection, Mapping, Sequence
from functools import partial
from pathlib import Path
from typing import Any

import attrs

from savcore.errors import ValidationError
from savcore.model.parties import Address, Contact, normalize_phone
from savcore.model.portfolio import Portfolio
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
from savcore_excel._cells import (
    CellError,
    boolean_value,
    code_value,
    date_value,
    decimal_value,
    is_empty,
    text_value,
)
from savcore_excel._container import ReadLimits
from savcore_excel._read import read_workbook
from savcore_excel._table import (
    Field,
    Table,
    TableRow,
    cell_of,
    find_table,
    normalize,
    read_rows,
    sort_cells,
)
from savcore_excel.errors import BadCell, ImportFileError
from savcore_excel.prices import Imported

__all__ = [
    "APPLIANCE_FIELDS",
    "BUILDING_FIELDS",
    "DWELLING_FIELDS",
    "UNIT_FIELDS",
    "Sites",
    "import_sites",
    "read_sites",
]


def _postcode(value: Any) -> str | None:
    """A postcode typed as a number loses its leading zero (01000 -> 1000): put it back."""
    number = isinstance(value, (int, float)) and not isinstance(value, bool)
    if number and 0 < value < 100_000 and float(value).is_integer():
        return f"{int(value):05d}"
    return code_value(value)


_LIST_SEPARATORS = re.compile(r"\s*(?:[/;,\n]|\bet\b|\bou\b)\s*")


def _phones(value: Any) -> tuple[str, ...] | None:
    """Phone numbers, normalized (digits, ``+`` kept): several in one cell separated by ``/``,
    ``;``, ``,``, a line break, « et » or « ou ». A number cell of 9 digits is a French number whose
    leading 0 the spreadsheet dropped (``612345678`` -> ``0612345678``)."""
    if is_empty(value):
        return None
    if isinstance(value, bool) or not isinstance(value, (int, float, str)):
        raise CellError("numéro de téléphone attendu")
    if isinstance(value, str):
        texts = [t for t in _LIST_SEPARATORS.split(value.strip()) if t]
    elif isinstance(value, float) and not value.is_integer():
        raise CellError("numéro de téléphone illisible (nombre à virgule)")
    else:
        digits = str(int(value))
        texts = ["0" + digits if len(digits) == 9 else digits]
    found: list[str] = []
    for text in texts:
        try:
            found.append(normalize_phone(text))
        except ValidationError:
            raise CellError(f"numéro de téléphone invalide : « {text} »") from None
    return tuple(dict.fromkeys(found))


def _emails(value: Any) -> tuple[str, ...] | None:
    """E-mail addresses, several in one cell separated by blanks, ``;`` or ``,`` (each checked
    when the occupant is built)."""
    if is_empty(value):
        return None
    if not isinstance(value, str):
        raise CellError("adresse e-mail attendue")
    return tuple(dict.fromkeys(a for a in re.split(r"[\s;,]+", value.strip()) if a))


def _choice(words: Mapping[str, Any], what: str) -> Callable[[Any], Any]:
    table = {normalize(k): v for k, v in words.items()}

    def parse(value: Any) -> Any:
        text = code_value(value)
        if text is None:
            return None
        key = normalize(text)
        if key in table:
            return table[key]
        for word, result in table.items():  # "Chaudière gaz murale" -> chaudière
            if key.startswith(word + " "):
                return result
        raise CellError(f"{what} inconnu(e)")

    return parse


_KINDS = _choice(
    {
        "chaudière": ApplianceKind.BOILER, "chaudiere": ApplianceKind.BOILER,
        "chauffe-eau": ApplianceKind.WATER_HEATER, "chauffe-bain": ApplianceKind.WATER_HEATER,
        "ballon": ApplianceKind.WATER_HEATER, "cumulus": ApplianceKind.WATER_HEATER,
        "vmc": ApplianceKind.VMC, "pompe à chaleur": ApplianceKind.HEAT_PUMP,
        "pac": ApplianceKind.HEAT_PUMP, "climatiseur": ApplianceKind.AIR_CONDITIONER,
        "climatisation": ApplianceKind.AIR_CONDITIONER, "sous-station": ApplianceKind.SUBSTATION,
        "radiateur": ApplianceKind.RADIATOR, "émetteur": ApplianceKind.RADIATOR,
        "autre": ApplianceKind.OTHER, **{k.value: k for k in ApplianceKind},
    },
    "type d'appareil",
)  # fmt: skip
_FUELS = _choice(
    {
        "gaz": Fuel.GAS, "gaz naturel": Fuel.GAS, "propane": Fuel.PROPANE, "fioul": Fuel.FUEL_OIL,
        "fuel": Fuel.FUEL_OIL, "bois": Fuel.WOOD, "granulés": Fuel.WOOD,
        "électricité": Fuel.ELECTRICITY, "électrique": Fuel.ELECTRICITY,
        "chauffage urbain": Fuel.DISTRICT_HEATING, "réseau de chaleur": Fuel.DISTRICT_HEATING,
        "aucune": Fuel.NONE, **{k.value: k for k in Fuel},
    },
    "énergie",
)  # fmt: skip
_LOCATIONS = _choice(
    {
        "logement": Location.DWELLING, "individuel": Location.DWELLING,
        "collectif": Location.COLLECTIVE, "chaufferie": Location.COLLECTIVE,
        "parties communes": Location.COLLECTIVE, **{k.value: k for k in Location},
    },
    "emplacement",
)  # fmt: skip
_UNIT_KINDS = _choice(
    {"résidence": UnitKind.RESIDENCE, "ug": UnitKind.RESIDENCE, "site": UnitKind.SITE,
     **{k.value: k for k in UnitKind}},
    "type d'UG",
)  # fmt: skip

_UG = ("UG", "Code UG", "N° UG", "Unité de gestion", "Code résidence", "Résidence", "Code groupe")

UNIT_FIELDS: tuple[Field, ...] = (
    Field("id", "Code UG", ("UG", "N° UG", "Code résidence", "Code groupe", "Code site",
                            "Identifiant", "Unité de gestion"), code_value, required=True, mandatory=True),
    Field("name", "Nom", ("Résidence", "Nom de la résidence", "Nom du site", "Libellé",
                          "Désignation", "Site"), code_value, required=True, mandatory=True),
    Field("line1", "Adresse", ("Adresse 1", "Rue", "Voie"), code_value, required=True, mandatory=True),
    Field("line2", "Complément d'adresse", ("Adresse 2",), code_value),
    Field("postcode", "Code postal", ("CP",), _postcode, required=True, mandatory=True),
    Field("city", "Ville", ("Commune", "Localité"), code_value, required=True, mandatory=True),
    Field("customer_id", "Client", ("Code client", "Bailleur", "Syndic"), code_value),
    Field("kind", "Type", ("Type d'UG", "Nature"), _UNIT_KINDS),
    Field("sector", "Secteur", ("Secteur technicien",), code_value),
)  # fmt: skip
"""Columns of a units sheet (UG, résidences, sites)."""

BUILDING_FIELDS: tuple[Field, ...] = (
    Field("id", "Code bâtiment", ("N° bâtiment", "Identifiant bâtiment", "Id bâtiment"),
          code_value, required=True, mandatory=True),
    Field("unit_id", "UG", _UG[1:], code_value, required=True, mandatory=True),
    Field("name", "Bâtiment", ("Nom", "Nom du bâtiment", "Libellé", "Cage", "Escalier"), code_value),
)  # fmt: skip
"""Columns of a buildings sheet."""

DWELLING_FIELDS: tuple[Field, ...] = (
    Field("reference", "N° logement", ("Logement", "Référence", "Réf logement", "N° de logement",
                                       "Numéro de logement", "Référence logement"),
          code_value, required=True, mandatory=True),
    Field("unit_id", "UG", _UG[1:], code_value, required=True, mandatory=True),
    Field("id", "Identifiant logement", ("Id logement", "Code logement"), code_value),
    Field("building_id", "Bâtiment", ("Code bâtiment", "N° bâtiment", "Cage", "Escalier"), code_value),
    Field("floor", "Étage", ("Niveau",), code_value),
    Field("door", "Porte", ("N° de porte",), code_value),
    Field("line1", "Adresse", ("Adresse 1", "Rue"), code_value),
    Field("postcode", "Code postal", ("CP",), _postcode),
    Field("city", "Ville", ("Commune",), code_value),
    Field("added_on", "Date d'entrée", ("Entrée", "Date d'intégration", "Date de livraison",
                                        "Entrée dans le contrat"), date_value, value=True),
    Field("withdrawn_on", "Date de sortie", ("Sortie", "Date de retrait", "Sortie du contrat"),
          date_value, value=True),
    Field("occupant", "Locataire", ("Occupant", "Nom du locataire", "Nom de l'occupant",
                                    "Nom occupant", "Résident", "Nom du résident"), text_value),
    Field("phone", "Téléphone", ("Tél", "Tel", "Téléphone locataire", "Tél locataire",
                                 "N° de téléphone", "Téléphone fixe", "Tél fixe"), _phones),
    Field("mobile", "Portable", ("Mobile", "Téléphone portable", "Tél portable",
                                 "Téléphone mobile", "Tél mobile"), _phones),
    Field("email", "E-mail", ("Email", "Mail", "Courriel", "Adresse e-mail", "Adresse mail",
                              "E-mail locataire"), _emails),
)  # fmt: skip
"""Columns of a dwellings sheet."""

APPLIANCE_FIELDS: tuple[Field, ...] = (
    Field("kind", "Type d'appareil", ("Appareil", "Équipement", "Type", "Nature de l'appareil"),
          _KINDS, required=True, mandatory=True),
    Field("unit_id", "UG", _UG[1:], code_value),
    Field("dwelling", "Logement", ("N° logement", "Référence logement", "Identifiant logement"),
          code_value),
    Field("id", "N° appareil", ("Identifiant appareil", "Code appareil", "Id appareil"), code_value),
    Field("location", "Emplacement", ("Localisation",), _LOCATIONS),
    Field("fuel", "Énergie", ("Combustible", "Energie"), _FUELS),
    Field("make", "Marque", ("Fabricant",), code_value),
    Field("model", "Modèle", ("Référence modèle",), code_value),
    Field("serial_number", "N° de série", ("Numéro de série", "Série"), code_value),
    Field("power_kw", "Puissance", ("Puissance kW", "Puissance nominale", "P kW"), decimal_value,
          value=True),
    Field("installed_on", "Date de pose", ("Date d'installation", "Mise en service",
                                           "Date de mise en service", "Installé le"),
          date_value, value=True),
    Field("condensing", "Condensation", ("À condensation", "Chaudière à condensation"),
          boolean_value),
)  # fmt: skip
"""Columns of an appliances sheet."""

_SPECS: dict[str, tuple[tuple[Field, ...], str, tuple[str, ...]]] = {
    "appliances": (APPLIANCE_FIELDS, "kind", ("appareil", "equipement", "parc")),
    "dwellings": (DWELLING_FIELDS, "reference", ("logement",)),
    "buildings": (BUILDING_FIELDS, "id", ("batiment", "cage")),
    "units": (UNIT_FIELDS, "id", ("ug", "residence", "unite", "site")),
}


@attrs.frozen
class Sites:
    """The units, buildings, dwellings and appliances read from a workbook."""

    units: tuple[ManagementUnit, ...] = ()
    buildings: tuple[Building, ...] = ()
    dwellings: tuple[Dwelling, ...] = ()
    appliances: tuple[Appliance, ...] = ()

    def added_to(self, portfolio: Portfolio) -> Portfolio:
        """A copy of ``portfolio`` with these objects appended (check it with ``validate()``)."""
        return attrs.evolve(
            portfolio,
            units=portfolio.units + self.units,
            buildings=portfolio.buildings + self.buildings,
            dwellings=portfolio.dwellings + self.dwellings,
            appliances=portfolio.appliances + self.appliances,
        )

    def counts(self) -> dict[str, int]:
        """Number of objects of each kind."""
        return {
            "units": len(self.units),
            "buildings": len(self.buildings),
            "dwellings": len(self.dwellings),
            "appliances": len(self.appliances),
        }


def _pick_sheets(sheets: Sequence[Any]) -> tuple[dict[str, Table], list[BadCell]]:
    tables: dict[str, Table] = {}
    misses: list[BadCell] = []
    for raw in sheets:
        sheet_name = normalize(raw.name)
        candidates = []
        for spec, (fields, _key, hints) in _SPECS.items():
            table = find_table(raw, fields)
            if isinstance(table, BadCell):
                continue
            hinted = any(h in sheet_name.split() or sheet_name.startswith(h) for h in hints)
            candidates.append((not hinted, -len(table.columns), spec, table))
        candidates = [c for c in candidates if c[2] not in tables]
        if candidates:
            _, _, spec, table = min(candidates, key=lambda c: (c[0], c[1]))
            tables[spec] = table
        elif all(is_empty(c) for row in raw.rows for c in row):
            misses.append(BadCell(raw.name, None, None, None, "feuille vide : aucune donnée"))
    return tables, misses


def _address(
    values: Mapping[str, Any], table: Table, row: TableRow, bad: list[BadCell], required: bool
) -> Address | None:
    parts = {k: values.get(k) for k in ("line1", "postcode", "city")}
    if not required and all(v is None for v in parts.values()):
        return None
    missing = [k for k, v in parts.items() if v is None]
    if missing:
        for key in missing:
            bad.append(cell_of(table, row, key, "adresse incomplète (adresse, code postal, ville)"))
        return None
    try:
        return Address(
            str(parts["line1"]), str(parts["postcode"]), str(parts["city"]), values.get("line2")
        )
    except ValidationError as exc:
        bad.append(cell_of(table, row, exc.field, exc.reason))
        return None


def _occupant(
    values: Mapping[str, Any], table: Table, row: TableRow, bad: list[BadCell]
) -> tuple[bool, Contact | None]:
    """Whether the occupant cells of a dwelling row are good (the refused one is reported in
    ``bad``), and the occupant (``None`` when the row names none). Phone numbers without a name
    are the occupant's still: the contact is then named after the dwelling."""
    phones = (*(values.get("phone") or ()), *(values.get("mobile") or ()))
    emails = values.get("email") or ()
    name = values.get("occupant")
    if name is None and not phones and not emails:
        return True, None
    if name is None:
        name = f"Occupant du logement {values['reference']}"
    try:
        return True, Contact(name.strip(), "occupant", tuple(dict.fromkeys(phones)), emails)
    except ValidationError as exc:
        column = "email" if exc.field.startswith("emails") else "occupant"
        bad.append(cell_of(table, row, column, exc.reason))
        return False, None


def _build(
    table: Table,
    row: TableRow,
    bad: list[BadCell],
    make: Callable[[], Any],
    field_of: Mapping[str, str] | None = None,
) -> Any:
    try:
        return make()
    except ValidationError as exc:
        key = (field_of or {}).get(exc.field, exc.field)
        bad.append(cell_of(table, row, key, exc.reason))
        return None


def _unique(
    table: Table, row: TableRow, key: str, value: str, seen: dict[str, int], bad: list[BadCell]
) -> bool:
    if value in seen:
        bad.append(cell_of(table, row, key, f"identifiant en double (déjà ligne {seen[value]})"))
        return False
    seen[value] = row.number
    return True


def import_sites(
    path: str | os.PathLike[str],
    *,
    customer_id: str | None = None,
    known_units: Collection[str] = (),
    sheet: str | Sequence[str] | None = None,
    limits: ReadLimits | None = None,
) -> Imported[Sites]:
    """Read the units, buildings, dwellings and appliances of ``path``, all or nothing.

    ``customer_id`` is the customer of units whose row names none; ``known_units`` are unit ids
    that dwellings and appliances may name besides the file's own units (those already in the
    store). ``sheet`` restricts the import to some sheets.

    :raises ImportFileError: listing every bad cell, or why the file is refused.
    """
    path = Path(path)
    names = [sheet] if isinstance(sheet, str) else sheet
    sheets = read_workbook(path, sheets=names, limits=limits)
    tables, bad = _pick_sheets(sheets)
    notes: list[str] = []
    if not tables:
        if not bad:
            bad.append(
                BadCell(
                    sheets[0].name if sheets else "",
                    None,
                    None,
                    None,
                    "aucun tableau d'UG, de bâtiments, de logements ou d'appareils reconnu "
                    "(en-têtes attendus : « Code UG », « N° logement », « Type d'appareil »...)",
                )
            )
        raise ImportFileError(str(path), cells=bad)
    rows: dict[str, list[TableRow]] = {}
    for spec, table in tables.items():
        fields, key, _ = _SPECS[spec]
        rows[spec], cells = read_rows(table, fields, key, notes)
        bad.extend(cells)
    refused = {(c.sheet, c.row) for c in bad}

    def ok(spec: str, row: TableRow) -> bool:
        return (tables[spec].sheet.name, row.number) not in refused

    units: list[ManagementUnit] = []
    seen: dict[str, int] = {}
    for row in rows.get("units", []):
        table, v = tables["units"], row.values
        if not _unique(table, row, "id", v["id"], seen, bad) or not ok("units", row):
            continue
        owner = v.get("customer_id") or customer_id
        if owner is None:
            bad.append(
                cell_of(
                    table, row, "customer_id", "client inconnu : colonne « Client » ou customer_id"
                )
            )
            continue
        address = _address(v, table, row, bad, required=True)
        if address is None:
            continue
        unit = _build(table, row, bad, partial(
            ManagementUnit, v["id"], owner, v["name"], address,
            v.get("kind") or UnitKind.RESIDENCE, sector=v.get("sector")))  # fmt: skip
        if unit is not None:
            units.append(unit)
    unit_ids = set(known_units) | set(seen)
    check_units = bool(unit_ids) or "units" in tables

    def unit_known(spec: str, row: TableRow, value: str | None) -> bool:
        if value is None or not check_units or value in unit_ids:
            return True
        bad.append(cell_of(tables[spec], row, "unit_id", "UG inconnue"))
        return False

    buildings: list[Building] = []
    building_ids: dict[str, int] = {}
    for row in rows.get("buildings", []):
        table, v = tables["buildings"], row.values
        if not _unique(table, row, "id", v["id"], building_ids, bad) or not ok("buildings", row):
            continue
        if not unit_known("buildings", row, v["unit_id"]):
            continue
        building = _build(
            table, row, bad, partial(Building, v["id"], v["unit_id"], v.get("name") or v["id"])
        )
        if building is not None:
            buildings.append(building)

    dwellings: list[Dwelling] = []
    dwelling_ids: dict[str, int] = {}
    by_reference: dict[tuple[str, str], str] = {}
    for row in rows.get("dwellings", []):
        table, v = tables["dwellings"], row.values
        ident = v.get("id") or (
            f"{v['unit_id']}-{v['reference']}" if v["unit_id"] and v["reference"] else None
        )
        if ident is None or not ok("dwellings", row):
            continue
        if not _unique(
            table, row, "id" if "id" in table.columns else "reference", ident, dwelling_ids, bad
        ):
            continue
        if not unit_known("dwellings", row, v["unit_id"]):
            continue
        building_id = v.get("building_id")
        if building_id is not None and "buildings" in tables:
            if building_id not in building_ids:
                bad.append(cell_of(table, row, "building_id", "bâtiment inconnu"))
                continue
        elif building_id is not None:
            name, building_id = building_id, f"{v['unit_id']}-{building_id}"
            if building_id not in building_ids:
                building_ids[building_id] = row.number
                buildings.append(Building(building_id, v["unit_id"], name))
        address = _address(v, table, row, bad, required=False)
        good, occupant = _occupant(v, table, row, bad)
        if not good:
            continue
        dwelling = _build(table, row, bad, partial(
            Dwelling, ident, v["unit_id"], v["reference"], building_id, address, v.get("floor"),
            v.get("door"), occupant, added_on=v.get("added_on"),
            withdrawn_on=v.get("withdrawn_on")))  # fmt: skip
        if dwelling is not None:
            dwellings.append(dwelling)
            by_reference[(v["unit_id"], v["reference"])] = ident

    appliances: list[Appliance] = []
    appliance_ids: dict[str, int] = {}
    counters: dict[str, int] = {}
    for row in rows.get("appliances", []):
        table, v = tables["appliances"], row.values
        if not ok("appliances", row):
            continue
        unit_id, dwelling = v.get("unit_id"), v.get("dwelling")
        dwelling_id = None
        if dwelling is not None:
            dwelling_id = by_reference.get((unit_id or "", dwelling)) or (
                dwelling if dwelling in dwelling_ids else None
            )
            if dwelling_id is None:
                bad.append(cell_of(table, row, "dwelling", "logement inconnu"))
                continue
            if unit_id is None:
                unit_id = next(d.unit_id for d in dwellings if d.id == dwelling_id)
        if unit_id is None:
            bad.append(cell_of(table, row, "unit_id", "UG manquante"))
            continue
        if not unit_known("appliances", row, unit_id):
            continue
        location = v.get("location") or (Location.DWELLING if dwelling_id else Location.COLLECTIVE)
        owner_key = dwelling_id or unit_id
        counters[owner_key] = counters.get(owner_key, 0) + 1
        ident = v.get("id") or f"{owner_key}-{counters[owner_key]}"
        if not _unique(table, row, "id", ident, appliance_ids, bad):
            continue
        appliance = _build(
            table, row, bad,
            partial(
                Appliance, ident, unit_id, v["kind"], location, dwelling_id, v.get("fuel") or Fuel.GAS,
                v.get("make"), v.get("model"), v.get("serial_number"), v.get("power_kw"),
                v.get("installed_on"), v.get("condensing")),
            {"dwelling_id": "dwelling"},
        )  # fmt: skip
        if appliance is not None:
            appliances.append(appliance)

    if bad:
        raise ImportFileError(str(path), cells=sort_cells(bad, [s.name for s in sheets]))
    sites = Sites(tuple(units), tuple(buildings), tuple(dwellings), tuple(appliances))
    return Imported(sites, str(path), tuple(notes))


def read_sites(path: str | os.PathLike[str], **options: Any) -> Sites:
    """:func:`import_sites` without the notes."""
    return import_sites(path, **options).value
