"""The plugin registered under the ``savcore`` entry-point group as ``chorus``.

Loading it opens no connection and imports nothing heavy (lxml, reportlab, factur-x are imported
when a hook is called); the transmitter builds its client from the environment
(``SAVCORE_CHORUS_*``) on first use.
"""

from __future__ import annotations

import argparse
from typing import TYPE_CHECKING

from savcore.hookspecs import hookimpl

if TYPE_CHECKING:
    from savcore_chorus.transmitter import ChorusTransmitter

__all__ = ["savcore_cli_commands", "savcore_transmitters"]


@hookimpl
def savcore_transmitters() -> list[ChorusTransmitter]:
    """The ``chorus`` transmitter."""
    from savcore_chorus.cli import default_transmitter

    return [default_transmitter()]


@hookimpl
def savcore_cli_commands(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """``savcore chorus send NUMERO`` and ``savcore chorus status [--all]``."""
    from savcore_chorus.cli import add_chorus_commands

    add_chorus_commands(subparsers)
