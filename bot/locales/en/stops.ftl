# A stop is news: why an innovation stopped, the coordinators told, "it runs again", overdue.
stop-reason-budget = 💸 Budget ran out
stop-reason-replaced = 🔄 Replaced by another innovation
stop-reason-no_staff = 👤 No staff to run it
stop-reason-not_needed = 🚫 No longer needed
stop-reason-other = ✏️ Other
stop-ask-reason = ⏸ Why did this innovation stop? Choose the reason that fits best.
stop-reason-chosen = ⏸ Reason for stopping: { $reason }
stop-ask-note = Anything to add? Type it briefly (at most { $max } characters), or press Skip.
stop-note-cut = Your note is longer than { $max } characters, so only its first { $max } characters were kept.
stop-thanks = ✅ Thank you. The stop of innovation #{ $id } is recorded and passed on to the coordinators. Its periodic check-ins are paused until the OPD says it runs again.
stop-screen-paused = ⏸ Periodic check-ins are paused because this innovation stopped. When it runs again, press ▶️ Running again.
stop-button-again = ▶️ Running again
stop-again-not-yours = Sorry, only members of the innovation's OPD can say it runs again.
stop-again-asked = ▶️ The check-in question was sent to the OPD now.
stop-again-running = This innovation is not stopped: its check-ins are already running.
stop-group-stopped = ⏸ <b>Innovation stopped</b> ({ $count })
stop-group-stopped-line =
    #{ $id } <b>{ $title }</b>
    { $opd } · answered by { $who }
    Reason: { $reason }
stop-group-overdue = ⏰ <b>Check-in overdue by more than two periods</b> ({ $count })
stop-group-overdue-line =
    #{ $id } <b>{ $title }</b>
    { $opd } · not confirmed running since { $since }
exp-stop-reason = Reason for stopping
exp-stop-note = Note on stopping
