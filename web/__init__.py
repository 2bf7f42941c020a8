"""The web dashboard: public pages of approved innovations, coordinators' pages after a
Telegram login, served by the bot's own process from the same database. May import the
capabilities of ``bot`` below the composition root and ``storage``; never ``conversations``
or ``bot.app``."""
