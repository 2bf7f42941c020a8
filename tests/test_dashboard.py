"""The web dashboard over HTTP: what the public may see, the login, the coordinators' pages,
bad input and a database that is away."""

from __future__ import annotations

import re
from datetime import timedelta

import httpx
import pytest
from sqlalchemy import func, select

from bot.core.settings import Settings
from bot.core.texts import Catalog
from bot.telegram.login import sign_login
from storage.database import Database
from storage.models import Innovation, Member, Status
from tests.support.catalogue import seed_catalogue
from tests.support.sql import counting
from tests.support.web import SECURITY_HEADERS, dashboard_client, login_query, number
from web import queries
from web.app import build_dashboard


async def test_public_pages_show_approved_innovations_only(
    settings: Settings, database: Database, clock
) -> None:
    seeded = await seed_catalogue(database)
    async with dashboard_client(settings, database, clock) as client:
        home = (await client.get("/")).text
        assert number(home, "total") == 5
        assert number(home, "quick-wins") == 3
        assert number(home, "opds-innovating") == 2
        assert "Rahasia" not in home
        # Not yet: the OPDs expected to submit only (Diskominfo collects and reviews).
        without = re.search(r'<ul class="without" id="without">(.*?)</ul>', home, re.S)
        assert without is not None
        assert re.findall(r"<li>(.*?)</li>", without.group(1)) == [
            "Badan Perencanaan Pembangunan Daerah"
        ]
        listing = (await client.get("/inovasi")).text
        assert "5 inovasi ditemukan" in listing and "Rahasia" not in listing
        # HTML in a title is shown as text, never as markup.
        assert "Ambulans Desa &lt;Siaga&gt; &amp; Cepat" in listing
        for status, innovation_id in seeded.others.items():
            page = await client.get(f"/inovasi/{innovation_id}")
            assert page.status_code == 404, status
            assert "Rahasia" not in page.text
        detail = await client.get(f"/inovasi/{seeded.approved[0]}")
        assert detail.status_code == 200 and "Posyandu Digital Sumedang" in detail.text
        assert (await client.get("/inovasi?lang=en")).text.count("innovations found") == 1


async def test_filters_search_and_bad_input(settings: Settings, database: Database, clock) -> None:
    await seed_catalogue(database)
    async with dashboard_client(settings, database, clock) as client:
        assert "3 inovasi ditemukan" in (await client.get("/inovasi?opd=dinkes")).text
        assert "1 inovasi ditemukan" in (await client.get("/inovasi?q=POSYANDU")).text
        gizi = await client.get("/inovasi?jenis=digital&opd=DINKES&q=gizi")
        assert "1 inovasi ditemukan" in gizi.text
        assert "1 inovasi ditemukan" in (await client.get("/inovasi?tahap=uji_coba")).text
        for query in ("q=%25", "q=%22%3E%3Cscript%3Ealert(1)%3C%2Fscript%3E", "q=" + "x" * 5000,
                      "halaman=-5", "halaman=99999999999", "pilar=abc", "status=draft",
                      "tahap=%3Cb%3E"):  # fmt: skip
            page = await client.get(f"/inovasi?{query}")
            assert page.status_code == 200, query
            assert "<script>alert(1)" not in page.text
            assert "Rahasia" not in page.text  # a status filter is not the public's
        assert (await client.get("/inovasi/99999999999")).status_code == 404
        assert (await client.get("/inovasi/-1")).status_code == 404
        assert "Traceback" not in (await client.get("/inovasi/abc")).text


