"""The plugin manager: hooks answered, look-ups by name and suffix, entry-point autoload."""

from __future__ import annotations

import argparse
import doctest
import textwrap
from collections.abc import Mapping
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

import pluggy
import pytest

import savcore.plugins
import savcore.ports
from savcore import hookspecs
from savcore.errors import PluginError, TransmissionError, ValidationError
from savcore.hookspecs import hookimpl
from savcore.plugins import (
    AUTOLOAD_ENV_VAR,
    ENTRY_POINT_GROUP,
    exporter_for,
    exporters,
    get_exporter,
    get_importer,
    get_index_provider,
    get_notifier,
    get_plugin_manager,
    get_transmitter,
    importer_for,
    importers,
    index_providers,
    notifiers,
    transmitters,
)
from savcore.ports import (
    Attachment,
    CallEvent,
    CallEventKind,
    Exporter,
    Importer,
    IndexProvider,
    Message,
    Notifier,
    NotifierChannel,
    TransmissionReceipt,
    TransmissionStatus,
    Transmitter,
)

AT = datetime(2025, 3, 1, 9, 30, tzinfo=UTC)


# --- a test plugin answering every hook -------------------------------------------------------


class FakeTransmitter:
    def __init__(self, name: str = "pigeon") -> None:
        self.name = name
        self.sent: list[Any] = []

    def send(
        self, invoice: Any, *, options: Mapping[str, Any] | None = None
    ) -> TransmissionReceipt:
        self.sent.append(invoice)
        return TransmissionReceipt(self.name, str(invoice), "R-1", TransmissionStatus.SUBMITTED, AT)

    def status(self, receipt: TransmissionReceipt) -> TransmissionReceipt:
        return TransmissionReceipt(
            receipt.channel, receipt.document_id, receipt.remote_id, TransmissionStatus.PAID, AT
        )


class FakeImporter:
    def __init__(self, name: str = "tableur", suffixes: tuple[str, ...] = (".xlsx", ".ods")):
        self.name = name
        self.kinds = ("price-schedule", "portfolio")
        self.suffixes = suffixes

    def import_file(self, path: Path, kind: str, **options: Any) -> Any:
        return (path.name, kind, options)


class FakeExporter:
    name = "csv"
    suffixes = (".csv",)

    def __init__(self) -> None:
        self.written: list[tuple[Any, Path]] = []

    def export(self, reports: Any, path: Path) -> None:
        self.written.append((reports, path))


class FakeIndexProvider:
    name = "fichier"

    def fetch(self, index_codes: Any, start: date, end: date) -> list[Any]:
        return [(code, start) for code in index_codes]


class FakeNotifier:
    name = "sms-test"
    channel = NotifierChannel.SMS

    def __init__(self) -> None:
        self.outbox: list[Message] = []

    def send(self, message: Message) -> None:
        self.outbox.append(message)


class FullPlugin:
    """Answers every hook of savcore; records the notifications it receives."""

    def __init__(self) -> None:
        self.transmitter = FakeTransmitter()
        self.importer = FakeImporter()
        self.exporter = FakeExporter()
        self.index_provider = FakeIndexProvider()
        self.notifier = FakeNotifier()
        self.issued: list[Any] = []
        self.events: list[CallEvent] = []

    @hookimpl
    def savcore_transmitters(self) -> list[Transmitter]:
        return [self.transmitter]

    @hookimpl
    def savcore_importers(self) -> list[Importer]:
        return [self.importer]

    @hookimpl
    def savcore_exporters(self) -> list[Exporter]:
        return [self.exporter]

    @hookimpl
    def savcore_index_providers(self) -> list[IndexProvider]:
        return [self.index_provider]

    @hookimpl
    def savcore_notifiers(self) -> list[Notifier]:
        return [self.notifier]

    @hookimpl
    def savcore_invoice_issued(self, invoice: Any) -> None:
        self.issued.append(invoice)

    @hookimpl
    def savcore_call_event(self, event: CallEvent) -> None:
        self.events.append(event)

    @hookimpl
    def savcore_cli_commands(
        self, subparsers: argparse._SubParsersAction[argparse.ArgumentParser]
    ) -> None:
        parser = subparsers.add_parser("pigeon", help="envoyer par pigeon voyageur")
        parser.add_argument("--nombre", type=int, default=1)
        parser.set_defaults(handler=lambda args: 0)


