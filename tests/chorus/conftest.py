"""Shared fixtures of the Chorus Pro adapter tests: the EN 16931 artefacts (read from
``../shared/vendor/en16931`` beside the repository, never copied into it) and a compiled validator.
"""

from __future__ import annotations

import logging
import os
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from savcore_chorus.validation import Validator
from tests.chorus.fakes import SECRETS

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


class _Collect(logging.Handler):
    def __init__(self) -> None:
        super().__init__(logging.DEBUG)
        self.lines: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.lines.append(record.getMessage())


@pytest.fixture(autouse=True)
def _no_secret_in_output(capfd: pytest.CaptureFixture[str]) -> Iterator[None]:
    """After every test of this folder: no secret in any log record (every logger, DEBUG level,
    httpx and httpcore included) nor on stdout/stderr."""
    root = logging.getLogger()
    handler = _Collect()
    level = root.level
    root.addHandler(handler)
    root.setLevel(logging.DEBUG)
    try:
        yield
    finally:
        root.removeHandler(handler)
        root.setLevel(level)
    out, err = capfd.readouterr()
    text = "\n".join([*handler.lines, out, err])
    sys.stdout.write(out)
    sys.stderr.write(err)
    for secret in SECRETS:
        assert secret not in text, "secret found in the test's output"
