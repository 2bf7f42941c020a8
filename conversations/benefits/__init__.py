"""Benefit in numbers (manfaat) in chat: the check-in's measure questions (``steps``: which
measure is asked next, its value stored) and the admins' /manfaat (``admin``: the measures and
their CSV, a CSV sent back replaces them). May import what ``conversations`` may, and
``conversations.common``; never ``conversations.checkin``, which imports ``steps``."""