async def test_a_coordinator_logs_in_and_sees_everything(
    settings: Settings, database: Database, clock
) -> None:
    seeded = await seed_catalogue(database)
    now = int(clock.now().timestamp())
    async with dashboard_client(settings, database, clock) as client:
        assert (await client.get("/koordinator")).status_code == 403
        query = login_query(settings, seeded.coordinator_telegram_id, now)
        arrived = await client.get(f"/masuk?{query}")
        assert arrived.status_code == 303 and arrived.headers["location"] == "/koordinator"
        cookie = arrived.headers["set-cookie"].lower()
        assert "httponly" in cookie and "samesite=lax" in cookie
        home = (await client.get("/koordinator")).text
        assert "Masuk sebagai Budi Santoso" in home
        assert number(home, "total") == 9  # every sent innovation
        assert number(home, "queue") == 2  # submitted and in review, oldest first
        assert "Rahasia draft" not in home
        listing = (await client.get("/koordinator/inovasi?status=draft")).text
        assert "1 inovasi ditemukan" in listing and "Rahasia draft" in listing
        detail = await client.get(f"/koordinator/inovasi/{seeded.others['rejected']}")
        assert detail.status_code == 200 and "Rahasia rejected" in detail.text
        xlsx = await client.get("/koordinator/ekspor.xlsx")
        assert xlsx.status_code == 200 and xlsx.content[:2] == b"PK"
        csv = await client.get("/koordinator/ekspor.csv")
        assert csv.status_code == 200 and "Posyandu Digital Sumedang" in csv.content.decode(
            "utf-8-sig"
        )
        # The same link again is a replay: refused.
        assert (await client.get(f"/masuk?{query}")).status_code == 403
        # Demoted: the next request is refused, with no need to log out.
        async with database.transaction() as session:
            member = await session.scalar(
                select(Member).where(Member.telegram_id == seeded.coordinator_telegram_id)
            )
            assert member is not None
            member.role = "staff"
        page = await client.get("/koordinator")
        assert page.status_code == 403 and "Silakan masuk" in page.text
        assert (await client.get("/koordinator/ekspor.csv")).status_code == 403


async def test_forged_expired_and_tampered_logins_are_refused(
    settings: Settings, database: Database, clock
) -> None:
    seeded = await seed_catalogue(database)
    now = int(clock.now().timestamp())
    async with dashboard_client(settings, database, clock) as client:
        good = login_query(settings, seeded.coordinator_telegram_id, now)
        forged = re.sub(r"hash=[0-9a-f]{4}", "hash=0000", good)
        assert (await client.get(f"/masuk?{forged}")).status_code == 403
        other = good.replace(f"id={seeded.coordinator_telegram_id}", "id=6100000002")
        assert (await client.get(f"/masuk?{other}")).status_code == 403  # the hash covers the id
        old = login_query(settings, seeded.coordinator_telegram_id, now - 2 * 86400)
        page = await client.get(f"/masuk?{old}")
        assert page.status_code == 403 and "kedaluwarsa" in page.text
        staff = login_query(settings, seeded.staff_telegram_id, now)
        assert (await client.get(f"/masuk?{staff}")).status_code == 403  # not a coordinator
        assert (await client.get("/masuk")).status_code == 403
        client.cookies.set("inovasi_session", "eyJ0ZWxlZ3JhbV9pZCI6IDYxMDAwMDAwMDF9.forged")
        assert (await client.get("/koordinator")).status_code == 403


async def test_each_page_is_a_fixed_number_of_statements(
    settings: Settings, database: Database, clock
) -> None:
    seeded = await seed_catalogue(database)
    async with dashboard_client(settings, database, clock) as client:
        counts = {}
        for path in ("/", "/inovasi", f"/inovasi/{seeded.approved[0]}"):
            with counting(database) as counted:
                assert (await client.get(path)).status_code == 200
            counts[path] = len(counted.statements)
        await seed_catalogue_more(database)
        for path, before in counts.items():
            with counting(database) as counted:
                await client.get(path)
            assert len(counted.statements) == before, path


async def seed_catalogue_more(database: Database) -> None:
    """Twenty more approved innovations in the OPDs there are."""
    async with database.transaction() as session:
        first = await session.scalar(select(Innovation).where(Innovation.status == Status.APPROVED))
        assert first is not None
        for number in range(20):
            session.add(Innovation(opd_id=first.opd_id, title=f"Tambahan {number}",
                                   status=Status.APPROVED, quick_win=True, pillars=[],
                                   attachments=[]))  # fmt: skip
        total = await session.scalar(select(func.count()).select_from(Innovation))
        assert total


async def test_public_pages_switched_off(settings: Settings, database: Database, clock) -> None:
    await seed_catalogue(database)
    async with dashboard_client(settings, database, clock, public=False) as client:
        assert (await client.get("/")).status_code == 303
        assert (await client.get("/inovasi")).status_code == 404


