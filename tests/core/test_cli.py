"""The ``savcore`` command: help, French errors with non-zero exit codes, broken extensions."""

from __future__ import annotations

import pytest

from savcore import cli
from savcore.errors import PluginError

CORE_COMMANDS = {
    "demo",
    "init",
    "import",
    "export",
    "show",
    "due",
    "plan",
    "attempt",
    "revise",
    "indices",
    "schedule",
    "bill",
}


def test_every_core_command_is_registered() -> None:
    parser = cli.build_parser(plugins=False)
    subparsers = next(a for a in parser._actions if a.dest == "command")
    assert set(subparsers.choices) >= CORE_COMMANDS  # type: ignore[attr-defined]


def test_no_command_prints_help_and_fails(capsys: pytest.CaptureFixture[str]) -> None:
    assert cli.main([]) == 1
    assert "usage: savcore" in capsys.readouterr().out


def test_a_savcore_error_is_printed_in_french_with_exit_code_2(
    tmp_path: object, capsys: pytest.CaptureFixture[str]
) -> None:
    missing = f"{tmp_path}/absent/savcore.db"
    assert cli.main(["--db", missing, "show"]) == 2
    err = capsys.readouterr().err
    assert err.startswith("savcore : erreur :")
    assert "Traceback" not in err


def test_a_broken_extension_does_not_take_the_core_commands_down(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    def broken(**_: object) -> object:
        raise PluginError("cassée", "point d'entrée impossible à charger")

    monkeypatch.setattr("savcore.plugins.get_plugin_manager", broken)
    parser = cli.build_parser()
    assert "avertissement" in capsys.readouterr().err
    subparsers = next(a for a in parser._actions if a.dest == "command")
    assert set(subparsers.choices) >= CORE_COMMANDS  # type: ignore[attr-defined]