@pytest.fixture
def plugin() -> FullPlugin:
    return FullPlugin()


@pytest.fixture
def pm(plugin: FullPlugin) -> pluggy.PluginManager:
    return get_plugin_manager(autoload=False, plugins=[plugin])


def test_every_hookspec_is_answered_by_the_test_plugin(pm: pluggy.PluginManager) -> None:
    declared = {name for name in vars(hookspecs) if name.startswith("savcore_")}
    answered = {
        name for name in declared if getattr(pm.hook, name).get_hookimpls()
    }  # FullPlugin must keep up with hookspecs.py
    assert answered == declared


def test_transmitter_by_name(pm: pluggy.PluginManager, plugin: FullPlugin) -> None:
    assert transmitters(pm) == {"pigeon": plugin.transmitter}
    transmitter = get_transmitter("pigeon", pm)
    receipt = transmitter.send("FA-2025-0001", options={"service_code": "S1"})
    assert receipt.status is TransmissionStatus.SUBMITTED
    assert transmitter.status(receipt).status.label == "mise en paiement"


def test_importers_by_name_suffix_and_kind(pm: pluggy.PluginManager, plugin: FullPlugin) -> None:
    assert importers(pm) == {"tableur": plugin.importer}
    assert get_importer("tableur", pm) is plugin.importer
    assert importer_for("bordereau.XLSX", pm) is plugin.importer
    assert importer_for(Path("/tmp/parc.ods"), pm, kind="portfolio") is plugin.importer
    assert importer_for(".xlsx", pm) is plugin.importer
    with pytest.raises(PluginError, match=r"« \.xlsx »"):
        importer_for("x.xlsx", pm, kind="call-log")
    with pytest.raises(PluginError, match=r"« \.pdf »"):
        importer_for("x.pdf", pm)


def test_importer_suffix_ambiguity_is_refused(plugin: FullPlugin) -> None:
    class Second:
        @hookimpl
        def savcore_importers(self) -> list[Importer]:
            return [FakeImporter("calc", (".ods",))]

    pm = get_plugin_manager(autoload=False, plugins=[plugin, Second()])
    assert importer_for("a.xlsx", pm) is plugin.importer
    with pytest.raises(PluginError, match=r"calc, tableur prennent tous en charge « \.ods »"):
        importer_for("a.ods", pm)


def test_exporters_by_name_and_suffix(pm: pluggy.PluginManager, plugin: FullPlugin) -> None:
    assert exporters(pm) == {"csv": plugin.exporter}
    assert get_exporter("csv", pm) is plugin.exporter
    exporter = exporter_for("rapport.csv", pm)
    exporter.export(["r1"], Path("rapport.csv"))
    assert plugin.exporter.written == [(["r1"], Path("rapport.csv"))]
    with pytest.raises(PluginError, match="aucun format d'export"):
        exporter_for("rapport.xlsx", pm)


def test_index_providers_and_notifiers(pm: pluggy.PluginManager, plugin: FullPlugin) -> None:
    found = index_providers(pm)
    assert found["fichier"] is plugin.index_provider
    # the built-in CSV/JSON loader is always there beside the plugin's
    assert set(found) == {"fichier", "file"}
    provider = get_index_provider("fichier", pm)
    assert provider.fetch(["BT40"], date(2025, 1, 1), date(2025, 2, 1)) == [
        ("BT40", date(2025, 1, 1))
    ]
    assert notifiers(pm) == {"sms-test": plugin.notifier}
    notifier = get_notifier("sms-test", pm)
    assert notifier.channel is NotifierChannel.SMS
    notifier.send(Message("+33612345678", "", "Passage du technicien demain à 9 h"))
    assert plugin.notifier.outbox[0].to == ("+33612345678",)