async def test_the_database_away_is_a_clear_503(settings: Settings, clock) -> None:
    away = Database("postgresql+asyncpg://postgres@127.0.0.1:1/none")
    async with dashboard_client(settings, away, clock) as client:
        page = await client.get("/")
        assert page.status_code == 503
        assert "tidak dapat membaca data" in page.text and "Traceback" not in page.text
    await away.dispose()


async def test_the_login_window_is_a_day(settings: Settings, database: Database, clock) -> None:
    seeded = await seed_catalogue(database)
    signed_at = int(clock.now().timestamp())
    clock.advance(timedelta(hours=23))
    async with dashboard_client(settings, database, clock) as client:
        query = login_query(settings, seeded.coordinator_telegram_id, signed_at)
        assert (await client.get(f"/masuk?{query}")).status_code == 303


@pytest.mark.parametrize("stop", ["SIGINT", "SIGTERM"])
async def test_inovasi_bot_dashboard_serves_it_alone(tmp_path, stop: str) -> None:
    """Started as a script's `&` starts it (SIGINT inherited as ignored), it serves, and Ctrl+C
    or a service manager's SIGTERM stops it cleanly."""
    import asyncio
    import os
    import signal
    import sys
    from pathlib import Path

    import httpx

    from tests.support.processes import free_port

    port = free_port()
    executable = Path(sys.executable).parent / "inovasi-bot"
    env = {**os.environ, "DATABASE_URL": f"sqlite:///{tmp_path}/alone.db"}
    env.pop("BOT_TOKEN", None)
    process = await asyncio.create_subprocess_exec(
        "sh", "-c", 'trap "" INT; exec "$0" dashboard --port "$1"', str(executable), str(port),
        cwd=tmp_path, env=env, stdout=asyncio.subprocess.PIPE, stderr=asyncio.subprocess.PIPE,
    )  # fmt: skip
    try:
        assert process.stdout is not None
        async with asyncio.timeout(60):
            line = (await process.stdout.readline()).decode()
        assert line.startswith(f"Dashboard on http://127.0.0.1:{port}/")
        async with httpx.AsyncClient() as client:
            page = await client.get(f"http://127.0.0.1:{port}/")
        assert page.status_code == 200 and "Inovasi Smart City" in page.text
    finally:
        process.send_signal(getattr(signal, stop))
        async with asyncio.timeout(30):
            _, errors = await process.communicate()
    assert process.returncode == 0, errors.decode()


async def test_without_a_token_no_login_is_taken(
    settings: Settings, database: Database, clock
) -> None:
    from bot.telegram.login import sign_login

    seeded = await seed_catalogue(database)
    tokenless = settings.model_copy(update={"bot_token": None})
    forged = sign_login(
        {"id": str(seeded.coordinator_telegram_id), "auth_date": str(int(clock.now().timestamp()))},
        "",
    )
    async with dashboard_client(tokenless, database, clock) as client:
        page = await client.get("/masuk", params=forged)
        assert page.status_code == 403
        assert (await client.get("/koordinator")).status_code == 403


async def test_the_overview_follows_changes(
    settings: Settings, database: Database, database_url: str, clock
) -> None:
    await seed_catalogue(database)
    async with dashboard_client(settings, database, clock) as client:
        assert number((await client.get("/")).text, "total") == 5
        await seed_catalogue_more(database)  # written by this process: shown at once
        assert number((await client.get("/")).text, "total") == 25
        other = Database(database_url)  # another instance writes
        try:
            await seed_catalogue_more(other)
        finally:
            await other.dispose()
        assert number((await client.get("/")).text, "total") == 25  # figures a minute old at most
        clock.advance(timedelta(minutes=1))
        assert number((await client.get("/")).text, "total") == 45


def csrf_of(html: str) -> str:
    """The CSRF token a page's form carries, as a browser would send it."""
    match = re.search(r'name="csrf" value="([^"]+)"', html)
    assert match, "no form with a CSRF token"
    return match.group(1)


