"""The leaders' report: its numbers on the seeded catalogue, in a fixed number of statements,
as a phone-sized message and a picture, in Indonesian and in English; the leaders' chat chosen
the safe way, the monthly round once to it and once to each OPD member, and a leaders' chat
that removed the bot told to the admins once."""

from __future__ import annotations

from datetime import UTC, date, datetime
from zoneinfo import ZoneInfo

from sqlalchemy import select, update

from bot.core.texts import Catalog
from bot.delivery import scheduler
from bot.delivery.schedules import Kind, load_plans, save_plan, with_changes
from bot.reporting.leaders import (
    build_leaders,
    leaders_chart,
    month_bounds,
    render_leaders,
    render_opd,
)
from bot.telegram.groups import LEADERS_CHAT_ID, leaders_chat_id
from sandbox.client import Sandbox
from storage.benefits import BenefitMeasure, CheckinMeasure
from storage.database import Database
from storage.models import Checkin, Delivery, Evaluation, Innovation, Member, Opd, Pillar, Status
from storage.repositories.settings import AppSettingRepository
from tests.support.catalogue import seed_catalogue
from tests.support.people import ADMIN_ID, admin_of
from tests.support.plan_catalogue import seed_plans
from tests.support.sql import counting
from tests.support.time import wib

NOW = datetime(2026, 11, 30, 3, 0, tzinfo=UTC)
NOVEMBER = date(2026, 11, 1)


async def seed_month(database: Database) -> None:
    """The catalogue, its plans, one innovation approved in November, one confirmed running
    and one stopped."""
    seeded = await seed_catalogue(database)
    await seed_plans(database, seeded)
    posyandu, sekolah, _, ambulans, _ = seeded.approved
    async with database.transaction() as session:
        session.add_all([
            Evaluation(innovation_id=posyandu, verdict="approved",
                       created_at=datetime(2026, 10, 5, tzinfo=UTC)),
            Evaluation(innovation_id=sekolah, verdict="approved",
                       created_at=datetime(2026, 11, 3, tzinfo=UTC)),
            Checkin(innovation_id=posyandu, round=1, status="answered", answer="running",
                    asked_at=datetime(2026, 11, 2, tzinfo=UTC),
                    answered_at=datetime(2026, 11, 3, tzinfo=UTC)),
            Checkin(innovation_id=ambulans, round=1, status="answered", answer="stopped",
                    asked_at=datetime(2026, 11, 2, tzinfo=UTC),
                    answered_at=datetime(2026, 11, 3, tzinfo=UTC)),
        ])  # fmt: skip


async def test_the_leaders_numbers_on_the_catalogue(database: Database) -> None:
    await seed_month(database)
    async with database.reading() as session:
        report = await build_leaders(session, NOVEMBER, NOW, NOW.date())
    assert report.approved == 5 and report.new_approved == 1
    assert report.freshness.counts["active"] == 1 and report.freshness.counts["stopped"] == 1
    assert report.freshness.counts["unconfirmed"] == 3
    pillars = dict(report.pillars)
    assert pillars["Smart Living"] == 3 and pillars["Smart Economy"] == 0
    assert sum(pillars.values()) == 7
    assert report.stages == {"penerapan": 3, "uji_coba": 1, "inisiatif": 1}
    dinkes, disdik = report.ranked
    assert (dinkes.code, dinkes.rank, dinkes.approved, dinkes.pillars, dinkes.alive) == (
        "DINKES", 1, 3, 3, 1,
    )  # fmt: skip
    assert dinkes.alive_share == 33 and (dinkes.plan_done, dinkes.plan_total) == (1, 4)
    assert (disdik.rank, disdik.approved, disdik.pillars, disdik.alive_share) == (2, 2, 1, 0)
    assert (disdik.plan_done, disdik.plan_total) == (1, 4)
    [bappeda] = report.without
    assert (bappeda.code, bappeda.rank, bappeda.pillars, bappeda.plan_total) == (
        "BAPPEDA", 0, 1, 3,
    )  # fmt: skip

    texts = Catalog()
    text = render_leaders(texts, "id", report)
    assert text.splitlines()[0] == "📊 Laporan pimpinan — November 2026"
    assert "Inovasi disetujui: 5 (1 disetujui pada November 2026)" in text
    assert (
        "Masih berjalan: 1 · belum dikonfirmasi: 3 · terlambat diperbarui: 0 · berhenti: 1"
    ) in text
    assert (
        "1. Dinas Kesehatan — 3 disetujui · 3/6 pilar quick win · 33% berjalan · "
        "rencana aksi 1/4 selesai"
    ) in text
    assert "OPD belum memiliki inovasi disetujui: 1 dari 3" in text
    assert len(text) < 1000
    english = render_leaders(texts, "en", report)
    assert "Leaders' report — November 2026" in english
    assert "Approved innovations: 5 (1 approved in November 2026)" in english
    own = render_opd(texts, "en", report, bappeda)
    assert "no action plan" not in own and "action plan 0/3 done" in own
    assert "not ranked" in own
    assert "Peringkat 2 dari 2" in render_opd(texts, "id", report, disdik)
    assert leaders_chart(texts, "id", report).startswith(b"\x89PNG")


