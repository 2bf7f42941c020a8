"""/jadwal (/schedule): admins see the schedules and change them with buttons; a time, the
working hours or the deadline are typed. A change is saved and the jobs rebuilt at once."""

from __future__ import annotations

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

from bot.core.formatting import format_day
from bot.core.policy import Action
from bot.core.texts import Catalog
from bot.delivery import scheduler
from bot.delivery.schedules import (
    DEADLINE_KEY,
    HOURS_KEY,
    MONTHLY,
    REMINDERS,
    Kind,
    Plan,
    format_time,
    load_deadline,
    load_hours,
    load_plans,
    parse_hours,
    parse_month_day,
    parse_time,
    save_plan,
    with_changes,
)
from bot.innovations.rules import parse_start_date
from bot.monitoring.checkins import PERIOD_CHOICES, default_months, set_default_months
from bot.telegram.callbacks import Bool, Callback, Choice, Int, any_of
from bot.telegram.context import BotContext
from bot.telegram.groups import leaders_chat_id
from bot.telegram.menu import button_labels, command, menu_labels
from bot.telegram.people import Caller, require
from bot.telegram.screens import pressed_one, show_screen
from conversations.common import END, FlowStore, conversation, please_type_text, stale_button
from storage.repositories.settings import AppSettingRepository

FLOW = FlowStore("schedule")
TIMEOUT = timedelta(hours=12)  # a typed answer not given by then is no longer waited for
TYPING = "typing"
# The buttons. Switches carry the state they set, so a double press is harmless.
KIND = Choice.of("kind", Kind)
HOME = Callback("jdw:home")
OPEN = Callback("jdw:k", KIND)  # one schedule's screen
ASK_TIME = Callback("jdw:t", KIND)
ASK_HOURS = Callback("jdw:h")
ASK_DEADLINE = Callback("jdw:dl")
SWITCH = Callback("jdw:on", KIND, Bool("on"))
DAY = Callback("jdw:d", KIND, Int("day", 1), Bool("on"))  # day 1 (Monday) to 7 (Sunday)
PERIOD = Callback("jdw:cp", Int("months", 2))  # the check-ins' default period
ASK_MONTH_DAY = Callback("jdw:md", KIND)  # a monthly schedule's day of the month
BUTTONS = (HOME, OPEN, ASK_TIME, ASK_HOURS, ASK_DEADLINE, SWITCH, DAY, PERIOD, ASK_MONTH_DAY)
# What a typed answer is for (stored with the flow), and the question that asks it.
ASKS = {ASK_TIME: ("t", "sch-ask-time"), ASK_HOURS: ("h", "sch-ask-hours"),
        ASK_DEADLINE: ("dl", "sch-ask-deadline"),
        ASK_MONTH_DAY: ("md", "lead-sch-ask-day")}  # fmt: skip
DAY_KEYS = {1: "day-mon", 2: "day-tue", 3: "day-wed", 4: "day-thu", 5: "day-fri", 6: "day-sat",
            7: "day-sun"}  # fmt: skip


