"""Lengkapi data IID: the national index's record of an innovation, after it was sent.

Offered with a button under the thank-you after Kirim, and on /lihat of one's own innovation:

📝 Lengkapi data IID ─> (nothing answered yet) the questions of `IID_FORM` one by one, each
      with Lewati ─> the evidence indicators
   ─> (answered before) the overview: every answer with ✏️, 📎 Indikator bukti, Selesai
📎 Indikator bukti ─> an indicator ─> the level the OPD claims ─> a file or a link (or Lewati)
      ─> the indicators again
/iid (admins) ─> the indicators, weights and levels, and their CSV ─> a CSV sent back replaces
      them (a file with any bad row changes nothing; every bad row is listed)

Every answer is written with the flow's state in one transaction, after the person's right to
change this innovation (its OPD) was checked again: an old button pressed after a move to
another OPD shows nothing. The record lives in tables of its own, so filling it never collides
with the innovation's review or its version.
"""

from __future__ import annotations

import enum
import logging
from datetime import date, timedelta
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession
from telegram import InlineKeyboardButton, InlineKeyboardMarkup, Update
from telegram.error import TelegramError
from telegram.ext import (
    CallbackQueryHandler,
    CommandHandler,
    ConversationHandler,
    MessageHandler,
    filters,
)

from bot.core.policy import Action
from bot.core.texts import Catalog, Html
from bot.iid.record import (
    IID_FORM,
    IidCsvError,
    IidState,
    active_indicators,
    check_dates,
    claim_complete,
    indicators_csv,
    load_state,
    parse_indicator_csv,
    replace_indicators,
)
from bot.innovations.form import Question
from bot.innovations.rules import EvidenceFile, Invalid, valid_link
from bot.review.public_files import announce_file
from bot.telegram.callbacks import Callback as Data
from bot.telegram.callbacks import Int, any_of
from bot.telegram.context import BotContext
from bot.telegram.menu import command
from bot.telegram.people import Caller, identified_in, identify_in, refuse, require
from conversations.common import END, FlowStore, conversation, leave_flow, stale_button
from conversations.flow import (
    KEEP,
    Buttons,
    FormFlow,
    Inputs,
    Next,
    Turn,
    button,
    checked_file,
    edit_button,
    inputs,
    say,
    show,
    shown_or_empty,
)
from storage.models import Event, IidEvidence, IidIndicator, IidRecord, Innovation
from storage.repositories.innovations import InnovationRepository

logger = logging.getLogger(__name__)

FLOW = FlowStore("iid")
SUBMISSION = FlowStore("submission")  # read only: is the person in the middle of the form?
TIMEOUT = timedelta(hours=12)
INDICATORS_PAGE = 10
MAX_CSV_DOWNLOAD = 1024 * 1024


class Step(enum.StrEnum):
    OVERVIEW = "overview"
    INDICATORS = "indicators"
    LEVEL = "level"
    PROOF = "proof"
    IMPORT = "import"


# The form's buttons (iid:c, iid:pg, iid:skip, iid:edit), and the flow's own.
BUTTONS = Buttons("iid")
CHOOSE, PAGE, SKIP, EDIT = BUTTONS.choose, BUTTONS.page, BUTTONS.skip, BUTTONS.edit
OPEN = Data("iid:open", Int("id"))
LIST = Data("iid:list", Int("page", 3))
INDICATOR = Data("iid:i", Int("id", 8))
LEVEL = Data("iid:lv", Int("id", 8), Int("level", 1))
OVERVIEW = Data("iid:ov")
DONE = Data("iid:done")


def open_button(texts: Catalog, lang: str, innovation_id: int) -> InlineKeyboardButton:
    return InlineKeyboardButton(
        texts.text(lang, "iid-open"), callback_data=OPEN.data(innovation_id)
    )


def offer(texts: Catalog, lang: str, innovation_id: int) -> InlineKeyboardMarkup:
    """The button under the thank-you after Kirim."""
    return InlineKeyboardMarkup([[open_button(texts, lang, innovation_id)]])


