"""The deployment files, read as the tools would read them, and the operator's guide
(docs/deploying.md) checked against them and against the command line. `docker build` is not
run here (no daemon): the image's package is installed into a fresh virtual environment from
exactly what the build context and the Dockerfile's COPY lines would give it, and the bot
started from there."""

from __future__ import annotations

import asyncio
import configparser
import json
import os
import re
import shlex
import shutil
import signal
import subprocess
import sys
import venv
from collections.abc import AsyncIterator
from dataclasses import dataclass
from pathlib import Path

import aiohttp
import pytest
import yaml

from bot.cli import build_parser
from bot.core.settings import Settings
from sandbox.emulator import SANDBOX_TOKEN, TelegramEmulator
from sandbox.http import BotApiServer
from tests.support import docker_build, docs
from tests.support.processes import free_port, read_until

ROOT = Path(__file__).resolve().parent.parent
GUIDE = (ROOT / "docs" / "deploying.md").read_text("utf-8")
# The README and every page of docs/: the commands and variables any of them names.
PAGES = "\n".join(docs.read(page) for page in docs.pages())
SETTINGS = {name.upper() for name in Settings.model_fields}


def dockerfile_instructions() -> list[tuple[str, str]]:
    return docker_build.dockerfile_instructions((ROOT / "Dockerfile").read_text("utf-8"))


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
    # What the build context leaves out, read with Docker's rules: secrets, data, local junk.
    ignore = docker_build.read_dockerignore((ROOT / ".dockerignore").read_text("utf-8"))
    matcher = docker_build.PatternMatcher(ignore)
    for path in (
        ".env", ".env.production", ".venv/bin/python", ".git/config", "data/inovasi.db",
        "data/evidence/1/a.jpg", "inovasi.db", "backup-2026.tar.gz", "tests/conftest.py",
        "bot/jobs/__pycache__/outbox.cpython-312.pyc", "inovasi_bot.egg-info/PKG-INFO",
    ):  # fmt: skip
        assert matcher.excludes(path), path
    for path in ("pyproject.toml", "README.md", "bot/cli.py", "web/templates/base.html"):
        assert not matcher.excludes(path), path


# --- what the image holds ----------------------------------------------------------------

# Top-level packages of the repository that are its own tooling, not the bot: never installed.
NOT_THE_BOT = {"tests", "benchmarks"}
# Alembic's script, run by alembic inside a migration (the bot's start runs it), not alone.
NOT_IMPORTABLE_ALONE = {"storage.migrations.env"}

# Run by the image's Python: import every module of the installed packages.
IMPORT_EVERYTHING = """
import importlib, json, pkgutil, sys, traceback
skip, names = set(sys.argv[1].split(",")), sys.argv[2:]
modules, failures = {}, {}
def failed(name):
    failures[name] = traceback.format_exc()
for name in names:
    try:
        package = importlib.import_module(name)
    except Exception:
        failed(name)
        continue
    modules[name] = package.__file__
    for info in pkgutil.walk_packages(package.__path__, name + ".", onerror=failed):
        if info.name in skip:
            continue
        try:
            modules[info.name] = importlib.import_module(info.name).__file__
        except Exception:
            failed(info.name)
print(json.dumps({"modules": modules, "failures": failures}))
"""


