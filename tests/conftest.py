from __future__ import annotations

from collections.abc import AsyncIterator, Iterator
from pathlib import Path

import pytest
from sqlalchemy import select

from bot.app import build_application
from bot.core.clock import FakeClock
from bot.core.settings import Settings, load_settings
from bot.core.texts import Catalog
from bot.innovations.form import FORM, Form
from sandbox.client import Person, Sandbox
from sandbox.emulator import SANDBOX_TOKEN, TelegramEmulator
from storage.database import Database
from storage.models import Member, Opd, Role
from tests.databases import BACKENDS, Templates, fresh_database_url
from tests.support.people import ADMIN_ID


@pytest.fixture(scope="session")
def templates(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Templates]:
    templates = Templates(tmp_path_factory.mktemp("templates"))
    yield templates
    templates.close()


@pytest.fixture(params=BACKENDS)
def backend(request: pytest.FixtureRequest) -> str:
    return request.param


@pytest.fixture
def database_url(backend: str, tmp_path: Path, templates: Templates) -> Iterator[str]:
    """A migrated database of this test's own."""
    with fresh_database_url(backend, tmp_path, templates) as url:
        yield url


@pytest.fixture
def empty_database_url(backend: str, tmp_path: Path, templates: Templates) -> Iterator[str]:
    """An empty database of this test's own, with no tables at all."""
    with fresh_database_url(backend, tmp_path, templates, migrated=False) as url:
        yield url


@pytest.fixture
async def database(database_url: str) -> AsyncIterator[Database]:
    database = Database(database_url)
    yield database
    await database.dispose()


@pytest.fixture(autouse=True)
def _clean_environment(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    """No test reads the developer's .env or environment: each starts from defaults."""
    for name in (
        "BOT_TOKEN",
        "DATABASE_URL",
        "BOT_API_BASE_URL",
        "BOT_API_BASE_FILE_URL",
        "BOT_USERNAME",
        "ADMIN_IDS",
        "COORDINATOR_CHAT_ID",
        "TIMEZONE",
        "DEFAULT_LANGUAGE",
        "WEBHOOK_URL",
        "WEBHOOK_SECRET",
        "LOG_LEVEL",
        "ACCESS_REQUEST_COOLDOWN_HOURS",
        "LOG_FORMAT",
        "EVIDENCE_DIR",
        "METRICS_PORT",
        "METRICS_LISTEN",
        "MAX_CONCURRENT_UPDATES",
        "WEBHOOK_LISTEN",
        "WEBHOOK_PORT",
    ):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.chdir(tmp_path)


@pytest.fixture
def clock() -> FakeClock:
    """Monday 2 November 2026, 09.00 WIB: tests move it, nothing else does."""
    return FakeClock()


@pytest.fixture
def emulator(clock: FakeClock) -> TelegramEmulator:
    return TelegramEmulator(clock=clock.now)


@pytest.fixture
def coordinators_group(emulator: TelegramEmulator):
    return emulator.add_group("Koordinator Smart City Sumedang")


@pytest.fixture
def settings(database_url: str, coordinators_group) -> Settings:
    return load_settings(
        bot_token=SANDBOX_TOKEN,
        database_url=database_url,
        admin_ids=str(ADMIN_ID),
        coordinator_chat_id=coordinators_group.id,
        bot_username="InovasiSandboxBot",
    )


@pytest.fixture
def form() -> Form:
    """The submission form the application is built with (a test may override this fixture
    to add a question: the application's states come from the form)."""
    return FORM


@pytest.fixture
def texts() -> Catalog | None:
    """The application's catalog (None: the bot's own; a test may bring more texts)."""
    return None


@pytest.fixture
async def sandbox(
    settings: Settings,
    database: Database,
    emulator: TelegramEmulator,
    clock: FakeClock,
    form: Form,
    texts: Catalog | None,
) -> AsyncIterator[Sandbox]:
    """The real application from the factory, over the emulator and this test's database."""
    assert form is FORM  # the form is the one declaration (possibly with a question added)
    application = build_application(
        settings, request=Sandbox.request(emulator), database=database, clock=clock, texts=texts
    )
    sandbox = Sandbox(application, emulator, clock=clock)
    await sandbox.start()
    yield sandbox
    await sandbox.stop()
    # The handlers are the one writer of a conversation's state: python-telegram-bot never
    # held a state they had not written.
    assert application.persistence is not None
    assert application.persistence.disagreements == []  # type: ignore[attr-defined]


@pytest.fixture
def person(sandbox: Sandbox, database: Database):
    """``await person("staff", opd="DINKES")``: a registered member (or ``"new"`` for someone
    unknown to the bot), in their private chat with the bot."""

    async def make(
        role: str = "staff",
        *,
        opd: str = "DINKES",
        name: str = "Siti Rahmawati",
        language_code: str | None = "id",
        language: str | None = None,
    ) -> Person:
        first, _, last = name.partition(" ")
        user = sandbox.emulator.add_user(first, last_name=last or None, language_code=language_code)
        if role != "new":
            async with database.transaction() as session:
                opd_row = await session.scalar(select(Opd).where(Opd.code == opd))
                if opd_row is None:
                    opd_row = Opd(code=opd, name=OPD_NAMES.get(opd, opd.title()))
                    session.add(opd_row)
                    await session.flush()
                session.add(
                    Member(
                        telegram_id=user.id,
                        full_name=name,
                        role=Role(role),
                        opd_id=opd_row.id,
                        language=language,
                    )
                )
        return sandbox.person(user)

    return make


OPD_NAMES = {
    "DINKES": "Dinas Kesehatan",
    "DISDIK": "Dinas Pendidikan",
    "DISKOMINFOSANDITIK": "Dinas Komunikasi, Informatika, Persandian dan Statistik",
}
