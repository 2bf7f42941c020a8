"""Scheduled and bulk sending: the daily summary, reminders, broadcasts, within Telegram's
limits and exactly once."""
