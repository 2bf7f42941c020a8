"""Running the regency's bot from the chat: invites and access requests, members and their
roles, OPDs, schedules, broadcasts, and the groups the bot is added to (the coordinators'
group). May import what ``conversations`` may, and ``conversations.common``."""
