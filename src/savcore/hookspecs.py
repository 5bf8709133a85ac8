"""Every hook a savcore plugin can implement, documented where it is declared.

A plugin is a module (or any object) whose functions are marked with :data:`hookimpl` and named
after a hook below; it is found through the ``savcore`` entry-point group (see
``docs/plugins.md``) or registered by hand with ``get_plugin_manager(plugins=[...])``.

Two families of hooks:

- **providers** (``savcore_transmitters``, ``savcore_importers``, ``savcore_exporters``,
  ``savcore_index_providers``, ``savcore_notifiers``): called when savcore looks for a way to do
  something; each plugin returns a list of objects following a protocol of :mod:`savcore.ports`,
  and :mod:`savcore.plugins` gathers them by name;
- **notifications** (``savcore_invoice_issued``, ``savcore_call_event``,
  ``savcore_cli_commands``): called when something happens; every plugin is called, return values
  are ignored.

A hook implementation may accept fewer arguments than the hook declares (pluggy passes only those
it names), so a hook can gain arguments later without breaking existing plugins.
"""

from __future__ import annotations

import argparse
from typing import TYPE_CHECKING, Any

import pluggy

if TYPE_CHECKING:
    from savcore.ports import (
        CallEvent,
        Exporter,
        Importer,
        IndexProvider,
        Notifier,
        Transmitter,
    )

__all__ = [
    "PROJECT_NAME",
    "hookimpl",
    "hookspec",
    "savcore_call_event",
    "savcore_cli_commands",
    "savcore_exporters",
    "savcore_importers",
    "savcore_index_providers",
    "savcore_invoice_issued",
    "savcore_notifiers",
    "savcore_transmitters",
]

PROJECT_NAME = "savcore"
"""pluggy project name, also the name of the setuptools entry-point group plugins declare."""

hookspec = pluggy.HookspecMarker(PROJECT_NAME)
"""Marks a hook specification (used only in this module)."""

hookimpl = pluggy.HookimplMarker(PROJECT_NAME)
"""Marks a plugin's implementation of a hook: ``@hookimpl`` above ``def savcore_...``."""


@hookspec
def savcore_transmitters() -> list[Transmitter]:
    """Ways to send an invoice or a credit note to its buyer (Chorus Pro, a PDP, e-mail...).

    Called whenever savcore needs a transmitter: ``savcore.plugins.transmitters(pm)`` and
    ``get_transmitter(name)``, hence every time an invoice is sent or its status is refreshed.
    Must be cheap and side-effect free: build the objects, open no connection.

    :return: a list of :class:`savcore.ports.Transmitter`, possibly empty. Names must be unique
        across all plugins (a duplicate raises :class:`savcore.errors.PluginError`).
    """
    return []  # a specification: pluggy never calls this body


@hookspec
def savcore_importers() -> list[Importer]:
    """File formats savcore can read business data from (xlsx price schedules, portfolios...).

    Called when a file is imported (``savcore.plugins.importer_for(path, kind=...)``,
    ``get_importer(name)``, the ``savcore import`` command). Must be cheap and side-effect free.

    :return: a list of :class:`savcore.ports.Importer`, possibly empty, with unique names.
    """
    return []  # a specification: pluggy never calls this body


@hookspec
def savcore_exporters() -> list[Exporter]:
    """File formats savcore can write reports to (xlsx workbook, CSV...).

    Called when reports are exported (``savcore.plugins.exporter_for(path)``,
    ``get_exporter(name)``). Must be cheap and side-effect free.

    :return: a list of :class:`savcore.ports.Exporter`, possibly empty, with unique names.
    """
    return []  # a specification: pluggy never calls this body


@hookspec
def savcore_index_providers() -> list[IndexProvider]:
    """Sources of price index values used by revision clauses (INSEE BDM, a local file...).

    Called when index values are refreshed before a price revision
    (``savcore.plugins.get_index_provider(name)``). Must be cheap and side-effect free: fetch
    nothing until :meth:`~savcore.ports.IndexProvider.fetch` is called.

    :return: a list of :class:`savcore.ports.IndexProvider`, possibly empty, with unique names.
    """
    return []  # a specification: pluggy never calls this body


@hookspec
def savcore_notifiers() -> list[Notifier]:
    """E-mail and SMS senders (appointment reminders, invoices sent by e-mail...).

    Called when a message must go out (``savcore.plugins.get_notifier(name)``). Must be cheap and
    side-effect free: connect to no server until :meth:`~savcore.ports.Notifier.send`.

    :return: a list of :class:`savcore.ports.Notifier`, possibly empty, with unique names.
    """
    return []  # a specification: pluggy never calls this body


@hookspec
def savcore_invoice_issued(invoice: Any) -> None:
    """An invoice or a credit note has just been issued (numbered and recorded).

    Called by the service layer once per document, after the transaction that gave it its number
    has been committed: the document is final and will not change. Typical uses: send it through a
    transmitter, e-mail it, push it to an accounting package.

    :param invoice: the issued ``savcore.model`` invoice or credit note (frozen; read it, do not
        try to change it).
    :return: nothing; return values are ignored. An exception propagates to the caller of the use
        case, but the document stays issued: record failures instead of raising when you can.
    """


@hookspec
def savcore_call_event(event: CallEvent) -> None:
    """Something happened on a phone line: a call rings, is answered, hangs up, or is dialled.

    Called by a telephony (CTI) adapter for every event it receives from the switch, in the order
    received, on the adapter's thread. Typical uses: identify the caller (customer, dwelling,
    open intervention request) and show it, keep a call log.

    :param event: a :class:`savcore.ports.CallEvent` (kind, caller, callee, at, call_id).
    :return: nothing; return values are ignored. Keep it fast: the adapter waits for every plugin.
    """


@hookspec
def savcore_cli_commands(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Add subcommands to the ``savcore`` command line.

    Called once, when the ``savcore`` command builds its argument parser, before the arguments are
    parsed. Add a parser with ``subparsers.add_parser("chorus", help="...")``, its arguments, and
    ``parser.set_defaults(handler=run)`` where ``run(args: argparse.Namespace) -> int`` returns
    the exit code; a :class:`savcore.errors.SavcoreError` it raises is printed in French by the
    command (exit code 2). Name your subcommands after your plugin to avoid clashes.

    :param subparsers: the object returned by ``ArgumentParser.add_subparsers()`` of the
        ``savcore`` command.
    :return: nothing.
    """
