"""Inovasi Bot: the Telegram application, its commands, jobs and texts."""

__version__ = "0.1.0"
