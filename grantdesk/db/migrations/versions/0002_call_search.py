"""Ranked full-text search over calls.

SQLite: ``call_fts``, an FTS5 external-content table over ``call.title`` and
``call.search_text`` (the title only weighs the ranking: ``search_text`` already holds
it), kept in sync by triggers on ``call`` so every writer — ORM, bulk Core inserts, raw
SQL — updates it. ``unicode61 remove_diacritics 2`` folds accents like
``grantdesk.domain.text.fold``.

PostgreSQL: ``call.search_vector``, a stored generated ``tsvector`` (title weighted A,
``search_text`` weighted D) with a GIN index. Punctuation becomes a space before parsing,
so the parser sees plain words ("pov-26" is "pov" and "26", as in the query).

Neither object is in the ORM models; ``grantdesk.db.migrate`` leaves them out of the
drift check. NOTE for later migrations: rebuilding ``call`` with ``batch_alter_table`` on
SQLite drops the triggers — recreate them (``_SQLITE_UP``) afterwards.

Revision ID: 0002_call_search
Revises: 0001_initial
"""

from __future__ import annotations

from alembic import op

revision = "0002_call_search"
down_revision = "0001_initial"
branch_labels = None
depends_on = None

_SQLITE_UP = [
    """
    CREATE VIRTUAL TABLE call_fts USING fts5(
        title, search_text,
        content='call', content_rowid='id',
        tokenize='unicode61 remove_diacritics 2', prefix='2 3'
    )
    """,
    """
    CREATE TRIGGER call_fts_insert AFTER INSERT ON "call" BEGIN
        INSERT INTO call_fts(rowid, title, search_text)
        VALUES (new.id, new.title, new.search_text);
    END
    """,
    """
    CREATE TRIGGER call_fts_delete AFTER DELETE ON "call" BEGIN
        INSERT INTO call_fts(call_fts, rowid, title, search_text)
        VALUES ('delete', old.id, old.title, old.search_text);
    END
    """,
    """
    CREATE TRIGGER call_fts_update AFTER UPDATE OF id, title, search_text ON "call" BEGIN
        INSERT INTO call_fts(call_fts, rowid, title, search_text)
        VALUES ('delete', old.id, old.title, old.search_text);
        INSERT INTO call_fts(rowid, title, search_text)
        VALUES (new.id, new.title, new.search_text);
    END
    """,
    "INSERT INTO call_fts(call_fts) VALUES ('rebuild')",
]

_SQLITE_DOWN = [
    "DROP TRIGGER IF EXISTS call_fts_update",
    "DROP TRIGGER IF EXISTS call_fts_delete",
    "DROP TRIGGER IF EXISTS call_fts_insert",
    "DROP TABLE IF EXISTS call_fts",
]

# Plain words only: ASCII-accented title letters folded, punctuation turned into spaces.
_PG_WORDS = "regexp_replace({}, '[[:punct:][:space:]]+', ' ', 'g')"
_PG_TITLE = _PG_WORDS.format(
    "translate(lower(title), 'àáâäãåèéêëìíîïòóôöõùúûüçñ', 'aaaaaaeeeeiiiiooooouuuucn')"
)
_PG_UP = [
    f"""
    ALTER TABLE "call" ADD COLUMN search_vector tsvector GENERATED ALWAYS AS (
        setweight(to_tsvector('simple'::regconfig, {_PG_TITLE}), 'A')
        || setweight(to_tsvector('simple'::regconfig, {_PG_WORDS.format("search_text")}), 'D')
    ) STORED
    """,
    'CREATE INDEX ix_call_search_vector ON "call" USING gin (search_vector)',
]

_PG_DOWN = [
    "DROP INDEX IF EXISTS ix_call_search_vector",
    'ALTER TABLE "call" DROP COLUMN IF EXISTS search_vector',
]


def _run(statements: list[str]) -> None:
    # exec_driver_sql: text() would read ":punct" in the regular expression as a parameter.
    bind = op.get_bind()
    for statement in statements:
        bind.exec_driver_sql(statement)


def upgrade() -> None:
    if op.get_bind().dialect.name == "sqlite":
        _run(_SQLITE_UP)
    else:
        _run(_PG_UP)


def downgrade() -> None:
    if op.get_bind().dialect.name == "sqlite":
        _run(_SQLITE_DOWN)
    else:
        _run(_PG_DOWN)
