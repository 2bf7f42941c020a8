from __future__ import annotations

from collections.abc import AsyncIterator, Iterator
from pathlib import Path

import pytest

from storage.database import Database
from tests.databases import BACKENDS, Templates, fresh_database_url


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
    ):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.chdir(tmp_path)
