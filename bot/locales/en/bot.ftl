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

## The terminal sandbox (`inovasi-bot sandbox`): for trainers and coordinators trying the bot.

sandbox-banner =
    Inovasi Bot sandbox: the real bot, an emulated Telegram, no internet.
    Database: { $database }
    Type messages as in Telegram. Type :help for sandbox commands, :quit to finish.
sandbox-invites = Invite codes to try as a new person (:as new), type /start CODE:
sandbox-invite-line = { $role } ({ $opd }): { $code }
sandbox-help =
    Sandbox commands:
      :as staff|coordinator|admin|new   switch person
      1, 2, 3 …                          press a numbered button of the bot's last message
      :text TEXT                         send text as it is (a number, say)
      :photo [caption]                   send a sample photo
      :file PATH                         send a file from this computer
      :contact                           share a phone number
      :sticker                           send a sticker
      :group                             show the coordinators' group
      :time HH:MM                        move the sandbox clock forward (scheduled summaries, reminders)
      :quit                              finish
sandbox-now-speaking = ── You are now: { $name } ({ $role }) ──
sandbox-now-speaking-guest = ── You are now: { $name } (not registered) ──
sandbox-empty-line = (An empty message is not sent. Type a message, a button number, or :help.)
sandbox-too-long = (Message too long: { $length } characters, Telegram's limit is { $limit }. Not sent.)
sandbox-no-buttons = (There are no numbered buttons now. To send a number as text, type :text { $number })
sandbox-button-out-of-range = (There is no button { $number }; choose 1 to { $count }.)
sandbox-unknown-command = (Unknown sandbox command: { $command }. Type :help.)
sandbox-unknown-person = (Choose one of: staff, coordinator, admin, new.)
sandbox-bad-time = (Write the time as HH:MM, e.g. :time 16:00.)
sandbox-time-now = (Sandbox clock is now { $time }. Scheduled jobs run: { $jobs }.)
sandbox-file-missing = (No such file: { $path })
sandbox-button-gone = (That button is gone.)
sandbox-no-answer = (The bot did not answer.)
sandbox-group-empty = (No messages in the coordinators' group yet.)
sandbox-photo = [photo]
sandbox-edited = (edited)
sandbox-deleted = (message deleted)
sandbox-to-group = [coordinators' group]
sandbox-to-person = [to { $name }]
sandbox-bye = Goodbye.
