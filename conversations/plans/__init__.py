"""The OPDs' action plans (rencana aksi) in chat: /rencana's screens (``screens``: an OPD's own
plan, every OPD's for coordinators, an entry with its link to an innovation) and the flow that
adds an entry (``form``). May import what ``conversations`` may, and ``conversations.common``
and ``conversations.flow``."""
