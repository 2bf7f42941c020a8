from __future__ import annotations

import re
from pathlib import Path

from bot.core.settings import Settings, load_settings

EXAMPLE = Path(__file__).resolve().parent.parent / ".env.example"


def test_every_setting_is_documented_in_env_example() -> None:
    documented = set(re.findall(r"^([A-Z_]+)=", EXAMPLE.read_text("utf-8"), re.MULTILINE))
    assert documented == {name.upper() for name in Settings.model_fields}


def test_env_example_as_is_is_a_valid_configuration(tmp_path: Path) -> None:
    (tmp_path / ".env").write_text(EXAMPLE.read_text("utf-8"), "utf-8")
    settings = load_settings()
    assert settings.bot_token is None
    assert settings.timezone == "Asia/Jakarta"
