"""/rencana (/plan): each OPD's action plan (rencana aksi) against what happened.

An OPD's member sees their own OPD's plan: every entry with its state (🔴 late, 🟡 due soon,
🟢 on track, ✅ done), and under an entry the buttons to link it to the innovation that
fulfils it, or to start that innovation's form from it (its title and pillar filled in).

Coordinators and admins see every OPD's plan against reality, the OPDs behind their own plan
first (how many entries late, and the longest late in months): one screen answers "which OPD
is behind, and by how much". An OPD leads to its entries; ➕ adds one (conversations.plan_form),
🗑 deletes one.

Screens are stateless: every button carries what it opens, and is checked again when pressed
(the role, the OPD, that the entry and the innovation still exist and are the OPD's).
"""

from __future__ import annotations

import logging
from datetime import date

from sqlalchemy import delete, select
from telegram import InlineKeyboardButton, InlineKeyboardMarkup, Update

from bot.core.formatting import format_day, page_count, page_navigation, shorten
from bot.core.policy import Action
from bot.core.texts import Catalog
from bot.innovations.view import status_label
from bot.plans.progress import (
    Counts,
    EntryView,
    OpdProgress,
    PlanError,
    PlanState,
    by_opd,
    entries,
    link,
    totals,
)
from bot.telegram.callbacks import FROM_PLAN, VIEW_INNOVATION, Callback, Int
from bot.telegram.context import BotContext
from bot.telegram.people import Caller, require
from bot.telegram.screens import show_screen
from storage.models import Innovation, Opd, Status
from storage.plans import PlanEntry

logger = logging.getLogger(__name__)

PAGE_SIZE = 10
STATE_ICONS = {
    PlanState.LATE: "🔴",
    PlanState.DUE_SOON: "🟡",
    PlanState.ON_TRACK: "🟢",
    PlanState.DONE: "✅",
}

# Every button of these screens carries what it opens.
OVERVIEW = Callback("pln:p", Int("page", 3))  # the coordinators' list of OPDs
OPD_PLAN = Callback("pln:o", Int("opd"), Int("page", 3))  # one OPD's entries
ENTRY = Callback("pln:e", Int("entry"))
LINK_LIST = Callback("pln:l", Int("entry"), Int("page", 3))  # the OPD's innovations to link
LINK = Callback("pln:k", Int("entry"), Int("innovation"))
UNLINK = Callback("pln:u", Int("entry"))
DELETE = Callback("pln:d", Int("entry"))
DELETE_SURE = Callback("pln:dy", Int("entry"))
ADD_PICK = Callback("pln:ap", Int("page", 3))  # ➕: which OPD
ADD = Callback("pln:a", Int("opd"))  # the add flow's entry point (conversations.plan_form)
BUTTONS = (OVERVIEW, OPD_PLAN, ENTRY, LINK_LIST, LINK, UNLINK, DELETE, DELETE_SURE, ADD_PICK)
# Innovations offered for a link: not a rejected one.
LINKABLE = [s for s in Status if s is not Status.REJECTED]


def today(context: BotContext) -> date:
    services = context.services
    return services.clock.now().astimezone(services.settings.tzinfo).date()


def button(text: str, data: str) -> InlineKeyboardButton:
    return InlineKeyboardButton(shorten(text), callback_data=data)


def state_text(texts: Catalog, lang: str, view: EntryView) -> str:
    if view.state is PlanState.LATE:
        return texts.text(lang, "plan-late-by", months=view.months_late)
    return texts.text(lang, f"plan-state-{view.state}")


def month_text(month: date, lang: str) -> str:
    return format_day(month, lang).split(" ", 1)[1]  # "1 Agustus 2026" -> "Agustus 2026"


def counts_text(texts: Catalog, lang: str, progress: Counts) -> str:
    counts = progress.counts
    return texts.text(
        lang,
        "plan-counts",
        total=progress.total,
        done=counts[PlanState.DONE],
        on_track=counts[PlanState.ON_TRACK],
        due_soon=counts[PlanState.DUE_SOON],
        late=counts[PlanState.LATE],
    )


