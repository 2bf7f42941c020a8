"""Coordinators' decisions beyond the verdict screen: which files added after approval the
public may see. May import the capabilities below it (``bot.delivery`` and down),
``bot.telegram``, ``bot.core`` and ``storage``."""
