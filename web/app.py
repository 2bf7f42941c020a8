"""The dashboard as an ASGI app (Starlette, Jinja2 templates), built from the bot's services.

Public pages (switchable off) show approved innovations only; the coordinators' pages need a
Telegram login and a coordinator's or admin's role, read from the database on every request.
Every page is a fixed number of SQL statements; nothing is fetched from another host (the
charts are SVG drawn here, the style sheet is ours); no stack trace ever reaches a browser.
"""

from __future__ import annotations

import asyncio
import io
import logging
import secrets
from collections.abc import Awaitable, Callable
from dataclasses import replace
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import Any
from urllib.parse import urlencode
from zoneinfo import ZoneInfo

from markupsafe import Markup
from sqlalchemy import select, update
from sqlalchemy.exc import IntegrityError, SQLAlchemyError
from starlette.applications import Starlette
from starlette.exceptions import HTTPException
from starlette.middleware import Middleware
from starlette.middleware.sessions import SessionMiddleware
from starlette.requests import Request
from starlette.responses import RedirectResponse, Response
from starlette.routing import Mount, Route
from starlette.staticfiles import StaticFiles
from starlette.templating import Jinja2Templates

from bot.core.clock import Clock
from bot.core.dates import PartialDate, Precision
from bot.core.formatting import format_day, format_partial
from bot.core.policy import Action, Actor, can
from bot.core.settings import Settings
from bot.core.textinput import parse_id, parse_number
from bot.core.texts import LANGUAGES, Catalog
from bot.core.webserver import HeadedStarlette
from bot.innovations.evidence import EvidenceStore
from bot.innovations.form import FORM
from bot.innovations.rules import STATUS_ICONS
from bot.monitoring.benefits import measure_totals, regency_totals
from bot.monitoring.checkins import monitoring, served_chart
from bot.plans import progress
from bot.reporting.export import ExportFilter, csv_bytes, write_csv, write_xlsx
from bot.review.public_files import Decision, Outcome, decide
from bot.telegram.login import check_login, session_secret
from storage.database import Database, StorageError
from storage.models import (
    DashboardLogin,
    InnovationKind,
    Member,
    Opd,
    PublicState,
    Stage,
    Status,
)
from storage.repositories import MemberRepository
from web import leaders, opds, queries
from web.auth import csrf_token, posted_form

logger = logging.getLogger(__name__)

HERE = Path(__file__).resolve().parent
PUBLIC = (Status.APPROVED.value,)
EVERY = tuple(status.value for status in Status)
SENT = tuple(status.value for status in Status if status is not Status.DRAFT)
SESSION_HOURS = 12
FORM_BODY_MAX = 16_384  # the pages' forms are a few fields; nothing is uploaded here
OVERVIEW_AGE = timedelta(minutes=1)
# The plans' table, left to right: what went well, then what is wrong, the late last.
PLAN_COLUMNS = (
    progress.PlanState.DONE,
    progress.PlanState.ON_TRACK,
    progress.PlanState.DUE_SOON,
    progress.PlanState.LATE,
)


