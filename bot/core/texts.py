"""Every text a person reads, from Fluent catalogs under ``bot/locales/<lang>/``.

Arguments are HTML-escaped here, at the one place where user strings meet the HTML parse mode;
a value that is already safe HTML is passed as :class:`Html`.
"""

from __future__ import annotations

import html
import re
from collections.abc import Iterator
from functools import cached_property
from pathlib import Path
from typing import Any

from fluent.runtime import FluentBundle, FluentResource
from fluent.syntax import FluentParser, ast
from fluent.syntax.visitor import Visitor

LOCALES = Path(__file__).resolve().parent.parent / "locales"
LANGUAGES = ("id", "en")
SENTENCE_ENDS = (".", "!", "?", "…")


class Html(str):
    """A string that is already valid Telegram HTML and must not be escaped again."""

    __slots__ = ()


def escape(value: str) -> str:
    return html.escape(value, quote=False)


class MissingText(KeyError):
    pass


def plain(text: str) -> str:
    """Telegram HTML as plain text, for a terminal."""
    return html.unescape(re.sub(r"<[^>]+>", "", text))


def resolve_language(chosen: str | None, telegram_code: str | None, default: str = "id") -> str:
    """The member's own choice, else Telegram's language (``en*`` is English), else the
    default."""
    if chosen in LANGUAGES:
        return chosen
    if telegram_code:
        code = telegram_code.lower()
        if code.startswith("en"):
            return "en"
        if code.startswith(("id", "in")):
            return "id"
    return default


class _Variables(Visitor):
    def __init__(self) -> None:
        self.names: set[str] = set()

    def visit_VariableReference(self, node: ast.VariableReference) -> None:
        self.names.add(node.id.name)


def _typed_back(name: str, value: Any) -> bool:
    """A number people type or copy back as it is shown: an innovation's (``/lihat 1234``), a
    chat's id (into the settings). Written as typed, "#1234", never grouped the local way
    ("#1.234"), as Fluent writes every other number."""
    return type(value) is int and (name == "id" or name.endswith("_id"))


class Catalog:
    """The bot's texts in Indonesian and English."""

    def __init__(self, locales: Path = LOCALES, default: str = "id") -> None:
        self.default = default
        self._sources: dict[str, str] = {}
        self._bundles: dict[str, FluentBundle] = {}
        # Texts without arguments (button labels, most of them), formatted once.
        self._plain: dict[tuple[str, str], str] = {}
        # Texts that are only words and variables, as (words or variable name) parts: put
        # together directly when every argument is a string (see ``_simple``).
        self._parts: dict[tuple[str, str], tuple[tuple[bool, str], ...] | None] = {}
        for lang in LANGUAGES:
            bundle = FluentBundle([lang], use_isolating=False)
            source = "\n".join(
                path.read_text("utf-8") for path in sorted((locales / lang).glob("*.ftl"))
            )
            self._sources[lang] = source
            bundle.add_resource(FluentResource(source))
            self._bundles[lang] = bundle

    def text(self, lang: str, key: str, /, **args: Any) -> str:
        if not args:
            plain = self._plain.get((lang, key))
            if plain is None:
                plain = self._plain[(lang, key)] = self._format(lang, key, {})
            return plain
        return self._format(lang, key, args)

    def _format(self, lang: str, key: str, args: dict[str, Any]) -> str:
        bundle = self._bundles.get(lang) or self._bundles[self.default]
        if not bundle.has_message(key):
            raise MissingText(f"{lang}: {key}")
        message = bundle.get_message(key)
        # Strings go in as short tokens and are put back afterwards: Fluent refuses placeables
        # over 1,000 characters, and an answer may have 3,000.
        arguments: dict[str, Any] = {}
        strings: dict[str, str] = {}
        for name, value in args.items():
            if _typed_back(name, value):
                value = str(value)
            if isinstance(value, str):
                token = f"\ue000{len(strings)}\ue001"
                strings[token] = value if isinstance(value, Html) else escape(value)
                arguments[name] = token
            else:
                arguments[name] = value
        parts = self._simple(bundle, lang, key)
        if parts is not None and all(
            isinstance(arguments.get(part), str) for variable, part in parts if variable
        ):
            # Only words and string variables: what Fluent would make of it, without Fluent's
            # resolver (a review card is thirty of these).
            text = "".join(arguments[part] if variable else part for variable, part in parts)
        else:
            text, errors = bundle.format_pattern(message.value, arguments)
            if errors:
                raise MissingText(f"{lang}: {key}: {errors[0]}")
        for token, value in strings.items():
            if value.endswith(SENTENCE_ENDS):
                # "Asep Saepudin, S.Pd." ends the sentence itself: no second full stop after it.
                text = re.sub(re.escape(token) + r"((?:</\w+>)*)\.(?!\.)", token + r"\1", text)
            text = text.replace(token, value)
        return text

    def _simple(
        self, bundle: FluentBundle, lang: str, key: str
    ) -> tuple[tuple[bool, str], ...] | None:
        """The message as (is a variable, words or the variable's name) parts, if it is only
        words and variable references (no selectors, functions or other messages); else None."""
        if (lang, key) in self._parts:
            return self._parts[(lang, key)]
        parts: list[tuple[bool, str]] | None = []
        entry = self._parsed.get(lang, {}).get(key) if bundle is self._bundles.get(lang) else None
        if entry is None or entry.value is None:
            parts = None
        else:
            for element in entry.value.elements:
                if isinstance(element, ast.TextElement):
                    parts.append((False, element.value))
                elif isinstance(element, ast.Placeable) and isinstance(
                    element.expression, ast.VariableReference
                ):
                    parts.append((True, element.expression.id.name))
                else:
                    parts = None
                    break
        found = tuple(parts) if parts is not None else None
        self._parts[(lang, key)] = found
        return found

    def add(self, lang: str, source: str) -> None:
        """More messages in one language (a question added in a test brings its texts)."""
        self._bundles[lang].add_resource(FluentResource(source))
        self._sources[lang] += "\n" + source
        self._plain.clear()
        self._parts.clear()
        self.__dict__.pop("_parsed", None)

    def all(self, key: str, /, **args: Any) -> Iterator[str]:
        """The text in every language, for matching a button label whatever the language."""
        return (self.text(lang, key, **args) for lang in LANGUAGES)

    @cached_property
    def _parsed(self) -> dict[str, dict[str, ast.Message]]:
        parser = FluentParser()
        parsed: dict[str, dict[str, ast.Message]] = {}
        for lang, source in self._sources.items():
            messages = parsed[lang] = {}
            for entry in parser.parse(source).body:
                if isinstance(entry, ast.Message):
                    # The first definition of a name wins, as in the bundle.
                    messages.setdefault(entry.id.name, entry)
        return parsed

    def keys(self, lang: str) -> set[str]:
        return set(self._parsed[lang])

    def placeholders(self, lang: str, key: str) -> set[str]:
        visitor = _Variables()
        visitor.visit(self._parsed[lang][key])
        return visitor.names

    def junk(self, lang: str) -> list[str]:
        """Entries the parser could not read (a typo in a catalog)."""
        return [
            entry.content
            for entry in FluentParser().parse(self._sources[lang]).body
            if isinstance(entry, ast.Junk)
        ]
