"""The monitoring of the approved innovations in chat: /pemantauan's pages (``screens``), each
innovation with its freshness and since when. May import what ``conversations`` may, and
``conversations.common``."""