class Dashboard:
    def __init__(
        self,
        settings: Settings,
        database: Database,
        texts: Catalog,
        clock: Clock,
        *,
        public: bool,
        changes: Database | None = None,
    ) -> None:
        self.settings = settings
        self.database = database
        # Whose commits change innovations (the bot's database, when the pages have their own).
        self.changes = changes or database
        self.texts = texts
        self.clock = clock
        self.public = public
        self.templates = Jinja2Templates(directory=str(HERE / "templates"))
        # scope → (innovations_version, computed at, overview): see `overview`.
        self._overviews: dict[str, tuple[int, datetime, queries.Overview]] = {}
        self.templates.env.globals.update(icons=STATUS_ICONS, stages=list(Stage),
                                          kinds=list(InnovationKind))  # fmt: skip

    # --- plumbing ---------------------------------------------------------------------

    def lang(self, request: Request) -> str:
        asked = request.query_params.get("lang") or request.cookies.get("lang")
        return asked if asked in LANGUAGES else self.settings.default_language

    def render(
        self, request: Request, name: str, status_code: int = 200, **context: Any
    ) -> Response:
        lang = self.lang(request)

        def t(key: str, **arguments: Any) -> Markup:
            return Markup(self.texts.text(lang, key, **arguments))  # noqa: S704 (escaped)

        def day(value: Any) -> str:
            return format_day(value, lang) if value else ""

        def month(value: Any) -> str:
            """A month as people say it: Agustus 2026."""
            return format_partial(PartialDate(value, Precision.MONTH), lang) if value else ""

        def answer(innovation: Any, name: str) -> str:
            """One answer of the form as the bot shows it (a start date as precisely as it
            was given: Juli 2024)."""
            return FORM[name].shown(self.texts, lang, innovation) or ""

        def csrf() -> str:
            """The session's token for a form's hidden field (made only when a form asks)."""
            return csrf_token(request.session)

        context.setdefault("member", None)
        helpers = {"t": t, "lang": lang, "day": day, "month": month, "answer": answer,
                   "csrf": csrf}  # fmt: skip
        response = self.templates.TemplateResponse(
            request,
            name,
            {**helpers, "public": self.public, **context},
            status_code=status_code,
        )
        if request.query_params.get("lang") in LANGUAGES:
            response.set_cookie("lang", lang, max_age=365 * 86400, samesite="lax", httponly=True)
        return response

    async def coordinator(self, request: Request) -> Member | None:
        """The member behind the session, if the session is still open (not logged out) and
        they may see the coordinators' pages now."""
        telegram_id = request.session.get("telegram_id")
        login = request.session.get("login")
        if not isinstance(telegram_id, int) or not isinstance(login, str):
            return None
        async with self.database.reading() as session:
            open_login = await session.scalar(
                select(DashboardLogin.hash).where(
                    DashboardLogin.hash == login,
                    DashboardLogin.telegram_id == telegram_id,
                    DashboardLogin.ended_at.is_(None),
                )
            )
            member = await MemberRepository(session).by_telegram_id(telegram_id)
        if open_login is None or member is None or not can(Actor.of(member), Action.REPORT):
            return None
        return member

    # --- public pages -----------------------------------------------------------------

    def charts(self, request: Request, overview: queries.Overview) -> list[tuple[str, list]]:
        """The bar charts of an overview, labelled in the reader's language."""
        lang = self.lang(request)
        t = self.texts.text
        return [
            (t(lang, "web-by-pillar"), overview.by_pillar),
            (t(lang, "web-by-stage"),
             [(t(lang, f"stage-{stage}"), count) for stage, count in overview.by_stage.items()]),
            (t(lang, "web-by-kind"),
             [(t(lang, f"kind-{kind}"), count) for kind, count in overview.by_kind.items()]),
            (t(lang, "web-by-opd"), [(name, count) for _, name, count in overview.ranking[:10]]),
        ]  # fmt: skip

    async def overview(self, scope: str, statuses: tuple[str, ...]) -> queries.Overview:
        """The figures of an overview: read again (from the counts the database keeps, see
        `storage.tally`) after any change this process made to an innovation, and at least every
        OVERVIEW_AGE (changes made by another instance)."""
        version, now = self.changes.innovations_version, self.clock.now()
        kept = self._overviews.get(scope)
        if kept is not None and kept[0] == version and now - kept[1] < OVERVIEW_AGE:
            return kept[2]
        overview = await queries.overview(self.database, statuses)
        # The approved ones' freshness; a stopped innovation is no longer counted a quick win.
        counts, stopped_quick_wins = await queries.freshness(self.database, now)
        async with self.database.reading() as session:  # the OPDs' ranking's first few
            leaders = [row for row in await opds.ranking(session, now) if row.approved]
            benefits = regency_totals(await measure_totals(session))
        overview = replace(
            overview, freshness=counts, quick_wins=overview.quick_wins - stopped_quick_wins,
            leaders=leaders[: opds.LEADERS], benefits=benefits,
        )  # fmt: skip
        self._overviews[scope] = (version, now, overview)
        return overview

    async def home(self, request: Request) -> Response:
        if not self.public:
            return RedirectResponse("/koordinator", status_code=303)
        overview = await self.overview("public", PUBLIC)
        return self.render(
            request, "overview.html", overview=overview, scope="public", base="/inovasi",
            charts=self.charts(request, overview),
        )  # fmt: skip

    async def innovations(self, request: Request) -> Response:
        if not self.public:
            raise HTTPException(404)
        return await self._listing(request, PUBLIC, "public")

    async def innovation(self, request: Request) -> Response:
        if not self.public:
            raise HTTPException(404)
        return await self._detail(request, PUBLIC, "public")

    async def _listing(
        self, request: Request, statuses: tuple[str, ...], scope: str, member: Member | None = None
    ) -> Response:
        filters = _filters(request, allow_status=scope == "coordinator")
        async with self.database.reading() as session:
            page = await queries.listing(session, filters, statuses)
            pillars = await queries.pillar_choices(session)
            opds = await queries.opd_choices(session)

        def query_for(number: int) -> str:
            params = {k: v for k, v in request.query_params.items() if k != "halaman" and v}
            return urlencode({**params, "halaman": number})

        return self.render(
            request, "list.html", page=page, filters=filters, scope=scope, pillars=pillars,
            opds=opds, statuses=[s for s in Status if s.value in statuses],
            base=_base(scope), query_for=query_for, member=member,
        )  # fmt: skip

    async def _detail(
        self, request: Request, statuses: tuple[str, ...], scope: str, member: Member | None = None
    ) -> Response:
        innovation_id = parse_id(request.path_params["innovation_id"])
        if innovation_id is None:
            raise HTTPException(404)
        async with self.database.reading() as session:
            found = await queries.innovation(session, innovation_id, statuses)
            # Approved: how it has been doing since (freshness, people served per period).
            watched = (
                await monitoring(session, found, self.clock.now(), self.settings.tzinfo)
                if found is not None
                else None
            )
        if found is None:
            raise HTTPException(404)
        chart = served_chart(watched, self.settings.tzinfo, self.lang(request)) if watched else None
        # The public sees the files a coordinator approved; the coordinators see every file,
        # those still waiting with their ✅ / 🚫.
        files = [
            file for file in found.attachments
            if scope == "coordinator" or file.public_state == PublicState.APPROVED
        ]  # fmt: skip
        return self.render(
            request, "detail.html", innovation=found, scope=scope, base=_base(scope),
            monitoring=watched, served_chart=chart, files=files, member=member,
        )  # fmt: skip

    async def evidence(self, request: Request) -> Response:
        """A stored evidence photo of an innovation this page may show. The file is found by
        the id in the database and read by its sha256: never by a path from the request."""
        attachment_id = parse_id(request.path_params["attachment_id"])
        scope = request.path_params.get("scope", "public")
        statuses = PUBLIC
        if scope == "koordinator":
            if await self.coordinator(request) is None:
                raise HTTPException(404)
            statuses = EVERY
        elif not self.public:
            raise HTTPException(404)
        if attachment_id is None:
            raise HTTPException(404)
        async with self.database.reading() as session:
            found = await queries.stored_photo(
                session, attachment_id, statuses, public=scope != "koordinator"
            )
        if found is None:
            raise HTTPException(404)
        sha256, mime_type = found
        path = EvidenceStore(self.settings.evidence_dir).path_of(sha256)
        try:
            content = await asyncio.to_thread(path.read_bytes)
        except OSError:
            raise HTTPException(404) from None
        return Response(content, media_type=mime_type or "image/jpeg",
                        headers={"Cache-Control": "private, max-age=3600"})  # fmt: skip

    # --- logging in -------------------------------------------------------------------

    async def login(self, request: Request) -> Response:
        if self.settings.bot_token is None:  # nothing to check a login against: none is taken
            return self.render(request, "message.html", 403, key="web-login-invalid")
        token = self.settings.bot_token.get_secret_value()
        telegram_id = check_login(request.query_params, token, self.clock.now())
        if telegram_id is None:
            return self.render(request, "message.html", 403, key="web-login-invalid")
        login = request.query_params["hash"]
        try:
            async with self.database.transaction() as session:
                session.add(DashboardLogin(hash=login, telegram_id=telegram_id))
        except IntegrityError:
            return self.render(request, "message.html", 403, key="web-login-used")
        request.session.clear()
        request.session.update(telegram_id=telegram_id, login=login)
        if await self.coordinator(request) is None:
            request.session.clear()
            return self.render(request, "message.html", 403, key="web-not-allowed")
        return RedirectResponse("/koordinator", status_code=303)

    async def logout(self, request: Request) -> Response:
        """A POST with the session's CSRF token ends the session, on the server too: a copy of
        the cookie opens nothing after. A GET (a bookmark, an old link, another site's image)
        ends nothing: it shows the button."""
        if request.method != "POST":
            member = await self.coordinator(request)
            if member is None:
                return RedirectResponse("/", status_code=303)
            return self.render(request, "logout.html", member=member)
        login = request.session.get("login")
        if isinstance(login, str):
            if await posted_form(request) is None:  # not this session's own page
                return self.render(request, "message.html", 403, key="web-form-expired")
            async with self.database.transaction() as session:
                await session.execute(
                    update(DashboardLogin)
                    .where(DashboardLogin.hash == login, DashboardLogin.ended_at.is_(None))
                    .values(ended_at=self.clock.now())
                )
        request.session.clear()
        return RedirectResponse("/", status_code=303)

    # --- coordinators' pages ----------------------------------------------------------

    def for_coordinators(
        self, page: Callable[[Request, Member], Awaitable[Response]]
    ) -> Callable[[Request], Awaitable[Response]]:
        async def guarded(request: Request) -> Response:
            member = await self.coordinator(request)
            if member is None:
                request.session.clear()
                return self.render(request, "message.html", 403, key="web-please-login")
            return await page(request, member)

        return guarded

    async def coordinators_home(self, request: Request, member: Member) -> Response:
        async def waiting() -> queries.Queue:
            async with self.database.reading() as session:
                return await queries.coordinators_queue(session, self.clock.now())

        # The figures and the queue on two connections at once: neither waits for the other.
        overview, queue = await asyncio.gather(self.overview("coordinator", SENT), waiting())
        return self.render(
            request, "overview.html", overview=overview, queue=queue, scope="coordinator",
            member=member, base=_base("coordinator"), charts=self.charts(request, overview),
        )  # fmt: skip

    async def opd_ranking(self, request: Request) -> Response:
        return await opds.ranking_page(self, request, None)

    async def opd(self, request: Request) -> Response:
        return await opds.opd_detail(self, request, None)

    async def coordinators_opd_ranking(self, request: Request, member: Member) -> Response:
        return await opds.ranking_page(self, request, member)

    async def coordinators_opd(self, request: Request, member: Member) -> Response:
        return await opds.opd_detail(self, request, member)

    async def leaders_report(self, request: Request, member: Member) -> Response:
        return await leaders.report_page(self, request, member)

    async def leaders_chart(self, request: Request, member: Member) -> Response:
        return await leaders.report_chart(self, request, member)

    async def coordinators_list(self, request: Request, member: Member) -> Response:
        return await self._listing(request, EVERY, "coordinator", member)

    async def coordinators_detail(self, request: Request, member: Member) -> Response:
        return await self._detail(request, EVERY, "coordinator", member)

    def today(self) -> date:
        """The regency's date now: what the plans' states are reckoned on."""
        return self.clock.now().astimezone(self.settings.tzinfo).date()

    async def plans(self, request: Request, member: Member) -> Response:
        """Every OPD's action plan against what happened: one row per OPD, the late first
        (`bot.plans.progress` decides the states and the order). One statement."""
        today = self.today()
        async with self.database.reading() as session:
            views = await progress.entries(session, today)
        counts, late_opds = progress.totals(views)
        return self.render(
            request, "plans.html", member=member, today=today, opds=progress.by_opd(views),
            counts=counts, late_opds=late_opds, states=list(progress.PlanState),
            columns=PLAN_COLUMNS,
        )  # fmt: skip

    async def plan_of_opd(self, request: Request, member: Member) -> Response:
        """One OPD's plan, entry by entry: a bad or unknown OPD is a 404. Two statements."""
        opd_id = parse_id(request.path_params["opd_id"])
        if opd_id is None:
            raise HTTPException(404)
        today = self.today()
        async with self.database.reading() as session:
            opd = await session.get(Opd, opd_id)
            views = await progress.entries(session, today, opd_id=opd_id) if opd else []
        if opd is None:
            raise HTTPException(404)
        return self.render(
            request, "plan_opd.html", member=member, today=today, opd=opd, entries=views,
            counts=progress.totals(views)[0], states=list(progress.PlanState),
        )  # fmt: skip

    async def decide_file(self, request: Request, member: Member) -> Response:
        """✅ / 🚫 on a file waiting for the public pages: a form of this session (its CSRF
        token), for a pending file of the innovation it names (checked by ``decide``)."""
        attachment_id = parse_id(request.path_params["attachment_id"])
        form = await posted_form(request)
        if form is None:
            logger.info("dashboard: a file decision without this session's token refused")
            return self.render(request, "message.html", 403, key="web-form-expired")
        innovation_id = parse_id(form.get("innovation"))
        decision = form.get("decision")
        if (
            attachment_id is None
            or innovation_id is None
            or decision not in {d.value for d in Decision}
        ):
            return self.render(request, "message.html", 400, key="web-form-expired")
        async with self.database.transaction() as session:
            outcome = await decide(
                session, innovation_id, attachment_id, Decision(decision), member
            )
        if outcome is not Outcome.DECIDED:
            return self.render(request, "message.html", 409, key="web-file-already")
        logger.info(
            "dashboard: file %s of innovation %s: %s by member %s",
            attachment_id, innovation_id, decision, member.id,
        )  # fmt: skip
        return RedirectResponse(f"/koordinator/inovasi/{innovation_id}", status_code=303)

    async def export(self, request: Request, member: Member) -> Response:
        lang = self.lang(request)
        kind = request.path_params["kind"]
        if kind not in ("xlsx", "csv"):
            raise HTTPException(404)
        zone = ZoneInfo(self.settings.timezone)
        today = self.clock.now().astimezone(zone).date()
        if kind == "xlsx":
            buffer = io.BytesIO()
            await asyncio.to_thread(
                asyncio.run,
                _export_xlsx(
                    self.settings.database_url, buffer, self.texts, lang, zone, self.clock
                ),
            )
            body, media = (
                buffer.getvalue(),
                ("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"),
            )
        else:
            text = io.StringIO()
            async with self.database.reading() as session:
                await write_csv(session, text, self.texts, lang, zone, ExportFilter())
            body, media = csv_bytes(text.getvalue()), "text/csv; charset=utf-8"
        logger.info("dashboard export (%s) by member %s", kind, member.id)
        return Response(
            body,
            media_type=media,
            headers={
                "Content-Disposition": f'attachment; filename="inovasi-{today:%Y-%m-%d}.{kind}"'
            },
        )


