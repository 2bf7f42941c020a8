"""The domain's tables, as typed SQLAlchemy 2 models.

Rules that the data must always obey (unique codes, allowed statuses, foreign keys) are
constraints in the database, so that no code path, CLI or migration can bypass them.
"""

from __future__ import annotations

import enum
from datetime import UTC, date, datetime
from typing import Any

from sqlalchemy import (
    JSON,
    BigInteger,
    Boolean,
    CheckConstraint,
    Column,
    Date,
    DateTime,
    Float,
    ForeignKey,
    Index,
    Integer,
    MetaData,
    PrimaryKeyConstraint,
    String,
    Table,
    Text,
    TypeDecorator,
    UniqueConstraint,
    event,
    inspect,
    text,
    true,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship, validates

NAMING_CONVENTION = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_N_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


class UTCDateTime(TypeDecorator[datetime]):
    """Aware datetimes in, aware UTC datetimes out, on SQLite (which keeps no zone) as on
    PostgreSQL."""

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: Any) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("naive datetime given to the database; use an aware one")
        value = value.astimezone(UTC)
        return value.replace(tzinfo=None) if dialect.name == "sqlite" else value

    def process_result_value(self, value: datetime | None, dialect: Any) -> datetime | None:
        if value is None:
            return None
        return value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)


def utcnow() -> datetime:
    return datetime.now(UTC)


def stamp(context: Any) -> datetime:
    """Column default for created/updated times: the database's clock (tests and the sandbox
    move it, see ``Database.clock``), else the real one."""
    clock = context.execution_options.get("clock") if context is not None else None
    return clock.now() if clock is not None else utcnow()


def session_now(session: Any) -> datetime:
    """The same moment as ``stamp`` gives, for code that sets a timestamp itself."""
    clock = session.sync_session.get_bind().get_execution_options().get("clock")
    return clock.now() if clock is not None else utcnow()


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING_CONVENTION)
    type_annotation_map = {datetime: UTCDateTime(), date: Date()}


def _values(enum_type: type[enum.Enum]) -> str:
    return ", ".join(f"'{member.value}'" for member in enum_type)


class Role(enum.StrEnum):
    STAFF = "staff"
    COORDINATOR = "coordinator"
    ADMIN = "admin"


class MemberStatus(enum.StrEnum):
    ACTIVE = "active"
    BLOCKED = "blocked"


class Stage(enum.StrEnum):
    INISIATIF = "inisiatif"
    UJI_COBA = "uji_coba"
    PENERAPAN = "penerapan"


class InnovationKind(enum.StrEnum):
    DIGITAL = "digital"
    NON_DIGITAL = "non_digital"


class Status(enum.StrEnum):
    DRAFT = "draft"
    SUBMITTED = "submitted"
    IN_REVIEW = "in_review"
    APPROVED = "approved"
    REVISION_REQUESTED = "revision_requested"
    REJECTED = "rejected"


class EventKind(enum.StrEnum):
    """What an audit event records (``event.kind``): the one list of them, so that every kind
    has its words in the export's history (``event-<kind>`` in the catalogs) and a test."""

    CREATED = "created"
    FIELD_CHANGED = "field_changed"
    SUBMITTED = "submitted"
    WITHDRAWN = "withdrawn"
    # No longer written (opening a review changes nothing since), but older databases hold it.
    REVIEW_STARTED = "review_started"
    REVIEWED = "reviewed"
    CHECKIN = "checkin"
    IID_CHANGED = "iid_changed"
    IID_INDICATORS = "iid_indicators"  # the indicators table replaced: of no innovation
    FILE_APPROVED = "file_approved"  # a file added after approval shown on the public pages
    FILE_HIDDEN = "file_hidden"  # ... or kept off them
    IMPORTED = "imported"  # created or updated from a file (the backlog's import)


class AttachmentKind(enum.StrEnum):
    PHOTO = "photo"
    DOCUMENT = "document"


class StoreState(enum.StrEnum):
    """Where an attachment's file stands in the regency's own evidence store."""

    PENDING = "pending"  # not in the store yet: downloaded in the background, retried
    STORED = "stored"  # in the store under its sha256
    REFUSED = "refused"  # its bytes contradict its declared type or size: kept out, reported


class PublicState(enum.StrEnum):
    """Whether an attachment may be on the public pages: what a coordinator decided. The files
    an innovation has when it is approved are approved with it; a file added afterwards (a
    check-in photo, an IID evidence file) waits for a coordinator's ✅."""

    PENDING = "pending"
    APPROVED = "approved"
    HIDDEN = "hidden"  # 🚫: never public (the coordinators still see it)


class RequestStatus(enum.StrEnum):
    PENDING = "pending"
    APPROVED = "approved"
    REJECTED = "rejected"


class BroadcastStatus(enum.StrEnum):
    SENDING = "sending"
    DONE = "done"


