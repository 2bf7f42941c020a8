"""✅ / 🚫 under a new file in the coordinators' group: may the public see it?

Checked again on the server, whatever the button said: a coordinator's or an admin's role now,
the file still pending, the file one of that innovation's (see ``bot.review.public_files.decide``).
"""

from __future__ import annotations

import logging

from telegram import Update
from telegram.error import BadRequest

from bot.core.policy import Action
from bot.core.texts import plain
from bot.review.public_files import Decision, Outcome, decide
from bot.telegram.callbacks import PUBLIC_FILE
from bot.telegram.context import BotContext
from bot.telegram.people import require
from storage.models import Innovation

logger = logging.getLogger(__name__)


async def file_pressed(update: Update, context: BotContext) -> None:
    query = update.callback_query
    assert query is not None
    caller = await require(update, context, Action.REVIEW)
    if caller is None:
        return
    services = context.services
    texts = services.texts
    parsed = PUBLIC_FILE.parse(query.data)
    if parsed is None:
        await query.answer(texts.text(caller.lang, "button-expired"), show_alert=True)
        return
    decision, innovation_id, attachment_id = Decision(parsed[0]), parsed[1], parsed[2]
    assert caller.member is not None
    async with services.database.transaction() as session:
        outcome = await decide(session, innovation_id, attachment_id, decision, caller.member)
        innovation = await session.get(Innovation, innovation_id)
    if outcome is not Outcome.DECIDED:
        key = "file-gone" if outcome is Outcome.GONE else "file-already-decided"
        await query.answer(texts.text(caller.lang, key), show_alert=True)
        if outcome is Outcome.ALREADY:  # decided: its buttons have nothing left to do
            await _without_buttons(update)
        return
    logger.info(
        "file %s of innovation %s: %s by member %s",
        attachment_id, innovation_id, decision, caller.member.id,
    )  # fmt: skip
    lang = services.settings.default_language  # the group's language, as its notices
    done = texts.text(lang, f"file-decided-{decision}", who=caller.member.full_name)
    # A toast is plain text: the name as typed, not HTML-escaped ("A & B", not "A &amp; B").
    await query.answer(plain(texts.text(caller.lang, f"file-decided-{decision}",
                                        who=caller.member.full_name)))  # fmt: skip
    message = update.effective_message
    title = innovation.title if innovation is not None else ""
    head = texts.text(lang, "file-decided-head", id=innovation_id, title=title)
    try:
        if message is not None and (message.photo or message.document):
            await query.edit_message_caption(caption=f"{head}\n{done}", reply_markup=None)
        else:
            await query.edit_message_text(f"{head}\n{done}", reply_markup=None)
    except BadRequest as exc:  # too old to edit: the decision stands all the same
        logger.debug("file notice not edited: %s", exc)


async def _without_buttons(update: Update) -> None:
    query = update.callback_query
    assert query is not None
    try:
        await query.edit_message_reply_markup(None)
    except BadRequest as exc:
        logger.debug("file notice's buttons not removed: %s", exc)
