"""Turn raw cell values into savcore values: text, exact decimals, prices, VAT rates, dates.

Cells come either typed (a number, a date) or as text typed by hand in French style (``12,50 €``,
``1 234,50``, ``5,5 %``, ``01/02/2025``). Every parser returns ``None`` for an empty cell and
raises :class:`CellError` (a French reason) for a value it cannot take.

A number stored by the spreadsheet as a binary float becomes the shortest decimal that reads
back as the same float (``repr``): a cell showing ``12.5`` gives ``Decimal("12.5")``, never
``12.4999...``.

Some parsers also have a **bulk** form (:func:`bulk_parser`) that converts a whole column at once
for the common clean case (every cell of the expected type, none empty, none refused) with
C-level ``map`` calls, and gives up (``None``) otherwise: the caller then parses the column cell
by cell with the parser itself, which says what is wrong with each cell. A bulk form gives exactly
what the parser gives, cell for cell (``tests/excel/test_fast_paths.py``).

>>> decimal_value("1 234,50 €"), decimal_value(12.5), decimal_value("1.234,5")
(Decimal('1234.50'), Decimal('12.5'), Decimal('1234.5'))
>>> vat_value("5,5 %"), vat_value(0.2)
(<VatRate.REDUCED: '5.5'>, <VatRate.STANDARD: '20'>)
>>> date_value("01/02/2025")
datetime.date(2025, 2, 1)
"""

from __future__ import annotations

import decimal
import math
import operator
import re
from collections.abc import Callable
from datetime import date, datetime, timedelta
from decimal import Decimal, InvalidOperation
from itertools import repeat
from typing import Any

from savcore.money import VatRate

__all__ = [
    "BulkParser",
    "CellError",
    "boolean_value",
    "bulk_parser",
    "code_value",
    "date_value",
    "decimal_value",
    "is_empty",
    "money_value",
    "text_value",
    "vat_value",
]


class CellError(ValueError):
    """A cell value that a parser cannot take; ``reason`` is French."""

    def __init__(self, reason: str) -> None:
        self.reason = reason
        super().__init__(reason)


def is_empty(value: Any) -> bool:
    """Whether a raw cell is empty (``None``, ``""`` or blank text)."""
    return value is None or (isinstance(value, str) and not value.strip())


def _float_decimal(value: float) -> Decimal:
    if not math.isfinite(value):
        raise CellError("nombre non fini")
    if value.is_integer() and abs(value) < 1e15:
        return Decimal(int(value))  # 350.0 -> 350, not 350.0
    return Decimal(repr(value))


def text_value(value: Any) -> str | None:
    """A cell as text, kept as typed (a label): numbers typed in a text column (``101`` or
    ``1.1``) give ``"101"`` and ``"1.1"``; dates give ``"2025-02-01"``; blank is ``None``."""
    if is_empty(value):
        return None
    if isinstance(value, str):
        return value
    if isinstance(value, bool):
        return "oui" if value else "non"
    if isinstance(value, float):
        if value.is_integer() and abs(value) < 1e15:
            return str(int(value))
        return str(_float_decimal(value))
    if isinstance(value, datetime) and value.time() == datetime.min.time():
        return value.date().isoformat()
    if isinstance(value, date):
        return value.isoformat()
    return str(value)


_SPACES = re.compile(r"[\s\u00a0\u202f\u2009'’]+")
_CURRENCY = re.compile(r"(€|eur(?:os?)?|ht)\.?$", re.IGNORECASE)
_GROUPED_DOT = re.compile(r"\d{1,3}(?:\.\d{3})+")
_GROUPED_COMMA = re.compile(r"\d{1,3}(?:,\d{3})+")
_PLAIN = re.compile(r"\d*(?:\.\d+)?")


