"""Every error savcore raises on purpose.

One base class, :class:`SavcoreError`; each leaf also subclasses the builtin a caller would catch
(``ValueError``, ``LookupError``...), keeps its data as attributes and builds its message from them,
in words a French integrator understands.

::

    SavcoreError
    ├── ValidationError (ValueError)            an impossible value: names the entity and the field
    │   └── FloatAmountError                    a float where money or a rate is expected
    ├── DataFormatError (ValueError)            a document or file that does not have the expected shape
    ├── NotFoundError (LookupError)             an id, code or key that is not known
    │   └── MissingValueError                   no value for a date / period (timeline, index, price)
    ├── DuplicateError (ValueError)             a second object with the same id or code
    ├── ConfigurationError                      contradictory or incomplete settings (contract terms...)
    ├── StoreError                              the store cannot do what was asked
    │   ├── StoreFileError                      the file is not a savcore store (corrupt, foreign, newer)
    │   └── ConcurrencyError                    another writer holds the store for too long
    ├── BusinessRuleError                       a valid request that a business rule forbids
    ├── PluginError                             a plugin is missing, misbehaves or was registered twice
    └── TransmissionError                       sending a document to an external portal failed

Adapters subclass these (``ChorusError(TransmissionError)``, ``ImportFileError(DataFormatError)``).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

__all__ = [
    "BusinessRuleError",
    "ConcurrencyError",
    "ConfigurationError",
    "DataFormatError",
    "DuplicateError",
    "FloatAmountError",
    "MissingValueError",
    "NotFoundError",
    "PluginError",
    "SavcoreError",
    "StoreError",
    "StoreFileError",
    "TransmissionError",
    "ValidationError",
]


class SavcoreError(Exception):
    """Root of every error savcore raises on purpose; catch it to catch them all."""


class ValidationError(SavcoreError, ValueError):
    """An impossible value was given to a constructor or a function.

    Attributes: ``field`` (the attribute or argument at fault, dotted for nested objects),
    ``value`` (what was given), ``reason`` (why it is refused, in French), ``entity`` (the class or
    object concerned, e.g. ``"Dwelling"`` or ``"Contract C-2024-001"``).
    """

    def __init__(self, field: str, value: Any, reason: str, *, entity: str | None = None) -> None:
        self.field = field
        self.value = value
        self.reason = reason
        self.entity = entity
        super().__init__(field, value, reason, entity)

    def __str__(self) -> str:
        where = f"{self.entity}.{self.field}" if self.entity else self.field
        return f"{where}: {self.reason} (valeur reçue : {self.value!r})"


class FloatAmountError(ValidationError):
    """A binary float was given where money, a quantity or a rate must be exact.

    Pass a ``Decimal``, an ``int`` or a decimal string (``"12.50"``) instead.
    """

    def __init__(self, field: str, value: Any, *, entity: str | None = None) -> None:
        super().__init__(
            field,
            value,
            "un nombre à virgule flottante (float) est refusé : utilisez Decimal, int ou une chaîne",
            entity=entity,
        )


class DataFormatError(SavcoreError, ValueError):
    """A document (JSON portfolio, file, payload) does not have the expected shape.

    Attributes: ``source`` (a path or a label), ``problems`` (one line per problem, each naming its
    place: a JSON path such as ``$.contracts[2].billing.periodicity``, or a sheet/row/column).
    """

    def __init__(self, source: str, problems: Sequence[str]) -> None:
        self.source = source
        self.problems = list(problems)
        super().__init__(source, self.problems)

    def __str__(self) -> str:
        lines = "\n".join(f"  - {p}" for p in self.problems)
        return f"{self.source}: {len(self.problems)} problème(s)\n{lines}"


class NotFoundError(SavcoreError, LookupError):
    """An id, code or key is not known: ``kind`` says what was looked up, ``key`` which one."""

    def __init__(self, kind: str, key: object, *, context: str | None = None) -> None:
        self.kind = kind
        self.key = key
        self.context = context
        super().__init__(kind, key, context)

    def __str__(self) -> str:
        suffix = f" ({self.context})" if self.context else ""
        return f"{self.kind} introuvable : {self.key!r}{suffix}"


class MissingValueError(NotFoundError):
    """No value is known for a date or a period: a timeline before its first change, an index
    value not yet published, a service line without a price at a billed date."""

    def __init__(self, kind: str, key: object, at: object, *, context: str | None = None) -> None:
        self.at = at
        super().__init__(kind, key, context=context)

    def __str__(self) -> str:
        suffix = f" ({self.context})" if self.context else ""
        return f"{self.kind} {self.key!r} : aucune valeur pour {self.at}{suffix}"


class DuplicateError(SavcoreError, ValueError):
    """A second object with the same identifier or code (``kind``, ``key``)."""

    def __init__(self, kind: str, key: object, *, context: str | None = None) -> None:
        self.kind = kind
        self.key = key
        self.context = context
        super().__init__(kind, key, context)

    def __str__(self) -> str:
        suffix = f" ({self.context})" if self.context else ""
        return f"{self.kind} en double : {self.key!r}{suffix}"


class ConfigurationError(SavcoreError, ValueError):
    """Settings that contradict each other or are incomplete (``subject`` names what, e.g. a
    contract id; ``field`` the setting)."""

    def __init__(self, subject: str, field: str, reason: str) -> None:
        self.subject = subject
        self.field = field
        self.reason = reason
        super().__init__(subject, field, reason)

    def __str__(self) -> str:
        return f"{self.subject}, {self.field} : {self.reason}"


class StoreError(SavcoreError):
    """The store cannot do what was asked (``path`` is the database file when there is one)."""

    def __init__(self, message: str, *, path: str | None = None) -> None:
        self.message = message
        self.path = path
        super().__init__(message, path)

    def __str__(self) -> str:
        return f"{self.path} : {self.message}" if self.path else self.message


class StoreFileError(StoreError):
    """The file given as a store is not one: corrupt, foreign (another application's file), or
    written by a newer savcore. Nothing was written to it."""


class ConcurrencyError(StoreError):
    """Another process held the store's write lock for longer than the timeout."""


class BusinessRuleError(SavcoreError):
    """A well-formed request that a business rule forbids (``rule`` names it, ``subject`` the object)."""

    def __init__(self, rule: str, subject: str, message: str) -> None:
        self.rule = rule
        self.subject = subject
        self.message = message
        super().__init__(rule, subject, message)

    def __str__(self) -> str:
        return f"{self.subject} : {self.message} [{self.rule}]"


class PluginError(SavcoreError):
    """A plugin is missing (``name``), failed to load, or answered a hook wrongly."""

    def __init__(self, name: str, message: str) -> None:
        self.name = name
        self.message = message
        super().__init__(name, message)

    def __str__(self) -> str:
        return f"extension {self.name!r} : {self.message}"


class TransmissionError(SavcoreError):
    """Sending a document to an external portal failed (``channel``, ``document`` id)."""

    def __init__(self, channel: str, document: str, message: str) -> None:
        self.channel = channel
        self.document = document
        self.message = message
        super().__init__(channel, document, message)

    def __str__(self) -> str:
        return f"{self.channel}, {self.document} : {self.message}"
