"""Files added to an approved innovation (a check-in photo, an IID evidence file) are public only
once a coordinator approved them: ✅ / 🚫 under the file in the coordinators' group, or on the
coordinators' page (a form of the session, with its CSRF token)."""

from __future__ import annotations

import re
from datetime import timedelta

import httpx
from sqlalchemy import select

from bot.core.settings import Settings
from bot.telegram.callbacks import PUBLIC_FILE
from sandbox.client import Person, Sandbox
from storage.database import Database
from storage.models import Attachment, Checkin, Event
from tests.support.checkins import approve, asked, skip_measures
from tests.support.iid import use_indicators
from tests.support.web import dashboard_client, login_query

QUESTION = "Apakah inovasi #1 Posyandu Digital masih berjalan?"
CHECKIN_PHOTO = b"\xff\xd8\xff foto pemantauan terbaru"
BUTTONS = [["✅ Tampilkan", "🚫 Sembunyikan"]]
REFUSED = "Mohon maaf, perintah ini tidak tersedia untuk peran Bapak/Ibu."


def shown_photos(page: str) -> set[int]:
    return {int(number) for number in re.findall(r'src="/bukti/(\d+)"', page)}


async def public_state(database: Database, attachment_id: int) -> str:
    async with database.reading() as session:
        attachment = await session.get(Attachment, attachment_id)
        assert attachment is not None
        return attachment.public_state


async def check_in_photo(
    sandbox: Sandbox, person, database: Database
) -> tuple[Person, Person, int]:
    """Innovation #1 approved (with the photo it was sent with), asked about three months
    later; Siti answers with a new photo. Siti, Budi (a coordinator), the new photo's id."""
    siti, budi, _ = await asked(sandbox, person)
    question = next(m for m in siti.bot_messages if QUESTION in m.content)
    await siti.press("✅ Masih berjalan", message=question)
    await siti.press("Lewati")
    await siti.press("Lewati")
    await skip_measures(siti)
    replies = await siti.send_photo(CHECKIN_PHOTO)
    assert replies.texts == ["✅ Terima kasih. Pemantauan inovasi #1 sudah lengkap tercatat."]
    async with database.reading() as session:
        checkin = await session.scalar(select(Checkin))
    assert checkin is not None and checkin.attachment_id is not None
    return siti, budi, checkin.attachment_id


async def test_a_check_in_photo_is_public_only_after_a_coordinators_approval_in_the_group(
    sandbox: Sandbox, person, database: Database, emulator, coordinators_group, settings, clock
) -> None:
    siti, budi, photo_id = await check_in_photo(sandbox, person, database)
    async with dashboard_client(settings, database, clock) as client:
        page = (await client.get("/inovasi/1")).text
        # The photo it was approved with is public; the new one is not, nor at its address.
        [sent_with] = shown_photos(page)
        assert sent_with != photo_id and "2 berkas" in page
        assert (await client.get(f"/bukti/{sent_with}")).status_code == 200
        assert (await client.get(f"/bukti/{photo_id}")).status_code == 404

    # The group gets the photo itself, with ✅ and 🚫.
    notice = emulator.messages(coordinators_group.id)[-1]
    assert notice.photo is not None
    assert notice.caption == (
        "🖼 Berkas baru untuk halaman publik\n#1 Posyandu Digital\n"
        "Dinas Kesehatan · Foto pemantauan ke-1\nTampilkan di halaman publik?"
    )
    assert notice.button_labels == BUTTONS

    # Siti (staff) presses ✅ in the group: refused, nothing changes.
    staff_in_group = sandbox.person(siti.user, coordinators_group)
    assert (await staff_in_group.press("✅ Tampilkan", message=notice)).toasts == [REFUSED]
    # A coordinator's forged press for another innovation's number: nothing changes either.
    in_group = sandbox.person(budi.user, coordinators_group)
    forged = await in_group.forge(PUBLIC_FILE.data("ok", 2, photo_id), message=notice)
    assert forged.toasts == ["Berkas ini sudah tidak ada."]
    assert await public_state(database, photo_id) == "pending"
    async with dashboard_client(settings, database, clock) as client:
        assert (await client.get(f"/bukti/{photo_id}")).status_code == 404

    # Budi presses ✅: public now, the notice says who decided, its buttons gone.
    replies = await in_group.press("✅ Tampilkan", message=notice)
    assert replies.toasts == ["✅ Ditampilkan di halaman publik oleh Budi Santoso."]
    decided = emulator.messages(coordinators_group.id)[-1]
    assert decided.caption == (
        "🖼 #1 Posyandu Digital\n✅ Ditampilkan di halaman publik oleh Budi Santoso."
    )
    assert decided.button_labels == []
    assert await public_state(database, photo_id) == "approved"
    async with dashboard_client(settings, database, clock) as client:
        page = (await client.get("/inovasi/1")).text
        assert shown_photos(page) == {sent_with, photo_id} and "3 berkas" in page
        shown = await client.get(f"/bukti/{photo_id}")
        assert shown.status_code == 200 and shown.content == CHECKIN_PHOTO
    # Pressed again (an old copy of the buttons): already decided.
    again = await in_group.forge(PUBLIC_FILE.data("hide", 1, photo_id), message=notice)
    assert again.toasts == ["Berkas ini sudah diputuskan sebelumnya."]
    assert await public_state(database, photo_id) == "approved"
    async with database.reading() as session:
        kinds = list(await session.scalars(select(Event.kind).where(Event.kind.like("file%"))))
    assert kinds == ["file_approved"]


