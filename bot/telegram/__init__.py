"""Telegram plumbing that knows no flow: the Application as this bot builds it, the typed
context (``Services``), callback data (one codec), the command table and menus, screens,
sending, the rate limiter, the update lanes (one chat in order), the webhook, the stored
conversation state, who is calling (people), the coordinators' group and login signatures.
May import ``bot.core`` and ``storage``."""
