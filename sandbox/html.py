"""Telegram's HTML parse mode, as strict as Telegram: what it rejects, this rejects.

Returns the plain text a person sees, so lengths are checked after entity parsing as Telegram
does.
"""

from __future__ import annotations

import re

ALLOWED_TAGS = {
    "b", "strong", "i", "em", "u", "ins", "s", "strike", "del", "span", "tg-spoiler", "a",
    "tg-emoji", "code", "pre", "blockquote",
}  # fmt: skip
NAMED_ENTITIES = {"lt": "<", "gt": ">", "amp": "&", "quot": '"'}
TAG = re.compile(
    r"<(/?)([A-Za-z][A-Za-z0-9-]*)"
    r"((?:\s+[A-Za-z-]+(?:\s*=\s*(?:\"[^\"]*\"|'[^']*'|[^\s>]+))?)*)\s*>"
)
ENTITY = re.compile(r"&(?:([A-Za-z]+)|#([0-9]{1,7})|#[xX]([0-9A-Fa-f]{1,6}));")
PLAIN = re.compile(r"[^<&]+")  # a run of characters that stand for themselves
ATTRIBUTE = re.compile(r"([A-Za-z-]+)(?:\s*=\s*(?:\"([^\"]*)\"|'([^']*)'|([^\s>]+)))?")


class HtmlParseError(ValueError):
    pass


def _offset(text: str, index: int) -> int:
    return len(text[:index].encode("utf-8"))


def parse_html(text: str) -> str:
    """The plain text of a Telegram-HTML message, or :class:`HtmlParseError` with Telegram's
    wording."""
    plain: list[str] = []
    stack: list[str] = []
    index = 0
    while index < len(text):
        char = text[index]
        if char == "<":
            match = TAG.match(text, index)
            if match is None:
                raise HtmlParseError(
                    f"Unexpected end of name token at byte offset {_offset(text, index)}"
                )
            closing, name, attributes = match.group(1), match.group(2).lower(), match.group(3)
            if name not in ALLOWED_TAGS:
                kind = "end" if closing else "start"
                raise HtmlParseError(
                    f'Unsupported {kind} tag "{name}" at byte offset {_offset(text, index)}'
                )
            if closing:
                if not stack:
                    raise HtmlParseError(
                        f"Unexpected end tag at byte offset {_offset(text, index)}"
                    )
                if stack[-1] != name:
                    raise HtmlParseError(
                        f"Unmatched end tag at byte offset {_offset(text, index)}, expected "
                        f'"</{stack[-1]}>", found "</{name}>"'
                    )
                stack.pop()
            else:
                _check_attributes(name, attributes, _offset(text, index))
                stack.append(name)
            index = match.end()
        elif char == "&":
            match = ENTITY.match(text, index)
            if match is None:
                raise HtmlParseError(
                    f"Character entity expected at byte offset {_offset(text, index)}"
                )
            named, decimal, hexadecimal = match.groups()
            if named is not None:
                if named.lower() not in NAMED_ENTITIES:
                    raise HtmlParseError(
                        f'Unsupported HTML entity "&{named};" at byte offset {_offset(text, index)}'
                    )
                plain.append(NAMED_ENTITIES[named.lower()])
            else:
                code = int(decimal) if decimal is not None else int(hexadecimal, 16)
                try:
                    plain.append(chr(code))
                except (ValueError, OverflowError):
                    raise HtmlParseError(
                        f"Invalid character entity at byte offset {_offset(text, index)}"
                    ) from None
            index = match.end()
        else:
            run = PLAIN.match(text, index)
            assert run is not None  # `char` is neither "<" nor "&"
            plain.append(run.group())
            index = run.end()
    if stack:
        raise HtmlParseError(f'Can\'t find end tag corresponding to start tag "{stack[-1]}"')
    return "".join(plain)


def _check_attributes(name: str, attributes: str, offset: int) -> None:
    if name == "span" and not re.search(r"\bclass\s*=", attributes):
        raise HtmlParseError(f'Tag "span" must have class "tg-spoiler" at byte offset {offset}')
    for match in ATTRIBUTE.finditer(attributes):
        attribute = match.group(1).lower()
        value = next((v for v in match.groups()[1:] if v is not None), "")
        allowed = {
            "a": {"href"},
            "span": {"class"},
            "tg-emoji": {"emoji-id"},
            "code": {"class"},
            "pre": {"language"},
            "blockquote": {"expandable"},
        }.get(name, set())
        if attribute not in allowed:
            continue  # Telegram ignores unknown attributes
        if name == "span" and value != "tg-spoiler":
            raise HtmlParseError(f'Tag "span" must have class "tg-spoiler" at byte offset {offset}')


def utf16_length(text: str) -> int:
    """Telegram counts message length in UTF-16 code units (an emoji is often two)."""
    return len(text.encode("utf-16-le")) // 2
