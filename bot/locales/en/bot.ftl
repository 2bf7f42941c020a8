# Texts for people, in English. The same keys must stand in ../id/bot.ftl.

error-generic =
    Sorry, something went wrong while processing your message. What was already saved is safe.
    Please try again in a moment.

start-welcome-member =
    Welcome back, <b>{ $name }</b>.
    You are registered as { $role } for <b>{ $opd }</b>.
    Choose from the menu below, or type /help.
start-welcome-guest =
    Welcome to <b>Inovasi Bot</b>, the service for collecting smart-city innovations.

    To register, open the invite link from the Diskominfo admin, or send your invite code here.
    No code? Press the button below to request access.

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
sandbox-dashboard = Web dashboard: { $address } (coordinators log in with /dashboard)
sandbox-invites = Invite codes to try as a new person (:as new), type /start CODE:
sandbox-invite-line = { $role } ({ $opd }): { $code }
sandbox-help =
    Sandbox commands (a line that starts with : is never sent to the bot):
      :1, :2, :3 …                       press a numbered button (also :press 2)
      a number or any other text         sent as it is, 2027 for instance
      :as staff|coordinator|admin        switch person
      :as new                            someone the bot has never seen (another one each time)
      :as NAME                           back to a newcomer met before, e.g. :as asep
      :text TEXT                         send text as it is (also one that starts with :)
      :photo [caption]                   send a sample photo
      :file PATH                         send a file from this computer
      :contact                           share a phone number
      :sticker                           send a sticker
      :group                             open the coordinators' group: its messages and buttons, typing there
      :private                           back to the private chat with the bot
      :time HH:MM                        move the sandbox clock forward (scheduled summaries, reminders)
      :quit                              finish
    What the bot sends in the background (broadcasts, notices, schedules) is shown as it arrives.
    Files and pictures from the bot are saved in { $files } and their path shown.