async def test_logging_out_ends_the_session_and_odd_requests_stay_polite(
    settings: Settings, database: Database, clock
) -> None:
    seeded = await seed_catalogue(database)
    now = int(clock.now().timestamp())
    async with dashboard_client(settings, database, clock) as client:
        await client.get(f"/masuk?{login_query(settings, seeded.coordinator_telegram_id, now)}")
        copied = client.cookies.get("inovasi_session")
        home = await client.get("/koordinator")
        assert home.status_code == 200
        assert (await client.get("/koordinator/ekspor.html")).status_code == 404
        # A GET (an old link, another site's <img src=/keluar>) logs nobody out: it shows
        # the button.
        asked = await client.get("/keluar")
        assert asked.status_code == 200 and "Tekan tombol Keluar" in asked.text
        assert csrf_of(asked.text) == csrf_of(home.text)
        assert (await client.get("/koordinator")).status_code == 200
        # A POST without this session's token (another site's form) ends nothing either.
        for form in ({}, {"csrf": ""}, {"csrf": "x" * 43}, {"csrf": csrf_of(home.text) + "x"}):
            refused = await client.post("/keluar", data=form)
            assert refused.status_code == 403 and "muat ulang halaman" in refused.text, form
            assert (await client.get("/koordinator")).status_code == 200
        posted = await client.post("/keluar", content=b"csrf=%ff", headers={
            "Content-Type": "application/x-www-form-urlencoded"})  # fmt: skip
        assert posted.status_code == 403
        left = await client.post("/keluar", data={"csrf": csrf_of(home.text)})
        assert left.status_code == 303 and left.headers["location"] == "/"
        assert (await client.get("/koordinator")).status_code == 403
        assert (await client.get("/keluar")).status_code == 303  # nothing left to end
        client.cookies.set("inovasi_session", copied)  # a copy kept from before
        assert (await client.get("/koordinator")).status_code == 403
        for odd in ("hash=é" + "0" * 63, "hash=" + "0" * 64 + "%0A", "id=1%0Aauth_date=1"):
            page = await client.get(f"/masuk?id=1&auth_date={now}&{odd}")
            assert page.status_code == 403 and "Traceback" not in page.text


async def test_evidence_photos_of_approved_innovations_come_from_the_store(
    settings: Settings, database: Database, clock, tmp_path
) -> None:
    from bot.innovations.evidence import EvidenceStore
    from storage.models import Attachment

    seeded = await seed_catalogue(database)
    folder = tmp_path / "evidence"
    settings = settings.model_copy(update={"evidence_dir": str(folder)})
    store = EvidenceStore(folder)
    store.prepare()
    photo = b"\xff\xd8\xff\xe0 foto posyandu"
    sha = store.put(photo)
    async with database.transaction() as session:
        for innovation_id in (seeded.approved[0], seeded.others["submitted"]):
            session.add(Attachment(
                innovation_id=innovation_id, kind="photo", file_id=f"f{innovation_id}",
                file_unique_id=f"u{innovation_id}", mime_type="image/jpeg", sha256=sha,
                store_state="stored", caption="Kegiatan <b>posyandu</b>",
                public_state="approved",  # as its innovation's approval leaves it
            ))  # fmt: skip
        await session.flush()
        ids = {a.innovation_id: a.id for a in (await session.scalars(select(Attachment))).all()}
    async with dashboard_client(settings, database, clock) as client:
        page = (await client.get(f"/inovasi/{seeded.approved[0]}")).text
        assert f'src="/bukti/{ids[seeded.approved[0]]}"' in page
        assert "Kegiatan &lt;b&gt;posyandu&lt;/b&gt;" in page
        shown = await client.get(f"/bukti/{ids[seeded.approved[0]]}")
        assert shown.status_code == 200 and shown.content == photo
        assert shown.headers["content-type"] == "image/jpeg"
        # Not approved: not on a public URL, whatever the number.
        assert (await client.get(f"/bukti/{ids[seeded.others['submitted']]}")).status_code == 404
        assert (await client.get("/bukti/999999")).status_code == 404
        assert (
            await client.get(f"/koordinator/bukti/{ids[seeded.others['submitted']]}")
        ).status_code == 404
        now = int(clock.now().timestamp())
        await client.get(f"/masuk?{login_query(settings, seeded.coordinator_telegram_id, now)}")
        inside = await client.get(f"/koordinator/bukti/{ids[seeded.others['submitted']]}")
        assert inside.status_code == 200 and inside.content == photo


