"""Find the table in a sheet and read its rows: header detection, column mapping, row kinds.

A sheet as people make it: a title (often merged across the table), a few "Key : value" lines
(client, market, date), blank rows, then the header row, then the data, with chapter headings
("2. CHAUFFAGE"), blank rows and perhaps a total line in the middle or at the end.

- The **header row** is the row among the first :data:`HEADER_SCAN` that names the most known
  columns (French synonyms, compared without accents, case, punctuation or a unit in brackets:
  ``N° prix``, ``N°PRIX``, ``Prix unitaire HT (€)``...) and names every required one. It can be
  forced (``header_row``, 1-based) and any column can be mapped by its header text (``mapping``).
- Below it, a row is **empty** (skipped), a **total line** (a cell reads ``Total``, ``Sous-total``,
  ``Montant total``...: skipped and reported), a **heading** (no key and no value: skipped), or a
  **data row**, whose cells are parsed; every refused cell is collected, none raises alone.
- **Merged cells** are refused in the header and in data rows (a value spread over several rows or
  columns is ambiguous); merged titles and headings are fine. **Formulas** are refused in value
  columns (prices, rates, dates): the engine would give a cached value that may be stale.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable, Iterable, Mapping, Sequence
from operator import itemgetter
from typing import Any

import attrs

from savcore_excel._cells import CellError, bulk_parser, code_value, is_empty
from savcore_excel._read import Grid, RawSheet, column_below
from savcore_excel.errors import BadCell, column_letter

__all__ = [
    "FAST_PATHS",
    "HEADER_SCAN",
    "Columns",
    "Field",
    "Table",
    "TableRow",
    "cell_of",
    "find_table",
    "normalize",
    "read_columns",
    "read_parameters",
    "read_rows",
    "sort_cells",
]

HEADER_SCAN = 30
"""How many rows from the top are searched for the header row."""


def normalize(text: str) -> str:
    """A header as compared: no accents, lower case, no bracketed unit, words only.

    >>> normalize("N° Prix"), normalize("Prix unitaire H.T. (€)"), normalize("Désignation ")
    ('n prix', 'prix unitaire ht', 'designation')
    """
    text = re.sub(r"\([^)]*\)|\[[^\]]*\]", " ", text)
    decomposed = unicodedata.normalize("NFKD", text)
    plain = "".join(c for c in decomposed if not unicodedata.combining(c)).lower()
    plain = plain.replace("€", " ").replace("œ", "oe").replace(".", "")  # H.T. -> ht
    words = re.findall(r"[a-z0-9]+", plain)
    while words and words[-1] in ("en", "eur", "euro", "euros"):
        words.pop()
    return " ".join(words)


@attrs.frozen
class Field:
    """A column the importer knows: ``key`` (the name in ``mapping``), a French ``label`` for
    messages, header ``synonyms``, the cell ``parse`` function, whether the column must exist
    (``required``), whether a data row must fill it (``mandatory``), and whether it holds a
    value (``value``: refused as a formula; a row with a value but no key is not a heading), and
    whether its values repeat from row to row (``repeated``: each distinct value parsed once)."""

    key: str
    label: str
    synonyms: tuple[str, ...]
    parse: Callable[[Any], Any]
    required: bool = False
    mandatory: bool = False
    value: bool = False
    repeated: bool = False

    @property
    def normalized(self) -> frozenset[str]:
        """The synonyms, normalized."""
        return frozenset(normalize(s) for s in (self.label, *self.synonyms))


@attrs.frozen
class Table:
    """Where a table sits in a sheet: header row (0-based) and column of each found field."""

    sheet: RawSheet
    header: int
    columns: Mapping[str, int]


@attrs.frozen
class TableRow:
    """A data row: its 1-based number and the parsed value of every mapped field (``None`` when
    empty or refused)."""

    number: int
    values: Mapping[str, Any]


def _match_row(
    row: Sequence[Any], fields: Sequence[Field], mapping: Mapping[str, str]
) -> dict[str, int]:
    wanted = {key: normalize(text) for key, text in mapping.items()}
    found: dict[str, int] = {}
    for index, cell in enumerate(row):
        if not isinstance(cell, str) or not cell.strip():
            continue
        header = normalize(cell)
        for field in fields:
            if field.key in found:
                continue
            hit = header == wanted[field.key] if field.key in wanted else header in field.normalized
            if hit:
                found[field.key] = index
                break
    return found


def find_table(
    sheet: RawSheet,
    fields: Sequence[Field],
    *,
    mapping: Mapping[str, str] | None = None,
    header_row: int | None = None,
) -> Table | BadCell:
    """Locate the header of ``sheet``: the table, or a :class:`BadCell` saying what is missing."""
    mapping = dict(mapping or {})
    unknown = sorted(set(mapping) - {f.key for f in fields})
    if unknown:
        known = ", ".join(f.key for f in fields)
        return BadCell(
            sheet.name,
            None,
            None,
            unknown,
            f"colonne(s) inconnue(s) dans mapping ; connues : {known}",
        )
    required = [f for f in fields if f.required]
    if header_row is not None:
        candidates = [header_row - 1] if 0 < header_row <= len(sheet.rows) else []
    else:
        candidates = list(range(min(HEADER_SCAN, len(sheet.rows))))
    best: tuple[int, dict[str, int]] | None = None
    for index in candidates:
        found = _match_row(sheet.rows[index], fields, mapping)
        if best is None or len(found) > len(best[1]):
            best = (index, found)
        if all(f.key in found for f in required) and len(found) >= len(best[1]):
            return Table(sheet, index, found)
    if not any(not is_empty(c) for row in sheet.rows for c in row):
        return BadCell(sheet.name, None, None, None, "feuille vide : aucune donnée")
    missing = ", ".join(
        f"« {mapping.get(f.key, f.label)} »"
        for f in required
        if best is None or f.key not in best[1]
    )
    where = (
        f"ligne {header_row}" if header_row is not None else f"les {HEADER_SCAN} premières lignes"
    )
    row = best[0] + 1 if best and best[1] else None
    hint = f" (ligne {row} la plus proche)" if row else ""
    return BadCell(
        sheet.name,
        row,
        None,
        None,
        f"en-tête introuvable dans {where} : colonne(s) {missing} absente(s){hint} ; "
        "renommez la colonne ou indiquez-la avec mapping",
    )


_TOTAL = re.compile(r"^(sous[- ]?)?total\b|^montant total\b|^total general\b", re.IGNORECASE)


def _merged_rows(sheet: RawSheet) -> dict[int, list[str]]:
    """Merged ranges by every row they cover, as ``A5:C5`` texts."""
    out: dict[int, list[str]] = {}
    for (r0, c0), (r1, c1) in sheet.merged:
        text = f"{column_letter(c0)}{r0 + 1}:{column_letter(c1)}{r1 + 1}"
        for row in range(r0, r1 + 1):
            out.setdefault(row, []).append(text)
    return out


FAST_PATHS = True
"""Whether :func:`read_columns` (and the importers) take their bulk paths when they can; the tests
turn it off to check that both paths give the same result and the same bad cells."""


@attrs.frozen
class Columns:
    """The data rows of a table, column by column: their 1-based ``numbers``, the parsed
    ``values`` of every mapped field (lists aligned with ``numbers``; ``None`` where empty or
    refused), and every refused cell (``bad``)."""

    numbers: list[int]
    values: dict[str, list[Any]]
    bad: list[BadCell]


def read_rows(
    table: Table, fields: Sequence[Field], key: str, notes: list[str]
) -> tuple[list[TableRow], list[BadCell]]:
    """Parse every data row of ``table``; ``key`` is the field whose emptiness marks a heading.

    Returns the data rows and every refused cell; skipped total lines are described in ``notes``.
    :func:`read_columns` gives the same, column by column.
    """
    columns = read_columns(table, fields, key, notes)
    keys = list(columns.values)
    rows = [
        TableRow(number, dict(zip(keys, values, strict=True)))
        for number, *values in zip(columns.numbers, *columns.values.values(), strict=True)
    ]
    return rows, columns.bad


def read_columns(table: Table, fields: Sequence[Field], key: str, notes: list[str]) -> Columns:
    """Parse every data row of ``table`` (see :func:`read_rows`), column by column.

    Two steps: which rows are data rows (all of them at once when every row below the header
    has its key and a value, else row by row: empty rows, total lines, headings, merged cells),
    then each mapped column is parsed (at once by the parser's bulk form or by a memo of its
    distinct values when every cell is clean, else cell by cell, each refused cell reported).
    """
    sheet, columns = table.sheet, table.columns
    merged = _merged_rows(sheet)
    bad: list[BadCell] = []
    if table.header in merged:
        bad.extend(
            BadCell(sheet.name, table.header + 1, None, text, "cellules fusionnées dans l'en-tête")
            for text in merged[table.header]
        )
    by_key = {f.key: f for f in fields}
    mapped = [(by_key[k], c) for k, c in columns.items()]
    value_columns = [c for f, c in mapped if f.value]
    width = max(columns.values()) + 1
    clean = _clean_rows(table, columns[key], value_columns, width, merged) if FAST_PATHS else None
    known: dict[str, list[Any]] = {}
    if clean is not None:
        raws, keys = clean
        if by_key[key].parse is code_value:
            known[key] = keys
        start = table.header + 1
        indexes: Sequence[int] = range(start, start + len(keys))
        numbers = list(range(start + 1, start + 1 + len(keys)))
    else:
        indexes = _data_rows(table, columns[key], value_columns, width, merged, bad, notes)
        numbers = [index + 1 for index in indexes]
        data = [_padded(sheet.rows, index, width) for index in indexes]
        raws = {c: list(map(itemgetter(c), data)) for c in set(columns.values())}
    values: dict[str, list[Any]] = {}
    for field, column in mapped:
        if field.key in known:  # the keys of clean rows, already read
            values[field.key] = known[field.key]
        else:
            values[field.key] = _parse_column(sheet, indexes, raws[column], field, column, bad)
    return Columns(numbers, values, bad)


def _padded(rows: Sequence[Sequence[Any]], index: int, width: int) -> Sequence[Any]:
    row = rows[index] if index < len(rows) else []
    if len(row) < width:
        row = [*row, *([""] * (width - len(row)))]
    return row


_TOTAL_LINES = re.compile(_TOTAL.pattern, re.IGNORECASE | re.MULTILINE)


def _clean_rows(
    table: Table,
    key_column: int,
    value_columns: Sequence[int],
    width: int,
    merged: Mapping[int, list[str]],
) -> tuple[dict[int, list[Any]], list[str]] | None:
    """The cells of the mapped columns below the header, by column, and the keys as
    :func:`code_value` reads them, when every row is plainly a data row, checked column-wise:
    full width, a key as non-blank text that is no total label, a value column with no empty
    cell, no merged range and no formula below the sheet's last row. ``None`` when any row is
    otherwise: :func:`_data_rows` then looks at each row."""
    sheet = table.sheet
    start = table.header + 1
    if not value_columns or any(row >= start for row in merged):
        return None
    if any(r >= len(sheet.rows) for r, _ in sheet.formulas):
        return None
    rows = sheet.rows
    if len(rows) <= start:
        return None  # nothing to gain
    if isinstance(rows, Grid):
        if rows.width < width:
            return None
    elif min(map(len, rows[start:])) < width:
        return None
    raws = {c: column_below(rows, c, start) for c in set(table.columns.values())}
    if set(map(type, raws[key_column])) != {str}:
        return None
    keys = list(map(str.strip, raws[key_column]))
    if not all(keys):
        return None
    # each key a line: a key matches _TOTAL only if "total" (any case) is in it, and a line
    # matches _TOTAL_LINES if its key does (a key with a line break then "Total" too: row by row)
    lines = "\n".join(keys)
    if "total" in lines.lower() and _TOTAL_LINES.search(lines):
        return None
    for column in value_columns:
        cells = raws[column]
        kinds = set(map(type, cells))
        if type(None) in kinds:
            continue
        if str not in kinds or all(map(str.strip, (c for c in cells if type(c) is str))):
            return raws, keys  # no empty value in this column: no row is a heading
    return None


def _data_rows(
    table: Table,
    key_column: int,
    value_columns: Sequence[int],
    width: int,
    merged: Mapping[int, list[str]],
    bad: list[BadCell],
    notes: list[str],
) -> list[int]:
    """The 0-based indexes of the data rows, row by row: empty rows and headings skipped, total
    lines skipped and noted, merged cells reported."""
    sheet = table.sheet
    formulas = sheet.formulas
    last = max([len(sheet.rows), *(r + 1 for r, _ in formulas)])  # formulas with no value
    out: list[int] = []
    for index in range(table.header + 1, last):
        row = _padded(sheet.rows, index, width)
        has_formula = bool(formulas) and any((index, c) in formulas for c in value_columns)
        key_text = code_value(row[key_column])
        if key_text is None or _TOTAL.match(key_text):
            if not has_formula and all(is_empty(c) for c in row):
                continue
            texts = (code_value(c) for c in row if isinstance(c, str))
            if any(t and _TOTAL.match(t) for t in texts):
                notes.append(
                    f"feuille « {sheet.name} », ligne {index + 1} : ligne de total ignorée"
                )
                continue
        if (
            not has_formula
            and all(is_empty(row[c]) for c in value_columns)
            and (key_text is None or sum(not is_empty(c) for c in row) == 1)
        ):
            continue  # a chapter heading ("1. ENTRETIEN"), a note, a merged title
        if merged and index in merged:
            bad.extend(
                BadCell(sheet.name, index + 1, None, text, "cellules fusionnées dans le tableau")
                for text in merged[index]
            )
        out.append(index)
    return out


def _parse_column(
    sheet: RawSheet,
    indexes: Sequence[int],
    raws: list[Any],
    field: Field,
    column: int,
    bad: list[BadCell],
) -> list[Any]:
    """The parsed values of one column of data rows (0-based ``indexes``, ``raws`` their cells)."""
    formulas = sheet.formulas
    if field.value and formulas:
        in_formula = any((index, column) in formulas for index in indexes)
    else:
        in_formula = False
    if FAST_PATHS and not in_formula:
        parsed = _parse_clean_column(raws, field)
        if parsed is not None:
            return parsed
    return _parse_cells(sheet, indexes, raws, field, column, bad)


def _parse_clean_column(raws: list[Any], field: Field) -> list[Any] | None:
    """The column parsed at once when no cell is refused (and, for a mandatory field, none is
    empty); ``None`` otherwise, and :func:`_parse_cells` says which cells are wrong."""
    if not raws:
        return []
    try:
        if field.repeated:  # parse each distinct value once
            kinds = set(map(type, raws))
            alike = len(kinds) == 1  # then equal cells are alike (0, 0.0 and False are not)
            keys: list[Any] = raws if alike else list(zip(map(type, raws), raws, strict=True))
            distinct = set(keys)
            memo = {k: _parse_raw(field, k if alike else k[1]) for k in distinct}
            if len(memo) == 1:
                out = [memo.popitem()[1]] * len(raws)
            else:
                out = list(map(memo.__getitem__, keys))
        else:
            bulk = bulk_parser(field.parse)
            if bulk is not None:
                found = bulk(raws)
                if found is not None:
                    return found  # a bulk form gives no None
            out = [_parse_raw(field, raw) for raw in raws]
    except (CellError, TypeError):  # TypeError: an unhashable value, parsed cell by cell
        return None
    if field.mandatory and None in out:
        return None
    return out


def _parse_raw(field: Field, raw: Any) -> Any:
    return None if raw == "" else field.parse(raw)  # calamine's empty cell: no parser call


def _parse_cells(
    sheet: RawSheet,
    indexes: Sequence[int],
    raws: list[Any],
    field: Field,
    column: int,
    bad: list[BadCell],
) -> list[Any]:
    """The column parsed cell by cell, every refused cell reported (formula in a value column,
    value the parser refuses, mandatory value missing)."""
    formulas = sheet.formulas
    memo: dict[Any, Any] | None = {} if field.repeated else None
    out: list[Any] = []
    for index, raw in zip(indexes, raws, strict=True):
        out.append(None)
        if field.value and formulas and (index, column) in formulas:
            bad.append(
                BadCell(
                    sheet.name,
                    index + 1,
                    column_letter(column),
                    raw,
                    f"{field.label} : formule refusée, une valeur est attendue "
                    "(copiez puis collage spécial > valeurs)",
                )
            )
            continue
        try:
            if raw == "":  # calamine's empty cell: no parser call
                pass
            elif memo is None:
                out[-1] = field.parse(raw)
            else:  # a repeated value (unit, VAT rate, family): parsed once
                memo_key = (type(raw), raw)  # 0, 0.0 and False are equal, not alike
                found = memo.get(memo_key, memo)
                if found is memo:
                    found = memo[memo_key] = field.parse(raw)
                out[-1] = found
        except CellError as exc:
            bad.append(
                BadCell(
                    sheet.name,
                    index + 1,
                    column_letter(column),
                    raw,
                    f"{field.label} : {exc.reason}",
                )
            )
            continue
        if out[-1] is None and field.mandatory:
            bad.append(
                BadCell(
                    sheet.name,
                    index + 1,
                    column_letter(column),
                    None,
                    f"{field.label} manquant(e)",
                )
            )
    return out


def sort_cells(cells: Iterable[BadCell], sheets: Sequence[str]) -> list[BadCell]:
    """``cells`` in reading order: sheet by sheet (in ``sheets`` order), row by row, column by
    column; whole-sheet problems first."""
    order = {name: i for i, name in enumerate(sheets)}

    def key(cell: BadCell) -> tuple[int, int, int, str]:
        column = cell.column or ""
        return (order.get(cell.sheet, -1), cell.row or 0, len(column), column)

    return sorted(cells, key=key)


def cell_of(table: Table, row: TableRow, key: str, reason: str) -> BadCell:
    """A :class:`BadCell` for field ``key`` of ``row`` (the row alone when the column is absent)."""
    column = table.columns.get(key)
    value = row.values.get(key)
    letter = column_letter(column) if column is not None else None
    return BadCell(table.sheet.name, row.number, letter, value, reason)


def read_parameters(
    sheet: RawSheet, above: int, labels: Mapping[str, Iterable[str]]
) -> dict[str, tuple[Any, int, int]]:
    """ "Key : value" lines above row ``above`` (0-based): for each key of ``labels`` whose
    synonyms name a cell, the next non-empty cell on its right, with its row and column."""
    wanted = {key: {normalize(s) for s in synonyms} for key, synonyms in labels.items()}
    found: dict[str, tuple[Any, int, int]] = {}
    for r in range(min(above, len(sheet.rows))):
        row = sheet.rows[r]
        for c, cell in enumerate(row):
            if not isinstance(cell, str):
                continue
            name = normalize(cell)
            for key, synonyms in wanted.items():
                if key in found or name not in synonyms:
                    continue
                for c2 in range(c + 1, len(row)):
                    if not is_empty(row[c2]):
                        found[key] = (row[c2], r, c2)
                        break
    return found