def entry_line(texts: Catalog, lang: str, view: EntryView) -> str:
    return texts.text(
        lang,
        "plan-entry-line",
        icon=STATE_ICONS[view.state],
        title=view.title,
        stage=texts.text(lang, f"stage-{view.target_stage}"),
        month=month_text(view.target_month, lang),
        state=state_text(texts, lang, view),
    )


# --- /rencana ---------------------------------------------------------------------------------


async def plan_command(update: Update, context: BotContext) -> None:
    caller = await require(update, context, Action.VIEW_PLAN)
    if caller is None:
        return
    if caller.may(Action.MANAGE_PLANS):
        await _show_overview(update, context, caller, 0, edit=False)
        return
    assert caller.member is not None and caller.member.opd_id is not None
    await show_opd(update, context, caller, caller.member.opd_id, 0, edit=False)


async def _show_overview(
    update: Update, context: BotContext, caller: Caller, page: int, *, edit: bool
) -> None:
    """Every OPD's plan against reality, the OPDs behind first."""
    texts, lang = context.services.texts, caller.lang
    async with context.services.database.reading() as session:
        views = await entries(session, today(context))
    rows: list[list[InlineKeyboardButton]] = []
    add = [button(texts.text(lang, "plan-button-add"), ADD_PICK.data(0))]
    if not views:
        await show_screen(
            update, texts.text(lang, "plan-none-yet"), InlineKeyboardMarkup([add]), edit=edit
        )
        return
    opds = by_opd(views)
    counts, late_opds = totals(views)
    pages = page_count(len(opds), PAGE_SIZE)
    page = min(page, pages - 1)
    shown = opds[page * PAGE_SIZE : (page + 1) * PAGE_SIZE]
    lines = [
        texts.text(lang, "plan-overview-title", opds=len(opds)),
        counts_text(texts, lang, counts),
        texts.text(lang, "plan-overview-behind", count=late_opds),
        "",
    ]
    for number, opd in enumerate(shown, start=page * PAGE_SIZE + 1):
        lines.append(_opd_line(texts, lang, number, opd))
        rows.append([button(f"{number}. {opd.code} · {opd.name}", OPD_PLAN.data(opd.opd_id, 0))])
    if pages > 1:
        lines.append(texts.text(lang, "plan-page", page=page + 1, pages=pages))
    navigation = page_navigation(texts, lang, page=page, pages=pages, page_data=OVERVIEW.data)
    rows += [navigation] if navigation else []
    rows.append(add)
    await show_screen(update, "\n".join(lines), InlineKeyboardMarkup(rows), edit=edit)


def _opd_line(texts: Catalog, lang: str, number: int, opd: OpdProgress) -> str:
    if opd.late:
        key, args = "plan-opd-late", {"late": opd.late, "months": opd.worst_months_late}
    elif opd.counts[PlanState.DUE_SOON]:
        key, args = "plan-opd-due", {"due": opd.counts[PlanState.DUE_SOON]}
    else:
        key, args = "plan-opd-fine", {}
    return texts.text(
        lang, key, number=number, code=opd.code, done=opd.done, total=opd.total, **args
    )