class Audience(enum.StrEnum):
    ALL = "all"  # every active member with an OPD
    OPD = "opd"  # the members of one OPD
    WITHOUT = "without"  # the members of OPDs with no submitted innovation


class DeliveryStatus(enum.StrEnum):
    PENDING = "pending"  # in the outbox: written with the change, not yet claimed by a sender
    CLAIMED = "claimed"
    SENT = "sent"
    FAILED = "failed"


LANGUAGES = ("id", "en")


class Opd(Base):
    """A regional work unit (Organisasi Perangkat Daerah)."""

    __tablename__ = "opd"

    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(String(32), unique=True)
    name: Mapped[str] = mapped_column(String(200))
    active: Mapped[bool] = mapped_column(Boolean, default=True, server_default=true())
    # Lower case, accents removed: searched the same way on SQLite and PostgreSQL.
    search_name: Mapped[str] = mapped_column(String(200), default="", server_default="")
    # Whether the OPD is expected to submit innovations: the reminders, the broadcast to "OPDs
    # without a submission", /belum and the coverage count only those that are. Diskominfo,
    # which collects and reviews them, is not (see `expected_by_default`); an admin changes it
    # with /opd or the `expected` column of the OPD import.
    expected: Mapped[bool] = mapped_column(Boolean, server_default=true())
    created_at: Mapped[datetime] = mapped_column(default=stamp)
    updated_at: Mapped[datetime] = mapped_column(default=stamp, onupdate=stamp)

    __table_args__ = (
        CheckConstraint("length(code) between 2 and 32", name="code_length"),
        CheckConstraint("length(name) between 1 and 200", name="name_length"),
    )


class Member(Base):
    """A Telegram user bound to one OPD, with a role."""

    __tablename__ = "member"

    id: Mapped[int] = mapped_column(primary_key=True)
    telegram_id: Mapped[int] = mapped_column(BigInteger, unique=True)
    opd_id: Mapped[int | None] = mapped_column(ForeignKey("opd.id", ondelete="RESTRICT"))
    role: Mapped[str] = mapped_column(String(16), default=Role.STAFF)
    status: Mapped[str] = mapped_column(String(16), default=MemberStatus.ACTIVE)
    full_name: Mapped[str] = mapped_column(String(128))
    phone: Mapped[str | None] = mapped_column(String(32))
    language: Mapped[str | None] = mapped_column(String(8))
    # Set when Telegram answered 403 (the person blocked the bot); cleared when they write again.
    unreachable_since: Mapped[datetime | None]
    created_at: Mapped[datetime] = mapped_column(default=stamp)
    updated_at: Mapped[datetime] = mapped_column(default=stamp, onupdate=stamp)

    opd: Mapped[Opd | None] = relationship(lazy="raise")

    __table_args__ = (
        CheckConstraint(f"role in ({_values(Role)})", name="role"),
        CheckConstraint(f"status in ({_values(MemberStatus)})", name="status"),
        CheckConstraint("language is null or language in ('id', 'en')", name="language"),
        # Only admins may stand outside an OPD (an admin named in ADMIN_IDS, say).
        CheckConstraint("opd_id is not null or role = 'admin'", name="opd_required"),
    )


