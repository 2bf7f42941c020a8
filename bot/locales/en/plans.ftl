## The OPDs' action plans (rencana aksi): the words every screen uses.

plan-state-late = Late
plan-state-due_soon = Due soon
plan-state-on_track = On track
plan-state-done = Done
plan-invalid-month = Write the month as 08/2026 or August 2026.
plan-invalid-stage = A plan's stage is Trial or Implementation only.
plan-not-found = That plan entry no longer exists, or is not your OPD's.
plan-link-not-yours = That innovation is not your OPD's.
plan-late-by = Late by { $months } { $months ->
        [one] month
       *[other] months
    }
plan-counts = { $total } entries — { $done } done · { $on_track } on track · { $due_soon } due soon · { $late } late
plan-entry-line = { $icon } <b>{ $title }</b> — { $stage }, { $month } · { $state }
plan-none-yet =
    <b>📌 Action plans</b>
    No action plan yet. Load every OPD's plan from an Excel file with /import, or add entries one by one with the button below.
plan-overview-title = <b>📌 Action plans of { $opds } OPDs</b>, those behind first
plan-overview-behind = OPDs with late entries: <b>{ $count }</b>
plan-opd-late = { $number }. <b>{ $code }</b> — 🔴 { $late } late (longest { $months } mo) · { $done }/{ $total } done
plan-opd-due = { $number }. <b>{ $code }</b> — 🟡 { $due } due soon · { $done }/{ $total } done
plan-opd-fine = { $number }. <b>{ $code }</b> — 🟢 { $done }/{ $total } done
plan-page = Page { $page } of { $pages }
plan-opd-title = <b>📌 Action plan of { $opd }</b>
plan-opd-empty = This OPD has no action plan yet. Add entries with ➕, or load them from a file with /import.
plan-own-empty = Your OPD has no action plan here yet. The Diskominfo coordinators load it; then it shows here with its deadlines.
plan-tap-entry = Tap an entry to link its innovation or start its form.
plan-entry-title = <b>📌 { $title }</b> ({ $opd })
plan-entry-pillar = Pillar: { $pillar }
plan-entry-target = Target: { $stage }, { $month }
plan-entry-state = State: { $icon } { $state }
plan-entry-innovation = Innovation: #{ $id } { $title } ({ $status })
plan-entry-waiting = Done once a coordinator approves the innovation.
plan-entry-not-yet = Done once the innovation is approved at the { $stage } stage.
plan-entry-unlinked = Innovation: not linked yet.
plan-entry-imported = Loaded from the file { $file }.
plan-button-add = ➕ Add an entry
plan-button-all = 📌 All OPDs
plan-button-link = 🔗 Link an existing innovation
plan-button-form = 📝 Fill in its innovation form
plan-button-relink = 🔗 Change innovation
plan-button-unlink = ✖️ Unlink
plan-button-view = 👁 See innovation #{ $id }
plan-button-delete = 🗑 Delete entry
plan-button-delete-sure = 🗑 Yes, delete
plan-button-keep = No
plan-button-back = ⬅️ Back
plan-delete-sure = Delete <b>{ $title }</b> from the action plan of { $opd }? Its innovation (if any) is not deleted.
plan-deleted = Entry deleted.
plan-linked = The entry is linked to its innovation.
plan-unlinked = Link removed.
plan-link-which = Which innovation fulfils <b>{ $title }</b>?
plan-link-none = Your OPD has no innovation to link to <b>{ $title }</b> yet. Start its form from this entry?
plan-add-which-opd = A new entry for which OPD?
plan-add-no-opd = No OPDs yet. An admin adds them first.
field-plan_title = Plan
field-plan_pillar = Pillar
field-plan_stage = Target stage
field-plan_month = Target month
sub-ask-plan_title = What is planned? Write the title of the planned innovation or quick win ({ $min }–{ $max } characters).
sub-ask-plan_pillar = Which pillar?
sub-ask-plan_stage = Which stage is it to reach?
sub-ask-plan_month = By which month? For example 08/2026 or August 2026.
plan-add-for = ➕ A new entry for <b>{ $opd }</b>. Type /cancel to stop.
plan-confirm = <b>New entry for { $opd }</b> — check, then save:
plan-confirm-line = • { $label }: <b>{ $value }</b>
plan-button-save = ✅ Save
plan-button-cancel = ✖️ Cancel
plan-saved = Entry saved.
plan-incomplete = Some answers are missing. Complete them with ✏️ first.
plan-cancelled = Adding the entry was cancelled; nothing was saved.
plan-timed-out = Adding the entry stopped after a long pause; nothing was saved. Start again from /plan.
plan-entry-rejected = That innovation was rejected: link another one, or start a new form.
plan-link-rejected = A rejected innovation cannot be linked.
