"""attrs validators shared by the model: each raises :class:`~savcore.errors.ValidationError`
naming the class and the field, never a bare ``TypeError``."""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import date, datetime
from decimal import Decimal
from typing import Any

import attrs

from savcore.errors import FloatAmountError, ValidationError

Validator = Callable[[Any, "attrs.Attribute[Any]", Any], None]

_EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")
_PHONE = re.compile(r"^\+?[0-9]{6,15}$")


def fail(instance: object, field: str, value: object, reason: str) -> ValidationError:
    """Build the ValidationError for ``instance.field`` (entity = class name, plus its id)."""
    name = type(instance).__name__
    ident = getattr(instance, "id", None)
    entity = f"{name} {ident!r}" if isinstance(ident, str) and ident else name
    return ValidationError(field, value, reason, entity=entity)


def identifier(instance: object, attribute: attrs.Attribute[Any], value: object) -> None:
    """A non-empty string without surrounding spaces (an id, a code, a reference)."""
    if not isinstance(value, str) or not value or value != value.strip():
        raise fail(instance, attribute.name, value, "identifiant vide ou mal formé")


def optional_identifier(instance: object, attribute: attrs.Attribute[Any], value: object) -> None:
    """``None`` or an :func:`identifier`."""
    if value is not None:
        identifier(instance, attribute, value)


def text(instance: object, attribute: attrs.Attribute[Any], value: object) -> None:
    """A non-blank string."""
    if not isinstance(value, str) or not value.strip():
        raise fail(instance, attribute.name, value, "texte obligatoire")


def optional_text(instance: object, attribute: attrs.Attribute[Any], value: object) -> None:
    """``None`` or a non-blank string."""
    if value is not None:
        text(instance, attribute, value)


def a_date(instance: object, attribute: attrs.Attribute[Any], value: object) -> None:
    """A ``datetime.date`` that is not a ``datetime``."""
    if not isinstance(value, date) or isinstance(value, datetime):
        raise fail(instance, attribute.name, value, "une date (datetime.date) est attendue")


def optional_date(instance: object, attribute: attrs.Attribute[Any], value: object) -> None:
    """``None`` or a :func:`a_date`."""
    if value is not None:
        a_date(instance, attribute, value)


def aware_datetime(instance: object, attribute: attrs.Attribute[Any], value: object) -> None:
    """A timezone-aware ``datetime`` (events are instants, DESIGN section 4)."""
    if not isinstance(value, datetime):
        raise fail(instance, attribute.name, value, "un horodatage (datetime) est attendu")
    if value.tzinfo is None or value.utcoffset() is None:
        raise fail(
            instance, attribute.name, value, "horodatage sans fuseau horaire (Europe/Paris attendu)"
        )


def optional_aware_datetime(
    instance: object, attribute: attrs.Attribute[Any], value: object
) -> None:
    """``None`` or an :func:`aware_datetime`."""
    if value is not None:
        aware_datetime(instance, attribute, value)


def decimal_value(
    *, minimum: Decimal | None = None, strict: bool = False, maximum: Decimal | None = None
) -> Validator:
    """A finite ``Decimal`` (floats refused), optionally ``>= minimum`` (``> minimum`` if strict)
    and ``<= maximum``."""

    def check(instance: object, attribute: attrs.Attribute[Any], value: object) -> None:
        if isinstance(value, float):
            raise FloatAmountError(attribute.name, value, entity=type(instance).__name__)
        if not isinstance(value, Decimal) or not value.is_finite():
            raise fail(instance, attribute.name, value, "un Decimal fini est attendu")
        if minimum is not None and (value <= minimum if strict else value < minimum):
            op = ">" if strict else ">="
            raise fail(instance, attribute.name, value, f"doit être {op} {minimum}")
        if maximum is not None and value > maximum:
            raise fail(instance, attribute.name, value, f"doit être <= {maximum}")

    return check


def optional_decimal(
    *, minimum: Decimal | None = None, strict: bool = False, maximum: Decimal | None = None
) -> Validator:
    """``None`` or a :func:`decimal_value` with the same bounds."""
    inner = decimal_value(minimum=minimum, strict=strict, maximum=maximum)

    def check(instance: object, attribute: attrs.Attribute[Any], value: object) -> None:
        if value is not None:
            inner(instance, attribute, value)

    return check


NON_NEGATIVE = decimal_value(minimum=Decimal(0))
POSITIVE = decimal_value(minimum=Decimal(0), strict=True)


