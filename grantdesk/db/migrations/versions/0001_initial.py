"""Initial schema: the whole product's data model.

Money columns are integer cents (`*_cents`), quantities integer thousandths and
percentages integer hundredths of a percent: see grantdesk.db.types. Types are spelled
as plain SQL types here so this migration never changes when the Python types do.

Revision ID: 0001_initial
Revises:
Create Date: 2026-11-22 11:45:10.453676
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0001_initial"
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:

    op.create_table(
        "audit_entry",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("at", sa.DateTime(), nullable=False),
        sa.Column("actor", sa.String(length=120), nullable=False),
        sa.Column("action", sa.String(length=40), nullable=False),
        sa.Column("entity", sa.String(length=60), nullable=False),
        sa.Column("entity_id", sa.Integer(), nullable=True),
        sa.Column("summary", sa.Text(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_audit_entry")),
    )
    with op.batch_alter_table("audit_entry", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_audit_entry_at"), ["at"], unique=False)
        batch_op.create_index("ix_audit_entry_entity", ["entity", "entity_id"], unique=False)

    op.create_table(
        "funder",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column(
            "kind",
            sa.Enum(
                "bank_foundation",
                "community_foundation",
                "region",
                "municipality",
                "ministry",
                "eu",
                "company",
                "other",
                name="funderkind",
                native_enum=False,
                length=24,
            ),
            nullable=False,
        ),
        sa.Column("website", sa.String(length=500), nullable=True),
        sa.Column("notes", sa.Text(), nullable=True),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_funder")),
        sa.UniqueConstraint("name", name=op.f("uq_funder_name")),
    )
    op.create_table(
        "organization",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=300), nullable=False),
        sa.Column(
            "legal_form",
            sa.Enum(
                "odv",
                "aps",
                "philanthropic",
                "social_enterprise",
                "network",
                "mutual_aid",
                "other_ets",
                "municipality",
                "public_body",
                "school",
                "parish",
                "company",
                "informal_group",
                "other",
                name="legalform",
                native_enum=False,
                length=24,
            ),
            nullable=False,
        ),
        sa.Column("codice_fiscale", sa.String(length=16), nullable=True),
        sa.Column("partita_iva", sa.String(length=11), nullable=True),
        sa.Column("runts_number", sa.String(length=40), nullable=True),
        sa.Column("runts_registered_on", sa.Date(), nullable=True),
        sa.Column("iban", sa.String(length=34), nullable=True),
        sa.Column("address", sa.String(length=300), nullable=True),
        sa.Column("postal_code", sa.String(length=10), nullable=True),
        sa.Column("municipality", sa.String(length=120), nullable=True),
        sa.Column("province", sa.String(length=2), nullable=True),
        sa.Column("region", sa.String(length=60), nullable=True),
        sa.Column("neighbourhood", sa.String(length=120), nullable=True),
        sa.Column("email", sa.String(length=200), nullable=True),
        sa.Column("phone", sa.String(length=40), nullable=True),
        sa.Column("website", sa.String(length=500), nullable=True),
        sa.Column("volunteers", sa.Integer(), nullable=True),
        sa.Column("staff", sa.Integer(), nullable=True),
        sa.Column("notes", sa.Text(), nullable=True),
        sa.Column("search_text", sa.Text(), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_organization")),
        sa.UniqueConstraint("codice_fiscale", name=op.f("uq_organization_codice_fiscale")),
    )
    with op.batch_alter_table("organization", schema=None) as batch_op:
        batch_op.create_index("ix_organization_municipality", ["municipality"], unique=False)
        batch_op.create_index("ix_organization_name", ["name", "id"], unique=False)

    op.create_table(
        "theme",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=80), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_theme")),
        sa.UniqueConstraint("name", name=op.f("uq_theme_name")),
    )
    op.create_table(
        "call",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("funder_id", sa.Integer(), nullable=False),
        sa.Column("code", sa.String(length=80), nullable=True),
        sa.Column("title", sa.String(length=500), nullable=False),
        sa.Column("description", sa.Text(), nullable=True),
        sa.Column("territory", sa.String(length=300), nullable=True),
        sa.Column("url", sa.String(length=1000), nullable=True),
        sa.Column(
            "status",
            sa.Enum(
                "new",
                "watching",
                "go",
                "no_go",
                "submitted",
                "closed",
                name="callstatus",
                native_enum=False,
                length=24,
            ),
            nullable=False,
        ),
        sa.Column("no_go_reason", sa.Text(), nullable=True),
        sa.Column("eligible_forms", sa.JSON(), nullable=False),
        sa.Column("min_grant_cents", sa.BigInteger(), nullable=True),
        sa.Column("max_grant_cents", sa.BigInteger(), nullable=True),
        sa.Column("min_total_cost_cents", sa.BigInteger(), nullable=True),
        sa.Column("max_total_cost_cents", sa.BigInteger(), nullable=True),
        sa.Column("min_cofinancing_pct", sa.Integer(), nullable=True),
        sa.Column("max_grant_pct", sa.Integer(), nullable=True),
        sa.Column("overhead_cap_pct", sa.Integer(), nullable=True),
        sa.Column("volunteer_time_allowed", sa.Boolean(), nullable=True),
        sa.Column("volunteer_hourly_value_cents", sa.BigInteger(), nullable=True),
        sa.Column("min_partners", sa.Integer(), nullable=True),
        sa.Column("min_third_sector_partners", sa.Integer(), nullable=True),
        sa.Column("min_duration_months", sa.Integer(), nullable=True),
        sa.Column("max_duration_months", sa.Integer(), nullable=True),
        sa.Column("budget_categories", sa.JSON(), nullable=False),
        sa.Column("recurrence", sa.String(length=500), nullable=True),
        sa.Column("source", sa.String(length=40), nullable=True),
        sa.Column("external_id", sa.String(length=200), nullable=True),
        sa.Column("search_text", sa.Text(), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["funder_id"], ["funder.id"], name=op.f("fk_call_funder_id_funder"), ondelete="RESTRICT"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_call")),
        sa.UniqueConstraint("source", "external_id", name="uq_call_source_external_id"),
    )
    with op.batch_alter_table("call", schema=None) as batch_op:
        batch_op.create_index("ix_call_funder_id", ["funder_id"], unique=False)
        batch_op.create_index("ix_call_status", ["status"], unique=False)
        batch_op.create_index("ix_call_title", ["title", "id"], unique=False)

    op.create_table(
        "codesign_process",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("promoter_id", sa.Integer(), nullable=True),
        sa.Column("title", sa.String(length=500), nullable=False),
        sa.Column("cup", sa.String(length=15), nullable=True),
        sa.Column("rup", sa.String(length=200), nullable=True),
        sa.Column("budget_cents", sa.BigInteger(), nullable=True),
        sa.Column("duration_months", sa.Integer(), nullable=True),
        sa.Column("territory", sa.String(length=300), nullable=True),
        sa.Column("description", sa.Text(), nullable=True),
        sa.Column(
            "status",
            sa.Enum(
                "decision",
                "notice_published",
                "applications",
                "evaluation",
                "tables",
                "approval",
                "agreement_signed",
                "monitoring",
                "closed",
                name="codesignstatus",
                native_enum=False,
                length=24,
            ),
            nullable=False,
        ),
        sa.Column("decided_on", sa.Date(), nullable=True),
        sa.Column("notice_published_on", sa.Date(), nullable=True),
        sa.Column("applications_due_at", sa.DateTime(), nullable=True),
        sa.Column("approved_on", sa.Date(), nullable=True),
        sa.Column("agreement_signed_on", sa.Date(), nullable=True),
        sa.Column("closed_on", sa.Date(), nullable=True),
        sa.Column("search_text", sa.Text(), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["promoter_id"],
            ["organization.id"],
            name=op.f("fk_codesign_process_promoter_id_organization"),
            ondelete="RESTRICT",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_codesign_process")),
    )
    with op.batch_alter_table("codesign_process", schema=None) as batch_op:
        batch_op.create_index("ix_codesign_process_title", ["title", "id"], unique=False)
        batch_op.create_index(
            batch_op.f("ix_codesign_process_promoter_id"), ["promoter_id"], unique=False
        )

    op.create_table(
        "organization_document",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("organization_id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=40), nullable=False),
        sa.Column("title", sa.String(length=300), nullable=False),
        sa.Column("issued_on", sa.Date(), nullable=True),
        sa.Column("expires_on", sa.Date(), nullable=True),
        sa.Column("file_path", sa.String(length=1000), nullable=True),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["organization_id"],
            ["organization.id"],
            name=op.f("fk_organization_document_organization_id_organization"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_organization_document")),
    )
    with op.batch_alter_table("organization_document", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_organization_document_expires_on"), ["expires_on"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_organization_document_organization_id"),
            ["organization_id"],
            unique=False,
        )

    op.create_table(
        "organization_theme",
        sa.Column("organization_id", sa.Integer(), nullable=False),
        sa.Column("theme_id", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["organization_id"],
            ["organization.id"],
            name=op.f("fk_organization_theme_organization_id_organization"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["theme_id"],
            ["theme.id"],
            name=op.f("fk_organization_theme_theme_id_theme"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("organization_id", "theme_id", name=op.f("pk_organization_theme")),
    )
    op.create_table(
        "person",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("organization_id", sa.Integer(), nullable=True),
        sa.Column("first_name", sa.String(length=120), nullable=False),
        sa.Column("last_name", sa.String(length=120), nullable=False),
        sa.Column("role", sa.String(length=120), nullable=True),
        sa.Column("email", sa.String(length=200), nullable=True),
        sa.Column("phone", sa.String(length=40), nullable=True),
        sa.Column("consent_on", sa.Date(), nullable=True),
        sa.Column("consent_purpose", sa.String(length=300), nullable=True),
        sa.Column("last_activity_at", sa.DateTime(), nullable=True),
        sa.Column("notes", sa.Text(), nullable=True),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["organization_id"],
            ["organization.id"],
            name=op.f("fk_person_organization_id_organization"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_person")),
    )
    with op.batch_alter_table("person", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_person_organization_id"), ["organization_id"], unique=False
        )

    op.create_table(
        "practice",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("title", sa.String(length=300), nullable=False),
        sa.Column("summary", sa.Text(), nullable=True),
        sa.Column("body", sa.Text(), nullable=True),
        sa.Column("organization_id", sa.Integer(), nullable=True),
        sa.Column("municipality", sa.String(length=120), nullable=True),
        sa.Column("year", sa.Integer(), nullable=True),
        sa.Column("url", sa.String(length=1000), nullable=True),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["organization_id"],
            ["organization.id"],
            name=op.f("fk_practice_organization_id_organization"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_practice")),
    )
    op.create_table(
        "text_block",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("title", sa.String(length=300), nullable=False),
        sa.Column("body", sa.Text(), nullable=False),
        sa.Column("tags", sa.String(length=300), nullable=True),
        sa.Column("language", sa.String(length=5), nullable=False),
        sa.Column("organization_id", sa.Integer(), nullable=True),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["organization_id"],
            ["organization.id"],
            name=op.f("fk_text_block_organization_id_organization"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_text_block")),
    )
    op.create_table(
        "call_requirement",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("call_id", sa.Integer(), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=300), nullable=False),
        sa.Column("mandatory", sa.Boolean(), nullable=False),
        sa.Column("document_kind", sa.String(length=40), nullable=True),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["call_id"],
            ["call.id"],
            name=op.f("fk_call_requirement_call_id_call"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_call_requirement")),
    )
    with op.batch_alter_table("call_requirement", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_call_requirement_call_id"), ["call_id"], unique=False)

    op.create_table(
        "call_rule",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("call_id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=40), nullable=False),
        sa.Column("scope", sa.String(length=80), nullable=True),
        sa.Column("limit_pct", sa.Integer(), nullable=True),
        sa.Column("limit_amount_cents", sa.BigInteger(), nullable=True),
        sa.Column("note", sa.Text(), nullable=True),
        sa.Column("params", sa.JSON(), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["call_id"], ["call.id"], name=op.f("fk_call_rule_call_id_call"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_call_rule")),
    )
    with op.batch_alter_table("call_rule", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_call_rule_call_id"), ["call_id"], unique=False)

    op.create_table(
        "call_theme",
        sa.Column("call_id", sa.Integer(), nullable=False),
        sa.Column("theme_id", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["call_id"], ["call.id"], name=op.f("fk_call_theme_call_id_call"), ondelete="CASCADE"
        ),
        sa.ForeignKeyConstraint(
            ["theme_id"],
            ["theme.id"],
            name=op.f("fk_call_theme_theme_id_theme"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("call_id", "theme_id", name=op.f("pk_call_theme")),
    )
    op.create_table(
        "codesign_application",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("process_id", sa.Integer(), nullable=False),
        sa.Column("organization_id", sa.Integer(), nullable=False),
        sa.Column("received_on", sa.Date(), nullable=True),
        sa.Column(
            "outcome",
            sa.Enum(
                "pending",
                "admitted",
                "excluded",
                name="applicationoutcome",
                native_enum=False,
                length=24,
            ),
            nullable=False,
        ),
        sa.Column("exclusion_reason", sa.Text(), nullable=True),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["organization_id"],
            ["organization.id"],
            name=op.f("fk_codesign_application_organization_id_organization"),
            ondelete="RESTRICT",
        ),
        sa.ForeignKeyConstraint(
            ["process_id"],
            ["codesign_process.id"],
            name=op.f("fk_codesign_application_process_id_codesign_process"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_codesign_application")),
        sa.UniqueConstraint("process_id", "organization_id", name="uq_codesign_application_org"),
    )
    with op.batch_alter_table("codesign_application", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_codesign_application_organization_id"), ["organization_id"], unique=False
        )

    op.create_table(
        "codesign_process_theme",
        sa.Column("codesign_process_id", sa.Integer(), nullable=False),
        sa.Column("theme_id", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["codesign_process_id"],
            ["codesign_process.id"],
            name=op.f("fk_codesign_process_theme_codesign_process_id_codesign_process"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["theme_id"],
            ["theme.id"],
            name=op.f("fk_codesign_process_theme_theme_id_theme"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint(
            "codesign_process_id", "theme_id", name=op.f("pk_codesign_process_theme")
        ),
    )
    op.create_table(
        "meeting",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("process_id", sa.Integer(), nullable=False),
        sa.Column("held_at", sa.DateTime(), nullable=False),
        sa.Column("place", sa.String(length=300), nullable=True),
        sa.Column("agenda", sa.Text(), nullable=True),
        sa.Column("minutes", sa.Text(), nullable=True),
        sa.Column("decisions", sa.Text(), nullable=True),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["process_id"],
            ["codesign_process.id"],
            name=op.f("fk_meeting_process_id_codesign_process"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_meeting")),
    )
    with op.batch_alter_table("meeting", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_meeting_process_id"), ["process_id"], unique=False)

    op.create_table(
        "practice_theme",
        sa.Column("practice_id", sa.Integer(), nullable=False),
        sa.Column("theme_id", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["practice_id"],
            ["practice.id"],
            name=op.f("fk_practice_theme_practice_id_practice"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["theme_id"],
            ["theme.id"],
            name=op.f("fk_practice_theme_theme_id_theme"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("practice_id", "theme_id", name=op.f("pk_practice_theme")),
    )
    op.create_table(
        "proposal",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("call_id", sa.Integer(), nullable=True),
        sa.Column("lead_id", sa.Integer(), nullable=True),
        sa.Column("codesign_id", sa.Integer(), nullable=True),
        sa.Column("title", sa.String(length=500), nullable=False),
        sa.Column("acronym", sa.String(length=40), nullable=True),
        sa.Column("summary", sa.Text(), nullable=True),
        sa.Column(
            "status",
            sa.Enum(
                "idea",
                "drafting",
                "review",
                "submitted",
                "awarded",
                "rejected",
                "withdrawn",
                "running",
                "reporting",
                "closed",
                name="proposalstatus",
                native_enum=False,
                length=24,
            ),
            nullable=False,
        ),
        sa.Column("owner", sa.String(length=120), nullable=True),
        sa.Column("start_on", sa.Date(), nullable=True),
        sa.Column("duration_months", sa.Integer(), nullable=True),
        sa.Column("submitted_on", sa.Date(), nullable=True),
        sa.Column("decided_on", sa.Date(), nullable=True),
        sa.Column("awarded_amount_cents", sa.BigInteger(), nullable=True),
        sa.Column("strengths", sa.Text(), nullable=True),
        sa.Column("weaknesses", sa.Text(), nullable=True),
        sa.Column("opportunities", sa.Text(), nullable=True),
        sa.Column("threats", sa.Text(), nullable=True),
        sa.Column("search_text", sa.Text(), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["call_id"], ["call.id"], name=op.f("fk_proposal_call_id_call"), ondelete="RESTRICT"
        ),
        sa.ForeignKeyConstraint(
            ["codesign_id"],
            ["codesign_process.id"],
            name=op.f("fk_proposal_codesign_id_codesign_process"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["lead_id"],
            ["organization.id"],
            name=op.f("fk_proposal_lead_id_organization"),
            ondelete="RESTRICT",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_proposal")),
    )
    with op.batch_alter_table("proposal", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_proposal_call_id"), ["call_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_proposal_codesign_id"), ["codesign_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_proposal_lead_id"), ["lead_id"], unique=False)
        batch_op.create_index("ix_proposal_status", ["status"], unique=False)
        batch_op.create_index("ix_proposal_title", ["title", "id"], unique=False)

    op.create_table(
        "action_item",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("meeting_id", sa.Integer(), nullable=False),
        sa.Column("description", sa.Text(), nullable=False),
        sa.Column("owner", sa.String(length=120), nullable=True),
        sa.Column("due_on", sa.Date(), nullable=True),
        sa.Column("done", sa.Boolean(), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["meeting_id"],
            ["meeting.id"],
            name=op.f("fk_action_item_meeting_id_meeting"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_action_item")),
    )
    with op.batch_alter_table("action_item", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_action_item_due_on"), ["due_on"], unique=False)
        batch_op.create_index(batch_op.f("ix_action_item_meeting_id"), ["meeting_id"], unique=False)

    op.create_table(
        "activity",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("proposal_id", sa.Integer(), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("title", sa.String(length=300), nullable=False),
        sa.Column("description", sa.Text(), nullable=True),
        sa.Column("responsible_id", sa.Integer(), nullable=True),
        sa.Column("start_month", sa.Integer(), nullable=False),
        sa.Column("end_month", sa.Integer(), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["proposal_id"],
            ["proposal.id"],
            name=op.f("fk_activity_proposal_id_proposal"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["responsible_id"],
            ["organization.id"],
            name=op.f("fk_activity_responsible_id_organization"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_activity")),
    )
    with op.batch_alter_table("activity", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_activity_proposal_id"), ["proposal_id"], unique=False)
        batch_op.create_index(
            batch_op.f("ix_activity_responsible_id"), ["responsible_id"], unique=False
        )

    op.create_table(
        "attachment",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("proposal_id", sa.Integer(), nullable=False),
        sa.Column("requirement_id", sa.Integer(), nullable=True),
        sa.Column("name", sa.String(length=300), nullable=False),
        sa.Column(
            "state",
            sa.Enum(
                "missing",
                "attached",
                "not_applicable",
                name="attachmentstate",
                native_enum=False,
                length=24,
            ),
            nullable=False,
        ),
        sa.Column("file_name", sa.String(length=300), nullable=True),
        sa.Column("file_path", sa.String(length=1000), nullable=True),
        sa.Column("added_at", sa.DateTime(), nullable=True),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["proposal_id"],
            ["proposal.id"],
            name=op.f("fk_attachment_proposal_id_proposal"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["requirement_id"],
            ["call_requirement.id"],
            name=op.f("fk_attachment_requirement_id_call_requirement"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_attachment")),
    )
    with op.batch_alter_table("attachment", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_attachment_proposal_id"), ["proposal_id"], unique=False
        )

    op.create_table(
        "budget_line",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("proposal_id", sa.Integer(), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("category", sa.String(length=80), nullable=False),
        sa.Column("description", sa.String(length=500), nullable=False),
        sa.Column("organization_id", sa.Integer(), nullable=True),
        sa.Column("unit", sa.String(length=40), nullable=True),
        sa.Column("quantity", sa.BigInteger(), nullable=False),
        sa.Column("unit_cost_cents", sa.BigInteger(), nullable=False),
        sa.Column(
            "source",
            sa.Enum(
                "requested_grant",
                "partner_cash",
                "volunteer_in_kind",
                "other_funder",
                name="fundingsource",
                native_enum=False,
                length=24,
            ),
            nullable=False,
        ),
        sa.Column("other_funder", sa.String(length=200), nullable=True),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["organization_id"],
            ["organization.id"],
            name=op.f("fk_budget_line_organization_id_organization"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["proposal_id"],
            ["proposal.id"],
            name=op.f("fk_budget_line_proposal_id_proposal"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_budget_line")),
    )
    with op.batch_alter_table("budget_line", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_budget_line_organization_id"), ["organization_id"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_budget_line_proposal_id"), ["proposal_id"], unique=False
        )

    op.create_table(
        "budget_version",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("proposal_id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("lines", sa.JSON(), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["proposal_id"],
            ["proposal.id"],
            name=op.f("fk_budget_version_proposal_id_proposal"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_budget_version")),
    )
    with op.batch_alter_table("budget_version", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_budget_version_proposal_id"), ["proposal_id"], unique=False
        )

    op.create_table(
        "deadline",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("call_id", sa.Integer(), nullable=True),
        sa.Column("proposal_id", sa.Integer(), nullable=True),
        sa.Column("codesign_id", sa.Integer(), nullable=True),
        sa.Column(
            "kind",
            sa.Enum(
                "pre_application",
                "application",
                "report",
                "payment_claim",
                "internal",
                name="deadlinekind",
                native_enum=False,
                length=24,
            ),
            nullable=False,
        ),
        sa.Column("stage", sa.String(length=200), nullable=True),
        sa.Column("due_at", sa.DateTime(), nullable=False),
        sa.Column("owner", sa.String(length=120), nullable=True),
        sa.Column("reminder_days", sa.JSON(), nullable=False),
        sa.Column("done", sa.Boolean(), nullable=False),
        sa.Column("notes", sa.Text(), nullable=True),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["call_id"], ["call.id"], name=op.f("fk_deadline_call_id_call"), ondelete="CASCADE"
        ),
        sa.ForeignKeyConstraint(
            ["codesign_id"],
            ["codesign_process.id"],
            name=op.f("fk_deadline_codesign_id_codesign_process"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["proposal_id"],
            ["proposal.id"],
            name=op.f("fk_deadline_proposal_id_proposal"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_deadline")),
        sa.CheckConstraint(
            "call_id IS NOT NULL OR proposal_id IS NOT NULL OR codesign_id IS NOT NULL",
            name=op.f("ck_deadline_has_owner"),
        ),
    )
    with op.batch_alter_table("deadline", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_deadline_call_id"), ["call_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_deadline_codesign_id"), ["codesign_id"], unique=False)
        batch_op.create_index("ix_deadline_due_at", ["due_at"], unique=False)
        batch_op.create_index(batch_op.f("ix_deadline_proposal_id"), ["proposal_id"], unique=False)

    op.create_table(
        "indicator",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("proposal_id", sa.Integer(), nullable=True),
        sa.Column("codesign_id", sa.Integer(), nullable=True),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=300), nullable=False),
        sa.Column("unit", sa.String(length=60), nullable=True),
        sa.Column("baseline", sa.BigInteger(), nullable=True),
        sa.Column("target", sa.BigInteger(), nullable=True),
        sa.Column("actual", sa.BigInteger(), nullable=True),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["codesign_id"],
            ["codesign_process.id"],
            name=op.f("fk_indicator_codesign_id_codesign_process"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["proposal_id"],
            ["proposal.id"],
            name=op.f("fk_indicator_proposal_id_proposal"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_indicator")),
        sa.CheckConstraint(
            "proposal_id IS NOT NULL OR codesign_id IS NOT NULL",
            name=op.f("ck_indicator_has_owner"),
        ),
    )
    with op.batch_alter_table("indicator", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_indicator_codesign_id"), ["codesign_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_indicator_proposal_id"), ["proposal_id"], unique=False)

    op.create_table(
        "meeting_attendee",
        sa.Column("meeting_id", sa.Integer(), nullable=False),
        sa.Column("person_id", sa.Integer(), nullable=False),
        sa.Column("organization_id", sa.Integer(), nullable=True),
        sa.ForeignKeyConstraint(
            ["meeting_id"],
            ["meeting.id"],
            name=op.f("fk_meeting_attendee_meeting_id_meeting"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["organization_id"],
            ["organization.id"],
            name=op.f("fk_meeting_attendee_organization_id_organization"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["person_id"],
            ["person.id"],
            name=op.f("fk_meeting_attendee_person_id_person"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("meeting_id", "person_id", name=op.f("pk_meeting_attendee")),
    )
    with op.batch_alter_table("meeting_attendee", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_meeting_attendee_person_id"), ["person_id"], unique=False
        )

    op.create_table(
        "objective",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("proposal_id", sa.Integer(), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["proposal_id"],
            ["proposal.id"],
            name=op.f("fk_objective_proposal_id_proposal"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_objective")),
    )
    with op.batch_alter_table("objective", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_objective_proposal_id"), ["proposal_id"], unique=False)

    op.create_table(
        "proposal_partner",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("proposal_id", sa.Integer(), nullable=False),
        sa.Column("organization_id", sa.Integer(), nullable=False),
        sa.Column("role", sa.String(length=200), nullable=True),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["organization_id"],
            ["organization.id"],
            name=op.f("fk_proposal_partner_organization_id_organization"),
            ondelete="RESTRICT",
        ),
        sa.ForeignKeyConstraint(
            ["proposal_id"],
            ["proposal.id"],
            name=op.f("fk_proposal_partner_proposal_id_proposal"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_proposal_partner")),
        sa.UniqueConstraint("proposal_id", "organization_id", name="uq_proposal_partner_org"),
    )
    with op.batch_alter_table("proposal_partner", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_proposal_partner_organization_id"), ["organization_id"], unique=False
        )

    op.create_table(
        "proposal_section",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("proposal_id", sa.Integer(), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("title", sa.String(length=300), nullable=False),
        sa.Column("body", sa.Text(), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["proposal_id"],
            ["proposal.id"],
            name=op.f("fk_proposal_section_proposal_id_proposal"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_proposal_section")),
    )
    with op.batch_alter_table("proposal_section", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_proposal_section_proposal_id"), ["proposal_id"], unique=False
        )

    op.create_table(
        "commitment",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("process_id", sa.Integer(), nullable=False),
        sa.Column("organization_id", sa.Integer(), nullable=False),
        sa.Column(
            "kind",
            sa.Enum(
                "money",
                "staff_hours",
                "volunteer_hours",
                "spaces",
                "goods",
                "services",
                name="commitmentkind",
                native_enum=False,
                length=24,
            ),
            nullable=False,
        ),
        sa.Column("description", sa.String(length=500), nullable=False),
        sa.Column("quantity", sa.BigInteger(), nullable=False),
        sa.Column("unit", sa.String(length=40), nullable=True),
        sa.Column("unit_value_cents", sa.BigInteger(), nullable=False),
        sa.Column("budget_line_id", sa.Integer(), nullable=True),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["budget_line_id"],
            ["budget_line.id"],
            name=op.f("fk_commitment_budget_line_id_budget_line"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["organization_id"],
            ["organization.id"],
            name=op.f("fk_commitment_organization_id_organization"),
            ondelete="RESTRICT",
        ),
        sa.ForeignKeyConstraint(
            ["process_id"],
            ["codesign_process.id"],
            name=op.f("fk_commitment_process_id_codesign_process"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_commitment")),
    )
    with op.batch_alter_table("commitment", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_commitment_organization_id"), ["organization_id"], unique=False
        )
        batch_op.create_index(batch_op.f("ix_commitment_process_id"), ["process_id"], unique=False)

    op.create_table(
        "indicator_measurement",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("indicator_id", sa.Integer(), nullable=False),
        sa.Column("measured_on", sa.Date(), nullable=False),
        sa.Column("value", sa.BigInteger(), nullable=False),
        sa.Column("note", sa.Text(), nullable=True),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["indicator_id"],
            ["indicator.id"],
            name=op.f("fk_indicator_measurement_indicator_id_indicator"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_indicator_measurement")),
    )
    with op.batch_alter_table("indicator_measurement", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_indicator_measurement_indicator_id"), ["indicator_id"], unique=False
        )


def downgrade() -> None:

    with op.batch_alter_table("indicator_measurement", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_indicator_measurement_indicator_id"))

    op.drop_table("indicator_measurement")
    with op.batch_alter_table("commitment", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_commitment_process_id"))
        batch_op.drop_index(batch_op.f("ix_commitment_organization_id"))

    op.drop_table("commitment")
    with op.batch_alter_table("proposal_section", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_proposal_section_proposal_id"))

    op.drop_table("proposal_section")
    with op.batch_alter_table("proposal_partner", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_proposal_partner_organization_id"))

    op.drop_table("proposal_partner")
    with op.batch_alter_table("objective", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_objective_proposal_id"))

    op.drop_table("objective")
    with op.batch_alter_table("meeting_attendee", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_meeting_attendee_person_id"))

    op.drop_table("meeting_attendee")
    with op.batch_alter_table("indicator", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_indicator_proposal_id"))
        batch_op.drop_index(batch_op.f("ix_indicator_codesign_id"))

    op.drop_table("indicator")
    with op.batch_alter_table("deadline", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_deadline_proposal_id"))
        batch_op.drop_index("ix_deadline_due_at")
        batch_op.drop_index(batch_op.f("ix_deadline_codesign_id"))
        batch_op.drop_index(batch_op.f("ix_deadline_call_id"))

    op.drop_table("deadline")
    with op.batch_alter_table("budget_version", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_budget_version_proposal_id"))

    op.drop_table("budget_version")
    with op.batch_alter_table("budget_line", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_budget_line_proposal_id"))
        batch_op.drop_index(batch_op.f("ix_budget_line_organization_id"))

    op.drop_table("budget_line")
    with op.batch_alter_table("attachment", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_attachment_proposal_id"))

    op.drop_table("attachment")
    with op.batch_alter_table("activity", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_activity_responsible_id"))
        batch_op.drop_index(batch_op.f("ix_activity_proposal_id"))

    op.drop_table("activity")
    with op.batch_alter_table("action_item", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_action_item_meeting_id"))
        batch_op.drop_index(batch_op.f("ix_action_item_due_on"))

    op.drop_table("action_item")
    with op.batch_alter_table("proposal", schema=None) as batch_op:
        batch_op.drop_index("ix_proposal_status")
        batch_op.drop_index(batch_op.f("ix_proposal_lead_id"))
        batch_op.drop_index(batch_op.f("ix_proposal_codesign_id"))
        batch_op.drop_index(batch_op.f("ix_proposal_call_id"))

    op.drop_table("proposal")
    op.drop_table("practice_theme")
    with op.batch_alter_table("meeting", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_meeting_process_id"))

    op.drop_table("meeting")
    op.drop_table("codesign_process_theme")
    with op.batch_alter_table("codesign_application", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_codesign_application_organization_id"))

    op.drop_table("codesign_application")
    op.drop_table("call_theme")
    with op.batch_alter_table("call_rule", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_call_rule_call_id"))

    op.drop_table("call_rule")
    with op.batch_alter_table("call_requirement", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_call_requirement_call_id"))

    op.drop_table("call_requirement")
    op.drop_table("text_block")
    op.drop_table("practice")
    with op.batch_alter_table("person", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_person_organization_id"))

    op.drop_table("person")
    op.drop_table("organization_theme")
    with op.batch_alter_table("organization_document", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_organization_document_organization_id"))
        batch_op.drop_index(batch_op.f("ix_organization_document_expires_on"))

    op.drop_table("organization_document")
    with op.batch_alter_table("codesign_process", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_codesign_process_promoter_id"))

    op.drop_table("codesign_process")
    with op.batch_alter_table("call", schema=None) as batch_op:
        batch_op.drop_index("ix_call_status")
        batch_op.drop_index("ix_call_funder_id")

    op.drop_table("call")
    op.drop_table("theme")
    with op.batch_alter_table("organization", schema=None) as batch_op:
        batch_op.drop_index("ix_organization_municipality")

    op.drop_table("organization")
    op.drop_table("funder")
    with op.batch_alter_table("audit_entry", schema=None) as batch_op:
        batch_op.drop_index("ix_audit_entry_entity")
        batch_op.drop_index(batch_op.f("ix_audit_entry_at"))

    op.drop_table("audit_entry")
