"""Walking the submission form as a person does, from the form's declaration: tests say which
answers they care about, by question, and the helper answers the rest in the form's order, so
reordering or adding a question breaks no test that is not about it.

    replies = await fill(siti, {"title": "Posyandu Digital", "link": SKIP})
    replies.last  # the review screen
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from bot.core.texts import Catalog
from bot.innovations.form import FORM, Kind, Question
from sandbox.client import Person

TEXTS = Catalog()


class _Skip:
    def __repr__(self) -> str:
        return "SKIP"


SKIP = _Skip()  # an optional question answered with Lewati (files: Selesai with none)


@dataclass(frozen=True)
class Press:
    """An answer given by pressing a button with this label (a date's "Bulan ini")."""

    label: str


@dataclass(frozen=True)
class Document:
    content: bytes
    name: str
    mime_type: str


PROBLEM = "Pencatatan balita masih di buku; data gizi terlambat 2–3 bulan."

# A full submission's answers; a test gives only those it is about.
DEFAULTS: dict[str, Any] = {
    "title": "Posyandu Digital",
    "pillars": ["Smart Living"],
    "quick_win": True,
    "stage": "uji_coba",
    "kind": "digital",
    "problem": PROBLEM,
    "solution": "Kader mencatat di aplikasi; puskesmas melihat dasbor harian.",
    "goal": "Menurunkan stunting dengan data yang cepat.",
    "benefit": "Ibu dan balita di 26 kecamatan; kader posyandu.",
    "start_date": "17 Agustus 2024",
    "link": SKIP,
    "evidence": SKIP,
}

# The answers of a complete record (every question, files included).
COMPLETE: dict[str, Any] = {
    **DEFAULTS,
    "pillars": ["Smart Living", "Smart Governance"],
    "link": "https://posyandu.sumedangkab.go.id",
    "evidence": [b"\xff\xd8 kegiatan posyandu",
                 Document(b"%PDF-1.4 sk bupati", "SK Bupati.pdf", "application/pdf")],
}  # fmt: skip


def answer_for(question: Question, answers: Mapping[str, Any]) -> Any:
    if question.name in answers:
        return answers[question.name]
    if question.name in DEFAULTS:
        return DEFAULTS[question.name]
    if question.optional:
        return SKIP
    raise KeyError(f"no answer for the required question {question.name!r}")


async def answer(person: Person, question: Question, value: Any, *, lang: str = "id") -> Any:
    """Answer one question (the one being asked) as a person would; the bot's replies."""
    t = TEXTS.text
    if value is SKIP:
        label = "button-done" if question.kind is Kind.FILES else "button-skip"
        return await person.press(t(lang, label))
    if isinstance(value, Press):
        return await person.press(value.label)
    if question.kind is Kind.CHOICE:
        option = next((o for o in question.options if o.value == value), None)
        assert option is not None, f"{question.name}: no option {value!r}"
        return await person.press(t(lang, option.label_key))
    if question.kind is Kind.MULTI_CHOICE:
        for name in value:
            await person.press(f"⬜ {name}")
        return await person.press(t(lang, "button-done"))
    if question.kind is Kind.FILES:
        for item in value:
            if isinstance(item, Document):
                await person.send_document(item.content, item.name, item.mime_type)
            else:
                await person.send_photo(item)
        return await person.press(t(lang, "button-done"))
    return await person.send(value)


async def fill(
    person: Person,
    answers: Mapping[str, Any] | None = None,
    *,
    start: str | None = "/baru",
    after: str | None = None,
    until: str | None = None,
    lang: str = "id",
) -> Any:
    """Start the form (`start`; None when the question to answer is already asked) and answer
    its questions in the form's order: from the one after `after` (else the first), up to the
    one before `until` (else the last). The last replies (after the last question: the
    review screen)."""
    answers = answers or {}
    unknown = set(answers) - set(FORM.names)
    assert not unknown, f"not questions of the form: {unknown}"
    replies = await person.send(start) if start else None
    questions = list(FORM)
    if after is not None:
        questions = questions[FORM.names.index(after) + 1 :]
    for question in questions:
        if question.name == until:
            break
        replies = await answer(person, question, answer_for(question, answers), lang=lang)
    return replies
