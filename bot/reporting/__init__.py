"""Reports and exports: the status summary and its charts, the Excel and CSV export (with the
check-in and IID sheets) and the export with the evidence files. May import ``bot.iid``,
``bot.monitoring``, ``bot.innovations``, ``bot.telegram``, ``bot.core`` and ``storage``."""
