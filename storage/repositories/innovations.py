from __future__ import annotations

from functools import cache
from typing import Any

from sqlalchemy import (
    Insert,
    Select,
    Update,
    and_,
    bindparam,
    delete,
    func,
    insert,
    inspect,
    or_,
    select,
    update,
)
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import (
    joinedload,
    make_transient_to_detached,
    selectinload,
)
from sqlalchemy.orm.attributes import set_committed_value
from sqlalchemy.orm.exc import StaleDataError

from storage.models import (
    SEARCHED,
    Attachment,
    Event,
    EventKind,
    Innovation,
    Member,
    Opd,
    Pillar,
    Status,
    innovation_pillar,
    searchable,
    session_now,
)
from storage.repositories.opds import escape_like


def with_words(query: Select[Any], words: list[str]) -> Select[Any]:
    """`query` (joined with Opd) narrowed to innovations whose title, problem, solution or OPD
    name contain every word (already `searchable`); `%` and `_` match themselves."""
    for word in words:
        pattern = f"%{escape_like(word)}%"
        query = query.where(
            or_(
                Innovation.search_text.like(pattern, escape="\\"),
                Opd.search_name.like(pattern, escape="\\"),
            )
        )
    return query


# Database URL → its pillars, as ``known_pillars`` read them.
_PILLARS: dict[str, list[Pillar]] = {}


# Statements of an answer's path, built once: building a statement (and its cache key) costs
# several times what SQLite takes to run it, on every typed answer and pressed button.
@cache
def _row_query(pillars: bool = False) -> Select[Any]:
    query = select(Innovation).where(Innovation.id == bindparam("innovation_id"))
    if pillars:  # one to six rows, joined: no statement of their own
        query = query.options(joinedload(Innovation.pillars))
    return query.execution_options(populate_existing=True)


@cache
def _event_insert() -> Insert:
    """An audit event's INSERT, on the table (Core: no autoflush, no object); its time comes
    from the column's default, the database's clock."""
    table = Event.__table__
    names = ("innovation_id", "actor_id", "kind", "from_status", "to_status", "field",
             "old_value", "new_value", "note")  # fmt: skip
    # inline: no RETURNING of the new id (nobody reads it)
    return insert(table).values({name: bindparam(name) for name in names}).inline()


# Every column of a new draft but its id (given, most as None, so none is left unloaded).
_DRAFT_COLUMNS = tuple(c.key for c in Innovation.__table__.columns if c.key != "id")


@cache
def _draft_insert() -> Insert:
    table = Innovation.__table__
    return (
        insert(table)
        .values({name: bindparam(name) for name in _DRAFT_COLUMNS})
        .returning(table.c.id)
    )


@cache
def _write_statement(names: tuple[str, ...]) -> Update:
    """An innovation's UPDATE of these columns, its version checked (:seen) and bumped."""
    table = Innovation.__table__
    return (
        update(table)
        .where(table.c.id == bindparam("innovation_id"), table.c.version == bindparam("seen"))
        .values({name: bindparam(name) for name in names})
    )


@cache
def _children_query(name: str) -> Select[Any]:
    """The rows of one of Innovation's collections (:innovation_id's), in its order: what
    ``with_parent`` would build, once per collection."""
    relationship = inspect(Innovation).relationships[name]
    query = select(relationship.mapper.class_)
    if relationship.secondary is not None:  # many-to-many (the pillars)
        query = query.join(relationship.secondary, relationship.secondaryjoin)
    (column,) = [
        remote for local, remote in relationship.local_remote_pairs
        if local is Innovation.__table__.c.id
    ]  # fmt: skip
    query = query.where(column == bindparam("innovation_id"))
    return query.order_by(*relationship.order_by) if relationship.order_by else query


def _never_sent(innovation: Innovation) -> bool:
    """A draft that 📤 Kirim never sent (the time of sending is kept through a withdrawal)."""
    return innovation.status == Status.DRAFT and innovation.submitted_at is None


