"""Persistence: models, the engine factory, repositories, the tally and migrations. The
bottom layer: imports nothing of the bot."""

# The action plans' table lives in a module of its own; imported here so that it is part of
# the models' metadata wherever storage is used (the migrations' check, create_all in tests).
from storage import plans as plans