async def show_opd(
    update: Update, context: BotContext, caller: Caller, opd_id: int, page: int, *, edit: bool
) -> None:
    """One OPD's plan: the counts, the entries by month (10 a page), a button each."""
    texts, lang = context.services.texts, caller.lang
    async with context.services.database.reading() as session:
        opd = await session.get(Opd, opd_id)
        views = await entries(session, today(context), opd_id=opd_id)
    managing = caller.may(Action.MANAGE_PLANS)
    rows: list[list[InlineKeyboardButton]] = []
    if opd is None:
        await show_screen(update, texts.text(lang, "plan-not-found"), None, edit=edit)
        return
    if not views:
        lines = [
            texts.text(lang, "plan-opd-title", opd=opd.name),
            texts.text(lang, "plan-opd-empty" if managing else "plan-own-empty"),
        ]
    else:
        progress = by_opd(views)[0]
        pages = page_count(len(views), PAGE_SIZE)
        page = min(page, pages - 1)
        shown = views[page * PAGE_SIZE : (page + 1) * PAGE_SIZE]
        lines = [
            texts.text(lang, "plan-opd-title", opd=opd.name),
            counts_text(texts, lang, progress),
            "",
        ]
        lines += [entry_line(texts, lang, view) for view in shown]
        if pages > 1:
            lines.append(texts.text(lang, "plan-page", page=page + 1, pages=pages))
        rows += [[button(f"{STATE_ICONS[v.state]} {v.title}", ENTRY.data(v.id))] for v in shown]
        navigation = page_navigation(
            texts, lang, page=page, pages=pages, page_data=lambda p: OPD_PLAN.data(opd_id, p)
        )
        rows += [navigation] if navigation else []
        lines.append(texts.text(lang, "plan-tap-entry"))
    if managing:
        rows.append(
            [
                button(texts.text(lang, "plan-button-add"), ADD.data(opd_id)),
                button(texts.text(lang, "plan-button-all"), OVERVIEW.data(0)),
            ]
        )
    markup = InlineKeyboardMarkup(rows) if rows else None
    await show_screen(update, "\n".join(lines), markup, edit=edit)


async def _show_entry(
    update: Update, context: BotContext, caller: Caller, view: EntryView, *, edit: bool
) -> None:
    texts, lang = context.services.texts, caller.lang
    lines = [
        texts.text(lang, "plan-entry-title", title=view.title, opd=view.opd_name),
        texts.text(lang, "plan-entry-pillar", pillar=view.pillar_name),
        texts.text(
            lang,
            "plan-entry-target",
            stage=texts.text(lang, f"stage-{view.target_stage}"),
            month=month_text(view.target_month, lang),
        ),
        texts.text(
            lang,
            "plan-entry-state",
            icon=STATE_ICONS[view.state],
            state=state_text(texts, lang, view),
        ),
    ]
    if view.innovation_id is not None:
        lines.append(
            texts.text(
                lang,
                "plan-entry-innovation",
                id=view.innovation_id,
                title=view.innovation_title or "",
                status=status_label(texts, lang, view.innovation_status or ""),
            )
        )
        if view.waiting_for_review:
            lines.append(texts.text(lang, "plan-entry-waiting"))
        elif view.innovation_status == Status.REJECTED:
            lines.append(texts.text(lang, "plan-entry-rejected"))
        elif view.state is not PlanState.DONE:
            lines.append(
                texts.text(
                    lang, "plan-entry-not-yet", stage=texts.text(lang, f"stage-{view.target_stage}")
                )
            )
    else:
        lines.append(texts.text(lang, "plan-entry-unlinked"))
    if view.imported_from:
        lines.append(texts.text(lang, "plan-entry-imported", file=view.imported_from))
    rows: list[list[InlineKeyboardButton]] = []
    if caller.may(Action.EDIT_INNOVATION, opd_id=view.opd_id):
        if view.innovation_id is None:
            rows.append([button(texts.text(lang, "plan-button-link"), LINK_LIST.data(view.id, 0))])
            if _own(caller, view):  # a new draft is the member's own OPD's
                rows.append([button(texts.text(lang, "plan-button-form"), FROM_PLAN.data(view.id))])
        else:
            rows.append(
                [
                    button(texts.text(lang, "plan-button-relink"), LINK_LIST.data(view.id, 0)),
                    button(texts.text(lang, "plan-button-unlink"), UNLINK.data(view.id)),
                ]
            )
    if view.innovation_id is not None:
        rows.append(
            [
                button(
                    texts.text(lang, "plan-button-view", id=view.innovation_id),
                    VIEW_INNOVATION.data(view.innovation_id),
                )
            ]
        )
    if caller.may(Action.MANAGE_PLANS):
        rows.append([button(texts.text(lang, "plan-button-delete"), DELETE.data(view.id))])
    rows.append([button(texts.text(lang, "plan-button-back"), OPD_PLAN.data(view.opd_id, 0))])
    await show_screen(update, "\n".join(lines), InlineKeyboardMarkup(rows), edit=edit)


