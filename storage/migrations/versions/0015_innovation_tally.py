"""The innovations counted by the database itself: a tally kept by triggers

Revision ID: 0015
Revises: 0014
Create Date: 2026-12-07

Every change to an innovation (its status, OPD, stage, kind, quick win) or to its pillars appends
its deltas to `innovation_tally_change`, by triggers: whatever wrote it (the ORM, a Core update,
the CLI, another process) is counted. The bot folds those into `innovation_tally` every minute
(storage.tally.compact); a reader adds the pending changes to the tally.

Dimensions: 'opd' (status, opd_id; value ''), 'mix' (status; opd_id 0; value
"stage|kind|quick win", each '' when not given) and 'pillar' (status, opd_id; value the pillar's
id). Every status is counted, drafts too: a change of status takes one off the old key and adds
one to the new.

A pillar link counts while its innovation exists: deleting an innovation takes off the links it
still has (BEFORE DELETE), and a link deleted afterwards by ON DELETE CASCADE finds no innovation
and counts nothing; the ORM's order (links first, then the innovation) counts each once too.

Beware, later migrations: SQLite's batch mode rebuilds a table by copying it, which drops its
triggers. A batch on `innovation` or `innovation_pillar` must create these triggers again.
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0015"
down_revision: str | None = "0014"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

CHANGE = "INSERT INTO innovation_tally_change (dimension, status, opd_id, value, n) "
WATCHED = ("status", "opd_id", "stage", "kind", "quick_win")  # what the tally counts by
SQLITE_TRIGGERS = (
    "innovation_tally_insert",
    "innovation_tally_update",
    "innovation_tally_delete",
    "innovation_pillar_tally_insert",
    "innovation_pillar_tally_update",
    "innovation_pillar_tally_delete",
)
POSTGRES_TRIGGERS = (
    ("innovation_tally_insert", "innovation"),
    ("innovation_tally_update", "innovation"),
    ("innovation_tally_delete", "innovation"),
    ("innovation_pillar_tally", "innovation_pillar"),
)


def _mix(row: str) -> str:
    """The 'mix' value of an innovation row: "stage|kind|quick win"."""
    return (
        f"coalesce({row}.stage, '') || '|' || coalesce({row}.kind, '') || '|' || "
        f"CASE WHEN {row}.quick_win IS NULL THEN '' WHEN {row}.quick_win THEN '1' ELSE '0' END"
    )


def _changed(differs: str, *columns: str) -> str:
    """Whether any of `columns` differs between OLD and NEW (NULLs compared as values)."""
    return "(" + " OR ".join(f"OLD.{column} {differs} NEW.{column}" for column in columns) + ")"


def _statements(dialect: str) -> dict[str, list[str]]:
    """The statements of each trigger, in SQL both databases read (OLD and NEW are the row's
    values in a SQLite trigger as in a plpgsql function); only the word for "differs" and the
    row lock are not the same."""
    differs = "IS NOT" if dialect == "sqlite" else "IS DISTINCT FROM"
    # PostgreSQL: a link's trigger locks its innovation as an update of it would, so a change of
    # status being committed meanwhile is waited for and read, never missed (that update's
    # trigger re-keys the links it can see; this one counts with the status it then reads).
    lock = "" if dialect == "sqlite" else " FOR NO KEY UPDATE"
    moved = _changed(differs, "status", "opd_id")
    remixed = _changed(differs, "status", "stage", "kind", "quick_win")

    def links(row: str, n: int, condition: str = "") -> str:
        """An innovation row's links, each counted `n` times."""
        return (
            f"SELECT 'pillar', {row}.status, {row}.opd_id, CAST(pillar_id AS TEXT), {n} "  # noqa: S608
            f"FROM innovation_pillar WHERE innovation_id = {row}.id{condition}"
        )

    def link(row: str, n: int) -> str:
        """A link row counted `n` times, with its innovation's status and OPD, if it exists."""
        return (
            CHANGE + f"SELECT 'pillar', status, opd_id, CAST({row}.pillar_id AS TEXT), {n} "  # noqa: S608
            f"FROM innovation WHERE id = {row}.innovation_id{lock}"
        )

    def counted(row: str, n: int) -> str:
        return CHANGE + (
            f"VALUES ('opd', {row}.status, {row}.opd_id, '', {n}), "
            f"('mix', {row}.status, 0, {_mix(row)}, {n})"
        )

    return {
        "insert": [counted("NEW", 1)],
        "update": [
            CHANGE + f"SELECT 'opd', OLD.status, OLD.opd_id, '', -1 WHERE {moved} "
            f"UNION ALL SELECT 'opd', NEW.status, NEW.opd_id, '', 1 WHERE {moved} "
            f"UNION ALL SELECT 'mix', OLD.status, 0, {_mix('OLD')}, -1 WHERE {remixed} "
            f"UNION ALL SELECT 'mix', NEW.status, 0, {_mix('NEW')}, 1 WHERE {remixed}",
            CHANGE
            + links("OLD", -1, f" AND {moved}")
            + " UNION ALL "
            + links("NEW", 1, f" AND {moved}"),
        ],
        "delete": [counted("OLD", -1), CHANGE + links("OLD", -1)],
        "link insert": [link("NEW", 1)],
        "link update": [link("OLD", -1), link("NEW", 1)],
        "link delete": [link("OLD", -1)],
    }