def _parse_number(text: str) -> Decimal:
    """French (or plain) decimal text to Decimal: ``-1 234,50``, ``1.234,50``, ``12.5``."""
    body = _SPACES.sub("", text)
    while True:  # "12,50 € HT", "12,50 EUR"
        stripped = _CURRENCY.sub("", body)
        if stripped == body:
            break
        body = stripped
    negative = False
    if body.startswith("(") and body.endswith(")"):
        negative, body = True, body[1:-1]
    if body[:1] in ("-", "−"):
        negative, body = True, body[1:]
    elif body[:1] == "+":
        body = body[1:]
    if "," in body and "." in body:
        if body.rfind(",") > body.rfind("."):  # 1.234,50
            whole, _, fraction = body.rpartition(",")
            if not _GROUPED_DOT.fullmatch(whole):
                raise CellError("nombre illisible")
            body = whole.replace(".", "") + "." + fraction
        else:  # 1,234.50
            whole, _, fraction = body.rpartition(".")
            if not _GROUPED_COMMA.fullmatch(whole):
                raise CellError("nombre illisible")
            body = whole.replace(",", "") + "." + fraction
    elif body.count(",") == 1:
        body = body.replace(",", ".")
    elif body.count(",") > 1:
        raise CellError("nombre illisible (plusieurs virgules)")
    elif body.count(".") > 1:
        if not _GROUPED_DOT.fullmatch(body):
            raise CellError("nombre illisible")
        body = body.replace(".", "")
    if not body or not _PLAIN.fullmatch(body) or body == ".":
        raise CellError("texte à la place d'un nombre")
    try:
        result = Decimal(body)
    except InvalidOperation:  # pragma: no cover - the pattern above excludes it
        raise CellError("nombre illisible") from None
    return -result if negative else result


def code_value(value: Any) -> str | None:
    """A code or an id: :func:`text_value` without surrounding blanks (``" 1.1 "`` -> ``"1.1"``)."""
    text = text_value(value)
    return text.strip() if text is not None else None


def decimal_value(value: Any) -> Decimal | None:
    """An exact decimal from a number cell or French text (``1 234,50``, ``12,50 €``)."""
    if is_empty(value):
        return None
    if isinstance(value, bool):
        raise CellError("case à cocher (vrai/faux) à la place d'un nombre")
    if isinstance(value, int):
        return Decimal(value)
    if isinstance(value, float):
        return _float_decimal(value)
    if isinstance(value, str):
        if "%" in value:
            raise CellError("pourcentage à la place d'un nombre")
        return _parse_number(value.strip())
    if isinstance(value, (date, timedelta)):
        raise CellError("date ou durée à la place d'un nombre")
    raise CellError(f"valeur de type {type(value).__name__} à la place d'un nombre")


_CENT = Decimal("0.01")
_MAX_AMOUNT = Decimal(10**15)
"""No price reaches it; beyond it Decimal arithmetic at the cent would lose digits."""


def money_value(value: Any) -> Decimal | None:
    """An amount in euros (``12,50 €``, ``12.5``): at least two decimals (``80`` -> ``80.00``),
    more kept as given (``12.3456``); a negative amount is refused."""
    amount = decimal_value(value)
    if amount is None:
        return None
    if amount < 0:
        raise CellError("montant négatif")
    if amount >= _MAX_AMOUNT:
        raise CellError("montant hors limites (10^15 € ou plus)")
    exponent = amount.as_tuple().exponent
    if isinstance(exponent, int) and exponent > -2:
        amount = amount.quantize(_CENT)
    return amount


def vat_value(value: Any) -> VatRate | None:
    """A French VAT rate written ``20``, ``20 %``, ``5,5``, or as a fraction (``0.2``, a cell
    formatted as a percentage)."""
    if is_empty(value):
        return None
    if isinstance(value, str):
        value = value.strip().rstrip("%").strip()
    number = decimal_value(value)
    assert number is not None  # not empty, checked above
    for rate in VatRate:
        if rate.percent == number:
            return rate
    for rate in VatRate:
        if rate.fraction == number:
            return rate
    raise CellError("taux de TVA non autorisé (20, 10, 5,5, 2,1 ou 0 %)")


_DATE_FORMATS = ("%d/%m/%Y", "%d-%m-%Y", "%d.%m.%Y", "%Y-%m-%d", "%d/%m/%y")
_EXCEL_EPOCH = date(1899, 12, 30)


def date_value(value: Any) -> date | None:
    """A date from a date cell, French text (``01/02/2025``, ``1-2-2025``), ISO text
    (``2025-02-01``) or an Excel day number in a cell left unformatted (``45689``)."""
    if is_empty(value):
        return None
    if isinstance(value, datetime):
        if value.time() != datetime.min.time():
            raise CellError("date et heure à la place d'une date")
        return value.date()
    if isinstance(value, date):
        return value
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        if float(value).is_integer() and 20_000 <= value <= 80_000:
            return _EXCEL_EPOCH + timedelta(days=int(value))
        raise CellError("nombre à la place d'une date")
    if isinstance(value, str):
        text = value.strip()
        for pattern in _DATE_FORMATS:
            try:
                return datetime.strptime(text, pattern).date()  # noqa: DTZ007 - a calendar day
            except ValueError:
                continue
        raise CellError("date illisible (attendu JJ/MM/AAAA)")
    raise CellError(f"valeur de type {type(value).__name__} à la place d'une date")


