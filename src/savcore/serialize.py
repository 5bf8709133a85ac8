"""The one converter between savcore objects and JSON-safe data.

JSON shapes: ``Decimal`` as a string (``"1250.00"``: no binary float ever touches money), dates and
datetimes in ISO 8601 (datetimes with their offset), enums by value, tuples and frozensets as lists
(frozensets sorted, so the output is stable), attrs classes as objects keyed by attribute name.
Unknown keys are refused (``forbid_extra_keys``) and every structure error is reported with its
path in a :class:`~savcore.errors.DataFormatError`.

>>> from decimal import Decimal
>>> from datetime import date
>>> from savcore.periods import Period
>>> unstructure(Period(date(2025, 1, 1), date(2025, 4, 1)))
{'start': '2025-01-01', 'end': '2025-04-01'}
>>> structure({"start": "2025-01-01", "end": "2025-04-01"}, Period)
Period(start=datetime.date(2025, 1, 1), end=datetime.date(2025, 4, 1))
"""

from __future__ import annotations

import enum
import json
from datetime import date, datetime
from decimal import Decimal, InvalidOperation
from typing import Any, TypeVar
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

import attrs
import cattrs
from cattrs.errors import ClassValidationError, ForbiddenExtraKeysError, IterableValidationError
from cattrs.v import format_exception as _cattrs_format_exception

from savcore.errors import DataFormatError, SavcoreError

__all__ = [
    "converter",
    "dumps",
    "loads",
    "make_converter",
    "structure",
    "unstructure",
]

T = TypeVar("T")


def _structure_decimal(value: object, _: type[Any]) -> Decimal:
    if isinstance(value, (bool, float)):
        raise ValueError(f"montant attendu sous forme de texte ou d'entier, reçu {value!r}")
    if not isinstance(value, (str, int)):
        raise ValueError(f"montant attendu sous forme de texte, reçu {type(value).__name__}")
    try:
        result = Decimal(value)
    except InvalidOperation:
        raise ValueError(f"montant invalide : {value!r}") from None
    if not result.is_finite():
        raise ValueError(f"montant non fini : {value!r}")
    return result


def _structure_date(value: object, _: type[Any]) -> date:
    if not isinstance(value, str):
        raise ValueError(f"date ISO attendue (AAAA-MM-JJ), reçu {value!r}")
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise ValueError(f"date invalide {value!r} (AAAA-MM-JJ attendu)") from None


def _structure_datetime(value: object, _: type[Any]) -> datetime:
    if not isinstance(value, str):
        raise ValueError(f"horodatage ISO attendu, reçu {value!r}")
    text, _bracket, zone = value.partition("[")
    try:
        result = datetime.fromisoformat(text)
    except ValueError:
        raise ValueError(f"horodatage invalide {value!r} (ISO 8601 attendu)") from None
    if zone:
        # RFC 9557 suffix "[Europe/Paris]": back to the named zone, so the fold of the autumn
        # repeated hour is what the offset says.
        try:
            tz = ZoneInfo(zone.rstrip("]"))
        except (ZoneInfoNotFoundError, ValueError):
            raise ValueError(f"fuseau horaire inconnu dans {value!r}") from None
        if result.tzinfo is None:
            raise ValueError(f"horodatage sans décalage horaire : {value!r}")
        result = result.astimezone(tz)
    return result


def _unstructure_datetime(value: datetime) -> str:
    text = value.isoformat()
    if isinstance(value.tzinfo, ZoneInfo):
        text += f"[{value.tzinfo.key}]"
    return text


def _structure_str(value: object, _: type[Any]) -> str:
    if not isinstance(value, str):
        raise ValueError(f"texte attendu, reçu {type(value).__name__}")
    return value


def _structure_int(value: object, _: type[Any]) -> int:
    if not isinstance(value, int) or isinstance(value, bool):
        raise ValueError(f"entier attendu, reçu {value!r}")
    return value


def _structure_bool(value: object, _: type[Any]) -> bool:
    if not isinstance(value, bool):
        raise ValueError(f"booléen attendu, reçu {value!r}")
    return value