def _days_text(context: BotContext, lang: str, plan: Plan) -> str:
    texts = context.services.texts
    days = plan.days
    if plan.kind in MONTHLY:
        return texts.text(lang, "lead-sch-monthly", day=min(days))
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
                days=_days_text(context, lang, plan),
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
        [InlineKeyboardButton(texts.text(lang, f"sch-kind-{kind}"), callback_data=OPEN.data(kind))]
        for kind in Kind
    ]
    rows.append(
        [
            InlineKeyboardButton(
                texts.text(lang, "sch-button-hours"), callback_data=ASK_HOURS.data()
            ),
            InlineKeyboardButton(
                texts.text(lang, "sch-button-deadline"), callback_data=ASK_DEADLINE.data()
            ),
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
        days=_days_text(context, lang, plan),
        state=texts.text(lang, "sch-on" if plan.enabled else "sch-off"),
    )
    toggle = "sch-button-off" if plan.enabled else "sch-button-on"
    day_buttons = [
        InlineKeyboardButton(
            ("✅ " if day in plan.days else "⬜ ") + texts.text(lang, DAY_KEYS[day]),
            callback_data=DAY.data(kind, day, day not in plan.days),
        )
        for day in range(1, 8)
    ]
    rows = [
        [
            InlineKeyboardButton(
                texts.text(lang, toggle), callback_data=SWITCH.data(kind, not plan.enabled)
            ),
            InlineKeyboardButton(
                texts.text(lang, "sch-button-time"), callback_data=ASK_TIME.data(kind)
            ),
        ],
    ]
    if kind in MONTHLY:  # a day of the month, typed
        rows.append(
            [
                InlineKeyboardButton(
                    texts.text(lang, "lead-sch-button-day"), callback_data=ASK_MONTH_DAY.data(kind)
                )
            ]
        )
    else:
        rows += [day_buttons[:4], day_buttons[4:]]
    if kind is Kind.CHECKINS:  # how often each approved innovation is asked
        text += "\n\n" + texts.text(lang, "chk-sch-period")
        rows.append(
            [
                InlineKeyboardButton(
                    ("✅ " if choice == months else "")
                    + texts.text(lang, "chk-button-months", months=choice),
                    callback_data=PERIOD.data(choice),
                )
                for choice in PERIOD_CHOICES
            ]
        )
    rows.append([InlineKeyboardButton(texts.text(lang, "button-back"), callback_data=HOME.data())])
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
    """A button of the schedules' screens. Pressed while a time, the hours or the deadline
    was awaited, the question is dropped (the admin moved on); a refused press leaves
    everything as it was, that question too."""
    state = await _pressed(update, context)
    if state == END:
        async with context.services.database.transaction() as session:
            await FLOW.end(session, update)
    return state


async def _pressed(update: Update, context: BotContext) -> object:
    """Its data parsed by the declared callbacks (the handler's pattern), the person checked
    again, and a day outside Monday–Sunday or a period not offered refused as an expired
    button (None: nothing changes)."""
    checked = await pressed_one(update, context, Action.SCHEDULE, BUTTONS)
    if checked is None:
        return END
    caller, kind_of_button, values = checked
    query = update.callback_query
    assert query is not None
    texts = context.services.texts
    lang = caller.lang
    if kind_of_button is PERIOD:
        return await _checkin_period(update, context, caller, values[0])
    if kind_of_button is HOME:
        await query.answer()
        await _home(update, context, caller, edit=True)
        return END
    kind = Kind(values[0]) if values else None
    if kind_of_button in ASKS:
        what, question = ASKS[kind_of_button]
        await query.answer()
        async with context.services.database.transaction() as session:
            await FLOW.save(session, update, TYPING, {"what": what, "kind": str(kind or "")})
        await context.bot.send_message(caller.telegram_id, texts.text(lang, question))
        return TYPING
    assert kind is not None
    async with context.services.database.reading() as session:
        plan = (await load_plans(session))[kind]
    changed = plan  # OPEN: the schedule's screen, nothing changed
    if kind_of_button is SWITCH:
        changed = with_changes(plan, enabled=values[1])
        if (
            changed.enabled
            and kind is Kind.LEADERS
            and await leaders_chat_id(context.services) is None
        ):
            await query.answer(texts.text(lang, "lead-sch-no-chat"), show_alert=True)
            return None
        if changed.enabled and not await _time_allowed(context, kind, changed):
            await query.answer(texts.text(lang, "sch-outside-hours"), show_alert=True)
            return None
    elif kind_of_button is DAY:
        day, on = values[1], values[2]
        if day not in DAY_KEYS or kind in MONTHLY:
            await query.answer(texts.text(lang, "button-expired"))
            return None
        days = plan.days | {day} if on else plan.days - {day}
        if not days:
            await query.answer(texts.text(lang, "sch-no-days"), show_alert=True)
            return None
        changed = with_changes(plan, days=frozenset(days))
    if changed != plan:
        await _apply(context, changed, caller)
        await query.answer(texts.text(lang, "sch-saved"))
    else:
        await query.answer()
    await _kind_screen(update, context, caller, kind)
    return END


async def _checkin_period(
    update: Update, context: BotContext, caller: Caller, months: int
) -> object:
    """The regency's default check-in period, from the check-ins' screen."""
    query = update.callback_query
    assert query is not None
    texts = context.services.texts
    if months not in PERIOD_CHOICES:
        await query.answer(texts.text(caller.lang, "button-expired"))
        return None
    async with context.services.database.transaction() as session:
        changed = await default_months(session) != months
        if changed:
            await set_default_months(session, months)
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
    if what == "md" and data.get("kind") in MONTHLY:
        day = parse_month_day(answer)
        if day is None:
            await message.reply_text(texts.text(lang, "lead-sch-bad-day"))
            return TYPING
        async with context.services.database.reading() as session:
            plan = (await load_plans(session))[Kind(data["kind"])]
        await _apply(context, with_changes(plan, days=frozenset({day})), caller)
    elif what == "t" and data.get("kind") in Kind.__members__.values():
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
            CallbackQueryHandler(button, pattern=any_of(*BUTTONS)),
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
