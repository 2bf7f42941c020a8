"""/jadwal: schedules shown and changed with buttons and typed times; changes apply at once,
survive a restart (jobs rebuilt with stable names), and only admins may make them."""

from __future__ import annotations

from datetime import time

from bot.delivery.scheduler import iso_to_ptb_days, job_name
from bot.delivery.schedules import Kind, parse_hours, parse_time
from conversations.admin.schedule import DAY, SWITCH
from sandbox.client import Sandbox
from tests.support.people import admin_of
from tests.support.time import restarted, summaries, wib


def schedule_jobs(sandbox: Sandbox) -> dict[str, object]:
    jobs = [job for job in sandbox.application.job_queue.jobs() if job.name.startswith("schedule:")]
    names = [job.name for job in jobs]
    assert len(names) == len(set(names)), names  # never two jobs for one schedule
    return {job.name: job for job in jobs}


def test_times_hours_and_days() -> None:
    assert parse_time("16.00") == time(16, 0) and parse_time(" 09:30 ") == time(9, 30)
    for bad in ("25:00", "9.30", "jam 9", "16", "16.60", "", "１６.００"):
        assert parse_time(bad) is None, bad
    assert parse_hours("07.00-20.00") == (time(7), time(20))
    assert parse_hours("07.00 s/d 20.00") == (time(7), time(20))
    assert parse_hours("20.00-07.00") is None and parse_hours("jam kerja") is None
    # python-telegram-bot counts from Sunday = 0; ISO from Monday = 1.
    assert iso_to_ptb_days(frozenset({1, 2, 3, 4, 5})) == (1, 2, 3, 4, 5)
    assert iso_to_ptb_days(frozenset({6, 7})) == (0, 6)


async def test_an_admin_moves_the_summary_and_it_applies_at_once(
    sandbox: Sandbox, emulator, coordinators_group
) -> None:
    admin = await admin_of(sandbox)
    replies = await admin.send("/jadwal")
    assert "• Rekap harian: 16.00, Sen, Sel, Rab, Kam, Jum — aktif" in replies.text
    assert "• Pengingat mingguan: 09.00, Sen — aktif" in replies.text
    assert "Jam kerja pengingat: 07.00–20.00" in replies.text
    replies = await admin.press("Rekap harian")
    assert replies.last.button_labels[0] == ["⏸ Nonaktifkan", "🕘 Ubah jam"]
    replies = await admin.press("🕘 Ubah jam")
    assert "Ketik jam baru" in replies.text
    for bad in ("25:00", "9.30", "jam 9"):
        replies = await admin.send(bad)
        assert f'"{bad}" bukan jam yang dapat saya pakai' in replies.text
        assert "misalnya 09.30" in replies.text
    assert "sebagai teks" in (await admin.send_sticker()).text
    replies = await admin.send("17.30")
    assert replies.texts[0] == "✅ Jadwal disimpan."
    assert "• Rekap harian: 17.30, Sen, Sel, Rab, Kam, Jum — aktif" in replies.text

    await sandbox.advance(to=wib(2, 17, 29))
    assert summaries(emulator, coordinators_group) == []
    await sandbox.advance(to=wib(2, 17, 30))
    assert len(summaries(emulator, coordinators_group)) == 1


async def test_days_switches_and_a_schedule_with_no_days(
    sandbox: Sandbox, emulator, coordinators_group
) -> None:
    admin = await admin_of(sandbox)
    await admin.send("/jadwal")
    screen = (await admin.press("Rekap harian")).last
    for day in ("Sen", "Sel", "Rab", "Kam"):
        replies = await admin.press(f"✅ {day}")
        assert replies.toasts == ["✅ Jadwal disimpan."]
    # Pressed twice before the screen changed: the second press finds Thursday already off.
    await admin.forge(DAY.data(Kind.SUMMARY, 4, False), message=screen)
    replies = await admin.press("✅ Jum")  # the last day left
    assert replies.toasts == [
        "Jadwal perlu paling sedikit satu hari. Pilih hari lain dulu, atau nonaktifkan jadwal ini."
    ]
    await admin.press("⬜ Sab")
    screen = next(m for m in admin.messages if m.message_id == screen.message_id)
    assert "Hari: Jum, Sab" in screen.content
    trigger = str(schedule_jobs(sandbox)[job_name(Kind.SUMMARY)].job.trigger)
    assert "day_of_week='fri,sat'" in trigger or "day_of_week='4,5'" in trigger, trigger

    await sandbox.advance(to=wib(5, 18))  # Monday to Thursday: none
    assert summaries(emulator, coordinators_group) == []
    await sandbox.advance(to=wib(7, 18))  # Friday and Saturday
    assert len(summaries(emulator, coordinators_group)) == 2

    await admin.press("⏸ Nonaktifkan")
    assert job_name(Kind.SUMMARY) not in schedule_jobs(sandbox)
    await sandbox.advance(to=wib(14, 18))
    assert len(summaries(emulator, coordinators_group)) == 2