async def _export_xlsx(
    url: str, buffer: io.BytesIO, texts: Catalog, lang: str, zone: ZoneInfo, clock: Clock
) -> int:
    """In a thread with a database connection of its own (and the dashboard's clock, which
    the monitoring's freshness is read at): a big workbook is seconds of CPU."""
    database = Database(url, clock=clock)
    try:
        async with database.reading() as session:
            return await write_xlsx(session, buffer, texts, lang, zone, ExportFilter())
    finally:
        await database.dispose()


def _base(scope: str) -> str:
    return "/koordinator/inovasi" if scope == "coordinator" else "/inovasi"


def _number(value: str | None, *, default: int | None = None, high: int = 10**6) -> int | None:
    number = parse_number(value, high=high)
    return default if number is None else number


def _filters(request: Request, *, allow_status: bool) -> queries.Filters:
    params = request.query_params
    stage = params.get("tahap")
    kind = params.get("jenis")
    status = params.get("status") if allow_status else None
    opd = (params.get("opd") or "").strip().upper()[:32] or None
    return queries.Filters(
        query=(params.get("q") or "")[: queries.QUERY_MAX],
        pillar=_number(params.get("pilar")),
        opd=opd,
        stage=stage if stage in {s.value for s in Stage} else None,
        kind=kind if kind in {k.value for k in InnovationKind} else None,
        status=status if status in {s.value for s in Status} else None,
        page=_number(params.get("halaman"), default=1, high=10**6) or 1,
    )


