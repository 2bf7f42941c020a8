## The OPDs' action plans (rencana aksi) in the weekly reminder, /rekap, the daily summary and
## the export.

# The weekly reminder's heading for an OPD that owes no submission but has plan entries to
# be reminded of.
remind-plan-title = 🔔 <b>Pengingat mingguan: rencana aksi</b>
remind-plan-heading = 📋 <b>Rencana aksi { $opd }</b>
remind-plan-due = • Segera jatuh tempo: { $title } ({ $stage }, { $month })
remind-plan-late = • Terlambat { $months } bulan: { $title } ({ $stage }, { $month })
remind-plan-more = …dan { $more } lainnya
remind-plan-how = Lihat rencana aksi lengkap di /rencana.

rep-plans = Rencana aksi: { $total } — { $done } selesai · { $on_track } sesuai jadwal · { $due_soon } segera · { $late } terlambat{ $late_opds ->
        [0] {""}
       *[other] {" "}({ $late_opds } OPD)
    }
rep-plans-furthest = paling tertinggal: { $opd }, { $late } terlambat

exp-sheet-plans = Rencana Aksi
exp-plan-pillar = Pilar
exp-plan-title = Rencana
exp-plan-stage = Target tahapan
exp-plan-month = Target bulan
exp-plan-state = Keadaan
exp-plan-months-late = Bulan terlambat
exp-plan-innovation-number = No inovasi
exp-plan-innovation = Inovasi
exp-plan-innovation-status = Status inovasi
