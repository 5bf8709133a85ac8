"""The built-in index source: index values from CSV or JSON files, and the ``file`` index
provider plugin (hook ``savcore_index_providers``).

CSV: one publication per row, comma or semicolon separated, decimal point or comma, with a
header naming the columns in English or in French::

    index;period;value;published_on;status;source
    BT40;2018-12;107,70;2019-03-15;final;JO

(``indice;periode;valeur;publie_le;statut;source`` works too; ``status`` and ``source`` are
optional; periods are ``2018-12``, ``2018-Q4``/``2018-T4`` or ``2018``; status ``final``,
``définitif``, ``A`` or ``provisional``, ``provisoire``, ``P``.)

JSON: ``{"indices": [{"code": "BT40", "label": "...", "base": "2010", ...}], "values": [{"index":
"BT40", "period": "2018-12", "value": "107.70", "published_on": "2019-03-15"}]}``. Numbers are
read as exact decimals.

Every bad row or entry is reported at once in a :class:`~savcore.errors.DataFormatError`.
"""

from __future__ import annotations

import csv
import io
import json
import os
import re
from collections.abc import Sequence
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Any

from savcore.errors import DataFormatError, NotFoundError, SavcoreError
from savcore.hookspecs import hookimpl
from savcore.model.indices import Index, IndexFrequency, IndexValue, ValueStatus
from savcore.money import to_decimal
from savcore.periods import Period

__all__ = [
    "FILES_ENV_VAR",
    "FileIndexProvider",
    "parse_index_csv",
    "parse_index_json",
    "parse_period",
    "parse_status",
    "read_index_file",
    "savcore_index_providers",
]

FILES_ENV_VAR = "SAVCORE_INDEX_FILES"
"""Files read by the ``file`` provider registered by default (separated by ``os.pathsep``)."""

_MONTH = re.compile(r"^(\d{4})-(\d{2})$")
_QUARTER = re.compile(r"^(\d{4})-[QT]([1-4])$")
_YEAR = re.compile(r"^(\d{4})$")

_STATUS = {
    "final": ValueStatus.FINAL,
    "définitif": ValueStatus.FINAL,
    "definitif": ValueStatus.FINAL,
    "a": ValueStatus.FINAL,
    "provisional": ValueStatus.PROVISIONAL,
    "provisoire": ValueStatus.PROVISIONAL,
    "p": ValueStatus.PROVISIONAL,
}

_COLUMNS = {
    "index": "index",
    "indice": "index",
    "period": "period",
    "periode": "period",
    "période": "period",
    "value": "value",
    "valeur": "value",
    "published_on": "published_on",
    "publie_le": "published_on",
    "publié_le": "published_on",
    "status": "status",
    "statut": "status",
    "source": "source",
}


def parse_period(text: str) -> Period:
    """``2018-12`` (month), ``2018-Q4`` or ``2018-T4`` (quarter), ``2018`` (year)."""
    text = text.strip()
    try:
        if m := _MONTH.match(text):
            return Period.month(int(m[1]), int(m[2]))
        if m := _QUARTER.match(text):
            year, quarter = int(m[1]), int(m[2])
            return IndexFrequency.QUARTERLY.period_containing(date(year, 3 * quarter - 2, 1))
        if _YEAR.match(text):
            return Period.year(int(text))
    except ValueError:
        pass  # 2019-13, 2019-Q5: matched the shape, not a real period
    raise ValueError(f"période illisible {text!r} (attendu 2018-12, 2018-Q4 ou 2018)")


def parse_status(text: str) -> ValueStatus:
    """``final``/``définitif``/``A`` or ``provisional``/``provisoire``/``P``."""
    try:
        return _STATUS[text.strip().lower()]
    except KeyError:
        raise ValueError(f"statut inconnu {text!r} (définitif ou provisoire)") from None


def _decimal(text: object, field: str) -> Decimal:
    if isinstance(text, str):
        text = text.strip().replace("\u202f", "").replace(" ", "").replace(",", ".")
    return to_decimal(text, field=field)


def _value(row: dict[str, Any], default_source: str) -> IndexValue:
    status = row.get("status") or "final"
    return IndexValue(
        index=str(row["index"]).strip(),
        period=parse_period(str(row["period"])),
        value=_decimal(row["value"], "value"),
        published_on=date.fromisoformat(str(row["published_on"]).strip()),
        status=parse_status(str(status)),
        source=str(row.get("source") or default_source),
    )


