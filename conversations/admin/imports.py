"""/impor (/import): innovations that already exist (admins) or the OPDs' action plans
(coordinators and admins) loaded from a spreadsheet sent in the chat.

    /impor ─> what to import (💡 innovations, 🗓 action plans) ─> the file asked for, with a
    📄 template button ─> an .xlsx or .csv document ─> checked whole: the counts, or the
    problems (row, column, why) and nothing written ─> when only some rows are bad, a button
    imports the rest from the same file (its file_id kept in the flow's stored state).

The role is asked again for every message and button; an import is idempotent by its rows'
keys, and the skip button works once (the flow ends with it)."""

from __future__ import annotations

import asyncio
import contextlib
import io
import logging
from datetime import timedelta
from typing import Any

from sqlalchemy import select
from telegram import InlineKeyboardButton, InlineKeyboardMarkup, Update
from telegram.error import TelegramError
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
from bot.plans import backlog, plan_import
from bot.plans.problems import TableError
from bot.plans.table import CSV_SUFFIXES, MAX_FILE_BYTES, XLSX_SUFFIXES, table_of
from bot.telegram.callbacks import Callback, Choice, any_of
from bot.telegram.context import BotContext
from bot.telegram.menu import command, menu_labels
from bot.telegram.people import Caller, require
from bot.telegram.screens import pressed_one, show_screen
from conversations.common import (
    END,
    FlowStore,
    conversation,
    flow_timed_out,
    leave_flow,
    stale_button,
)
from storage.models import Pillar, Role
from storage.repositories import MemberRepository, OpdRepository

logger = logging.getLogger(__name__)

FLOW = FlowStore("import")
TIMEOUT = timedelta(hours=2)
CHOOSE, FILE = "choose", "file"
INNOVATIONS, PLANS = "innovations", "plans"
KIND = Callback("imp:k", Choice("kind", (INNOVATIONS, PLANS)))
TEMPLATE = Callback("imp:t")
SKIP = Callback("imp:skip")
SHOWN = 10  # problems listed in the chat; the rest counted
TEMPLATE_NAMES = {
    (INNOVATIONS, "id"): "templat-impor-inovasi.xlsx",
    (INNOVATIONS, "en"): "innovation-import-template.xlsx",
    (PLANS, "id"): "templat-impor-rencana-aksi.xlsx",
    (PLANS, "en"): "action-plan-import-template.xlsx",
}


# What each kind of import asks of the person; a kind not here (a flow's data from another
# version, say) is nobody's.
KIND_ACTIONS = {INNOVATIONS: Action.IMPORT_INNOVATIONS, PLANS: Action.MANAGE_PLANS}


def _may(caller: Caller, kind: str) -> bool:
    action = KIND_ACTIONS.get(kind)
    return action is not None and caller.may(action)


async def _reply(update: Update, text: str, markup: InlineKeyboardMarkup | None = None) -> None:
    message = update.effective_message
    assert message is not None
    await message.reply_text(text, reply_markup=markup)


def _button(texts: Catalog, lang: str, key: str, data: str) -> InlineKeyboardButton:
    return InlineKeyboardButton(texts.text(lang, key), callback_data=data)


# --- what to import ---------------------------------------------------------------------------


async def start(update: Update, context: BotContext) -> object:
    caller = await require(update, context, Action.MANAGE_PLANS)
    if caller is None:
        return END
    async with context.services.database.transaction() as session:
        await FLOW.save(session, update, CHOOSE, {})
    texts, lang = context.services.texts, caller.lang
    markup = InlineKeyboardMarkup([[
        _button(texts, lang, "import-button-innovations", KIND.data(INNOVATIONS)),
        _button(texts, lang, "import-button-plans", KIND.data(PLANS)),
    ]])  # fmt: skip
    await _reply(update, texts.text(lang, "import-choose"), markup)
    return CHOOSE


