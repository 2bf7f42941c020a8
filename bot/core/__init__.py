"""What every part of the bot may use, knowing no capability and no flow: settings, the
clock, logging, the texts (Fluent catalogs in ``bot/locales``) and how numbers, dates and
money are written, the one parser of typed numbers, the policy of who may do what, the
spreadsheet writer, the command line's failures and the web server the dashboard and the
webhook share. May import only ``storage`` and outside libraries."""
