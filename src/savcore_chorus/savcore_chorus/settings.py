"""Credentials and hosts: the PISTE application, the Chorus Pro technical account, the URLs.

Secrets are wrapped in :class:`Secret`, whose ``repr`` and ``str`` never show the value: an
object holding credentials can be printed, logged or put in an exception safely.

>>> creds = Credentials("app-id", Secret("s3cr3t"), "TECH_1_x@cpro.fr", Secret("pw"))
>>> creds
Credentials(client_id='app-id', client_secret=Secret('********'), login='TECH_1_x@cpro.fr', password=Secret('********'))
>>> Hosts.sandbox().api
'https://sandbox-api.piste.gouv.fr'
"""

from __future__ import annotations

import base64
import os
from collections.abc import Mapping

import attrs

from savcore_chorus.errors import ChorusError

__all__ = ["ENV_PREFIX", "Credentials", "Hosts", "Secret"]

ENV_PREFIX = "SAVCORE_CHORUS_"
"""Prefix of the environment variables read by :meth:`Credentials.from_environment` and
:meth:`Hosts.from_environment`."""


@attrs.frozen(repr=False, eq=False)
class Secret:
    """A secret value (password, client secret, token) that never shows in a repr or a str."""

    _value: str = attrs.field(alias="value")

    def reveal(self) -> str:
        """The value itself: only for the HTTP request that needs it."""
        return self._value

    def __repr__(self) -> str:
        return "Secret('********')"

    def __str__(self) -> str:
        return "********"

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Secret) and other._value == self._value

    def __hash__(self) -> int:
        return hash(self._value)

    def __bool__(self) -> bool:
        return bool(self._value)


def _secret(value: str | Secret) -> Secret:
    return value if isinstance(value, Secret) else Secret(value)


@attrs.frozen
class Credentials:
    """What Chorus Pro needs on every call: the PISTE application (OAuth2 client credentials) and
    the Chorus Pro technical account (``compte technique``, sent as the ``cpro-account`` header)."""

    client_id: str
    client_secret: Secret = attrs.field(converter=_secret)
    login: str
    password: Secret = attrs.field(converter=_secret)

    def account_header(self) -> str:
        """The ``cpro-account`` header value: base64 of ``login:password``."""
        raw = f"{self.login}:{self.password.reveal()}".encode()
        return base64.b64encode(raw).decode("ascii")

    def secrets(self) -> tuple[str, ...]:
        """The secret values, for tests that check they never leak."""
        return (self.client_secret.reveal(), self.password.reveal(), self.account_header())

    @classmethod
    def from_environment(cls, environ: Mapping[str, str] | None = None) -> Credentials:
        """Read ``SAVCORE_CHORUS_CLIENT_ID``, ``_CLIENT_SECRET``, ``_LOGIN`` and ``_PASSWORD``.

        :raises ChorusError: a variable is missing or empty (the message names the missing ones,
            never a value).
        """
        env = os.environ if environ is None else environ
        names = ("CLIENT_ID", "CLIENT_SECRET", "LOGIN", "PASSWORD")
        values = {name: env.get(ENV_PREFIX + name, "").strip() for name in names}
        missing = [ENV_PREFIX + name for name, value in values.items() if not value]
        if missing:
            raise ChorusError(
                "identifiants Chorus Pro manquants : définissez " + ", ".join(missing)
            )
        return cls(
            values["CLIENT_ID"],
            Secret(values["CLIENT_SECRET"]),
            values["LOGIN"],
            Secret(values["PASSWORD"]),
        )


@attrs.frozen
class Hosts:
    """Where the PISTE token endpoint and the Chorus Pro API live (overridable for tests)."""

    token_url: str
    api: str
    name: str = "custom"

    @classmethod
    def sandbox(cls) -> Hosts:
        """The qualification (sandbox) environment."""
        return cls(
            "https://sandbox-oauth.piste.gouv.fr/api/oauth/token",
            "https://sandbox-api.piste.gouv.fr",
            "sandbox",
        )

    @classmethod
    def production(cls) -> Hosts:
        """The production environment."""
        return cls(
            "https://oauth.piste.gouv.fr/api/oauth/token", "https://api.piste.gouv.fr", "production"
        )

    @classmethod
    def from_environment(cls, environ: Mapping[str, str] | None = None) -> Hosts:
        """``SAVCORE_CHORUS_ENV`` (``sandbox``, the default, or ``production``), then
        ``SAVCORE_CHORUS_TOKEN_URL`` and ``SAVCORE_CHORUS_API_URL`` to override either URL."""
        env = os.environ if environ is None else environ
        which = env.get(ENV_PREFIX + "ENV", "sandbox").strip().lower() or "sandbox"
        if which in ("sandbox", "qualification", "qualif"):
            hosts = cls.sandbox()
        elif which in ("production", "prod"):
            hosts = cls.production()
        else:
            raise ChorusError(
                f"{ENV_PREFIX}ENV vaut {which!r} : « sandbox » ou « production » attendu"
            )
        token = env.get(ENV_PREFIX + "TOKEN_URL", "").strip()
        api = env.get(ENV_PREFIX + "API_URL", "").strip()
        if token or api:
            hosts = cls(token or hosts.token_url, (api or hosts.api).rstrip("/"), hosts.name)
        return hosts