_TRUE = {"oui", "o", "x", "vrai", "yes", "y", "1", "true"}
_FALSE = {"non", "n", "faux", "no", "0", "false", "-"}


def boolean_value(value: Any) -> bool | None:
    """Yes or no: a checkbox, ``oui``/``non``, ``x``, ``1``/``0``."""
    if is_empty(value):
        return None
    if isinstance(value, bool):
        return value
    if isinstance(value, (int, float)) and value in (0, 1):
        return bool(value)
    text = str(value).strip().lower()
    if text in _TRUE:
        return True
    if text in _FALSE:
        return False
    raise CellError("oui ou non attendu")


# --- bulk forms: a whole column at once, or None ---------------------------------------------------

BulkParser = Callable[[list[Any]], "list[Any] | None"]
"""A column of raw cells to their parsed values (none ``None``), or ``None`` to parse cell by cell."""


def _only(values: list[Any], *kinds: type) -> bool:
    """Whether every value is exactly of one of ``kinds`` (subclasses, such as bool for int, are
    not: they take the cell by cell path)."""
    return set(map(type, values)) <= set(kinds)


def _bulk_code(values: list[Any]) -> list[Any] | None:
    """:func:`code_value` of text cells: stripped, none blank."""
    if not _only(values, str):
        return None
    out = list(map(str.strip, values))
    return None if "" in out else out


def _bulk_text(values: list[Any]) -> list[Any] | None:
    """:func:`text_value` of text cells: as they are, none blank."""
    if not _only(values, str) or not all(values) or any(map(str.isspace, values)):
        return None
    return values


_CENT_SCALE = Decimal("0.01")
_CENTS = Decimal("0.00")
_MONEY_LIMIT = 10**15
_CENTS_LIMIT = 2**43
"""Below it, two floats are never 0.01 or more apart (see :func:`_bulk_money`)."""
_EXACT = decimal.Context(
    prec=40, traps=[decimal.InvalidOperation, decimal.Inexact, decimal.Rounded, decimal.Overflow]
)
"""Decimal operations that must be exact: any rounding raises (the column is then parsed cell by
cell)."""


def _bulk_money(values: list[Any]) -> list[Any] | None:
    """:func:`money_value` of number cells (float or int, finite, from 0 up to 10^15 excluded).

    For a float, :func:`decimal_value` gives ``Decimal(repr(x))`` (``Decimal(int(x))`` when
    integral: the same number, another exponent) and :func:`money_value` sets the exponent to -2
    when it is higher. So:

    - the usual case, a price in cents: ``n = round(x * 100)`` and ``n / 100 == x``. Then the
      decimal n/100 reads back as ``x``, and below 2^43 no other decimal with two places or fewer
      does (floats there are less than 0.001 apart), nor does a shorter one, so ``repr(x)`` is
      n/100 and the result is ``n`` cents: ``0.01 * n`` (exponent -2, exact);
    - otherwise ``Decimal(repr(x)) + 0.00``: the same digits, and the exponent becomes -2 when it
      was higher (an exact addition keeps the smaller exponent of the two).
    """
    if not values or not _only(values, float, int):
        return None
    count = len(values)
    try:
        if not all(map(math.isfinite, values)):
            return None
        highest = max(values)
        if min(values) < 0 or highest >= _MONEY_LIMIT:
            return None
        if highest < _CENTS_LIMIT:
            cents = list(map(round, map(operator.mul, values, repeat(100.0, count))))
            if list(map(operator.truediv, cents, repeat(100, count))) == values:
                # the context converts each int itself (no Decimal built for it first)
                return list(map(_EXACT.multiply, repeat(_CENT_SCALE, count), cents))
        exact = map(Decimal, map(repr, values))
        return list(map(_EXACT.add, repeat(_CENTS, count), exact))
    except (OverflowError, decimal.DecimalException):
        return None


_BULK: dict[Callable[[Any], Any], BulkParser] = {
    code_value: _bulk_code,
    text_value: _bulk_text,
    money_value: _bulk_money,
}


def bulk_parser(parse: Callable[[Any], Any]) -> BulkParser | None:
    """The bulk form of the cell parser ``parse``, if it has one."""
    return _BULK.get(parse)
