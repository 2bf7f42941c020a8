"""The permission table, without Telegram."""

from __future__ import annotations

import pytest

from bot.core.policy import Action, Actor, can
from storage.models import MemberStatus, Role

STRANGER = Actor(None)
STAFF = Actor(Role.STAFF, opd_id=1)
COORDINATOR = Actor(Role.COORDINATOR, opd_id=2)
ADMIN = Actor(Role.ADMIN, opd_id=None)
BLOCKED_ADMIN = Actor(Role.ADMIN, MemberStatus.BLOCKED)

A = Action
# action, opd, stranger, staff (OPD 1), coordinator (OPD 2), admin, blocked admin
TABLE = [
    (A.REGISTER, None, True, False, False, False, False),
    (A.USE_BOT, None, False, True, True, True, False),
    (A.SUBMIT, 1, False, True, False, True, False),
    (A.SUBMIT, 3, False, False, False, True, False),
    (A.VIEW_INNOVATION, 1, False, True, True, True, False),
    (A.VIEW_INNOVATION, 3, False, False, True, True, False),
    (A.EDIT_INNOVATION, 1, False, True, False, True, False),
    (A.EDIT_INNOVATION, 2, False, False, True, True, False),
    (A.EDIT_INNOVATION, 3, False, False, False, True, False),
    (A.LIST_ALL, None, False, False, True, True, False),
    (A.REVIEW, None, False, False, True, True, False),
    (A.REPORT, None, False, False, True, True, False),
    (A.MANAGE_MEMBERS, None, False, False, False, True, False),
    (A.MANAGE_INVITES, None, False, False, False, True, False),
    (A.DECIDE_ACCESS, None, False, False, False, True, False),
    (A.BROADCAST, None, False, False, False, True, False),
    (A.SCHEDULE, None, False, False, False, True, False),
    (A.CONFIGURE, None, False, False, False, True, False),
    (A.ADD_TO_GROUP, None, False, False, True, True, False),
    (A.MANAGE_PLANS, None, False, False, True, True, False),
    (A.VIEW_PLAN, None, False, True, True, True, False),
    (A.IMPORT_INNOVATIONS, None, False, False, False, True, False),
]


@pytest.mark.parametrize(("action", "opd", *"abcde"), TABLE)
def test_who_may_do_what(action, opd, a, b, c, d, e) -> None:
    actors = (STRANGER, STAFF, COORDINATOR, ADMIN, BLOCKED_ADMIN)
    got = tuple(can(actor, action, opd_id=opd) for actor in actors)
    assert got == (a, b, c, d, e)


def test_every_action_is_in_the_table() -> None:
    assert {row[0] for row in TABLE} == set(Action)


def test_only_the_notice_button_works_in_a_group() -> None:
    from bot.telegram.callbacks import button_allowed_in_group

    assert button_allowed_in_group("ino:view:12")
    for data in ("ino:page:0", "ino:view:12:x", "rev:open:12", "mem:role:1:a", "", None):
        assert not button_allowed_in_group(data)
