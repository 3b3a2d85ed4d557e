"""Proposals: partners, sections, activities, budget lines, indicators, attachments."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from sqlalchemy import (
    JSON,
    CheckConstraint,
    Date,
    ForeignKey,
    Index,
    Integer,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from grantdesk.db.models.base import Base, Versioned, vocab
from grantdesk.db.types import Money, Quantity, UTCDateTime
from grantdesk.domain.money import round_cents
from grantdesk.domain.vocab import AttachmentState, FundingSource, ProposalStatus

if TYPE_CHECKING:
    from grantdesk.db.models.calls import Call, CallRequirement
    from grantdesk.db.models.codesign import CoDesignProcess
    from grantdesk.db.models.organizations import Organization


class Proposal(Versioned, Base):
    """A bid to one call, led by one capofila with several partners."""

    __tablename__ = "proposal"
    __table_args__ = (
        Index("ix_proposal_status", "status"),
        Index("ix_proposal_title", "title", "id"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    call_id: Mapped[int | None] = mapped_column(
        ForeignKey("call.id", ondelete="RESTRICT"), index=True
    )
    lead_id: Mapped[int | None] = mapped_column(
        ForeignKey("organization.id", ondelete="RESTRICT"), index=True
    )
    codesign_id: Mapped[int | None] = mapped_column(
        ForeignKey("codesign_process.id", ondelete="SET NULL"), index=True
    )
    title: Mapped[str] = mapped_column(String(500))
    acronym: Mapped[str | None] = mapped_column(String(40))
    summary: Mapped[str | None] = mapped_column(Text)
    status: Mapped[ProposalStatus] = mapped_column(
        vocab(ProposalStatus), default=ProposalStatus.IDEA
    )
    owner: Mapped[str | None] = mapped_column(String(120))
    start_on: Mapped[date | None] = mapped_column(Date)
    duration_months: Mapped[int | None] = mapped_column(Integer)
    submitted_on: Mapped[date | None] = mapped_column(Date)
    decided_on: Mapped[date | None] = mapped_column(Date)
    awarded_amount: Mapped[Decimal | None] = mapped_column("awarded_amount_cents", Money)
    strengths: Mapped[str | None] = mapped_column(Text)
    weaknesses: Mapped[str | None] = mapped_column(Text)
    opportunities: Mapped[str | None] = mapped_column(Text)
    threats: Mapped[str | None] = mapped_column(Text)
    search_text: Mapped[str] = mapped_column(Text, default="")

    call: Mapped[Call | None] = relationship(back_populates="proposals")
    lead: Mapped[Organization | None] = relationship(foreign_keys=[lead_id])
    partners: Mapped[list[ProposalPartner]] = relationship(
        back_populates="proposal", cascade="all, delete-orphan"
    )
    sections: Mapped[list[ProposalSection]] = relationship(
        cascade="all, delete-orphan", order_by="ProposalSection.position"
    )
    objectives: Mapped[list[Objective]] = relationship(
        cascade="all, delete-orphan", order_by="Objective.position"
    )
    activities: Mapped[list[Activity]] = relationship(
        cascade="all, delete-orphan", order_by="Activity.position"
    )
    budget_lines: Mapped[list[BudgetLine]] = relationship(
        back_populates="proposal", cascade="all, delete-orphan", order_by="BudgetLine.position"
    )
    indicators: Mapped[list[Indicator]] = relationship(
        cascade="all, delete-orphan", order_by="Indicator.position"
    )
    attachments: Mapped[list[Attachment]] = relationship(cascade="all, delete-orphan")
    budget_versions: Mapped[list[BudgetVersion]] = relationship(
        cascade="all, delete-orphan", order_by="BudgetVersion.id"
    )
    codesign: Mapped[CoDesignProcess | None] = relationship(foreign_keys=[codesign_id])


class ProposalPartner(Versioned, Base):
    """A partner (not the lead) of a proposal, with its role."""

    __tablename__ = "proposal_partner"
    __table_args__ = (
        UniqueConstraint("proposal_id", "organization_id", name="uq_proposal_partner_org"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    proposal_id: Mapped[int] = mapped_column(ForeignKey("proposal.id", ondelete="CASCADE"))
    organization_id: Mapped[int] = mapped_column(
        ForeignKey("organization.id", ondelete="RESTRICT"), index=True
    )
    role: Mapped[str | None] = mapped_column(String(200))

    proposal: Mapped[Proposal] = relationship(back_populates="partners")
    organization: Mapped[Organization] = relationship()


class ProposalSection(Versioned, Base):
    """A free-text section of the application (context, methodology, sustainability…)."""

    __tablename__ = "proposal_section"

    id: Mapped[int] = mapped_column(primary_key=True)
    proposal_id: Mapped[int] = mapped_column(
        ForeignKey("proposal.id", ondelete="CASCADE"), index=True
    )
    position: Mapped[int] = mapped_column(Integer, default=0)
    title: Mapped[str] = mapped_column(String(300))
    body: Mapped[str] = mapped_column(Text, default="")


class Objective(Versioned, Base):
    """A specific objective of a proposal."""

    __tablename__ = "objective"

    id: Mapped[int] = mapped_column(primary_key=True)
    proposal_id: Mapped[int] = mapped_column(
        ForeignKey("proposal.id", ondelete="CASCADE"), index=True
    )
    position: Mapped[int] = mapped_column(Integer, default=0)
    text: Mapped[str] = mapped_column(Text)


class Activity(Versioned, Base):
    """A work package: who is responsible and in which months of the project it runs."""

    __tablename__ = "activity"

    id: Mapped[int] = mapped_column(primary_key=True)
    proposal_id: Mapped[int] = mapped_column(
        ForeignKey("proposal.id", ondelete="CASCADE"), index=True
    )
    position: Mapped[int] = mapped_column(Integer, default=0)
    title: Mapped[str] = mapped_column(String(300))
    description: Mapped[str | None] = mapped_column(Text)
    responsible_id: Mapped[int | None] = mapped_column(
        ForeignKey("organization.id", ondelete="SET NULL"), index=True
    )
    start_month: Mapped[int] = mapped_column(Integer, default=1)
    end_month: Mapped[int] = mapped_column(Integer, default=1)

    responsible: Mapped[Organization | None] = relationship()


class BudgetLine(Versioned, Base):
    """One cost line: quantity × unit cost, charged to a partner and a funding source."""

    __tablename__ = "budget_line"

    id: Mapped[int] = mapped_column(primary_key=True)
    proposal_id: Mapped[int] = mapped_column(
        ForeignKey("proposal.id", ondelete="CASCADE"), index=True
    )
    position: Mapped[int] = mapped_column(Integer, default=0)
    category: Mapped[str] = mapped_column(String(80))
    description: Mapped[str] = mapped_column(String(500), default="")
    organization_id: Mapped[int | None] = mapped_column(
        ForeignKey("organization.id", ondelete="SET NULL"), index=True
    )
    unit: Mapped[str | None] = mapped_column(String(40))
    quantity: Mapped[Decimal] = mapped_column(Quantity, default=Decimal(1))
    unit_cost: Mapped[Decimal] = mapped_column("unit_cost_cents", Money, default=Decimal(0))
    source: Mapped[FundingSource] = mapped_column(
        vocab(FundingSource), default=FundingSource.REQUESTED_GRANT
    )
    other_funder: Mapped[str | None] = mapped_column(String(200))

    proposal: Mapped[Proposal] = relationship(back_populates="budget_lines")
    organization: Mapped[Organization | None] = relationship()

    @property
    def total(self) -> Decimal:
        """Quantity × unit cost, rounded half-up to the cent."""
        return round_cents(self.quantity * self.unit_cost)


class BudgetVersion(Versioned, Base):
    """A named snapshot of a budget ("as submitted", "after negotiation")."""

    __tablename__ = "budget_version"

    id: Mapped[int] = mapped_column(primary_key=True)
    proposal_id: Mapped[int] = mapped_column(
        ForeignKey("proposal.id", ondelete="CASCADE"), index=True
    )
    name: Mapped[str] = mapped_column(String(200))
    lines: Mapped[list[dict[str, Any]]] = mapped_column(JSON, default=list)


class Indicator(Versioned, Base):
    """A measurable result of a proposal or a co-design process."""

    __tablename__ = "indicator"
    __table_args__ = (
        CheckConstraint("proposal_id IS NOT NULL OR codesign_id IS NOT NULL", name="has_owner"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    proposal_id: Mapped[int | None] = mapped_column(
        ForeignKey("proposal.id", ondelete="CASCADE"), index=True
    )
    codesign_id: Mapped[int | None] = mapped_column(
        ForeignKey("codesign_process.id", ondelete="CASCADE"), index=True
    )
    position: Mapped[int] = mapped_column(Integer, default=0)
    name: Mapped[str] = mapped_column(String(300))
    unit: Mapped[str | None] = mapped_column(String(60))
    baseline: Mapped[Decimal | None] = mapped_column(Quantity)
    target: Mapped[Decimal | None] = mapped_column(Quantity)
    actual: Mapped[Decimal | None] = mapped_column(Quantity)

    measurements: Mapped[list[IndicatorMeasurement]] = relationship(
        cascade="all, delete-orphan", order_by="IndicatorMeasurement.measured_on"
    )


class IndicatorMeasurement(Versioned, Base):
    """A periodic measurement of an indicator (monitoring)."""

    __tablename__ = "indicator_measurement"

    id: Mapped[int] = mapped_column(primary_key=True)
    indicator_id: Mapped[int] = mapped_column(
        ForeignKey("indicator.id", ondelete="CASCADE"), index=True
    )
    measured_on: Mapped[date] = mapped_column(Date)
    value: Mapped[Decimal] = mapped_column(Quantity)
    note: Mapped[str | None] = mapped_column(Text)


class Attachment(Versioned, Base):
    """An item of a proposal's attachment checklist: missing, attached or not applicable."""

    __tablename__ = "attachment"

    id: Mapped[int] = mapped_column(primary_key=True)
    proposal_id: Mapped[int] = mapped_column(
        ForeignKey("proposal.id", ondelete="CASCADE"), index=True
    )
    requirement_id: Mapped[int | None] = mapped_column(
        ForeignKey("call_requirement.id", ondelete="SET NULL")
    )
    name: Mapped[str] = mapped_column(String(300))
    state: Mapped[AttachmentState] = mapped_column(
        vocab(AttachmentState), default=AttachmentState.MISSING
    )
    file_name: Mapped[str | None] = mapped_column(String(300))
    file_path: Mapped[str | None] = mapped_column(String(1000))
    added_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    requirement: Mapped[CallRequirement | None] = relationship()
