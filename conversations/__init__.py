"""Every handler a person reaches, commands and multi-step flows together, one module per
capability (submission, review, registration, members and invites, OPDs, reports, search,
check-ins, IID, schedule, broadcast, groups, dashboard login, help). May import every
capability of ``bot`` below the composition root, ``storage`` and each other; never
``web`` or ``bot.app``."""
