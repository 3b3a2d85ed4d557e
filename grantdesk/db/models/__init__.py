"""The whole product's data model, one module per aggregate.

Importing this package registers every table on ``Base.metadata``.
"""

from grantdesk.db.models.base import Base, Theme
from grantdesk.db.models.calls import Call, CallRequirement, CallRule, Deadline, Funder
from grantdesk.db.models.codesign import (
    ActionItem,
    CoDesignApplication,
    CoDesignProcess,
    Commitment,
    Meeting,
    MeetingAttendee,
)
from grantdesk.db.models.library import AuditEntry, Practice, TextBlock
from grantdesk.db.models.organizations import Organization, OrganizationDocument, Person
from grantdesk.db.models.proposals import (
    Activity,
    Attachment,
    BudgetLine,
    BudgetVersion,
    Indicator,
    IndicatorMeasurement,
    Objective,
    Proposal,
    ProposalPartner,
    ProposalSection,
)

__all__ = [
    "ActionItem",
    "Activity",
    "Attachment",
    "AuditEntry",
    "Base",
    "BudgetLine",
    "BudgetVersion",
    "Call",
    "CallRequirement",
    "CallRule",
    "CoDesignApplication",
    "CoDesignProcess",
    "Commitment",
    "Deadline",
    "Funder",
    "Indicator",
    "IndicatorMeasurement",
    "Meeting",
    "MeetingAttendee",
    "Objective",
    "Organization",
    "OrganizationDocument",
    "Person",
    "Practice",
    "Proposal",
    "ProposalPartner",
    "ProposalSection",
    "TextBlock",
    "Theme",
]

# Keep search_text in sync on every flush (registers a Session listener).
import grantdesk.db.search  # noqa: F401