def _own(caller: Caller, view: EntryView) -> bool:
    """The entry is of the person's own OPD (an admin reads every OPD's, but begins forms
    only for their own)."""
    return caller.member is not None and caller.member.opd_id == view.opd_id


# --- the buttons ----------------------------------------------------------------------------


async def plan_button(update: Update, context: BotContext) -> None:
    """Every button of the plan's screens: parsed, and the person's right to it checked again."""
    query = update.callback_query
    assert query is not None
    caller = await require(update, context, Action.VIEW_PLAN)
    if caller is None:
        return
    texts, lang = context.services.texts, caller.lang
    for kind in BUTTONS:
        values = kind.parse(query.data)
        if values is not None:
            break
    else:
        await query.answer(texts.text(lang, "button-expired"), show_alert=True)
        return
    member = caller.member
    assert member is not None
    own_opd = member.opd_id
    managing = caller.may(Action.MANAGE_PLANS)
    if kind in (OVERVIEW, ADD_PICK, DELETE, DELETE_SURE) and not managing:
        await query.answer(texts.text(lang, "refused-not-allowed"), show_alert=True)
        return
    if kind is OVERVIEW:
        await query.answer()
        await _show_overview(update, context, caller, values[0], edit=True)
        return
    if kind is ADD_PICK:
        await query.answer()
        await _show_add_pick(update, context, caller, values[0])
        return
    if kind is OPD_PLAN:
        opd_id, page = values
        if not managing and opd_id != own_opd:
            await query.answer(texts.text(lang, "plan-not-found"), show_alert=True)
            return
        await query.answer()
        await show_opd(update, context, caller, opd_id, page, edit=True)
        return
    entry_id = values[0]
    async with context.services.database.reading() as session:
        found = await entries(session, today(context), entry_ids=[entry_id])
    view = found[0] if found else None
    if view is None or (not managing and view.opd_id != own_opd):
        await query.answer(texts.text(lang, "plan-not-found"), show_alert=True)
        return
    if kind is ENTRY:
        await query.answer()
        await _show_entry(update, context, caller, view, edit=True)
    elif kind is LINK_LIST:
        await _show_link_list(update, context, caller, view, values[1])
    elif kind in (LINK, UNLINK):
        await _link(update, context, caller, view, values[1] if kind is LINK else None)
    elif kind is DELETE:
        await query.answer()
        await _confirm_delete(update, context, caller, view)
    elif kind is DELETE_SURE:
        async with context.services.database.transaction() as session:
            await session.execute(delete(PlanEntry).where(PlanEntry.id == view.id))
        logger.info("plan entry %s deleted by member %s", view.id, member.id)
        await query.answer(texts.text(lang, "plan-deleted"))
        await show_opd(update, context, caller, view.opd_id, 0, edit=True)


async def _show_add_pick(update: Update, context: BotContext, caller: Caller, page: int) -> None:
    """➕ from the overview: which OPD the new entry is for (the active ones, 10 a page)."""
    texts, lang = context.services.texts, caller.lang
    async with context.services.database.reading() as session:
        opds = list(
            await session.execute(
                select(Opd.id, Opd.code, Opd.name).where(Opd.active.is_(True)).order_by(Opd.name)
            )
        )
    pages = page_count(len(opds), PAGE_SIZE)
    page = min(page, pages - 1)
    rows = [
        [button(f"{code} · {name}", ADD.data(opd_id))]
        for opd_id, code, name in opds[page * PAGE_SIZE : (page + 1) * PAGE_SIZE]
    ]
    navigation = page_navigation(texts, lang, page=page, pages=pages, page_data=ADD_PICK.data)
    rows += [navigation] if navigation else []
    rows.append([button(texts.text(lang, "plan-button-all"), OVERVIEW.data(0))])
    text = texts.text(lang, "plan-add-which-opd" if opds else "plan-add-no-opd")
    await show_screen(update, text, InlineKeyboardMarkup(rows), edit=True)