class Invite(Base):
    """An invite code: joining with it makes a person a member of its OPD with its role."""

    __tablename__ = "invite"

    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(String(64), unique=True)
    opd_id: Mapped[int] = mapped_column(ForeignKey("opd.id", ondelete="CASCADE"))
    role: Mapped[str] = mapped_column(String(16), default=Role.STAFF)
    max_uses: Mapped[int | None]
    used_count: Mapped[int] = mapped_column(default=0, server_default="0")
    expires_at: Mapped[datetime | None]
    revoked_at: Mapped[datetime | None]
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("member.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = mapped_column(default=stamp)

    opd: Mapped[Opd] = relationship(lazy="raise")

    __table_args__ = (
        CheckConstraint(f"role in ({_values(Role)})", name="role"),
        CheckConstraint("max_uses is null or max_uses > 0", name="max_uses_positive"),
        CheckConstraint(
            "used_count >= 0 and (max_uses is null or used_count <= max_uses)", name="used_count"
        ),
    )


class Pillar(Base):
    """One of the six smart-city dimensions. Seeded by the first migration."""

    __tablename__ = "pillar"

    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(String(32), unique=True)
    name: Mapped[str] = mapped_column(String(100))
    position: Mapped[int]


innovation_pillar = Table(
    "innovation_pillar",
    Base.metadata,
    Column(
        "innovation_id",
        ForeignKey("innovation.id", ondelete="CASCADE"),
        primary_key=True,
    ),
    Column("pillar_id", ForeignKey("pillar.id", ondelete="RESTRICT"), primary_key=True),
    # The key starts with innovation_id; the counts per pillar (and the foreign key) need
    # pillar_id first.
    Index("ix_innovation_pillar_pillar_id", "pillar_id", "innovation_id"),
)


class Innovation(Base):
    """A karya inovasi, with the fields of the national regional-innovation reporting form."""

    __tablename__ = "innovation"

    id: Mapped[int] = mapped_column(primary_key=True)
    opd_id: Mapped[int] = mapped_column(ForeignKey("opd.id", ondelete="RESTRICT"))
    submitter_id: Mapped[int | None] = mapped_column(
        ForeignKey("member.id", ondelete="SET NULL"), index=True
    )
    title: Mapped[str] = mapped_column(String(150))
    quick_win: Mapped[bool | None]
    stage: Mapped[str | None] = mapped_column(String(16))
    kind: Mapped[str | None] = mapped_column(String(16))
    problem: Mapped[str | None] = mapped_column(Text)
    solution: Mapped[str | None] = mapped_column(Text)
    goal: Mapped[str | None] = mapped_column(Text)
    benefit: Mapped[str | None] = mapped_column(Text)
    beneficiaries: Mapped[str | None] = mapped_column(Text)
    start_date: Mapped[date | None]
    # How precisely the start date was given: "day", "month" (its first day is stored), "year"
    # (its 1 January); NULL: a day (dates stored before the precision was kept).
    start_date_precision: Mapped[str | None] = mapped_column(String(8))
    link: Mapped[str | None] = mapped_column(String(2048))
    contact_name: Mapped[str | None] = mapped_column(String(128))
    contact_phone: Mapped[str | None] = mapped_column(String(32))
    status: Mapped[str] = mapped_column(String(24), default=Status.DRAFT)
    # Title, problem and solution, lower case, accents removed (see `searchable`).
    search_text: Mapped[str] = mapped_column(Text, default="", server_default="")
    # Optimistic concurrency: every UPDATE checks and bumps it.
    version: Mapped[int] = mapped_column(default=1, server_default="1")
    submitted_at: Mapped[datetime | None]
    # An innovation imported from a file (bot.plans.backlog): its stable key (the file's own
    # number, else OPD and title), so that the same file imported again finds it, and the file's
    # name, shown on its record.
    import_key: Mapped[str | None] = mapped_column(String(200))
    imported_from: Mapped[str | None] = mapped_column(String(255))
    created_at: Mapped[datetime] = mapped_column(default=stamp)
    updated_at: Mapped[datetime] = mapped_column(default=stamp, onupdate=stamp)

    opd: Mapped[Opd] = relationship(lazy="raise")
    submitter: Mapped[Member | None] = relationship(lazy="raise")
    pillars: Mapped[list[Pillar]] = relationship(
        secondary=innovation_pillar, lazy="raise", order_by=Pillar.position
    )
    attachments: Mapped[list[Attachment]] = relationship(
        back_populates="innovation",
        lazy="raise",
        cascade="all, delete-orphan",
        passive_deletes=True,
        order_by="Attachment.id",
    )
    # Read only (loaded by InnovationRepository.get): the verdicts given, oldest first.
    evaluations: Mapped[list[Evaluation]] = relationship(
        lazy="raise", viewonly=True, order_by="Evaluation.id"
    )

    __mapper_args__ = {"version_id_col": version}
    __table_args__ = (
        CheckConstraint(f"status in ({_values(Status)})", name="status"),
        CheckConstraint(f"stage is null or stage in ({_values(Stage)})", name="stage"),
        CheckConstraint(f"kind is null or kind in ({_values(InnovationKind)})", name="kind"),
        CheckConstraint("length(title) between 1 and 150", name="title_length"),
        # Lists by status, newest or oldest sent first (the dashboard, the review queue).
        Index("ix_innovation_status_submitted_at", "status", "submitted_at"),
        # Counts by status: everything the dashboard's tiles and charts group by, so the
        # database answers from the index alone.
        Index("ix_innovation_status_counts", "status", "opd_id", "stage", "kind", "quick_win"),
        # The reports read these indexes only, never the rows (see README, Performance): an
        # OPD's innovations by status (per OPD counts, an OPD's list, OPDs without one), and
        # status, quick win, stage, OPD and id together (the summary's counts, the pillar
        # counts' join and the coverage matrix, all without touching the long texts).
        Index("ix_innovation_opd_id_status", "opd_id", "status"),
        Index("ix_innovation_report", "status", "quick_win", "stage", "opd_id", "id"),
        # A unique index, not a constraint: SQLite adds it without rebuilding the table.
        Index("ix_innovation_import_key", "import_key", unique=True),
    )


class TallyDimension(enum.StrEnum):
    """What a row of the innovations' tally counts (see `InnovationTally`)."""

    OPD = "opd"  # innovations per OPD and status (value '')
    MIX = "mix"  # per status and "stage|kind|quick win" (opd_id 0): the tiles and charts
    PILLAR = "pillar"  # pillar links per OPD, status and pillar (value: the pillar's id)


class InnovationTally(Base):
    """The innovations counted, kept by the database itself: triggers on `innovation` and
    `innovation_pillar` (migration 0015) append each change's deltas to
    `innovation_tally_change`, whichever code wrote it (the ORM, a Core update, the CLI, another
    process); `storage.tally.compact` folds those into these running counts. The count of a key
    is its row here plus its pending changes: the dashboard's overview reads both, never the
    innovations themselves."""

    __tablename__ = "innovation_tally"

    dimension: Mapped[str] = mapped_column(String(8))
    status: Mapped[str] = mapped_column(String(24))
    opd_id: Mapped[int] = mapped_column(Integer, autoincrement=False)
    value: Mapped[str] = mapped_column(String(64))
    n: Mapped[int]

    __table_args__ = (
        # In the order the overview sums it (an OPD's or a cell's statuses side by side); on
        # SQLite the key is the table itself (WITHOUT ROWID): the sums read it in order.
        PrimaryKeyConstraint("dimension", "opd_id", "value", "status"),
        {"sqlite_with_rowid": False},
    )


class InnovationTallyChange(Base):
    """A delta to the tally, appended by a trigger (never updated): concurrent submissions
    append rows of their own instead of waiting on the same counter rows."""

    __tablename__ = "innovation_tally_change"

    id: Mapped[int] = mapped_column(BigInteger().with_variant(Integer, "sqlite"), primary_key=True)
    dimension: Mapped[str] = mapped_column(String(8))
    status: Mapped[str] = mapped_column(String(24))
    opd_id: Mapped[int]
    value: Mapped[str] = mapped_column(String(64))
    n: Mapped[int]


class Verdict(enum.StrEnum):
    APPROVED = "approved"
    REVISION_REQUESTED = "revision_requested"
    REJECTED = "rejected"


CRITERIA = ("fungsional", "mutakhir", "berkelanjutan", "bermanfaat", "berdampak")


class Evaluation(Base):
    """A coordinator's verdict on an innovation, scored 1–5 on the regent's and Kominfo's
    criteria, with a note. A revision request carries only its note: the scores are given
    to the version that is approved or rejected (null here)."""

    __tablename__ = "evaluation"

    id: Mapped[int] = mapped_column(primary_key=True)
    innovation_id: Mapped[int] = mapped_column(
        ForeignKey("innovation.id", ondelete="CASCADE"), index=True
    )
    reviewer_id: Mapped[int | None] = mapped_column(ForeignKey("member.id", ondelete="SET NULL"))
    verdict: Mapped[str] = mapped_column(String(24))
    fungsional: Mapped[int | None]
    mutakhir: Mapped[int | None]
    berkelanjutan: Mapped[int | None]
    bermanfaat: Mapped[int | None]
    berdampak: Mapped[int | None]
    note: Mapped[str | None] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(default=stamp)

    __table_args__ = (
        CheckConstraint(f"verdict in ({_values(Verdict)})", name="verdict"),
        *(CheckConstraint(f"{c} between 1 and 5", name=f"{c}_score") for c in CRITERIA),
    )


class Attachment(Base):
    """Evidence (bukti dukung): a file sent through Telegram (its file_id, tied to the bot's
    token) and kept by the regency in the evidence store, under the sha256 of its content
    (``bot/operations/evidence.py``), with the name, caption, type and size it came with."""

    __tablename__ = "attachment"

    id: Mapped[int] = mapped_column(primary_key=True)
    innovation_id: Mapped[int] = mapped_column(
        ForeignKey("innovation.id", ondelete="CASCADE"), index=True
    )
    kind: Mapped[str] = mapped_column(String(16))
    file_id: Mapped[str] = mapped_column(String(255))
    file_unique_id: Mapped[str] = mapped_column(String(64))
    file_name: Mapped[str | None] = mapped_column(String(255))
    mime_type: Mapped[str | None] = mapped_column(String(128))
    file_size: Mapped[int | None] = mapped_column(BigInteger)
    caption: Mapped[str | None] = mapped_column(Text)
    # The evidence store: the content's sha256 once stored; until then, how the download went.
    sha256: Mapped[str | None] = mapped_column(String(64), index=True)
    store_state: Mapped[str] = mapped_column(
        String(16), default=StoreState.PENDING, server_default=StoreState.PENDING.value
    )
    store_attempts: Mapped[int] = mapped_column(default=0, server_default="0")
    store_error: Mapped[str | None] = mapped_column(Text)
    store_retry_at: Mapped[datetime | None]
    stored_at: Mapped[datetime | None]
    # Public or not (see `PublicState`): the public pages and /bukti/N serve approved ones only.
    public_state: Mapped[str] = mapped_column(
        String(16), default=PublicState.PENDING, server_default=PublicState.PENDING.value
    )
    created_at: Mapped[datetime] = mapped_column(default=stamp)

    innovation: Mapped[Innovation] = relationship(back_populates="attachments", lazy="raise")

    __table_args__ = (
        CheckConstraint(f"kind in ({_values(AttachmentKind)})", name="kind"),
        CheckConstraint("file_size is null or file_size >= 0", name="file_size"),
        CheckConstraint(f"store_state in ({_values(StoreState)})", name="store_state"),
        CheckConstraint("store_state <> 'stored' or sha256 is not null", name="stored_has_sha256"),
        CheckConstraint(f"public_state in ({_values(PublicState)})", name="public_state"),
        UniqueConstraint("innovation_id", "file_unique_id"),
        Index("ix_attachment_store_state", "store_state"),
        # The coordinators' page lists the files waiting for a decision.
        Index("ix_attachment_public_state", "public_state"),
    )


class Event(Base):
    """The audit log: who did what, when, from which status to which, with a note."""

    __tablename__ = "event"

    id: Mapped[int] = mapped_column(primary_key=True)
    innovation_id: Mapped[int | None] = mapped_column(
        ForeignKey("innovation.id", ondelete="CASCADE"), index=True
    )
    actor_id: Mapped[int | None] = mapped_column(ForeignKey("member.id", ondelete="SET NULL"))
    kind: Mapped[str] = mapped_column(String(40))
    from_status: Mapped[str | None] = mapped_column(String(24))
    to_status: Mapped[str | None] = mapped_column(String(24))
    field: Mapped[str | None] = mapped_column(String(40))
    old_value: Mapped[str | None] = mapped_column(Text)
    new_value: Mapped[str | None] = mapped_column(Text)
    note: Mapped[str | None] = mapped_column(Text)
    details: Mapped[dict[str, Any] | None] = mapped_column(JSON)
    created_at: Mapped[datetime] = mapped_column(default=stamp, index=True)

    @validates("kind")
    def _known_kind(self, key: str, kind: str) -> str:
        return EventKind(kind)  # a kind not in EventKind is refused before it is stored


class Delivery(Base):
    """One send, claimed before it goes out so that it goes out once.

    (kind, period_key, recipient) is unique: a second instance or a restart that tries to claim
    the same send fails on the constraint and skips it. Notices that may wait (the outbox) are
    written ``pending`` with their ``payload`` in the transaction of the change that causes
    them; a sender claims them (pending → claimed, one conditional UPDATE) and sends them.
    """

    __tablename__ = "delivery"

    id: Mapped[int] = mapped_column(primary_key=True)
    kind: Mapped[str] = mapped_column(String(40))
    period_key: Mapped[str] = mapped_column(String(64))
    recipient_chat_id: Mapped[int] = mapped_column(BigInteger)
    status: Mapped[str] = mapped_column(String(16), default=DeliveryStatus.CLAIMED)
    attempts: Mapped[int] = mapped_column(default=0, server_default="0")
    error: Mapped[str | None] = mapped_column(Text)
    claimed_at: Mapped[datetime] = mapped_column(default=stamp)
    sent_at: Mapped[datetime | None]
    payload: Mapped[dict[str, Any] | None] = mapped_column(JSON)

    __table_args__ = (
        UniqueConstraint("kind", "period_key", "recipient_chat_id"),
        CheckConstraint(f"status in ({_values(DeliveryStatus)})", name="status"),
        Index("ix_delivery_status_kind", "status", "kind"),
    )


class AccessRequest(Base):
    """Someone without an invite asking to join an OPD; an admin approves or rejects it."""

    __tablename__ = "access_request"

    id: Mapped[int] = mapped_column(primary_key=True)
    telegram_id: Mapped[int] = mapped_column(BigInteger)
    full_name: Mapped[str] = mapped_column(String(128))
    opd_id: Mapped[int] = mapped_column(ForeignKey("opd.id", ondelete="CASCADE"))
    language: Mapped[str | None] = mapped_column(String(8))
    status: Mapped[str] = mapped_column(String(16), default=RequestStatus.PENDING)
    decided_by_id: Mapped[int | None] = mapped_column(ForeignKey("member.id", ondelete="SET NULL"))
    decided_at: Mapped[datetime | None]
    created_at: Mapped[datetime] = mapped_column(default=stamp)

    opd: Mapped[Opd] = relationship(lazy="raise")

    __table_args__ = (
        CheckConstraint(f"status in ({_values(RequestStatus)})", name="status"),
        # One open request per person; decided ones stay as history.
        Index(
            "uq_access_request_pending",
            "telegram_id",
            unique=True,
            sqlite_where=text("status = 'pending'"),
            postgresql_where=text("status = 'pending'"),
        ),
    )


class ConversationState(Base):
    """Where a person is in a multi-step flow, and what they answered so far.

    Handlers write it in the same transaction as the answer, so a restart, even a killed
    process, continues at the same question."""

    __tablename__ = "conversation_state"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(40))
    key: Mapped[str] = mapped_column(String(64))
    state: Mapped[str | None] = mapped_column(String(40))
    data: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    updated_at: Mapped[datetime] = mapped_column(default=stamp, onupdate=stamp)

    __table_args__ = (UniqueConstraint("name", "key"),)


