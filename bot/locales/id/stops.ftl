# A stop is news: why an innovation stopped, the coordinators told, "it runs again", overdue.
stop-reason-budget = 💸 Anggaran habis
stop-reason-replaced = 🔄 Diganti inovasi lain
stop-reason-no_staff = 👤 Tidak ada petugas
stop-reason-not_needed = 🚫 Tidak dibutuhkan lagi
stop-reason-other = ✏️ Lainnya
stop-ask-reason = ⏸ Mengapa inovasi ini berhenti? Pilih alasan yang paling sesuai.
stop-reason-chosen = ⏸ Alasan berhenti: { $reason }
stop-ask-note = Ada keterangan tambahan? Ketik singkat (paling banyak { $max } karakter), atau tekan Lewati.
stop-note-cut = Keterangan Bapak/Ibu lebih dari { $max } karakter, jadi hanya { $max } karakter pertama yang disimpan.
stop-thanks = ✅ Terima kasih. Berhentinya inovasi #{ $id } sudah dicatat dan diteruskan kepada koordinator. Pemantauan berkala inovasi ini dihentikan sampai OPD menyatakannya berjalan lagi.
stop-screen-paused = ⏸ Pemantauan berkala dihentikan karena inovasi ini berhenti. Bila sudah berjalan lagi, tekan ▶️ Berjalan lagi.
stop-button-again = ▶️ Berjalan lagi
stop-again-not-yours = Mohon maaf, hanya anggota OPD pemilik inovasi yang dapat menyatakan inovasi ini berjalan lagi.
stop-again-asked = ▶️ Pertanyaan pemantauan dikirim sekarang kepada OPD.
stop-again-running = Inovasi ini tidak sedang berhenti: pemantauannya sudah berjalan.
stop-group-stopped = ⏸ <b>Inovasi berhenti</b> ({ $count })
stop-group-stopped-line =
    #{ $id } <b>{ $title }</b>
    { $opd } · dijawab oleh { $who }
    Alasan: { $reason }
stop-group-overdue = ⏰ <b>Pemantauan terlambat lebih dari dua periode</b> ({ $count })
stop-group-overdue-line =
    #{ $id } <b>{ $title }</b>
    { $opd } · belum dipastikan berjalan sejak { $since }
exp-stop-reason = Alasan berhenti
exp-stop-note = Keterangan berhenti
