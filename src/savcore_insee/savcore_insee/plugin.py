"""The ``savcore`` entry point of savcore-insee: registers the ``insee`` index provider."""

from __future__ import annotations

from savcore.hookspecs import hookimpl
from savcore_insee.client import InseeProvider

__all__ = ["savcore_index_providers"]


@hookimpl
def savcore_index_providers() -> list[InseeProvider]:
    """The ``insee`` provider (no connection is opened until it fetches)."""
    return [InseeProvider()]