async def test_numbers_no_int_takes_are_a_404_or_the_default(
    settings: Settings, database: Database, clock, tmp_path
) -> None:
    """Digits str.isdigit takes and int() refuses or reads oddly (², Arabic-Indic ٣, 5,000 of
    them): never a 500, logged in or not."""
    seeded = await seed_catalogue(database)
    now = int(clock.now().timestamp())
    settings = settings.model_copy(update={"evidence_dir": str(tmp_path / "evidence")})
    huge = "9" * 5000
    async with dashboard_client(settings, database, clock) as client:
        for query in ("pilar=%C2%B2", "halaman=%C2%B2", "pilar=%D9%A3", "halaman=%D9%A3",
                      f"pilar={huge}", f"halaman={huge}", "halaman=1_0", "pilar=+1"):  # fmt: skip
            page = await client.get(f"/inovasi?{query}")
            assert page.status_code == 200, query
            assert "5 inovasi ditemukan" in page.text, query  # the filter left at its default
        for path in (f"/inovasi/{huge}", f"/bukti/{huge}", "/inovasi/%C2%B2", "/bukti/%D9%A3",
                     f"/koordinator/bukti/{huge}", f"/inovasi/bukti/{huge}"):  # fmt: skip
            page = await client.get(path)
            assert page.status_code == 404, path
            assert "Halaman tidak ditemukan" in page.text, path
        # A login signed with the token (only the bot can) but an id no int() takes: refused.
        for odd in ({"id": "²"}, {"auth_date": "²"}, {"id": huge}, {"auth_date": huge}):
            fields = {"id": str(seeded.coordinator_telegram_id), "auth_date": str(now), **odd}
            assert settings.bot_token is not None
            signed = sign_login(fields, settings.bot_token.get_secret_value())
            assert (await client.get("/masuk", params=signed)).status_code == 403, odd
        await client.get(f"/masuk?{login_query(settings, seeded.coordinator_telegram_id, now)}")
        inside = (f"/koordinator/inovasi/{huge}", f"/koordinator/bukti/{huge}",
                  "/koordinator/inovasi/%C2%B2", f"/koordinator/inovasi?pilar={huge}")  # fmt: skip
        for path in inside:
            page = await client.get(path)
            assert page.status_code == (200 if "?" in path else 404), path
            assert "Traceback" not in page.text and "kendala" not in page.text


async def test_every_response_carries_the_security_headers(
    settings: Settings, database: Database, clock, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Pages, the style sheet, redirects, downloads, a 404, a 403, a 500 and a 503: none may be
    framed by another site, sniffed into another type, or load anything from another host."""
    seeded = await seed_catalogue(database)
    now = int(clock.now().timestamp())
    seen = []
    async with dashboard_client(settings, database, clock) as client:
        for path in ("/", "/inovasi", f"/inovasi/{seeded.approved[0]}", "/static/style.css",
                     "/inovasi/0", "/koordinator", "/static/../app.py",
                     f"/masuk?{login_query(settings, seeded.coordinator_telegram_id, now)}",
                     "/koordinator/ekspor.csv", "/keluar"):  # fmt: skip
            seen.append(await client.get(path))
        seen.append(await client.post("/keluar", data={"csrf": "forged"}))
        seen.append(await client.post("/koordinator", data={"a": "1"}))  # 405

        async def broken(*args: object) -> None:
            raise RuntimeError("a fault of ours")

        monkeypatch.setattr(queries, "listing", broken)
        transport = httpx.ASGITransport(
            app=build_dashboard(settings, database, Catalog(), clock), raise_app_exceptions=False
        )
        async with httpx.AsyncClient(transport=transport, base_url="http://dasbor.test") as other:
            seen.append(await other.get("/inovasi"))
    away = Database("postgresql+asyncpg://postgres@127.0.0.1:1/none")
    async with dashboard_client(settings, away, clock) as client:
        seen.append(await client.get("/"))
    await away.dispose()
    statuses = [response.status_code for response in seen]
    assert statuses == [200, 200, 200, 200, 404, 403, 404, 303, 200, 200, 403, 405, 500, 503]
    assert "kendala" in seen[-2].text and "Traceback" not in seen[-2].text
    for response in seen:
        shown = {name: response.headers.get(name) for name in SECURITY_HEADERS}
        assert shown == SECURITY_HEADERS, (response.request.url, response.status_code)
