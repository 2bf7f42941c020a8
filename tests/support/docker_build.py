"""What `docker build` would put in the image, worked out without Docker: the build context as
BuildKit sends it (the files of a fresh clone, less what .dockerignore excludes) and the build
stage's WORKDIR and COPY instructions played into a folder.

The .dockerignore rules are a port of moby/patternmatcher (``ignorefile.ReadAll``, ``New`` and
``MatchesOrParentMatches``), which BuildKit applies to the context. pathspec's gitwildmatch is not
the same language: there a pattern without a slash matches at any depth, here only at the top
(``*.pyc`` is the top folder's only; ``**/*.pyc`` is everywhere). Left out of the port: Go's
syntax check of a pattern (Python's ``re`` raises on a bad class instead), and
``posixpath.normpath`` stands for Go's ``filepath.Clean`` (they differ only on a leading "//").
"""

from __future__ import annotations

import json
import posixpath
import re
import shlex
import shutil
import subprocess
from dataclasses import dataclass, field
from pathlib import Path

# Regular-expression characters with no meaning in a pattern (patternmatcher's shouldEscape).
_ESCAPE = set(".+()|{}$")
# COPY flags this player understands; any other (--exclude, --parents, ...) is refused.
_COPY_FLAGS = ("--chown=", "--chmod=", "--link")


def read_dockerignore(text: str) -> list[str]:
    """The patterns of a .dockerignore, as ``ignorefile.ReadAll`` reads them."""
    patterns = []
    for line in text.removeprefix("\ufeff").split("\n"):
        line = line.removesuffix("\r")
        if line.startswith("#"):
            continue
        pattern = line.strip()
        if not pattern:
            continue
        invert = pattern.startswith("!")
        if invert:
            pattern = pattern[1:].strip()
        if pattern:
            pattern = posixpath.normpath(pattern)
            if len(pattern) > 1 and pattern.startswith("/"):
                pattern = pattern[1:]
        patterns.append("!" + pattern if invert else pattern)
    return patterns


@dataclass
class Pattern:
    text: str
    exclusion: bool
    kind: str = field(init=False)  # "exact", "prefix", "suffix" or "regexp", as Go decides
    regexp: re.Pattern[str] | None = field(init=False, default=None)

    def __post_init__(self) -> None:
        regex, kind, chars, at, step = "^", "exact", self.text, 0, 0
        while at < len(chars):
            char = chars[at]
            at += 1
            if char == "*":
                if at < len(chars) and chars[at] == "*":  # some flavour of "**"
                    at += 1
                    if at < len(chars) and chars[at] == "/":  # "**/" is "**"
                        at += 1
                    if at == len(chars):
                        if kind == "exact":
                            kind = "prefix"
                        else:
                            regex += ".*"
                            kind = "regexp"
                    else:
                        regex += "(.*/)?"
                        kind = "regexp"
                    if step == 0:
                        kind = "suffix"
                else:
                    regex += "[^/]*"
                    kind = "regexp"
            elif char == "?":
                regex += "[^/]"
                kind = "regexp"
            elif char in _ESCAPE:
                regex += "\\" + char
            elif char == "\\":
                if at < len(chars):
                    regex += "\\" + chars[at]
                    at += 1
                    kind = "regexp"
                else:
                    regex += "\\"
            elif char in "[]":
                regex += char
                kind = "regexp"
            else:
                regex += char
            step += 1
        self.kind = kind
        if kind == "regexp":
            self.regexp = re.compile(regex + r"\Z")  # Go's "$": the end of the text only

    def match(self, path: str) -> bool:
        if self.kind == "exact":
            return path == self.text
        if self.kind == "prefix":
            return path.startswith(self.text[:-2])
        if self.kind == "suffix":
            suffix = self.text[2:]
            return path.endswith(suffix) or (suffix.startswith("/") and path == suffix[1:])
        assert self.regexp is not None
        return self.regexp.match(path) is not None


class PatternMatcher:
    def __init__(self, patterns: list[str]) -> None:
        self.patterns: list[Pattern] = []
        for text in patterns:
            text = text.strip()
            if not text:
                continue
            text = posixpath.normpath(text)
            exclusion = text.startswith("!")
            if exclusion:
                if len(text) == 1:
                    raise ValueError('illegal exclusion pattern: "!"')
                text = text[1:]
            self.patterns.append(Pattern(text, exclusion))

    def excludes(self, path: str) -> bool:
        """``MatchesOrParentMatches``: the last pattern that matches the path or one of its
        folders decides."""
        matched = False
        parent = posixpath.normpath(posixpath.dirname(path))
        folders = parent.split("/")
        for pattern in self.patterns:
            if pattern.exclusion != matched:
                continue
            match = pattern.match(path)
            if not match and parent != ".":
                match = any(pattern.match("/".join(folders[: i + 1])) for i in range(len(folders)))
            if match:
                matched = not pattern.exclusion
        return matched