@pytest.mark.parametrize(
    ("patterns", "path", "excluded"),
    [  # from moby/patternmatcher's own tests, and this repository's cases
        (["**"], "file", True), (["**/dir"], "dir/file", True), (["dir/**"], "dir/d2/f", True),
        (["**/dir2/*"], "dir/dir2/file", True), (["**file"], "dir/file", True),
        (["**/file*.txt"], "dir/dir/file.txt", True), (["**/*.txt"], "file.txt", True),
        (["a**/*.txt"], "a/dir/file.txt", True), (["a/*.txt"], "a/dir/file.txt", False),
        (["a[b-d]e"], "ace", True), (["a[^b-d]e"], "ace", False), ([".*"], "foo", False),
        (["abc.def"], "abcZdef", False), (["abc?def"], "abcZdef", True),
        (["**/foo/bar"], "foo/bar", True), (["abc/**"], "abc", False),
        (["**/.foo"], "bar.foo", False), (["a(b)c/def"], "a(b)c/def", True),
        (["**", "!util/docker/web"], "util/docker/web/foo", False),
        (["**", "!util/docker/web", "util/docker/web/foo"], "util/docker/web/foo", True),
        (["*.pyc"], "bot/x.pyc", False), (["**/*.pyc"], "bot/jobs/x.pyc", True),
        (["**/__pycache__"], "bot/jobs/__pycache__/x.pyc", True), (["data"], "data/a/b", True),
        (["tests"], "web/tests.py", False), (["docs", "!docs/keep"], "docs/keep/a", False),
    ],
)  # fmt: skip
def test_dockerignore_patterns_match_as_docker_matches_them(
    patterns: list[str], path: str, excluded: bool
) -> None:
    matcher = docker_build.PatternMatcher(docker_build.read_dockerignore("\n".join(patterns)))
    assert matcher.excludes(path) is excluded


@dataclass
class Image:
    """The image's /opt/inovasi, made here: a fresh virtual environment with the package
    installed from what the Dockerfile's build stage copies, and nothing of this checkout."""

    venv: Path
    python: Path
    site_packages: Path
    packages: list[str]  # the repository's top-level packages the bot is made of
    package_files: list[str]  # their tracked files: each must be in the image


def _run(argv: list[str], cwd: Path, env: dict[str, str], hint: str = "") -> str:
    result = subprocess.run(argv, cwd=cwd, env=env, capture_output=True, text=True, check=False)
    assert result.returncode == 0, f"{' '.join(argv)}:\n{result.stdout}\n{result.stderr}{hint}"
    return result.stdout


@pytest.fixture(scope="module")
def image(tmp_path_factory: pytest.TempPathFactory) -> Image:
    work = tmp_path_factory.mktemp("image")
    tracked = docker_build.tracked_files(ROOT)
    packages = sorted(
        name.split("/")[0]
        for name in tracked
        if name.count("/") == 1 and name.endswith("/__init__.py")
        and name.split("/")[0] not in NOT_THE_BOT
    )  # fmt: skip
    assert {"bot", "web", "storage"} <= set(packages)
    build = docker_build.copied_stage(dockerfile_instructions())
    sources = docker_build.play_build_stage(
        ROOT, docker_build.build_context(ROOT), build, work / "image"
    )
    assert len(sources) == 1, f"the build stage should pip install one folder, not {sources}"

    # pip from this environment, offline, with nothing of the developer's configuration; the
    # wheel built by this environment's setuptools (the dev extra has the build requirements).
    env = {k: v for k, v in os.environ.items() if not k.startswith(("PIP_", "PYTHON"))}
    env |= {"PIP_CONFIG_FILE": os.devnull, "PIP_NO_CACHE_DIR": "1", "PIP_NO_INPUT": "1"}
    env |= {"PIP_DISABLE_PIP_VERSION_CHECK": "1"}
    pip = [sys.executable, "-m", "pip"]
    _run(
        [*pip, "wheel", "--no-deps", "--no-index", "--no-build-isolation",
         "--check-build-dependencies", "--wheel-dir", str(work / "dist"), str(sources[0])],
        work, env, hint="(the build requirements come with the dev extra: pip install -e '.[dev]')",
    )  # fmt: skip
    environment = work / "venv"
    venv.EnvBuilder(with_pip=False, symlinks=os.name != "nt").create(environment)
    python = environment / ("Scripts" if os.name == "nt" else "bin") / "python"
    wheels = [str(wheel) for wheel in (work / "dist").glob("*.whl")]
    _run([*pip, "--python", str(python), "install", "--no-deps", "--no-index", *wheels], work, env)
    site_packages = Path(
        _run([str(python), "-I", "-c", "import sysconfig; print(sysconfig.get_path('purelib'))"],
             work, env).strip()
    )  # fmt: skip
    # The third-party dependencies from this environment (pip would download the same from
    # PyPI): every folder on this interpreter's path but those holding this checkout's packages.
    borrowed = [
        entry for entry in sys.path
        if entry and Path(entry).is_dir()
        and not any((Path(entry) / name).exists() for name in [*packages, *NOT_THE_BOT])
    ]  # fmt: skip
    (site_packages / "zz_dependencies.pth").write_text("\n".join(borrowed) + "\n", "utf-8")
    package_files = [name for name in tracked if name.split("/")[0] in packages]
    return Image(environment, python, site_packages, packages, package_files)


