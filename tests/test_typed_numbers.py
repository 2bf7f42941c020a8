"""Numbers as people type them: one parser (ASCII digits, a range, the reason for a refusal),
and the bot's answer to what it refuses, on both databases."""

from __future__ import annotations

import re
from datetime import date

import pytest
from hypothesis import example, given
from hypothesis import strategies as st
from sqlalchemy import func, select

from bot.core.textinput import MAX_ID, NumberProblem, innovation_number, parse_count
from bot.delivery.schedules import parse_days, parse_time
from bot.iid.record import Invalid, parse_rupiah
from bot.innovations.rules import parse_partial_date
from bot.telegram.callbacks import VIEW_INNOVATION
from sandbox.client import Sandbox
from storage.database import Database
from storage.models import Checkin, ConversationState, Innovation
from tests.support.checkins import FIRST_MEASURE, asked

USAGE = "Tulis nomor inovasinya, misalnya {} 12."
TOO_LARGE = (
    "Mohon maaf, tidak ada inovasi dengan nomor sebesar itu. Mohon periksa lagi nomornya, "
    "misalnya {} 12."
)
SERVED = "Berapa orang yang dilayani inovasi ini"
NOT_SERVED = (
    'Mohon maaf, "{}" belum dapat saya baca sebagai jumlah orang. Tulis dengan angka saja, '
    'misalnya 1250 atau 1.250 (bukan "seribu").'
)
SERVED_TOO_LARGE = (
    "Mohon maaf, angka itu terlalu besar untuk satu periode (paling banyak 10.000.000). "
    "Periksa lagi angkanya, misalnya 1250."
)


async def stored(database: Database) -> tuple[int, int]:
    """Innovations, and flows waiting for an answer."""
    async with database.reading() as session:
        innovations = await session.scalar(select(func.count()).select_from(Innovation))
        flows = await session.scalar(select(func.count()).select_from(ConversationState))
    return innovations or 0, flows or 0


async def test_an_innovation_number_the_bot_cannot_read_is_refused_politely(
    person, database: Database
) -> None:
    siti = await person("staff")
    before = await stored(database)
    for command in ("/lihat", "/ubah"):
        # "²" is a digit to str.isdigit() and not to int(); "١٢" is 12 to int(), and no clerk's.
        for typed in ("²", "١٢", "12a", "-3", "1.2"):
            assert (await siti.send(f"{command} {typed}")).texts == [USAGE.format(command)]
        # Above PostgreSQL's integer: no innovation, not a query the database refuses.
        for typed in ("2147483648", "99999999999999999999", "9" * 5000):
            assert (await siti.send(f"{command} {typed}")).texts == [TOO_LARGE.format(command)]
    assert (await siti.send("/lihat 2147483647")).texts == ["Inovasi #2147483647 tidak ditemukan."]
    assert (await siti.send("/ubah #2147483647")).texts == ["Inovasi #2147483647 tidak ditemukan."]
    assert await stored(database) == before  # no flow started, nothing written
    rina = await person("staff", name="Rina Marlina", language="en")
    assert (await rina.send("/lihat 2147483648")).texts == [
        "Sorry, no innovation has a number that large. Please check the number, e.g. /lihat 12."
    ]
    assert (await rina.send("/ubah ²")).texts == ["Write the innovation's number, e.g. /ubah 12."]


async def test_people_served_the_bot_cannot_read_are_refused_politely(
    sandbox: Sandbox, person, database: Database
) -> None:
    siti, _, _ = await asked(sandbox, person)
    await siti.press("✅ Masih berjalan")
    assert (await siti.press("Lewati")).last.text.startswith(SERVED)
    # More digits than int() reads (4,300): too large, like any number above the most.
    assert (await siti.send("7" * 4301)).texts == [SERVED_TOO_LARGE]
    assert (await siti.send("1" + "0" * 20)).texts == [SERVED_TOO_LARGE]
    for typed in ("²", "١٢٥٠", "1.25.0", "1.250,000"):
        assert (await siti.send(typed)).texts == [NOT_SERVED.format(typed)]
    async with database.reading() as session:
        [checkin] = list(await session.scalars(select(Checkin)))
    assert checkin.served is None  # nothing stored while the answer was refused
    assert (await siti.send(" 1 250 orang ")).last.text.startswith(FIRST_MEASURE)
    async with database.reading() as session:
        assert await session.scalar(select(Checkin.served)) == 1250


