"""Schema migrations: create and upgrade the database, check its integrity.

Alembic is imported only when a migration has to run: at a normal start the stored
revision is compared with ``HEAD`` directly, which keeps start-up fast.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any

from sqlalchemy import Engine, inspect, text

# The newest migration's revision id; a test checks it matches the migration scripts.
HEAD = "0002_call_search"


class SchemaState(StrEnum):
    EMPTY = "empty"
    CURRENT = "current"
    OUTDATED = "outdated"
    NEWER = "newer"
    FOREIGN = "foreign"


class SchemaError(RuntimeError):
    """The database is not GrantDesk's, or was written by a newer GrantDesk."""


def stored_revision(engine: Engine) -> str | None:
    """The Alembic revision recorded in the database, or None."""
    with engine.connect() as conn:
        if not inspect(conn).has_table("alembic_version"):
            return None
        return conn.execute(text("SELECT version_num FROM alembic_version")).scalar()


def schema_state(engine: Engine) -> SchemaState:
    """Is the database empty, current, behind, ahead, or somebody else's?"""
    revision = stored_revision(engine)
    if revision == HEAD:
        return SchemaState.CURRENT
    if revision is None:
        with engine.connect() as conn:
            tables = inspect(conn).get_table_names()
        return SchemaState.FOREIGN if tables else SchemaState.EMPTY
    return SchemaState.OUTDATED if revision in _known_revisions() else SchemaState.NEWER


def _alembic_config() -> Any:
    from alembic.config import Config

    cfg = Config()
    cfg.set_main_option("script_location", "grantdesk.db:migrations")
    return cfg


def _known_revisions() -> set[str]:
    from alembic.script import ScriptDirectory

    return {r.revision for r in ScriptDirectory.from_config(_alembic_config()).walk_revisions()}


def upgrade(engine: Engine) -> bool:
    """Bring the schema to ``HEAD``; True when something was migrated."""
    state = schema_state(engine)
    if state is SchemaState.CURRENT:
        return False
    if state is SchemaState.FOREIGN:
        raise SchemaError("the database holds tables that are not GrantDesk's")
    if state is SchemaState.NEWER:
        raise SchemaError("the database was written by a newer GrantDesk")
    from alembic import command

    cfg = _alembic_config()
    with engine.begin() as conn:
        cfg.attributes["connection"] = conn
        command.upgrade(cfg, "head")
    return True


@dataclass
class CheckReport:
    """What ``grantdesk db check`` found; ``ok`` only when every list is empty."""

    state: SchemaState
    integrity: list[str] = field(default_factory=list)
    foreign_keys: list[str] = field(default_factory=list)
    drift: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return (
            self.state is SchemaState.CURRENT
            and not self.integrity
            and not self.foreign_keys
            and not self.drift
        )


def check(engine: Engine) -> CheckReport:
    """Schema revision, storage integrity, dangling references and model drift."""
    report = CheckReport(schema_state(engine))
    if report.state is not SchemaState.CURRENT:
        return report
    with engine.connect() as conn:
        if conn.dialect.name == "sqlite":
            rows = [r[0] for r in conn.exec_driver_sql("PRAGMA integrity_check")]
            report.integrity = [] if rows == ["ok"] else rows
            report.foreign_keys = [
                f"{r[0]} row {r[1]} → {r[2]}"
                for r in conn.exec_driver_sql("PRAGMA foreign_key_check")
            ]
        else:
            conn.execute(text("SELECT count(*) FROM pg_catalog.pg_class"))
        report.drift = _drift(conn)
    return report


def _drift(conn: Any) -> list[str]:
    from alembic.autogenerate import compare_metadata
    from alembic.migration import MigrationContext

    from grantdesk.db.models import Base

    ctx = MigrationContext.configure(conn, opts={"compare_type": False, "include_name": _modelled})
    return [str(diff) for diff in compare_metadata(ctx, Base.metadata)]


# Search machinery made by migration 0002_call_search and deliberately not in the models.
_UNMODELLED = {
    "table": ("call_fts",),  # the FTS5 table and its shadow tables call_fts_*
    "column": ("search_vector",),
    "index": ("ix_call_search_vector",),
}


def _modelled(name: str | None, type_: str, _parents: Any) -> bool:
    """Drift filter: False for the search objects that exist only in the migrations."""
    return not (name and name.startswith(_UNMODELLED.get(type_, ())))