def test_the_image_holds_every_file_and_module_of_the_bot(image: Image, tmp_path: Path) -> None:
    missing = [name for name in image.package_files if not (image.site_packages / name).is_file()]
    assert missing == [], "not in the image: add them to pyproject.toml or the Dockerfile"
    output = _run(
        [str(image.python), "-I", "-c", IMPORT_EVERYTHING, ",".join(NOT_IMPORTABLE_ALONE),
         *image.packages],
        tmp_path, {"PATH": os.environ.get("PATH", ""), "HOME": str(tmp_path)},
    )  # fmt: skip
    result = json.loads(output)
    assert result["failures"] == {}
    modules = result["modules"]
    # Each from the image, none from this checkout, and every module of the repository there.
    assert all(Path(file).is_relative_to(image.site_packages) for file in modules.values())
    expected = {
        name.removesuffix(".py").removesuffix("/__init__").replace("/", ".")
        for name in image.package_files
        if name.endswith(".py") and (ROOT / name).parent.joinpath("__init__.py").exists()
    } - NOT_IMPORTABLE_ALONE
    assert expected - set(modules) == set()


def container_environment(image: Image, data: Path) -> dict[str, str]:
    """The final stage's ENV, with the image's /opt/inovasi and /data made local folders."""
    final = docker_build.stages(dockerfile_instructions())[-1][1]
    env = {"PATH": os.environ.get("PATH", ""), "HOME": str(data)}
    for keyword, rest in final:
        if keyword == "ENV":
            for pair in shlex.split(rest):
                name, _, value = pair.partition("=")
                value = value.replace("/data", str(data)).replace("/opt/inovasi", str(image.venv))
                env[name] = value.replace("$PATH", env["PATH"])
    return env


@pytest.fixture
async def bot_api() -> AsyncIterator[tuple[BotApiServer, TelegramEmulator]]:
    emulator = TelegramEmulator()  # real clock: another process shares it
    server = BotApiServer(emulator)
    await server.start()
    yield server, emulator
    await server.stop()