def tracked_files(root: Path) -> list[str]:
    """The files a fresh clone has (a developer's untracked files are not the server's)."""
    listing = subprocess.run(
        ["git", "-C", str(root), "ls-files", "-z"],
        capture_output=True, check=True, text=True,
    ).stdout  # fmt: skip
    return sorted(name for name in listing.split("\0") if name and (root / name).is_file())


def build_context(root: Path) -> list[str]:
    """The files `docker build .` sends from a fresh clone at `root`."""
    ignore = root / ".dockerignore"
    patterns = read_dockerignore(ignore.read_text("utf-8")) if ignore.exists() else []
    matcher = PatternMatcher(patterns)
    return [name for name in tracked_files(root) if not matcher.excludes(name)]


def dockerfile_instructions(text: str) -> list[tuple[str, str]]:
    """(INSTRUCTION, arguments), continuation lines joined, comments left out."""
    joined = re.sub(r"\\\n\s*", " ", text)
    instructions = []
    for line in joined.splitlines():
        line = line.strip()
        if line and not line.startswith("#"):
            keyword, _, rest = line.partition(" ")
            instructions.append((keyword.upper(), rest.strip()))
    return instructions


def stages(instructions: list[tuple[str, str]]) -> list[tuple[str, list[tuple[str, str]]]]:
    """Each stage's name (its FROM's `AS` name, else its number) and its instructions."""
    result: list[tuple[str, list[tuple[str, str]]]] = []
    for keyword, rest in instructions:
        if keyword == "FROM":
            words = rest.split()
            name = words[-1] if len(words) >= 3 and words[-2].upper() == "AS" else str(len(result))
            result.append((name, []))
        elif result:
            result[-1][1].append((keyword, rest))
    return result


def copied_stage(instructions: list[tuple[str, str]]) -> list[tuple[str, str]]:
    """The stage the final one copies from (`COPY --from=NAME`): where the package is built."""
    named = dict(stages(instructions))
    final = stages(instructions)[-1][1]
    sources = {
        flag.removeprefix("--from=")
        for keyword, rest in final
        if keyword == "COPY"
        for flag in rest.split()
        if flag.startswith("--from=")
    }
    assert len(sources) == 1, f"the final stage copies from {sources or 'no stage'}"
    return named[sources.pop()]


def _inside(folder: Path, image_path: str) -> Path:
    return folder / posixpath.normpath(image_path).lstrip("/")


def play_build_stage(
    root: Path, context: list[str], stage: list[tuple[str, str]], folder: Path
) -> list[Path]:
    """Play the stage's WORKDIR and COPY instructions into `folder` (the image's "/"), copying
    from `context`; return the local paths its RUN lines give to `pip install`, inside
    `folder`. A COPY whose source is not in the context fails, as the build would."""
    workdir = "/"
    installed: list[Path] = []
    for keyword, rest in stage:
        if keyword == "WORKDIR":
            workdir = posixpath.join(workdir, rest)
        elif keyword == "COPY":
            words = json.loads(rest) if rest.startswith("[") else rest.split()
            flags = [word for word in words if word.startswith("--")]
            for flag in flags:
                assert flag.startswith(_COPY_FLAGS), f"COPY {flag}: not played here"
            *sources, destination = [word for word in words if not word.startswith("--")]
            target = posixpath.join(workdir, destination)
            into_folder = destination.endswith("/") or len(sources) > 1
            for source in sources:
                assert not set(source) & set("*?["), f"COPY {source}: wildcards not played here"
                _copy(root, context, posixpath.normpath(source), target, into_folder, folder)
        elif keyword == "RUN":
            for command in re.split(r"&&|;|\|\|", rest):
                words = shlex.split(command)
                if "pip" in {Path(word).name for word in words} and "install" in words:
                    after = words[words.index("install") + 1 :]
                    for word in after:
                        if not word.startswith("-") and word.startswith((".", "/")):
                            installed.append(_inside(folder, posixpath.join(workdir, word)))
    return installed


def _copy(
    root: Path,
    context: list[str],
    source: str,
    target: str,
    into_folder: bool,
    folder: Path,
) -> None:
    if source in context:  # one file
        name = posixpath.join(target, posixpath.basename(source)) if into_folder else target
        destination = _inside(folder, name)
        destination.parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(root / source, destination)
        return
    # A folder: its contents go into the target (the folder itself is not recreated).
    prefix = "" if source == "." else source + "/"
    members = [name for name in context if name.startswith(prefix)]
    assert members, f"COPY {source}: not in the build context"
    for name in members:
        destination = _inside(folder, posixpath.join(target, name[len(prefix) :]))
        destination.parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(root / name, destination)
