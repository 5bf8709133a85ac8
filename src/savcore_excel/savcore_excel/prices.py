"""Import a price schedule (bordereau de prix unitaires, BPU) from a spreadsheet.

Each sheet holding a price table is one version of the schedule; its application date, the
schedule's id and label may be written above the table as "Key : value" lines (that is how
:func:`savcore_excel.write_price_schedule` writes them) or given as arguments. All or nothing: a
single bad cell anywhere raises :class:`~savcore_excel.ImportFileError` listing every one.
"""

from __future__ import annotations

import os
from collections.abc import Mapping, Sequence
from datetime import date
from pathlib import Path
from typing import Any, Generic, TypeVar

import attrs

from savcore.errors import ValidationError
from savcore.model.catalog import PriceItem, PriceSchedule, PriceScheduleVersion
from savcore.money import VatRate
from savcore_excel import _table
from savcore_excel._cells import (
    CellError,
    code_value,
    date_value,
    money_value,
    text_value,
    vat_value,
)
from savcore_excel._container import ReadLimits
from savcore_excel._read import RawSheet, read_workbook
from savcore_excel._table import (
    Columns,
    Field,
    Table,
    TableRow,
    cell_of,
    find_table,
    read_columns,
    read_parameters,
    sort_cells,
)
from savcore_excel.errors import BadCell, ImportFileError, column_letter

__all__ = [
    "PRICE_FIELDS",
    "PRICE_PARAMETERS",
    "Imported",
    "import_price_schedule",
    "read_price_schedule",
]

T = TypeVar("T")


@attrs.frozen
class Imported(Generic[T]):
    """What an import produced: the ``value``, the ``source`` file and ``notes`` on what was
    skipped on purpose (total lines...), in French."""

    value: T
    source: str
    notes: tuple[str, ...] = ()


PRICE_FIELDS: tuple[Field, ...] = (
    Field(
        "code",
        "N° de prix",
        ("N° prix", "N°", "Numéro", "Numéro de prix", "Prix n°", "Code", "Code article",
         "Article", "N° article", "Réf", "Référence", "Repère", "Code prix", "Item"),
        code_value, required=True, mandatory=True,
    ),
    Field(
        "label",
        "Désignation",
        ("Libellé", "Description", "Désignation des ouvrages", "Désignation des prestations",
         "Intitulé", "Prestation", "Nature des prestations"),
        text_value, required=True, mandatory=True,
    ),
    Field("unit", "Unité", ("U", "Unité de mesure", "UM", "Unités"), text_value, required=True,
          mandatory=True, repeated=True),
    Field(
        "unit_price",
        "PU HT",
        ("Prix unitaire", "Prix unitaire HT", "P.U. HT", "PU", "PU H.T.", "Prix HT", "Prix",
         "Prix unitaire hors taxes", "Montant HT", "Prix en euros HT", "Tarif HT", "Tarif"),
        money_value, required=True, mandatory=True, value=True,
    ),
    Field("vat_rate", "TVA", ("Taux TVA", "Taux de TVA", "TVA %", "Taux"), vat_value, value=True,
          repeated=True),
    Field("family", "Famille", ("Famille de prix", "Famille de révision", "Lot"), code_value,
          repeated=True),
)  # fmt: skip
"""The columns of a price table; ``key`` is the name to use in ``mapping``."""

PRICE_PARAMETERS: dict[str, tuple[str, ...]] = {
    "schedule_id": ("Bordereau", "Identifiant du bordereau", "Code du bordereau", "BPU"),
    "label": ("Libellé du bordereau", "Intitulé du bordereau", "Objet"),
    "contract_id": ("Contrat", "Marché", "N° de marché"),
    "applies_from": (
        "Applicable à partir du", "Applicable du", "Date d'application", "Date d'effet",
        "En vigueur à partir du", "Prix applicables au", "Valable à partir du",
    ),
    "revision_id": ("Révision",),
}  # fmt: skip
"""The "Key : value" lines read above a price table (synonyms per parameter)."""


@attrs.frozen
class _Version:
    sheet: str
    applies_from: date | None
    revision_id: str | None
    items: tuple[PriceItem, ...]


def _parameter(
    params: Mapping[str, tuple[Any, int, int]], key: str, sheet: RawSheet, bad: list[BadCell]
) -> Any:
    if key not in params:
        return None
    raw, row, column = params[key]
    try:
        if key == "applies_from":
            return date_value(raw)
        return text_value(raw) if key == "label" else code_value(raw)
    except CellError as exc:
        bad.append(BadCell(sheet.name, row + 1, column_letter(column), raw, exc.reason))
        return None


def _items(
    table: Table, default_vat: VatRate, bad: list[BadCell], notes: list[str]
) -> tuple[PriceItem, ...]:
    columns = read_columns(table, PRICE_FIELDS, "code", notes)
    bad.extend(columns.bad)
    if not columns.numbers:
        bad.append(
            BadCell(
                table.sheet.name,
                table.header + 1,
                None,
                None,
                "aucune ligne de prix sous l'en-tête",
            )
        )
        return ()
    values = columns.values
    count = len(columns.numbers)
    codes = values["code"]
    if _table.FAST_PATHS and not columns.bad and len(set(codes)) == count:  # no duplicate
        vat_rates = values.get("vat_rate") or [default_vat] * count
        if None in vat_rates:
            vat_rates = [rate or default_vat for rate in vat_rates]
        items = PriceItem._many(
            codes,
            values["label"],
            values["unit"],
            values["unit_price"],
            vat_rates,
            values.get("family") or [None] * count,
            # parsed by code_value, text_value and money_value: of the fields' types and valid
            # (tests/excel/test_fast_paths.py); the VAT column may hold the caller's default
            checked=("code", "label", "unit", "unit_price", "family"),
        )
        if items is not None:
            return tuple(items)
    return _items_one_by_one(table, columns, default_vat, bad)


