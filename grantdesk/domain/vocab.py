"""The product's closed vocabularies: statuses, legal forms, kinds, with translatable labels.

Values are stable ASCII codes stored in the database and printed in JSON; labels are the
words users read, translated when shown.
"""

from __future__ import annotations

from enum import StrEnum

from grantdesk.i18n import N_, _


class Vocabulary(StrEnum):
    """A closed list whose members carry a translatable label."""

    @property
    def label(self) -> str:
        """The member's name in the user's language."""
        return _(_LABELS[(type(self), self.value)])

    @classmethod
    def parse(cls, value: str) -> Vocabulary:
        """The member whose code or (translated or English) label is *value*."""
        needle = value.strip().casefold()
        for member in cls:
            if needle in {
                member.value,
                _LABELS[(cls, member.value)].casefold(),
                member.label.casefold(),
            }:
                return member
        raise ValueError(value)


class FunderKind(Vocabulary):
    BANK_FOUNDATION = "bank_foundation"
    COMMUNITY_FOUNDATION = "community_foundation"
    REGION = "region"
    MUNICIPALITY = "municipality"
    MINISTRY = "ministry"
    EU = "eu"
    COMPANY = "company"
    OTHER = "other"


class CallStatus(Vocabulary):
    """Triage of a call: is it worth a bid?"""

    NEW = "new"
    WATCHING = "watching"
    GO = "go"
    NO_GO = "no_go"
    SUBMITTED = "submitted"
    CLOSED = "closed"


class DeadlineKind(Vocabulary):
    PRE_APPLICATION = "pre_application"
    APPLICATION = "application"
    REPORT = "report"
    PAYMENT_CLAIM = "payment_claim"
    INTERNAL = "internal"


class LegalForm(Vocabulary):
    """RUNTS sections (a)–(g) and the bodies outside the register that partner anyway."""

    ODV = "odv"
    APS = "aps"
    PHILANTHROPIC = "philanthropic"
    SOCIAL_ENTERPRISE = "social_enterprise"
    NETWORK = "network"
    MUTUAL_AID = "mutual_aid"
    OTHER_ETS = "other_ets"
    MUNICIPALITY = "municipality"
    PUBLIC_BODY = "public_body"
    SCHOOL = "school"
    PARISH = "parish"
    COMPANY = "company"
    INFORMAL_GROUP = "informal_group"
    OTHER = "other"

    @property
    def is_third_sector(self) -> bool:
        """True for the seven RUNTS sections."""
        return self in THIRD_SECTOR_FORMS

    @property
    def runts_section(self) -> str | None:
        """The RUNTS section letter, or None outside the register."""
        return _RUNTS_SECTION.get(self)


THIRD_SECTOR_FORMS = frozenset(
    {
        LegalForm.ODV,
        LegalForm.APS,
        LegalForm.PHILANTHROPIC,
        LegalForm.SOCIAL_ENTERPRISE,
        LegalForm.NETWORK,
        LegalForm.MUTUAL_AID,
        LegalForm.OTHER_ETS,
    }
)
_RUNTS_SECTION = dict(
    zip(sorted(THIRD_SECTOR_FORMS, key=list(LegalForm).index), "abcdefg", strict=True)
)


class ProposalStatus(Vocabulary):
    """idea → drafting → review → submitted → awarded/rejected/withdrawn → running → …"""

    IDEA = "idea"
    DRAFTING = "drafting"
    REVIEW = "review"
    SUBMITTED = "submitted"
    AWARDED = "awarded"
    REJECTED = "rejected"
    WITHDRAWN = "withdrawn"
    RUNNING = "running"
    REPORTING = "reporting"
    CLOSED = "closed"


class FundingSource(Vocabulary):
    REQUESTED_GRANT = "requested_grant"
    PARTNER_CASH = "partner_cash"
    VOLUNTEER_IN_KIND = "volunteer_in_kind"
    OTHER_FUNDER = "other_funder"


