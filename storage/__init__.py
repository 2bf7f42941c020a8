"""Persistence: models, the engine factory, repositories, the tally and migrations. The
bottom layer: imports nothing of the bot."""

# The action plans' and the benefit measures' tables live in modules of their own; imported
# here so that they are part of the models' metadata wherever storage is used (the
# migrations' check, create_all in tests).
from storage import benefits as benefits
from storage import plans as plans