def _items_one_by_one(
    table: Table, columns: Columns, default_vat: VatRate, bad: list[BadCell]
) -> tuple[PriceItem, ...]:
    """The items row by row, each validated by PriceItem: duplicate codes and refused values
    reported (rows with a refused cell are left out)."""
    items: list[PriceItem] = []
    first_row: dict[str, int] = {}
    refused = {c.row for c in columns.bad}
    keys = list(columns.values)
    for number, *cells in zip(columns.numbers, *columns.values.values(), strict=True):
        row = TableRow(number, dict(zip(keys, cells, strict=True)))
        code = row.values["code"]
        if code is not None:
            if code in first_row:
                bad.append(
                    cell_of(table, row, "code", f"code en double (déjà ligne {first_row[code]})")
                )
                continue
            first_row[code] = row.number
        if row.number in refused:
            continue
        values = dict(row.values)
        values["vat_rate"] = values.get("vat_rate") or default_vat
        try:
            items.append(PriceItem(**values))
        except ValidationError as exc:
            bad.append(cell_of(table, row, exc.field, exc.reason))
    return tuple(items)


def import_price_schedule(
    path: str | os.PathLike[str],
    *,
    schedule_id: str | None = None,
    label: str | None = None,
    applies_from: date | None = None,
    contract_id: str | None = None,
    sheet: str | Sequence[str] | None = None,
    mapping: Mapping[str, str] | None = None,
    header_row: int | None = None,
    vat_rate: VatRate = VatRate.STANDARD,
    limits: ReadLimits | None = None,
) -> Imported[PriceSchedule]:
    """Read the price schedule of ``path`` (.xlsx, .xls or .ods), all or nothing.

    Every sheet holding a price table (or only ``sheet``) is one version. Arguments override what
    the file says above its tables: ``schedule_id`` (else the file's "Bordereau" line, else the
    file name), ``label``, ``contract_id``, ``applies_from`` (one-version files only; else each
    sheet's "Applicable à partir du" line). ``mapping`` maps a column key of
    :data:`PRICE_FIELDS` (``"code"``, ``"unit_price"``...) to the header text of the file;
    ``header_row`` (1-based) skips the header search; ``vat_rate`` applies where no VAT column
    or cell says otherwise.

    :raises ImportFileError: listing every bad cell, or why the file is refused.
    """
    return _import_price_schedule(
        Path(path),
        schedule_id=schedule_id,
        label=label,
        applies_from=applies_from,
        contract_id=contract_id,
        sheet=sheet,
        mapping=mapping,
        header_row=header_row,
        vat_rate=vat_rate,
        limits=limits,
    )


def _import_price_schedule(
    path: Path,
    *,
    schedule_id: str | None,
    label: str | None,
    applies_from: date | None,
    contract_id: str | None,
    sheet: str | Sequence[str] | None,
    mapping: Mapping[str, str] | None,
    header_row: int | None,
    vat_rate: VatRate,
    limits: ReadLimits | None,
) -> Imported[PriceSchedule]:
    names = [sheet] if isinstance(sheet, str) else sheet
    sheets = read_workbook(path, sheets=names, limits=limits)
    bad: list[BadCell] = []
    notes: list[str] = []
    missing_tables: list[BadCell] = []
    versions: list[_Version] = []
    found: dict[str, Any] = {}
    for raw in sheets:
        table = find_table(raw, PRICE_FIELDS, mapping=mapping, header_row=header_row)
        if isinstance(table, BadCell):
            missing_tables.append(table)
            continue
        params = read_parameters(raw, table.header, PRICE_PARAMETERS)
        for key in ("schedule_id", "label", "contract_id"):
            value = _parameter(params, key, raw, bad)
            if value is not None:
                found.setdefault(key, value)
        items = _items(table, vat_rate, bad, notes)
        versions.append(
            _Version(
                raw.name,
                _parameter(params, "applies_from", raw, bad),
                _parameter(params, "revision_id", raw, bad),
                items,
            )
        )
    if not versions or names is not None:
        bad.extend(missing_tables)
    if not versions and not missing_tables:
        bad.append(BadCell("", None, None, None, "aucune feuille de calcul dans le classeur"))
    if len(versions) == 1 and applies_from is not None:
        versions[0] = attrs.evolve(versions[0], applies_from=applies_from)
    for version in versions:
        if version.applies_from is None:
            bad.append(
                BadCell(
                    version.sheet,
                    None,
                    None,
                    None,
                    "date d'application inconnue : indiquez applies_from ou une ligne "
                    "« Applicable à partir du : JJ/MM/AAAA » au-dessus du tableau",
                )
            )
    if bad:
        raise ImportFileError(str(path), cells=sort_cells(bad, [s.name for s in sheets]))
    dated = sorted(
        ((v.applies_from, v) for v in versions if v.applies_from is not None), key=lambda p: p[0]
    )
    try:
        schedule = PriceSchedule(
            schedule_id or found.get("schedule_id") or path.stem,
            label or found.get("label") or path.stem,
            # every version's codes are unique here (a duplicate is a bad cell, refused above)
            tuple(PriceScheduleVersion._trusted(day, v.items, v.revision_id) for day, v in dated),
            contract_id or found.get("contract_id"),
        )
    except ValidationError as exc:
        raise ImportFileError(str(path), [str(exc)]) from None
    return Imported(schedule, str(path), tuple(notes))


def read_price_schedule(path: str | os.PathLike[str], **options: Any) -> PriceSchedule:
    """:func:`import_price_schedule` without the notes: the :class:`PriceSchedule` alone."""
    return import_price_schedule(path, **options).value