class BudgetCategory(Vocabulary):
    """The default cost categories, used when a call does not define its own."""

    PERSONNEL = "personnel"
    COORDINATION = "coordination"
    PROFESSIONAL_FEES = "professional_fees"
    VOLUNTEER_EXPENSES = "volunteer_expenses"
    VOLUNTEER_TIME = "volunteer_time"
    SERVICES = "services"
    EQUIPMENT = "equipment"
    MATERIALS = "materials"
    TRAVEL = "travel"
    COMMUNICATION = "communication"
    OVERHEADS = "overheads"


class CoDesignStatus(Vocabulary):
    """The steps of an Art. 55 co-design process."""

    DECISION = "decision"
    NOTICE_PUBLISHED = "notice_published"
    APPLICATIONS = "applications"
    EVALUATION = "evaluation"
    TABLES = "tables"
    APPROVAL = "approval"
    AGREEMENT_SIGNED = "agreement_signed"
    MONITORING = "monitoring"
    CLOSED = "closed"


class CommitmentKind(Vocabulary):
    MONEY = "money"
    STAFF_HOURS = "staff_hours"
    VOLUNTEER_HOURS = "volunteer_hours"
    SPACES = "spaces"
    GOODS = "goods"
    SERVICES = "services"


class ApplicationOutcome(Vocabulary):
    PENDING = "pending"
    ADMITTED = "admitted"
    EXCLUDED = "excluded"


class AttachmentState(Vocabulary):
    MISSING = "missing"
    ATTACHED = "attached"
    NOT_APPLICABLE = "not_applicable"


def _labels(pairs: list[tuple[Vocabulary, str]]) -> dict[tuple[type[Vocabulary], str], str]:
    return {(type(member), member.value): label for member, label in pairs}


