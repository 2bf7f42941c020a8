## The coordinators' page of the OPDs' action plans (rencana aksi) on the dashboard.

web-nav-plans = Action plans
web-plans-title = The OPDs' action plans
web-plans-lead = Each OPD's plan against the innovations approved, as of { $day }. OPDs behind their plan come first.
web-plans-empty = No action plan yet. A plan is loaded with /import in Inovasi Bot (send the plan's file), or on the server with the command inovasi-bot plan import.
web-plans-entries = Entries
web-plans-opds-late = OPDs behind
web-plans-worst = Most months late
web-plans-months = { $months ->
    [one] { $months } month
   *[other] { $months } months
}
web-plans-none = –
web-plans-back = Back to every OPD's plan
web-plans-opd-title = Action plan of { $opd }
web-plans-opd-empty = This OPD has no action plan yet.
web-plans-target-stage = Target stage
web-plans-target-month = Target month
web-plans-state = State
web-plans-months-late = Late by
web-plans-innovation = Innovation
web-plans-not-linked = Not linked yet
web-plans-waiting-review = at the stage, waiting for approval
