# The leaders' report (monthly) and each OPD's part of it.
lead-title = 📊 Laporan pimpinan — { $month }
lead-approved = Inovasi disetujui: { $count } ({ $new } disetujui pada { $month })
lead-freshness = Masih berjalan: { $alive } · belum dikonfirmasi: { $unconfirmed } · terlambat diperbarui: { $overdue } · berhenti: { $stopped }
lead-stages = Tahap: { $stages }
lead-top = { $count } OPD teratas:
lead-top-line = { $rank }. { $name } — { $figures }
lead-opd-figures = { $approved } disetujui · { $pillars }/{ $of } pilar quick win · { $alive }% berjalan · { $plan }
lead-plan = rencana aksi { $done }/{ $total } selesai
lead-no-plan = belum ada rencana aksi
lead-without = OPD belum memiliki inovasi disetujui: { $count } dari { $total }
lead-opd-title = 📊 Laporan bulanan { $month } — { $name }
lead-opd-rank = Peringkat { $rank } dari { $of } OPD yang memiliki inovasi disetujui.
lead-opd-unranked = Belum ada inovasi yang disetujui, sehingga belum masuk peringkat.
lead-chart-pillars = Inovasi disetujui per pilar
lead-chart-states = Keadaan inovasi yang disetujui
lead-state-active = Masih berjalan
lead-state-unconfirmed = Belum dikonfirmasi
lead-state-stale = Terlambat diperbarui
lead-state-stopped = Berhenti

# The leaders' chat: chosen by an admin from a group the bot was added to.
button-use-as-leaders = 👔 Jadikan chat pimpinan
lead-set-done = ✅ Grup "{ $title }" (ID <code>{ $chat }</code>) kini menjadi chat pimpinan. Laporan pimpinan bulanan dapat diaktifkan lewat /jadwal.
lead-set-already = Grup ini sudah menjadi chat pimpinan.
lead-set-coordinators = Grup ini adalah grup koordinator, sehingga tidak dapat sekaligus menjadi chat pimpinan.
lead-set-leaders = Grup ini adalah chat pimpinan, sehingga tidak dapat sekaligus menjadi grup koordinator.
lead-now-leaders = Grup ini kini menjadi chat pimpinan Inovasi Bot: laporan bulanan inovasi akan dikirim ke sini.
lead-chat-unreachable = ⚠️ Laporan pimpinan tidak dapat dikirim ke chat pimpinan ({ $chat_id }): bot dikeluarkan atau diblokir. Tambahkan bot ke grup itu lagi dan pilih kembali sebagai chat pimpinan. Pesan ini hanya dikirim sekali.

# /jadwal: the monthly schedule.
sch-kind-leaders = Laporan pimpinan
sch-about-leaders = Sebulan sekali ke chat pimpinan: angka utama inovasi bulan sebelumnya dan grafiknya; ke anggota setiap OPD: capaian OPD-nya dan peringkatnya.
lead-sch-monthly = tanggal { $day } setiap bulan
lead-sch-button-day = 📅 Tanggal
lead-sch-ask-day = Ketik tanggal pengiriman setiap bulan, 1 sampai 28 (contoh: 5).
lead-sch-bad-day = Mohon ketik tanggal 1 sampai 28 (contoh: 5).
lead-sch-no-chat = Chat pimpinan belum dipilih. Tambahkan bot ke grup pimpinan, lalu tekan "Jadikan chat pimpinan" pada pesan yang diterima admin.
