"""The desk's preferences, typed, over QSettings (as Picard's ``config``/``options``).

Each preference is declared once with its key, type and default::

    settings = Settings()
    settings.language          # "" (the system's), "it" or "en"
    settings.language = "it"

Values live in an INI file under the user's configuration folder (organization and
application "GrantDesk"); tests point it elsewhere with ``QSettings.setPath``.
"""

from __future__ import annotations

import json
from typing import TYPE_CHECKING, Any, Generic, TypeVar, overload
from urllib.parse import urlsplit, urlunsplit

from PySide6.QtCore import QByteArray, QSettings

if TYPE_CHECKING:
    from grantdesk.services.database import Database

T = TypeVar("T")

ORGANIZATION = "GrantDesk"
APPLICATION = "GrantDesk"
MAX_RECENT = 8
MAX_OUR_ORGANIZATIONS = 32  # databases remembered with their "our organization"


def without_password(location: str) -> str:
    """*location* with any password removed from a ``scheme://user:password@host`` URL."""
    parts = urlsplit(location) if "://" in location else None
    if parts is None or parts.password is None:
        return location
    host = parts.hostname or ""
    if ":" in host:  # an IPv6 address
        host = f"[{host}]"
    netloc = f"{parts.username}@{host}" if parts.username else host
    if parts.port:
        netloc += f":{parts.port}"
    return urlunsplit(parts._replace(netloc=netloc))


def database_key(db: Database) -> str:
    """One name per database, however it was opened: the resolved file path, or the
    server URL without password (``…/a.db`` and ``./a.db`` are the same desk)."""
    path = db.target.path
    if path is not None:
        return str(path)
    return without_password(db.target.url.render_as_string(hide_password=False))


class Option(Generic[T]):
    """A typed preference: reading gives the stored value or the default."""

    def __init__(self, key: str, default: T) -> None:
        self.key = key
        self.default = default

    @overload
    def __get__(self, owner: None, cls: type) -> Option[T]: ...
    @overload
    def __get__(self, owner: Settings, cls: type) -> T: ...
    def __get__(self, owner: Settings | None, cls: type) -> Option[T] | T:
        if owner is None:
            return self
        return owner.read(self)

    def __set__(self, owner: Settings, value: T) -> None:
        owner.qsettings.setValue(self.key, value)


class Settings:
    """GrantDesk's preferences, each with a default."""

    language: Option[str] = Option("interface/language", "")  # "" follows the system
    last_view: Option[str] = Option("interface/last_view", "home")
    last_database: Option[str] = Option("database/last", "")
    recent_databases: Option[list[str]] = Option("database/recent", [])
    window_geometry: Option[QByteArray] = Option("window/geometry", QByteArray())
    window_state: Option[QByteArray] = Option("window/state", QByteArray())
    # {database key: organization id}, as JSON: an id means something in one database only.
    our_organizations: Option[str] = Option("eligibility/our_organizations", "")
    review_after_years: Option[int] = Option("privacy/review_after_years", 2)  # GDPR retention

    def __init__(self, qsettings: QSettings | None = None) -> None:
        self.qsettings = qsettings or QSettings(
            QSettings.Format.IniFormat, QSettings.Scope.UserScope, ORGANIZATION, APPLICATION
        )

    def read(self, option: Option[T]) -> T:
        """The stored value of *option*, converted to its type, or its default."""
        raw: Any = self.qsettings.value(option.key)
        default = option.default
        if raw is None:
            return default
        if isinstance(default, list):
            # INI files give back a one-item list as a plain string.
            items = [raw] if isinstance(raw, str) else list(raw)
            return [str(i) for i in items if i]  # type: ignore[return-value]
        if isinstance(default, QByteArray):
            return raw if isinstance(raw, QByteArray) else default  # type: ignore[return-value]
        return type(default)(raw)  # type: ignore[call-arg]

    def splitter_state(self, view: str) -> QByteArray:
        """Where the user left the list/detail divider of *view*."""
        raw = self.qsettings.value(f"views/{view}/splitter")
        return raw if isinstance(raw, QByteArray) else QByteArray()

    def set_splitter_state(self, view: str, state: QByteArray) -> None:
        self.qsettings.setValue(f"views/{view}/splitter", state)

    def add_recent(self, location: str) -> None:
        """Put *location* first among the recent databases and remember it as the last.

        A password inside a URL is dropped: passwords belong in the keyring only.
        """
        location = without_password(location)
        recent = [loc for loc in self.recent_databases if loc != location]
        self.recent_databases = [location, *recent][:MAX_RECENT]
        self.last_database = location

    def our_organization(self, database: str) -> int | None:
        """The organization the desk works for in *database* (see :func:`database_key`)."""
        value = self._our_organizations().get(database)
        return value if isinstance(value, int) and not isinstance(value, bool) else None

    def set_our_organization(self, database: str, organization_id: int | None) -> None:
        """Remember (or, with None, forget) the desk's organization in *database*."""
        chosen = {k: v for k, v in self._our_organizations().items() if k != database}
        if organization_id is not None:
            chosen = {database: organization_id, **chosen}  # newest first, oldest dropped
        kept = dict(list(chosen.items())[:MAX_OUR_ORGANIZATIONS])
        self.our_organizations = json.dumps(kept, ensure_ascii=False) if kept else ""

    def _our_organizations(self) -> dict[str, Any]:
        try:
            value = json.loads(self.our_organizations or "{}")
        except ValueError:  # edited by hand: start again rather than fail
            return {}
        return value if isinstance(value, dict) else {}

    def sync(self) -> None:
        """Write pending changes to disk now."""
        self.qsettings.sync()