def test_notification_hooks_reach_the_plugin(pm: pluggy.PluginManager, plugin: FullPlugin) -> None:
    pm.hook.savcore_invoice_issued(invoice="FA-2025-0002")
    event = CallEvent(CallEventKind.RINGING, "+33612345678", "+33140000000", AT, "call-1")
    pm.hook.savcore_call_event(event=event)
    assert plugin.issued == ["FA-2025-0002"]
    assert plugin.events == [event]


def test_cli_commands_hook_adds_a_subcommand(pm: pluggy.PluginManager) -> None:
    parser = argparse.ArgumentParser(prog="savcore")
    subparsers = parser.add_subparsers(dest="command")
    pm.hook.savcore_cli_commands(subparsers=subparsers)
    args = parser.parse_args(["pigeon", "--nombre", "3"])
    assert (args.command, args.nombre, args.handler(args)) == ("pigeon", 3, 0)


def test_a_plugin_may_accept_fewer_arguments_than_the_hook() -> None:
    seen: list[str] = []

    class Minimal:
        @hookimpl
        def savcore_invoice_issued(self) -> None:
            seen.append("called")

    pm = get_plugin_manager(autoload=False, plugins=[Minimal()])
    pm.hook.savcore_invoice_issued(invoice=object())
    assert seen == ["called"]


def test_duplicate_transmitter_names_are_refused(plugin: FullPlugin) -> None:
    class Copycat:
        @hookimpl
        def savcore_transmitters(self) -> list[Transmitter]:
            return [FakeTransmitter("pigeon")]

    pm = get_plugin_manager(autoload=False, plugins=[plugin, Copycat()])
    with pytest.raises(PluginError, match="moyen de transmission en double") as info:
        transmitters(pm)
    assert info.value.name == "pigeon"
    with pytest.raises(PluginError):
        get_transmitter("pigeon", pm)


def test_unknown_name_lists_the_known_ones(plugin: FullPlugin) -> None:
    class Other:
        @hookimpl
        def savcore_transmitters(self) -> list[Transmitter]:
            return [FakeTransmitter("chorus")]

    pm = get_plugin_manager(autoload=False, plugins=[plugin, Other()])
    with pytest.raises(PluginError) as info:
        get_transmitter("fax", pm)
    assert info.value.name == "fax"
    assert str(info.value) == (
        "extension 'fax' : moyen de transmission inconnu ; disponibles : chorus, pigeon"
    )
    for lookup in (get_importer, get_exporter, get_index_provider, get_notifier):
        with pytest.raises(PluginError, match="inconnu ; disponibles : "):
            lookup("inexistant", pm)


def test_unknown_name_without_any_provider() -> None:
    pm = get_plugin_manager(autoload=False)
    with pytest.raises(PluginError, match="disponibles : aucun n'est installé"):
        get_notifier("smtp", pm)


def test_an_answer_that_is_not_a_transmitter_is_refused() -> None:
    class Wrong:
        @hookimpl
        def savcore_transmitters(self) -> list[object]:
            return ["chorus"]

    pm = get_plugin_manager(autoload=False, plugins=[Wrong()])
    with pytest.raises(PluginError, match=r"savcore\.ports\.Transmitter"):
        transmitters(pm)


def test_a_misspelled_hook_is_refused_at_creation() -> None:
    class Typo:
        @hookimpl
        def savcore_transmiters(self) -> list[Transmitter]:
            return []

    with pytest.raises(PluginError, match="hook inconnu"):
        get_plugin_manager(autoload=False, plugins=[Typo()])


def test_a_hook_with_wrong_arguments_is_refused() -> None:
    class BadArgs:
        @hookimpl
        def savcore_invoice_issued(self, facture: Any) -> None:
            pass

    with pytest.raises(PluginError, match="ne respecte pas les hooks"):
        get_plugin_manager(autoload=False, plugins=[BadArgs()])


def test_the_same_plugin_twice_is_refused(plugin: FullPlugin) -> None:
    with pytest.raises(PluginError, match="enregistrée deux fois"):
        get_plugin_manager(autoload=False, plugins=[plugin, plugin])


def test_each_call_builds_a_fresh_manager(plugin: FullPlugin) -> None:
    first = get_plugin_manager(autoload=False, plugins=[plugin])
    second = get_plugin_manager(autoload=False)
    assert first is not second
    assert transmitters(second) == {}


