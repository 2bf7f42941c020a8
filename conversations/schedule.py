"""/jadwal (/schedule): admins see the schedules and change them with buttons; a time, the
working hours or the deadline are typed. A change is saved and the jobs rebuilt at once."""

from __future__ import annotations

import re
from datetime import date, timedelta
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession
from telegram import InlineKeyboardButton, InlineKeyboardMarkup, Update
from telegram.ext import (
    CallbackQueryHandler,
    CommandHandler,
    ConversationHandler,
    MessageHandler,
    filters,
)

from bot.checkins import PERIOD_CHOICES, default_months, set_default_months
from bot.context import BotContext
from bot.formatting import format_day
from bot.innovations import parse_start_date
from bot.jobs import scheduler
from bot.jobs.plans import (
    DEADLINE_KEY,
    HOURS_KEY,
    REMINDERS,
    Kind,
    Plan,
    format_time,
    load_deadline,
    load_hours,
    load_plans,
    parse_hours,
    parse_time,
    save_plan,
    with_changes,
)
from bot.menu import button_labels, command, menu_labels
from bot.people import Caller, require
from bot.policy import Action
from bot.screens import pressed, show_screen
from bot.texts import Catalog
from conversations.common import END, FlowStore, conversation, please_type_text, stale_button
from storage.repositories.settings import AppSettingRepository

FLOW = FlowStore("schedule")
TIMEOUT = timedelta(hours=12)  # a typed answer not given by then is no longer waited for
TYPING = "typing"
# jdw:home · jdw:k:<kind> · jdw:t:<kind> · jdw:h · jdw:dl · jdw:on:<kind>:<0|1> ·
# jdw:d:<kind>:<day 1-7>:<0|1> · jdw:cp:<months> (the check-ins' default period). Switches carry
# the state they set, so a double press is harmless.
BUTTON = re.compile(r"^jdw:(home|k|on|d|t|h|dl|cp)((?::\w{1,16}){0,3})$")
DAY_KEYS = {1: "day-mon", 2: "day-tue", 3: "day-wed", 4: "day-thu", 5: "day-fri", 6: "day-sat",
            7: "day-sun"}  # fmt: skip


def _days_text(context: BotContext, lang: str, days: frozenset[int]) -> str:
    texts = context.services.texts
    if len(days) == 7:
        return texts.text(lang, "sch-every-day")
    return ", ".join(texts.text(lang, DAY_KEYS[day]) for day in sorted(days))


async def _load(session: AsyncSession) -> tuple[dict[Kind, Plan], str, date | None]:
    plans = await load_plans(session)
    start, end = await load_hours(session)
    return plans, f"{format_time(start)}–{format_time(end)}", await load_deadline(session)


async def _home(update: Update, context: BotContext, caller: Caller, *, edit: bool) -> None:
    texts = context.services.texts
    lang = caller.lang
    async with context.services.database.reading() as session:
        plans, hours, deadline = await _load(session)
    lines = [texts.text(lang, "sch-title", zone=context.services.settings.timezone)]
    for kind, plan in plans.items():
        lines.append(
            texts.text(
                lang,
                "sch-line",
                name=texts.text(lang, f"sch-kind-{kind}"),
                time=format_time(plan.at),
                days=_days_text(context, lang, plan.days),
                state=texts.text(lang, "sch-on" if plan.enabled else "sch-off"),
            )
        )
    lines.append(texts.text(lang, "sch-hours", hours=hours))
    async with context.services.database.reading() as session:
        months = await default_months(session)
    lines.append(texts.text(lang, "sch-checkin-period", months=months))
    lines.append(
        texts.text(
            lang,
            "sch-deadline",
            date=format_day(deadline, lang) if deadline else texts.text(lang, "sch-no-deadline"),
        )
    )
    rows = [
        [InlineKeyboardButton(texts.text(lang, f"sch-kind-{kind}"), callback_data=f"jdw:k:{kind}")]
        for kind in Kind
    ]
    rows.append(
        [
            InlineKeyboardButton(texts.text(lang, "sch-button-hours"), callback_data="jdw:h"),
            InlineKeyboardButton(texts.text(lang, "sch-button-deadline"), callback_data="jdw:dl"),
        ]
    )
    await show_screen(update, "\n".join(lines), InlineKeyboardMarkup(rows), edit=edit)


