"""Co-design processes (Art. 55 CTS): applications, tables (meetings), commitments."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal

from sqlalchemy import Boolean, Date, ForeignKey, Index, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from grantdesk.db.models.base import Base, Theme, Versioned, theme_link, vocab
from grantdesk.db.models.organizations import Organization, Person
from grantdesk.db.types import Money, Quantity, UTCDateTime
from grantdesk.domain.money import round_cents
from grantdesk.domain.vocab import ApplicationOutcome, CoDesignStatus, CommitmentKind

codesign_theme = theme_link("codesign_process")


class CoDesignProcess(Versioned, Base):
    """A co-progettazione from the decision to start to monitoring and closure."""

    __tablename__ = "codesign_process"
    __table_args__ = (Index("ix_codesign_process_title", "title", "id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    promoter_id: Mapped[int | None] = mapped_column(
        ForeignKey("organization.id", ondelete="RESTRICT"), index=True
    )
    title: Mapped[str] = mapped_column(String(500))
    cup: Mapped[str | None] = mapped_column(String(15))
    rup: Mapped[str | None] = mapped_column(String(200))
    budget: Mapped[Decimal | None] = mapped_column("budget_cents", Money)
    duration_months: Mapped[int | None] = mapped_column(Integer)
    territory: Mapped[str | None] = mapped_column(String(300))
    description: Mapped[str | None] = mapped_column(Text)
    status: Mapped[CoDesignStatus] = mapped_column(
        vocab(CoDesignStatus), default=CoDesignStatus.DECISION
    )
    decided_on: Mapped[date | None] = mapped_column(Date)
    notice_published_on: Mapped[date | None] = mapped_column(Date)
    applications_due_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    approved_on: Mapped[date | None] = mapped_column(Date)
    agreement_signed_on: Mapped[date | None] = mapped_column(Date)
    closed_on: Mapped[date | None] = mapped_column(Date)
    search_text: Mapped[str] = mapped_column(Text, default="")

    promoter: Mapped[Organization | None] = relationship()
    themes: Mapped[list[Theme]] = relationship(secondary=codesign_theme)
    applications: Mapped[list[CoDesignApplication]] = relationship(
        back_populates="process", cascade="all, delete-orphan"
    )
    meetings: Mapped[list[Meeting]] = relationship(
        back_populates="process", cascade="all, delete-orphan", order_by="Meeting.held_at"
    )
    commitments: Mapped[list[Commitment]] = relationship(
        back_populates="process", cascade="all, delete-orphan"
    )


class CoDesignApplication(Versioned, Base):
    """A manifestazione di interesse: admitted or excluded with a reason."""

    __tablename__ = "codesign_application"
    __table_args__ = (
        UniqueConstraint("process_id", "organization_id", name="uq_codesign_application_org"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    process_id: Mapped[int] = mapped_column(ForeignKey("codesign_process.id", ondelete="CASCADE"))
    organization_id: Mapped[int] = mapped_column(
        ForeignKey("organization.id", ondelete="RESTRICT"), index=True
    )
    received_on: Mapped[date | None] = mapped_column(Date)
    outcome: Mapped[ApplicationOutcome] = mapped_column(
        vocab(ApplicationOutcome), default=ApplicationOutcome.PENDING
    )
    exclusion_reason: Mapped[str | None] = mapped_column(Text)

    process: Mapped[CoDesignProcess] = relationship(back_populates="applications")
    organization: Mapped[Organization] = relationship()


class Meeting(Versioned, Base):
    """A tavolo di co-progettazione: agenda, minutes, decisions."""

    __tablename__ = "meeting"

    id: Mapped[int] = mapped_column(primary_key=True)
    process_id: Mapped[int] = mapped_column(
        ForeignKey("codesign_process.id", ondelete="CASCADE"), index=True
    )
    held_at: Mapped[datetime] = mapped_column(UTCDateTime)
    place: Mapped[str | None] = mapped_column(String(300))
    agenda: Mapped[str | None] = mapped_column(Text)
    minutes: Mapped[str | None] = mapped_column(Text)
    decisions: Mapped[str | None] = mapped_column(Text)

    process: Mapped[CoDesignProcess] = relationship(back_populates="meetings")
    attendees: Mapped[list[MeetingAttendee]] = relationship(cascade="all, delete-orphan")
    action_items: Mapped[list[ActionItem]] = relationship(cascade="all, delete-orphan")


class MeetingAttendee(Base):
    """A person present at a meeting (and the body they represented)."""

    __tablename__ = "meeting_attendee"

    meeting_id: Mapped[int] = mapped_column(
        ForeignKey("meeting.id", ondelete="CASCADE"), primary_key=True
    )
    person_id: Mapped[int] = mapped_column(
        ForeignKey("person.id", ondelete="CASCADE"), primary_key=True, index=True
    )
    organization_id: Mapped[int | None] = mapped_column(
        ForeignKey("organization.id", ondelete="SET NULL")
    )

    person: Mapped[Person] = relationship()
    organization: Mapped[Organization | None] = relationship()


class ActionItem(Versioned, Base):
    """Something a meeting decided someone must do by a date."""

    __tablename__ = "action_item"

    id: Mapped[int] = mapped_column(primary_key=True)
    meeting_id: Mapped[int] = mapped_column(
        ForeignKey("meeting.id", ondelete="CASCADE"), index=True
    )
    description: Mapped[str] = mapped_column(Text)
    owner: Mapped[str | None] = mapped_column(String(120))
    due_on: Mapped[date | None] = mapped_column(Date, index=True)
    done: Mapped[bool] = mapped_column(Boolean, default=False)


class Commitment(Versioned, Base):
    """Resources a body pledges: money, hours, spaces, goods, services — valued in euro."""

    __tablename__ = "commitment"

    id: Mapped[int] = mapped_column(primary_key=True)
    process_id: Mapped[int] = mapped_column(
        ForeignKey("codesign_process.id", ondelete="CASCADE"), index=True
    )
    organization_id: Mapped[int] = mapped_column(
        ForeignKey("organization.id", ondelete="RESTRICT"), index=True
    )
    kind: Mapped[CommitmentKind] = mapped_column(vocab(CommitmentKind))
    description: Mapped[str] = mapped_column(String(500), default="")
    quantity: Mapped[Decimal] = mapped_column(Quantity, default=Decimal(1))
    unit: Mapped[str | None] = mapped_column(String(40))
    unit_value: Mapped[Decimal] = mapped_column("unit_value_cents", Money, default=Decimal(0))
    budget_line_id: Mapped[int | None] = mapped_column(
        ForeignKey("budget_line.id", ondelete="SET NULL")
    )

    process: Mapped[CoDesignProcess] = relationship(back_populates="commitments")
    organization: Mapped[Organization] = relationship()

    @property
    def value(self) -> Decimal:
        """Quantity × unit value, rounded half-up to the cent."""
        return round_cents(self.quantity * self.unit_value)