async def _only_admins(context: BotContext, lang: str) -> str:
    """Politely: only an admin imports innovations, and who they are."""
    async with context.services.database.reading() as session:
        admins = await MemberRepository(session).with_role(Role.ADMIN)
    texts = context.services.texts
    if not admins:
        return texts.text(lang, "import-only-admins-nobody")
    names = ", ".join(sorted(admin.full_name for admin in admins))
    return texts.text(lang, "import-only-admins", admins=names)


def _ask_file(texts: Catalog, lang: str, kind: str) -> tuple[str, InlineKeyboardMarkup]:
    text = texts.text(lang, "import-ask-file", kind=texts.text(lang, f"import-kind-{kind}"),
                      most=MAX_FILE_BYTES // 1024 // 1024)  # fmt: skip
    markup = InlineKeyboardMarkup(
        [[_button(texts, lang, "import-button-template", TEMPLATE.data())]]
    )
    return text, markup


async def kind_pressed(update: Update, context: BotContext) -> object:
    """💡 or 🗓: the file asked for (innovations: admins only, checked again here)."""
    pressed = await pressed_one(update, context, Action.MANAGE_PLANS, (KIND,))
    if pressed is None:
        return None
    caller, _, (kind,) = pressed
    query = update.callback_query
    assert query is not None
    if not _may(caller, kind):
        logger.info("innovation import refused to telegram user %s", caller.telegram_id)
        await query.answer()
        await _reply(update, await _only_admins(context, caller.lang))
        return None  # still choosing: action plans they may import
    async with context.services.database.transaction() as session:
        await FLOW.save(session, update, FILE, {"kind": kind})
    await query.answer()
    text, markup = _ask_file(context.services.texts, caller.lang, kind)
    await show_screen(update, text, markup, edit=True)
    return FILE


async def _turn(update: Update, context: BotContext) -> tuple[Caller, dict[str, Any]] | None:
    """Who wrote or pressed, if they may still import what the flow is about, and its data
    (None: they are told, the flow has ended)."""
    caller = await require(update, context, Action.MANAGE_PLANS)
    async with context.services.database.transaction() as session:
        data = await FLOW.load(session, update)
        known = data.get("kind") in KIND_ACTIONS
        refused = caller is None or not _may(caller, str(data.get("kind")))
        if refused:
            await FLOW.end(session, update)
    if caller is None:
        return None
    if not known:  # no import under way (it ended, or began in an older version)
        if update.callback_query is not None:
            await stale_button(update, context)
        else:
            await _reply(update, context.services.texts.text(caller.lang, "import-timed-out"))
        return None
    if refused:  # a coordinator now, or a flow of another kind
        await _reply(update, await _only_admins(context, caller.lang))
        return None
    return caller, data


async def template_pressed(update: Update, context: BotContext) -> object:
    """📄: the template in the person's language, as an xlsx document."""
    turn = await _turn(update, context)
    query = update.callback_query
    assert query is not None
    if turn is None:
        with contextlib.suppress(TelegramError):  # answered already when the button was old
            await query.answer()
        return END
    caller, data = turn
    kind, lang = data["kind"], caller.lang
    services = context.services
    async with services.database.reading() as session:
        opds = await OpdRepository(session).list()
        pillars = list(await session.scalars(select(Pillar).order_by(Pillar.position)))
    await query.answer()
    content = io.BytesIO()
    if kind == PLANS:
        plan_import.write_template(content, services.texts, lang, opds, pillars, _today(context))
    else:
        backlog.write_template(content, services.texts, lang, opds, pillars)
    message = update.effective_message
    assert message is not None
    await message.reply_document(
        content.getvalue(), filename=TEMPLATE_NAMES[(kind, lang if lang == "en" else "id")],
        caption=services.texts.text(lang, "import-template-caption",
                                    kind=services.texts.text(lang, f"import-kind-{kind}")),
    )  # fmt: skip
    return FILE


# --- the file ---------------------------------------------------------------------------------


def _today(context: BotContext) -> Any:
    services = context.services
    return services.clock.now().astimezone(services.settings.tzinfo).date()


async def _download(context: BotContext, file_id: str) -> bytes | None:
    try:
        telegram_file = await context.bot.get_file(file_id)
        if (telegram_file.file_size or 0) > MAX_FILE_BYTES:
            return None
        return bytes(await telegram_file.download_as_bytearray())
    except TelegramError as exc:
        logger.warning("could not read a file sent for an import: %s", exc)
        return None


async def document_sent(update: Update, context: BotContext) -> object:
    """A document: refused from its name or declared size before it is downloaded; else read,
    checked and (every row good) imported."""
    turn = await _turn(update, context)
    if turn is None:
        return END
    caller, data = turn
    message = update.effective_message
    assert message is not None and message.document is not None
    texts, lang = context.services.texts, caller.lang
    document = message.document
    name = document.file_name or "berkas"
    if not name.casefold().endswith(XLSX_SUFFIXES + CSV_SUFFIXES):
        await _reply(update, texts.text(lang, "import-not-table", file=name))
        return FILE
    if (document.file_size or 0) > MAX_FILE_BYTES:
        await _reply(update, texts.text(lang, "import-too-large", file=name,
                                        size=f"{(document.file_size or 0) / 1024 / 1024:.1f}",
                                        most=MAX_FILE_BYTES // 1024 // 1024))  # fmt: skip
        return FILE
    data = {"kind": data["kind"], "file_id": document.file_id, "file_name": name}
    return await _import(update, context, caller, data, skip_bad=False)


async def _import(
    update: Update, context: BotContext, caller: Caller, data: dict[str, Any], *, skip_bad: bool
) -> object:
    texts, lang = context.services.texts, caller.lang
    name, kind = data["file_name"], data["kind"]
    content = await _download(context, data["file_id"])
    if content is None:
        await _reply(update, texts.text(lang, "import-unreadable"))
        return FILE
    try:
        table = await asyncio.to_thread(table_of, content, name)
    except TableError as exc:
        await _reply(update, texts.text(lang, "import-file-refused", file=name,
                                        why=Html(exc.text(texts, lang))))  # fmt: skip
        return FILE
    assert caller.member is not None
    by, member_id = caller.member.full_name, caller.member.id
    async with context.services.database.transaction() as session:
        report: Any
        if kind == PLANS:  # (`_turn` let through only the two known kinds)
            report = await plan_import.import_table(
                session, table, texts, file_name=name, by=by, by_member_id=member_id,
                skip_bad=skip_bad,
            )  # fmt: skip
        else:
            report = await backlog.import_table(
                session, table, texts, file_name=name, by=by, today=_today(context),
                skip_bad=skip_bad,
            )  # fmt: skip
        written = report.outcome is not None
        offer = not written and bool(report.parsed.rows)
        if written:
            await FLOW.end(session, update)
        else:
            await FLOW.save(session, update, FILE, data)
    parsed = report.parsed
    if not written:
        good = len(parsed.rows) if offer else 0
        await _refused(update, context, caller, name, parsed.problems, good=good)
        return FILE
    logger.info("%s imported from %s by member %s", kind, name, member_id)
    outcome = report.outcome
    text = texts.text(lang, "import-done", file=name, created=outcome.created,
                      updated=outcome.updated, unchanged=outcome.unchanged,
                      kind=texts.text(lang, f"import-kind-{kind}"))  # fmt: skip
    if parsed.bad_rows:
        rows = ", ".join(str(n) for n in parsed.bad_rows[:40])
        rows += " …" if len(parsed.bad_rows) > 40 else ""
        text += "\n" + texts.text(lang, "import-skipped", rows=rows)
    await _reply(update, text)
    return END


async def _refused(
    update: Update, context: BotContext, caller: Caller, name: str, problems: list[Any],
    *, good: int,
) -> None:  # fmt: skip
    """Nothing written: the first problems with their row, column and why, and how many more;
    the skip button when some rows are good."""
    texts, lang = context.services.texts, caller.lang
    lines = [texts.text(lang, "import-refused", file=name, count=len(problems))]
    lines += [texts.text(lang, "import-problem", problem=Html(p.text(texts, lang)))
              for p in problems[:SHOWN]]  # fmt: skip
    if len(problems) > SHOWN:
        lines.append(texts.text(lang, "import-more", more=len(problems) - SHOWN))
    lines.append(texts.text(lang, "import-fix"))
    markup = None
    if good:
        lines.append(texts.text(lang, "import-skip-offer", good=good))
        markup = InlineKeyboardMarkup([[_button(texts, lang, "import-button-skip", SKIP.data())]])
    await _reply(update, "\n".join(lines), markup)


async def skip_pressed(update: Update, context: BotContext) -> object:
    """Lewati baris yang salah: the same file read again, its good rows imported. Once: the
    flow ends with it, and a second press is told so."""
    query = update.callback_query
    assert query is not None
    pressed = await pressed_one(update, context, Action.MANAGE_PLANS, (SKIP,))
    if pressed is None:
        return None
    caller = pressed[0]
    async with context.services.database.reading() as session:
        data = await FLOW.load(session, update)
    if not data.get("file_id"):  # imported already (the flow ended with it), or no file yet
        await query.answer(context.services.texts.text(caller.lang, "import-skip-used"),
                           show_alert=True)  # fmt: skip
        return None
    turn = await _turn(update, context)
    if turn is None:
        with contextlib.suppress(TelegramError):  # answered already when the button was old
            await query.answer()
        return END
    await query.answer()
    try:
        await query.edit_message_reply_markup(None)
    except TelegramError as exc:  # already without its button
        logger.debug("import's skip button not removed: %s", exc)
    return await _import(update, context, turn[0], data, skip_bad=True)


async def not_a_file(update: Update, context: BotContext) -> object:
    """A photo, a sticker, text…: what is expected, and the question again."""
    turn = await _turn(update, context)
    if turn is None:
        return END
    caller, data = turn
    texts = context.services.texts
    text, markup = _ask_file(texts, caller.lang, data["kind"])
    await _reply(update, texts.text(caller.lang, "import-send-file"))
    await _reply(update, text, markup)
    return FILE


async def use_buttons(update: Update, context: BotContext) -> object:
    caller = await require(update, context, Action.MANAGE_PLANS)
    if caller is None:
        return END
    await _reply(update, context.services.texts.text(caller.lang, "sub-use-buttons"))
    return None


async def cancel(update: Update, context: BotContext) -> object:
    return await leave_flow(update, context, FLOW, "import-cancelled")


async def timed_out(update: Update, context: BotContext) -> None:
    await flow_timed_out(update, context, FLOW, "import-timed-out")


def build(texts: Catalog) -> ConversationHandler[Any]:
    private = filters.ChatType.PRIVATE
    new = private & filters.UpdateType.MESSAGE
    # Main-menu buttons and commands pass through to their own handlers.
    other = new & ~filters.COMMAND & ~filters.StatusUpdate.ALL & ~filters.Text(menu_labels(texts))
    documents = new & filters.Document.ALL
    return conversation(
        FLOW.name,
        entry_points=[
            CommandHandler(command("impor").names, start, filters=private),
            CallbackQueryHandler(skip_pressed, pattern=SKIP.pattern),  # a second press
        ],
        states={
            CHOOSE: [
                CallbackQueryHandler(kind_pressed, pattern=KIND.pattern),
                MessageHandler(other, use_buttons),
            ],
            FILE: [
                MessageHandler(documents, document_sent),
                CallbackQueryHandler(template_pressed, pattern=TEMPLATE.pattern),
                CallbackQueryHandler(skip_pressed, pattern=SKIP.pattern),
                CallbackQueryHandler(kind_pressed, pattern=KIND.pattern),
                MessageHandler(other, not_a_file),
            ],
            ConversationHandler.TIMEOUT: [TypeHandler(Update, timed_out)],
        },
        fallbacks=[
            CommandHandler(command("batal").names, cancel, filters=private),
            CallbackQueryHandler(skip_pressed, pattern=SKIP.pattern),
            CallbackQueryHandler(stale_button, pattern=any_of(KIND, TEMPLATE)),
        ],
        timeout=TIMEOUT,
    )
