"""Documents of the SQLite store: objects to JSON text and back, through the one converter.

The per-class hooks of :data:`savcore.serialize.converter` are looked up once per class and
cached (bulk loads of millions of objects call them directly), and JSON is written compact.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any, TypeVar

from savcore.serialize import converter

T = TypeVar("T")

_dumps = json.JSONEncoder(ensure_ascii=False, separators=(",", ":"), check_circular=False).encode
_loads = json.loads


_ENCODERS: dict[type[Any], Callable[[Any], str]] = {}
_DECODERS: dict[type[Any], Callable[[str], Any]] = {}


def encoder(cls: type[Any]) -> Callable[[Any], str]:
    """A function writing a ``cls`` object as compact JSON text."""
    found = _ENCODERS.get(cls)
    if found is None:
        hook = converter.get_unstructure_hook(cls)

        def encode(obj: Any) -> str:
            return _dumps(hook(obj))

        found = _ENCODERS[cls] = encode
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