def _sqlite_triggers() -> list[str]:
    body = _statements("sqlite")
    watched = _changed("IS NOT", *WATCHED)
    relinked = _changed("IS NOT", "innovation_id", "pillar_id")
    # name, when, table, condition, statements
    triggers = [
        ("innovation_tally_insert", "AFTER INSERT", "innovation", "", "insert"),
        ("innovation_tally_update", f"AFTER UPDATE OF {', '.join(WATCHED)}", "innovation",
         f" WHEN {watched}", "update"),
        ("innovation_tally_delete", "BEFORE DELETE", "innovation", "", "delete"),
        ("innovation_pillar_tally_insert", "AFTER INSERT", "innovation_pillar", "", "link insert"),
        ("innovation_pillar_tally_update", "AFTER UPDATE", "innovation_pillar",
         f" WHEN {relinked}", "link update"),
        ("innovation_pillar_tally_delete", "AFTER DELETE", "innovation_pillar", "", "link delete"),
    ]  # fmt: skip
    return [
        f"CREATE TRIGGER {name} {when} ON {table}{condition}\nBEGIN\n"
        + "".join(f"  {statement};\n" for statement in body[statements])
        + "END"
        for name, when, table, condition, statements in triggers
    ]


def _postgres_triggers() -> list[str]:
    body = _statements("postgresql")

    def block(statements: str) -> str:
        return "".join(f"    {statement};\n" for statement in body[statements])

    def function(name: str, code: str) -> str:
        return (
            f"CREATE FUNCTION {name}() RETURNS trigger LANGUAGE plpgsql AS $$\nBEGIN\n{code}END $$"
        )

    execute = "FOR EACH ROW EXECUTE FUNCTION"
    return [
        function(
            "innovation_tally_innovation",
            "  IF TG_OP = 'INSERT' THEN\n" + block("insert") + "    RETURN NULL;\n"
            "  ELSIF TG_OP = 'UPDATE' THEN\n" + block("update") + "    RETURN NULL;\n"
            "  END IF;\n" + block("delete") + "  RETURN OLD;\n",
        ),
        function(
            "innovation_tally_pillar",
            "  IF TG_OP = 'INSERT' THEN\n" + block("link insert")
            + "  ELSIF TG_OP = 'DELETE' THEN\n" + block("link delete")
            + f"  ELSIF {_changed('IS DISTINCT FROM', 'innovation_id', 'pillar_id')} THEN\n"
            + block("link update") + "  END IF;\n  RETURN NULL;\n",
        ),
        f"CREATE TRIGGER innovation_tally_insert AFTER INSERT ON innovation "
        f"{execute} innovation_tally_innovation()",
        f"CREATE TRIGGER innovation_tally_update AFTER UPDATE OF {', '.join(WATCHED)} "
        f"ON innovation FOR EACH ROW WHEN {_changed('IS DISTINCT FROM', *WATCHED)} "
        "EXECUTE FUNCTION innovation_tally_innovation()",
        f"CREATE TRIGGER innovation_tally_delete BEFORE DELETE ON innovation "
        f"{execute} innovation_tally_innovation()",
        "CREATE TRIGGER innovation_pillar_tally AFTER INSERT OR UPDATE OR DELETE "
        f"ON innovation_pillar {execute} innovation_tally_pillar()",
    ]  # fmt: skip


# The counts of the innovations there are, as the triggers would have made them.
BACKFILL = (
    "INSERT INTO innovation_tally (dimension, status, opd_id, value, n) "  # noqa: S608
    "SELECT 'opd', status, opd_id, '', count(*) FROM innovation GROUP BY status, opd_id "
    "UNION ALL SELECT 'mix', status, 0, value, count(*) FROM "
    f"(SELECT status, {_mix('innovation')} AS value FROM innovation) AS mixed "
    "GROUP BY status, value "
    "UNION ALL SELECT 'pillar', i.status, i.opd_id, CAST(p.pillar_id AS TEXT), count(*) "
    "FROM innovation AS i JOIN innovation_pillar AS p ON p.innovation_id = i.id "
    "GROUP BY i.status, i.opd_id, p.pillar_id"
)


def _columns() -> list[sa.Column]:
    return [
        sa.Column("dimension", sa.String(length=8), nullable=False),
        sa.Column("status", sa.String(length=24), nullable=False),
        sa.Column("opd_id", sa.Integer(), nullable=False, autoincrement=False),
        sa.Column("value", sa.String(length=64), nullable=False),
        sa.Column("n", sa.Integer(), nullable=False),
    ]


def upgrade() -> None:
    op.create_table(
        "innovation_tally",
        *_columns(),
        sa.PrimaryKeyConstraint(
            "dimension", "opd_id", "value", "status", name=op.f("pk_innovation_tally")
        ),
        sqlite_with_rowid=False,
    )
    op.create_table(
        "innovation_tally_change",
        sa.Column("id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=False),
        *_columns(),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_innovation_tally_change")),
    )
    sqlite = op.get_bind().dialect.name == "sqlite"
    # The triggers first: on PostgreSQL creating them locks the two tables against writers
    # until this migration commits, so no change falls between the backfill and the triggers.
    for statement in _sqlite_triggers() if sqlite else _postgres_triggers():
        op.execute(statement)
    op.execute(BACKFILL)


def downgrade() -> None:
    if op.get_bind().dialect.name == "sqlite":
        for name in SQLITE_TRIGGERS:
            op.execute(f"DROP TRIGGER IF EXISTS {name}")
    else:
        for name, table in POSTGRES_TRIGGERS:
            op.execute(f"DROP TRIGGER IF EXISTS {name} ON {table}")
        op.execute("DROP FUNCTION IF EXISTS innovation_tally_innovation()")
        op.execute("DROP FUNCTION IF EXISTS innovation_tally_pillar()")
    op.drop_table("innovation_tally_change")
    op.drop_table("innovation_tally")