class AppSetting(Base):
    """Values the bot learns while running (e.g. the coordinators' group id after a migration to
    a supergroup), which override configuration."""

    __tablename__ = "app_setting"

    key: Mapped[str] = mapped_column(String(64), primary_key=True)
    value: Mapped[str] = mapped_column(Text)
    updated_at: Mapped[datetime] = mapped_column(default=stamp, onupdate=stamp)


class DashboardLogin(Base):
    """A dashboard login link that has been used: the same link is never taken twice."""

    __tablename__ = "dashboard_login"

    hash: Mapped[str] = mapped_column(String(64), primary_key=True)
    telegram_id: Mapped[int] = mapped_column(BigInteger)
    used_at: Mapped[datetime] = mapped_column(default=stamp)
    ended_at: Mapped[datetime | None]  # logged out: the session it opened is over


class Schedule(Base):
    """When one kind of scheduled send goes out: a local time, the weekdays, on or off.

    Rows exist once an admin changed something; until then the defaults in ``bot.delivery`` hold.
    """

    __tablename__ = "schedule"

    kind: Mapped[str] = mapped_column(String(24), primary_key=True)
    enabled: Mapped[bool] = mapped_column(Boolean)
    at: Mapped[str] = mapped_column(String(5))  # "HH:MM", local time
    days: Mapped[str] = mapped_column(String(13))  # ISO weekdays, "1,2,3,4,5" = Monday-Friday
    updated_by_id: Mapped[int | None] = mapped_column(ForeignKey("member.id", ondelete="SET NULL"))
    updated_at: Mapped[datetime] = mapped_column(default=stamp, onupdate=stamp)

    __table_args__ = (
        CheckConstraint("length(at) = 5", name="at_format"),
        CheckConstraint("length(days) between 1 and 13", name="days_not_empty"),
    )


