"""Whole-database chores of the demo load: is anything there, empty it, count, fix sequences."""

from __future__ import annotations

from sqlalchemy import Connection, func, select, text
from sqlalchemy.orm import Session

from grantdesk.db.models import AuditEntry, Base

# An audit entry alone (e.g. "database created") is not user data worth protecting.
_IGNORED = {AuditEntry.__tablename__}


def tables_with_rows(session: Session) -> list[str]:
    """Names of the tables (other than the audit log) that hold at least one row."""
    found = []
    for table in Base.metadata.sorted_tables:
        if table.name in _IGNORED:
            continue
        if session.execute(select(1).select_from(table).limit(1)).first() is not None:
            found.append(table.name)
    return found


def empty_all_tables(session: Session, dialect: str) -> None:
    """Delete every row of every table, inside the caller's transaction.

    PostgreSQL truncates and restarts the id sequences (both transactional there), so a
    forced load gets the same ids as a load into a new database; SQLite reuses ids after
    ``max(id)`` by itself once the rows are gone.
    """
    tables = Base.metadata.sorted_tables
    if dialect == "postgresql":
        names = ", ".join(f'"{t.name}"' for t in tables)
        session.execute(text(f"TRUNCATE {names} RESTART IDENTITY CASCADE"))
        return
    for table in reversed(tables):
        session.execute(table.delete())


def reset_sequences(conn: Connection) -> None:
    """Point each PostgreSQL id sequence past the largest id (rows were inserted with ids)."""
    for table in Base.metadata.sorted_tables:
        if "id" not in table.c or not table.c.id.primary_key:
            continue
        conn.execute(
            text(
                f"SELECT setval(pg_get_serial_sequence('\"{table.name}\"', 'id'), "
                f'COALESCE(MAX(id), 0) + 1, false) FROM "{table.name}"'
            )
        )


def count_rows(session: Session) -> dict[str, int]:
    """Rows per table, by table name."""
    counts = {}
    for table in sorted(Base.metadata.sorted_tables, key=lambda t: t.name):
        query = select(func.count()).select_from(table)
        counts[table.name] = int(session.execute(query).scalar_one())
    return counts