async def test_the_statements_do_not_grow_with_the_catalogue(database: Database) -> None:
    await seed_month(database)
    async with database.reading() as session:
        with counting(database) as small:
            await build_leaders(session, NOVEMBER, NOW, NOW.date())
    async with database.transaction() as session:
        pillars = list(await session.scalars(select(Pillar).order_by(Pillar.position)))
        opds = [Opd(code=f"OPD{n}", name=f"Dinas {n}") for n in range(30)]
        session.add_all(opds)
        await session.flush()
        session.add_all(
            Innovation(opd_id=opds[n % 30].id, title=f"Inovasi {n}", quick_win=True,
                       stage="penerapan", status=Status.APPROVED, pillars=[pillars[n % 6]],
                       attachments=[])
            for n in range(60)
        )  # fmt: skip
        await session.flush()
        # And benefit values on the new ones' check-ins, every measure.
        measures = list(await session.scalars(select(BenefitMeasure.id)))
        for n, innovation in enumerate(await session.scalars(
            select(Innovation).where(Innovation.title.like("Inovasi %"))
        )):  # fmt: skip
            checkin = Checkin(innovation_id=innovation.id, round=1, status="answered",
                              answer="running", asked_at=NOW, answered_at=NOW)  # fmt: skip
            session.add(checkin)
            await session.flush()
            session.add_all(CheckinMeasure(checkin_id=checkin.id, measure_id=m, value=n)
                            for m in measures)  # fmt: skip
    async with database.reading() as session:
        with counting(database) as large:
            report = await build_leaders(session, NOVEMBER, NOW, NOW.date())
    assert report.approved == 65 and len(report.ranked) == 32
    assert len(report.benefits) == 3 and report.benefits[0].total == sum(range(60))
    assert len(large.statements) == len(small.statements) == 10


def photos(emulator, chat) -> int:
    return sum(1 for m in emulator.messages(chat.id) if m.from_bot and m.photo)


def reports(emulator, chat) -> list[str]:
    return [m.content for m in emulator.messages(chat.id) if "Laporan pimpinan —" in m.content]


async def members_of_the_catalogue(database: Database, person) -> tuple:
    """Three members of the catalogue's OPDs the emulator knows (one reads English); the
    catalogue's own staff member blocked the bot long ago."""
    async with database.transaction() as session:
        await session.execute(
            update(Member)
            .where(Member.telegram_id == 6_100_000_002)
            .values(unreachable_since=datetime(2026, 1, 1, tzinfo=UTC))
        )
    siti = await person("staff", opd="DINKES", name="Siti Aminah")
    john = await person("staff", opd="DINKES", name="John Smith", language="en")
    bima = await person("staff", opd="BAPPEDA", name="Bima Sakti")
    return siti, john, bima