# --- the parser --------------------------------------------------------------------------------

bounds = st.integers(0, 10**15).flatmap(lambda low: st.tuples(st.just(low), st.integers(low)))


@given(bounds.flatmap(lambda b: st.tuples(st.just(b), st.integers(*b))), st.integers(0, 3))
def test_a_number_in_range_reads_as_itself(bounds_and_value, zeros: int) -> None:
    (low, high), value = bounds_and_value
    for typed in (str(value), f"  {'0' * zeros}{value}\n"):
        assert parse_count(typed, minimum=low, maximum=high) == value
    grouped = f"{value:,}".replace(",", ".")
    assert parse_count(grouped, minimum=low, maximum=high, grouped=True) == value


@given(st.integers(1, 10**9).filter(lambda n: n >= 1000), st.sampled_from([".", ",", " "]))
def test_thousands_grouped_only_when_asked(value: int, separator: str) -> None:
    typed = f"{value:,}".replace(",", separator)
    assert parse_count(typed, minimum=0, maximum=10**9, grouped=True) == value
    assert parse_count(typed, minimum=0, maximum=10**9) is NumberProblem.NOT_A_NUMBER


@given(st.integers(), st.integers(0, 10**12))
def test_a_number_out_of_range_says_which_way(value: int, high: int) -> None:
    low = high // 2
    result = parse_count(str(value), minimum=low, maximum=high)
    if value < 0:
        assert result is NumberProblem.NEGATIVE
    elif value > high:
        assert result is NumberProblem.TOO_LARGE
    elif value < low:
        assert result is NumberProblem.TOO_SMALL
    else:
        assert result == value


@given(st.text(), st.booleans())
@example("²", False)
@example("١٢", False)
@example("9" * 4301, False)
@example("1" + ".000" * 2000, True)
def test_any_text_is_a_number_in_range_or_a_reason(text: str, grouped: bool) -> None:
    result = parse_count(text, minimum=1, maximum=MAX_ID, grouped=grouped)
    if isinstance(result, NumberProblem):
        return
    assert 1 <= result <= MAX_ID
    # Only ASCII digits (and, grouped, the separators of thousands) were read.
    assert re.fullmatch(r"[0-9., \u00a0\u202f]+", text.strip())
    assert int(re.sub(r"[^0-9]", "", text)) == result


@given(st.text(st.characters(categories=["Nd", "No"]).filter(lambda c: not "0" <= c <= "9")))
def test_digits_other_than_ascii_are_not_a_number(text: str) -> None:
    assert parse_count(text, minimum=0, maximum=10**9) is NumberProblem.NOT_A_NUMBER


@given(st.integers(MAX_ID + 1, 10**30))
def test_an_innovation_number_beyond_the_database_is_too_large(value: int) -> None:
    assert innovation_number(f"#{value}") is NumberProblem.TOO_LARGE
    assert innovation_number(f" #{MAX_ID} ") == MAX_ID


@pytest.mark.parametrize("typed", ["٢٥ juta", "Rp ２５.０００.０００", "２５jt"])
def test_a_budget_in_other_digits_is_not_an_amount(typed: str) -> None:
    with pytest.raises(Invalid) as refused:
        parse_rupiah(typed)
    assert refused.value.key == "iid-budget-invalid"


def test_other_numbers_read_ascii_digits_only() -> None:
    assert VIEW_INNOVATION.parse(VIEW_INNOVATION.data(12)) == (12,)
    assert VIEW_INNOVATION.parse(VIEW_INNOVATION.data(12).replace("12", "١٢")) is None  # forged
    assert parse_time("16.00") is not None and parse_time("١٦.٠٠") is None
    assert parse_days("1,2,²,٣,9, 5") == {1, 2, 5}
    today = date(2026, 12, 7)
    assert parse_partial_date("17/08/2024", today).day == date(2024, 8, 17)
    for odd in ("١٧/٠٨/٢٠٢٤", "17 Agustus ٢٠٢٤", "٢٠٢٤", "²⁰²⁴"):
        with pytest.raises(Invalid):
            parse_partial_date(odd, today)
