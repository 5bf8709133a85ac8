"""Shared fixtures of the Chorus Pro adapter tests: the EN 16931 artefacts (read from
``../shared/vendor/en16931`` beside the repository, never copied into it) and a compiled validator.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from savcore_chorus.validation import Validator

REPO_ROOT = Path(__file__).resolve().parents[2]
ARTEFACTS = REPO_ROOT.parent / "shared" / "vendor" / "en16931"


def artefacts_or_skip() -> Path:
    """The artefacts folder; skip the test when it is absent, unless in CI (then fail)."""
    if (ARTEFACTS / "cii").is_dir():
        return ARTEFACTS
    message = f"artefacts EN 16931 absents : {ARTEFACTS} (shared/vendor/en16931 à côté du dépôt)"
    if os.environ.get("CI", "").lower() == "true":
        pytest.fail(message)
    pytest.skip(message)


@pytest.fixture(scope="session")
def artefacts() -> Path:
    return artefacts_or_skip()


@pytest.fixture(scope="session")
def validator(artefacts: Path) -> Validator:
    """XSD and Schematron compiled once for the whole run."""
    return Validator(artefacts)
