"""INSEE BDM index source for savcore price revisions (distribution ``savcore-insee``)."""

from __future__ import annotations

from savcore_insee.client import (
    BDM_URL,
    KNOWN_IDBANKS,
    InseeClient,
    InseeError,
    InseeProvider,
)
from savcore_insee.sdmx import Observation, Series, parse_structure_specific

__all__ = [
    "BDM_URL",
    "KNOWN_IDBANKS",
    "InseeClient",
    "InseeError",
    "InseeProvider",
    "Observation",
    "Series",
    "parse_structure_specific",
]