async def test_an_iid_file_after_approval_waits_and_a_hidden_one_is_never_public(
    sandbox: Sandbox, person, database: Database, emulator, coordinators_group, settings, clock
) -> None:
    from tests.support.people import submitted

    await use_indicators(database)
    siti = await submitted(person)
    budi = await person("coordinator", opd="DISKOMINFOSANDITIK", name="Budi Santoso")
    await approve(budi, 1, "Posyandu Digital")
    # After the approval, Siti adds an IID evidence photo.
    await siti.send("/lihat 1")
    await siti.press("📝 Lengkapi data IID")
    for _ in range(7):  # the record's questions, each skipped
        await siti.press("Lewati")
    await siti.press("⬜ Regulasi inovasi daerah")
    await siti.press("3")
    replies = await siti.send_photo(b"\xff\xd8\xff surat keputusan")
    assert replies.texts[0] == "Tersimpan: Regulasi inovasi daerah."
    async with database.reading() as session:
        file_id = await session.scalar(select(Attachment.id).order_by(Attachment.id.desc()))
    assert file_id is not None
    await sandbox.advance(timedelta(seconds=30))  # the group's gap since the submission notice

    async with dashboard_client(settings, database, clock) as client:
        assert file_id not in shown_photos((await client.get("/inovasi/1")).text)
        assert (await client.get(f"/bukti/{file_id}")).status_code == 404
    notice = emulator.messages(coordinators_group.id)[-1]
    assert notice.photo is not None and notice.button_labels == BUTTONS
    assert notice.caption is not None and "IID: Regulasi inovasi daerah" in notice.caption

    # A staff member's press changes nothing; the coordinator hides it.
    staff_in_group = sandbox.person(siti.user, coordinators_group)
    assert (await staff_in_group.press("🚫 Sembunyikan", message=notice)).toasts == [REFUSED]
    assert await public_state(database, file_id) == "pending"
    in_group = sandbox.person(budi.user, coordinators_group)
    replies = await in_group.press("🚫 Sembunyikan", message=notice)
    assert replies.toasts == ["🚫 Disembunyikan dari halaman publik oleh Budi Santoso."]
    assert await public_state(database, file_id) == "hidden"
    async with dashboard_client(settings, database, clock) as client:
        assert file_id not in shown_photos((await client.get("/inovasi/1")).text)
        assert (await client.get(f"/bukti/{file_id}")).status_code == 404
        # The coordinators still see it, marked.
        now = int(clock.now().timestamp())
        await client.get(f"/masuk?{login_query(settings, budi.id, now)}")
        inside = (await client.get("/koordinator/inovasi/1")).text
        assert f'src="/koordinator/bukti/{file_id}"' in inside
        assert "Disembunyikan dari halaman publik" in inside
        assert (await client.get(f"/koordinator/bukti/{file_id}")).status_code == 200


