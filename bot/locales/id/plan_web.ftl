## The coordinators' page of the OPDs' action plans (rencana aksi) on the dashboard.

web-nav-plans = Rencana aksi
web-plans-title = Rencana aksi OPD
web-plans-lead = Rencana tiap OPD dibandingkan dengan inovasi yang sudah disetujui, per { $day }. OPD yang terlambat di urutan teratas.
web-plans-empty = Belum ada rencana aksi. Rencana dimuat lewat /impor di Inovasi Bot (kirim berkas rencananya), atau di server dengan perintah inovasi-bot plan import.
web-plans-entries = Rencana
web-plans-opds-late = OPD terlambat
web-plans-worst = Terlambat paling lama
web-plans-months = { $months } bulan
web-plans-none = –
web-plans-back = Kembali ke rencana semua OPD
web-plans-opd-title = Rencana aksi { $opd }
web-plans-opd-empty = OPD ini belum punya rencana aksi.
web-plans-target-stage = Target tahapan
web-plans-target-month = Target bulan
web-plans-state = Keadaan
web-plans-months-late = Lama terlambat
web-plans-innovation = Inovasi
web-plans-not-linked = Belum ditautkan
web-plans-waiting-review = sudah di tahapannya, menunggu persetujuan