# --- who may, on which innovation -------------------------------------------------------------


async def _begin(session: AsyncSession, update: Update, context: BotContext) -> Turn:
    """Who is answering, the flow's row, and the innovation as they may change it (its
    `subject`; None and `refused`: the flow is over for them, and has ended)."""
    member, row = await FLOW.member_and_row(session, update)
    caller = await identified_in(session, update, context, member)
    if member is None:  # (an admin's membership, made just now: their row is looked for)
        row = await FLOW.row(session, update)
    data = dict(row.data) if row is not None else {}
    innovation = await session.get(Innovation, int(data.get("innovation_id", 0)))
    if innovation is None or not caller.may(Action.EDIT_INNOVATION, opd_id=innovation.opd_id):
        await FLOW.end(session, update)
        innovation = None
    return Turn(caller, innovation is None, row, data, innovation)


async def _refused(update: Update, context: BotContext, turn: Turn) -> object:
    """The innovation is gone or no longer this person's to change: nothing of it is shown."""
    logger.info("IID flow of telegram user %s ended: not theirs to change", turn.caller.telegram_id)
    text = context.services.texts.text(turn.caller.lang, "iid-not-yours")
    query = update.callback_query
    if query is not None:
        try:
            await query.answer(text, show_alert=True)
            return END
        except TelegramError:
            pass
    await say(update, text)
    return END


async def _record(session: AsyncSession, innovation_id: int) -> IidRecord:
    """The innovation's record; a new one is only added once something is written to it."""
    record = await session.get(IidRecord, innovation_id)
    return record if record is not None else IidRecord(innovation_id=innovation_id)


def _event(turn: Turn, field: str, old: Any, new: Any) -> Event:
    member = turn.caller.member
    assert turn.subject is not None
    return Event(
        innovation_id=turn.subject.id, actor_id=member.id if member else None,
        kind="iid_changed", field=field[:40],
        old_value=None if old is None else str(old), new_value=None if new is None else str(new),
    )  # fmt: skip


class IidFlow(FormFlow):
    """The form engine with the IID's own: the answers go to the innovation's record (an
    event each), Lewati keeps an answer, the walk through the questions ends at the
    indicators, a corrected answer returns to the overview."""

    form = IID_FORM
    store = FLOW
    buttons = BUTTONS
    timeout_key = "iid-timed-out"
    review = Step.OVERVIEW
    walk_end = Step.INDICATORS
    back = False
    skip_keeps = True
    choices_in_a_row = False
    numbered = False
    any_question = False
    now_key = "iid-now"

    async def begin(
        self, session: AsyncSession, update: Update, context: BotContext, caller: Caller | None
    ) -> Turn:
        return await _begin(session, update, context)

    async def open(self, session: AsyncSession, turn: Turn) -> IidRecord:
        return await _record(session, turn.subject.id)

    async def shown_when_asked(self, session: AsyncSession, turn: Turn) -> Any:
        return await session.get(IidRecord, turn.subject.id)

    def parse(self, question: Question, text: str, on: date) -> Any:
        try:
            return super().parse(question, text, on)
        except Invalid as invalid:
            if invalid.key == "sub-invalid-future-date":
                raise Invalid("iid-future-date") from None
            raise

    def check(self, question: Question, value: Any, target: Any) -> None:
        check_dates(question, value, target)

    def walking(self, data: dict[str, Any]) -> bool:
        # ("walk": how a flow begun before the engine says it.)
        return super().walking(data) and data.get("walk", True) is not False

    async def write(
        self, session: AsyncSession, turn: Turn, target: Any, question: Question, value: Any
    ) -> None:
        record: IidRecord = target
        old = getattr(record, question.name)
        if value is KEEP or old == value:
            return
        if record not in session:
            session.add(record)
        setattr(record, question.name, value)
        if turn.caller.member is not None:
            record.updated_by_id = turn.caller.member.id
        session.add(_event(turn, question.name, old, value))
        await session.flush()

    async def prepare(self, session: AsyncSession, turn: Turn, state: str, target: Any) -> Next:
        return Next(state, await load_state(session, turn.subject.id))

    async def present(
        self, update: Update, context: BotContext, turn: Turn, step: Next, *, edit: bool = False
    ) -> object:
        lang, state = turn.caller.lang, step.target
        if step.state == Step.OVERVIEW:
            return await _show_overview(update, context, lang, turn.subject, state)
        if step.state == Step.INDICATORS:
            return await _show_indicators(update, context, lang, state, 0, edit=False)
        return await self.ask(update, context, lang, IID_FORM[step.state], state.record)

    async def refused(self, update: Update, context: BotContext, turn: Turn) -> object:
        return await _refused(update, context, turn)