async def test_the_leaders_chat_is_chosen_safely_and_the_round_goes_once_a_month(
    sandbox: Sandbox, person, emulator, database: Database
) -> None:
    await seed_month(database)
    siti, john, bima = await members_of_the_catalogue(database, person)
    dewi = await admin_of(sandbox)
    # Off by default, and not switched on before there is a leaders' chat.
    replies = await dewi.send("/jadwal")
    assert "• Laporan pimpinan: 09.00, tanggal 1 setiap bulan — nonaktif" in replies.text
    await dewi.press("Laporan pimpinan")
    replies = await dewi.press("▶️ Aktifkan")
    assert replies.toasts and "Chat pimpinan belum dipilih" in replies.toasts[0]

    # The leaders' group: the admin adds the bot, and chooses it on the offer she gets.
    leaders = emulator.add_group("Pimpinan Kabupaten Sumedang")
    await emulator.add_bot_to_group(leaders, dewi.user)
    (offer,) = [m for m in dewi.bot_messages if "ID grup" in m.content]
    assert offer.button_labels == [["✅ Jadikan grup koordinator"], ["👔 Jadikan chat pimpinan"]]
    replies = await dewi.press("👔 Jadikan chat pimpinan")
    chosen = replies.last
    assert "kini menjadi chat pimpinan" in chosen.text
    assert await leaders_chat_id(sandbox.application.bot_data) == leaders.id
    assert emulator.messages(leaders.id)[-1].content.startswith("Grup ini kini menjadi chat")
    replies = await dewi.forge(f"grp:lead:{leaders.id}", chosen)
    assert replies.toasts == ["Grup ini sudah menjadi chat pimpinan."]
    replies = await dewi.forge(f"grp:use:{leaders.id}", chosen)  # not both at once
    assert replies.toasts and "adalah chat pimpinan" in replies.toasts[0]
    assert await leaders_chat_id(sandbox.application.bot_data) == leaders.id

    # The day of the month, typed; then switched on.
    await dewi.send("/jadwal")
    await dewi.press("Laporan pimpinan")
    replies = await dewi.press("📅 Tanggal")
    assert "1 sampai 28" in replies.text
    replies = await dewi.send("31")
    assert "1 sampai 28" in replies.text
    replies = await dewi.send("3")
    assert "• Laporan pimpinan: 09.00, tanggal 3 setiap bulan — nonaktif" in replies.text
    await dewi.press("Laporan pimpinan")
    replies = await dewi.press("▶️ Aktifkan")
    assert "Laporan pimpinan" in replies.last.text

    await sandbox.advance(to=wib(3, 8, 59))
    assert reports(emulator, leaders) == []
    await sandbox.advance(to=wib(3, 9, 0))
    [text] = reports(emulator, leaders)
    assert "📊 Laporan pimpinan — Oktober 2026" in text
    assert "Inovasi disetujui: 5 (1 disetujui pada Oktober 2026)" in text
    assert "1. Dinas Kesehatan — 3 disetujui" in text
    assert photos(emulator, leaders) == 1
    [own] = [m.content for m in siti.bot_messages if "Laporan bulanan" in m.content]
    assert "Dinas Kesehatan" in own and "Peringkat 1 dari 2" in own
    [english] = [m.content for m in john.bot_messages if "Monthly report" in m.content]
    assert "Monthly report October 2026 — Dinas Kesehatan" in english
    assert "3 approved · 3/6 quick-win pillars · 33% running" in english
    assert "Rank 1 of 2" in english
    [unranked] = [m.content for m in bima.bot_messages if "Laporan bulanan" in m.content]
    assert "belum masuk peringkat" in unranked

    # Run again (a late duplicate, a restart's catch-up): nothing goes twice.
    [job] = sandbox.application.job_queue.get_jobs_by_name(scheduler.job_name(Kind.LEADERS))
    await job.run(sandbox.application)
    await scheduler.run(sandbox.application, Kind.LEADERS, now=wib(3, 15, 0))
    assert len(reports(emulator, leaders)) == 1 and photos(emulator, leaders) == 1
    for member in (siti, john, bima):
        assert len([m for m in member.bot_messages if "onthly report" in m.content
                    or "Laporan bulanan" in m.content]) == 1  # fmt: skip
    async with database.reading() as session:
        rows = list(await session.scalars(select(Delivery).where(Delivery.period_key == "2026-10")))
    assert sorted(row.kind for row in rows) == sorted(
        ["leaders", "leaders-chart", "leaders-opd", "leaders-opd", "leaders-opd"]
    )
    assert {row.status for row in rows} == {"sent"}


