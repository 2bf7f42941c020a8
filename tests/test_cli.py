"""The `inovasi-bot` command line, in process (fast) and, where it matters, as a real process."""

from __future__ import annotations

import asyncio
import os
import subprocess
from pathlib import Path

import pytest
from sqlalchemy import select

from bot.cli import main
from storage.database import Database
from storage.migrate import all_revisions
from storage.models import Invite, Opd
from tests.support.processes import EXECUTABLE, run_read_only

SAMPLE = Path(__file__).resolve().parent.parent / "data" / "opd_sample.csv"
APPLIED_ALL = f"Applied migrations: {', '.join(all_revisions())}.\n"


def cli(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    try:
        code = main(list(argv))
    except SystemExit as exc:  # argparse's own --help and usage errors
        code = int(exc.code or 0)
    out, err = capsys.readouterr()
    return code, out, err


@pytest.fixture
def use_database(monkeypatch: pytest.MonkeyPatch, database_url: str) -> str:
    monkeypatch.setenv("DATABASE_URL", database_url)
    return database_url


@pytest.fixture
def use_empty_database(monkeypatch: pytest.MonkeyPatch, empty_database_url: str) -> str:
    monkeypatch.setenv("DATABASE_URL", empty_database_url)
    return empty_database_url


async def stored_opds(url: str) -> dict[str, str]:
    database = Database(url)
    try:
        async with database.transaction() as session:
            return {opd.code: opd.name for opd in await session.scalars(select(Opd))}
    finally:
        await database.dispose()


async def first_invite_and_opd(url: str, code: str) -> tuple[Invite | None, Opd | None]:
    database = Database(url)
    try:
        async with database.transaction() as session:
            invite = await session.scalar(select(Invite))
            opd = await session.scalar(select(Opd).where(Opd.code == code))
            return invite, opd
    finally:
        await database.dispose()


@pytest.mark.parametrize(
    "argv",
    [
        [],
        ["db"],
        ["db", "upgrade"],
        ["opd"],
        ["opd", "import"],
        ["opd", "list"],
        ["invite"],
        ["invite", "create"],
        ["run"],
        ["webhook"],
        ["sandbox"],
        ["innovation"],
        ["innovation", "import"],
        ["innovation", "template"],
    ],
)
def test_every_command_has_help(capsys: pytest.CaptureFixture[str], argv: list[str]) -> None:
    code, out, _ = cli(capsys, *argv, "--help")
    assert code == 0
    assert out.startswith("usage: inovasi-bot")


def test_a_wrong_command_is_a_usage_error(capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = cli(capsys, "opd", "delete")
    assert code == 2
    assert "invalid choice: 'delete'" in err
    assert len(err.strip().splitlines()) == 1


def test_db_upgrade_then_again(capsys: pytest.CaptureFixture[str], use_empty_database: str) -> None:
    assert cli(capsys, "db", "upgrade") == (0, APPLIED_ALL, "")
    assert cli(capsys, "db", "upgrade") == (0, "The database is up to date; nothing to do.\n", "")


def test_the_database_folder_is_created(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.setenv("DATABASE_URL", f"sqlite:///{tmp_path}/new/deeper/inovasi.db")
    assert cli(capsys, "db", "upgrade")[0] == 0
    assert (tmp_path / "new" / "deeper" / "inovasi.db").is_file()


def test_the_default_database_lives_under_data(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    assert cli(capsys, "db", "upgrade")[0] == 0
    assert (tmp_path / "data" / "inovasi.db").is_file()


def test_a_database_that_cannot_be_reached(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("DATABASE_URL", "postgresql://postgres:secret@127.0.0.1:9/nowhere")
    code, _out, err = cli(capsys, "opd", "list")
    assert code == 1
    assert err.startswith(
        "inovasi-bot: DATABASE_URL: cannot use postgresql+asyncpg://postgres:***@"
    )
    assert "secret" not in err
    assert len(err.strip().splitlines()) == 1


def test_a_bad_setting_stops_with_exit_code_2(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("ADMIN_IDS", "12a")
    assert cli(capsys, "opd", "list") == (
        2,
        "",
        'inovasi-bot: ADMIN_IDS: "12a" is not a Telegram user id\n',
    )


def test_run_without_a_token_points_at_the_sandbox(capsys: pytest.CaptureFixture[str]) -> None:
    code, _out, err = cli(capsys, "run")
    assert code == 2
    assert err == (
        "inovasi-bot: BOT_TOKEN is not set: put the token from @BotFather in .env "
        "(see .env.example), or try the bot offline with: inovasi-bot sandbox\n"
    )


def test_opd_import_and_list(capsys: pytest.CaptureFixture[str], use_database: str) -> None:
    code, out, _ = cli(capsys, "opd", "list")
    assert (code, out) == (
        0,
        "No OPDs yet. Import them with: inovasi-bot opd import data/opd_sample.csv\n",
    )
    code, out, err = cli(capsys, "opd", "import", str(SAMPLE))
    assert code == 0, err
    assert "Imported 14 OPDs" in out and "14 new, 0 changed, 0 unchanged" in out
    code, out, _ = cli(capsys, "opd", "list")
    assert "DINKES" in out and "Dinas Kesehatan" in out and out.endswith("14 OPDs.\n")


def test_opd_import_updates_names(
    capsys: pytest.CaptureFixture[str], use_database: str, tmp_path: Path
) -> None:
    first = tmp_path / "a.csv"
    first.write_text("code,name\nDINKES,Dinkes\nRSUD,RSUD\n", "utf-8")
    second = tmp_path / "b.csv"
    second.write_bytes("\ufeffcode;name\r\ndinkes;Dinas Kesehatan\r\n".encode())
    assert cli(capsys, "opd", "import", str(first))[0] == 0
    code, out, _ = cli(capsys, "opd", "import", str(second))
    assert code == 0
    assert "0 new, 1 changed, 0 unchanged" in out
    assert asyncio.run(stored_opds(use_database)) == {"DINKES": "Dinas Kesehatan", "RSUD": "RSUD"}


def test_opd_import_says_who_is_expected_to_submit(
    capsys: pytest.CaptureFixture[str], use_database: str, tmp_path: Path
) -> None:
    """Diskominfo, which collects the innovations, is not expected to submit unless the file
    says so; the `expected` column changes it either way, also for an OPD already there."""
    assert cli(capsys, "opd", "import", str(SAMPLE))[0] == 0
    code, out, _ = cli(capsys, "opd", "list")
    assert (
        "DISKOMINFOSANDITIK  Dinas Komunikasi, Informatika, Persandian dan Statistik  "
        "(not expected to submit)\n" in out
    )
    assert out.count("not expected") == 1
    changes = tmp_path / "expected.csv"
    changes.write_text(
        "code,name,expected\nBAPPEDA,Badan Perencanaan Pembangunan Daerah,tidak\n"
        '"DISKOMINFOSANDITIK","Dinas Komunikasi, Informatika, Persandian dan Statistik",\n'
        "DINKES,Dinas Kesehatan,ya\n",
        "utf-8",
    )
    code, out, err = cli(capsys, "opd", "import", str(changes))
    assert code == 0, err
    assert "0 new, 1 changed, 2 unchanged" in out
    assert asyncio.run(expected_flags(use_database)) == {
        "BAPPEDA": False, "DISKOMINFOSANDITIK": False, "DINKES": True
    }  # fmt: skip


async def expected_flags(url: str) -> dict[str, bool]:
    database = Database(url)
    try:
        async with database.reading() as session:
            rows = await session.scalars(
                select(Opd).where(Opd.code.in_(["BAPPEDA", "DISKOMINFOSANDITIK", "DINKES"]))
            )
            return {opd.code: opd.expected for opd in rows}
    finally:
        await database.dispose()


def test_a_file_with_bad_rows_imports_nothing(
    capsys: pytest.CaptureFixture[str], use_database: str, tmp_path: Path
) -> None:
    bad = tmp_path / "bad.csv"
    bad.write_text("code,name\nDINKES,Dinas Kesehatan\nDINKES,Lagi\nRSUD,\n", "utf-8")
    code, _out, err = cli(capsys, "opd", "import", str(bad))
    assert code == 1
    assert err.splitlines() == [
        f"{bad}: line 3: code DINKES already stands on line 2",
        f"{bad}: line 4: the name of RSUD is empty",
        f"inovasi-bot: {bad}: nothing imported (2 problems)",
    ]
    assert asyncio.run(stored_opds(use_database)) == {}


@pytest.mark.parametrize(
    ("content", "expected"),
    [
        (b"code,name\nX," + b"a" * (10 * 1024 * 1024), "the file is larger than 5 MB"),
        ("code,name\nDPMD,Désa\n".encode("latin-1"), "line 2: not UTF-8 text"),
    ],
)
def test_bad_files_get_one_clear_line(
    capsys: pytest.CaptureFixture[str],
    use_database: str,
    tmp_path: Path,
    content: bytes,
    expected: str,
) -> None:
    path = tmp_path / "opd.csv"
    path.write_bytes(content)
    code, _, err = cli(capsys, "opd", "import", str(path))
    assert code == 1
    assert err.splitlines()[0].startswith(f"{path}: {expected}")


def test_importing_a_missing_file(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    assert cli(capsys, "opd", "import", "nope.csv") == (
        1,
        "",
        "inovasi-bot: nope.csv: no such file\n",
    )


def test_invite_create(
    capsys: pytest.CaptureFixture[str], use_database: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("BOT_USERNAME", "@InovasiSumedangBot")
    cli(capsys, "opd", "import", str(SAMPLE))
    code, out, err = cli(
        capsys,
        "invite",
        "create",
        "--opd",
        "dinkes",
        "--role",
        "coordinator",
        "--uses",
        "3",
        "--days",
        "7",
    )
    assert code == 0, err
    lines = out.splitlines()
    code_line = lines[0].removeprefix("Invite code: ")
    assert len(code_line) == 16
    assert lines[1] == f"Link: https://t.me/InovasiSumedangBot?start={code_line}"
    assert lines[2].startswith("For DINKES (Dinas Kesehatan) as coordinator; 3 uses; valid until")
    assert "(Asia/Jakarta)" in lines[2]
    invite, opd = asyncio.run(first_invite_and_opd(use_database, "DINKES"))
    assert invite is not None and opd is not None
    assert (invite.code, invite.role, invite.max_uses, invite.opd_id) == (
        code_line,
        "coordinator",
        3,
        opd.id,
    )
    assert invite.expires_at is not None
    assert 6.9 < (invite.expires_at - invite.created_at).total_seconds() / 86400 <= 7


def test_invite_defaults_and_a_missing_bot_username(
    capsys: pytest.CaptureFixture[str], use_database: str
) -> None:
    cli(capsys, "opd", "import", str(SAMPLE))
    code, out, _ = cli(capsys, "invite", "create", "--opd", "DISDIK")
    assert code == 0
    assert "https://t.me/<bot_username>?start=" in out
    assert "as staff; 30 uses;" in out
    assert "Set BOT_USERNAME" in out


@pytest.mark.parametrize(
    ("argv", "code", "message"),
    [
        (["--opd", "NOPE"], 1, "--opd: no OPD with code NOPE (see: inovasi-bot opd list)"),
        (["--opd", "DINKES", "--uses", "0"], 2, "argument --uses: must be at least 1, not 0"),
        (["--opd", "DINKES", "--days", "x"], 2, 'argument --days: "x" is not a whole number'),
        (["--opd", "DINKES", "--role", "boss"], 2, "argument --role: invalid choice: 'boss'"),
    ],
)
def test_invite_bad_input(
    capsys: pytest.CaptureFixture[str], use_database: str, argv: list[str], code: int, message: str
) -> None:
    cli(capsys, "opd", "import", str(SAMPLE))
    got, _, err = cli(capsys, "invite", "create", *argv)
    assert got == code
    assert message in err
    assert len(err.strip().splitlines()) == 1


def test_the_console_script_is_installed(tmp_path: Path) -> None:
    env = {**os.environ, "DATABASE_URL": f"sqlite:///{tmp_path}/x.db"}
    result = subprocess.run(
        [EXECUTABLE, "db", "upgrade"],
        capture_output=True,
        text=True,
        env=env,
        cwd=tmp_path,
        timeout=60,
        check=False,
    )
    assert (result.returncode, result.stdout, result.stderr) == (
        0,
        APPLIED_ALL,
        "",
    )


@pytest.mark.skipif(not hasattr(os, "geteuid"), reason="POSIX permissions")
def test_a_read_only_database_folder_is_named(tmp_path: Path) -> None:
    folder = tmp_path / "ro"
    folder.mkdir()
    env = {**os.environ, "DATABASE_URL": f"sqlite:///{folder}/inovasi.db"}
    result = run_read_only(folder, [EXECUTABLE, "db", "upgrade"], env, tmp_path)
    assert result.stderr == (
        f"inovasi-bot: DATABASE_URL: the database folder {folder} is read-only\n"
    )
    assert result.returncode == 1


def test_a_reader_that_stops_early_ends_the_output_quietly(tmp_path: Path) -> None:
    """`inovasi-bot summary | head`: the reader closes its end before the summary is written.
    No "Broken pipe" dressed as a database error, no traceback: the exit status of a program
    stopped by SIGPIPE, and nothing on stderr."""
    env = {**os.environ, "DATABASE_URL": f"sqlite:///{tmp_path}/x.db"}
    for argv in (["summary"], ["opd", "list"]):
        process = subprocess.Popen(
            [EXECUTABLE, *argv], stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=env,
            cwd=tmp_path,
        )  # fmt: skip
        assert process.stdout is not None and process.stderr is not None
        process.stdout.close()  # the reader is gone before the program has started writing
        with process.stderr:
            errors = process.stderr.read().decode()
        assert process.wait(timeout=60) == 141, errors
        assert errors == ""
