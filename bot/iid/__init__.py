"""The national innovation index record (Indeks Inovasi Daerah): its indicators, the
questions beyond the form, readiness and the indicators' CSV. May import ``bot.innovations``,
``bot.telegram``, ``bot.core`` and ``storage``."""