async def _kind_screen(update: Update, context: BotContext, caller: Caller, kind: Kind) -> None:
    texts = context.services.texts
    lang = caller.lang
    async with context.services.database.reading() as session:
        plan = (await load_plans(session))[kind]
        months = await default_months(session)
    text = texts.text(
        lang,
        "sch-detail",
        name=texts.text(lang, f"sch-kind-{kind}"),
        about=texts.text(lang, f"sch-about-{kind}"),
        time=format_time(plan.at),
        days=_days_text(context, lang, plan.days),
        state=texts.text(lang, "sch-on" if plan.enabled else "sch-off"),
    )
    toggle = "sch-button-off" if plan.enabled else "sch-button-on"
    day_buttons = [
        InlineKeyboardButton(
            ("✅ " if day in plan.days else "⬜ ") + texts.text(lang, DAY_KEYS[day]),
            callback_data=f"jdw:d:{kind}:{day}:{0 if day in plan.days else 1}",
        )
        for day in range(1, 8)
    ]
    rows = [
        [
            InlineKeyboardButton(
                texts.text(lang, toggle), callback_data=f"jdw:on:{kind}:{0 if plan.enabled else 1}"
            ),
            InlineKeyboardButton(
                texts.text(lang, "sch-button-time"), callback_data=f"jdw:t:{kind}"
            ),
        ],
        day_buttons[:4],
        day_buttons[4:],
    ]
    if kind is Kind.CHECKINS:  # how often each approved innovation is asked
        text += "\n\n" + texts.text(lang, "chk-sch-period")
        rows.append(
            [
                InlineKeyboardButton(
                    ("✅ " if choice == months else "")
                    + texts.text(lang, "chk-button-months", months=choice),
                    callback_data=f"jdw:cp:{choice}",
                )
                for choice in PERIOD_CHOICES
            ]
        )
    rows.append([InlineKeyboardButton(texts.text(lang, "button-back"), callback_data="jdw:home")])
    await show_screen(update, text, InlineKeyboardMarkup(rows), edit=True)


async def schedule_command(update: Update, context: BotContext) -> object:
    caller = await require(update, context, Action.SCHEDULE)
    if caller is None:
        return END
    async with context.services.database.transaction() as session:
        await FLOW.end(session, update)
    await _home(update, context, caller, edit=False)
    return END


async def _apply(context: BotContext, plan: Plan, caller: Caller) -> None:
    """Save, and rebuild the jobs from what is now in the database."""
    assert caller.member is not None
    async with context.services.database.transaction() as session:
        await save_plan(session, plan, caller.member.id)
        plans = await load_plans(session)
    scheduler.install(context.application, plans)
    scheduler.run_soon(context.application, plan.kind)  # moved earlier today: it goes today


async def button(update: Update, context: BotContext) -> object:
    checked = await pressed(update, context, Action.SCHEDULE, BUTTON)
    if checked is None:
        return END
    caller, parts = checked
    query = update.callback_query
    assert query is not None
    texts = context.services.texts
    lang = caller.lang
    action, rest = parts[0], (parts[1].split(":")[1:] if len(parts) > 1 else [])
    if action == "cp":
        return await _checkin_period(update, context, caller, rest)
    kinds = [str(kind) for kind in Kind]
    shapes = {"home": 0, "h": 0, "dl": 0, "k": 1, "t": 1, "on": 2, "d": 3}
    if len(rest) != shapes[action] or (rest and rest[0] not in kinds):
        await query.answer(texts.text(lang, "button-expired"))
        return END
    kind = Kind(rest[0]) if rest else None
    if action == "home":
        await query.answer()
        await _home(update, context, caller, edit=True)
        return END
    if action in ("t", "h", "dl"):
        await query.answer()
        async with context.services.database.transaction() as session:
            await FLOW.save(session, update, TYPING, {"what": action, "kind": str(kind or "")})
        key = {"t": "sch-ask-time", "h": "sch-ask-hours", "dl": "sch-ask-deadline"}[action]
        await context.bot.send_message(caller.telegram_id, texts.text(lang, key))
        return TYPING
    assert kind is not None
    async with context.services.database.reading() as session:
        plan = (await load_plans(session))[kind]
    if action == "on":
        if rest[1] not in ("0", "1"):
            await query.answer(texts.text(lang, "button-expired"))
            return END
        changed = with_changes(plan, enabled=rest[1] == "1")
        if changed.enabled and not await _time_allowed(context, kind, changed):
            await query.answer(texts.text(lang, "sch-outside-hours"), show_alert=True)
            return END
    elif action == "d":
        if rest[1] not in "1234567" or len(rest[1]) != 1 or rest[2] not in ("0", "1"):
            await query.answer(texts.text(lang, "button-expired"))
            return END
        day = int(rest[1])
        days = plan.days | {day} if rest[2] == "1" else plan.days - {day}
        if not days:
            await query.answer(texts.text(lang, "sch-no-days"), show_alert=True)
            return END
        changed = with_changes(plan, days=frozenset(days))
    else:
        changed = plan
    if changed != plan:
        await _apply(context, changed, caller)
        await query.answer(texts.text(lang, "sch-saved"))
    else:
        await query.answer()
    await _kind_screen(update, context, caller, kind)
    return END


async def _checkin_period(
    update: Update, context: BotContext, caller: Caller, rest: list[str]
) -> object:
    """The regency's default check-in period, from the check-ins' screen."""
    query = update.callback_query
    assert query is not None
    texts = context.services.texts
    choices = [str(choice) for choice in PERIOD_CHOICES]
    if len(rest) != 1 or rest[0] not in choices:
        await query.answer(texts.text(caller.lang, "button-expired"))
        return END
    async with context.services.database.transaction() as session:
        changed = await default_months(session) != int(rest[0])
        if changed:
            await set_default_months(session, int(rest[0]))
    await query.answer(texts.text(caller.lang, "sch-saved") if changed else None)
    await _kind_screen(update, context, caller, Kind.CHECKINS)
    return END