def test_builtin_plugins_given_by_module_name(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    (tmp_path / "savcore_test_builtin.py").write_text(
        textwrap.dedent(
            """
            from savcore.hookspecs import hookimpl

            class _T:
                name = "builtin"
                def send(self, invoice, *, options=None): ...
                def status(self, receipt): ...

            @hookimpl
            def savcore_transmitters():
                return [_T()]
            """
        )
    )
    monkeypatch.syspath_prepend(str(tmp_path))
    monkeypatch.setattr(savcore.plugins, "BUILTIN_PLUGINS", ("savcore_test_builtin",))
    pm = get_plugin_manager(autoload=False)
    assert list(transmitters(pm)) == ["builtin"]
    assert pm.get_plugin("savcore_test_builtin") is not None


# --- autoload from real entry points ----------------------------------------------------------


def _install_fake_distribution(
    root: Path, module: str, body: str, *, dist: str = "savcore-fake", target: str | None = None
) -> None:
    """Lay out what pip would: a module and a ``*.dist-info`` with an entry point in ``savcore``."""
    (root / f"{module}.py").write_text(textwrap.dedent(body))
    info = root / f"{dist.replace('-', '_')}-1.0.dist-info"
    info.mkdir()
    (info / "METADATA").write_text(f"Metadata-Version: 2.1\nName: {dist}\nVersion: 1.0\n")
    (info / "entry_points.txt").write_text(f"[{ENTRY_POINT_GROUP}]\nfake = {target or module}\n")


FAKE_PLUGIN = """
    from savcore.errors import PluginError
    from savcore.hookspecs import hookimpl

    def _run(args):
        if args.casse:
            raise PluginError("fax", "télécopieur débranché")
        print("fax prêt")
        return 0

    @hookimpl
    def savcore_cli_commands(subparsers):
        parser = subparsers.add_parser("fax", help="télécopie")
        parser.add_argument("--casse", action="store_true")
        parser.set_defaults(handler=_run)

    class Fax:
        name = "fax"
        def send(self, invoice, *, options=None): ...
        def status(self, receipt): ...

    @hookimpl
    def savcore_transmitters():
        return [Fax()]
"""


@pytest.fixture
def fake_distribution(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> Path:
    monkeypatch.delenv(AUTOLOAD_ENV_VAR, raising=False)
    _install_fake_distribution(tmp_path, "savcore_fake_plugin", FAKE_PLUGIN)
    monkeypatch.syspath_prepend(str(tmp_path))
    return tmp_path


@pytest.mark.usefixtures("fake_distribution")
def test_autoload_registers_the_entry_point() -> None:
    pm = get_plugin_manager()
    assert "fax" in transmitters(pm)
    assert pm.get_plugin("fake") is not None
    assert get_transmitter("fax").name == "fax"  # pm=None builds a default manager


@pytest.mark.usefixtures("fake_distribution")
def test_an_installed_plugin_adds_a_savcore_subcommand(capsys: pytest.CaptureFixture[str]) -> None:
    from savcore.cli import main

    assert main(["fax"]) == 0
    assert main(["fax", "--casse"]) == 2
    out, err = capsys.readouterr()
    assert out == "fax prêt\n"
    assert "télécopieur débranché" in err


@pytest.mark.usefixtures("fake_distribution")
def test_autoload_false_skips_entry_points() -> None:
    pm = get_plugin_manager(autoload=False)
    assert pm.get_plugin("fake") is None
    assert "fax" not in transmitters(pm)


@pytest.mark.usefixtures("fake_distribution")
@pytest.mark.parametrize(
    ("value", "loaded"),
    [("1", False), ("yes", False), ("true", False), ("0", True), ("", True), ("false", True)],
)
def test_env_var_switches_autoload_off(
    monkeypatch: pytest.MonkeyPatch, value: str, loaded: bool
) -> None:
    monkeypatch.setenv(AUTOLOAD_ENV_VAR, value)
    assert (get_plugin_manager().get_plugin("fake") is not None) is loaded


@pytest.mark.usefixtures("fake_distribution")
def test_explicit_autoload_true_wins_over_the_env_var(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(AUTOLOAD_ENV_VAR, "1")
    assert get_plugin_manager(autoload=True).get_plugin("fake") is not None


def test_a_broken_entry_point_is_reported_by_name(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.delenv(AUTOLOAD_ENV_VAR, raising=False)
    _install_fake_distribution(
        tmp_path,
        "savcore_broken_plugin",
        "import module_that_does_not_exist_anywhere\n",
        dist="savcore-broken",
    )
    monkeypatch.syspath_prepend(str(tmp_path))
    with pytest.raises(PluginError) as info:
        get_plugin_manager()
    assert info.value.name == "fake"
    message = str(info.value)
    assert "savcore_broken_plugin" in message
    assert "savcore-broken" in message
    assert "module_that_does_not_exist_anywhere" in message
    get_plugin_manager(autoload=False)  # the broken plugin does not stop a manual setup


def test_an_entry_point_naming_a_missing_attribute_is_reported(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.delenv(AUTOLOAD_ENV_VAR, raising=False)
    _install_fake_distribution(
        tmp_path, "savcore_attr_plugin", "x = 1\n", target="savcore_attr_plugin:missing"
    )
    monkeypatch.syspath_prepend(str(tmp_path))
    with pytest.raises(PluginError, match="savcore_attr_plugin:missing"):
        get_plugin_manager()


# --- the value types of savcore.ports ---------------------------------------------------------


def test_receipt_and_call_event_need_an_aware_datetime() -> None:
    naive = datetime(2025, 3, 1, 9, 30)  # noqa: DTZ001 - refused on purpose
    with pytest.raises(ValidationError) as info:
        TransmissionReceipt("chorus", "FA-1", "R-1", TransmissionStatus.SUBMITTED, naive)
    assert (info.value.field, info.value.entity) == ("at", "TransmissionReceipt")
    with pytest.raises(ValidationError, match="at"):
        CallEvent(CallEventKind.DIAL, "", "+33140000000", naive, "call-2")


def test_receipt_refuses_a_status_given_as_string() -> None:
    with pytest.raises(TypeError):
        TransmissionReceipt("chorus", "FA-1", "R-1", "submitted", AT)  # type: ignore[arg-type]


def test_call_event_kinds() -> None:
    assert {k.value for k in CallEventKind} == {"ringing", "answered", "hangup", "dial"}
    with pytest.raises(ValidationError) as info:
        CallEvent(CallEventKind.HANGUP, "+33612345678", "+33140000000", AT, " ")
    assert info.value.field == "call_id"


def test_message_recipients_and_attachments() -> None:
    pdf = Attachment("FA-2025-0001.pdf", b"%PDF-1.7", "application/pdf")
    message = Message(["a@example.fr", "b@example.fr"], "Votre facture", "Bonjour,", [pdf])
    assert message.to == ("a@example.fr", "b@example.fr")
    assert message.attachments == (pdf,)
    with pytest.raises(ValidationError) as info:
        Message([], "Objet", "Corps")
    assert info.value.field == "to"
    with pytest.raises(ValidationError) as info:
        Message("a@example.fr", "Objet", "Corps", [b"raw"])  # type: ignore[list-item]
    assert info.value.field == "attachments"


def test_protocols_are_checked_structurally(plugin: FullPlugin) -> None:
    assert isinstance(plugin.transmitter, Transmitter)
    assert isinstance(plugin.importer, Importer)
    assert isinstance(plugin.exporter, Exporter)
    assert isinstance(plugin.index_provider, IndexProvider)
    assert isinstance(plugin.notifier, Notifier)
    not_a_transmitter: object = plugin.notifier
    assert not isinstance(not_a_transmitter, Transmitter)


def test_transmission_error_is_what_transmitters_raise() -> None:
    error = TransmissionError("chorus", "FA-1", "portail indisponible")
    assert str(error) == "chorus, FA-1 : portail indisponible"


@pytest.mark.parametrize("module", [savcore.plugins, savcore.ports])
def test_module_docstring_examples(module: Any) -> None:
    result = doctest.testmod(module, optionflags=doctest.ELLIPSIS)
    assert result.failed == 0
    assert result.attempted > 0
