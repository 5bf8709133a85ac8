"""Reports: typed columns with French labels, rows, totals; plain records, pandas, HTML, CSV, text.

A :class:`Report` is plain data. An ERP reads :meth:`Report.to_records`; a notebook shows it
(``_repr_html_``) or turns it into a DataFrame (:meth:`Report.to_pandas`, when pandas is installed);
the Excel adapter writes it with number formats taken from the column types.

>>> from decimal import Decimal
>>> report = Report(
...     "demo", "Montants par UG",
...     (Column("ug", "UG"), Column("montant", "Montant HT", ColumnType.MONEY, total=True)),
...     (("UG-01", Decimal("1250.00")), ("UG-02", Decimal("980.50"))),
... )
>>> report.totals()
{'montant': Decimal('2230.50')}
>>> print(report.render_text())
UG     Montant HT
-----  ----------
UG-01  1 250,00 €
UG-02    980,50 €
Total  2 230,50 €
"""

from __future__ import annotations

import csv
import enum
import html
import io
from collections.abc import Iterable, Sequence
from datetime import date, datetime
from decimal import Decimal
from typing import Any

import attrs

from savcore.errors import ValidationError
from savcore.money import format_euros

__all__ = ["Column", "ColumnType", "Report", "format_value"]


class ColumnType(enum.Enum):
    """What a column holds, which decides its checks, its French formatting and its Excel format."""

    TEXT = "text"
    INTEGER = "integer"
    DECIMAL = "decimal"
    MONEY = "money"
    """Euros, Decimal at the cent: ``1 234,56 €``."""
    RATE = "rate"
    """A ratio in [0, 1] shown as a percentage: ``0.9125`` -> ``91,25 %``."""
    DATE = "date"
    DATETIME = "datetime"
    BOOLEAN = "boolean"


_ACCEPTS: dict[ColumnType, tuple[type, ...]] = {
    ColumnType.TEXT: (str,),
    ColumnType.INTEGER: (int,),
    ColumnType.DECIMAL: (Decimal, int),
    ColumnType.MONEY: (Decimal, int),
    ColumnType.RATE: (Decimal, int),
    ColumnType.DATE: (date,),
    ColumnType.DATETIME: (datetime,),
    ColumnType.BOOLEAN: (bool,),
}

_SUMMABLE = frozenset({ColumnType.INTEGER, ColumnType.DECIMAL, ColumnType.MONEY})


@attrs.frozen
class Column:
    """A report column: its key (for records), its French label, its type, and whether the
    totals row sums it."""

    key: str
    label: str
    type: ColumnType = ColumnType.TEXT
    total: bool = False

    def __attrs_post_init__(self) -> None:
        if self.total and self.type not in _SUMMABLE:
            raise ValidationError(
                "total",
                self.type,
                "seule une colonne numérique se totalise",
                entity=f"Column {self.key!r}",
            )


def _group_thousands(digits: str) -> str:
    out: list[str] = []
    while len(digits) > 3:
        out.insert(0, digits[-3:])
        digits = digits[:-3]
    out.insert(0, digits)
    return " ".join(out)


def _french_number(value: Decimal | int, places: int | None) -> str:
    if places is not None:
        value = Decimal(value).quantize(Decimal(1).scaleb(-places))
    text = str(value) if isinstance(value, int) else format(value, "f")
    negative = text.startswith("-")
    text = text.lstrip("-")
    whole, _, fraction = text.partition(".")
    result = _group_thousands(whole) + ("," + fraction if fraction else "")
    return ("-" if negative else "") + result


def format_value(value: Any, type_: ColumnType) -> str:
    """``value`` as a French reader expects it (``1 234,56 €``, ``91,25 %``, ``15/02/2025``);
    ``None`` is an empty string."""
    if value is None:
        return ""
    if type_ is ColumnType.MONEY:
        return format_euros(Decimal(value))
    if type_ is ColumnType.RATE:
        return _french_number(Decimal(value) * 100, 2) + " %"
    if type_ in (ColumnType.DECIMAL, ColumnType.INTEGER):
        return _french_number(value, None)
    if type_ is ColumnType.DATETIME:
        return f"{value:%d/%m/%Y %H:%M}"
    if type_ is ColumnType.DATE:
        return f"{value:%d/%m/%Y}"
    if type_ is ColumnType.BOOLEAN:
        return "oui" if value else "non"
    return str(value)


