"""Sending within Telegram's limits and exactly once: the outbox and its delivery log, the
scheduler and the schedules, the daily summary, reminders, the check-in round, broadcasts and
the tally's folding. May import ``bot.reporting`` and the capabilities below it,
``bot.telegram``, ``bot.core`` and ``storage``."""
