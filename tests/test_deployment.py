"""The deployment files, read as the tools would read them, and the README's operator guide
checked against them and against the command line (`docker build` is not run here)."""

from __future__ import annotations

import configparser
import re
import shlex
from pathlib import Path

import pytest
import yaml

from bot.cli import build_parser
from bot.settings import Settings

ROOT = Path(__file__).resolve().parent.parent
README = (ROOT / "README.md").read_text("utf-8")
SETTINGS = {name.upper() for name in Settings.model_fields}


def dockerfile_instructions() -> list[tuple[str, str]]:
    """(INSTRUCTION, arguments), continuation lines joined, comments left out."""
    text = (ROOT / "Dockerfile").read_text("utf-8")
    joined = re.sub(r"\\\n\s*", " ", text)
    instructions = []
    for line in joined.splitlines():
        line = line.strip()
        if line and not line.startswith("#"):
            keyword, _, rest = line.partition(" ")
            instructions.append((keyword.upper(), rest.strip()))
    return instructions


def final_stage(instructions: list[tuple[str, str]]) -> list[tuple[str, str]]:
    starts = [i for i, (keyword, _) in enumerate(instructions) if keyword == "FROM"]
    return instructions[starts[-1] :]


def test_the_dockerfile_is_small_non_root_and_keeps_data_on_a_volume() -> None:
    instructions = dockerfile_instructions()
    stages = [rest for keyword, rest in instructions if keyword == "FROM"]
    assert len(stages) == 2 and all(re.match(r"python:3\.1[1-9]-slim", s) for s in stages)
    final = final_stage(instructions)
    users = [rest for keyword, rest in final if keyword == "USER"]
    assert users and users[-1] not in ("root", "0") and users[-1] == "inovasi"
    assert any(keyword == "VOLUME" and "/data" in rest for keyword, rest in final)
    env = " ".join(rest for keyword, rest in final if keyword == "ENV")
    assert "DATABASE_URL=sqlite+aiosqlite:////data/inovasi.db" in env
    assert "EVIDENCE_DIR=/data/evidence" in env
    assert "METRICS_LISTEN=127.0.0.1" in env
    assert "BOT_TOKEN" not in (ROOT / "Dockerfile").read_text("utf-8")  # no secret in the image
    assert ("ENTRYPOINT", '["inovasi-bot"]') in final and ("CMD", '["run"]') in final
    assert any(keyword == "HEALTHCHECK" and "/healthz" in rest for keyword, rest in final)
    assert any(keyword == "RUN" and "postgresql-client" in rest for keyword, rest in final)
    # The build stage copies what the package needs, and nothing that is not there.
    for keyword, rest in instructions:
        if keyword == "COPY" and not rest.startswith("--from"):
            *sources, _ = rest.split()
            for source in sources:
                assert (ROOT / source).exists(), source
    ignored = (ROOT / ".dockerignore").read_text("utf-8").split()
    assert {".env", ".venv", "data", ".git"} <= set(ignored)


def test_compose_runs_the_bot_with_postgresql_and_publishes_nothing() -> None:
    compose = yaml.safe_load((ROOT / "compose.yaml").read_text("utf-8"))
    services = compose["services"]
    assert set(services) == {"db", "bot"}
    db, bot = services["db"], services["bot"]
    assert db["image"].startswith("postgres:")
    assert "db-data:/var/lib/postgresql/data" in db["volumes"]
    assert "pg_isready" in " ".join(db["healthcheck"]["test"])
    assert bot["build"] == "."
    assert bot["depends_on"]["db"]["condition"] == "service_healthy"
    assert bot["restart"] == "unless-stopped" and db["restart"] == "unless-stopped"
    environment = bot["environment"]
    assert environment["DATABASE_URL"].startswith("postgresql+asyncpg://inovasi:")
    assert "@db:5432/inovasi" in environment["DATABASE_URL"]
    assert set(environment) <= SETTINGS
    assert environment["EVIDENCE_DIR"].startswith("/data/")
    assert environment["METRICS_LISTEN"] == "127.0.0.1"
    assert "bot-data:/data" in bot["volumes"]
    assert set(compose["volumes"]) == {"db-data", "bot-data"}
    for service in services.values():
        for port in service.get("ports", []):
            assert str(port).startswith("127.0.0.1:"), port
    assert bot["env_file"] == ".env" and bot["command"] == ["run"]