class Broadcast(Base):
    """An admin's announcement: what, to whom, and how far the sending got.

    Who has received it is in the delivery log (kind "broadcast", period = this id), so an
    interrupted broadcast resumes with those not yet sent."""

    __tablename__ = "broadcast"

    id: Mapped[int] = mapped_column(primary_key=True)
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("member.id", ondelete="SET NULL"))
    html: Mapped[str | None] = mapped_column(Text)  # the text or caption, as Telegram HTML
    photo_file_id: Mapped[str | None] = mapped_column(String(256))
    document_file_id: Mapped[str | None] = mapped_column(String(256))
    audience: Mapped[str] = mapped_column(String(16))
    opd_id: Mapped[int | None] = mapped_column(ForeignKey("opd.id", ondelete="SET NULL"))
    status: Mapped[str] = mapped_column(String(16), default=BroadcastStatus.SENDING, index=True)
    total: Mapped[int] = mapped_column(default=0, server_default="0")
    sent: Mapped[int] = mapped_column(default=0, server_default="0")
    failed: Mapped[int] = mapped_column(default=0, server_default="0")
    # The admin's progress message, edited as the sending goes on.
    progress_chat_id: Mapped[int | None] = mapped_column(BigInteger)
    progress_message_id: Mapped[int | None]
    language: Mapped[str] = mapped_column(String(8), default="id")
    created_at: Mapped[datetime] = mapped_column(default=stamp)
    finished_at: Mapped[datetime | None]

    __table_args__ = (
        CheckConstraint(f"status in ({_values(BroadcastStatus)})", name="status"),
        CheckConstraint(f"audience in ({_values(Audience)})", name="audience"),
        CheckConstraint(
            "html is not null or photo_file_id is not null or document_file_id is not null",
            name="has_content",
        ),
    )


