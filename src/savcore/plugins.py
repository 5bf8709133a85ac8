"""The plugin manager, and look-ups of what plugins provide.

Nothing happens when this module is imported: :func:`get_plugin_manager` builds a fresh
``pluggy.PluginManager`` each time it is called, with the hooks of :mod:`savcore.hookspecs`, the
built-in plugins (:data:`BUILTIN_PLUGINS`), the plugins installed as distributions (entry-point
group ``savcore``) and the ones passed by the caller.

The helpers below gather the answers of the provider hooks by name and check them:

>>> from savcore.hookspecs import hookimpl
>>> class Pigeon:
...     name = "pigeon"
...     def send(self, invoice, *, options=None): ...
...     def status(self, receipt): ...
>>> class PigeonPlugin:
...     @hookimpl
...     def savcore_transmitters(self):
...         return [Pigeon()]
>>> pm = get_plugin_manager(autoload=False, plugins=[PigeonPlugin()])
>>> sorted(transmitters(pm))
['pigeon']
>>> get_transmitter("fax", pm)
Traceback (most recent call last):
    ...
savcore.errors.PluginError: extension 'fax' : moyen de transmission inconnu ; disponibles : pigeon
"""

from __future__ import annotations

import importlib
import importlib.metadata
import os
from collections.abc import Collection, Iterable, Sequence
from pathlib import PurePath
from typing import Any, Protocol, TypeVar

import pluggy

from savcore import hookspecs
from savcore.errors import PluginError
from savcore.ports import Exporter, Importer, IndexProvider, Notifier, Transmitter

__all__ = [
    "AUTOLOAD_ENV_VAR",
    "BUILTIN_PLUGINS",
    "ENTRY_POINT_GROUP",
    "exporter_for",
    "exporters",
    "get_exporter",
    "get_importer",
    "get_index_provider",
    "get_notifier",
    "get_plugin_manager",
    "get_transmitter",
    "importer_for",
    "importers",
    "index_providers",
    "notifiers",
    "transmitters",
]

ENTRY_POINT_GROUP = hookspecs.PROJECT_NAME
"""The setuptools entry-point group in which plugin distributions declare their module."""

AUTOLOAD_ENV_VAR = "SAVCORE_DISABLE_PLUGIN_AUTOLOAD"
"""When set to a true value (anything but empty, ``0``, ``false``, ``no``, ``off``), installed
plugins are not loaded unless ``get_plugin_manager(autoload=True)`` asks for them."""

BUILTIN_PLUGINS: tuple[str | object, ...] = ("savcore.revision.sources",)
"""Plugins shipped with the core, registered before any installed one. An entry is either a
plugin object or the dotted name of a module imported when a manager is built (prefer the
latter: it keeps ``import savcore`` light and free of import cycles)."""

_FALSE_WORDS = frozenset({"", "0", "false", "no", "off", "non"})

_T = TypeVar("_T")


class _FileFormat(Protocol):
    """What importers and exporters share: a name and the file suffixes they handle."""

    @property
    def name(self) -> str: ...

    @property
    def suffixes(self) -> Collection[str]: ...


_F = TypeVar("_F", bound=_FileFormat)


def _autoload_disabled_by_env() -> bool:
    return os.environ.get(AUTOLOAD_ENV_VAR, "").strip().lower() not in _FALSE_WORDS


def _register(pm: pluggy.PluginManager, plugin: object, name: str | None) -> None:
    """Register one plugin, turning pluggy's complaints into a French :class:`PluginError`."""
    label = name or getattr(plugin, "__name__", None) or type(plugin).__name__
    try:
        pm.register(plugin, name=name)
    except pluggy.PluginValidationError as exc:
        raise PluginError(label, f"ne respecte pas les hooks de savcore : {exc}") from exc
    except ValueError as exc:
        raise PluginError(label, f"enregistrée deux fois : {exc}") from exc


def _load_builtins(pm: pluggy.PluginManager) -> None:
    for entry in BUILTIN_PLUGINS:
        if isinstance(entry, str):
            try:
                module = importlib.import_module(entry)
            except Exception as exc:
                raise PluginError(
                    entry, f"extension intégrée impossible à importer : {exc}"
                ) from exc
            _register(pm, module, entry)
        else:
            _register(pm, entry, None)


