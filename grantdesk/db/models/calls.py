"""Funders, their calls (with rule parameters and required attachments) and deadlines."""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from sqlalchemy import (
    JSON,
    Boolean,
    CheckConstraint,
    ForeignKey,
    Index,
    Integer,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from grantdesk.db.models.base import Base, Theme, Versioned, theme_link, vocab
from grantdesk.db.types import Money, Percent, UTCDateTime
from grantdesk.domain.vocab import CallStatus, DeadlineKind, FunderKind

if TYPE_CHECKING:
    from grantdesk.db.models.codesign import CoDesignProcess
    from grantdesk.db.models.proposals import Proposal

call_theme = theme_link("call")


class Funder(Versioned, Base):
    """Who issues calls: a bank foundation, the Region, a municipality, the EU…"""

    __tablename__ = "funder"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(200), unique=True)
    kind: Mapped[FunderKind] = mapped_column(vocab(FunderKind), default=FunderKind.OTHER)
    website: Mapped[str | None] = mapped_column(String(500))
    notes: Mapped[str | None] = mapped_column(Text)

    calls: Mapped[list[Call]] = relationship(back_populates="funder")


class Call(Versioned, Base):
    """A bando/avviso: its money limits, its rules and its triage status.

    Rule parameters are nullable: an empty value means the call sets no such rule.
    """

    __tablename__ = "call"
    __table_args__ = (
        UniqueConstraint("source", "external_id", name="uq_call_source_external_id"),
        Index("ix_call_status", "status"),
        Index("ix_call_funder_id", "funder_id"),
        # The lists' default order: an index lets a page be read without sorting every row.
        Index("ix_call_title", "title", "id"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    funder_id: Mapped[int] = mapped_column(ForeignKey("funder.id", ondelete="RESTRICT"))
    code: Mapped[str | None] = mapped_column(String(80))
    title: Mapped[str] = mapped_column(String(500))
    description: Mapped[str | None] = mapped_column(Text)
    territory: Mapped[str | None] = mapped_column(String(300))
    url: Mapped[str | None] = mapped_column(String(1000))
    status: Mapped[CallStatus] = mapped_column(vocab(CallStatus), default=CallStatus.NEW)
    no_go_reason: Mapped[str | None] = mapped_column(Text)
    # Eligible applicant types: a list of LegalForm codes; empty means anyone.
    eligible_forms: Mapped[list[str]] = mapped_column(JSON, default=list)
    min_grant: Mapped[Decimal | None] = mapped_column("min_grant_cents", Money)
    max_grant: Mapped[Decimal | None] = mapped_column("max_grant_cents", Money)
    min_total_cost: Mapped[Decimal | None] = mapped_column("min_total_cost_cents", Money)
    max_total_cost: Mapped[Decimal | None] = mapped_column("max_total_cost_cents", Money)
    min_cofinancing_pct: Mapped[Decimal | None] = mapped_column(Percent)
    max_grant_pct: Mapped[Decimal | None] = mapped_column(Percent)
    overhead_cap_pct: Mapped[Decimal | None] = mapped_column(Percent)
    volunteer_time_allowed: Mapped[bool | None] = mapped_column(Boolean)
    volunteer_hourly_value: Mapped[Decimal | None] = mapped_column(
        "volunteer_hourly_value_cents", Money
    )
    min_partners: Mapped[int | None] = mapped_column(Integer)
    min_third_sector_partners: Mapped[int | None] = mapped_column(Integer)
    min_duration_months: Mapped[int | None] = mapped_column(Integer)
    max_duration_months: Mapped[int | None] = mapped_column(Integer)
    # Budget categories this call uses (codes or free names); empty: the default set.
    budget_categories: Mapped[list[str]] = mapped_column(JSON, default=list)
    # RFC 5545 RRULE for calls that come back (a foundation's yearly sessions).
    recurrence: Mapped[str | None] = mapped_column(String(500))
    # Where an imported call came from, so a re-import updates instead of duplicating.
    source: Mapped[str | None] = mapped_column(String(40))
    external_id: Mapped[str | None] = mapped_column(String(200))
    # Folded words of title, code, description, funder and themes, kept by the services.
    search_text: Mapped[str] = mapped_column(Text, default="")

    funder: Mapped[Funder] = relationship(back_populates="calls")
    themes: Mapped[list[Theme]] = relationship(secondary=call_theme)
    rules: Mapped[list[CallRule]] = relationship(
        back_populates="call", cascade="all, delete-orphan"
    )
    requirements: Mapped[list[CallRequirement]] = relationship(
        back_populates="call", cascade="all, delete-orphan", order_by="CallRequirement.position"
    )
    deadlines: Mapped[list[Deadline]] = relationship(
        back_populates="call",
        order_by="Deadline.due_at",
        cascade="all, delete-orphan",
        passive_deletes=True,
    )
    # The database refuses to delete a call that proposals point to (RESTRICT); the ORM
    # must not quietly null their call_id first.
    proposals: Mapped[list[Proposal]] = relationship(back_populates="call", passive_deletes="all")


class CallRule(Versioned, Base):
    """A further rule of a call: a cap on a cost category, a fundraising target…

    ``kind`` names the check (``category_cap``, ``fundraising_target``…); ``scope`` what it
    applies to (a budget category); the limit is a percentage, an amount or both.
    """

    __tablename__ = "call_rule"

    id: Mapped[int] = mapped_column(primary_key=True)
    call_id: Mapped[int] = mapped_column(ForeignKey("call.id", ondelete="CASCADE"), index=True)
    kind: Mapped[str] = mapped_column(String(40))
    scope: Mapped[str | None] = mapped_column(String(80))
    limit_pct: Mapped[Decimal | None] = mapped_column(Percent)
    limit_amount: Mapped[Decimal | None] = mapped_column("limit_amount_cents", Money)
    note: Mapped[str | None] = mapped_column(Text)
    params: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)

    call: Mapped[Call] = relationship(back_populates="rules")


class CallRequirement(Versioned, Base):
    """An attachment the call asks for (statute, accounts, partnership letters…)."""

    __tablename__ = "call_requirement"

    id: Mapped[int] = mapped_column(primary_key=True)
    call_id: Mapped[int] = mapped_column(ForeignKey("call.id", ondelete="CASCADE"), index=True)
    position: Mapped[int] = mapped_column(Integer, default=0)
    name: Mapped[str] = mapped_column(String(300))
    mandatory: Mapped[bool] = mapped_column(Boolean, default=True)
    # Document kind on an organization's file that satisfies it (statute, durc…), if any.
    document_kind: Mapped[str | None] = mapped_column(String(40))

    call: Mapped[Call] = relationship(back_populates="requirements")


class Deadline(Versioned, Base):
    """A date something is due: a call stage, a report, a payment claim, an internal review.

    Belongs to a call, a proposal (after the award) or a co-design process.
    """

    __tablename__ = "deadline"
    __table_args__ = (
        Index("ix_deadline_due_at", "due_at"),
        CheckConstraint(
            "call_id IS NOT NULL OR proposal_id IS NOT NULL OR codesign_id IS NOT NULL",
            name="has_owner",
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    call_id: Mapped[int | None] = mapped_column(
        ForeignKey("call.id", ondelete="CASCADE"), index=True
    )
    proposal_id: Mapped[int | None] = mapped_column(
        ForeignKey("proposal.id", ondelete="CASCADE"), index=True
    )
    codesign_id: Mapped[int | None] = mapped_column(
        ForeignKey("codesign_process.id", ondelete="CASCADE"), index=True
    )
    kind: Mapped[DeadlineKind] = mapped_column(vocab(DeadlineKind))
    stage: Mapped[str | None] = mapped_column(String(200))
    due_at: Mapped[datetime] = mapped_column(UTCDateTime)
    owner: Mapped[str | None] = mapped_column(String(120))
    # Days before the deadline when reminders fire.
    reminder_days: Mapped[list[int]] = mapped_column(JSON, default=lambda: [14, 3])
    done: Mapped[bool] = mapped_column(Boolean, default=False)
    notes: Mapped[str | None] = mapped_column(Text)

    call: Mapped[Call | None] = relationship(back_populates="deadlines")
    proposal: Mapped[Proposal | None] = relationship()
    codesign: Mapped[CoDesignProcess | None] = relationship()