async def coordinator_form(client: httpx.AsyncClient, settings: Settings, budi: Person,
                           clock, photo_id: int) -> str:  # fmt: skip
    """Budi logged in; the CSRF token of the waiting photo's form on the innovation's page."""
    now = int(clock.now().timestamp())
    assert (await client.get(f"/masuk?{login_query(settings, budi.id, now)}")).status_code == 303
    home = (await client.get("/koordinator")).text
    assert 'href="/koordinator/inovasi/1#files-waiting">#1 Posyandu Digital</a>' in home
    page = (await client.get("/koordinator/inovasi/1")).text
    assert "Menunggu persetujuan untuk halaman publik" in page
    form = re.search(
        rf'<form method="post" action="/koordinator/berkas/{photo_id}">'
        r'<input type="hidden" name="csrf" value="([^"]+)">',
        page,
    )
    assert form is not None
    return form.group(1)


async def test_the_coordinators_page_approves_a_waiting_file_with_its_sessions_token(
    sandbox: Sandbox, person, database: Database, settings, clock
) -> None:
    siti, budi, photo_id = await check_in_photo(sandbox, person, database)
    url = f"/koordinator/berkas/{photo_id}"
    async with dashboard_client(settings, database, clock) as client:
        # Not logged in: refused.
        refused = await client.post(url, data={"innovation": "1", "decision": "ok"})
        assert refused.status_code == 403
        token = await coordinator_form(client, settings, budi, clock, photo_id)
        # Without the token, or with another: refused, nothing changes.
        for data in ({"innovation": "1", "decision": "ok"},
                     {"innovation": "1", "decision": "ok", "csrf": "x" * 43}):  # fmt: skip
            page = await client.post(url, data=data)
            assert page.status_code == 403
            assert "Formulir ini sudah tidak berlaku" in page.text
        # Bad input: a clear answer, never a traceback.
        for data in ({"innovation": "abc", "decision": "ok"},
                     {"innovation": "1", "decision": "<b>"}):  # fmt: skip
            page = await client.post(url, data={**data, "csrf": token})
            assert page.status_code == 400 and "Traceback" not in page.text
        # Another innovation's number: nothing of it to decide.
        wrong = await client.post(url, data={"innovation": "2", "decision": "ok", "csrf": token})
        assert wrong.status_code == 409
        assert await public_state(database, photo_id) == "pending"
        assert (await client.get(f"/bukti/{photo_id}")).status_code == 404

        done = await client.post(url, data={"innovation": "1", "decision": "ok", "csrf": token})
        assert done.status_code == 303 and done.headers["location"] == "/koordinator/inovasi/1"
        assert await public_state(database, photo_id) == "approved"
        page = (await client.get("/koordinator/inovasi/1")).text
        assert "Menunggu persetujuan" not in page
        home = (await client.get("/koordinator")).text
        assert "Tidak ada berkas yang menunggu persetujuan." in home
        again = await client.post(url, data={"innovation": "1", "decision": "hide", "csrf": token})
        assert again.status_code == 409
    async with dashboard_client(settings, database, clock) as client:
        shown = await client.get(f"/bukti/{photo_id}")
        assert shown.status_code == 200 and shown.content == CHECKIN_PHOTO
    # A staff member logged in (were it possible) has no coordinators' pages at all.
    async with dashboard_client(settings, database, clock) as client:
        now = int(clock.now().timestamp())
        await client.get(f"/masuk?{login_query(settings, siti.id, now)}")
        staff = await client.post(url, data={"innovation": "1", "decision": "hide"})
        assert staff.status_code == 403
    assert await public_state(database, photo_id) == "approved"