def parse_index_csv(text: str, *, source: str = "CSV") -> tuple[IndexValue, ...]:
    """The index values of a CSV text (see the module docstring for the columns)."""
    body = text.lstrip("\ufeff")
    first = body.split("\n", 1)[0]
    delimiter = ";" if first.count(";") > first.count(",") else ","
    reader = csv.reader(io.StringIO(body), delimiter=delimiter)
    rows = list(reader)
    if not rows:
        raise DataFormatError(source, ["fichier vide"])
    header = [_COLUMNS.get(h.strip().lower(), h.strip()) for h in rows[0]]
    missing = [c for c in ("index", "period", "value", "published_on") if c not in header]
    if missing:
        raise DataFormatError(source, [f"ligne 1 : colonne(s) manquante(s) : {', '.join(missing)}"])
    values: list[IndexValue] = []
    problems: list[str] = []
    for n, cells in enumerate(rows[1:], start=2):
        if not any(c.strip() for c in cells):
            continue
        row = dict(zip(header, cells, strict=False))
        try:
            values.append(_value(row, source))
        except (SavcoreError, ValueError, KeyError) as exc:
            problems.append(f"ligne {n} : {exc}")
    if problems:
        raise DataFormatError(source, problems)
    return tuple(values)


def _index(entry: dict[str, Any]) -> Index:
    k = entry.get("linking_coefficient")
    return Index(
        code=entry["code"],
        label=entry.get("label", entry["code"]),
        frequency=IndexFrequency(entry.get("frequency", "monthly")),
        base=str(entry.get("base", "")),
        insee_idbank=entry.get("insee_idbank"),
        publisher=entry.get("publisher", "INSEE"),
        successor=entry.get("successor"),
        linking_coefficient=None if k is None else _decimal(k, "linking_coefficient"),
    )


def parse_index_json(
    text: str, *, source: str = "JSON"
) -> tuple[tuple[Index, ...], tuple[IndexValue, ...]]:
    """The indices and index values of a JSON text (see the module docstring)."""
    try:
        data = json.loads(text, parse_float=Decimal)
    except json.JSONDecodeError as exc:
        raise DataFormatError(source, [f"JSON illisible : {exc}"]) from None
    if isinstance(data, list):
        data = {"values": data}
    if not isinstance(data, dict):
        raise DataFormatError(source, ["$ : un objet {indices, values} est attendu"])
    indices: list[Index] = []
    values: list[IndexValue] = []
    problems: list[str] = []
    for i, entry in enumerate(data.get("indices", [])):
        try:
            indices.append(_index(entry))
        except (SavcoreError, ValueError, KeyError, TypeError) as exc:
            problems.append(f"$.indices[{i}] : {exc}")
    for i, entry in enumerate(data.get("values", [])):
        try:
            values.append(_value(entry, source))
        except (SavcoreError, ValueError, KeyError, TypeError) as exc:
            problems.append(f"$.values[{i}] : {exc}")
    if problems:
        raise DataFormatError(source, problems)
    return tuple(indices), tuple(values)


def read_index_file(path: Path | str) -> tuple[tuple[Index, ...], tuple[IndexValue, ...]]:
    """Indices and values of a ``.csv`` or ``.json`` file (a CSV declares no index)."""
    path = Path(path)
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as exc:
        raise DataFormatError(str(path), [f"lecture impossible : {exc.strerror or exc}"]) from None
    suffix = path.suffix.lower()
    if suffix == ".csv":
        return (), parse_index_csv(text, source=str(path))
    if suffix == ".json":
        return parse_index_json(text, source=str(path))
    raise DataFormatError(str(path), [f"format non pris en charge {suffix!r} (.csv ou .json)"])


class FileIndexProvider:
    """Index provider reading CSV/JSON files (name ``file``).

    ``paths`` are read at each :meth:`fetch`; with none given, the files listed in the
    environment variable ``SAVCORE_INDEX_FILES`` are.
    """

    name = "file"

    def __init__(self, paths: Sequence[Path | str] = ()) -> None:
        self.paths = tuple(Path(p) for p in paths)

    def _paths(self) -> tuple[Path, ...]:
        if self.paths:
            return self.paths
        listed = os.environ.get(FILES_ENV_VAR, "")
        return tuple(Path(p) for p in listed.split(os.pathsep) if p)

    def fetch(self, index_codes: Sequence[str], start: date, end: date) -> list[IndexValue]:
        """Publications of ``index_codes`` for periods starting in ``[start, end)``."""
        wanted = set(index_codes)
        seen: set[str] = set()
        found: list[IndexValue] = []
        for path in self._paths():
            indices, values = read_index_file(path)
            seen.update(i.code for i in indices)
            for value in values:
                seen.add(value.index)
                if value.index in wanted and start <= value.period.start < end:
                    found.append(value)
        unknown = sorted(wanted - seen)
        if unknown:
            raise NotFoundError(
                "indice",
                unknown[0],
                context="absent des fichiers d'indices : " + ", ".join(unknown),
            )
        return found


@hookimpl
def savcore_index_providers() -> list[FileIndexProvider]:
    """The built-in ``file`` provider (files from ``SAVCORE_INDEX_FILES``)."""
    return [FileIndexProvider()]