def _sort_key(value: Any) -> str:
    return json.dumps(value, sort_keys=True)


def make_converter() -> cattrs.Converter:
    """A new converter configured as described in the module docstring (never cattrs' global one)."""
    conv = cattrs.Converter(forbid_extra_keys=True, detailed_validation=True)
    conv.register_unstructure_hook(Decimal, str)
    conv.register_structure_hook(Decimal, _structure_decimal)
    conv.register_unstructure_hook(datetime, _unstructure_datetime)
    conv.register_structure_hook(datetime, _structure_datetime)
    conv.register_unstructure_hook(date, date.isoformat)
    conv.register_structure_hook(date, _structure_date)
    conv.register_structure_hook(str, _structure_str)
    conv.register_structure_hook(int, _structure_int)
    conv.register_structure_hook(bool, _structure_bool)

    def unstructure_frozenset(value: frozenset[Any]) -> list[Any]:
        return sorted((conv.unstructure(x) for x in value), key=_sort_key)

    conv.register_unstructure_hook_func(
        lambda t: t is frozenset or getattr(t, "__origin__", None) is frozenset,
        unstructure_frozenset,
    )
    return conv


converter = make_converter()
"""The converter every part of savcore uses."""


def unstructure(obj: Any) -> Any:
    """``obj`` as JSON-safe data (dicts, lists, strings, ints, bools, ``None``)."""
    return converter.unstructure(obj)


def _format_exception(exc: BaseException, type_: Any) -> str:
    if isinstance(exc, SavcoreError):
        return str(exc)
    if isinstance(exc, ForbiddenExtraKeysError):
        return f"clé(s) inconnue(s) : {', '.join(sorted(exc.extra_fields))}"
    if isinstance(exc, KeyError):
        return "champ obligatoire manquant"
    if isinstance(exc, AttributeError):
        return "objet JSON attendu"
    if isinstance(type_, type) and issubclass(type_, enum.Enum):
        allowed = ", ".join(repr(member.value) for member in type_)
        return f"valeur inconnue pour {type_.__name__} ; valeurs possibles : {allowed}"
    if isinstance(exc, ValueError) and str(exc):
        return str(exc)
    if isinstance(exc, TypeError):
        name = getattr(type_, "__name__", str(type_))
        return f"valeur invalide, {name} attendu"
    return _cattrs_format_exception(exc, type_)


def structure(data: Any, cls: type[T], *, source: str = "document") -> T:
    """Build a ``cls`` from JSON-safe ``data``; every problem is reported at once, with its path
    (``$.dwellings[3].unit_id``), in a :class:`~savcore.errors.DataFormatError` naming ``source``."""
    if attrs.has(cls) and not isinstance(data, dict):
        raise DataFormatError(source, [f"objet JSON attendu @ $ (reçu {type(data).__name__})"])
    try:
        return converter.structure(data, cls)
    except (ClassValidationError, IterableValidationError) as exc:
        problems = cattrs.transform_error(exc, path="$", format_exception=_format_exception)
        raise DataFormatError(source, problems) from None
    except SavcoreError as exc:
        raise DataFormatError(source, [f"$: {exc}"]) from None
    except (ValueError, TypeError, KeyError) as exc:
        raise DataFormatError(source, [f"$: {exc}"]) from None


def dumps(obj: Any, *, indent: int | None = None) -> str:
    """``obj`` as a JSON text (UTF-8 characters kept as they are)."""
    return json.dumps(unstructure(obj), ensure_ascii=False, indent=indent)


def loads(text: str | bytes, cls: type[T], *, source: str = "document") -> T:
    """Parse the JSON ``text`` into a ``cls``; a syntax error is a
    :class:`~savcore.errors.DataFormatError` with line and column."""
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        raise DataFormatError(
            source, [f"JSON invalide ligne {exc.lineno}, colonne {exc.colno} : {exc.msg}"]
        ) from None
    return structure(data, cls, source=source)