class CheckinAnswer(enum.StrEnum):
    """What an OPD says when asked whether an approved innovation still runs."""

    RUNNING = "running"  # ✅ masih berjalan
    DEVELOPING = "developing"  # 🛠 dikembangkan
    STOPPED = "stopped"  # ⏸ berhenti


class CheckinStatus(enum.StrEnum):
    OPEN = "open"  # asked, nobody of the OPD has answered yet
    ANSWERED = "answered"
    CLOSED = "closed"  # the innovation stopped being approved before anyone answered


class Checkin(Base):
    """One periodic question to an OPD about one of its approved innovations ("masih
    berjalan?"), and the answer: who, when, what, what changed, how many people it served, a
    new photo. The rows of an innovation are its monitoring history (pemantauan)."""

    __tablename__ = "checkin"

    id: Mapped[int] = mapped_column(primary_key=True)
    innovation_id: Mapped[int] = mapped_column(ForeignKey("innovation.id", ondelete="CASCADE"))
    round: Mapped[int]  # 1, 2, 3 ... per innovation
    status: Mapped[str] = mapped_column(String(16), default=CheckinStatus.OPEN)
    asked_at: Mapped[datetime] = mapped_column(default=stamp)
    reminded_at: Mapped[datetime | None]
    answer: Mapped[str | None] = mapped_column(String(16))
    answered_by_id: Mapped[int | None] = mapped_column(ForeignKey("member.id", ondelete="SET NULL"))
    answered_at: Mapped[datetime | None]
    note: Mapped[str | None] = mapped_column(Text)  # what changed, in the answerer's words
    served: Mapped[int | None] = mapped_column(BigInteger)  # people served in the period
    attachment_id: Mapped[int | None] = mapped_column(
        ForeignKey("attachment.id", ondelete="SET NULL")
    )
    closed_at: Mapped[datetime | None]
    closed_reason: Mapped[str | None] = mapped_column(String(24))  # the innovation's status
    stop_reason: Mapped[str | None] = mapped_column(String(16))  # ⏸ only: a StopReason
    stop_note: Mapped[str | None] = mapped_column(Text)  # why it stopped, in their words

    __table_args__ = (
        CheckConstraint(f"status in ({_values(CheckinStatus)})", name="status"),
        CheckConstraint(f"answer is null or answer in ({_values(CheckinAnswer)})", name="answer"),
        CheckConstraint("status <> 'answered' or answer is not null", name="answered_has_answer"),
        CheckConstraint("served is null or served >= 0", name="served"),
        CheckConstraint("round >= 1", name="round"),
        UniqueConstraint("innovation_id", "round"),
        # The daily round looks for open check-ins (to remind, to close); freshness reads an
        # innovation's latest rows.
        Index("ix_checkin_status_asked_at", "status", "asked_at"),
    )