async def test_the_container_starts_answers_a_person_and_is_healthy(
    image: Image, bot_api: tuple[BotApiServer, TelegramEmulator], tmp_path: Path
) -> None:
    """`docker compose up` as the container would run it: its ENTRYPOINT and CMD, its ENV and
    WORKDIR, the operator's .env; then `docker stop`."""
    server, emulator = bot_api
    data = tmp_path / "data"
    (data / "evidence").mkdir(parents=True)
    dashboard = free_port()
    env = container_environment(image, data) | {
        "BOT_TOKEN": SANDBOX_TOKEN,  # from the operator's .env
        "BOT_API_BASE_URL": server.base_url,
        "METRICS_PORT": str(free_port()),
        "DASHBOARD_PORT": str(dashboard),
    }
    final = docker_build.stages(dockerfile_instructions())[-1][1]
    entrypoint = json.loads(next(rest for keyword, rest in final if keyword == "ENTRYPOINT"))
    command = json.loads(next(rest for keyword, rest in final if keyword == "CMD"))
    executable = shutil.which(entrypoint[0], path=env["PATH"])
    assert executable is not None and Path(executable).is_relative_to(image.venv)
    process = await asyncio.create_subprocess_exec(
        executable, *entrypoint[1:], *command, cwd=data, env=env,
        stdout=asyncio.subprocess.PIPE, stderr=asyncio.subprocess.PIPE,
    )  # fmt: skip
    log: list[str] = []
    try:
        async with asyncio.timeout(60):
            await read_until(process, "health and metrics on", log)
            siti = emulator.add_user("Siti", language_code="id")
            await emulator.send_text(siti, "/start")
            actions = await emulator.wait_for_actions(1)
            async with aiohttp.ClientSession() as session:
                async with session.get(f"http://127.0.0.1:{dashboard}/") as page:
                    assert page.status == 200
                    assert "Dasbor Inovasi Smart City" in await page.text()
                async with session.get(f"http://127.0.0.1:{dashboard}/static/style.css") as css:
                    assert css.status == 200
            healthcheck = next(rest for keyword, rest in final if keyword == "HEALTHCHECK")
            probe = await asyncio.create_subprocess_exec(
                *json.loads(healthcheck[healthcheck.index("CMD") + 3 :]), cwd=data, env=env
            )
            assert await probe.wait() == 0
    finally:
        if process.returncode is None:
            process.send_signal(signal.SIGTERM)  # `docker stop`
        async with asyncio.timeout(30):
            _, stderr = await process.communicate()
    output = "".join(log) + stderr.decode()
    assert actions[0].message is not None and actions[0].message.chat_id == siti.id
    assert "Selamat datang di Inovasi Bot" in actions[0].message.content
    assert process.returncode == 0, output
    assert "Traceback" not in output


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


def test_the_guide_walks_an_operator_from_botfather_to_a_running_service() -> None:
    guide = GUIDE
    for step in (
        "@BotFather", "/newbot", "/setprivacy", "/setjoingroups", "@userinfobot",
        "Python 3.11", "use the container", "docker compose up -d --build", "compose.yaml",
        "Dockerfile", "deploy/inovasi-bot.service", "systemctl enable --now inovasi-bot",
        "journalctl -u inovasi-bot", "Jadikan grup koordinator", "/healthz", "/metrics",
        "LOG_FORMAT=json", "db backup", "db restore", "db copy --to", "## 8. Upgrading",
        "git pull", "db upgrade", "systemctl restart inovasi-bot", "/revoke",
    ):  # fmt: skip
        assert step in guide, step
    upgrade = guide[guide.index("## 8. Upgrading") :]
    order = ["db backup", "git pull", "pip install", "db upgrade", "systemctl restart"]
    assert [upgrade.index(word) for word in order] == sorted(upgrade.index(w) for w in order)


def readme_commands() -> list[list[str]]:
    """Every `inovasi-bot …` command in the code blocks of the README and docs/, as an operator
    would type it."""
    commands = []
    pattern = re.compile(r"inovasi-bot ((?:db|opd|invite|export|summary)\b[^'\n]*)")
    for line in docs.code_lines(PAGES):
        for match in pattern.finditer(line.split("#")[0]):
            command = match.group(1).strip()
            if "…" not in command:
                commands.append(shlex.split(command))
    assert len(commands) >= 10
    return commands


@pytest.mark.parametrize("argv", readme_commands(), ids=" ".join)
def test_every_command_in_the_docs_exists(argv: list[str]) -> None:
    build_parser().parse_args(argv)


def test_every_variable_the_docs_name_is_a_setting() -> None:
    named = set(re.findall(r"`([A-Z][A-Z_]{3,})(?:=[^`]*)?`", PAGES))
    assert {"BOT_TOKEN", "DATABASE_URL", "WEBHOOK_SECRET", "EVIDENCE_DIR"} <= named
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