def _load_entry_points(pm: pluggy.PluginManager) -> None:
    """Load every plugin declared in the ``savcore`` entry-point group of installed distributions.

    Mirrors ``PluginManager.load_setuptools_entrypoints`` but names the entry point at fault.
    """
    for ep in importlib.metadata.entry_points(group=ENTRY_POINT_GROUP):
        if pm.get_plugin(ep.name) is not None or pm.is_blocked(ep.name):
            continue
        dist = ep.dist.name if ep.dist is not None else "distribution inconnue"
        try:
            plugin = ep.load()
        except Exception as exc:
            raise PluginError(
                ep.name,
                f"point d'entrée {ep.value!r} (distribution {dist}) impossible à charger : "
                f"{type(exc).__name__}: {exc}",
            ) from exc
        _register(pm, plugin, ep.name)


def get_plugin_manager(
    *, autoload: bool | None = None, plugins: Iterable[object] = ()
) -> pluggy.PluginManager:
    """Build a plugin manager with savcore's hooks and its plugins.

    :param autoload: load the plugins installed as distributions (entry-point group ``savcore``).
        ``None`` (the default) means yes unless the environment variable
        ``SAVCORE_DISABLE_PLUGIN_AUTOLOAD`` is set to a true value; ``True`` or ``False`` decide
        regardless of the environment.
    :param plugins: extra plugin objects (modules, instances) registered last, e.g. in tests.
    :return: a new ``pluggy.PluginManager``; call hooks through ``pm.hook.savcore_...``.
    :raises PluginError: a plugin cannot be imported, is registered twice, or implements a hook
        that does not exist (misspelled name, wrong arguments); the message names it.
    """
    pm = pluggy.PluginManager(hookspecs.PROJECT_NAME)
    pm.add_hookspecs(hookspecs)
    _load_builtins(pm)
    if autoload is None:
        autoload = not _autoload_disabled_by_env()
    if autoload:
        _load_entry_points(pm)
    for plugin in plugins:
        _register(pm, plugin, None)
    try:
        pm.check_pending()
    except pluggy.PluginValidationError as exc:
        name = pm.get_name(exc.plugin) or repr(exc.plugin)
        raise PluginError(name, f"implémente un hook inconnu de savcore : {exc}") from exc
    return pm


# --- gathering provider answers ---------------------------------------------------------------


def _describe(obj: object) -> str:
    cls = type(obj)
    return f"{cls.__module__}.{cls.__qualname__}"


def _collect(
    answers: Sequence[Iterable[Any] | None], protocol: type[Any], what: str
) -> dict[str, Any]:
    """Flatten the lists returned by a provider hook into a dict by name, checking each answer.

    ``protocol`` is a runtime-checkable protocol of :mod:`savcore.ports` (typed ``type[Any]``:
    the type checker refuses a protocol class where ``type[T]`` is expected).
    """
    found: dict[str, Any] = {}
    for answer in answers:
        if answer is None:
            continue
        for item in answer:
            if not isinstance(item, protocol):
                raise PluginError(
                    _describe(item),
                    f"{what} invalide : l'objet ne respecte pas savcore.ports.{protocol.__name__}",
                )
            name = item.name
            if not isinstance(name, str) or not name:
                raise PluginError(_describe(item), f"{what} sans nom (attribut « name » vide)")
            if name in found:
                raise PluginError(
                    name,
                    f"{what} en double : fourni par {_describe(found[name])} "
                    f"et par {_describe(item)}",
                )
            found[name] = item
    return found


def _known(names: Iterable[str]) -> str:
    ordered = sorted(names)
    return ", ".join(ordered) if ordered else "aucun n'est installé"


def _pick(found: dict[str, _T], name: str, what: str) -> _T:
    try:
        return found[name]
    except KeyError:
        raise PluginError(name, f"{what} inconnu ; disponibles : {_known(found)}") from None


def _manager(pm: pluggy.PluginManager | None) -> pluggy.PluginManager:
    return get_plugin_manager() if pm is None else pm


_TRANSMITTER = "moyen de transmission"
_IMPORTER = "format d'import"
_EXPORTER = "format d'export"
_INDEX_PROVIDER = "source d'indices"
_NOTIFIER = "canal de notification"


def transmitters(pm: pluggy.PluginManager) -> dict[str, Transmitter]:
    """Every transmitter the plugins of ``pm`` provide, by name.

    :raises PluginError: two transmitters share a name, or an answer is not a Transmitter.
    """
    return _collect(pm.hook.savcore_transmitters(), Transmitter, _TRANSMITTER)