class CheckinPeriod(Base):
    """An innovation asked at its own period instead of the regency's default."""

    __tablename__ = "checkin_period"

    innovation_id: Mapped[int] = mapped_column(
        ForeignKey("innovation.id", ondelete="CASCADE"), primary_key=True
    )
    months: Mapped[int]
    updated_by_id: Mapped[int | None] = mapped_column(ForeignKey("member.id", ondelete="SET NULL"))
    updated_at: Mapped[datetime] = mapped_column(default=stamp, onupdate=stamp)

    __table_args__ = (CheckConstraint("months between 1 and 24", name="months"),)


PILLARS: tuple[tuple[str, str], ...] = (
    ("governance", "Smart Governance"),
    ("branding", "Smart Branding"),
    ("economy", "Smart Economy"),
    ("living", "Smart Living"),
    ("society", "Smart Society"),
    ("environment", "Smart Environment"),
)


def searchable(*parts: str | None) -> str:
    """Text as the search compares it: lower case, accents and marks removed, one space."""
    import unicodedata

    text = " ".join(part for part in parts if part)
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    stripped = "".join(char for char in decomposed if not unicodedata.combining(char))
    return " ".join(stripped.split())


# What search_text is made of, in this order.
SEARCHED = ("title", "problem", "solution", "goal", "benefit")


@event.listens_for(Innovation, "before_insert")
def _index_innovation(mapper: Any, connection: Any, innovation: Innovation) -> None:
    innovation.search_text = searchable(*(getattr(innovation, name) for name in SEARCHED))


@event.listens_for(Innovation, "before_update")
def _reindex_innovation(mapper: Any, connection: Any, innovation: Innovation) -> None:
    """Made again when what it is made of changed (not for a status, a pillar, a date)."""
    attributes = inspect(innovation).attrs
    if any(attributes[name].history.has_changes() for name in SEARCHED):
        _index_innovation(mapper, connection, innovation)


def expected_by_default(code: str, name: str) -> bool:
    """Every OPD submits innovations except Diskominfo, which collects and reviews them: its
    code has KOMINFO in it (DISKOMINFO, DISKOMINFOSANDITIK), or its name says "Komunikasi (dan)
    Informatika"."""
    words = searchable(name)
    return not (
        "KOMINFO" in code.upper()
        or ("komunikasi" in words and "informatika" in words and "dinas" in words)
    )


@event.listens_for(Opd, "before_insert")
def _new_opd(mapper: Any, connection: Any, opd: Opd) -> None:
    if opd.expected is None:
        opd.expected = expected_by_default(opd.code, opd.name)
    _index_opd(mapper, connection, opd)