def build_dashboard(
    settings: Settings,
    database: Database,
    texts: Catalog,
    clock: Clock | None = None,
    *,
    public: bool = True,
    changes: Database | None = None,
) -> Starlette:
    dashboard = Dashboard(
        settings, database, texts, clock or Clock(), public=public, changes=changes
    )
    guard = dashboard.for_coordinators
    routes = [
        Route("/", dashboard.home),
        Route("/inovasi", dashboard.innovations),
        # Ids are taken as text and parsed strictly (bot/core/textinput.py): Starlette's `int`
        # convertor matches 5,000 digits, then int() raises, a 500.
        Route("/inovasi/{innovation_id}", dashboard.innovation),
        Route("/opd", dashboard.opd_ranking),
        Route("/opd/{opd_id}", dashboard.opd),
        Route("/masuk", dashboard.login),
        Route("/keluar", dashboard.logout, methods=["GET", "POST"]),
        Route("/koordinator", guard(dashboard.coordinators_home)),
        Route("/koordinator/inovasi", guard(dashboard.coordinators_list)),
        Route("/koordinator/inovasi/{innovation_id}", guard(dashboard.coordinators_detail)),
        Route("/koordinator/ekspor.{kind:str}", guard(dashboard.export)),
        Route("/koordinator/opd", guard(dashboard.coordinators_opd_ranking)),
        Route("/koordinator/opd/{opd_id}", guard(dashboard.coordinators_opd)),
        Route("/koordinator/rencana", guard(dashboard.plans)),
        Route("/koordinator/laporan", guard(dashboard.leaders_report)),
        Route("/koordinator/laporan/grafik.png", guard(dashboard.leaders_chart)),
        Route("/koordinator/rencana/{opd_id}", guard(dashboard.plan_of_opd)),
        Route(
            "/koordinator/berkas/{attachment_id}",
            guard(dashboard.decide_file),
            methods=["POST"],
        ),
        Route("/bukti/{attachment_id}", dashboard.evidence),
        Route("/{scope}/bukti/{attachment_id}", dashboard.evidence),
        Mount("/static", StaticFiles(directory=str(HERE / "static")), name="static"),
    ]
    # Without a token no login is taken, and the sessions' key is this process's own secret.
    token = settings.bot_token.get_secret_value() if settings.bot_token else secrets.token_hex(32)

    async def not_found(request: Request, exc: Exception) -> Response:
        status = exc.status_code if isinstance(exc, HTTPException) else 404
        key = "web-not-found" if status == 404 else "web-error"
        return dashboard.render(request, "message.html", status, key=key)

    async def unavailable(request: Request, exc: Exception) -> Response:
        logger.warning("dashboard: the database is not reachable: %s", type(exc).__name__)
        return dashboard.render(request, "message.html", 503, key="web-unavailable")

    async def failed(request: Request, exc: Exception) -> Response:
        logger.error("dashboard: %s failed", request.url.path, exc_info=exc)
        return dashboard.render(request, "message.html", 500, key="web-error")

    app = HeadedStarlette(  # the security headers on every response (bot/core/webserver.py)
        routes=routes,
        max_body_size=FORM_BODY_MAX,  # counted as it arrives; more is a 413
        middleware=[
            Middleware(
                SessionMiddleware,
                secret_key=session_secret(token),
                session_cookie="inovasi_session",
                max_age=SESSION_HOURS * 3600,
                same_site="lax",
                https_only=bool(
                    settings.dashboard_url and settings.dashboard_url.startswith("https")
                ),
            )
        ],
        exception_handlers={
            HTTPException: not_found,
            SQLAlchemyError: unavailable,
            StorageError: unavailable,
            OSError: unavailable,
            Exception: failed,
        },
    )
    app.state.dashboard = dashboard
    return app