async def test_a_leaders_chat_that_removed_the_bot_is_told_to_the_admins_once(
    sandbox: Sandbox, emulator, database: Database
) -> None:
    await seed_month(database)
    admin = emulator.add_user("Dewi", last_name="Lestari", user_id=ADMIN_ID)
    emulator.private_chat(admin)
    leaders = emulator.add_group("Pimpinan Kabupaten Sumedang")
    leaders.bot_is_member = False  # removed
    async with database.transaction() as session:
        await AppSettingRepository(session).set(LEADERS_CHAT_ID, str(leaders.id))
        plan = (await load_plans(session))[Kind.LEADERS]
        await save_plan(session, with_changes(plan, enabled=True), None)
    application = sandbox.application
    for moment in (wib(2, 9, 30), wib(2, 12, 0), datetime(2026, 12, 1, 3, tzinfo=UTC)):
        assert await scheduler.run(application, Kind.LEADERS, now=moment) is (moment.day != 2)
    # The 2nd is no day of its; the 1st of December is, and the admins hear of the chat once.
    told = [m.content for m in emulator.messages(admin.id) if "chat pimpinan" in m.content]
    assert len(told) == 1 and str(leaders.id) in told[0]
    await scheduler.run(application, Kind.LEADERS, now=datetime(2026, 12, 1, 5, tzinfo=UTC))
    await scheduler.run(application, Kind.LEADERS, now=datetime(2027, 1, 1, 3, tzinfo=UTC))
    told = [m.content for m in emulator.messages(admin.id) if "chat pimpinan" in m.content]
    assert len(told) == 1  # not at every round, not every month
    assert reports(emulator, leaders) == []


async def test_a_leaders_chat_that_became_a_supergroup_is_followed(
    sandbox: Sandbox, emulator, database: Database
) -> None:
    await seed_month(database)
    services = sandbox.application.bot_data
    first = emulator.add_group("Pimpinan Kabupaten Sumedang")
    async with database.transaction() as session:
        await AppSettingRepository(session).set(LEADERS_CHAT_ID, str(first.id))
        plan = (await load_plans(session))[Kind.LEADERS]
        await save_plan(session, with_changes(plan, enabled=True), None)
    # Told by Telegram's service message: the setting follows.
    moved = await emulator.migrate_group(first)
    assert await leaders_chat_id(services) == moved.id
    # Not told (the bot was down): the send finds out, and follows.
    second = emulator.add_group("Pimpinan (baru)")
    async with database.transaction() as session:
        await AppSettingRepository(session).set(LEADERS_CHAT_ID, str(second.id))
    silent = emulator.add_group("Pimpinan (super)", supergroup=True)
    second.migrated_to = silent.id
    await scheduler.run(sandbox.application, Kind.LEADERS, now=datetime(2026, 12, 1, 3, tzinfo=UTC))
    assert len(reports(emulator, silent)) == 1 and photos(emulator, silent) == 1
    assert await leaders_chat_id(services) == silent.id


def test_the_month_is_the_regencys_own() -> None:
    """An approval at 06.00 WIB on the 1st (23.00 UTC the day before) is of the new month."""
    jakarta = ZoneInfo("Asia/Jakarta")
    start, end = month_bounds(date(2026, 11, 1), jakarta)
    approved = datetime(2026, 11, 1, 6, 0, tzinfo=jakarta)
    assert start <= approved < end
    assert approved.astimezone(UTC).day == 31
    assert end == datetime(2026, 12, 1, 0, 0, tzinfo=jakarta)
