"""The register of bodies (third-sector and others), their documents and their contacts."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import Date, ForeignKey, Index, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from grantdesk.db.models.base import Base, Theme, Versioned, theme_link, vocab
from grantdesk.db.types import UTCDateTime
from grantdesk.domain.vocab import LegalForm

organization_theme = theme_link("organization")


class Organization(Versioned, Base):
    """A body that applies, partners, funds co-design or promotes it."""

    __tablename__ = "organization"
    __table_args__ = (
        Index("ix_organization_municipality", "municipality"),
        Index("ix_organization_name", "name", "id"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(300))
    legal_form: Mapped[LegalForm] = mapped_column(vocab(LegalForm), default=LegalForm.OTHER)
    codice_fiscale: Mapped[str | None] = mapped_column(String(16), unique=True)
    partita_iva: Mapped[str | None] = mapped_column(String(11))
    runts_number: Mapped[str | None] = mapped_column(String(40))
    runts_registered_on: Mapped[date | None] = mapped_column(Date)
    iban: Mapped[str | None] = mapped_column(String(34))
    address: Mapped[str | None] = mapped_column(String(300))
    postal_code: Mapped[str | None] = mapped_column(String(10))
    municipality: Mapped[str | None] = mapped_column(String(120))
    province: Mapped[str | None] = mapped_column(String(2))
    region: Mapped[str | None] = mapped_column(String(60))
    neighbourhood: Mapped[str | None] = mapped_column(String(120))
    email: Mapped[str | None] = mapped_column(String(200))
    phone: Mapped[str | None] = mapped_column(String(40))
    website: Mapped[str | None] = mapped_column(String(500))
    volunteers: Mapped[int | None] = mapped_column(Integer)
    staff: Mapped[int | None] = mapped_column(Integer)
    notes: Mapped[str | None] = mapped_column(Text)
    search_text: Mapped[str] = mapped_column(Text, default="")

    themes: Mapped[list[Theme]] = relationship(secondary=organization_theme)
    # Contacts outlive their organization (the key is SET NULL): erasing a person is a
    # deliberate GDPR action, never a side effect of deleting a body.
    people: Mapped[list[Person]] = relationship(back_populates="organization", passive_deletes=True)
    documents: Mapped[list[OrganizationDocument]] = relationship(
        back_populates="organization", cascade="all, delete-orphan"
    )


class OrganizationDocument(Versioned, Base):
    """A paper on file (statute, approved accounts, volunteers' insurance, DURC…)."""

    __tablename__ = "organization_document"

    id: Mapped[int] = mapped_column(primary_key=True)
    organization_id: Mapped[int] = mapped_column(
        ForeignKey("organization.id", ondelete="CASCADE"), index=True
    )
    kind: Mapped[str] = mapped_column(String(40))
    title: Mapped[str] = mapped_column(String(300))
    issued_on: Mapped[date | None] = mapped_column(Date)
    expires_on: Mapped[date | None] = mapped_column(Date, index=True)
    file_path: Mapped[str | None] = mapped_column(String(1000))

    organization: Mapped[Organization] = relationship(back_populates="documents")


class Person(Versioned, Base):
    """A contact of an organization. Personal data: consent and purpose are recorded."""

    __tablename__ = "person"

    id: Mapped[int] = mapped_column(primary_key=True)
    organization_id: Mapped[int | None] = mapped_column(
        ForeignKey("organization.id", ondelete="SET NULL"), index=True
    )
    first_name: Mapped[str] = mapped_column(String(120))
    last_name: Mapped[str] = mapped_column(String(120))
    role: Mapped[str | None] = mapped_column(String(120))
    email: Mapped[str | None] = mapped_column(String(200))
    phone: Mapped[str | None] = mapped_column(String(40))
    consent_on: Mapped[date | None] = mapped_column(Date)
    consent_purpose: Mapped[str | None] = mapped_column(String(300))
    last_activity_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    notes: Mapped[str | None] = mapped_column(Text)

    organization: Mapped[Organization | None] = relationship(back_populates="people")

    @property
    def full_name(self) -> str:
        """First and last name."""
        return f"{self.first_name} {self.last_name}".strip()