IID = IidFlow()

# --- screens (sent after the transaction) -----------------------------------------------------


def readiness_text(texts: Catalog, lang: str, state: IidState) -> str:
    """Ready or what is missing, and the OPD's own estimate of the score."""
    if state.ready:
        head = texts.text(lang, "iid-ready")
    else:
        items = [texts.text(lang, q.label_key) for q in state.missing_questions]
        items += [i.name for i in state.missing_indicators]
        head = texts.text(lang, "iid-missing", count=len(items), items=", ".join(items))
    score = texts.text(
        lang, "iid-score", score=_number(state.score, lang), maximum=_number(state.maximum, lang)
    )
    return f"{head}\n{score}"


def _number(value: float, lang: str) -> str:
    text = f"{value:.1f}".rstrip("0").rstrip(".")
    return text.replace(".", ",") if lang == "id" else text


def _complete_count(state: IidState) -> int:
    return sum(1 for i in state.indicators if claim_complete(state.claims.get(i.id), i))


async def _show_overview(
    update: Update, context: BotContext, lang: str, innovation: Innovation, state: IidState
) -> object:
    texts = context.services.texts
    lines = [texts.text(lang, "iid-overview-title", id=innovation.id, title=innovation.title)]
    for question in IID_FORM:
        value = shown_or_empty(texts, lang, question, state.record)
        lines.append(
            texts.text(lang, "sub-review-line", label=texts.text(lang, question.label_key),
                       value=value)
        )  # fmt: skip
    lines.append(
        texts.text(lang, "iid-indicators-count", done=_complete_count(state),
                   total=len(state.indicators))
    )  # fmt: skip
    lines.append("")
    lines.append(readiness_text(texts, lang, state))
    edits = [edit_button(texts, lang, BUTTONS, q) for q in IID_FORM]
    rows = [edits[i : i + 2] for i in range(0, len(edits), 2)]
    rows.append([button(texts.text(lang, "iid-button-indicators"), LIST.data(0))])
    rows.append([button(texts.text(lang, "button-done"), DONE.data())])
    await say(update, "\n".join(lines), InlineKeyboardMarkup(rows))
    return Step.OVERVIEW


