"""The README and docs/: every link and image leads somewhere, every anchor to a heading, every
`inovasi-bot` command named is one the command line has, the README stays a newcomer's page, and
the project stands on its own."""

from __future__ import annotations

import argparse
import re
from pathlib import Path
from urllib.parse import unquote

import pytest

from bot.cli import build_parser
from tests.support.docs import (
    MAIN_OPTIONS,
    README,
    ROOT,
    anchors,
    links,
    named_commands,
    pages,
    read,
)

PAGES = pages()
NAMES = [str(page.relative_to(ROOT)) for page in PAGES]


def test_the_pages_are_there() -> None:
    for name in (
        "deploying.md", "design.md", "maintaining.md", "performance.md",
        "panduan-koordinator.md", "panduan-opd.md",
    ):  # fmt: skip
        assert ROOT / "docs" / name in PAGES, name


def test_the_readme_is_short() -> None:
    assert len(read(README).splitlines()) <= 300


@pytest.mark.parametrize("page", PAGES, ids=NAMES)
def test_every_link_and_image_leads_to_a_file_and_a_heading(page: Path) -> None:
    text = read(page)
    for target in links(text):
        if re.match(r"^[a-z][a-z0-9+.-]*:", target):  # https:, mailto: …
            continue
        path, _, anchor = target.partition("#")
        file = (page.parent / unquote(path)).resolve() if path else page
        assert file.is_relative_to(ROOT), f"{target}: outside the repository"
        assert file.exists(), f"{page.name}: {target}: no such file"
        if anchor:
            assert file.suffix == ".md", f"{page.name}: {target}: an anchor in a non-page"
            assert anchor in anchors(read(file)), f"{page.name}: {target}: no such heading"


def test_the_readme_shows_a_chat_and_the_dashboard() -> None:
    images = [t for t in links(read(README)) if t.endswith(".png")]
    assert "docs/chat.png" in images
    assert {"docs/dashboard-desktop.png", "docs/dashboard-phone.png"} <= set(images)
    assert (ROOT / "docs" / "chat.png").stat().st_size < 200_000


@pytest.mark.parametrize("page", [*PAGES, *sorted((ROOT / "docs").glob("*.py"))], ids=str)
def test_nothing_points_outside_the_project(page: Path) -> None:
    assert "../shared" not in read(page)


def subcommands(parser: argparse.ArgumentParser) -> dict[str, argparse.ArgumentParser]:
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            return dict(action.choices)
    return {}


def options(parser: argparse.ArgumentParser) -> set[str]:
    return {option for action in parser._actions for option in action.option_strings}


def check_command(words: list[str]) -> None:
    """The command path exists, and every option named is one of its options."""
    parser = build_parser()
    rest = [word for word in words if word != "--sandbox"]
    if rest[:1] and rest[0] in MAIN_OPTIONS:
        return
    while rest and (choices := subcommands(parser)):
        word = rest[0]
        if word.isupper() or word.startswith("…"):  # a placeholder: inovasi-bot --sandbox COMMAND
            return
        assert word in choices, f"no command {word!r} in inovasi-bot {' '.join(words)}"
        parser, rest = choices[word], rest[1:]
    known = options(parser) | set(MAIN_OPTIONS)
    for word in rest:
        option = word.strip("[]()").split("=")[0]
        if option.startswith("-") and len(option) > 1:
            assert option in known, f"no option {option} in inovasi-bot {' '.join(words)}"


COMMANDS = [
    (page, words, in_code) for page in PAGES for words, in_code in named_commands(read(page))
]


def test_the_pages_name_commands() -> None:
    named = {page.name for page, _, _ in COMMANDS}
    assert {"README.md", "deploying.md", "maintaining.md"} <= named
    assert len(COMMANDS) >= 40


@pytest.mark.parametrize(
    ("page", "words", "in_code"), COMMANDS, ids=[f"{p.name}: {' '.join(w)}" for p, w, _ in COMMANDS]
)
def test_every_command_named_exists(page: Path, words: list[str], in_code: bool) -> None:
    check_command(words)
    if in_code and not any("…" in word for word in words):  # typed as it stands: it parses
        build_parser().parse_args(words)