@event.listens_for(Opd, "before_update")
def _index_opd(mapper: Any, connection: Any, opd: Opd) -> None:
    opd.search_name = searchable(opd.code, opd.name)


# --- the national regional-innovation index (Indeks Inovasi Daerah, IID) ---------------------


class IidForm(enum.StrEnum):
    """Bentuk inovasi daerah."""

    GOVERNANCE = "tata_kelola"  # tata kelola pemerintahan daerah
    PUBLIC_SERVICE = "pelayanan_publik"
    OTHER = "lainnya"  # bentuk lainnya sesuai urusan pemerintahan


class IidInitiator(enum.StrEnum):
    """Inisiator inovasi daerah."""

    REGENT = "kepala_daerah"
    COUNCIL = "anggota_dprd"
    OPD = "opd"
    ASN = "asn"
    PUBLIC = "masyarakat"


class IidRecord(Base):
    """What the index's input form asks of an innovation beyond the submission: filled after
    sending, optional until the index's report is made (`bot/iid/record.py` says what is
    missing)."""

    __tablename__ = "iid_record"

    innovation_id: Mapped[int] = mapped_column(
        ForeignKey("innovation.id", ondelete="CASCADE"), primary_key=True
    )
    innovation_form: Mapped[str | None] = mapped_column(String(24))
    affair: Mapped[str | None] = mapped_column(String(40))  # urusan pemerintahan, its code
    initiator: Mapped[str | None] = mapped_column(String(24))
    trial_date: Mapped[date | None]
    applied_date: Mapped[date | None]
    budget: Mapped[int | None] = mapped_column(BigInteger)  # rupiah
    result: Mapped[str | None] = mapped_column(Text)
    updated_by_id: Mapped[int | None] = mapped_column(ForeignKey("member.id", ondelete="SET NULL"))
    updated_at: Mapped[datetime] = mapped_column(default=stamp, onupdate=stamp)

    __table_args__ = (
        CheckConstraint(
            f"innovation_form is null or innovation_form in ({_values(IidForm)})", name="form"
        ),
        CheckConstraint(
            f"initiator is null or initiator in ({_values(IidInitiator)})", name="initiator"
        ),
        CheckConstraint("budget is null or budget >= 0", name="budget"),
    )


class IidIndicator(Base):
    """One evidence indicator of the index (regulasi, SDM, ...), with its weight and levels:
    data, seeded by migration 0013 and replaced by a CSV import, because the index's rules
    change from year to year. An indicator left out of a later import is kept, inactive (the
    claims made on it stay)."""

    __tablename__ = "iid_indicator"

    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(String(32), unique=True)
    name: Mapped[str] = mapped_column(String(200))
    weight: Mapped[float] = mapped_column(Float)
    required: Mapped[bool] = mapped_column(Boolean, default=True, server_default=true())
    position: Mapped[int]
    active: Mapped[bool] = mapped_column(Boolean, default=True, server_default=true())

    levels: Mapped[list[IidLevel]] = relationship(
        lazy="raise", cascade="all, delete-orphan", order_by="IidLevel.level"
    )

    __table_args__ = (CheckConstraint("weight >= 0", name="weight"),)


class IidLevel(Base):
    """A level an OPD may claim on an indicator: 1 the lowest; its share of the indicator's
    weight is level / the number of levels."""

    __tablename__ = "iid_level"

    id: Mapped[int] = mapped_column(primary_key=True)
    indicator_id: Mapped[int] = mapped_column(ForeignKey("iid_indicator.id", ondelete="CASCADE"))
    level: Mapped[int]
    label: Mapped[str] = mapped_column(String(300))

    __table_args__ = (
        UniqueConstraint("indicator_id", "level"),
        CheckConstraint("level >= 1", name="level"),
    )


class IidEvidence(Base):
    """An OPD's claim on one indicator for one innovation: the level, and a supporting file (an
    attachment of the innovation, kept by the evidence store) or a link."""

    __tablename__ = "iid_evidence"

    id: Mapped[int] = mapped_column(primary_key=True)
    innovation_id: Mapped[int] = mapped_column(ForeignKey("innovation.id", ondelete="CASCADE"))
    indicator_id: Mapped[int] = mapped_column(
        ForeignKey("iid_indicator.id", ondelete="CASCADE"), index=True
    )
    level: Mapped[int | None]
    link: Mapped[str | None] = mapped_column(String(2048))
    attachment_id: Mapped[int | None] = mapped_column(
        ForeignKey("attachment.id", ondelete="SET NULL"), index=True
    )
    updated_by_id: Mapped[int | None] = mapped_column(ForeignKey("member.id", ondelete="SET NULL"))
    updated_at: Mapped[datetime] = mapped_column(default=stamp, onupdate=stamp)

    attachment: Mapped[Attachment | None] = relationship(lazy="raise")

    __table_args__ = (UniqueConstraint("innovation_id", "indicator_id"),)
