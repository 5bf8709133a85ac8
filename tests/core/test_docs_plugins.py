"""The plugin docs stay honest: one heading per hook, and the example plugin really works."""

from __future__ import annotations

import argparse
import re
import tomllib
import types
from pathlib import Path

import pytest

from savcore import hookspecs
from savcore.plugins import ENTRY_POINT_GROUP, get_notifier, get_plugin_manager
from savcore.ports import Message

DOCS = Path(__file__).resolve().parents[2] / "docs"


def _declared_hooks() -> set[str]:
    """Every function of hookspecs.py marked with ``@hookspec``."""
    marker = f"{hookspecs.PROJECT_NAME}_spec"
    return {name for name, obj in vars(hookspecs).items() if hasattr(obj, marker)}


def _code_blocks(text: str, language: str) -> list[str]:
    return re.findall(rf"^```{language}\n(.*?)^```", text, flags=re.MULTILINE | re.DOTALL)


def test_hookspecs_declares_the_hooks_of_the_design() -> None:
    assert _declared_hooks() == {
        "savcore_call_event",
        "savcore_cli_commands",
        "savcore_exporters",
        "savcore_importers",
        "savcore_index_providers",
        "savcore_invoice_issued",
        "savcore_notifiers",
        "savcore_transmitters",
    }


def test_every_hook_is_documented_where_declared() -> None:
    for name in _declared_hooks():
        doc = getattr(hookspecs, name).__doc__ or ""
        assert "Called" in doc, f"{name}: say when the hook is called"
        assert ":return:" in doc, f"{name}: document the return value"


def test_plugins_page_has_one_heading_per_hook() -> None:
    text = (DOCS / "plugins.md").read_text(encoding="utf-8")
    headings = re.findall(r"^## +(.+?)\s*$", text, flags=re.MULTILINE)
    documented = {h.strip("`") for h in headings}
    declared = _declared_hooks()
    undocumented = sorted(declared - documented)
    unknown = sorted(documented - declared)
    assert (undocumented, unknown) == ([], []), (
        f"docs/plugins.md and savcore/hookspecs.py disagree: hooks without a '## ' heading: "
        f"{undocumented or 'none'}; headings naming no hook: {unknown or 'none'}"
    )
    assert len(headings) == len(documented), "docs/plugins.md: a hook has two headings"


def test_plugins_page_shows_an_example_per_hook() -> None:
    text = (DOCS / "plugins.md").read_text(encoding="utf-8")
    sections = re.split(r"^## +", text, flags=re.MULTILINE)[1:]
    for section in sections:
        name = section.split("\n", 1)[0].strip().strip("`")
        assert f"def {name}(" in section, f"docs/plugins.md: no example for {name}"


@pytest.fixture
def journal_page() -> str:
    return (DOCS / "writing-plugins.md").read_text(encoding="utf-8")


def test_example_pyproject_declares_the_entry_point(journal_page: str) -> None:
    (pyproject,) = (b for b in _code_blocks(journal_page, "toml") if "[project]" in b)
    data = tomllib.loads(pyproject)
    assert data["project"]["entry-points"][ENTRY_POINT_GROUP] == {
        "journal": "savcore_journal.plugin"
    }
    assert data["project"]["dependencies"] == ["savcore>=0.1"]


def test_example_plugin_module_works(
    journal_page: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (source,) = (b for b in _code_blocks(journal_page, "python") if "@hookimpl" in b)
    plugin = types.ModuleType("savcore_journal.plugin")
    exec(compile(source, "docs/writing-plugins.md", "exec"), plugin.__dict__)

    journal = tmp_path / "journal.jsonl"
    monkeypatch.setenv("SAVCORE_JOURNAL", str(journal))
    pm = get_plugin_manager(autoload=False, plugins=[plugin])
    get_notifier("journal", pm).send(Message("occupant@exemple.fr", "Rendez-vous", "Bonjour"))
    pm.hook.savcore_invoice_issued(invoice="FA-2025-0042")
    lines = journal.read_text(encoding="utf-8").splitlines()
    assert "occupant@exemple.fr" in lines[0]
    assert "FA-2025-0042" in lines[1]

    parser = argparse.ArgumentParser(prog="savcore")
    pm.hook.savcore_cli_commands(subparsers=parser.add_subparsers(dest="command"))
    args = parser.parse_args(["journal", "--lignes", "1"])
    assert args.handler(args) == 0
