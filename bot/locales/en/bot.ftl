# Texts for people, in English. The same keys must stand in ../id/bot.ftl.

error-generic =
    Sorry, something went wrong while processing your message. What was already saved is safe.
    Please try again in a moment.

start-welcome-member =
    Welcome back, <b>{ $name }</b>.
    You are registered as { $role } for <b>{ $opd }</b>.
start-welcome-guest =
    Welcome to <b>Inovasi Bot</b>, the service for collecting smart-city innovations.

    To register, open the invite link from the Diskominfo admin, or send your invite code here.
start-welcome-blocked =
    Sorry, your account has been deactivated. Please contact the Diskominfo admin.

role-staff = staff
role-coordinator = coordinator
role-admin = admin
opd-none = (no OPD)

unknown-message =
    Sorry, I cannot process this message yet. Type /start to return to the main menu.