class InnovationRepository:
    def __init__(self, session: AsyncSession) -> None:
        self.session = session

    async def get(self, innovation_id: int) -> Innovation | None:
        """With its OPD, pillars, attachments and evaluations loaded."""
        return await self.session.scalar(
            select(Innovation)
            .where(Innovation.id == innovation_id)
            .options(
                joinedload(Innovation.opd),  # one row: joined, no statement of its own
                selectinload(Innovation.pillars),
                selectinload(Innovation.attachments),
                selectinload(Innovation.evaluations),
            )
            .execution_options(populate_existing=True)
        )

    async def row(self, innovation_id: int, *, pillars: bool = False) -> Innovation | None:
        """The innovation alone (`pillars`: with its pillars), fresh from the database: one
        statement, an answer's path."""
        result = await self.session.execute(_row_query(pillars), {"innovation_id": innovation_id})
        return result.unique().scalar_one_or_none() if pillars else result.scalar()

    async def latest_draft(self, submitter: Member) -> Innovation | None:
        return await self.session.scalar(
            select(Innovation)
            .where(
                Innovation.submitter_id == submitter.id,
                Innovation.status == Status.DRAFT,
                Innovation.opd_id == submitter.opd_id,
            )
            .order_by(Innovation.updated_at.desc(), Innovation.id.desc())
            .limit(1)
        )

    async def same_title(
        self, opd_id: int, title: str, exclude_id: int | None = None
    ) -> Innovation | None:
        query = select(Innovation).where(
            Innovation.opd_id == opd_id, func.lower(Innovation.title) == title.lower()
        )
        if exclude_id is not None:
            query = query.where(Innovation.id != exclude_id)
        return await self.session.scalar(query.order_by(Innovation.id).limit(1))

    async def create_draft(self, submitter: Member, title: str) -> Innovation:
        """A new draft of the submitter's OPD: one INSERT (Core, its id returned), the object
        made as a query would have loaded it, and its "created" event."""
        assert submitter.opd_id is not None
        now = session_now(self.session)
        values: dict[str, Any] = dict.fromkeys(_DRAFT_COLUMNS)
        values.update(
            opd_id=submitter.opd_id, submitter_id=submitter.id, title=title,
            contact_name=submitter.full_name, contact_phone=submitter.phone,
            status=Status.DRAFT.value, version=1, created_at=now, updated_at=now,
        )  # fmt: skip
        values["search_text"] = searchable(*(values[name] for name in SEARCHED))
        connection = await self.session.connection()
        new_id = (await connection.execute(_draft_insert(), values)).scalar_one()
        innovation = Innovation(id=new_id, **values, pillars=[], attachments=[])
        make_transient_to_detached(innovation)  # every column given: nothing left to load
        self.session.add(innovation)
        set_committed_value(innovation, "evaluations", [])
        await self.log(innovation, submitter, "created", to_status=Status.DRAFT)
        return innovation

    async def load(self, innovation: Innovation, names: tuple[str, ...]) -> None:
        """Of these relationships of `innovation` (as read in this session), those not loaded
        yet: one statement each, the row itself not read again; its OPD none when this session
        holds it already (the member's own, read with them); its verdicts none, unread, while
        it was never sent."""
        state = inspect(innovation)
        for name in names:
            if name not in state.unloaded:
                continue
            relationship = state.mapper.relationships[name]
            value: Any
            if name == "evaluations" and _never_sent(innovation):
                value = []  # so never reviewed: a verdict is given only to what was sent
            elif relationship.uselist:
                query = _children_query(name)
                value = list(await self.session.scalars(query, {"innovation_id": innovation.id}))
            else:
                assert name == "opd", name  # the one many-to-one shown
                value = await self.session.get(Opd, innovation.opd_id)
            set_committed_value(innovation, name, value)

    async def pillars(self) -> list[Pillar]:
        return list(await self.session.scalars(select(Pillar).order_by(Pillar.position)))

    async def known_pillars(self) -> list[Pillar]:
        """The pillars in their order, read once per database in this process: seeded by the
        first migration, changed by nothing while the bot runs (no screen, command or job
        edits them). Detached, to be shown; one to be put into an innovation goes through
        ``attached`` first."""
        assert self.session.bind is not None
        database = self.session.bind.url.render_as_string()
        known = _PILLARS.get(database)
        if known is None:
            rows = await self.session.execute(
                select(Pillar.id, Pillar.code, Pillar.name, Pillar.position).order_by(
                    Pillar.position
                )
            )
            known = [Pillar(**row._asdict()) for row in rows]
            for pillar in known:
                make_transient_to_detached(pillar)
            _PILLARS[database] = known
        return known

    async def attached(self, pillar: Pillar) -> Pillar:
        """A known pillar as this session's own (no statement: it is what the database holds)."""
        return await self.session.merge(pillar, load=False)

    async def add_attachment(self, innovation: Innovation, **fields: Any) -> Attachment | None:
        """Attach a file once: the same file sent twice is kept once."""
        if any(a.file_unique_id == fields["file_unique_id"] for a in innovation.attachments):
            return None
        attachment = Attachment(**fields)
        innovation.attachments.append(attachment)
        await self.session.flush()
        return attachment

    async def toggle_pillar(self, innovation: Innovation, pillar: Pillar) -> None:
        """`pillar` (a known one) added to `innovation`'s pillars (loaded), or taken off them:
        the link's INSERT or DELETE, and the innovation's version bumped (``write``)."""
        link = innovation_pillar.c
        chosen = [p for p in innovation.pillars if p.id != pillar.id]
        removed = len(chosen) < len(innovation.pillars)
        await self.write(innovation, {})
        connection = await self.session.connection()
        if removed:
            result = await connection.execute(
                delete(innovation_pillar).where(
                    and_(link.innovation_id == innovation.id, link.pillar_id == pillar.id)
                )
            )
            if result.rowcount != 1:  # as the unit of work refused a link gone meanwhile
                raise StaleDataError(f"innovation {innovation.id}: pillar {pillar.id} not linked")
        else:
            await connection.execute(
                insert(innovation_pillar).values(innovation_id=innovation.id, pillar_id=pillar.id)
            )
            chosen = sorted([*chosen, await self.attached(pillar)], key=lambda p: p.position)
        set_committed_value(innovation, "pillars", chosen)

    async def write(self, innovation: Innovation, values: dict[str, Any]) -> None:
        """Store `values` (column → value) of `innovation` (as read in this session, nothing
        else changed on it) in one UPDATE, as the ORM's flush would: its version checked and
        bumped (StaleDataError when someone else changed it first), updated_at stamped,
        search_text made again when what it is made of changes. Core: the unit of work's
        machinery cost more than the statement (an answer's path)."""
        state = inspect(innovation)
        if not state.persistent or state.modified or state.expired_attributes:
            raise ValueError("an innovation written with Core must be loaded and unchanged")
        values = {**values, "updated_at": session_now(self.session)}
        if any(name in values for name in SEARCHED):
            values["search_text"] = searchable(
                *(values[n] if n in values else getattr(innovation, n) for n in SEARCHED)
            )
        values["version"] = innovation.version + 1
        connection = await self.session.connection()
        result = await connection.execute(
            _write_statement(tuple(sorted(values))),
            {**values, "innovation_id": innovation.id, "seen": innovation.version},
        )
        if result.rowcount != 1:
            raise StaleDataError(
                f"innovation {innovation.id} is no longer at version {innovation.version}"
            )
        for name, value in values.items():
            set_committed_value(innovation, name, value)

    async def log(
        self,
        innovation: Innovation,
        actor: Member | None,
        kind: str,
        *,
        from_status: str | None = None,
        to_status: str | None = None,
        field: str | None = None,
        old_value: str | None = None,
        new_value: str | None = None,
        note: str | None = None,
    ) -> None:
        """An audit event of `innovation`, after its changes are flushed: one INSERT, not an
        object for the unit of work to track (nothing reads it back in the transaction). `kind`
        is one of EventKind (anything else is refused: the export has no words for it)."""
        await self.session.flush()
        connection = await self.session.connection()  # Core: no ORM bulk-insert machinery
        await connection.execute(
            _event_insert(),
            {
                "innovation_id": innovation.id, "actor_id": actor.id if actor else None,
                "kind": EventKind(kind), "from_status": from_status, "to_status": to_status,
                "field": field, "old_value": old_value, "new_value": new_value, "note": note,
            },
        )  # fmt: skip

    async def page(
        self, opd_id: int | None, offset: int, limit: int
    ) -> tuple[list[Innovation], int]:
        """Newest first; one OPD's, or everyone's when `opd_id` is None."""
        query = select(Innovation)
        if opd_id is not None:
            query = query.where(Innovation.opd_id == opd_id)
        total = await self.session.scalar(select(func.count()).select_from(query.subquery()))
        rows = await self.session.scalars(
            query.options(selectinload(Innovation.opd))
            .order_by(Innovation.id.desc())
            .offset(offset)
            .limit(limit)
        )
        return list(rows), total or 0

    async def search(
        self, words: list[str], offset: int, limit: int
    ) -> tuple[list[Innovation], int]:
        """Innovations whose title, problem, solution, goal, benefit or OPD name contain every
        word (already
        `searchable`: lower case, no accents). `%` and `_` match themselves."""
        query = with_words(select(Innovation).join(Opd, Opd.id == Innovation.opd_id), words)
        total = await self.session.scalar(select(func.count()).select_from(query.subquery()))
        rows = await self.session.scalars(
            query.options(selectinload(Innovation.opd))
            .order_by(Innovation.id.desc())
            .offset(offset)
            .limit(limit)
        )
        return list(rows), total or 0
