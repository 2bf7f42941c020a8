"""The README and the pages in docs/, read as a reader (and GitHub) would: their code blocks,
their links and headings, and the `inovasi-bot` commands they name."""

from __future__ import annotations

import re
import shlex
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent.parent
README = ROOT / "README.md"


def pages() -> list[Path]:
    """The README and every page in docs/."""
    return [README, *sorted((ROOT / "docs").glob("*.md"))]


def read(path: Path) -> str:
    return path.read_text("utf-8")


_FENCE = re.compile(r"^\s*(```|~~~)")


def code_lines(text: str) -> list[str]:
    """The lines inside fenced code blocks (indented fences, in a list item, too)."""
    lines, inside = [], False
    for line in text.splitlines():
        if _FENCE.match(line):
            inside = not inside
        elif inside:
            lines.append(line)
    return lines


def prose(text: str) -> str:
    """The text without its fenced code blocks and inline code spans."""
    lines, inside = [], False
    for line in text.splitlines():
        if _FENCE.match(line):
            inside = not inside
        elif not inside:
            lines.append(line)
    return re.sub(r"`[^`\n]*`", "", "\n".join(lines))


def inline_code(text: str) -> list[str]:
    """Every inline code span outside the fenced blocks."""
    lines, inside = [], False
    for line in text.splitlines():
        if _FENCE.match(line):
            inside = not inside
        elif not inside:
            lines.append(line)
    return re.findall(r"`([^`\n]+)`", "\n".join(lines))


# [text](target) and ![alt](target); the target ends at whitespace or the closing parenthesis.
_LINK = re.compile(r"!?\[[^\]]*\]\(([^)\s]+)(?:\s+\"[^\"]*\")?\)")


def links(text: str) -> list[str]:
    """The targets of the page's links and images, outside code."""
    return _LINK.findall(prose(text))


def slug(heading: str) -> str:
    """GitHub's anchor for a heading: the text as shown, lower case, punctuation dropped (but
    hyphens and underscores), spaces turned into hyphens."""
    text = re.sub(r"\[([^\]]*)\]\([^)]*\)", r"\1", heading)  # a link: its text
    text = re.sub(r"[`*]|<[^>]+>", "", text).strip().lower()
    text = "".join(c for c in text if c.isalnum() or c in " -_")
    return text.replace(" ", "-")


def anchors(text: str) -> set[str]:
    """The anchors of the page's headings, with GitHub's -1, -2 … for repeated ones."""
    seen: dict[str, int] = {}
    found = set()
    lines, inside = [], False
    for line in text.splitlines():
        if _FENCE.match(line):
            inside = not inside
        elif not inside:
            lines.append(line)
    for line in lines:
        heading = re.match(r"^#{1,6}\s+(.*?)\s*#*\s*$", line)
        if heading is None:
            continue
        base = slug(heading.group(1))
        count = seen.get(base, 0)
        found.add(base if count == 0 else f"{base}-{count}")
        seen[base] = count + 1
    return found


# The program's name where it is run: not a folder or file named after it (/opt/inovasi-bot,
# inovasi-bot.service), but a path to the executable (.venv/bin/inovasi-bot) is.
_COMMAND = re.compile(r"(?:(?<![\w./-])|(?<=bin/))inovasi-bot(?![\w./@-])((?:[ \t]+[^\s`#]+)*)")
MAIN_OPTIONS = ("--sandbox", "--help", "-h", "--version")


def named_commands(text: str) -> list[tuple[list[str], bool]]:
    """Every `inovasi-bot …` command the page names, in its code blocks (True) and its inline
    code (False), as words: placeholders and option values included, shell quoting honoured
    where it parses. A mention whose first word is not a command (`journalctl -u inovasi-bot
    -f`, `docker run --name inovasi-bot …`) names a unit or a container, not a command."""
    found = []
    chunks = [(line.split(" #")[0], True) for line in code_lines(text)]
    chunks += [(span, False) for span in inline_code(text)]
    for chunk, in_code in chunks:
        for match in _COMMAND.finditer(chunk):
            rest = match.group(1).strip()
            try:
                words = shlex.split(rest)
            except ValueError:  # a command inside a quoted one: sh -c '… inovasi-bot db upgrade'
                words = [word.strip("'\"") for word in rest.split()]
            first = next((w for w in words if w != "--sandbox"), "")
            if words and (re.fullmatch(r"[a-z]+", first) or words[0] in MAIN_OPTIONS):
                found.append((words, in_code))
    return found