def integer(*, minimum: int | None = None, maximum: int | None = None) -> Validator:
    """An ``int`` (not a bool, not a float) within the bounds."""

    def check(instance: object, attribute: attrs.Attribute[Any], value: object) -> None:
        if isinstance(value, float):
            raise FloatAmountError(attribute.name, value, entity=type(instance).__name__)
        if not isinstance(value, int) or isinstance(value, bool):
            raise fail(instance, attribute.name, value, "un nombre entier est attendu")
        if minimum is not None and value < minimum:
            raise fail(instance, attribute.name, value, f"doit être >= {minimum}")
        if maximum is not None and value > maximum:
            raise fail(instance, attribute.name, value, f"doit être <= {maximum}")

    return check


def optional_integer(*, minimum: int | None = None, maximum: int | None = None) -> Validator:
    """``None`` or an :func:`integer` within the bounds."""
    inner = integer(minimum=minimum, maximum=maximum)

    def check(instance: object, attribute: attrs.Attribute[Any], value: object) -> None:
        if value is not None:
            inner(instance, attribute, value)

    return check


def member_of(enum_type: type[Any]) -> Validator:
    """An instance of ``enum_type``; a raw string or anything else is refused."""

    def check(instance: object, attribute: attrs.Attribute[Any], value: object) -> None:
        if not isinstance(value, enum_type):
            allowed = ", ".join(repr(m.value) for m in enum_type)
            raise fail(
                instance, attribute.name, value, f"valeur inconnue ; valeurs possibles : {allowed}"
            )

    return check


def optional_member_of(enum_type: type[Any]) -> Validator:
    """``None`` or :func:`member_of`."""
    inner = member_of(enum_type)

    def check(instance: object, attribute: attrs.Attribute[Any], value: object) -> None:
        if value is not None:
            inner(instance, attribute, value)

    return check


def instance_of(kind: type[Any] | tuple[type[Any], ...]) -> Validator:
    """An instance of ``kind``."""

    def check(instance: object, attribute: attrs.Attribute[Any], value: object) -> None:
        if not isinstance(value, kind):
            names = kind.__name__ if isinstance(kind, type) else "/".join(k.__name__ for k in kind)
            raise fail(instance, attribute.name, value, f"{names} attendu")

    return check


def optional_instance_of(kind: type[Any] | tuple[type[Any], ...]) -> Validator:
    """``None`` or :func:`instance_of`."""
    inner = instance_of(kind)

    def check(instance: object, attribute: attrs.Attribute[Any], value: object) -> None:
        if value is not None:
            inner(instance, attribute, value)

    return check


def tuple_of(kind: type[Any] | tuple[type[Any], ...]) -> Validator:
    """A tuple whose every element is a ``kind`` (the element index is named on failure)."""

    def check(instance: object, attribute: attrs.Attribute[Any], value: object) -> None:
        if not isinstance(value, tuple):
            raise fail(instance, attribute.name, value, "un tuple est attendu")
        if isinstance(kind, type) and set(map(type, value)) <= {kind}:
            return  # fast path for long tuples of exactly that class (100,000 price items)
        for i, element in enumerate(value):
            if not isinstance(element, kind):
                names = (
                    kind.__name__ if isinstance(kind, type) else "/".join(k.__name__ for k in kind)
                )
                raise fail(instance, f"{attribute.name}[{i}]", element, f"{names} attendu")

    return check


def unique_ids(instance: object, field: str, items: tuple[Any, ...], key: str = "id") -> None:
    """Raise when two elements of ``items`` share the same ``key`` attribute."""
    seen: set[object] = set()
    for i, item in enumerate(items):
        value = getattr(item, key)
        if value in seen:
            raise fail(instance, f"{field}[{i}].{key}", value, "identifiant en double")
        seen.add(value)


def email(instance: object, attribute: attrs.Attribute[Any], value: object) -> None:
    """Every element of a tuple of e-mail addresses looks like one."""
    for i, address in enumerate(value if isinstance(value, tuple) else (value,)):
        if not isinstance(address, str) or not _EMAIL.match(address):
            raise fail(instance, f"{attribute.name}[{i}]", address, "adresse e-mail invalide")


def phone(instance: object, attribute: attrs.Attribute[Any], value: object) -> None:
    """Every element of a tuple of phone numbers is in normalized form (``+33612345678`` or
    ``0612345678``: digits only, optional leading ``+``); see :func:`savcore.model.parties.normalize_phone`."""
    for i, number in enumerate(value if isinstance(value, tuple) else (value,)):
        if not isinstance(number, str) or not _PHONE.match(number):
            raise fail(
                instance, f"{attribute.name}[{i}]", number, "numéro de téléphone non normalisé"
            )