def systemd_unit(name: str) -> configparser.RawConfigParser:
    parser = configparser.RawConfigParser(strict=False, delimiters=("=",))
    parser.optionxform = str  # type: ignore[assignment,method-assign]
    parser.read_string((ROOT / "deploy" / name).read_text("utf-8"))
    return parser


def test_the_systemd_unit_restarts_on_failure_as_a_dedicated_user() -> None:
    unit = systemd_unit("inovasi-bot.service")
    service = unit["Service"]
    assert service["Restart"] == "on-failure"
    assert service["EnvironmentFile"] == "/etc/inovasi-bot/env"
    assert service["User"] == "inovasi" and service["Group"] == "inovasi"
    assert service["ExecStart"].endswith("/.venv/bin/inovasi-bot run")
    assert service["ProtectSystem"] == "strict"
    assert service["ReadWritePaths"] == service["WorkingDirectory"] == "/var/lib/inovasi-bot"
    assert "network-online.target" in unit["Unit"]["After"]
    assert unit["Install"]["WantedBy"] == "multi-user.target"
    backup = systemd_unit("inovasi-bot-backup.service")["Service"]
    assert backup["User"] == "inovasi" and "inovasi-bot db backup" in backup["ExecStart"]
    timer = systemd_unit("inovasi-bot-backup.timer")
    assert timer["Timer"]["OnCalendar"] and timer["Install"]["WantedBy"] == "timers.target"


def deploying_section() -> str:
    start = README.index("## Deploying")
    return README[start : README.index("\n## ", start + 1)]


def test_the_readme_walks_an_operator_from_botfather_to_a_running_service() -> None:
    guide = deploying_section()
    for step in (
        "@BotFather", "/newbot", "/setprivacy", "/setjoingroups", "@userinfobot",
        "Python 3.11", "use the container", "docker compose up -d --build", "compose.yaml",
        "Dockerfile", "deploy/inovasi-bot.service", "systemctl enable --now inovasi-bot",
        "journalctl -u inovasi-bot", "Jadikan grup koordinator", "/healthz", "/metrics",
        "LOG_FORMAT=json", "db backup", "db restore", "db copy --to", "### 8. Upgrading",
        "git pull", "db upgrade", "systemctl restart inovasi-bot", "/revoke",
    ):  # fmt: skip
        assert step in guide, step
    upgrade = guide[guide.index("### 8. Upgrading") :]
    order = ["db backup", "git pull", "pip install", "db upgrade", "systemctl restart"]
    assert [upgrade.index(word) for word in order] == sorted(upgrade.index(w) for w in order)


def code_lines() -> list[str]:
    lines, inside = [], False
    for line in README.splitlines():
        if line.startswith("```"):
            inside = not inside
        elif inside:
            lines.append(line)
    return lines


def readme_commands() -> list[list[str]]:
    """Every `inovasi-bot …` command in the README's code blocks, as an operator would type it."""
    commands = []
    pattern = re.compile(r"inovasi-bot ((?:db|opd|invite|export|summary)\b[^'\n]*)")
    for line in code_lines():
        for match in pattern.finditer(line.split("#")[0]):
            command = match.group(1).strip()
            if "…" not in command:
                commands.append(shlex.split(command))
    assert len(commands) >= 10
    return commands


@pytest.mark.parametrize("argv", readme_commands(), ids=" ".join)
def test_every_command_in_the_readme_exists(argv: list[str]) -> None:
    build_parser().parse_args(argv)


def test_every_variable_the_readme_names_is_a_setting() -> None:
    named = set(re.findall(r"`([A-Z][A-Z_]{3,})(?:=[^`]*)?`", README))
    extra = {
        "POSTGRES_PASSWORD",
        "TEST_DATABASE_URL",
        "SCREENSHOTS",
        "FILE",
        "FILTER",
        "HEALTHCHECK",
        "COPY",
        "RUN",
    }
    assert named - SETTINGS - extra == set()
