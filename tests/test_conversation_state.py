"""A conversation's state has one writer, the handler (in its answer's transaction); the
persistence only reads the states at start and checks what python-telegram-bot holds."""

from __future__ import annotations

import ast
from pathlib import Path

from bot.telegram.persistence import DatabasePersistence
from storage.database import Database
from storage.repositories.conversations import ConversationRepository


async def _ready() -> None:
    return None


async def test_the_persistence_never_writes_a_state_and_reports_a_disagreement(
    database: Database,
) -> None:
    persistence = DatabasePersistence(database, _ready)
    async with database.transaction() as session:
        await ConversationRepository(session).save("submission", (1, 2), "title", {"x": 1})
    database.states_written[("submission", (1, 2))] = (1, "title")  # (commit, state)
    await persistence.update_conversation("submission", (1, 2), "title")
    assert persistence.disagreements == []
    # A handler that went on without writing: nothing is written, it is reported.
    await persistence.update_conversation("submission", (1, 2), "pillars")
    await persistence.update_conversation("submission", (3, 4), None)
    assert persistence.disagreements == [
        ("submission", (1, 2), "pillars", None),
        ("submission", (3, 4), None, None),
    ]
    async with database.transaction() as session:
        row = await ConversationRepository(session).get("submission", (1, 2))
        assert row is not None and (row.state, row.data) == ("title", {"x": 1})
    assert await persistence.get_conversations("submission") == {(1, 2): "title"}


def test_no_test_module_imports_another() -> None:
    tests = Path(__file__).parent
    for path in sorted(tests.glob("test_*.py")):
        for node in ast.walk(ast.parse(path.read_text("utf-8"))):
            if isinstance(node, ast.ImportFrom) and node.module:
                assert not node.module.startswith(("tests.test_", "tests.conftest")), (
                    f"{path.name} imports {node.module}: shared helpers go in tests/support"
                )
            if isinstance(node, ast.Import):
                for alias in node.names:
                    assert not alias.name.startswith("tests.test_"), path.name
