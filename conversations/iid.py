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
from datetime import timedelta
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession
from telegram import InlineKeyboardButton, InlineKeyboardMarkup, Update
from telegram.error import BadRequest, TelegramError
from telegram.ext import (
    CallbackQueryHandler,
    CommandHandler,
    ConversationHandler,
    MessageHandler,
    TypeHandler,
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
from bot.innovations.form import Kind, Question
from bot.innovations.rules import (
    HEAD_BYTES,
    EvidenceFile,
    Invalid,
    check_evidence,
    first_bytes_match,
    valid_link,
)
from bot.review.public_files import announce_file
from bot.telegram.callbacks import Callback as Data
from bot.telegram.callbacks import Int, Str, any_of
from bot.telegram.context import BotContext
from bot.telegram.menu import command, menu_labels
from bot.telegram.people import Caller, identify_in, refuse, require
from conversations.common import (
    END,
    FlowStore,
    conversation,
    evidence_file,
    flow_timed_out,
    leave_flow,
    stale_button,
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


NAME = 16  # a question's name in the buttons' data
OPEN = Data("iid:open", Int("id"))
CHOOSE = Data("iid:c", Str("question", NAME), Str("option", 4))
PAGE = Data("iid:pg", Str("question", NAME), Int("page", 3))
SKIP = Data("iid:skip")
EDIT = Data("iid:edit", Str("question", NAME))
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


def _button(text: str, data: str) -> InlineKeyboardButton:
    return InlineKeyboardButton(text, callback_data=data)


async def _say(
    update: Update, text: str, markup: InlineKeyboardMarkup | None = None, *, edit: bool = False
) -> None:
    query = update.callback_query
    if edit and query is not None:
        try:
            await query.edit_message_text(text, reply_markup=markup)
            return
        except BadRequest as exc:  # "message is not modified" after a double press
            logger.debug("IID screen not edited: %s", exc)
            return
    message = update.effective_message
    assert message is not None
    await message.reply_text(text, reply_markup=markup)


# --- who may, on which innovation -------------------------------------------------------------


class _Turn:
    """Who is answering, the flow's stored answers and the innovation as they may change it
    (None: the flow is over for them, `refused` says why)."""

    def __init__(self, caller: Caller, data: dict[str, Any], innovation: Innovation | None):
        self.caller = caller
        self.data = data
        self.innovation = innovation

    @property
    def refused(self) -> bool:
        return self.innovation is None


async def _begin(session: AsyncSession, update: Update, context: BotContext) -> _Turn:
    caller = await identify_in(session, update, context)
    data = await FLOW.load(session, update)
    innovation = await session.get(Innovation, int(data.get("innovation_id", 0)))
    if innovation is None or not caller.may(Action.EDIT_INNOVATION, opd_id=innovation.opd_id):
        await FLOW.end(session, update)
        innovation = None
    return _Turn(caller, data, innovation)


async def _refused(update: Update, context: BotContext, turn: _Turn) -> object:
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
    await _say(update, text)
    return END


# --- screens (sent after the transaction) -----------------------------------------------------


def _value(texts: Catalog, lang: str, question: Question, record: IidRecord | None) -> str:
    value = question.shown(texts, lang, record) if record is not None else None  # type: ignore[arg-type]
    return str(value) if value not in (None, "") else texts.text(lang, "sub-empty")


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
        value = _value(texts, lang, question, state.record)
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
    edits = [
        _button(texts.text(lang, "sub-button-edit", label=texts.text(lang, q.label_key)),
                EDIT.data(q.name))
        for q in IID_FORM
    ]  # fmt: skip
    rows = [edits[i : i + 2] for i in range(0, len(edits), 2)]
    rows.append([_button(texts.text(lang, "iid-button-indicators"), LIST.data(0))])
    rows.append([_button(texts.text(lang, "button-done"), DONE.data())])
    await _say(update, "\n".join(lines), InlineKeyboardMarkup(rows))
    return Step.OVERVIEW


async def _ask(
    update: Update,
    context: BotContext,
    lang: str,
    question: Question,
    record: IidRecord | None,
    *,
    page: int = 0,
    edit: bool = False,
) -> object:
    texts = context.services.texts
    rows: list[list[InlineKeyboardButton]] = []
    if question.kind is Kind.CHOICE:
        rows = [[_button(o.text(texts, lang), CHOOSE.data(question.name, o.code))]
                for o in question.options_on(page)]  # fmt: skip
        if question.pages() > 1:
            navigation = []
            if page > 0:
                navigation.append(
                    _button(texts.text(lang, "button-prev"), PAGE.data(question.name, page - 1))
                )
            if page + 1 < question.pages():
                navigation.append(
                    _button(texts.text(lang, "button-next"), PAGE.data(question.name, page + 1))
                )
            rows.append(navigation)
    rows.append([_button(texts.text(lang, "button-skip"), SKIP.data())])
    text = texts.text(lang, question.ask_key)
    if record is not None and question.answered(record):  # type: ignore[arg-type]
        text += "\n" + texts.text(lang, "iid-now", value=_value(texts, lang, question, record))
    if question.pages() > 1:
        text += "\n" + texts.text(lang, "iid-page", page=page + 1, pages=question.pages())
    await _say(update, text, InlineKeyboardMarkup(rows), edit=edit)
    return question.name


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
        rows.append([_button(f"{mark} {indicator.name}{level}", INDICATOR.data(indicator.id))])
    navigation = []
    if page > 0:
        navigation.append(_button(texts.text(lang, "button-prev"), LIST.data(page - 1)))
    if page + 1 < pages:
        navigation.append(_button(texts.text(lang, "button-next"), LIST.data(page + 1)))
    if navigation:
        rows.append(navigation)
    rows.append([_button(texts.text(lang, "button-back"), OVERVIEW.data()),
                 _button(texts.text(lang, "button-done"), DONE.data())])  # fmt: skip
    text = texts.text(
        lang, "iid-indicators", done=_complete_count(state), total=len(state.indicators),
        page=page + 1, pages=pages,
    )  # fmt: skip
    await _say(update, text, InlineKeyboardMarkup(rows), edit=edit)
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
        [_button(str(level.level), LEVEL.data(indicator.id, level.level))
         for level in indicator.levels],
        [_button(texts.text(lang, "button-back"), LIST.data(0))],
    ]  # fmt: skip
    await _say(update, "\n".join(lines), InlineKeyboardMarkup(rows))
    return Step.LEVEL


async def _ask_proof(
    update: Update, context: BotContext, lang: str, indicator: IidIndicator, claim: IidEvidence
) -> object:
    texts = context.services.texts
    text = texts.text(lang, "iid-ask-proof", name=indicator.name)
    now = _proof_name(claim)
    if now:
        text += "\n" + texts.text(lang, "iid-now", value=now)
    markup = InlineKeyboardMarkup([[_button(texts.text(lang, "button-skip"), SKIP.data())]])
    await _say(update, text, markup)
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
                data["walk"] = True
                await FLOW.save(session, update, IID_FORM.first.name, data)
    if not allowed:
        if innovation is None:
            await query.answer()
            await _say(update, texts.text(caller.lang, "sub-not-found", id=innovation_id))
        else:
            await refuse(update, context, caller, Action.EDIT_INNOVATION)
        return END
    await query.answer()
    if busy:
        await _say(update, texts.text(caller.lang, "iid-finish-form-first"))
        return END
    assert innovation is not None
    if started:
        return await _show_overview(update, context, caller.lang, innovation, state)
    await _say(
        update, texts.text(caller.lang, "iid-intro", id=innovation.id, title=innovation.title)
    )
    return await _ask(update, context, caller.lang, IID_FORM.first, None)


# --- answers ------------------------------------------------------------------------------------


async def _record(session: AsyncSession, innovation_id: int) -> IidRecord:
    """The innovation's record; a new one is only added once something is written to it."""
    record = await session.get(IidRecord, innovation_id)
    return record if record is not None else IidRecord(innovation_id=innovation_id)


def _event(turn: _Turn, field: str, old: Any, new: Any) -> Event:
    member = turn.caller.member
    assert turn.innovation is not None
    return Event(
        innovation_id=turn.innovation.id, actor_id=member.id if member else None,
        kind="iid_changed", field=field[:40],
        old_value=None if old is None else str(old), new_value=None if new is None else str(new),
    )  # fmt: skip


async def _after_question(
    session: AsyncSession, update: Update, turn: _Turn, question: Question
) -> tuple[object, IidState]:
    """Where an answered (or skipped) question leads: the next one while walking, else the
    overview; the indicators after the last. Saved in the caller's transaction."""
    assert turn.innovation is not None
    following = IID_FORM.next(question.name) if turn.data.get("walk") else None
    if following is not None:
        state_name: str = following.name
    elif turn.data.get("walk"):
        state_name = Step.INDICATORS
        turn.data["walk"] = False
    else:
        state_name = Step.OVERVIEW
    await FLOW.save(session, update, state_name, turn.data)
    return state_name, await load_state(session, turn.innovation.id)


async def _present(
    update: Update, context: BotContext, turn: _Turn, where: object, state: IidState
) -> object:
    lang = turn.caller.lang
    assert turn.innovation is not None
    if where == Step.OVERVIEW:
        return await _show_overview(update, context, lang, turn.innovation, state)
    if where == Step.INDICATORS:
        return await _show_indicators(update, context, lang, state, 0, edit=False)
    question = IID_FORM[str(where)]
    return await _ask(update, context, lang, question, state.record)


async def _store(
    update: Update, context: BotContext, take: Any, *, pressed: bool = False
) -> object:
    """One answer to the question the flow is at: `take(question, record)` gives the value or
    raises ``Invalid`` (nothing written then). Stored with an event and the next state in one
    transaction."""
    problem: Invalid | None = None
    where: object = None
    state: IidState | None = None
    async with context.services.database.transaction() as session:
        turn = await _begin(session, update, context)
        row = None if turn.refused else await FLOW.row(session, update)
        question = IID_FORM.get(row.state if row is not None else None)
        if not turn.refused and question is not None:
            assert turn.innovation is not None
            record = await _record(session, turn.innovation.id)
            try:
                value = take(question, record)
            except Invalid as invalid:
                problem = invalid
            else:
                old = getattr(record, question.name)
                if value is not _KEEP and old != value:
                    if record not in session:
                        session.add(record)
                    setattr(record, question.name, value)
                    if turn.caller.member is not None:
                        record.updated_by_id = turn.caller.member.id
                    session.add(_event(turn, question.name, old, value))
                    await session.flush()
                where, state = await _after_question(session, update, turn, question)
    if turn.refused:
        return await _refused(update, context, turn)
    query = update.callback_query
    if question is None:
        await stale_button(update, context)
        return None
    if pressed and query is not None:
        await query.answer()
    if problem is not None:
        texts = context.services.texts
        await _say(update, texts.text(turn.caller.lang, problem.key, **problem.arguments))
        return question.name
    assert state is not None
    return await _present(update, context, turn, where, state)


_KEEP = object()  # Lewati: the answer stays as it was


async def typed(update: Update, context: BotContext) -> object:
    message = update.effective_message
    assert message is not None and message.text is not None
    text = message.text
    services = context.services
    today = services.clock.now().astimezone(services.settings.tzinfo).date()

    def take(question: Question, record: IidRecord) -> Any:
        if question.parse is None or not question.typed:
            raise Invalid("sub-use-buttons")
        try:
            value = question.parse(text, today)
        except Invalid as invalid:
            if invalid.key == "sub-invalid-future-date":
                raise Invalid("iid-future-date") from None
            raise
        check_dates(question, value, record)
        return value

    return await _store(update, context, take)


async def choice_pressed(update: Update, context: BotContext) -> object:
    query = update.callback_query
    assert query is not None
    chosen = CHOOSE.parse(query.data)

    def take(question: Question, record: IidRecord) -> Any:
        option = question.option(chosen[1]) if chosen and chosen[0] == question.name else None
        if option is None:
            raise Invalid("button-expired")
        return option.value

    return await _store(update, context, take, pressed=True)


async def page_pressed(update: Update, context: BotContext) -> object:
    """⬅️ ➡️ of a paged choice (the urusan): the same question, another page, in place."""
    query = update.callback_query
    assert query is not None
    paged = PAGE.parse(query.data)
    async with context.services.database.transaction() as session:
        turn = await _begin(session, update, context)
        row = await FLOW.row(session, update)
        record = None if turn.refused else await session.get(IidRecord, turn.data["innovation_id"])
    if turn.refused:
        return await _refused(update, context, turn)
    question = IID_FORM.get(row.state if row is not None else None)
    if question is None or paged is None or paged[0] != question.name:
        await stale_button(update, context)
        return None
    await query.answer()
    page = min(paged[1], question.pages() - 1)
    return await _ask(update, context, turn.caller.lang, question, record, page=page, edit=True)


async def skip_pressed(update: Update, context: BotContext) -> object:
    """Lewati: a question keeps its answer and the flow goes on; the proof of an indicator
    keeps what it had, back to the indicators."""
    async with context.services.database.reading() as session:
        row = await FLOW.row(session, update)
    if row is not None and row.state == Step.PROOF:
        return await _to_indicators(update, context)
    return await _store(update, context, lambda question, record: _KEEP, pressed=True)


async def _to_indicators(update: Update, context: BotContext, page: int = 0) -> object:
    async with context.services.database.transaction() as session:
        turn = await _begin(session, update, context)
        if not turn.refused:
            assert turn.innovation is not None
            turn.data.pop("indicator", None)
            await FLOW.save(session, update, Step.INDICATORS, turn.data)
            state = await load_state(session, turn.innovation.id)
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
            assert turn.innovation is not None
            turn.data["walk"] = False
            await FLOW.save(session, update, Step.OVERVIEW, turn.data)
            state = await load_state(session, turn.innovation.id)
    if turn.refused:
        return await _refused(update, context, turn)
    assert update.callback_query is not None and turn.innovation is not None
    await update.callback_query.answer()
    return await _show_overview(update, context, turn.caller.lang, turn.innovation, state)


async def edit_pressed(update: Update, context: BotContext) -> object:
    """✏️ on the overview: that question, then back to the overview."""
    query = update.callback_query
    assert query is not None
    parsed = EDIT.parse(query.data)
    question = IID_FORM.get(parsed[0]) if parsed else None
    if question is None:
        await stale_button(update, context)
        return None
    async with context.services.database.transaction() as session:
        turn = await _begin(session, update, context)
        if not turn.refused:
            assert turn.innovation is not None
            turn.data["walk"] = False
            await FLOW.save(session, update, question.name, turn.data)
            record = await session.get(IidRecord, turn.innovation.id)
    if turn.refused:
        return await _refused(update, context, turn)
    await query.answer()
    return await _ask(update, context, turn.caller.lang, question, record)


async def indicator_pressed(update: Update, context: BotContext) -> object:
    query = update.callback_query
    assert query is not None
    parsed = INDICATOR.parse(query.data)
    indicator: IidIndicator | None = None
    async with context.services.database.transaction() as session:
        turn = await _begin(session, update, context)
        if not turn.refused and parsed is not None:
            assert turn.innovation is not None
            state = await load_state(session, turn.innovation.id)
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
            assert turn.innovation is not None
            state = await load_state(session, turn.innovation.id)
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
    session: AsyncSession, turn: _Turn, state: IidState, indicator: IidIndicator
) -> IidEvidence:
    assert turn.innovation is not None
    claim = state.claims.get(indicator.id)
    if claim is None:
        claim = IidEvidence(innovation_id=turn.innovation.id, indicator_id=indicator.id)
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
            assert turn.innovation is not None
            state = await load_state(session, turn.innovation.id)
            indicator = next(
                (i for i in state.indicators if i.id == turn.data.get("indicator")), None
            )
            found = indicator is not None
        if found:
            assert indicator is not None
            claim = await _claim(session, turn, state, indicator)
            old = _proof_name(claim)
            if evidence is not None:
                attachment = await _attach(session, context, turn.innovation, evidence,
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
            state = await load_state(session, turn.innovation.id)
    if turn.refused:
        return await _refused(update, context, turn)
    if not found:
        await _say(update, context.services.texts.text(turn.caller.lang, "button-expired"))
        return Step.INDICATORS
    if attachment_id is not None:  # committed: the regency's copy is made in the background
        context.services.evidence.keep_soon(attachment_id, content)
    texts = context.services.texts
    await _say(update, texts.text(turn.caller.lang, "iid-proof-saved", name=indicator.name))
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
    evidence = evidence_file(message)
    content = None
    try:
        check_evidence(evidence)
        if evidence.kind == "document":
            content = await _download(context, evidence.file_id)
            if not first_bytes_match(evidence.mime_type, content[:HEAD_BYTES]):
                raise Invalid("sub-invalid-file-type")
    except Invalid as problem:
        return await _problem(update, context, problem, Step.PROOF)
    return await _proof(update, context, evidence, None, content)


async def _download(context: BotContext, file_id: str, limit: int | None = None) -> bytes:
    try:
        telegram_file = await context.bot.get_file(file_id)
        if limit is not None and (telegram_file.file_size or 0) > limit:
            raise Invalid("iid-csv-too-large")
        return bytes(await telegram_file.download_as_bytearray())
    except TelegramError as exc:
        logger.warning("could not read a file sent for the IID: %s", exc)
        raise Invalid("sub-file-unreadable") from None


async def _problem(update: Update, context: BotContext, problem: Invalid, state: object) -> object:
    async with context.services.database.transaction() as session:
        turn = await _begin(session, update, context)
    if turn.refused:
        return await _refused(update, context, turn)
    texts = context.services.texts
    await _say(update, texts.text(turn.caller.lang, problem.key, **problem.arguments))
    return state


async def proof_link(update: Update, context: BotContext) -> object:
    message = update.effective_message
    assert message is not None and message.text is not None
    try:
        link = valid_link(message.text)
    except Invalid:
        return await _problem(update, context, Invalid("iid-proof-invalid"), Step.PROOF)
    return await _proof(update, context, None, link)


async def done_pressed(update: Update, context: BotContext) -> object:
    """Selesai: the flow ends with where the record stands (ready, or what is missing)."""
    query = update.callback_query
    assert query is not None
    async with context.services.database.transaction() as session:
        turn = await _begin(session, update, context)
        if not turn.refused:
            assert turn.innovation is not None
            state = await load_state(session, turn.innovation.id)
            await FLOW.end(session, update)
    if turn.refused:
        return await _refused(update, context, turn)
    assert turn.innovation is not None
    await query.answer()
    await query.edit_message_reply_markup(None)
    texts = context.services.texts
    lang = turn.caller.lang
    head = texts.text(lang, "iid-saved", id=turn.innovation.id)
    await _say(update, f"{head}\n{readiness_text(texts, lang, state)}")
    return END


async def please_use_buttons(update: Update, context: BotContext) -> object:
    return await _problem(update, context, Invalid("sub-use-buttons"), None)


async def please_type(update: Update, context: BotContext) -> object:
    return await _problem(update, context, Invalid("please-type-text"), None)


async def not_proof(update: Update, context: BotContext) -> object:
    return await _problem(update, context, Invalid("iid-proof-invalid"), None)


# --- the indicators table (admins) ------------------------------------------------------------


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
        rows = parse_indicator_csv(
            await _download(context, message.document.file_id, MAX_CSV_DOWNLOAD)
        )
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


async def timed_out(update: Update, context: BotContext) -> None:
    await flow_timed_out(update, context, FLOW, "iid-timed-out")


def build(texts: Catalog) -> ConversationHandler[Any]:
    private = filters.ChatType.PRIVATE
    new = filters.UpdateType.MESSAGE
    # Main-menu buttons are not answers: they go on to their own handlers.
    text = private & new & filters.TEXT & ~filters.COMMAND & ~filters.Text(menu_labels(texts))
    other = private & new & ~filters.TEXT & ~filters.COMMAND & ~filters.StatusUpdate.ALL
    files = private & new & (filters.PHOTO | filters.Document.ALL) & ~filters.ANIMATION
    skip = CallbackQueryHandler(skip_pressed, pattern=SKIP.pattern)

    def question_handlers(question: Question) -> list[Any]:
        if question.kind is Kind.CHOICE:
            return [
                CallbackQueryHandler(choice_pressed, pattern=CHOOSE.pattern),
                CallbackQueryHandler(page_pressed, pattern=PAGE.pattern),
                skip,
                MessageHandler(text | other, please_use_buttons),
            ]
        return [MessageHandler(text, typed), skip, MessageHandler(other, please_type)]

    lists = CallbackQueryHandler(list_pressed, pattern=LIST.pattern)
    done = CallbackQueryHandler(done_pressed, pattern=DONE.pattern)
    buttons_only = MessageHandler(text | other, please_use_buttons)
    states: dict[object, list[Any]] = {
        **{question.name: question_handlers(question) for question in IID_FORM},
        Step.OVERVIEW: [
            CallbackQueryHandler(edit_pressed, pattern=EDIT.pattern), lists, done, buttons_only,
        ],
        Step.INDICATORS: [
            CallbackQueryHandler(indicator_pressed, pattern=INDICATOR.pattern), lists, done,
            CallbackQueryHandler(overview_pressed, pattern=OVERVIEW.pattern), buttons_only,
        ],
        Step.LEVEL: [CallbackQueryHandler(level_pressed, pattern=LEVEL.pattern), lists,
                     buttons_only],
        Step.PROOF: [
            MessageHandler(files, proof_file), MessageHandler(text, proof_link), skip,
            MessageHandler(other, not_proof),
        ],
        Step.IMPORT: [
            MessageHandler(private & new & filters.Document.ALL, csv_sent),
            MessageHandler(text | other, import_waiting),
        ],
        ConversationHandler.TIMEOUT: [TypeHandler(Update, timed_out)],
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
