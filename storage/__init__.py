"""Persistence: models, the engine factory, repositories, the tally and migrations. The
bottom layer: imports nothing of the bot."""
