"""Documents of the SQLite store: objects to JSON text and back.

Reading goes through the one converter (:data:`savcore.serialize.converter`). Writing has a fast
path for bulk loads of millions of objects: per class, a function is generated once that builds the
JSON text directly, byte for byte the text ``json.dumps(converter.unstructure(obj))`` gives (compact
separators, non-ASCII kept): it inlines what the converter does for the simple field types (text,
numbers, booleans, ``None``, dates, enums by value, Decimals as text, tuples, nested attrs classes)
and calls the converter itself for every other type, or for a type whose converter hook is not the
default one. A test checks, over the generated portfolios of :mod:`savcore.testing` and the demo
portfolio, that both give the same text.
"""

from __future__ import annotations

import enum
import json
import types
import typing
from collections.abc import Callable
from datetime import date, datetime
from decimal import Decimal
from typing import Any, TypeVar

import attrs

from savcore.serialize import converter

T = TypeVar("T")

_dumps = json.JSONEncoder(ensure_ascii=False, separators=(",", ":"), check_circular=False).encode
_loads = json.loads
_escape: Callable[[str], str] = json.encoder.encode_basestring

_ENCODERS: dict[type[Any], Callable[[Any], str]] = {}
_DECODERS: dict[type[Any], Callable[[str], Any]] = {}


def _optional(tp: Any) -> Any | None:
    """``X`` for ``X | None`` (or ``Optional[X]``), else ``None``."""
    if typing.get_origin(tp) in (typing.Union, types.UnionType):
        args = [arg for arg in typing.get_args(tp) if arg is not type(None)]
        if len(args) == 1 and len(typing.get_args(tp)) == 2:
            return args[0]
    return None


def _default_hook(tp: Any) -> bool:
    """Whether the converter unstructures ``tp`` the way :func:`_json` inlines it (a hook
    registered later for one of these types turns the inlining off)."""
    hook = converter.get_unstructure_hook(tp)
    if tp is Decimal:
        return hook is str
    if tp is date:
        return hook is date.isoformat
    if tp is datetime:
        return hook is datetime.isoformat
    if isinstance(tp, type) and issubclass(tp, enum.Enum):
        return "enum_unstructure_factory" in getattr(hook, "__qualname__", "")
    if isinstance(tp, type) and attrs.has(tp):
        return getattr(hook, "__name__", "") == f"unstructure_{tp.__name__}"
    return False


def _json(tp: Any, value: str, env: dict[str, Any]) -> str:
    """Python source of an expression giving the JSON text of ``value`` (of type ``tp``), the
    same text as ``_dumps(converter.unstructure(value))``."""
    if tp is str:
        return f"_esc({value})"
    if tp is int:
        return f"int.__repr__({value})"
    if tp is bool:
        return f"('true' if {value} else 'false')"
    inner = _optional(tp)
    if inner is not None:
        return f"('null' if {value} is None else {_json(inner, value, env)})"
    if typing.get_origin(tp) is tuple:
        args = typing.get_args(tp)
        if len(args) == 2 and args[1] is Ellipsis:
            item = _json(args[0], "x", env)
            return f"('[' + ','.join([{item} for x in {value}]) + ']')"
    if _default_hook(tp):
        if tp is date or tp is datetime:
            return f"(_q + {value}.isoformat() + _q)"
        if tp is Decimal:
            return f"(_q + str({value}) + _q)"
        if issubclass(tp, enum.Enum):
            if all(isinstance(member.value, str) for member in tp):
                return f"_esc({value}._value_)"
            return f"_dumps({value}._value_)"
        name = f"_t{len(env)}"
        env[name] = _text_function(tp)
        return f"{name}({value})"
    name = f"_c{len(env)}"
    env[name] = converter.get_unstructure_hook(tp)
    return f"_dumps({name}({value}))"


def _text_function(cls: type[Any]) -> Callable[[Any], str]:
    """Generate the function writing a ``cls`` object's JSON text."""
    hints = typing.get_type_hints(cls)
    env: dict[str, Any] = {"_esc": _escape, "_dumps": _dumps, "_q": '"'}
    parts: list[str] = []
    separator = "{"
    for field in attrs.fields(cls):
        if field.init:
            parts.append(repr(f"{separator}{_escape(field.name)}:"))
            parts.append(_json(hints[field.name], f"o.{field.name}", env))
            separator = ","
    parts.append(repr("}" if parts else "{}"))
    source = f"def encode(o):\n    return ''.join(({', '.join(parts)},))\n"
    namespace: dict[str, Any] = dict(env)
    exec(compile(source, f"<savcore.store encoder {cls.__qualname__}>", "exec"), namespace)
    function: Callable[[Any], str] = namespace["encode"]
    return function


def encoder(cls: type[Any]) -> Callable[[Any], str]:
    """A function writing a ``cls`` object as compact JSON text, the same text as
    ``json.dumps(converter.unstructure(obj), ensure_ascii=False, separators=(",", ":"))``."""
    found = _ENCODERS.get(cls)
    if found is None:
        found = _ENCODERS[cls] = _text_function(cls)
    return found


def decoder(cls: type[T]) -> Callable[[str], T]:
    """A function reading a ``cls`` object from JSON text written by :func:`encoder` (errors
    propagate: the caller names the table and key)."""
    found = _DECODERS.get(cls)
    if found is None:
        hook = converter.get_structure_hook(cls)

        def decode(text: str) -> Any:
            return hook(_loads(text), cls)

        found = _DECODERS[cls] = decode
    return found