def _rows(rows: Iterable[Iterable[Any]]) -> tuple[tuple[Any, ...], ...]:
    return tuple(tuple(row) for row in rows)


@attrs.frozen
class Report:
    """A named report: title, columns, rows (tuples in column order) and the parameters it was
    computed with (contract, period...), shown above the table."""

    name: str
    title: str
    columns: tuple[Column, ...]
    rows: tuple[tuple[Any, ...], ...] = attrs.field(converter=_rows)
    parameters: tuple[tuple[str, str], ...] = ()
    notes: tuple[str, ...] = ()

    def __attrs_post_init__(self) -> None:
        keys = [column.key for column in self.columns]
        if len(set(keys)) != len(keys):
            raise ValidationError(
                "columns", keys, "clés de colonnes en double", entity=f"Report {self.name!r}"
            )
        for i, row in enumerate(self.rows):
            if len(row) != len(self.columns):
                raise ValidationError(
                    f"rows[{i}]",
                    row,
                    f"{len(self.columns)} valeurs attendues",
                    entity=f"Report {self.name!r}",
                )
            for column, value in zip(self.columns, row, strict=True):
                if value is None:
                    continue
                accepted = _ACCEPTS[column.type]
                bad = (
                    not isinstance(value, accepted)
                    or (isinstance(value, bool) and column.type is not ColumnType.BOOLEAN)
                    or (column.type is ColumnType.DATE and isinstance(value, datetime))
                )
                if bad:
                    raise ValidationError(
                        f"rows[{i}].{column.key}",
                        value,
                        f"valeur de type {column.type.value} attendue",
                        entity=f"Report {self.name!r}",
                    )

    @property
    def keys(self) -> list[str]:
        """Column keys, in order."""
        return [column.key for column in self.columns]

    def column(self, key: str) -> Column:
        """The column ``key``."""
        for column in self.columns:
            if column.key == key:
                return column
        raise KeyError(key)

    def values(self, key: str) -> list[Any]:
        """Every row's value of column ``key``."""
        i = self.keys.index(key)
        return [row[i] for row in self.rows]

    def totals(self) -> dict[str, Decimal | int]:
        """Sum of each column marked ``total`` (``None`` cells count as zero)."""
        out: dict[str, Decimal | int] = {}
        for i, column in enumerate(self.columns):
            if column.total:
                zero: Decimal | int = 0 if column.type is ColumnType.INTEGER else Decimal("0.00")
                out[column.key] = sum((row[i] for row in self.rows if row[i] is not None), zero)
        return out

    def to_records(self) -> list[dict[str, Any]]:
        """Rows as dicts keyed by column key, values as they are (Decimal, date...)."""
        keys = self.keys
        return [dict(zip(keys, row, strict=True)) for row in self.rows]

    def to_pandas(self) -> Any:
        """A ``pandas.DataFrame`` with the French labels as column names (pandas is optional)."""
        try:
            import pandas as pd
        except ImportError:
            raise ImportError("pandas n'est pas installé : pip install 'savcore[pandas]'") from None
        return pd.DataFrame.from_records(list(self.rows), columns=[c.label for c in self.columns])

    def _formatted_rows(self, with_totals: bool) -> list[list[str]]:
        rows = [
            [format_value(v, c.type) for c, v in zip(self.columns, row, strict=True)]
            for row in self.rows
        ]
        totals = self.totals()
        if with_totals and totals:
            total_row = [
                format_value(totals[c.key], c.type) if c.key in totals else "" for c in self.columns
            ]
            if not total_row[0]:
                total_row[0] = "Total"
            rows.append(total_row)
        return rows

    def render_text(self) -> str:
        """An aligned text table (numbers right-aligned) with a totals row, for the command line."""
        header = [c.label for c in self.columns]
        body = self._formatted_rows(with_totals=True)
        widths = [max([len(h)] + [len(r[i]) for r in body]) for i, h in enumerate(header)]
        right = [c.type in _SUMMABLE or c.type is ColumnType.RATE for c in self.columns]

        def line(cells: Sequence[str]) -> str:
            return "  ".join(
                cell.rjust(w) if r else cell.ljust(w)
                for cell, w, r in zip(cells, widths, right, strict=True)
            ).rstrip()

        out = [line(header), line(["-" * w for w in widths])]
        out.extend(line(row) for row in body)
        return "\n".join(out)

    def to_csv(self) -> str:
        """CSV text, ``;``-separated with decimal commas (what French spreadsheets open directly);
        raw values, no currency sign."""
        buffer = io.StringIO()
        writer = csv.writer(buffer, delimiter=";", lineterminator="\n")
        writer.writerow([c.label for c in self.columns])
        for row in self.rows:
            cells = []
            for value in row:
                if value is None:
                    cells.append("")
                elif isinstance(value, Decimal):
                    cells.append(format(value, "f").replace(".", ","))
                elif isinstance(value, (date, datetime)):
                    cells.append(value.isoformat())
                elif isinstance(value, bool):
                    cells.append("oui" if value else "non")
                else:
                    cells.append(str(value))
            writer.writerow(cells)
        return buffer.getvalue()

    def to_json_records(self) -> list[dict[str, Any]]:
        """Records with JSON-safe values (Decimal and dates as strings)."""
        out = []
        for record in self.to_records():
            safe: dict[str, Any] = {}
            for key, value in record.items():
                if isinstance(value, Decimal):
                    safe[key] = str(value)
                elif isinstance(value, (date, datetime)):
                    safe[key] = value.isoformat()
                else:
                    safe[key] = value
            out.append(safe)
        return out

    def _repr_html_(self) -> str:
        """An HTML table for notebooks (Jupyter calls it)."""
        head = "".join(f"<th>{html.escape(c.label)}</th>" for c in self.columns)
        body_rows = self._formatted_rows(with_totals=True)
        n = len(self.rows)
        body = []
        for i, row in enumerate(body_rows):
            tag = "th" if i >= n else "td"
            cells = "".join(
                f'<{tag} style="text-align:{"right" if c.type in _SUMMABLE or c.type is ColumnType.RATE else "left"}">'
                f"{html.escape(cell)}</{tag}>"
                for c, cell in zip(self.columns, row, strict=True)
            )
            body.append(f"<tr>{cells}</tr>")
        params = "".join(
            f"<li>{html.escape(k)} : {html.escape(v)}</li>" for k, v in self.parameters
        )
        caption = f"<caption>{html.escape(self.title)}</caption>"
        return (
            f'<div class="savcore-report">{"<ul>" + params + "</ul>" if params else ""}'
            f"<table>{caption}<thead><tr>{head}</tr></thead><tbody>{''.join(body)}</tbody></table></div>"
        )

    def plot(self, x: str, y: str, *, ax: Any = None) -> Any:
        """A bar chart of column ``y`` per ``x`` (matplotlib is optional); returns the axes."""
        try:
            import matplotlib.pyplot as plt
        except ImportError:
            raise ImportError("matplotlib n'est pas installé : pip install matplotlib") from None
        if ax is None:
            _, ax = plt.subplots(figsize=(max(6.0, len(self.rows) * 0.4), 4.0))
        values = [float(v) if v is not None else 0.0 for v in self.values(y)]
        labels = [str(v) for v in self.values(x)]
        ax.bar(labels, values)
        ax.set_title(self.title)
        ax.set_xlabel(self.column(x).label)
        ax.set_ylabel(self.column(y).label)
        if self.column(y).type is ColumnType.RATE:
            ax.set_ylim(0, 1)
        ax.tick_params(axis="x", labelrotation=60)
        return ax
