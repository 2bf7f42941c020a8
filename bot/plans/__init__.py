"""The regency's plans and its backlog, without Telegram: loading the innovations already
recorded elsewhere from a spreadsheet (xlsx or CSV, checked row by row, written in bulk in one
transaction) and the template for it; each OPD's action plan (rencana aksi), its states and
its import.
May import ``bot.innovations``, ``bot.core`` and ``storage``."""
