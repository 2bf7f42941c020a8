"""The form is one declaration: a question added there (and its texts) is asked, can be
skipped or corrected, shows on the review screen and in the record, and has its export
column; nothing else changes. Typed callback data stay within Telegram's 64 bytes."""

from __future__ import annotations

import io

import pytest
from openpyxl import load_workbook

from bot.core.texts import LANGUAGES, Catalog
from bot.iid.record import IID_FORM
from bot.innovations.form import FORM, Kind, optional_text
from bot.telegram.callbacks import MAX_BYTES, Bool, Callback, CallbackTooLong, Choice, Int, Str
from conversations import submission
from storage.database import Database
from tests.support.form import SKIP, fill
from tests.support.records import stored

BENEFICIARIES = optional_text("beneficiaries", group="d")
TEXTS = {
    "id": "field-beneficiaries = Penerima manfaat\n"
    "sub-ask-beneficiaries = Siapa saja penerima manfaatnya? (boleh dilewati)\n",
    "en": "field-beneficiaries = Beneficiaries\n"
    "sub-ask-beneficiaries = Who benefits from it? (optional)\n",
}


@pytest.fixture
def form():
    """The form with one more optional question, after the benefit: one entry. (Its column,
    `innovation.beneficiaries`, exists; a new one would come with a migration.)"""
    with FORM.added(BENEFICIARIES, after="benefit"):
        yield FORM


@pytest.fixture
def texts() -> Catalog:
    catalog = Catalog()
    for lang, source in TEXTS.items():
        catalog.add(lang, source)
    return catalog


async def test_an_optional_question_added_in_the_declaration_is_asked_everywhere(
    person, database: Database
) -> None:
    siti = await person("staff", opd="DINKES")
    replies = await fill(siti, {"title": "Posyandu Digital"}, until="beneficiaries")
    # One more question: every question counts it.
    assert replies.last.text == (
        "Siapa saja penerima manfaatnya? (boleh dilewati)\nPertanyaan 10 dari 13"
    )
    assert replies.last.button_labels == [["⬅️ Kembali", "Lewati"]]
    replies = await fill(siti, {"beneficiaries": "Ibu hamil dan balita."}, start=None,
                         after="benefit")  # fmt: skip
    review = replies.last
    assert "Penerima manfaat: Ibu hamil dan balita." in review.text
    assert "Manfaat dan penerima manfaat: " in review.text
    assert ["✏️ Tujuan", "✏️ Manfaat dan penerima manfaat", "✏️ Penerima manfaat"] in (
        review.button_labels
    )
    assert (await stored(database)).beneficiaries == "Ibu hamil dan balita."

    # Corrected from the review screen, and skipped: it is optional, Kirim still goes.
    replies = await siti.press("✏️ Penerima manfaat")
    assert replies.last.text.startswith("Siapa saja penerima manfaatnya?")
    replies = await siti.press("Lewati")
    assert "Penerima manfaat: —" in replies.last.text
    replies = await siti.press("📤 Kirim")
    assert "telah terkirim" in replies.last.text
    assert (await stored(database)).beneficiaries is None

    # The record as others read it.
    budi = await person("coordinator", opd="DISKOMINFOSANDITIK", name="Budi Santoso")
    assert "Penerima manfaat: —" in (await budi.send("/lihat 1")).text
    # And its export column, in the file a coordinator gets, after the benefit.
    assert "field-beneficiaries" in [c.header_key for c in FORM.export_columns()]
    await siti.send("/ubah 1")
    await siti.press("✏️ Penerima manfaat")
    await siti.send("Ibu hamil dan balita.")
    replies = await budi.send("/ekspor")
    content = budi.emulator.files[replies.last.document["file_id"]].content
    sheet = load_workbook(io.BytesIO(content))["Inovasi"]
    header = [cell.value for cell in sheet[1]]
    at = header.index("Penerima manfaat")
    assert header[at - 1] == "Manfaat dan penerima manfaat"
    assert sheet.cell(2, at + 1).value == "Ibu hamil dan balita."
    history = [[c.value for c in row] for row in load_workbook(io.BytesIO(content))["Riwayat"]]
    assert history[-1][3:9] == [
        "Isian diubah", None, None, "Penerima manfaat", None, "Ibu hamil dan balita."
    ]  # fmt: skip


async def test_walking_the_form_with_the_added_question_skipped_by_default(
    person, database: Database
) -> None:
    siti = await person("staff")
    replies = await fill(siti, {"beneficiaries": SKIP})
    assert "Penerima manfaat: —" in replies.last.text


def test_every_question_has_its_texts_in_both_languages() -> None:
    catalog = Catalog()
    for lang in LANGUAGES:
        keys = [k for form in (FORM, IID_FORM) for q in form for k in q.keys]
        missing = [k for k in keys if k not in catalog.keys(lang)]
        assert missing == [], (lang, missing)


def test_the_form_gives_states_missing_answers_review_rows_and_export_columns() -> None:
    assert FORM.names[:3] == ["title", "pillars", "quick_win"]
    assert FORM.next("evidence") is None and FORM.previous("title") is None
    assert FORM.previous("start_date") is FORM["benefit"]
    assert [q.name for q in FORM if q.optional] == ["link", "evidence"]
    assert [[q.name for q in row] for row in FORM.review_rows()] == [
        ["title", "pillars"],
        ["quick_win", "stage", "kind"],
        ["problem", "solution"],
        ["goal", "benefit"],
        ["start_date", "link", "evidence"],
    ]
    columns = [(c.header_key, c.column) for c in FORM.export_columns()]
    assert columns[0] == ("field-title", "title")
    assert ("field-evidence", None) in columns  # counted by the export
    assert "field-pillars" not in dict(columns)  # one 1/0 column per pillar, by the export
    flow = submission.build(Catalog())
    assert set(FORM.names) <= set(flow.states)
    # Every kind is used by one of the two declarations (the IID's brings the rupiah).
    assert {q.kind for q in FORM} | {q.kind for q in IID_FORM} == set(Kind)


def test_callback_data_are_typed_and_never_longer_than_telegram_takes() -> None:
    review = Callback("rev:s", Choice.of("criterion", ("fungsional", "mutakhir")), Int("score", 1))
    assert review.data("mutakhir", 5) == "rev:s:mutakhir:5"
    assert review.parse("rev:s:mutakhir:5") == ("mutakhir", 5)
    assert review.parse("rev:s:lain:5") is None and review.parse("rev:s:mutakhir:55") is None
    assert review.parse(None) is None
    switch = Callback("sch:on", Str("kind", 12), Bool("on"))
    assert switch.parse(switch.data("weekly", True)) == ("weekly", True)
    with pytest.raises(CallbackTooLong):  # at declaration: it could exceed 64 bytes
        Callback("x", Str("a", 40), Str("b", 40))
    with pytest.raises(CallbackTooLong):  # at build: longer than declared
        switch.data("a" * 13, True)
    with pytest.raises(ValueError):
        switch.data("weekly:x", True)  # no separator smuggled in
    with pytest.raises(ValueError):
        review.data("mutakhir", -1)
    group = Callback("grp:use", Int("group", 20, signed=True))  # a group's id is negative
    assert group.parse(group.data(-1_001_234_567_890)) == (-1_001_234_567_890,)
    assert group.parse("grp:use:--1") is None and group.parse("grp:use:-" + "1" * 21) is None
    for name in dir(submission):
        value = getattr(submission, name)
        if isinstance(value, Callback):
            assert value.longest <= MAX_BYTES
