# Pemantauan: kesegaran inovasi yang disetujui (/pemantauan, /rekap, /belum, rekap harian).
chk-fresh-unconfirmed = belum dikonfirmasi
fresh-named-stopped = ⏸ Berhenti: { $names }
fresh-named-stale = 🟠 Perlu diperbarui: { $names }
fresh-and-more = , dan { $count } lainnya — /pemantauan
fresh-since-stopped = berhenti sejak { $date }
fresh-since-waiting = menunggu jawaban { $days } hari
fresh-since-confirmed = terakhir dikonfirmasi { $date }
fresh-since-never = belum pernah ditanya
cmd-pemantauan = Pemantauan: inovasi yang berhenti dan perlu diperbarui
fresh-title = 📋 <b>Pemantauan</b> — { $approved } inovasi disetujui (hlm. { $page }/{ $pages })
fresh-line = { $icon } #{ $id } { $title } ({ $opd }) — { $since }
fresh-none = Belum ada inovasi yang disetujui untuk dipantau.
web-freshness = Pemantauan inovasi yang disetujui
menu-monitoring = 📡 Pemantauan