def get_transmitter(name: str, pm: pluggy.PluginManager | None = None) -> Transmitter:
    """The transmitter called ``name`` (a default plugin manager is built when ``pm`` is None).

    :raises PluginError: no such transmitter; the message lists the known ones.
    """
    return _pick(transmitters(_manager(pm)), name, _TRANSMITTER)


def importers(pm: pluggy.PluginManager) -> dict[str, Importer]:
    """Every importer the plugins of ``pm`` provide, by name.

    :raises PluginError: two importers share a name, or an answer is not an Importer.
    """
    return _collect(pm.hook.savcore_importers(), Importer, _IMPORTER)


def get_importer(name: str, pm: pluggy.PluginManager | None = None) -> Importer:
    """The importer called ``name``.

    :raises PluginError: no such importer; the message lists the known ones.
    """
    return _pick(importers(_manager(pm)), name, _IMPORTER)


def _suffix(path: str | os.PathLike[str]) -> str:
    text = os.fspath(path)
    if text.startswith(".") and "/" not in text and text.count(".") == 1:
        return text.lower()  # a bare suffix such as ".xlsx"
    return PurePath(text).suffix.lower()


def _by_suffix(candidates: Iterable[_F], suffix: str, what: str, path: str) -> _F:
    matching = [c for c in candidates if suffix in {s.lower() for s in c.suffixes}]
    if len(matching) == 1:
        return matching[0]
    if not matching:
        raise PluginError(
            path, f"aucun {what} ne prend en charge les fichiers « {suffix or '(sans extension)'} »"
        )
    names = ", ".join(sorted(c.name for c in matching))
    raise PluginError(
        path,
        f"{names} prennent tous en charge « {suffix} » : choisissez-en un par son nom",
    )


def importer_for(
    path: str | os.PathLike[str],
    pm: pluggy.PluginManager | None = None,
    *,
    kind: str | None = None,
) -> Importer:
    """The one importer that reads files like ``path`` (by suffix, ``.xlsx``; a bare suffix works
    too), restricted to those importing ``kind`` when given.

    :raises PluginError: no importer or more than one fits; then choose with :func:`get_importer`.
    """
    found = [imp for imp in importers(_manager(pm)).values() if kind is None or kind in imp.kinds]
    return _by_suffix(found, _suffix(path), _IMPORTER, os.fspath(path))


def exporters(pm: pluggy.PluginManager) -> dict[str, Exporter]:
    """Every exporter the plugins of ``pm`` provide, by name.

    :raises PluginError: two exporters share a name, or an answer is not an Exporter.
    """
    return _collect(pm.hook.savcore_exporters(), Exporter, _EXPORTER)


def get_exporter(name: str, pm: pluggy.PluginManager | None = None) -> Exporter:
    """The exporter called ``name``.

    :raises PluginError: no such exporter; the message lists the known ones.
    """
    return _pick(exporters(_manager(pm)), name, _EXPORTER)


def exporter_for(path: str | os.PathLike[str], pm: pluggy.PluginManager | None = None) -> Exporter:
    """The one exporter that writes files like ``path`` (by suffix).

    :raises PluginError: no exporter or more than one fits; then choose with :func:`get_exporter`.
    """
    return _by_suffix(exporters(_manager(pm)).values(), _suffix(path), _EXPORTER, os.fspath(path))


def index_providers(pm: pluggy.PluginManager) -> dict[str, IndexProvider]:
    """Every price index source the plugins of ``pm`` provide, by name.

    :raises PluginError: two sources share a name, or an answer is not an IndexProvider.
    """
    return _collect(pm.hook.savcore_index_providers(), IndexProvider, _INDEX_PROVIDER)


def get_index_provider(name: str, pm: pluggy.PluginManager | None = None) -> IndexProvider:
    """The price index source called ``name``.

    :raises PluginError: no such source; the message lists the known ones.
    """
    return _pick(index_providers(_manager(pm)), name, _INDEX_PROVIDER)


def notifiers(pm: pluggy.PluginManager) -> dict[str, Notifier]:
    """Every e-mail/SMS sender the plugins of ``pm`` provide, by name.

    :raises PluginError: two senders share a name, or an answer is not a Notifier.
    """
    return _collect(pm.hook.savcore_notifiers(), Notifier, _NOTIFIER)


def get_notifier(name: str, pm: pluggy.PluginManager | None = None) -> Notifier:
    """The e-mail/SMS sender called ``name``.

    :raises PluginError: no such sender; the message lists the known ones.
    """
    return _pick(notifiers(_manager(pm)), name, _NOTIFIER)
