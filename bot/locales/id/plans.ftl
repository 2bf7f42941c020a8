## The OPDs' action plans (rencana aksi): the words every screen uses.

plan-state-late = Terlambat
plan-state-due_soon = Segera jatuh tempo
plan-state-on_track = Sesuai jadwal
plan-state-done = Selesai
plan-invalid-month = Tulis bulannya seperti 08/2026 atau Agustus 2026.
plan-invalid-stage = Tahap rencana hanya Uji coba atau Penerapan.
plan-not-found = Rencana itu tidak ada lagi, atau bukan rencana OPD Bapak/Ibu.
plan-link-not-yours = Inovasi itu bukan milik OPD Bapak/Ibu.
