## The OPDs' action plans (rencana aksi) in the weekly reminder, /rekap, the daily summary and
## the export.

# The weekly reminder's heading for an OPD that owes no submission but has plan entries to
# be reminded of.
remind-plan-title = 🔔 <b>Weekly reminder: action plan</b>
remind-plan-heading = 📋 <b>Action plan of { $opd }</b>
remind-plan-due = • Due soon: { $title } ({ $stage }, { $month })
remind-plan-late = • { $months ->
        [one] { $months } month
       *[other] { $months } months
    } late: { $title } ({ $stage }, { $month })
remind-plan-more = …and { $more } more
remind-plan-how = See the whole action plan with /plan.

rep-plans = Action plans: { $total } — { $done } done · { $on_track } on track · { $due_soon } due soon · { $late } late{ $late_opds ->
        [0] {""}
        [one] {" "}({ $late_opds } OPD)
       *[other] {" "}({ $late_opds } OPDs)
    }
rep-plans-furthest = furthest behind: { $opd }, { $late } late

exp-sheet-plans = Action Plans
exp-plan-pillar = Pillar
exp-plan-title = Plan
exp-plan-stage = Target stage
exp-plan-month = Target month
exp-plan-state = State
exp-plan-months-late = Months late
exp-plan-innovation-number = Innovation no.
exp-plan-innovation = Innovation
exp-plan-innovation-status = Innovation status
