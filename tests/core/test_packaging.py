"""The core wheel holds only ``savcore`` and declares no adapter dependency."""

from __future__ import annotations

import importlib.util
import re
import subprocess
import sys
import zipfile
from email.parser import Parser
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]

# What `pip install savcore` may pull: the pure core's needs, nothing an adapter needs. Adding a
# runtime dependency to the core is a decision: change this set in the same commit.
CORE_DEPENDENCIES = {"attrs", "cattrs", "pluggy", "python-dateutil", "python-stdnum"}
ADAPTER_DEPENDENCIES = {"httpx", "openpyxl", "python-calamine", "factur-x", "lxml"}


def _distribution_name(requirement: str) -> str:
    """``"python-dateutil>=2.9"`` -> ``"python-dateutil"``, normalized (PEP 503)."""
    name = re.split(r"[\s;\[<>=!~(@]", requirement, maxsplit=1)[0]
    return re.sub(r"[-_.]+", "-", name).lower()


def _build_core_wheel(outdir: Path) -> Path:
    """Build the core wheel into ``outdir``: without isolation when hatchling is importable,
    otherwise through pip (which fetches hatchling into an isolated build environment)."""
    if importlib.util.find_spec("hatchling") is not None:
        command = [sys.executable, "-m", "build", "--wheel", "--no-isolation"]
        command += ["--outdir", str(outdir), str(ROOT)]
    else:
        command = [sys.executable, "-m", "pip", "wheel", "--no-deps", "-w", str(outdir), str(ROOT)]
    done = subprocess.run(command, capture_output=True, text=True, timeout=300, check=False)
    assert done.returncode == 0, f"wheel build failed:\n{done.stdout}\n{done.stderr}"
    (wheel,) = outdir.glob("savcore-*.whl")
    return wheel


@pytest.fixture(scope="module")
def wheel(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return _build_core_wheel(tmp_path_factory.mktemp("wheel"))


@pytest.mark.slow
def test_wheel_contains_only_the_savcore_package(wheel: Path) -> None:
    names = zipfile.ZipFile(wheel).namelist()
    dist_info = re.compile(r"^savcore-[^/]+\.dist-info/")
    strays = [n for n in names if not (n.startswith("savcore/") or dist_info.match(n))]
    assert strays == []
    assert "savcore/__init__.py" in names
    assert "savcore/py.typed" in names
    assert "savcore/hookspecs.py" in names


@pytest.mark.slow
def test_wheel_declares_only_core_dependencies(wheel: Path) -> None:
    with zipfile.ZipFile(wheel) as archive:
        (metadata_name,) = (n for n in archive.namelist() if n.endswith(".dist-info/METADATA"))
        metadata = Parser().parsestr(archive.read(metadata_name).decode("utf-8"))
    requirements = metadata.get_all("Requires-Dist") or []
    names = {_distribution_name(req) for req in requirements}
    unconditional = {
        _distribution_name(req) for req in requirements if "extra" not in req.partition(";")[2]
    }
    assert names.isdisjoint(ADAPTER_DEPENDENCIES), sorted(names & ADAPTER_DEPENDENCIES)
    assert unconditional == CORE_DEPENDENCIES
