"""Persistence: models, the engine factory, repositories and migrations."""
