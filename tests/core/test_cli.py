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


def test_from_and_to_are_both_included_and_in_order() -> None:
    import argparse
    from datetime import date

    from savcore.cli import add_days_arguments, days_arguments
    from savcore.errors import ValidationError

    parser = argparse.ArgumentParser()
    add_days_arguments(parser)
    args = parser.parse_args(["--from", "2025-03-01", "--to", "2025-03-31"])
    # 1st to 31st March included: the half-open span ends on 1st April
    assert days_arguments(args) == (date(2025, 3, 1), date(2025, 4, 1))
    backwards = parser.parse_args(["--from", "2025-03-31", "--to", "2025-03-01"])
    with pytest.raises(ValidationError, match="la fin précède le début"):
        days_arguments(backwards)
