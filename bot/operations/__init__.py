"""Running the bot for the regency: backups and restore, copying a database, downloading
evidence into the store (and pruning it), health and metrics. May import every capability
below the handlers (``bot.delivery`` and down), ``bot.telegram``, ``bot.core`` and
``storage``; nothing imports it but the handlers, the composition root and the command line."""