async def _time_allowed(context: BotContext, kind: Kind, plan: Plan) -> bool:
    if kind not in REMINDERS:
        return True
    async with context.services.database.reading() as session:
        start, end = await load_hours(session)
    return start <= plan.at <= end


async def typed(update: Update, context: BotContext) -> object:
    caller = await require(update, context, Action.SCHEDULE)
    message = update.effective_message
    assert message is not None
    if caller is None:
        async with context.services.database.transaction() as session:
            return await FLOW.end(session, update)
    texts = context.services.texts
    lang = caller.lang
    answer = (message.text or "").strip()
    async with context.services.database.transaction() as session:
        data = await FLOW.load(session, update)
    what = data.get("what")
    if what == "t" and data.get("kind") in Kind.__members__.values():
        kind = Kind(data["kind"])
        moment = parse_time(answer)
        if moment is None:
            await message.reply_text(texts.text(lang, "sch-bad-time", given=answer[:20]))
            return TYPING
        async with context.services.database.reading() as session:
            plan = with_changes((await load_plans(session))[kind], at=moment)
        if not await _time_allowed(context, kind, plan):
            await message.reply_text(texts.text(lang, "sch-outside-hours"))
            return TYPING
        await _apply(context, plan, caller)
    elif what == "h":
        hours = parse_hours(answer)
        if hours is None:
            await message.reply_text(texts.text(lang, "sch-bad-hours"))
            return TYPING
        async with context.services.database.transaction() as session:
            outside = [
                texts.text(lang, f"sch-kind-{plan.kind}") + f" ({format_time(plan.at)})"
                for plan in (await load_plans(session)).values()
                if plan.enabled and plan.kind in REMINDERS and not hours[0] <= plan.at <= hours[1]
            ]
            if not outside:
                await AppSettingRepository(session).set(
                    HOURS_KEY, f"{hours[0]:%H:%M}-{hours[1]:%H:%M}"
                )
        if outside:  # they would silently stop: say which, and change nothing
            await message.reply_text(
                texts.text(lang, "sch-hours-exclude", reminders=", ".join(outside))
            )
            return TYPING
    elif what == "dl":
        if answer.lower() in ("hapus", "tidak ada", "none", "clear", "-"):
            value = ""
        else:
            today = context.services.clock.now().astimezone(context.services.settings.tzinfo)
            deadline = _future_date(answer, today.date())
            if deadline is None:
                await message.reply_text(texts.text(lang, "sch-bad-deadline"))
                return TYPING
            value = deadline.isoformat()
        async with context.services.database.transaction() as session:
            await AppSettingRepository(session).set(DEADLINE_KEY, value)
    async with context.services.database.transaction() as session:
        await FLOW.end(session, update)
    await message.reply_text(texts.text(lang, "sch-saved"))
    await _home(update, context, caller, edit=False)
    return END


def _future_date(text: str, today: date) -> date | None:
    """A deadline: a date as the form takes them (``31/12/2026``, ``31 Desember 2026``), today
    or later."""
    try:
        # parse_start_date refuses dates after `today`; a deadline is the other way round.
        day = parse_start_date(text, date.max)
    except ValueError:
        return None
    return day if day >= today else None


async def not_text(update: Update, context: BotContext) -> object:
    caller = await require(update, context, Action.SCHEDULE)
    if caller is not None:
        await please_type_text(update, context, caller.lang)
    return TYPING


async def cancel(update: Update, context: BotContext) -> object:
    caller = await require(update, context, Action.SCHEDULE)
    async with context.services.database.transaction() as session:
        await FLOW.end(session, update)
    if caller is not None and update.effective_message is not None:
        await update.effective_message.reply_text(
            context.services.texts.text(caller.lang, "sch-cancelled")
        )
    return END


def build_schedule_conversation(texts: Catalog) -> ConversationHandler[Any]:
    private = filters.ChatType.PRIVATE
    menu = filters.Text(menu_labels(texts))
    return conversation(
        "schedule",
        entry_points=[
            CommandHandler(command("jadwal").names, schedule_command, filters=private),
            MessageHandler(
                private & filters.Text(button_labels(texts, "jadwal")),
                schedule_command,
            ),
            CallbackQueryHandler(button, pattern=r"^jdw:"),
        ],
        states={
            TYPING: [
                MessageHandler(private & filters.TEXT & ~filters.COMMAND & ~menu, typed),
                MessageHandler(private & ~filters.TEXT & ~filters.StatusUpdate.ALL, not_text),
            ],
        },
        timeout=TIMEOUT,
        fallbacks=[
            CommandHandler(command("batal").names, cancel, filters=private),
            CallbackQueryHandler(stale_button, pattern=r"^jdw:"),
        ],
    )
