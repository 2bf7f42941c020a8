"""Repositories take a session and never commit: the handler or job owns the transaction.
May import only ``storage``."""

from storage.repositories.invites import InviteRepository
from storage.repositories.members import MemberRepository
from storage.repositories.opds import OpdRepository
from storage.repositories.pillars import PillarRepository

__all__ = ["InviteRepository", "MemberRepository", "OpdRepository", "PillarRepository"]
