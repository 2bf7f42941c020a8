"""The record and its rules, without Telegram: an innovation's valid answers and status
changes, the form's declaration (its questions, shared by the chat, the view and the export),
how one is shown, the OPD list's CSV, and the evidence store (files kept by their sha256).
May import ``bot.core`` and ``storage``."""