# Keyed by (vocabulary, code): members of different vocabularies may share a code
# ("other", "closed"…) and, being str, would otherwise collide as dictionary keys.
_LABELS: dict[tuple[type[Vocabulary], str], str] = _labels(
    [
        (FunderKind.BANK_FOUNDATION, N_("Bank foundation")),
        (FunderKind.COMMUNITY_FOUNDATION, N_("Community foundation")),
        (FunderKind.REGION, N_("Region")),
        (FunderKind.MUNICIPALITY, N_("Municipality")),
        (FunderKind.MINISTRY, N_("Ministry")),
        (FunderKind.EU, N_("European Union")),
        (FunderKind.COMPANY, N_("Company")),
        (FunderKind.OTHER, N_("Other")),
        (CallStatus.NEW, N_("New")),
        (CallStatus.WATCHING, N_("Watching")),
        (CallStatus.GO, N_("Go")),
        (CallStatus.NO_GO, N_("No-go")),
        (CallStatus.SUBMITTED, N_("Submitted")),
        (CallStatus.CLOSED, N_("Closed")),
        (DeadlineKind.PRE_APPLICATION, N_("Pre-application")),
        (DeadlineKind.APPLICATION, N_("Application")),
        (DeadlineKind.REPORT, N_("Report")),
        (DeadlineKind.PAYMENT_CLAIM, N_("Payment claim")),
        (DeadlineKind.INTERNAL, N_("Internal review")),
        (LegalForm.ODV, N_("ODV – volunteer organisation")),
        (LegalForm.APS, N_("APS – social promotion association")),
        (LegalForm.PHILANTHROPIC, N_("Philanthropic body")),
        (LegalForm.SOCIAL_ENTERPRISE, N_("Social enterprise or cooperative")),
        (LegalForm.NETWORK, N_("Association network")),
        (LegalForm.MUTUAL_AID, N_("Mutual aid society")),
        (LegalForm.OTHER_ETS, N_("Other third-sector body")),
        (LegalForm.MUNICIPALITY, N_("Municipality")),
        (LegalForm.PUBLIC_BODY, N_("Other public body")),
        (LegalForm.SCHOOL, N_("School")),
        (LegalForm.PARISH, N_("Parish")),
        (LegalForm.COMPANY, N_("Company")),
        (LegalForm.INFORMAL_GROUP, N_("Informal group")),
        (LegalForm.OTHER, N_("Other")),
        (ProposalStatus.IDEA, N_("Idea")),
        (ProposalStatus.DRAFTING, N_("Drafting")),
        (ProposalStatus.REVIEW, N_("Review")),
        (ProposalStatus.SUBMITTED, N_("Submitted")),
        (ProposalStatus.AWARDED, N_("Awarded")),
        (ProposalStatus.REJECTED, N_("Rejected")),
        (ProposalStatus.WITHDRAWN, N_("Withdrawn")),
        (ProposalStatus.RUNNING, N_("Running")),
        (ProposalStatus.REPORTING, N_("Reporting")),
        (ProposalStatus.CLOSED, N_("Closed")),
        (FundingSource.REQUESTED_GRANT, N_("Requested grant")),
        (FundingSource.PARTNER_CASH, N_("Partner cash")),
        (FundingSource.VOLUNTEER_IN_KIND, N_("Volunteer time (in kind)")),
        (FundingSource.OTHER_FUNDER, N_("Other funder")),
        (BudgetCategory.PERSONNEL, N_("Personnel")),
        (BudgetCategory.COORDINATION, N_("Coordination")),
        (BudgetCategory.PROFESSIONAL_FEES, N_("Professional fees")),
        (BudgetCategory.VOLUNTEER_EXPENSES, N_("Volunteers' reimbursements")),
        (BudgetCategory.VOLUNTEER_TIME, N_("Volunteer time")),
        (BudgetCategory.SERVICES, N_("Services")),
        (BudgetCategory.EQUIPMENT, N_("Equipment")),
        (BudgetCategory.MATERIALS, N_("Materials")),
        (BudgetCategory.TRAVEL, N_("Travel")),
        (BudgetCategory.COMMUNICATION, N_("Communication")),
        (BudgetCategory.OVERHEADS, N_("Overheads")),
        (CoDesignStatus.DECISION, N_("Decision")),
        (CoDesignStatus.NOTICE_PUBLISHED, N_("Notice published")),
        (CoDesignStatus.APPLICATIONS, N_("Applications")),
        (CoDesignStatus.EVALUATION, N_("Evaluation")),
        (CoDesignStatus.TABLES, N_("Co-design tables")),
        (CoDesignStatus.APPROVAL, N_("Approval")),
        (CoDesignStatus.AGREEMENT_SIGNED, N_("Agreement signed")),
        (CoDesignStatus.MONITORING, N_("Monitoring")),
        (CoDesignStatus.CLOSED, N_("Closed")),
        (CommitmentKind.MONEY, N_("Money")),
        (CommitmentKind.STAFF_HOURS, N_("Staff hours")),
        (CommitmentKind.VOLUNTEER_HOURS, N_("Volunteer hours")),
        (CommitmentKind.SPACES, N_("Spaces")),
        (CommitmentKind.GOODS, N_("Goods")),
        (CommitmentKind.SERVICES, N_("Services")),
        (ApplicationOutcome.PENDING, N_("Pending")),
        (ApplicationOutcome.ADMITTED, N_("Admitted")),
        (ApplicationOutcome.EXCLUDED, N_("Excluded")),
        (AttachmentState.MISSING, N_("Missing")),
        (AttachmentState.ATTACHED, N_("Attached")),
        (AttachmentState.NOT_APPLICABLE, N_("Not applicable")),
    ]
)


class DocumentKind(Vocabulary):
    """Papers an organization keeps on file; calls name the kinds they require."""

    STATUTE = "statute"
    ACCOUNTS = "accounts"
    INSURANCE = "insurance"
    DURC = "durc"
    ID_DOCUMENT = "id_document"
    RUNTS_CERTIFICATE = "runts_certificate"
    AGREEMENT = "agreement"
    OTHER = "other"


_LABELS.update(
    _labels(
        [
            (DocumentKind.STATUTE, N_("Statute")),
            (DocumentKind.ACCOUNTS, N_("Approved accounts")),
            (DocumentKind.INSURANCE, N_("Volunteers' insurance")),
            (DocumentKind.DURC, N_("DURC (social security compliance)")),
            (DocumentKind.ID_DOCUMENT, N_("ID of the legal representative")),
            (DocumentKind.RUNTS_CERTIFICATE, N_("RUNTS registration certificate")),
            (DocumentKind.AGREEMENT, N_("Agreement")),
            (DocumentKind.OTHER, N_("Other")),  # the same code as LegalForm.OTHER: the same label
        ]
    )
)
