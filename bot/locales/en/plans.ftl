## The OPDs' action plans (rencana aksi): the words every screen uses.

plan-state-late = Late
plan-state-due_soon = Due soon
plan-state-on_track = On track
plan-state-done = Done
plan-invalid-month = Write the month as 08/2026 or August 2026.
plan-invalid-stage = A plan's stage is Trial or Implementation only.
plan-not-found = That plan entry no longer exists, or is not your OPD's.
plan-link-not-yours = That innovation is not your OPD's.
