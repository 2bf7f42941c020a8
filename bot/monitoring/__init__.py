"""Check-ins: whether an approved innovation still runs, its freshness, its benefit
measures and the overview the summary, the dashboard and the export read. May import
``bot.innovations``, ``bot.telegram``, ``bot.core`` and ``storage``."""
