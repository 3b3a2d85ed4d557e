"""Declarative base, shared column helpers and the theme tag list shared by every aggregate."""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum
from typing import Any

from sqlalchemy import Column, Enum, ForeignKey, Integer, MetaData, String, Table
from sqlalchemy.orm import DeclarativeBase, Mapped, declared_attr, mapped_column

from grantdesk.db.types import UTCDateTime
from grantdesk.domain.dates import now_utc

NAMING = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


class Base(DeclarativeBase):
    """Base of every GrantDesk table (constraint names are stable across databases)."""

    metadata = MetaData(naming_convention=NAMING)


def vocab(enum: type[StrEnum], length: int = 24) -> Enum:
    """A vocabulary column: stored as its ASCII code, no native enum type on PostgreSQL."""
    return Enum(
        enum,
        native_enum=False,
        create_constraint=False,
        length=length,
        values_callable=lambda e: [m.value for m in e],
        validate_strings=True,
    )


class Versioned:
    """Optimistic locking and UTC timestamps for every editable table.

    A save made from a stale copy raises ``StaleDataError``: two desks editing the same
    record never silently overwrite each other.
    """

    version: Mapped[int] = mapped_column(Integer, nullable=False, default=1)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, nullable=False, default=now_utc)
    updated_at: Mapped[datetime] = mapped_column(
        UTCDateTime, nullable=False, default=now_utc, onupdate=now_utc
    )

    @declared_attr.directive
    def __mapper_args__(cls) -> dict[str, Any]:
        return {"version_id_col": cls.__table__.c.version}  # type: ignore[attr-defined]


class Theme(Base):
    """A theme tag (povertà, anziani, giovani…) shared by calls, bodies, processes, practices."""

    __tablename__ = "theme"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(80), unique=True)


def theme_link(owner: str) -> Table:
    """The association table between *owner* and ``theme``."""
    return Table(
        f"{owner}_theme",
        Base.metadata,
        Column(f"{owner}_id", ForeignKey(f"{owner}.id", ondelete="CASCADE"), primary_key=True),
        Column("theme_id", ForeignKey("theme.id", ondelete="CASCADE"), primary_key=True),
    )