async def _show_indicators(
    update: Update, context: BotContext, lang: str, state: IidState, page: int, *, edit: bool
) -> object:
    texts = context.services.texts
    pages = max(1, -(-len(state.indicators) // INDICATORS_PAGE))
    page = min(max(page, 0), pages - 1)
    shown = state.indicators[page * INDICATORS_PAGE : (page + 1) * INDICATORS_PAGE]
    rows = []
    for indicator in shown:
        claim = state.claims.get(indicator.id)
        mark = "✅" if claim_complete(claim, indicator) else "⬜"
        level = f" · {claim.level}" if claim is not None and claim.level else ""
        rows.append([button(f"{mark} {indicator.name}{level}", INDICATOR.data(indicator.id))])
    navigation = []
    if page > 0:
        navigation.append(button(texts.text(lang, "button-prev"), LIST.data(page - 1)))
    if page + 1 < pages:
        navigation.append(button(texts.text(lang, "button-next"), LIST.data(page + 1)))
    if navigation:
        rows.append(navigation)
    rows.append([button(texts.text(lang, "button-back"), OVERVIEW.data()),
                 button(texts.text(lang, "button-done"), DONE.data())])  # fmt: skip
    text = texts.text(
        lang, "iid-indicators", done=_complete_count(state), total=len(state.indicators),
        page=page + 1, pages=pages,
    )  # fmt: skip
    await show(update, text, InlineKeyboardMarkup(rows), edit=edit)
    return Step.INDICATORS


async def _ask_level(
    update: Update, context: BotContext, lang: str, indicator: IidIndicator, state: IidState
) -> object:
    texts = context.services.texts
    lines = [texts.text(lang, "iid-ask-level", name=indicator.name)]
    lines += [
        texts.text(lang, "iid-level-line", level=level.level, label=level.label)
        for level in indicator.levels
    ]
    claim = state.claims.get(indicator.id)
    if claim is not None and claim.level:
        lines.append(texts.text(lang, "iid-now", value=str(claim.level)))
    rows = [
        [button(str(level.level), LEVEL.data(indicator.id, level.level))
         for level in indicator.levels],
        [button(texts.text(lang, "button-back"), LIST.data(0))],
    ]  # fmt: skip
    await say(update, "\n".join(lines), InlineKeyboardMarkup(rows))
    return Step.LEVEL


async def _ask_proof(
    update: Update, context: BotContext, lang: str, indicator: IidIndicator, claim: IidEvidence
) -> object:
    texts = context.services.texts
    text = texts.text(lang, "iid-ask-proof", name=indicator.name)
    now = _proof_name(claim)
    if now:
        text += "\n" + texts.text(lang, "iid-now", value=now)
    markup = InlineKeyboardMarkup([[button(texts.text(lang, "button-skip"), SKIP.data())]])
    await say(update, text, markup)
    return Step.PROOF


def _proof_name(claim: IidEvidence | None) -> str | None:
    if claim is None:
        return None
    if claim.attachment is not None:
        return claim.attachment.file_name or claim.attachment.caption or "foto"
    return claim.link


# --- entry ------------------------------------------------------------------------------------


async def open_pressed(update: Update, context: BotContext) -> object:
    """📝 Lengkapi data IID: the questions from the start when nothing is answered yet, else the
    overview. Only for a member who may change the innovation (its OPD, or an admin)."""
    query = update.callback_query
    assert query is not None
    opened = OPEN.parse(query.data)
    texts = context.services.texts
    if opened is None:
        await stale_button(update, context)
        return END
    (innovation_id,) = opened
    busy = False
    async with context.services.database.transaction() as session:
        caller = await identify_in(session, update, context)
        innovation = await session.get(Innovation, innovation_id)
        allowed = innovation is not None and caller.may(
            Action.EDIT_INNOVATION, opd_id=innovation.opd_id
        )
        if allowed:
            busy = await SUBMISSION.row(session, update) is not None
        if allowed and not busy:
            state = await load_state(session, innovation_id)
            data = {"innovation_id": innovation_id}
            started = state.record is not None or bool(state.claims)
            if started:
                await FLOW.save(session, update, Step.OVERVIEW, data)
            else:
                await FLOW.save(session, update, IID_FORM.first.name, data)
    if not allowed:
        if innovation is None:
            await query.answer()
            await say(update, texts.text(caller.lang, "sub-not-found", id=innovation_id))
        else:
            await refuse(update, context, caller, Action.EDIT_INNOVATION)
        return END
    await query.answer()
    if busy:
        await say(update, texts.text(caller.lang, "iid-finish-form-first"))
        return END
    assert innovation is not None
    if started:
        return await _show_overview(update, context, caller.lang, innovation, state)
    await say(
        update, texts.text(caller.lang, "iid-intro", id=innovation.id, title=innovation.title)
    )
    return await IID.ask(update, context, caller.lang, IID_FORM.first)


# --- the indicators: a level and its proof each --------------------------------------------


async def _to_indicators(update: Update, context: BotContext, page: int = 0) -> object:
    async with context.services.database.transaction() as session:
        turn = await _begin(session, update, context)
        if not turn.refused:
            assert turn.subject is not None
            turn.data.pop("indicator", None)
            await FLOW.save(session, update, Step.INDICATORS, turn.data)
            state = await load_state(session, turn.subject.id)
    if turn.refused:
        return await _refused(update, context, turn)
    if update.callback_query is not None:
        await update.callback_query.answer()
    edit = update.callback_query is not None and LIST.matches(update.callback_query.data)
    return await _show_indicators(update, context, turn.caller.lang, state, page, edit=edit)


async def list_pressed(update: Update, context: BotContext) -> object:
    query = update.callback_query
    assert query is not None
    parsed = LIST.parse(query.data)
    return await _to_indicators(update, context, parsed[0] if parsed else 0)


async def overview_pressed(update: Update, context: BotContext) -> object:
    async with context.services.database.transaction() as session:
        turn = await _begin(session, update, context)
        if not turn.refused:
            assert turn.subject is not None
            await FLOW.save(session, update, Step.OVERVIEW, turn.data, row=turn.row)
            state = await load_state(session, turn.subject.id)
    if turn.refused:
        return await _refused(update, context, turn)
    assert update.callback_query is not None and turn.subject is not None
    await update.callback_query.answer()
    return await _show_overview(update, context, turn.caller.lang, turn.subject, state)


async def indicator_pressed(update: Update, context: BotContext) -> object:
    query = update.callback_query
    assert query is not None
    parsed = INDICATOR.parse(query.data)
    indicator: IidIndicator | None = None
    async with context.services.database.transaction() as session:
        turn = await _begin(session, update, context)
        if not turn.refused and parsed is not None:
            assert turn.subject is not None
            state = await load_state(session, turn.subject.id)
            indicator = next((i for i in state.indicators if i.id == parsed[0]), None)
            if indicator is not None:
                turn.data["indicator"] = indicator.id
                await FLOW.save(session, update, Step.LEVEL, turn.data)
    if turn.refused:
        return await _refused(update, context, turn)
    if indicator is None:  # an indicator taken out by an import meanwhile
        await stale_button(update, context)
        return None
    await query.answer()
    return await _ask_level(update, context, turn.caller.lang, indicator, state)


async def level_pressed(update: Update, context: BotContext) -> object:
    """The level the OPD claims: stored at once, then its file or link is asked."""
    query = update.callback_query
    assert query is not None
    parsed = LEVEL.parse(query.data)
    indicator: IidIndicator | None = None
    async with context.services.database.transaction() as session:
        turn = await _begin(session, update, context)
        if not turn.refused and parsed is not None and parsed[0] == turn.data.get("indicator"):
            assert turn.subject is not None
            state = await load_state(session, turn.subject.id)
            indicator = next((i for i in state.indicators if i.id == parsed[0]), None)
            if indicator is not None and 1 <= parsed[1] <= len(indicator.levels):
                claim = await _claim(session, turn, state, indicator)
                if claim.level != parsed[1]:
                    session.add(_event(turn, f"iid:{indicator.code}", claim.level, parsed[1]))
                    claim.level = parsed[1]
                await session.flush()
                await FLOW.save(session, update, Step.PROOF, turn.data)
            else:
                indicator = None
    if turn.refused:
        return await _refused(update, context, turn)
    if indicator is None:
        await stale_button(update, context)
        return None
    await query.answer()
    await query.edit_message_reply_markup(None)
    return await _ask_proof(update, context, turn.caller.lang, indicator, claim)


async def _claim(
    session: AsyncSession, turn: Turn, state: IidState, indicator: IidIndicator
) -> IidEvidence:
    assert turn.subject is not None
    claim = state.claims.get(indicator.id)
    if claim is None:
        claim = IidEvidence(innovation_id=turn.subject.id, indicator_id=indicator.id)
        claim.attachment = None
        session.add(claim)
    if turn.caller.member is not None:
        claim.updated_by_id = turn.caller.member.id
    return claim


async def _proof(
    update: Update, context: BotContext, evidence: EvidenceFile | None, link: str | None,
    content: bytes | None = None,
) -> object:  # fmt: skip
    """The file or the link behind the claimed level: one transaction, then the indicators."""
    message = update.effective_message
    assert message is not None
    attachment_id: int | None = None
    async with context.services.database.transaction() as session:
        turn = await _begin(session, update, context)
        row = None if turn.refused else await FLOW.row(session, update)
        found = not turn.refused and row is not None and row.state == Step.PROOF
        if found:
            assert turn.subject is not None
            state = await load_state(session, turn.subject.id)
            indicator = next(
                (i for i in state.indicators if i.id == turn.data.get("indicator")), None
            )
            found = indicator is not None
        if found:
            assert indicator is not None
            claim = await _claim(session, turn, state, indicator)
            old = _proof_name(claim)
            if evidence is not None:
                attachment = await _attach(session, context, turn.subject, evidence,
                                           message.caption, indicator)  # fmt: skip
                claim.attachment_id, claim.link = attachment.id, None
                attachment_id = attachment.id if attachment.sha256 is None else None
                new = evidence.file_name or message.caption or "foto"
            else:
                claim.attachment_id, claim.link = None, link
                new = link
            session.add(_event(turn, f"iid:{indicator.code}", old, new))
            await session.flush()
            turn.data.pop("indicator", None)
            await FLOW.save(session, update, Step.INDICATORS, turn.data)
            state = await load_state(session, turn.subject.id)
    if turn.refused:
        return await _refused(update, context, turn)
    if not found:
        await say(update, context.services.texts.text(turn.caller.lang, "button-expired"))
        return Step.INDICATORS
    if attachment_id is not None:  # committed: the regency's copy is made in the background
        context.services.evidence.keep_soon(attachment_id, content)
    texts = context.services.texts
    await say(update, texts.text(turn.caller.lang, "iid-proof-saved", name=indicator.name))
    return await _show_indicators(update, context, turn.caller.lang, state, 0, edit=False)


async def _attach(
    session: AsyncSession,
    context: BotContext,
    innovation: Innovation | None,
    evidence: EvidenceFile,
    caption: str | None,
    indicator: IidIndicator,
) -> Any:
    """The file as an attachment of the innovation (its bukti dukung, kept by the evidence
    store); the same file sent before is the same attachment. A new file of an approved
    innovation waits for a coordinator's ✅ before the public sees it."""
    assert innovation is not None
    full = await InnovationRepository(session).get(innovation.id)
    assert full is not None
    same = next((a for a in full.attachments if a.file_unique_id == evidence.file_unique_id), None)
    if same is not None:
        return same
    attachment = await InnovationRepository(session).add_attachment(
        full, kind=evidence.kind, file_id=evidence.file_id,
        file_unique_id=evidence.file_unique_id, file_name=evidence.file_name,
        mime_type=evidence.mime_type, file_size=evidence.file_size,
        caption=caption or f"IID: {indicator.name}",
    )  # fmt: skip
    assert attachment is not None
    await announce_file(session, context.services, full, attachment)
    return attachment


async def proof_file(update: Update, context: BotContext) -> object:
    message = update.effective_message
    assert message is not None
    try:
        evidence, content = await checked_file(context, message)
    except Invalid as problem:
        return await IID.tell(update, context, problem)
    return await _proof(update, context, evidence, None, content)


async def proof_link(update: Update, context: BotContext) -> object:
    message = update.effective_message
    assert message is not None and message.text is not None
    try:
        link = valid_link(message.text)
    except Invalid:
        return await IID.tell(update, context, Invalid("iid-proof-invalid"))
    return await _proof(update, context, None, link)


async def done_pressed(update: Update, context: BotContext) -> object:
    """Selesai: the flow ends with where the record stands (ready, or what is missing)."""
    query = update.callback_query
    assert query is not None
    async with context.services.database.transaction() as session:
        turn = await _begin(session, update, context)
        if not turn.refused:
            assert turn.subject is not None
            state = await load_state(session, turn.subject.id)
            await FLOW.end(session, update)
    if turn.refused:
        return await _refused(update, context, turn)
    assert turn.subject is not None
    await query.answer()
    await query.edit_message_reply_markup(None)
    texts = context.services.texts
    lang = turn.caller.lang
    head = texts.text(lang, "iid-saved", id=turn.subject.id)
    await say(update, f"{head}\n{readiness_text(texts, lang, state)}")
    return END


# --- the indicators table (admins) ------------------------------------------------------------


async def _download(context: BotContext, file_id: str) -> bytes:
    """A CSV sent back, read (at most `MAX_CSV_DOWNLOAD` bytes)."""
    try:
        telegram_file = await context.bot.get_file(file_id)
        if (telegram_file.file_size or 0) > MAX_CSV_DOWNLOAD:
            raise Invalid("iid-csv-too-large")
        return bytes(await telegram_file.download_as_bytearray())
    except TelegramError as exc:
        logger.warning("could not read a file sent for the IID: %s", exc)
        raise Invalid("sub-file-unreadable") from None


async def iid_command(update: Update, context: BotContext) -> object:
    """/iid: the indicators as they stand, their CSV to change, and the invitation to send it
    back."""
    caller = await require(update, context, Action.CONFIGURE)
    if caller is None:
        return END
    texts = context.services.texts
    async with context.services.database.transaction() as session:
        indicators = await active_indicators(session)
        await FLOW.save(session, update, Step.IMPORT, {})
    lang = caller.lang
    lines = [texts.text(lang, "iid-admin-title", count=len(indicators),
                        total=_number(sum(i.weight for i in indicators), lang))]  # fmt: skip
    lines += [
        texts.text(lang, "iid-admin-line", code=i.code, name=i.name,
                   weight=_number(i.weight, lang), levels=len(i.levels),
                   required=Html(texts.text(lang, "button-yes" if i.required else "button-no")))
        for i in indicators
    ]  # fmt: skip
    message = update.effective_message
    assert message is not None
    await message.reply_text("\n".join(lines))
    await message.reply_document(
        indicators_csv(indicators), filename="indikator-iid.csv",
        caption=texts.text(lang, "iid-admin-send-back"),
    )  # fmt: skip
    return Step.IMPORT


async def csv_sent(update: Update, context: BotContext) -> object:
    """A CSV sent back: checked whole; imported only when every row is good."""
    message = update.effective_message
    assert message is not None and message.document is not None
    caller = await require(update, context, Action.CONFIGURE)
    if caller is None:
        async with context.services.database.transaction() as session:
            await FLOW.end(session, update)
        return END
    texts = context.services.texts
    lang = caller.lang
    name = (message.document.file_name or "").casefold()
    try:
        if not name.endswith((".csv", ".txt")):
            raise Invalid("iid-csv-not-csv")
        rows = parse_indicator_csv(await _download(context, message.document.file_id))
    except Invalid as problem:
        await message.reply_text(texts.text(lang, problem.key, **problem.arguments))
        return Step.IMPORT
    except IidCsvError as error:
        lines = [texts.text(lang, "iid-csv-refused", count=len(error.problems))]
        for problem in error.problems[:40]:
            text = texts.text(lang, problem.key, **problem.arguments)
            lines.append(texts.text(lang, "iid-csv-line", line=problem.line, problem=Html(text))
                         if problem.line else text)  # fmt: skip
        if len(error.problems) > 40:
            lines.append(texts.text(lang, "iid-csv-more", more=len(error.problems) - 40))
        await message.reply_text("\n".join(lines))
        return Step.IMPORT
    async with context.services.database.transaction() as session:
        imported, retired = await replace_indicators(session, rows)
        session.add(
            Event(actor_id=caller.member.id if caller.member else None, kind="iid_indicators",
                  note=f"{imported} indicators imported, {retired} made inactive")
        )  # fmt: skip
        await FLOW.end(session, update)
    await message.reply_text(texts.text(lang, "iid-csv-imported", count=imported, retired=retired))
    return END


async def import_waiting(update: Update, context: BotContext) -> object:
    caller = await require(update, context, Action.CONFIGURE)
    if caller is None:
        async with context.services.database.transaction() as session:
            await FLOW.end(session, update)
        return END
    message = update.effective_message
    assert message is not None
    await message.reply_text(context.services.texts.text(caller.lang, "iid-admin-waiting"))
    return Step.IMPORT


# --- leaving ------------------------------------------------------------------------------------


async def cancel(update: Update, context: BotContext) -> object:
    return await leave_flow(update, context, FLOW, "iid-cancelled")


def build(texts: Catalog) -> ConversationHandler[Any]:
    given: Inputs = inputs(texts)
    lists = CallbackQueryHandler(list_pressed, pattern=LIST.pattern)
    done = CallbackQueryHandler(done_pressed, pattern=DONE.pattern)
    buttons_only = MessageHandler(given.text | given.other, IID.told("sub-use-buttons"))
    private = filters.ChatType.PRIVATE
    states: dict[object, list[Any]] = {
        **IID.states(given),
        Step.OVERVIEW: [
            CallbackQueryHandler(IID.edit_pressed, pattern=EDIT.pattern), lists, done,
            buttons_only,
        ],
        Step.INDICATORS: [
            CallbackQueryHandler(indicator_pressed, pattern=INDICATOR.pattern), lists, done,
            CallbackQueryHandler(overview_pressed, pattern=OVERVIEW.pattern), buttons_only,
        ],
        Step.LEVEL: [CallbackQueryHandler(level_pressed, pattern=LEVEL.pattern), lists,
                     buttons_only],
        Step.PROOF: [
            MessageHandler(given.files, proof_file), MessageHandler(given.text, proof_link),
            CallbackQueryHandler(_to_indicators, pattern=SKIP.pattern),  # the proof kept
            MessageHandler(given.other, IID.told("iid-proof-invalid")),
        ],
        Step.IMPORT: [
            MessageHandler(private & filters.UpdateType.MESSAGE & filters.Document.ALL,
                           csv_sent),
            MessageHandler(given.text | given.other, import_waiting),
        ],
    }  # fmt: skip
    return conversation(
        FLOW.name,
        entry_points=[
            CallbackQueryHandler(open_pressed, pattern=OPEN.pattern),
            CommandHandler(command("iid").names, iid_command, filters=private),
        ],
        states=states,
        timeout=TIMEOUT,
        fallbacks=[
            CommandHandler(command("batal").names, cancel, filters=private),
            CallbackQueryHandler(stale_button, pattern=any_of(
                CHOOSE, PAGE, SKIP, EDIT, LIST, INDICATOR, LEVEL, OVERVIEW, DONE)),
        ],
    )  # fmt: skip


async def iid_status(
    context: BotContext, caller: Caller, innovation: Innovation
) -> tuple[str, InlineKeyboardMarkup | None]:
    """The IID block of /lihat: ready or what is missing, the OPD's estimate, and the button to
    complete it for whoever may change the innovation."""
    texts = context.services.texts
    async with context.services.database.reading() as session:
        state = await load_state(session, innovation.id)
    title = texts.text(caller.lang, "iid-status-title")
    text = f"{title}\n{readiness_text(texts, caller.lang, state)}"
    markup = None
    if caller.may(Action.EDIT_INNOVATION, opd_id=innovation.opd_id):
        markup = InlineKeyboardMarkup([[open_button(texts, caller.lang, innovation.id)]])
    return text, markup