async def _show_link_list(
    update: Update, context: BotContext, caller: Caller, view: EntryView, page: int
) -> None:
    """The OPD's innovations (not rejected), newest first, to link the entry to one."""
    query = update.callback_query
    assert query is not None
    texts, lang = context.services.texts, caller.lang
    if not caller.may(Action.EDIT_INNOVATION, opd_id=view.opd_id):
        await query.answer(texts.text(lang, "refused-not-allowed"), show_alert=True)
        return
    async with context.services.database.reading() as session:
        found = list(
            await session.execute(
                select(Innovation.id, Innovation.title, Innovation.status)
                .where(Innovation.opd_id == view.opd_id, Innovation.status.in_(LINKABLE))
                .order_by(Innovation.id.desc())
            )
        )
    await query.answer()
    back = [button(texts.text(lang, "plan-button-back"), ENTRY.data(view.id))]
    if not found:
        rows = [[button(texts.text(lang, "plan-button-form"), FROM_PLAN.data(view.id))]]
        rows = [*(rows if _own(caller, view) else []), back]
        await show_screen(
            update,
            texts.text(lang, "plan-link-none", title=view.title),
            InlineKeyboardMarkup(rows),
            edit=True,
        )
        return
    pages = page_count(len(found), PAGE_SIZE)
    page = min(page, pages - 1)
    rows = [
        [button(f"#{i} {status_label(texts, lang, status)} · {title}", LINK.data(view.id, i))]
        for i, title, status in found[page * PAGE_SIZE : (page + 1) * PAGE_SIZE]
    ]
    navigation = page_navigation(
        texts, lang, page=page, pages=pages, page_data=lambda p: LINK_LIST.data(view.id, p)
    )
    rows += [navigation] if navigation else []
    rows.append(back)
    await show_screen(
        update,
        texts.text(lang, "plan-link-which", title=view.title),
        InlineKeyboardMarkup(rows),
        edit=True,
    )


async def _link(
    update: Update, context: BotContext, caller: Caller, view: EntryView, innovation_id: int | None
) -> None:
    """🔗 an innovation chosen, or ✖️ the link undone: checked again in the transaction (the
    entry and the innovation are the OPD's, the person may change the OPD's innovations)."""
    query = update.callback_query
    assert query is not None
    texts, lang = context.services.texts, caller.lang
    if not caller.may(Action.EDIT_INNOVATION, opd_id=view.opd_id):
        await query.answer(texts.text(lang, "refused-not-allowed"), show_alert=True)
        return
    try:
        async with context.services.database.transaction() as session:
            await link(session, view.id, innovation_id, view.opd_id)
    except PlanError as error:
        await query.answer(texts.text(lang, error.key), show_alert=True)
        return
    await query.answer(texts.text(lang, "plan-linked" if innovation_id else "plan-unlinked"))
    async with context.services.database.reading() as session:
        found = await entries(session, today(context), entry_ids=[view.id])
    if found:
        await _show_entry(update, context, caller, found[0], edit=True)


async def _confirm_delete(
    update: Update, context: BotContext, caller: Caller, view: EntryView
) -> None:
    texts, lang = context.services.texts, caller.lang
    rows = [
        [
            button(texts.text(lang, "plan-button-delete-sure"), DELETE_SURE.data(view.id)),
            button(texts.text(lang, "plan-button-keep"), ENTRY.data(view.id)),
        ]
    ]
    await show_screen(
        update,
        texts.text(lang, "plan-delete-sure", title=view.title, opd=view.opd_name),
        InlineKeyboardMarkup(rows),
        edit=True,
    )
