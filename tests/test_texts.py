"""The catalogs: every key in both languages, the same placeholders, escaping at the boundary."""

from __future__ import annotations

import re

import pytest

from bot.core.texts import LANGUAGES, LOCALES, Catalog, Html, MissingText, resolve_language


@pytest.fixture(scope="module")
def catalog() -> Catalog:
    return Catalog()


def test_both_catalogs_parse_cleanly(catalog: Catalog) -> None:
    for lang in LANGUAGES:
        assert catalog.junk(lang) == [], lang


def test_every_key_is_in_both_languages(catalog: Catalog) -> None:
    assert catalog.keys("id") - catalog.keys("en") == set()
    assert catalog.keys("en") - catalog.keys("id") == set()


def test_placeholders_are_the_same_in_both_languages(catalog: Catalog) -> None:
    differing = {
        key: (catalog.placeholders("id", key), catalog.placeholders("en", key))
        for key in catalog.keys("id")
        if catalog.placeholders("id", key) != catalog.placeholders("en", key)
    }
    assert differing == {}


def test_arguments_are_escaped_unless_marked_safe(catalog: Catalog) -> None:
    text = catalog.text(
        "id", "start-welcome-member", name="<b>&", role=Html("<i>staf</i>"), opd="x"
    )
    assert "&lt;b&gt;&amp;" in text
    assert "<i>staf</i>" in text


def test_numbers_are_written_the_local_way(catalog: Catalog) -> None:
    assert "5.000" in catalog.text("id", "sandbox-too-long", length=5000, limit=4096)
    assert "5,000" in catalog.text("en", "sandbox-too-long", length=5000, limit=4096)


def test_numbers_typed_back_are_written_as_typed(catalog: Catalog) -> None:
    """An innovation's number is typed back (/lihat 12345), a chat's id copied into the
    settings: "12.345" would be refused there."""
    for lang in ("id", "en"):
        sent = catalog.text(lang, "sub-sent", id=12345, title="Posyandu")
        assert "#12345 <b>Posyandu</b>" in sent
        assert " 12345." in catalog.text(lang, "rev-notice-revise", id=12345)  # /ubah, /edit
        assert "(-1001234567890)" in catalog.text(
            lang, "daily-group-unreachable", chat_id=-1001234567890
        )
    part = catalog.text("id", "exp-caption-part", part=1, parts=2, first_id=1001, last_id=2345)
    assert part.endswith("inovasi nomor 1001 s/d 2345.")
    assert "(12.345)" in catalog.text("id", "mem-list", total=12345, page=1, pages=2)


def test_a_missing_key_is_an_error_not_a_blank(catalog: Catalog) -> None:
    with pytest.raises(MissingText):
        catalog.text("id", "no-such-key")


@pytest.mark.parametrize(
    ("chosen", "telegram", "default", "expected"),
    [
        ("en", "id", "id", "en"),
        (None, "en-US", "id", "en"),
        (None, "id", "en", "id"),
        (None, "jv", "id", "id"),
        (None, None, "en", "en"),
        ("fr", "ms", "id", "id"),
    ],
)
def test_language_choice(chosen, telegram, default, expected) -> None:
    assert resolve_language(chosen, telegram, default) == expected


def test_long_answers_fit_in_a_text(catalog: Catalog) -> None:
    answer = "<&> " * 1500
    line = catalog.text("id", "sub-review-line", label="Permasalahan", value=answer)
    assert line == "<b>Permasalahan:</b> " + "&lt;&amp;&gt; " * 1500


def test_the_indonesian_texts_say_bapak_ibu_never_anda() -> None:
    """The person is "Bapak/Ibu" everywhere, the terminal sandbox's own lines included."""
    for path in (LOCALES / "id").glob("*.ftl"):
        assert re.findall(r".*\bAnda\b.*", path.read_text("utf-8")) == []


def test_a_value_that_ends_a_sentence_gets_no_second_full_stop(catalog: Catalog) -> None:
    def welcome(name: str) -> str:
        return catalog.text("id", "start-welcome-member", name=name, role="staf", opd="X")

    assert welcome("Asep Saepudin, S.Pd.").startswith("Selamat datang kembali, <b>Asep "
                                                      "Saepudin, S.Pd.</b>\n")  # fmt: skip
    assert welcome("Asep Saepudin").startswith("Selamat datang kembali, <b>Asep Saepudin</b>.\n")


@pytest.mark.parametrize("lang", LANGUAGES)
def test_texts_of_words_and_strings_come_out_as_fluent_makes_them(lang: str) -> None:
    """A text that is only words and variables is put together without Fluent's resolver when
    every argument is a string: for every text of the catalog, with plain, escaped, long and
    sentence-ending strings and with safe HTML, it is what Fluent makes of it."""
    fast, fluent = Catalog(), Catalog()
    fluent._simple = lambda *_: None  # type: ignore[method-assign]
    values = ["Asep <b>Saepudin</b>, S.Pd.", "Dinas & Co", "x" * 3000, Html("<i>ok</i>.")]
    taken = 0
    for key in sorted(fast.keys(lang)):
        names = fast.placeholders(lang, key)
        for value in values if names else []:
            arguments = {name: value for name in names}
            assert fast.text(lang, key, **arguments) == fluent.text(lang, key, **arguments), key
            taken += fast._simple(fast._bundles[lang], lang, key) is not None
        if names:  # a number is Fluent's to write (the local way), never put together here
            numbers = {name: 1234 for name in names}
            try:
                expected = fluent.text(lang, key, **numbers)
            except MissingText:
                continue
            assert fast.text(lang, key, **numbers) == expected, key
    assert taken > 100  # most texts take the short way


def test_a_name_defined_again_keeps_its_first_text() -> None:
    """As in Fluent's bundle: a second definition (a later catalog file, or `add`) changes
    nothing, on the short way too."""
    catalog = Catalog()
    before = catalog.text("en", "sub-review-line", label="Judul", value="x")
    catalog.add("en", "sub-review-line = OVERRIDE { $label } { $value }")
    assert catalog.text("en", "sub-review-line", label="Judul", value="x") == before


def test_no_message_is_defined_twice() -> None:
    """Fluent keeps the first of two messages of one name and says nothing: the second (often
    the newer, better text) would never show."""
    for catalog in sorted(LOCALES.glob("*/bot.ftl")):
        names = re.findall(r"^([a-zA-Z][\w-]*) *=", catalog.read_text("utf-8"), flags=re.M)
        twice = sorted({name for name in names if names.count(name) > 1})
        assert twice == [], f"{catalog.parent.name}: {twice}"
