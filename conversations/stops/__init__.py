"""A stop is news: after ⏸ Berhenti a check-in asks why (a reason, then a note), the
coordinators are told, and a stopped innovation's screen offers "it runs again" (``flow``).
May import what ``conversations`` may, and ``conversations.common``; ``conversations.checkin``
imports it, never the other way round."""