async def test_changes_survive_a_restart_with_one_job_per_schedule(
    sandbox: Sandbox, settings, emulator, database, clock
) -> None:
    admin = await admin_of(sandbox)
    await admin.send("/jadwal")
    await admin.press("Pengingat mingguan")
    await admin.press("🕘 Ubah jam")
    assert "hanya dikirim pada jam kerja" in (await admin.send("21.00")).text
    await admin.send("10.15")
    await admin.press("Revisi tertunda")
    await admin.press("⏸ Nonaktifkan")
    await sandbox.stop()
    again = await restarted(settings, emulator, database, clock)
    try:
        jobs = schedule_jobs(again)
        off = (Kind.REVISIONS, Kind.LEADERS)  # the leaders' report is off by default
        assert sorted(jobs) == sorted(job_name(kind) for kind in Kind if kind not in off)
        weekly = jobs[job_name(Kind.WEEKLY)].job
        assert "hour='10', minute='15'" in str(weekly.trigger)
        assert weekly.misfire_grace_time == 6 * 3600 and weekly.coalesce is True
    finally:
        await again.stop()


async def test_working_hours_and_the_deadline_are_typed_and_checked(sandbox: Sandbox) -> None:
    admin = await admin_of(sandbox)
    await admin.send("/jadwal")
    await admin.press("🕖 Jam kerja")
    assert "format jam kerja belum sesuai" in (await admin.send("20.00-07.00")).text
    replies = await admin.send("09.00-17.00")  # the deadline countdown goes at 08.00
    assert "tidak mencakup pengingat yang aktif: Hitung mundur batas waktu (08.00)" in replies.text
    replies = await admin.send("08.00-17.00")
    assert "Jam kerja pengingat: 08.00–17.00" in replies.text
    await admin.press("📅 Batas pengumpulan")
    assert "belum dapat saya pakai" in (await admin.send("besok lusa")).text
    assert "Batas pengumpulan: 31 Desember 2026" in (await admin.send("31/12/2026")).text
    await admin.press("📅 Batas pengumpulan")
    assert "Batas pengumpulan: belum diatur" in (await admin.send("hapus")).text
    await admin.press("🕖 Jam kerja")
    replies = await admin.send("/batal")
    assert replies.texts == ["Perubahan jadwal dibatalkan."]


async def test_in_english_and_not_for_coordinators_or_forged_buttons(
    sandbox: Sandbox, person
) -> None:
    admin = await admin_of(sandbox, language_code="en")
    replies = await admin.send("/schedule")
    assert "• Daily summary: 16.00, Mon, Tue, Wed, Thu, Fri — on" in replies.text
    budi = await person("coordinator", opd="DISKOMINFOSANDITIK", name="Budi Santoso")
    replies = await budi.send("/jadwal")
    assert "Mohon maaf" in replies.text
    forged = await budi.forge(SWITCH.data(Kind.SUMMARY, False), message=admin.last)
    assert forged.toasts and "Mohon maaf" in forged.toasts[0]
    assert job_name(Kind.SUMMARY) in schedule_jobs(sandbox)
    expired = ["This button is no longer valid. Please start again from the menu."]
    for data in ("jdw:d:nosuchkind:1:0", "jdw:d:summary:8:0", "jdw:on:summary:2", "jdw:k:x"):
        assert (await admin.forge(data)).toasts == expired, data
    # "Turn off" pressed twice: off once, and still off (not back on).
    assert (await admin.forge(SWITCH.data(Kind.SUMMARY, False))).toasts == ["✅ Schedule saved."]
    assert (await admin.forge(SWITCH.data(Kind.SUMMARY, False))).toasts == [None]
    assert job_name(Kind.SUMMARY) not in schedule_jobs(sandbox)


async def test_a_summary_moved_to_a_time_already_past_today_goes_now(
    sandbox: Sandbox, emulator, coordinators_group, clock
) -> None:
    admin = await admin_of(sandbox)
    clock.set(wib(2, 15, 0))
    await admin.send("/jadwal")
    await admin.press("Rekap harian")
    await admin.press("🕘 Ubah jam")
    await admin.send("14.00")
    assert await sandbox.run_jobs() == ["now:summary"]
    assert len(summaries(emulator, coordinators_group)) == 1
    await sandbox.advance(to=wib(2, 23, 0))  # and not again today
    assert len(summaries(emulator, coordinators_group)) == 1