sandbox-now-speaking = ── You are now: { $name } ({ $role }) ──
sandbox-now-speaking-guest = ── You are now: { $name } (not registered) ──
sandbox-empty-line = (An empty message is not sent. Type a message, :button number, or :help.)
sandbox-too-long = (Message too long: { $length } characters, Telegram's limit is { $limit }. Not sent.)
sandbox-no-buttons = (There are no numbered buttons now.)
sandbox-button-out-of-range = (There is no button :{ $number }; choose :1 to :{ $count }.)
sandbox-unknown-command = (Unknown sandbox command: { $command }. Type :help.)
sandbox-unknown-person = (Choose one of: { $names }.)
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
sandbox-back-to-stranger = (Come back to this newcomer with :as { $name }.)
sandbox-prompt-group = [group]
sandbox-press-how = (Give the button's number, e.g. :press 2 or :2.)
sandbox-in-private = (Back in the private chat with the bot.)
sandbox-in-group = (You are now in the coordinators' group: what you type and :button numbers go here. :private to go back.)
sandbox-not-in-group = ({ $name } is not in the coordinators' group: looking only.)
sandbox-last-message = (The bot's last message in this chat:)
sandbox-to-private = [private chat]
sandbox-file-saved = 💾 saved: { $path }
sandbox-bye = Goodbye.

## Menus, commands, refusals

menu-help = ❓ Help
menu-language = 🌐 Language
menu-members = 👥 Members
menu-invites = ✉️ Invites
cmd-start = Start, or return to the main menu
cmd-bantuan = What I can do here
cmd-bahasa = Choose a language
cmd-batal = Cancel the current step
cmd-anggota = Manage members: role, OPD, block
cmd-undang = Create and revoke invite codes
refused-not-registered = Sorry, you are not registered yet. Type /start to register.
refused-blocked = Sorry, your account has been deactivated. Please contact the Diskominfo admin.
refused-not-allowed = Sorry, this command is not available for your role.
cancelled = Cancelled. Type /start to return to the main menu.
nothing-to-cancel = Nothing is in progress. Type /start to open the main menu.
button-skip = Skip
button-back = ⬅️ Back
button-cancel = ✖️ Cancel
button-prev = ⬅️ Previous
button-next = Next ➡️
button-approve = ✅ Approve
button-reject = ❌ Reject
please-type-text = Please type your answer as text.
button-expired = This button is no longer valid. Please start again from the menu.
button-private-only = This button only works in your private chat with the bot.

## Registration

reg-button-request = 🙋 Request access without an invite
reg-ask-code = Please type your invite code.
reg-code-unknown = The invite code <code>{ $code }</code> is not known. Please check it, or ask the Diskominfo admin for a new one.
reg-code-expired = This invite code expired on { $date }. Please ask the Diskominfo admin for a new one.
reg-code-used-up = This invite code has been used up. Please ask the Diskominfo admin for a new one.
reg-code-revoked = This invite code has been revoked. Please ask the Diskominfo admin for a new one.
reg-code-not-used =
    This invite code was <b>not used</b>. You are already registered as { $role } for <b>{ $opd }</b>, and this code is for { $invite_role } in <b>{ $invite_opd }</b>; one Telegram account belongs to one OPD only.
    The code stays valid for the person it was meant for. If you have really moved to another OPD or role, please ask the Diskominfo admin to change it.
reg-code-accepted =
    Invite code accepted: <b>{ $opd }</b>, as { $role }.

    Is your full name <b>{ $name }</b>?
reg-confirm-name = Is your full name <b>{ $name }</b>?
reg-button-name-ok = ✅ Yes, that's right
reg-button-name-edit = ✏️ Change name
reg-ask-name = Please type your full name (with titles if needed).
reg-name-invalid = Sorry, a name must be { $min }–{ $max } characters and contain letters. Please type your full name.
reg-ask-phone = Share your phone number so coordinators can reach you if needed (optional). Press the button below, or choose Skip.
reg-button-share-phone = 📱 Share phone number
reg-phone-not-own = Please share your own phone number with the button below.
reg-phone-invalid = That phone number is not recognised. Press the 📱 button below, or choose Skip.
reg-welcome =
    Thank you, <b>{ $name }</b>. You are now registered as { $role } for <b>{ $opd }</b>.
    Choose from the menu below, or type /help.
reg-cancelled = Registration cancelled. Type /start to begin again.

## Access requests

req-choose-opd = Choose your OPD (page { $page } of { $pages }). You can also type part of the OPD's name to search.
req-no-opd-found = No OPD matches “{ $query }”. Please try another word.
req-sent = Your access request for <b>{ $opd }</b> has been sent to the admins. We will let you know here.
req-pending = Your access request for <b>{ $opd }</b> is waiting for an admin's approval. We will let you know here.
req-cooldown = Sorry, your access request was turned down recently. You can ask again from { $when }. If you have questions, please contact the Diskominfo admins.
req-admin-notice =
    🙋 <b>New access request</b>
    Name: { $name }
    OPD: { $opd }
    Telegram ID: <code>{ $telegram }</code>
req-decided-approved = ✅ Approved by { $admin }.
req-decided-rejected = ❌ Rejected by { $admin }.
req-already-decided = This request has already been decided.
req-you-approved = Your access request for <b>{ $opd }</b> has been approved. Welcome! Type /start to open the menu.
req-you-rejected = Sorry, your access request for <b>{ $opd }</b> was not approved. Please contact the Diskominfo admin if you have questions.

## Help and language

menu-plan = 📌 Action plan
cmd-rencana = Your OPD's action plan and its deadlines
help-guest =
    <b>Inovasi Bot</b> collects smart-city innovations from the regency's work units.
    /start — register with an invite code, or request access
    /language — choose a language
    /cancel — cancel the current step
help-staff =
    <b>What you can do:</b>
    /new — submit a new innovation (or continue a draft)
    /list — innovations of your OPD
    /view NUMBER — see one innovation with its evidence
    /edit NUMBER — change a draft, or an innovation not yet approved
    /plan — your OPD's action plan: link its innovations or start their forms
    /start — main menu
    /language — choose a language
    /cancel — cancel the current step
    /help — this message
help-coordinator =
    <b>What you can do as a coordinator:</b>
    /review — the review queue: approve, request a revision, or reject
    /search WORDS — search innovations
    /dashboard — a button to log in to the web dashboard
    /import — import action plans (and, for admins, innovations) from an Excel or CSV file
    /export [OPD|status] [submission dates] — the Excel file of innovations
    /summary — summary: status, pillars, stages, OPDs
    /missing — OPDs without submissions, and quick wins per pillar
    /monitoring — approved innovations: stopped, need an update, active
    /new — submit a new innovation (or continue a draft)
    /list — innovations of all OPDs
    /view NUMBER — see one innovation with its evidence
    /edit NUMBER — change a draft, or an innovation not yet approved
    /plan — every OPD's action plan, those behind first; add entries
    /start — main menu
    /language — choose a language
    /cancel — cancel the current step
    /help — this message
help-admin =
    <b>What you can do as an admin:</b>
    /review — the review queue: approve, request a revision, or reject
    /search WORDS — search innovations
    /dashboard — a button to log in to the web dashboard
    /import — import action plans (and, for admins, innovations) from an Excel or CSV file
    /export [OPD|status] [submission dates] — the Excel file of innovations
    /summary — summary: status, pillars, stages, OPDs
    /missing — OPDs without submissions, and quick wins per pillar
    /monitoring — approved innovations: stopped, need an update, active
    /new — submit a new innovation (or continue a draft)
    /list — innovations of all OPDs
    /view NUMBER — see one innovation with its evidence
    /edit NUMBER — change a draft, or an innovation not yet approved
    /plan — every OPD's action plan, those behind first; add entries
    /members — manage members: role, OPD, block
    /invite — create and revoke invite codes
    /broadcast — send a message to all members or one OPD
    /schedule — times of the daily summary and the reminders
    /opd — OPDs expected to submit innovations (Diskominfo is not)
    /iid — the IID indicators table: weights, levels, CSV import
    /benefits — the benefit measures check-ins ask for, CSV import
    /start — main menu
    /language — choose a language
    /cancel — cancel the current step
    /help — this message
help-group = Inovasi Bot posts summaries in this group. For anything else, please chat privately: { $link }
lang-button-id = 🇮🇩 Bahasa Indonesia
lang-button-en = 🇬🇧 English
field-opd = OPD
exp-number = No
exp-opd-code = OPD (code)
lang-choose = Pilih bahasa / Choose a language:
lang-set = Language set to English.

## Groups

group-private-only = Please send this command in a private chat with me: { $link }
group-not-for-here = Hello! I am Inovasi Bot, the service for collecting smart-city innovations from the regency's work units. I only work in the Diskominfo coordinators' group and in private chats: { $link }

## Members (admins)

mem-list = Members ({ $total }), page { $page } of { $pages }. Choose one to manage:
mem-detail =
    <b>{ $name }</b>
    OPD: { $opd }
    Role: { $role }
    Status: { $status }
    Phone: { $phone }
mem-status-active = active
mem-status-blocked = blocked
mem-button-make = Make { $role }
mem-button-opd = 🏢 Change OPD
mem-button-block = 🚫 Block
mem-button-unblock = ✅ Unblock
mem-confirm-block = Block <b>{ $name }</b> ({ $opd })? They will not be able to use the bot until unblocked.
mem-button-confirm-block = 🚫 Yes, block
mem-needs-opd = Choose this member's OPD first (🏢 Change OPD).
mem-saved = Saved.
mem-not-self = You cannot change your own role or block yourself.
mem-not-found = Member not found.
mem-configured-admin = This member is an admin by configuration (ADMIN_IDS); their role cannot be changed here.
mem-choose-opd = Choose the new OPD for { $name } (page { $page } of { $pages }):
mem-you-role = Your role in Inovasi Bot is now: { $role }.
mem-you-opd = Your OPD in Inovasi Bot is now: { $opd }.
mem-you-blocked = Your Inovasi Bot account has been deactivated by an admin.
mem-you-unblocked = Your Inovasi Bot account has been reactivated. Type /start to open the menu.
phone-none = -

## Invites (admins)

inv-menu = Invites: create a new code, or see and revoke those still valid.
inv-button-new = ➕ New invite
inv-button-list = 📋 Valid invites
inv-choose-opd = Choose the OPD for the new invite (page { $page } of { $pages }), or type part of its name or code:
inv-choose-role = Invite for <b>{ $opd }</b>. As what?
inv-created =
    Invite code: <code>{ $code }</code>
    Link: { $link }
    For <b>{ $opd }</b> as { $role }; can be used { $uses } times; valid until { $until }.
    Share this link with the people you invite.
inv-list-empty = No invites are valid now.
inv-list = Invites still valid:
inv-list-item = <code>{ $code }</code> · { $opd } · { $role } · used { $used }/{ $uses } · until { $until }
inv-button-revoke = 🗑 Revoke { $code }
inv-revoked = Invite { $code } revoked.
inv-already-revoked = This invite is no longer valid.
inv-unknown-opd = No OPD with code { $code }. Choose one from the list below.
inv-confirm-revoke = Revoke invite <code>{ $code }</code> ({ $opd } · { $role })? Its link will no longer work.
inv-button-confirm-revoke = 🗑 Yes, revoke
inv-opd-matches = OPDs matching “{ $query }” ({ $count }). Choose one, or type another word:
inv-opd-no-match = No OPD matches “{ $query }”. Try another word, or choose from the list below.
inv-ask-uses = Invite for <b>{ $opd }</b> as { $role }. How many times may the code be used? Choose, or type a number 1–{ $max }.
inv-uses-button = { $uses } times
inv-ask-days = Usable { $uses } times. Valid for how many days? Choose, or type a number 1–{ $max }.
inv-days-button = { $days } days
inv-suggested = { $label } (suggested)
inv-bad-number = Please type a whole number from 1 to { $max }, or choose one of the buttons.
inv-cancelled = New invite cancelled; no invite was created.

## Submitting an innovation

menu-new = ➕ New innovation
menu-list = 📋 Innovations
cmd-baru = Submit a new innovation
cmd-daftar = Your OPD's innovations
cmd-lihat = See one innovation: /view NUMBER
cmd-ubah = Change an innovation: /edit NUMBER
button-done = Done
button-yes = Yes
button-no = No
button-view = 👁 View
stage-inisiatif = Initiative
stage-uji_coba = Trial
stage-penerapan = Implementation
kind-digital = Digital
kind-non_digital = Non-digital
status-draft = draft
status-submitted = submitted
status-in_review = in review
status-approved = approved
status-revision_requested = revision requested
status-rejected = rejected
field-title = Title
field-pillars = Pillars
field-quick_win = Quick win
field-stage = Stage
field-kind = Type
field-problem = Problem
field-solution = Change / solution
field-goal = Goal
field-benefit = Benefit and beneficiaries
field-start_date = Start date
field-link = Link
field-evidence = Evidence
field-contact = Contact person
sub-ask-title = What is the innovation's title? ({ $min }–{ $max } characters)
sub-ask-pillars =
    Choose the smart-city pillars of this innovation (one or more), then press Done.
    Chosen: { $chosen }
sub-question =
    { $question }
    <i>Question { $number } of { $total }</i>
sub-none-chosen = none yet
sub-ask-quick_win = Is this innovation a <i>quick win</i>?
sub-ask-stage = What stage is this innovation at?
sub-ask-kind = What type of innovation is it?
sub-ask-problem = What problem does this innovation start from? (the problem and the need)
sub-ask-solution = What does it change: the business process, and the solution?
sub-ask-goal = What is the goal of this innovation?
sub-ask-benefit = What is the benefit, and who benefits?
sub-ask-start_date = When did this innovation start? For example: 17/08/2024, 17 August 2024, August 2024, or 2024.
sub-ask-link = A related link (website, app, video, news), if there is one.
sub-ask-evidence = Send evidence: photos or documents (PDF, Word, Excel, PowerPoint), several if you like. Press Done when finished, or if there is none.
info-button-quick_win = ℹ️ What is a quick win?
info-button-stage = ℹ️ What the stages mean
info-button-criteria = ℹ️ Review criteria
info-quick_win = ℹ️ <b>Quick win</b>: an innovation that can be carried out in a short time (usually within one budget year) with the resources already at hand, and whose results residents or a service feel soon.
info-stage =
    ℹ️ <b>Stages</b>:
    • Initiative: still an idea or a plan, not carried out yet.
    • Trial: carried out on a limited scale (one place, one unit, or a trial period).
    • Implementation: running fully, a routine service or activity.
info-criteria =
    ℹ️ <b>Review criteria</b>: once it is sent, a coordinator scores it 1–5 on:
    • Functional: the innovation really works and is used for its purpose.
    • Up to date: it uses a new and fitting method or technology.
    • Sustainable: it can keep running (budget, rules, people in charge) after its launch.
    • Beneficial: it brings real benefit to residents or to government units.
    • Impactful: it makes a measurable change, such as shorter service times or lower costs.
help-terms =
    <b>Terms</b>
    { info-quick_win }
    { info-stage }
    { info-criteria }
sub-this-month = This month
sub-last-month = Last month
sub-evidence-received = Evidence received: { $count } files. Send more, or press Done.
sub-file-removed = File removed: { $name }. Evidence now: { $count } files. Send more, or press Done.
sub-invalid-title = A title must be { $min }–{ $max } characters (this one is { $length }). Please type it again.
sub-invalid-short = That answer is too short. Please type at least { $min } characters.
sub-invalid-long = That answer is too long: { $length } characters, at most { $max }. Please shorten it.
sub-invalid-link = A link must name a site, e.g. sumedangkab.go.id or https://sumedangkab.go.id/services
sub-invalid-date = That date is not recognised. For example: 17/08/2024, 17-8-2024, 17 August 2024, August 2024, or 2024.
sub-invalid-future-date = The start date cannot be in the future.
sub-invalid-file-size = The file is too large (at most { $max_mb } MB).
sub-invalid-file-type = This type of file is not accepted. Send a photo, or a PDF, Word, Excel or PowerPoint document.
sub-file-unreadable = Sorry, this file could not be checked. Please send it again in a moment.
sub-invalid-evidence = For evidence, send a photo or a document; or press Done.
sub-too-many-files = At most { $max } evidence files.
sub-choose-pillar = Choose at least one pillar.
sub-use-buttons = Please choose with the buttons of the question above.
sub-duplicate = Your OPD already has an innovation with this title: #{ $id } { $title } ({ $status }). Continue with this title, or open the existing one?
sub-button-continue = Continue
sub-button-open-existing = Open the existing one
sub-draft-exists = You have an unfinished draft: <b>{ $title }</b>. Continue that draft, or start a new one?
sub-button-resume = Continue draft
sub-button-fresh = Start new
sub-review-title = <b>Check your innovation</b> (#{ $id }, { $status })
sub-review-line = <b>{ $label }:</b> { $value }
sub-empty = —
sub-files = { $count } files
sub-button-edit = ✏️ { $label }
sub-button-full = 📖 { $label } (in full)
sub-button-send = 📤 Submit
sub-button-save = 💾 Save draft
sub-button-delete = 🗑 Delete draft
sub-button-withdraw = ↩️ Withdraw to draft
sub-button-close = Done editing
sub-confirm-delete = Delete the draft <b>{ $title }</b>? This cannot be undone.
sub-deleted = Draft deleted.
sub-kept = The draft was not deleted.
sub-saved = Draft saved. Type /new any time to continue.
sub-closed = Changes saved.
sub-cancelled = Stopped; the draft <b>{ $title }</b> is saved ({ $answered } of { $total } questions answered). Type /new to continue.
sub-cancelled-nothing = Stopped. Nothing was saved yet; type /new to start again.
sub-cancelled-edit = Stopped. The answers you gave are saved; innovation #{ $id } stays { $status }.
sub-missing = Not complete yet: { $fields }. Complete it with the ✏️ buttons below.
sub-sent = Thank you! Innovation #{ $id } <b>{ $title }</b> has been submitted and will be reviewed by the coordinators.
sub-withdrawn = Innovation #{ $id } was withdrawn to draft.
sub-changed-elsewhere = Someone else has just changed this innovation. Here is how it stands now.
sub-no-longer-yours = Sorry, you can no longer change this innovation: your OPD or role has changed. The form has been closed.
sub-not-editable = Innovation #{ $id } is { $status } and can no longer be changed.
sub-not-sendable = Innovation #{ $id } is { $status }: there is nothing to send.
sub-not-found = Innovation #{ $id } was not found.
sub-no-opd = You are not attached to an OPD, so you cannot submit innovations yet.
sub-group-notice =
    📤 <b>New innovation submitted</b>
    #{ $id } { $title }
    { $opd } · { $pillars }
notice-group-resubmitted =
    🔁 <b>Revised innovation submitted</b>
    #{ $id } { $title }
    { $opd } · { $pillars }
notice-group-batch = 📤 <b>{ $count } innovations arrived</b>
notice-group-line = • #{ $id } { $title } — { $opd }
notice-group-line-resubmitted = • #{ $id } { $title } — { $opd } (revision)
notice-group-line-pointer = • #{ $id } { $title } — { $opd } · /view { $id }
notice-group-line-pointer-resubmitted = • #{ $id } { $title } — { $opd } (revision) · /view { $id }
file-group-notice =
    🖼 <b>New file for the public pages</b>
    #{ $id } { $title }
    { $opd } · { $caption }
    Show it on the public pages?
file-button-ok = ✅ Show
file-button-hide = 🚫 Hide
file-decided-ok = ✅ Shown on the public pages by { $who }.
file-decided-hide = 🚫 Hidden from the public pages by { $who }.
file-decided-head = 🖼 #{ $id } { $title }
file-already-decided = This file has already been decided.
file-gone = This file no longer exists.
sub-edited-message = Edits to messages already sent are not read. Use the ✏️ buttons of the summary to change an answer.
sub-timed-out = The session ended after a long pause. Your draft is saved; type /new to continue.
list-title = Innovations of { $scope } ({ $total }), page { $page } of { $pages }:
list-scope-opd = your OPD
list-scope-all = all OPDs
list-empty = No innovations yet. Type /new to submit the first.
view-title = <b>Innovation #{ $id }</b> ({ $status })
view-usage = Write the innovation's number, e.g. { $command } 12.
view-no-such-number = Sorry, no innovation has a number that large. Please check the number, e.g. { $command } 12.
view-sent-privately = The details were sent to your private chat with the bot.
view-open-private-first = Please open a private chat with the bot first: { $link }
view-review-scores = Review scores
view-imported = Imported from the file <code>{ $file }</code>
view-review-note = Reviewer's note

## Reports (coordinators)

menu-summary = 📊 Summary
menu-missing = 🧩 Missing
menu-review = 🔎 Review
cmd-rekap = Summary: status, pillars, stages, OPDs
cmd-belum = OPDs without submissions, and quick wins per pillar
cmd-cari = Search innovations: /search WORDS
cmd-tinjau = The review queue
cmd-ekspor = The Excel file of all innovations
cmd-dasbor = A button to log in to the web dashboard
dash-button = 🌐 Open the dashboard
dash-open =
    Innovation dashboard: { $address }
    Press the button below to log in as a coordinator. The link works once.
dash-not-served = The web dashboard is not running. Please ask an admin to set DASHBOARD_PORT (and DASHBOARD_URL for a public address).
rep-title = 📊 <b>Innovation summary</b>: { $sent } submitted in all, { $drafts } still drafts at the OPDs
rep-status = Of the { $sent } submitted: { $submitted } waiting for review · { $in_review } in review · { $approved } approved · { $revision } revision requested · { $rejected } rejected
rep-queue = Review queue: { $count }
rep-quick-wins = Quick wins: { $count }
rep-by-pillar = <b>By pillar</b>
rep-by-stage = <b>By stage</b>
rep-line = • { $name }: { $count }
rep-top-opds = <b>Most active OPDs</b>
rep-opds-without = <b>OPDs without submissions</b>: { $count } of the { $total } OPDs expected to submit
rep-opd = • { $name }
rep-names-more = …and { $more } more OPDs: see /missing
rep-chart-title = Innovations per pillar, by status
rep-chart-axis = Innovations
mis-title = <b>OPDs without a submitted innovation</b>: { $count } of the { $total } OPDs expected to submit
mis-page = Page { $page } of { $pages }
mis-coverage = <b>Quick wins per pillar</b>: { $full } of { $total } OPDs have all six pillars covered.
mis-worst = The largest gaps:
mis-gap = • { $name }: none yet in { $pillars }
mis-picture-title = Quick wins per pillar: the { $shown } OPDs with the largest gaps (of { $total })

## Export

exp-status = Status
exp-phone = Phone
exp-submitted-at = Submitted
exp-score-fungsional = Score functional
exp-score-mutakhir = Score up to date
exp-score-berkelanjutan = Score sustainable
exp-score-bermanfaat = Score beneficial
exp-score-berdampak = Score impactful
exp-note = Note
exp-sent = Submitted in all
exp-waiting = Waiting for review
exp-no-drafts = A draft stays the OPD's own until it is sent, so drafts are not exported. The export holds the innovations sent, e.g. /export or /export approved.
event-created = Draft created
event-submitted = Submitted
event-field_changed = Answer changed
event-withdrawn = Withdrawn to draft
event-review_started = Review started
event-reviewed = Decided
event-checkin = Check-in answered
event-iid_changed = IID data changed
event-iid_indicators = IID indicators table replaced
event-file_approved = File shown on the public pages
event-imported = Imported from a file
event-file_hidden = File kept off the public pages
exp-covered = Pillars covered
exp-when = When
exp-who = By
exp-what = Event
exp-from = From
exp-to = To
exp-field = Field
exp-old = Old value
exp-new = New value
exp-sheet-innovations = Innovations
exp-sheet-opd = Per OPD
exp-sheet-pillar = Per pillar
exp-sheet-coverage = Coverage
# Not "History": Excel keeps that sheet name for itself and refuses it.
exp-sheet-history = Change history
exp-caption = Innovations export { $date }: { $count } innovations.
exp-unknown-filter = Filter by OPD code, status or submission dates, e.g. /export DINKES, /export approved or /export 1/10/2026 - 31/10/2026. “{ $value }” is not recognised.
exp-preparing = Preparing the export file. Please wait a moment; you can use other commands meanwhile.
exp-busy = Your previous export is still being prepared. Please wait until it is done.
exp-progress = Preparing the export file… { $percent } %
exp-progress-parts = The file is larger than 50 MB, so it is split into { $parts } parts. Preparing… { $percent } %
exp-ready = { $parts ->
    [1] The export file is ready: { $count } innovations.
   *[other] The export file is ready: { $count } innovations, sent in { $parts } parts because Telegram accepts files of up to 50 MB.
}
exp-caption-window = Submitted { $start } to { $end }.
exp-caption-part = Part { $part } of { $parts }: innovations no. { $first_id } to { $last_id }.
exp-file-part = part-{ $part }-of-{ $parts }
exp-disk-full = Sorry, the server's storage is full, so the export file could not be made. The unfinished file has been removed. Please try again later or contact an admin.
exp-window-invalid = The dates are not recognised. Examples: /export 1/10/2026 - 31/10/2026, /export October 2026, /export 2026, or /export yesterday.
exp-window-reversed = The start date ({ $start }) is after the end date ({ $end }). Please write the start date first, e.g. /export 1/10/2026 - 31/10/2026.
exp-window-future = { $start } has not come yet (today is { $today }), so nothing has been submitted since. Please choose dates up to today.

## Search

srch-usage = Write the words to look for, e.g. /search posyandu.
srch-too-short = Search for at least { $min } letters.
srch-ask = What are you looking for? Write one or more words, e.g. posyandu (title, problem, solution, goal, benefit or OPD name). Type /cancel to stop.
srch-cancelled = Search cancelled.
srch-none = No innovation matches “{ $query }”.
srch-title = Results for “{ $query }”: { $total } innovations, page { $page } of { $pages }.

## Review

rev-queue-title = The review queue, oldest first ({ $shown } shown). Choose one to review:
rev-queue-empty = The review queue is empty. Thank you!
rev-button-revise = ✏️ Request revision
rev-ask-verdict = Your decision on innovation #{ $id }?
rev-ask-score = Score for <b>{ $criterion }</b> (1 = poor, 5 = excellent):
crit-fungsional = functional
crit-mutakhir = up to date
crit-berkelanjutan = sustainable
crit-bermanfaat = beneficial
crit-berdampak = impactful
rev-ask-note-required = Write a note for the OPD (required for a revision or a rejection; at most { $max } characters).
rev-ask-note-optional = Write a note for the OPD (optional; at most { $max } characters), or choose Skip.
rev-note-required = A note is required for a revision or a rejection.
rev-done = Decision saved: #{ $id } { $verdict }. The OPD has been told.
rev-already-decided = Innovation #{ $id } has already been decided by another coordinator ({ $status }).
rev-changed = Innovation #{ $id } has changed since you opened it (now { $status }), so your decision was not saved. Here is how it stands now; please review it again with /review.
rev-notice = Review of innovation #{ $id } <b>{ $title }</b>: <b>{ $verdict }</b>
rev-notice-note = Note: { $note }
rev-notice-revise = Please correct it and send it again with /edit { $id }.
rev-cancelled = Review of innovation #{ $id } cancelled. Its status has not changed and it stays in the queue.
rev-button-queue = ⬅️ Back to the queue
rev-button-send = 📤 Send the decision
rev-verdict-chosen = Decision: { $verdict }
rev-preview =
    Preview of the decision on innovation #{ $id } <b>{ $title }</b>
    Decision: <b>{ $verdict }</b>
    Scores: { $scores }
    Note: { $note }
    Send this decision? The OPD will be told at once.
rev-preview-no-scores = not scored (a revision request carries only a note)
rev-preview-no-note = -
rev-withdrawn = Innovation #{ $id } has been withdrawn to a draft by its OPD; no decision was saved.
rev-cancelled-nothing = Review cancelled.

## Schedules (admins)

menu-broadcast = 📣 Broadcast
menu-schedule = 🗓 Schedule
cmd-jadwal = Times of the daily summary and the reminders
cmd-siaran = Send a message to all members or one OPD
cmd-opd = OPDs expected to submit innovations
opd-title = 🏢 <b>OPDs expected to submit innovations</b> ({ $total } OPDs, page { $page } of { $pages })
    ✅ expected: reminded, counted in /summary and /missing.
    ➖ not expected (e.g. Diskominfo, which collects and reviews): not reminded, not counted.
    Press an OPD to change it.
opd-now-expected = { $code } is now expected to submit innovations.
opd-now-not-expected = { $code } is no longer expected to submit innovations.
day-mon = Mon
day-tue = Tue
day-wed = Wed
day-thu = Thu
day-fri = Fri
day-sat = Sat
day-sun = Sun
sch-title = 🗓 <b>Schedule</b> ({ $zone } time)
sch-line = • { $name }: { $time }, { $days } — { $state }
sch-every-day = every day
sch-on = on
sch-off = off
sch-hours = Reminder working hours: { $hours }
sch-deadline = Submission deadline: { $date }
sch-no-deadline = not set
sch-kind-summary = Daily summary
sch-kind-weekly = Weekly reminder
sch-kind-drafts = Unfinished drafts
sch-kind-revisions = Pending revisions
sch-kind-deadline = Deadline countdown
sch-about-summary = To the coordinators' group: new submissions, totals, the review queue, OPDs that have not submitted, and the chart.
sch-about-weekly = To members of OPDs with no submitted innovation, or missing a quick win in a pillar.
sch-about-drafts = To the owner of a draft untouched for more than a day: once a day, three times at most.
sch-about-revisions = To the submitter of an innovation whose revision was requested two days ago and not resubmitted.
sch-about-deadline = To members of OPDs that are behind: 7, 3 and 1 days before the submission deadline.
sch-detail =
    <b>{ $name }</b>
    { $about }

    Time: { $time }
    Days: { $days }
    Status: { $state }
sch-button-on = ▶️ Turn on
sch-button-off = ⏸ Turn off
sch-button-time = 🕘 Change time
sch-button-hours = 🕖 Working hours
sch-button-deadline = 📅 Deadline
sch-ask-time = Type the new time as HH:MM, for example 16:00 or 09:30. Type /cancel to cancel.
sch-bad-time = Sorry, "{ $given }" is not a time I can use. Write two digits for the hour and two for the minutes, for example 09:30 or 16.00.
sch-outside-hours = Reminders are only sent within working hours. Please choose a time within them, or change the working hours first.
sch-no-days = A schedule needs at least one day. Choose another day first, or turn this schedule off.
sch-ask-hours = Type the reminders' working hours, for example 07:00-20:00. Type /cancel to cancel.
sch-bad-hours = Sorry, that is not a range of working hours. Example: 07:00-20:00 (the start before the end).
sch-ask-deadline = Type the submission deadline, for example 31/12/2026 or 31 December 2026. Type "clear" to remove the deadline, or /cancel to cancel.
sch-bad-deadline = Sorry, I cannot use that date. Write today's date or a later one, for example 31/12/2026.
sch-hours-exclude = Those working hours leave out reminders that are on: { $reminders }. Change or turn off those reminders first, or type other working hours.
sch-saved = ✅ Schedule saved.
sch-cancelled = Schedule change cancelled.

## Daily summary and reminders

daily-title = 🗓 <b>Daily summary { $date }</b>
daily-nothing-new = No new submissions since the previous summary.
daily-new = <b>New submissions</b>: { $count }
daily-new-line = • { $title } — { $opd } ({ $pillars })
daily-new-more = …and { $more } more
daily-group-unreachable = ⚠️ The daily summary could not be sent to the coordinators' group ({ $chat_id }). Make sure Inovasi Bot has been added to that group, or check COORDINATOR_CHAT_ID. This message is sent only once.
remind-weekly-title = 🔔 <b>Weekly reminder</b>
remind-opd-nothing = { $opd } has not submitted an innovation yet.
remind-opd-quick-wins = { $opd } has no quick win yet in these pillars: { $pillars }.
remind-how = Please submit with /new. Thank you.
remind-deadline = ⏰ <b>Innovation submission deadline: { $date }</b> ({ $days } days left).
remind-draft = 📝 The draft innovation "{ $title }" has been unfinished since { $since }. Please continue it so it can be submitted.
remind-draft-continue = Continue the draft
remind-revision = ✏️ A revision of "{ $title }" was requested on { $since } and it has not been resubmitted.
    Reviewer's note: { $note }
remind-revision-fix = Revise it now
rep-unreachable = Members who cannot be reached (blocked the bot): { $count }

## Broadcasts (admins)

bc-ask-message = Please write the broadcast message: text only, or a photo/document with a caption. Type /cancel to cancel.
bc-not-content = Please send text, a photo or a document. Stickers, voice notes and locations cannot be broadcast.
bc-caption-too-long = A photo or document caption can have at most { $limit } characters. Please shorten it.
bc-album-first-only = Note: a broadcast carries one photo. The first photo of this album is the one that will be sent.
bc-choose-audience = Send it to whom?
bc-aud-all = All members
bc-aud-opd = One OPD
bc-aud-without = OPDs without submissions
bc-choose-opd = Choose an OPD (page { $page } of { $pages }):
bc-preview-intro = Preview of the message, as it will arrive:
bc-confirm = The message above will be sent to <b>{ $count }</b> members ({ $audience }). Send it now?
bc-no-recipients = No member can receive this broadcast ({ $audience }). Please choose other recipients.
bc-button-send = 📣 Send to { $count } members
bc-button-rewrite = ✏️ Change the message
bc-button-other = Choose another OPD
bc-button-stop = Cancel
bc-cancelled = Broadcast cancelled. Nothing was sent.
bc-progress = 📣 Sending the broadcast… Sent { $sent }/{ $total }, failed { $failed }
bc-progress-done = ✅ Broadcast finished. Sent { $sent }/{ $total }, failed { $failed }

## The web dashboard
web-title = Smart City Innovation Dashboard
web-nav-overview = Overview
web-nav-innovations = Innovations
web-nav-coordinators = Coordinators' page
web-nav-logout = Log out
web-logout-ask = Press Log out to end your session.
web-footer = Inovasi Bot · data from the work units' submissions
web-public-title = Approved Smart City innovations
web-public-lead = Innovations of the regency's work units, reviewed and approved by the coordinators.
web-coordinators-title = Coordinators' page
web-logged-in-as = Logged in as { $name }
web-all-innovations = All innovations
web-download-xlsx = Download Excel
web-download-csv = Download CSV
web-total-public = approved innovations
web-total-coordinator = submitted innovations
web-quick-wins = quick wins
web-opds-innovating = OPDs innovating, of { $total }
web-review-queue = Review queue
web-waiting = Waiting
web-days = { $days ->
    [one] { $days } day
   *[other] { $days } days
}
web-queue-empty = No innovation is waiting for review.
web-drafts-per-opd = Drafts per OPD
web-no-drafts = No drafts.
web-coverage = Coverage OPD × pillar
web-coverage-note = Innovations of each OPD per pillar; a darker cell means more.
web-ranking = OPDs that innovate
web-not-yet = OPDs not yet ({ $count })
web-by-pillar = By pillar
web-by-stage = By stage
web-by-kind = Digital and non-digital
web-by-opd = Most active OPDs
web-by-status = By status
web-list-title-public = Approved innovations
web-list-title-coordinator = All innovations
web-search-placeholder = Search title, problem, solution, goal, benefit or OPD
web-any-pillar = Any pillar
web-any-opd = Any OPD
web-any-stage = Any stage
web-any-kind = Any type
web-status = Status
web-any-status = Any status
web-filter = Apply
web-found = { $count ->
    [one] { $count } innovation found
   *[other] { $count } innovations found
}
web-previous = Previous
web-next = Next
web-page = Page { $page } of { $pages }
web-submitted = Submitted
web-back-to-list = Back to the list
web-file-pending = Waiting for approval for the public pages
web-file-hidden = Hidden from the public pages
web-file-show = ✅ Show
web-file-hide = 🚫 Hide
web-files-waiting = Files waiting for approval
web-files-waiting-none = No files are waiting for approval.
web-file-already = This file has already been decided, or it no longer exists.
web-form-expired = This form is no longer valid. Please reload the page and try again.
web-home = To the home page
web-login-invalid = This login link is not valid or has expired. Please ask for a new one with /dashboard in Inovasi Bot.
web-login-used = This login link has been used already. Please ask for a new one with /dashboard in Inovasi Bot.
web-not-allowed = The coordinators' page is for coordinators and admins only.
web-please-login = Please log in with the button Inovasi Bot sends for /dashboard.
web-not-found = Page not found.
web-error = We are sorry, something went wrong. Please try again in a moment.
web-unavailable = The dashboard cannot read its data right now. Please try again in a moment.
## The evidence store (admins)

evidence-photo = photo
evidence-failed-admin =
    ⚠️ <b>Evidence not stored yet</b>
    Innovation #{ $id } { $title }: the file "{ $file }" could not be downloaded into Diskominfo's store after { $attempts } attempts ({ $error }).
    The bot keeps trying. Please check the server's connection and the space left in EVIDENCE_DIR.
evidence-refused-admin =
    ⚠️ <b>Evidence not stored</b>
    Innovation #{ $id } { $title }: the content of "{ $file }" does not match its type ({ $error }), so it was not stored.
    Please ask the OPD to send the file again.

## Finding the coordinators' group (admins)

group-added-admin =
    ➕ <b>Inovasi Bot was added to the group</b> "{ $title }"
    Added by: { $who } ({ $role })
    Members: { $members ->
        [0] unknown
       *[other] { $members }
    }
    Group id: <code>{ $chat }</code>
    Is this Diskominfo's coordinators' group? If so, please press the button below; the daily summary and the innovation notices will go to this group.
button-use-as-coordinators = ✅ Use as the coordinators' group
group-set-done = ✅ The group "{ $title }" (id <code>{ $chat }</code>) is now the coordinators' group.
group-set-already = This group is the coordinators' group already.
group-set-gone = Sorry, the bot is no longer in that group. Please add the bot to the group again.
group-now-coordinators = This group is now Inovasi Bot's coordinators' group: the daily summary and the notices of new innovations will come here.
group-offer-stale = Sorry, this button is no longer valid. If that group is the coordinators' group, please remove the bot from it and add it again.
group-refused = Sorry, only Diskominfo's admins and coordinators can add Inovasi Bot to a group, so the bot is leaving this group. You can still use the bot in a private chat: { $link }
group-offer-limit = Sorry, the bot has been added to too many groups in the last hour, so the admins have not been told about this group. Please remove the bot and add it again in an hour.

## Check-ins (monitoring)
chk-ask = 📋 <b>Innovation check-in</b>
    Is innovation #{ $id } <b>{ $title }</b> still running?
chk-reminder = ⏰ <b>Check-in reminder</b>
    Last week's question is still unanswered: is innovation #{ $id } <b>{ $title }</b> still running?
chk-answer-running = Still running
chk-answer-developing = Being developed
chk-answer-stopped = Stopped
chk-recorded = 📋 Innovation #{ $id } <b>{ $title }</b>: { $answer }. Thank you, recorded.
chk-closed = 📋 The check-in of innovation #{ $id } <b>{ $title }</b> is closed: the innovation is no longer approved. No answer is needed.
chk-not-yours = Sorry, this check-in is for the members of the innovation's OPD. You are no longer registered there.
# To every other member of the OPD, and to one who pressed an answer too late: one text.
chk-answered-by = 📋 The check-in of innovation #{ $id } <b>{ $title }</b> was already answered by { $who }: { $answer }. No need to answer again.
chk-ask-changes = What has changed since the last check-in? Type a few words (a new feature, a new place, a problem), or press Skip.
chk-ask-served = How many people did this innovation serve in this period? Type a number only, e.g. 1250, or press Skip.
chk-ask-photo = Send one recent photo of this innovation at work (optional), or press Done.
chk-served-negative = Sorry, the number of people served cannot be below zero. Type 0 or more, e.g. 1250.
chk-served-not-number = Sorry, I cannot read "{ $given }" as a number of people. Write it in digits only, e.g. 1250 or 1,250 (not "a thousand").
chk-served-too-large = Sorry, that number is too large for one period (at most { $max }). Please check it, e.g. 1250.
chk-photo-only = Here I am waiting for a photo. Send a photo (not a file), or press Done.
chk-photo-caption = Check-in photo no. { $round }
chk-thanks = ✅ Thank you. The check-in of innovation #{ $id } is fully recorded.
chk-no-longer = This check-in can no longer be completed (the innovation or your membership has changed). What you answered is kept.
chk-cancelled = All right, what you answered in the check-in is kept.
chk-fresh-active = active
chk-fresh-stale = needs an update
chk-fresh-stopped = stopped
chk-screen-title = 📋 <b>Monitoring of innovation #{ $id }</b>: { $freshness }
chk-screen-period = Asked { $period }
chk-period-default = every { $months } months (default)
chk-period-own = every { $months } months (this innovation's own)
chk-screen-next = Next question: { $date }
chk-screen-none = Not asked yet.
chk-screen-answered = • { $parts }
chk-screen-note =   “{ $note }”
chk-screen-open = • asked { $date }, not answered yet
chk-screen-closed = • asked { $date }, closed without an answer
chk-screen-trend = People served per period: { $trend }
chk-served-count = { $count } people served
chk-button-months = { $months } mo
chk-button-default = Use the default
chk-overview = 📋 <b>Monitoring</b>: { $approved } approved innovations — { $active } active · { $unconfirmed } unconfirmed · { $stale } need an update · { $stopped } stopped
sch-kind-checkins = Innovation check-ins
sch-about-checkins = To OPD members: whether their approved innovations still run, every period from approval; one reminder when unanswered for 7 days.
sch-checkin-period = Check-in period: every { $months } months from approval
chk-sch-period = Default check-in period (each innovation's own on /view):
exp-sheet-checkins = Check-ins
exp-sheet-freshness = Monitoring status
exp-round = No.
exp-asked = Asked
exp-reminded = Reminded
exp-checkin-status = Question
exp-checkin-open = not answered
exp-checkin-answered = answered
exp-checkin-closed = closed
exp-answer = Answer
exp-answered = Answered
exp-changes = What changed
exp-served = People served
exp-photo = Photo
exp-freshness = Monitoring status
exp-period = Period (months)
exp-last-asked = Last asked
exp-last-answer = Last answer
exp-last-answered = Last answered
exp-served-total = People served in all
web-checkin-period = Checked in every { $months } months
web-served-trend = People served per check-in period

## IID data (the national regional-innovation index)
cmd-iid = IID indicators table: weights, levels, CSV import
iid-open = 📝 Complete the IID data
iid-intro = <b>Complete the IID data</b> of innovation #{ $id } { $title }: a few questions for the national regional-innovation index (Indeks Inovasi Daerah). Any of them may be skipped and filled in later from /view { $id }.
iid-finish-form-first = Please finish the innovation form you have open first (or type /cancel), then press the button again.
iid-not-yours = Sorry, only the innovation's own OPD can fill in its IID data.
iid-overview-title = <b>IID data of innovation #{ $id }</b> { $title }
iid-indicators-count = Evidence indicators complete: { $done } of { $total }
iid-button-indicators = 📎 Evidence indicators
iid-now = Now: { $value }
iid-page = Page { $page } of { $pages }
iid-indicators = <b>Evidence indicators</b> ({ $done } of { $total } complete, page { $page } of { $pages }). Choose an indicator to give the level reached and its evidence.
iid-ask-level = <b>{ $name }</b>: which level has this innovation reached (in the OPD's view)?
iid-level-line = { $level }. { $label }
iid-ask-proof = Send the evidence for <b>{ $name }</b> (a photo, PDF, Word, Excel, PowerPoint), or type its link. Press Skip if the evidence already there is enough.
iid-proof-saved = Saved: { $name }.
iid-proof-invalid = Send a file (a photo or a document), or type a link starting with https://, for example https://sumedangkab.go.id/sk-inovasi.pdf
iid-saved = The IID data of innovation #{ $id } is saved.
iid-ready = ✅ Ready for the IID: every required item is there.
iid-missing = ⏳ Not ready for the IID yet, { $count } missing: { $items }
iid-score = Estimated score (the OPD's own assessment, not the official one): { $score } of { $maximum }
iid-status-title = <b>IID data</b>
iid-cancelled = IID data entry stopped. What was filled in stays saved.
iid-timed-out = IID data entry stopped after a long time without an answer. What was filled in stays saved.
iid-future-date = That date has not come yet. Please give a date in the past, for example 17/08/2024 or August 2024.
iid-applied-before-trial = The application cannot start before the trial. Please check the dates.
iid-budget-invalid = The budget was not understood. Please write it in figures, for example Rp 25.000.000, 25 juta, or 25jt.
iid-budget-too-large = That budget is too large for one innovation. Please check the figure, for example Rp 25.000.000.
field-innovation_form = Form of innovation
sub-ask-innovation_form = What form does this regional innovation take?
iid-form-tata_kelola = Regional government governance
iid-form-pelayanan_publik = Public service
iid-form-lainnya = Other form
field-affair = Government affair
sub-ask-affair = Which government affair (urusan pemerintahan) does this innovation support?
field-initiator = Initiator
sub-ask-initiator = Who initiated this innovation?
iid-initiator-kepala_daerah = Regional head
iid-initiator-anggota_dprd = Member of the DPRD
iid-initiator-opd = OPD
iid-initiator-asn = Civil servant (ASN)
iid-initiator-masyarakat = The public
field-trial_date = Trial date
sub-ask-trial_date = When did the trial of this innovation start? For example 17/08/2024, August 2024, or 2024.
field-applied_date = Application date
sub-ask-applied_date = When was this innovation put into practice? For example 2/01/2025, January 2025, or 2025.
field-budget = Budget
sub-ask-budget = What is this innovation's budget (rupiah)? For example Rp 25.000.000, 25 juta, or 25jt. Skip if there is none.
field-result = Result of the innovation
sub-ask-result = What has this innovation achieved so far? (measurable effects, such as service time or number of users)
iid-admin-title = <b>IID indicators</b>: { $count } active indicators, weights adding up to { $total }.
iid-admin-line = { $code } · { $name } · weight { $weight } · { $levels } levels · required: { $required }
iid-admin-send-back = The indicators table as it stands. To change it, edit this file (columns kode, nama, bobot, wajib, tingkat_1 … tingkat_9) and send it back here. /cancel if not.
iid-admin-waiting = Send the indicators CSV file as a document, or /cancel.
iid-csv-not-csv = Please send a CSV file (.csv), for example saved from Excel as "CSV UTF-8".
iid-csv-too-large = The file is too large (1 MB at most).
iid-csv-not-utf8 = The file is not UTF-8 text. In Excel, save it as "CSV UTF-8 (Comma delimited)".
iid-csv-not-readable = The file cannot be read as a CSV table (a cell is too long or a quote is not closed).
iid-csv-empty = The file is empty. The first line must name the columns: kode, nama, bobot, wajib, tingkat_1 …
iid-csv-no-rows = The file has the column names but no indicators.
iid-csv-refused = Nothing was imported: { $count } problems.
iid-csv-line = Line { $line }: { $problem }
iid-csv-more = … and { $more } more problems.
iid-csv-unknown-column = unknown column "{ $column }" (known: kode, nama, bobot, wajib, tingkat_1 … tingkat_9)
iid-csv-missing-column = the column "{ $column }" is missing
iid-csv-repeated-column = a column name is written twice
iid-csv-extra-cells = there are values outside the named columns
iid-csv-bad-code = code "{ $code }" is not valid (lower-case letters, digits and _, at most 32)
iid-csv-duplicate = indicator { $code } already stands on line { $first }
iid-csv-bad-name = the name is empty or longer than 200 characters
iid-csv-bad-weight = weight "{ $weight }" is not a number (for example 5 or 7.5)
iid-csv-bad-required = required "{ $value }" must be 1 or 0 (yes or no)
iid-csv-bad-levels = levels must follow on from tingkat_1 with none empty in between, each at most 300 characters
iid-csv-imported = IID indicators table replaced: { $count } indicators, { $retired } made inactive.
rep-iid = Ready for the IID: { $ready } of { $total } innovations sent
exp-sheet-iid = IID
exp-iid-level = Level
exp-iid-level-label = Level description
exp-iid-file = Evidence file name
exp-iid-link = Evidence link
exp-iid-design = Design (problem and solution)
exp-iid-ready = Ready for the IID
exp-iid-score = OPD's estimated score
exp-iid-missing = Still missing
