"""Who may do what: one place, plain functions, tested as a table.

Every command and every button asks here on the server, whatever the button claimed.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass

from storage.models import Member, MemberStatus, Role


class Action(enum.StrEnum):
    REGISTER = "register"
    USE_BOT = "use_bot"  # help, language, the main menu
    SUBMIT = "submit"
    VIEW_INNOVATION = "view_innovation"
    EDIT_INNOVATION = "edit_innovation"
    LIST_ALL = "list_all"
    REVIEW = "review"
    REPORT = "report"  # summary, missing, search, export
    MANAGE_MEMBERS = "manage_members"
    MANAGE_INVITES = "manage_invites"
    DECIDE_ACCESS = "decide_access"
    BROADCAST = "broadcast"
    SCHEDULE = "schedule"
    CONFIGURE = "configure"  # the coordinators' group
    ADD_TO_GROUP = "add_to_group"  # add the bot to a group, which admins may then choose
    VIEW_PLAN = "view_plan"  # /rencana: one's own OPD's action plan (everyone's: managers)
    # Add and delete action-plan entries, for any OPD, in chat or from a file (/impor).
    MANAGE_PLANS = "manage_plans"
    IMPORT_INNOVATIONS = "import_innovations"  # the backlog of innovations from a file


STAFF_ACTIONS = {
    Action.USE_BOT,
    Action.SUBMIT,
    Action.VIEW_INNOVATION,
    Action.EDIT_INNOVATION,
    Action.VIEW_PLAN,
}
# Coordinators may add the bot to a group too: they often make the coordinators' group
# themselves. The admins still choose it (the offer names who added the bot).
COORDINATOR_ACTIONS = STAFF_ACTIONS | {
    Action.LIST_ALL,
    Action.REVIEW,
    Action.REPORT,
    Action.ADD_TO_GROUP,
    Action.MANAGE_PLANS,
}
ADMIN_ACTIONS = COORDINATOR_ACTIONS | {
    Action.MANAGE_MEMBERS,
    Action.MANAGE_INVITES,
    Action.DECIDE_ACCESS,
    Action.BROADCAST,
    Action.SCHEDULE,
    Action.CONFIGURE,
    Action.IMPORT_INNOVATIONS,
}
ROLE_ACTIONS = {
    Role.STAFF: STAFF_ACTIONS,
    Role.COORDINATOR: COORDINATOR_ACTIONS,
    Role.ADMIN: ADMIN_ACTIONS,
}
# Changing an innovation is for its own OPD (admins excepted); reading one is for its own OPD
# unless the person reads everything (coordinators, admins).
CHANGES = {Action.SUBMIT, Action.EDIT_INNOVATION}


@dataclass(frozen=True)
class Actor:
    """The person behind an update, as far as permissions go."""

    role: Role | None  # None: not registered
    status: MemberStatus = MemberStatus.ACTIVE
    opd_id: int | None = None

    @classmethod
    def of(cls, member: Member | None) -> Actor:
        if member is None:
            return cls(role=None)
        return cls(Role(member.role), MemberStatus(member.status), member.opd_id)


def can(actor: Actor, action: Action, *, opd_id: int | None = None) -> bool:
    """May `actor` do `action` (on something of OPD `opd_id`, where that matters)?"""
    if actor.role is None:
        return action is Action.REGISTER
    if actor.status is not MemberStatus.ACTIVE:
        return False
    if action not in ROLE_ACTIONS[actor.role]:
        return False
    if opd_id is None or actor.role is Role.ADMIN:
        return True
    if action in CHANGES:
        return opd_id == actor.opd_id
    if action is Action.VIEW_INNOVATION and actor.role is Role.STAFF:
        return opd_id == actor.opd_id
    return True
