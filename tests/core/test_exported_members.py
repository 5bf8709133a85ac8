"""The curated public API: ``savcore.__all__`` is sorted, complete and resolvable."""

from __future__ import annotations

import importlib
from types import FunctionType

import pytest

import savcore

# Modules whose whole ``__all__`` is public API and must be re-exported by ``savcore``.
PUBLIC_MODULES = [
    "savcore.errors",
    "savcore.money",
    "savcore.periods",
    "savcore.calendars",
    "savcore.timeline",
    "savcore.model",
]


def _isort_key(name: str) -> tuple[int, str]:
    # The order ruff's RUF022 keeps: CONSTANTS, then Classes, then functions, each alphabetical.
    group = 0 if name.isupper() else 1 if name[0].isupper() else 2
    return group, name


def test_all_is_sorted_and_unique() -> None:
    assert len(savcore.__all__) == len(set(savcore.__all__))
    assert savcore.__all__ == sorted(savcore.__all__, key=_isort_key)


def test_every_name_in_all_resolves() -> None:
    missing = [name for name in savcore.__all__ if not hasattr(savcore, name)]
    assert missing == []


@pytest.mark.parametrize("module_name", PUBLIC_MODULES)
def test_public_modules_are_fully_reexported(module_name: str) -> None:
    module = importlib.import_module(module_name)
    not_exported = sorted(set(module.__all__) - set(savcore.__all__))
    assert not_exported == [], f"{module_name} exports names missing from savcore.__all__"
    for name in module.__all__:
        assert getattr(savcore, name) is getattr(module, name)


def test_exported_objects_come_from_savcore() -> None:
    for name in savcore.__all__:
        obj = getattr(savcore, name)
        owner = getattr(obj, "__module__", None)
        if isinstance(obj, (type, FunctionType)):
            assert owner.startswith("savcore"), f"{name} is defined in {owner}"


def test_public_functions_have_docstrings() -> None:
    undocumented = [
        name
        for name in savcore.__all__
        if callable(getattr(savcore, name)) and not (getattr(savcore, name).__doc__ or "").strip()
    ]
    assert undocumented == []
