# Teks untuk pengguna, Bahasa Indonesia. Kunci yang sama harus ada di ../en/bot.ftl.

error-generic =
    Mohon maaf, terjadi kendala saat memproses pesan Bapak/Ibu. Data yang sudah tersimpan tetap aman.
    Silakan coba lagi sebentar lagi.

start-welcome-member =
    Selamat datang kembali, <b>{ $name }</b>.
    Bapak/Ibu terdaftar sebagai { $role } untuk <b>{ $opd }</b>.
    Silakan pilih menu di bawah, atau ketik /bantuan.
start-welcome-guest =
    Selamat datang di <b>Inovasi Bot</b>, layanan pendataan karya inovasi Smart City.

    Untuk mendaftar, silakan buka tautan undangan dari admin Diskominfo, atau kirim kode undangan Bapak/Ibu di sini.
    Belum punya kode? Tekan tombol di bawah untuk meminta akses.

role-staff = staf
role-coordinator = koordinator
role-admin = admin
opd-none = (tanpa OPD)

unknown-message =
    Mohon maaf, pesan ini belum dapat saya proses. Ketik /start untuk kembali ke menu utama.

## The terminal sandbox (`inovasi-bot sandbox`): for trainers and coordinators trying the bot.

sandbox-banner =
    Sandbox Inovasi Bot: bot sungguhan, Telegram tiruan, tanpa internet.
    Basis data: { $database }
    Ketik pesan seperti di Telegram. Ketik :bantuan untuk perintah sandbox, :keluar untuk selesai.
sandbox-dashboard = Dasbor web: { $address } (koordinator masuk dengan /dasbor)
sandbox-invites = Kode undangan untuk dicoba sebagai orang baru (:as new), ketik /start KODE:
sandbox-invite-line = { $role } ({ $opd }): { $code }
sandbox-help =
    Perintah sandbox (baris yang diawali : tidak pernah dikirim ke bot):
      :1, :2, :3 …                       tekan tombol bernomor (juga :tekan 2)
      angka atau teks lain               dikirim apa adanya, misalnya 2027
      :as staff|coordinator|admin        berganti orang
      :as new                            orang baru yang belum dikenal bot (tiap kali orang lain)
      :as NAMA                           kembali ke orang baru yang sudah ditemui, misalnya :as asep
      :teks TEKS                         kirim teks apa adanya (juga yang diawali :)
      :foto [keterangan]                 kirim foto contoh
      :berkas PATH                       kirim berkas dari komputer ini
      :kontak                            bagikan nomor telepon
      :stiker                            kirim stiker
      :grup                              buka grup koordinator: pesan dan tombolnya, mengetik di sana
      :pribadi                           kembali ke obrolan pribadi dengan bot
      :waktu JJ:MM                       majukan jam sandbox (rekap dan pengingat terjadwal)
      :keluar                            selesai
    Pesan yang dikirim bot di latar belakang (siaran, pemberitahuan, jadwal) tampil saat tiba.
    Berkas dan gambar dari bot disimpan di { $files } dan jalurnya ditampilkan.
sandbox-now-speaking = ── Sekarang sebagai: { $name } ({ $role }) ──
sandbox-now-speaking-guest = ── Sekarang sebagai: { $name } (belum terdaftar) ──
sandbox-empty-line = (Pesan kosong tidak dikirim. Ketik pesan, :nomor tombol, atau :bantuan.)
sandbox-too-long = (Pesan terlalu panjang: { $length } karakter, batas Telegram { $limit }. Tidak dikirim.)
sandbox-no-buttons = (Tidak ada tombol bernomor saat ini.)
sandbox-button-out-of-range = (Tidak ada tombol :{ $number }; pilih :1 sampai :{ $count }.)
sandbox-unknown-command = (Perintah sandbox tidak dikenal: { $command }. Ketik :bantuan.)
sandbox-unknown-person = (Pilih salah satu: { $names }.)
sandbox-bad-time = (Tulis waktu sebagai JJ:MM, misalnya :waktu 16:00.)
sandbox-time-now = (Jam sandbox sekarang { $time }. Jadwal yang dijalankan: { $jobs }.)
sandbox-file-missing = (Berkas tidak ditemukan: { $path })
sandbox-button-gone = (Tombol itu sudah tidak ada.)
sandbox-no-answer = (Bot tidak menjawab.)
sandbox-group-empty = (Belum ada pesan di grup koordinator.)
sandbox-photo = [foto]
sandbox-edited = (diubah)
sandbox-deleted = (pesan dihapus)
sandbox-to-group = [grup koordinator]
sandbox-to-person = [kepada { $name }]
sandbox-back-to-stranger = (Orang baru ini dapat dipanggil lagi dengan :as { $name }.)
sandbox-prompt-group = [grup]
sandbox-press-how = (Tulis nomor tombolnya, misalnya :tekan 2 atau :2.)
sandbox-in-private = (Kembali ke obrolan pribadi dengan bot.)
sandbox-in-group = (Sekarang di grup koordinator: ketikan dan :nomor tombol berlaku di sini. :pribadi untuk kembali.)
sandbox-not-in-group = ({ $name } bukan anggota grup koordinator: hanya melihat.)
sandbox-last-message = (Pesan terakhir bot di obrolan ini:)
sandbox-to-private = [obrolan pribadi]
sandbox-file-saved = 💾 disimpan: { $path }
sandbox-bye = Sampai jumpa.

## Menus, commands, refusals

menu-help = ❓ Bantuan
menu-language = 🌐 Bahasa
menu-members = 👥 Anggota
menu-invites = ✉️ Undangan
cmd-start = Mulai, atau kembali ke menu utama
cmd-bantuan = Apa yang dapat saya lakukan di sini
cmd-bahasa = Pilih bahasa
cmd-batal = Batalkan langkah yang sedang berjalan
cmd-anggota = Kelola anggota: peran, OPD, blokir
cmd-undang = Buat dan cabut kode undangan
refused-not-registered = Mohon maaf, Bapak/Ibu belum terdaftar. Ketik /start untuk mendaftar.
refused-blocked = Mohon maaf, akun Bapak/Ibu sedang dinonaktifkan. Silakan hubungi admin Diskominfo.
refused-not-allowed = Mohon maaf, perintah ini tidak tersedia untuk peran Bapak/Ibu.
cancelled = Dibatalkan. Ketik /start untuk kembali ke menu utama.
nothing-to-cancel = Tidak ada langkah yang sedang berjalan. Ketik /start untuk membuka menu utama.
button-skip = Lewati
button-back = ⬅️ Kembali
button-cancel = ✖️ Batal
button-prev = ⬅️ Sebelumnya
button-next = Berikutnya ➡️
button-approve = ✅ Setujui
button-reject = ❌ Tolak
please-type-text = Mohon ketik jawaban Bapak/Ibu sebagai teks.
button-expired = Tombol ini sudah tidak berlaku. Silakan ulangi dari menu.
button-private-only = Tombol ini hanya dapat digunakan di chat pribadi dengan bot.

## Registration

reg-button-request = 🙋 Minta akses tanpa undangan
reg-ask-code = Silakan ketik kode undangan Bapak/Ibu.
reg-code-unknown = Kode undangan <code>{ $code }</code> tidak dikenal. Mohon periksa kembali, atau minta kode baru kepada admin Diskominfo.
reg-code-expired = Kode undangan ini sudah kedaluwarsa sejak { $date }. Mohon minta kode baru kepada admin Diskominfo.
reg-code-used-up = Kode undangan ini sudah habis dipakai. Mohon minta kode baru kepada admin Diskominfo.
reg-code-revoked = Kode undangan ini sudah dicabut. Mohon minta kode baru kepada admin Diskominfo.
reg-code-not-used =
    Kode undangan ini <b>tidak dipakai</b>. Bapak/Ibu sudah terdaftar sebagai { $role } untuk <b>{ $opd }</b>, sedangkan kode ini untuk { $invite_role } di <b>{ $invite_opd }</b>; satu akun Telegram terdaftar di satu OPD saja.
    Kode ini tetap berlaku untuk orang yang dituju. Bila Bapak/Ibu memang pindah OPD atau berganti peran, mohon minta admin Diskominfo mengubahnya.
reg-code-accepted =
    Kode undangan diterima: <b>{ $opd }</b>, sebagai { $role }.

    Apakah nama lengkap Bapak/Ibu <b>{ $name }</b>?
reg-confirm-name = Apakah nama lengkap Bapak/Ibu <b>{ $name }</b>?
reg-button-name-ok = ✅ Ya, benar
reg-button-name-edit = ✏️ Ubah nama
reg-ask-name = Silakan ketik nama lengkap Bapak/Ibu (beserta gelar bila perlu).
reg-name-invalid = Mohon maaf, nama harus { $min }–{ $max } karakter dan berisi huruf. Silakan ketik nama lengkap Bapak/Ibu.
reg-ask-phone = Bagikan nomor telepon agar koordinator dapat menghubungi bila perlu (tidak wajib). Tekan tombol di bawah, atau pilih Lewati.
reg-button-share-phone = 📱 Bagikan nomor telepon
reg-phone-not-own = Mohon bagikan nomor telepon Bapak/Ibu sendiri dengan tombol di bawah.
reg-phone-invalid = Nomor telepon tidak dikenali. Tekan tombol 📱 di bawah, atau pilih Lewati.
reg-welcome =
    Terima kasih, <b>{ $name }</b>. Bapak/Ibu sekarang terdaftar sebagai { $role } untuk <b>{ $opd }</b>.
    Silakan pilih menu di bawah, atau ketik /bantuan.
reg-cancelled = Pendaftaran dibatalkan. Ketik /start untuk memulai lagi.

## Access requests

req-choose-opd = Pilih OPD Bapak/Ibu (halaman { $page } dari { $pages }). Bapak/Ibu juga dapat mengetik sebagian nama OPD untuk mencari.
req-no-opd-found = Tidak ada OPD yang cocok dengan “{ $query }”. Silakan coba kata lain.
req-sent = Permintaan akses untuk <b>{ $opd }</b> telah dikirim ke admin. Kami akan mengabari Bapak/Ibu di sini.
req-pending = Permintaan akses Bapak/Ibu untuk <b>{ $opd }</b> sedang menunggu persetujuan admin. Kami akan mengabari Bapak/Ibu di sini.
req-cooldown = Mohon maaf, permintaan akses Bapak/Ibu belum lama ini tidak disetujui. Bapak/Ibu dapat mengajukan lagi mulai { $when }. Bila ada pertanyaan, silakan hubungi admin Diskominfo.
req-admin-notice =
    🙋 <b>Permintaan akses baru</b>
    Nama: { $name }
    OPD: { $opd }
    ID Telegram: <code>{ $telegram }</code>
req-decided-approved = ✅ Disetujui oleh { $admin }.
req-decided-rejected = ❌ Ditolak oleh { $admin }.
req-already-decided = Permintaan ini sudah diputuskan sebelumnya.
req-you-approved = Permintaan akses Bapak/Ibu untuk <b>{ $opd }</b> disetujui. Selamat bergabung! Ketik /start untuk membuka menu.
req-you-rejected = Mohon maaf, permintaan akses Bapak/Ibu untuk <b>{ $opd }</b> tidak disetujui. Silakan hubungi admin Diskominfo bila ada pertanyaan.

## Help and language

menu-plan = 📌 Rencana aksi
cmd-rencana = Rencana aksi OPD dan tenggatnya
help-guest =
    <b>Inovasi Bot</b> mendata karya inovasi Smart City dari perangkat daerah.
    /start — mendaftar dengan kode undangan, atau meminta akses
    /bahasa — pilih bahasa
    /batal — batalkan langkah yang sedang berjalan
help-staff =
    <b>Yang dapat Bapak/Ibu lakukan:</b>
    /baru — kirim inovasi baru (atau lanjutkan draf)
    /daftar — inovasi OPD Bapak/Ibu
    /lihat NOMOR — lihat satu inovasi beserta bukti dukungnya
    /ubah NOMOR — ubah draf, atau inovasi yang belum disetujui
    /rencana — rencana aksi OPD Bapak/Ibu: tautkan inovasinya atau mulai formulirnya
    /start — menu utama
    /bahasa — pilih bahasa
    /batal — batalkan langkah yang sedang berjalan
    /bantuan — pesan ini
help-coordinator =
    <b>Yang dapat Bapak/Ibu lakukan sebagai koordinator:</b>
    /tinjau — antrean tinjauan: setujui, minta revisi, atau tolak
    /cari KATA — cari inovasi
    /dasbor — tombol masuk ke dasbor web
    /impor — impor rencana aksi (dan, untuk admin, inovasi) dari berkas Excel atau CSV
    /ekspor [OPD|status] [tanggal kirim] — berkas Excel inovasi
    /rekap — rekap: status, pilar, tahapan, OPD
    /belum — OPD yang belum mengirim, dan quick win per pilar
    /pemantauan — inovasi disetujui: berhenti, perlu diperbarui, aktif
    /baru — kirim inovasi baru (atau lanjutkan draf)
    /daftar — inovasi semua OPD
    /lihat NOMOR — lihat satu inovasi beserta bukti dukungnya
    /ubah NOMOR — ubah draf, atau inovasi yang belum disetujui
    /rencana — rencana aksi semua OPD, yang tertinggal di atas; tambah rencana
    /start — menu utama
    /bahasa — pilih bahasa
    /batal — batalkan langkah yang sedang berjalan
    /bantuan — pesan ini
help-admin =
    <b>Yang dapat Bapak/Ibu lakukan sebagai admin:</b>
    /tinjau — antrean tinjauan: setujui, minta revisi, atau tolak
    /cari KATA — cari inovasi
    /dasbor — tombol masuk ke dasbor web
    /impor — impor rencana aksi (dan, untuk admin, inovasi) dari berkas Excel atau CSV
    /ekspor [OPD|status] [tanggal kirim] — berkas Excel inovasi
    /rekap — rekap: status, pilar, tahapan, OPD
    /belum — OPD yang belum mengirim, dan quick win per pilar
    /pemantauan — inovasi disetujui: berhenti, perlu diperbarui, aktif
    /baru — kirim inovasi baru (atau lanjutkan draf)
    /daftar — inovasi semua OPD
    /lihat NOMOR — lihat satu inovasi beserta bukti dukungnya
    /ubah NOMOR — ubah draf, atau inovasi yang belum disetujui
    /rencana — rencana aksi semua OPD, yang tertinggal di atas; tambah rencana
    /anggota — kelola anggota: peran, OPD, blokir
    /undang — buat dan cabut kode undangan
    /siaran — kirim pesan ke semua anggota atau satu OPD
    /jadwal — jadwal rekap harian dan pengingat
    /opd — OPD yang wajib mengirim inovasi (Diskominfo tidak)
    /iid — tabel indikator IID: bobot, tingkat, impor CSV
    /manfaat — ukuran manfaat yang ditanyakan saat pemantauan, impor CSV
    /start — menu utama
    /bahasa — pilih bahasa
    /batal — batalkan langkah yang sedang berjalan
    /bantuan — pesan ini
help-group = Inovasi Bot mengirim rekap ke grup ini. Untuk perintah lainnya, silakan chat pribadi: { $link }
lang-button-id = 🇮🇩 Bahasa Indonesia
lang-button-en = 🇬🇧 English
field-opd = OPD
exp-number = No
exp-opd-code = OPD (kode)
lang-choose = Pilih bahasa / Choose a language:
lang-set = Bahasa diubah ke Bahasa Indonesia.

## Groups

group-private-only = Silakan kirim perintah ini lewat chat pribadi dengan saya: { $link }
group-not-for-here = Halo! Saya Inovasi Bot, layanan pendataan inovasi Smart City untuk perangkat daerah. Saya hanya bekerja di grup koordinator Diskominfo dan di chat pribadi: { $link }

## Members (admins)

mem-list = Anggota ({ $total }), halaman { $page } dari { $pages }. Pilih untuk mengelola:
mem-detail =
    <b>{ $name }</b>
    OPD: { $opd }
    Peran: { $role }
    Status: { $status }
    Telepon: { $phone }
mem-status-active = aktif
mem-status-blocked = diblokir
mem-button-make = Jadikan { $role }
mem-button-opd = 🏢 Ganti OPD
mem-button-block = 🚫 Blokir
mem-button-unblock = ✅ Buka blokir
mem-confirm-block = Blokir <b>{ $name }</b> ({ $opd })? Ia tidak dapat memakai bot lagi sampai blokirnya dibuka.
mem-button-confirm-block = 🚫 Ya, blokir
mem-needs-opd = Pilih OPD anggota ini lebih dahulu (🏢 Ganti OPD).
mem-saved = Perubahan disimpan.
mem-not-self = Bapak/Ibu tidak dapat mengubah peran atau memblokir diri sendiri.
mem-not-found = Anggota tidak ditemukan.
mem-configured-admin = Anggota ini admin menurut konfigurasi (ADMIN_IDS); perannya tidak dapat diubah di sini.
mem-choose-opd = Pilih OPD baru untuk { $name } (halaman { $page } dari { $pages }):
mem-you-role = Peran Bapak/Ibu di Inovasi Bot sekarang: { $role }.
mem-you-opd = OPD Bapak/Ibu di Inovasi Bot sekarang: { $opd }.
mem-you-blocked = Akun Bapak/Ibu di Inovasi Bot dinonaktifkan oleh admin.
mem-you-unblocked = Akun Bapak/Ibu di Inovasi Bot diaktifkan kembali. Ketik /start untuk membuka menu.
phone-none = -

## Invites (admins)

inv-menu = Undangan: buat kode baru, atau lihat dan cabut yang masih berlaku.
inv-button-new = ➕ Undangan baru
inv-button-list = 📋 Undangan aktif
inv-choose-opd = Pilih OPD untuk undangan baru (halaman { $page } dari { $pages }), atau ketik sebagian nama atau kodenya:
inv-choose-role = Undangan untuk <b>{ $opd }</b>. Sebagai apa?
inv-created =
    Kode undangan: <code>{ $code }</code>
    Tautan: { $link }
    Untuk <b>{ $opd }</b> sebagai { $role }; dapat dipakai { $uses } kali; berlaku sampai { $until }.
    Bagikan tautan ini kepada yang diundang.
inv-list-empty = Tidak ada undangan yang masih berlaku.
inv-list = Undangan yang masih berlaku:
inv-list-item = <code>{ $code }</code> · { $opd } · { $role } · terpakai { $used }/{ $uses } · sampai { $until }
inv-button-revoke = 🗑 Cabut { $code }
inv-revoked = Undangan { $code } dicabut.
inv-already-revoked = Undangan ini sudah tidak berlaku.
inv-unknown-opd = OPD dengan kode { $code } tidak ditemukan. Pilih dari daftar berikut.
inv-confirm-revoke = Cabut undangan <code>{ $code }</code> ({ $opd } · { $role })? Tautannya tidak dapat dipakai lagi.
inv-button-confirm-revoke = 🗑 Ya, cabut
inv-opd-matches = OPD yang cocok dengan “{ $query }” ({ $count }). Pilih, atau ketik kata lain:
inv-opd-no-match = Tidak ada OPD yang cocok dengan “{ $query }”. Coba kata lain, atau pilih dari daftar berikut.
inv-ask-uses = Undangan untuk <b>{ $opd }</b> sebagai { $role }. Berapa kali kode ini boleh dipakai? Pilih, atau ketik angka 1–{ $max }.
inv-uses-button = { $uses } kali
inv-ask-days = Dapat dipakai { $uses } kali. Berlaku berapa hari? Pilih, atau ketik angka 1–{ $max }.
inv-days-button = { $days } hari
inv-suggested = { $label } (disarankan)
inv-bad-number = Mohon ketik angka bulat dari 1 sampai { $max }, atau pilih salah satu tombol.
inv-cancelled = Pembuatan undangan dibatalkan; tidak ada undangan yang dibuat.

## Submitting an innovation

menu-new = ➕ Inovasi baru
menu-list = 📋 Daftar inovasi
cmd-baru = Kirim inovasi baru
cmd-daftar = Daftar inovasi OPD Bapak/Ibu
cmd-lihat = Lihat satu inovasi: /lihat NOMOR
cmd-ubah = Ubah inovasi: /ubah NOMOR
button-done = Selesai
button-yes = Ya
button-no = Tidak
button-view = 👁 Lihat
stage-inisiatif = Inisiatif
stage-uji_coba = Uji coba
stage-penerapan = Penerapan
kind-digital = Digital
kind-non_digital = Non-digital
status-draft = draf
status-submitted = terkirim
status-in_review = sedang ditinjau
status-approved = disetujui
status-revision_requested = perlu revisi
status-rejected = ditolak
field-title = Judul
field-pillars = Pilar
field-quick_win = Quick win
field-stage = Tahapan
field-kind = Jenis
field-problem = Permasalahan
field-solution = Perubahan / solusi
field-goal = Tujuan
field-benefit = Manfaat dan penerima manfaat
field-start_date = Tanggal mulai
field-link = Tautan
field-evidence = Bukti dukung
field-contact = Narahubung
sub-ask-title = Apa judul inovasinya? ({ $min }–{ $max } karakter)
sub-ask-pillars =
    Pilih pilar Smart City inovasi ini (boleh lebih dari satu), lalu tekan Selesai.
    Dipilih: { $chosen }
sub-question =
    { $question }
    <i>Pertanyaan { $number } dari { $total }</i>
sub-none-chosen = belum ada
sub-ask-quick_win = Apakah inovasi ini termasuk <i>quick win</i>?
sub-ask-stage = Apa tahapan inovasi ini?
sub-ask-kind = Apa jenis inovasi ini?
sub-ask-problem = Permasalahan apa yang melatarbelakangi inovasi ini? (berangkat dari masalah dan kebutuhan)
sub-ask-solution = Apa yang diubah: proses bisnisnya, dan solusinya?
sub-ask-goal = Apa tujuan inovasi ini?
sub-ask-benefit = Apa manfaatnya, dan siapa penerima manfaatnya?
sub-ask-start_date = Kapan inovasi ini mulai? Contoh: 17/08/2024, 17 Agustus 2024, Agustus 2024, atau 2024.
sub-ask-link = Tautan terkait (situs, aplikasi, video, berita), bila ada.
sub-ask-evidence = Kirim bukti dukung: foto atau dokumen (PDF, Word, Excel, PowerPoint), boleh beberapa. Tekan Selesai bila sudah, atau bila tidak ada.
info-button-quick_win = ℹ️ Apa itu quick win?
info-button-stage = ℹ️ Arti tiap tahapan
info-button-criteria = ℹ️ Kriteria penilaian
info-quick_win = ℹ️ <b>Quick win</b>: inovasi yang dapat dijalankan dalam waktu singkat (umumnya dalam satu tahun anggaran) dengan sumber daya yang sudah ada, dan hasilnya segera terasa oleh warga atau layanan.
info-stage =
    ℹ️ <b>Tahapan</b>:
    • Inisiatif: masih gagasan atau rencana, belum dijalankan.
    • Uji coba: sudah dijalankan secara terbatas (satu lokasi, satu unit, atau masa percobaan).
    • Penerapan: sudah berjalan penuh dan menjadi layanan atau kegiatan rutin.
info-criteria =
    ℹ️ <b>Kriteria penilaian</b>: setelah dikirim, koordinator memberi skor 1–5 untuk:
    • Fungsional: inovasi benar-benar berjalan dan dipakai sesuai tujuannya.
    • Mutakhir: memakai cara atau teknologi yang baru dan tepat guna.
    • Berkelanjutan: dapat terus berjalan (anggaran, aturan, pengelola) setelah diluncurkan.
    • Bermanfaat: memberi manfaat nyata bagi warga atau perangkat daerah.
    • Berdampak: menghasilkan perubahan yang terukur, misalnya waktu layanan atau biaya yang berkurang.
help-terms =
    <b>Istilah</b>
    { info-quick_win }
    { info-stage }
    { info-criteria }
sub-this-month = Bulan ini
sub-last-month = Bulan lalu
sub-evidence-received = Bukti dukung diterima: { $count } berkas. Kirim lagi, atau tekan Selesai.
sub-file-removed = Berkas dihapus: { $name }. Bukti dukung sekarang: { $count } berkas. Kirim lagi, atau tekan Selesai.
sub-invalid-title = Judul harus { $min }–{ $max } karakter (sekarang { $length }). Silakan ketik lagi.
sub-invalid-short = Jawaban terlalu singkat. Silakan ketik paling sedikit { $min } karakter.
sub-invalid-long = Jawaban terlalu panjang: { $length } karakter, paling banyak { $max }. Mohon diringkas.
sub-invalid-link = Tautan harus berisi alamat situs, misalnya sumedangkab.go.id atau https://sumedangkab.go.id/layanan
sub-invalid-date = Tanggal tidak dikenali. Contoh: 17/08/2024, 17-8-2024, 17 Agustus 2024, Agustus 2024, atau 2024.
sub-invalid-future-date = Tanggal mulai tidak boleh di masa depan.
sub-invalid-file-size = Berkas terlalu besar (paling besar { $max_mb } MB).
sub-invalid-file-type = Jenis berkas ini tidak diterima. Kirim foto, atau dokumen PDF, Word, Excel, atau PowerPoint.
sub-file-unreadable = Mohon maaf, berkas ini tidak dapat diperiksa. Silakan kirim ulang sebentar lagi.
sub-invalid-evidence = Untuk bukti dukung, kirim foto atau dokumen; atau tekan Selesai.
sub-too-many-files = Paling banyak { $max } berkas bukti dukung.
sub-choose-pillar = Pilih paling sedikit satu pilar.
sub-use-buttons = Silakan pilih dengan tombol pada pertanyaan di atas.
sub-duplicate = Sudah ada inovasi berjudul sama di OPD Bapak/Ibu: #{ $id } { $title } ({ $status }). Lanjutkan dengan judul ini, atau buka yang sudah ada?
sub-button-continue = Lanjutkan
sub-button-open-existing = Buka yang ada
sub-draft-exists = Bapak/Ibu punya draf yang belum selesai: <b>{ $title }</b>. Lanjutkan draf itu, atau mulai baru?
sub-button-resume = Lanjutkan draf
sub-button-fresh = Mulai baru
sub-review-title = <b>Periksa kembali inovasi Bapak/Ibu</b> (#{ $id }, { $status })
sub-review-line = <b>{ $label }:</b> { $value }
sub-empty = —
sub-files = { $count } berkas
sub-button-edit = ✏️ { $label }
sub-button-full = 📖 { $label } (lengkap)
sub-button-send = 📤 Kirim
sub-button-save = 💾 Simpan draf
sub-button-delete = 🗑 Hapus draf
sub-button-withdraw = ↩️ Tarik kembali ke draf
sub-button-close = Selesai mengubah
sub-confirm-delete = Hapus draf <b>{ $title }</b>? Ini tidak dapat dibatalkan.
sub-deleted = Draf dihapus.
sub-kept = Draf tidak dihapus.
sub-saved = Draf disimpan. Ketik /baru kapan saja untuk melanjutkan.
sub-closed = Perubahan tersimpan.
sub-cancelled = Pengisian dihentikan; draf <b>{ $title }</b> tersimpan ({ $answered } dari { $total } pertanyaan terjawab). Ketik /baru untuk melanjutkan.
sub-cancelled-nothing = Pengisian dihentikan. Belum ada yang tersimpan; ketik /baru untuk memulai lagi.
sub-cancelled-edit = Pengisian dihentikan. Jawaban yang sudah Bapak/Ibu berikan tersimpan; inovasi #{ $id } tetap { $status }.
sub-missing = Belum lengkap: { $fields }. Lengkapi dengan tombol ✏️ di bawah.
sub-sent = Terima kasih! Inovasi #{ $id } <b>{ $title }</b> telah terkirim dan akan ditinjau koordinator.
sub-withdrawn = Inovasi #{ $id } ditarik kembali menjadi draf.
sub-changed-elsewhere = Inovasi ini baru saja diubah oleh orang lain. Berikut keadaan terbarunya.
sub-no-longer-yours = Mohon maaf, Bapak/Ibu tidak lagi dapat mengubah inovasi ini karena OPD atau peran Bapak/Ibu telah berubah. Pengisian dihentikan.
sub-not-editable = Inovasi #{ $id } berstatus { $status } dan tidak dapat diubah lagi.
sub-not-sendable = Inovasi #{ $id } berstatus { $status }, sehingga tidak perlu dikirim lagi.
sub-not-found = Inovasi #{ $id } tidak ditemukan.
sub-no-opd = Bapak/Ibu belum terikat pada OPD, sehingga belum dapat mengirim inovasi.
sub-group-notice =
    📤 <b>Inovasi baru terkirim</b>
    #{ $id } { $title }
    { $opd } · { $pillars }
notice-group-resubmitted =
    🔁 <b>Revisi inovasi terkirim</b>
    #{ $id } { $title }
    { $opd } · { $pillars }
notice-group-batch = 📤 <b>{ $count } inovasi masuk</b>
notice-group-line = • #{ $id } { $title } — { $opd }
notice-group-line-resubmitted = • #{ $id } { $title } — { $opd } (revisi)
notice-group-line-pointer = • #{ $id } { $title } — { $opd } · /lihat { $id }
notice-group-line-pointer-resubmitted = • #{ $id } { $title } — { $opd } (revisi) · /lihat { $id }
file-group-notice =
    🖼 <b>Berkas baru untuk halaman publik</b>
    #{ $id } { $title }
    { $opd } · { $caption }
    Tampilkan di halaman publik?
file-button-ok = ✅ Tampilkan
file-button-hide = 🚫 Sembunyikan
file-decided-ok = ✅ Ditampilkan di halaman publik oleh { $who }.
file-decided-hide = 🚫 Disembunyikan dari halaman publik oleh { $who }.
file-decided-head = 🖼 #{ $id } { $title }
file-already-decided = Berkas ini sudah diputuskan sebelumnya.
file-gone = Berkas ini sudah tidak ada.
sub-edited-message = Perubahan pada pesan yang sudah terkirim tidak dibaca. Gunakan tombol ✏️ pada ringkasan untuk mengubah jawaban.
sub-timed-out = Sesi pengisian berakhir karena lama tidak aktif. Draf tersimpan; ketik /baru untuk melanjutkan.
list-title = Inovasi { $scope } ({ $total }), halaman { $page } dari { $pages }:
list-scope-opd = OPD Bapak/Ibu
list-scope-all = semua OPD
list-empty = Belum ada inovasi. Ketik /baru untuk mengirim yang pertama.
view-title = <b>Inovasi #{ $id }</b> ({ $status })
view-usage = Tulis nomor inovasinya, misalnya { $command } 12.
view-no-such-number = Mohon maaf, tidak ada inovasi dengan nomor sebesar itu. Mohon periksa lagi nomornya, misalnya { $command } 12.
view-sent-privately = Detail dikirim ke chat pribadi Bapak/Ibu dengan bot.
view-open-private-first = Mohon buka chat pribadi dengan bot terlebih dahulu: { $link }
view-review-scores = Skor tinjauan
view-imported = Diimpor dari berkas <code>{ $file }</code>
view-review-note = Catatan peninjau

## Reports (coordinators)

menu-summary = 📊 Rekap
menu-missing = 🧩 Belum
menu-review = 🔎 Tinjau
cmd-rekap = Rekap: status, pilar, tahapan, OPD
cmd-belum = OPD yang belum mengirim, dan quick win per pilar
cmd-cari = Cari inovasi: /cari KATA
cmd-tinjau = Antrean tinjauan
cmd-ekspor = Berkas Excel semua inovasi
cmd-dasbor = Tombol masuk ke dasbor web
dash-button = 🌐 Buka dasbor
dash-open =
    Dasbor inovasi: { $address }
    Tekan tombol di bawah untuk masuk sebagai koordinator. Tautan ini hanya berlaku sekali.
dash-not-served = Dasbor web belum dijalankan. Mohon minta admin mengisi DASHBOARD_PORT (dan DASHBOARD_URL untuk alamat publik).
rep-title = 📊 <b>Rekap inovasi</b>: { $sent } terkirim seluruhnya, { $drafts } masih draf di OPD
rep-status = Dari { $sent } yang terkirim: { $submitted } menunggu tinjauan · { $in_review } sedang ditinjau · { $approved } disetujui · { $revision } perlu revisi · { $rejected } ditolak
rep-queue = Antrean tinjauan: { $count }
rep-quick-wins = Quick win: { $count }
rep-by-pillar = <b>Per pilar</b>
rep-by-stage = <b>Per tahapan</b>
rep-line = • { $name }: { $count }
rep-top-opds = <b>OPD paling aktif</b>
rep-opds-without = <b>OPD belum mengirim</b>: { $count } dari { $total } OPD yang wajib mengirim
rep-opd = • { $name }
rep-names-more = …dan { $more } OPD lainnya: lihat /belum
rep-chart-title = Inovasi per pilar, menurut status
rep-chart-axis = Jumlah inovasi
mis-title = <b>OPD tanpa inovasi terkirim</b>: { $count } dari { $total } OPD yang wajib mengirim
mis-page = Halaman { $page } dari { $pages }
mis-coverage = <b>Quick win per pilar</b>: { $full } dari { $total } OPD sudah lengkap di keenam pilar.
mis-worst = Kekurangan terbesar:
mis-gap = • { $name }: belum ada di { $pillars }
mis-picture-title = Quick win per pilar: { $shown } OPD dengan kekurangan terbesar (dari { $total })

## Export

exp-status = Status
exp-phone = Telepon
exp-submitted-at = Dikirim
exp-score-fungsional = Skor fungsional
exp-score-mutakhir = Skor mutakhir
exp-score-berkelanjutan = Skor berkelanjutan
exp-score-bermanfaat = Skor bermanfaat
exp-score-berdampak = Skor berdampak
exp-note = Catatan
exp-sent = Total terkirim
exp-waiting = Menunggu tinjauan
exp-no-drafts = Draf tetap milik OPD sampai dikirim, jadi tidak ikut diekspor. Ekspor berisi inovasi yang sudah dikirim, misalnya /ekspor atau /ekspor disetujui.
event-created = Draf dibuat
event-submitted = Dikirim
event-field_changed = Isian diubah
event-withdrawn = Ditarik kembali menjadi draf
event-review_started = Mulai ditinjau
event-reviewed = Diputuskan
event-checkin = Pemantauan dijawab
event-iid_changed = Data IID diubah
event-iid_indicators = Tabel indikator IID diganti
event-file_approved = Berkas ditampilkan di halaman publik
event-imported = Diimpor dari berkas
event-file_hidden = Berkas disembunyikan dari halaman publik
exp-covered = Pilar terisi
exp-when = Waktu
exp-who = Oleh
exp-what = Kejadian
exp-from = Dari
exp-to = Menjadi
exp-field = Isian
exp-old = Nilai lama
exp-new = Nilai baru
exp-sheet-innovations = Inovasi
exp-sheet-opd = Per OPD
exp-sheet-pillar = Per pilar
exp-sheet-coverage = Cakupan
exp-sheet-history = Riwayat
exp-caption = Ekspor inovasi { $date }: { $count } inovasi.
exp-unknown-filter = Saring dengan kode OPD, status, atau tanggal kirim, misalnya /ekspor DINKES, /ekspor disetujui, atau /ekspor 1/10/2026 - 31/10/2026. “{ $value }” tidak dikenali.
exp-preparing = Sedang menyiapkan berkas ekspor. Mohon tunggu sebentar; Bapak/Ibu tetap dapat memakai perintah lain.
exp-busy = Berkas ekspor Bapak/Ibu sebelumnya masih disiapkan. Mohon tunggu hingga selesai.
exp-progress = Menyiapkan berkas ekspor… { $percent } %
exp-progress-parts = Berkas lebih besar dari 50 MB, jadi dibagi menjadi { $parts } bagian. Menyiapkan berkas… { $percent } %
exp-ready = { $parts ->
    [1] Berkas ekspor siap: { $count } inovasi.
   *[other] Berkas ekspor siap: { $count } inovasi, dikirim dalam { $parts } bagian karena Telegram hanya menerima berkas hingga 50 MB.
}
exp-caption-window = Dikirim { $start } s/d { $end }.
exp-caption-part = Bagian { $part } dari { $parts }: inovasi nomor { $first_id } s/d { $last_id }.
exp-file-part = bagian-{ $part }-dari-{ $parts }
exp-disk-full = Mohon maaf, penyimpanan server sedang penuh sehingga berkas ekspor tidak dapat dibuat. Berkas yang belum selesai sudah dihapus. Silakan coba lagi nanti atau hubungi admin.
exp-window-invalid = Rentang tanggal tidak dikenali. Contoh: /ekspor 1/10/2026 - 31/10/2026, /ekspor Oktober 2026, /ekspor 2026, atau /ekspor kemarin.
exp-window-reversed = Tanggal awal ({ $start }) sesudah tanggal akhir ({ $end }). Mohon tulis tanggal awal lebih dahulu, misalnya /ekspor 1/10/2026 - 31/10/2026.
exp-window-future = Tanggal { $start } belum tiba (hari ini { $today }), jadi belum ada inovasi yang dikirim sejak itu. Mohon pilih tanggal sampai hari ini.

## Search

srch-usage = Tulis kata yang dicari, misalnya /cari posyandu.
srch-too-short = Kata pencarian paling sedikit { $min } huruf.
srch-ask = Kata apa yang Bapak/Ibu cari? Tulis satu kata atau lebih, misalnya posyandu (judul, masalah, solusi, tujuan, manfaat, atau nama OPD). Ketik /batal untuk batal.
srch-cancelled = Pencarian dibatalkan.
srch-none = Tidak ada inovasi yang cocok dengan “{ $query }”.
srch-title = Hasil pencarian “{ $query }”: { $total } inovasi, halaman { $page } dari { $pages }.

## Review

rev-queue-title = Antrean tinjauan, yang terlama lebih dahulu ({ $shown } ditampilkan). Pilih untuk meninjau:
rev-queue-empty = Antrean tinjauan kosong. Terima kasih!
rev-button-revise = ✏️ Minta revisi
rev-ask-verdict = Keputusan untuk inovasi #{ $id }?
rev-ask-score = Skor <b>{ $criterion }</b> (1 = kurang, 5 = sangat baik):
crit-fungsional = fungsional
crit-mutakhir = mutakhir
crit-berkelanjutan = berkelanjutan
crit-bermanfaat = bermanfaat
crit-berdampak = berdampak
rev-ask-note-required = Tulis catatan untuk OPD (wajib untuk revisi dan penolakan; paling banyak { $max } karakter).
rev-ask-note-optional = Tulis catatan untuk OPD (tidak wajib; paling banyak { $max } karakter), atau pilih Lewati.
rev-note-required = Catatan wajib diisi untuk revisi dan penolakan.
rev-done = Keputusan tersimpan: #{ $id } { $verdict }. OPD telah diberi tahu.
rev-already-decided = Inovasi #{ $id } sudah diputuskan oleh koordinator lain ({ $status }).
rev-changed = Inovasi #{ $id } telah berubah sejak Bapak/Ibu membukanya (sekarang { $status }), sehingga keputusan Bapak/Ibu tidak disimpan. Berikut keadaan terbarunya; silakan tinjau kembali lewat /tinjau.
rev-notice = Hasil tinjauan inovasi #{ $id } <b>{ $title }</b>: <b>{ $verdict }</b>
rev-notice-note = Catatan: { $note }
rev-notice-revise = Silakan perbaiki lalu kirim ulang dengan /ubah { $id }.
rev-cancelled = Tinjauan inovasi #{ $id } dibatalkan. Statusnya tidak berubah dan inovasi tetap dalam antrean.
rev-button-queue = ⬅️ Kembali ke antrean
rev-button-send = 📤 Kirim keputusan
rev-verdict-chosen = Keputusan: { $verdict }
rev-preview =
    Pratinjau keputusan untuk inovasi #{ $id } <b>{ $title }</b>
    Keputusan: <b>{ $verdict }</b>
    Skor: { $scores }
    Catatan: { $note }
    Kirim keputusan ini? OPD akan langsung diberi tahu.
rev-preview-no-scores = tidak dinilai (permintaan revisi hanya berisi catatan)
rev-preview-no-note = -
rev-withdrawn = Inovasi #{ $id } telah ditarik kembali oleh OPD menjadi draf; tidak ada keputusan yang disimpan.
rev-cancelled-nothing = Tinjauan dibatalkan.

## Schedules (admins)

menu-broadcast = 📣 Siaran
menu-schedule = 🗓 Jadwal
cmd-jadwal = Jadwal rekap harian dan pengingat
cmd-siaran = Kirim pesan ke semua anggota atau satu OPD
cmd-opd = OPD yang wajib mengirim inovasi
opd-title = 🏢 <b>OPD yang wajib mengirim inovasi</b> ({ $total } OPD, halaman { $page } dari { $pages })
    ✅ wajib mengirim: diingatkan, dihitung di /rekap dan /belum.
    ➖ tidak wajib (misalnya Diskominfo, yang mengumpulkan dan meninjau): tidak diingatkan, tidak dihitung.
    Tekan satu OPD untuk mengubahnya.
opd-now-expected = { $code } kini wajib mengirim inovasi.
opd-now-not-expected = { $code } kini tidak wajib mengirim inovasi.
day-mon = Sen
day-tue = Sel
day-wed = Rab
day-thu = Kam
day-fri = Jum
day-sat = Sab
day-sun = Min
sch-title = 🗓 <b>Jadwal</b> (waktu { $zone })
sch-line = • { $name }: { $time }, { $days } — { $state }
sch-every-day = setiap hari
sch-on = aktif
sch-off = nonaktif
sch-hours = Jam kerja pengingat: { $hours }
sch-deadline = Batas pengumpulan: { $date }
sch-no-deadline = belum diatur
sch-kind-summary = Rekap harian
sch-kind-weekly = Pengingat mingguan
sch-kind-drafts = Draf tertunda
sch-kind-revisions = Revisi tertunda
sch-kind-deadline = Hitung mundur batas waktu
sch-about-summary = Rekap ke grup koordinator: kiriman baru, total, antrean tinjauan, OPD yang belum mengirim, dan grafik.
sch-about-weekly = Ke anggota OPD yang belum mengirim inovasi, atau belum punya quick win di suatu pilar.
sch-about-drafts = Ke pemilik draf yang tidak disentuh lebih dari sehari: sekali sehari, paling banyak tiga kali.
sch-about-revisions = Ke pengirim inovasi yang diminta revisi dua hari lalu dan belum dikirim ulang.
sch-about-deadline = Ke anggota OPD yang belum lengkap: H-7, H-3, dan H-1 sebelum batas pengumpulan.
sch-detail =
    <b>{ $name }</b>
    { $about }

    Jam: { $time }
    Hari: { $days }
    Status: { $state }
sch-button-on = ▶️ Aktifkan
sch-button-off = ⏸ Nonaktifkan
sch-button-time = 🕘 Ubah jam
sch-button-hours = 🕖 Jam kerja
sch-button-deadline = 📅 Batas pengumpulan
sch-ask-time = Ketik jam baru dengan format JJ.MM, misalnya 16.00 atau 09.30. Ketik /batal untuk membatalkan.
sch-bad-time = Mohon maaf, "{ $given }" bukan jam yang dapat saya pakai. Tulis dua angka jam dan dua angka menit, misalnya 09.30 atau 16:00.
sch-outside-hours = Pengingat hanya dikirim pada jam kerja. Silakan pilih jam di dalam jam kerja, atau ubah jam kerja lebih dulu.
sch-no-days = Jadwal perlu paling sedikit satu hari. Pilih hari lain dulu, atau nonaktifkan jadwal ini.
sch-ask-hours = Ketik jam kerja pengingat, misalnya 07.00-20.00. Ketik /batal untuk membatalkan.
sch-bad-hours = Mohon maaf, format jam kerja belum sesuai. Contoh: 07.00-20.00 (jam mulai lebih awal dari jam selesai).
sch-ask-deadline = Ketik tanggal batas pengumpulan, misalnya 31/12/2026 atau 31 Desember 2026. Ketik "hapus" untuk meniadakan batas waktu, atau /batal untuk membatalkan.
sch-bad-deadline = Mohon maaf, tanggal itu belum dapat saya pakai. Tulis tanggal hari ini atau sesudahnya, misalnya 31/12/2026.
sch-hours-exclude = Jam kerja itu tidak mencakup pengingat yang aktif: { $reminders }. Ubah atau nonaktifkan pengingat itu dulu, atau ketik jam kerja lain.
sch-saved = ✅ Jadwal disimpan.
sch-cancelled = Perubahan jadwal dibatalkan.

## Daily summary and reminders

daily-title = 🗓 <b>Rekap harian { $date }</b>
daily-nothing-new = Tidak ada kiriman baru sejak rekap sebelumnya.
daily-new = <b>Kiriman baru</b>: { $count }
daily-new-line = • { $title } — { $opd } ({ $pillars })
daily-new-more = …dan { $more } lainnya
daily-group-unreachable = ⚠️ Rekap harian tidak dapat dikirim ke grup koordinator ({ $chat_id }). Pastikan Inovasi Bot sudah ditambahkan ke grup itu, atau periksa COORDINATOR_CHAT_ID. Pesan ini hanya dikirim sekali.
remind-weekly-title = 🔔 <b>Pengingat mingguan</b>
remind-opd-nothing = { $opd } belum mengirim inovasi.
remind-opd-quick-wins = { $opd } belum memiliki quick win pada pilar: { $pillars }.
remind-how = Silakan kirim melalui /baru. Terima kasih.
remind-deadline = ⏰ <b>Batas pengumpulan inovasi: { $date }</b> ({ $days } hari lagi).
remind-draft = 📝 Draf inovasi "{ $title }" belum selesai sejak { $since }. Silakan lanjutkan agar dapat dikirim.
remind-draft-continue = Lanjutkan draf
remind-revision = ✏️ Inovasi "{ $title }" diminta revisi pada { $since } dan belum dikirim ulang.
    Catatan peninjau: { $note }
remind-revision-fix = Perbaiki sekarang
rep-unreachable = Anggota yang tidak dapat dihubungi (memblokir bot): { $count }

## Broadcasts (admins)

bc-ask-message = Silakan tulis pesan siaran. Boleh teks saja, atau foto/dokumen dengan keterangan. Ketik /batal untuk membatalkan.
bc-not-content = Mohon kirim teks, foto, atau dokumen. Stiker, suara, dan lokasi tidak dapat disiarkan.
bc-caption-too-long = Keterangan foto/dokumen paling banyak { $limit } karakter. Mohon dipersingkat.
bc-album-first-only = Catatan: siaran memuat satu foto. Foto pertama dari album ini yang akan dikirim.
bc-choose-audience = Kirim kepada siapa?
bc-aud-all = Semua anggota
bc-aud-opd = Satu OPD
bc-aud-without = OPD yang belum mengirim
bc-choose-opd = Pilih OPD (halaman { $page } dari { $pages }):
bc-preview-intro = Pratinjau pesan, sebagaimana akan diterima:
bc-confirm = Pesan di atas akan dikirim ke <b>{ $count }</b> anggota ({ $audience }). Kirim sekarang?
bc-no-recipients = Tidak ada anggota yang dapat menerima siaran ini ({ $audience }). Silakan pilih penerima lain.
bc-button-send = 📣 Kirim ke { $count } anggota
bc-button-rewrite = ✏️ Ubah pesan
bc-button-other = Pilih OPD lain
bc-button-stop = Batal
bc-cancelled = Siaran dibatalkan. Tidak ada pesan yang dikirim.
bc-progress = 📣 Mengirim siaran… Terkirim { $sent }/{ $total }, gagal { $failed }
bc-progress-done = ✅ Siaran selesai. Terkirim { $sent }/{ $total }, gagal { $failed }

## The web dashboard
web-title = Dasbor Inovasi Smart City
web-nav-overview = Ringkasan
web-nav-innovations = Daftar inovasi
web-nav-coordinators = Halaman koordinator
web-nav-logout = Keluar
web-logout-ask = Tekan tombol Keluar untuk mengakhiri sesi Bapak/Ibu.
web-footer = Inovasi Bot · data dari pengiriman perangkat daerah
web-public-title = Inovasi Smart City yang disetujui
web-public-lead = Karya inovasi perangkat daerah yang telah ditinjau dan disetujui koordinator.
web-coordinators-title = Halaman koordinator
web-logged-in-as = Masuk sebagai { $name }
web-all-innovations = Semua inovasi
web-download-xlsx = Unduh Excel
web-download-csv = Unduh CSV
web-total-public = inovasi disetujui
web-total-coordinator = inovasi terkirim
web-quick-wins = quick win
web-opds-innovating = OPD berinovasi dari { $total }
web-review-queue = Antrean tinjauan
web-waiting = Menunggu
web-days = { $days } hari
web-queue-empty = Tidak ada inovasi yang menunggu tinjauan.
web-drafts-per-opd = Draf per OPD
web-no-drafts = Tidak ada draf.
web-coverage = Cakupan OPD × pilar
web-coverage-note = Jumlah inovasi tiap OPD per pilar; sel berwarna lebih tua berarti lebih banyak.
web-ranking = OPD yang berinovasi
web-not-yet = OPD yang belum ({ $count })
web-by-pillar = Per pilar
web-by-stage = Per tahapan
web-by-kind = Digital dan non-digital
web-by-opd = OPD teraktif
web-by-status = Per status
web-list-title-public = Daftar inovasi yang disetujui
web-list-title-coordinator = Semua inovasi
web-search-placeholder = Cari judul, masalah, solusi, tujuan, manfaat, atau OPD
web-any-pillar = Semua pilar
web-any-opd = Semua OPD
web-any-stage = Semua tahapan
web-any-kind = Semua jenis
web-status = Status
web-any-status = Semua status
web-filter = Terapkan
web-found = { $count } inovasi ditemukan
web-previous = Sebelumnya
web-next = Berikutnya
web-page = Halaman { $page } dari { $pages }
web-submitted = Dikirim
web-back-to-list = Kembali ke daftar
web-file-pending = Menunggu persetujuan untuk halaman publik
web-file-hidden = Disembunyikan dari halaman publik
web-file-show = ✅ Tampilkan
web-file-hide = 🚫 Sembunyikan
web-files-waiting = Berkas menunggu persetujuan
web-files-waiting-none = Tidak ada berkas yang menunggu persetujuan.
web-file-already = Berkas ini sudah diputuskan sebelumnya, atau sudah tidak ada.
web-form-expired = Formulir ini sudah tidak berlaku. Mohon muat ulang halaman, lalu coba lagi.
web-home = Ke halaman utama
web-login-invalid = Tautan masuk tidak sah atau sudah kedaluwarsa. Silakan minta tautan baru dengan /dasbor di Inovasi Bot.
web-login-used = Tautan masuk ini sudah pernah dipakai. Silakan minta tautan baru dengan /dasbor di Inovasi Bot.
web-not-allowed = Halaman koordinator hanya untuk koordinator dan admin.
web-please-login = Silakan masuk lewat tombol yang dikirim Inovasi Bot pada perintah /dasbor.
web-not-found = Halaman tidak ditemukan.
web-error = Mohon maaf, terjadi kendala. Silakan coba lagi sebentar lagi.
web-unavailable = Dasbor sedang tidak dapat membaca data. Silakan coba lagi sebentar lagi.
## The evidence store (admins)

evidence-photo = foto
evidence-failed-admin =
    ⚠️ <b>Bukti dukung belum tersimpan</b>
    Inovasi #{ $id } { $title }: berkas "{ $file }" belum dapat diunduh ke penyimpanan Diskominfo setelah { $attempts } kali percobaan ({ $error }).
    Bot akan terus mencoba. Mohon periksa koneksi server dan ruang penyimpanan EVIDENCE_DIR.
evidence-refused-admin =
    ⚠️ <b>Bukti dukung tidak disimpan</b>
    Inovasi #{ $id } { $title }: isi berkas "{ $file }" tidak sesuai dengan jenisnya ({ $error }), sehingga tidak disimpan.
    Mohon minta OPD terkait mengirim ulang berkas tersebut.

## Finding the coordinators' group (admins)

group-added-admin =
    ➕ <b>Inovasi Bot ditambahkan ke grup</b> "{ $title }"
    Ditambahkan oleh: { $who } ({ $role })
    Jumlah anggota: { $members ->
        [0] tidak diketahui
       *[other] { $members }
    }
    ID grup: <code>{ $chat }</code>
    Apakah ini grup koordinator Diskominfo? Bila ya, silakan tekan tombol di bawah; rekap harian dan pemberitahuan inovasi akan dikirim ke grup ini.
button-use-as-coordinators = ✅ Jadikan grup koordinator
group-set-done = ✅ Grup "{ $title }" (ID <code>{ $chat }</code>) kini menjadi grup koordinator.
group-set-already = Grup ini sudah menjadi grup koordinator.
group-set-gone = Mohon maaf, bot tidak lagi berada di grup tersebut. Silakan tambahkan bot ke grup itu lagi.
group-now-coordinators = Grup ini kini menjadi grup koordinator Inovasi Bot: rekap harian dan pemberitahuan inovasi baru akan dikirim ke sini.
group-offer-stale = Mohon maaf, tombol ini sudah tidak berlaku. Bila grup itu memang grup koordinator, silakan keluarkan bot dari grup lalu tambahkan lagi.
group-refused = Mohon maaf, Inovasi Bot hanya dapat ditambahkan ke grup oleh admin atau koordinator Diskominfo, sehingga bot akan keluar dari grup ini. Bapak/Ibu tetap dapat menggunakan bot lewat chat pribadi: { $link }
group-offer-limit = Mohon maaf, bot sudah ditambahkan ke terlalu banyak grup dalam satu jam terakhir, sehingga admin belum diberi tahu tentang grup ini. Silakan keluarkan bot lalu tambahkan lagi satu jam lagi.

## Check-ins (pemantauan)
chk-ask = 📋 <b>Pemantauan inovasi</b>
    Apakah inovasi #{ $id } <b>{ $title }</b> masih berjalan?
chk-reminder = ⏰ <b>Pengingat pemantauan</b>
    Pertanyaan pekan lalu belum dijawab: apakah inovasi #{ $id } <b>{ $title }</b> masih berjalan?
chk-answer-running = Masih berjalan
chk-answer-developing = Dikembangkan
chk-answer-stopped = Berhenti
chk-recorded = 📋 Inovasi #{ $id } <b>{ $title }</b>: { $answer }. Terima kasih, sudah dicatat.
chk-closed = 📋 Pemantauan inovasi #{ $id } <b>{ $title }</b> sudah ditutup karena inovasi ini tidak lagi berstatus disetujui. Tidak perlu dijawab.
chk-not-yours = Mohon maaf, pemantauan ini untuk anggota OPD pemilik inovasi. Bapak/Ibu tidak lagi terdaftar di OPD tersebut.
# To every other member of the OPD, and to one who pressed an answer too late: one text.
chk-answered-by = 📋 Pemantauan inovasi #{ $id } <b>{ $title }</b> sudah dijawab oleh { $who }: { $answer }. Bapak/Ibu tidak perlu menjawab lagi.
chk-ask-changes = Apa yang berubah sejak pemantauan terakhir? Ketik singkat (misalnya fitur baru, lokasi baru, kendala), atau tekan Lewati.
chk-ask-served = Berapa orang yang dilayani inovasi ini selama periode ini? Ketik angka saja, misalnya 1250, atau tekan Lewati.
chk-ask-photo = Kirim satu foto terbaru kegiatan inovasi ini (tidak wajib), atau tekan Selesai.
chk-served-negative = Mohon maaf, jumlah orang yang dilayani tidak bisa kurang dari nol. Ketik angka 0 atau lebih, misalnya 1250.
chk-served-not-number = Mohon maaf, "{ $given }" belum dapat saya baca sebagai jumlah orang. Tulis dengan angka saja, misalnya 1250 atau 1.250 (bukan "seribu").
chk-served-too-large = Mohon maaf, angka itu terlalu besar untuk satu periode (paling banyak { $max }). Periksa lagi angkanya, misalnya 1250.
chk-photo-only = Di sini saya menunggu sebuah foto. Kirim foto (bukan berkas), atau tekan Selesai.
chk-photo-caption = Foto pemantauan ke-{ $round }
chk-thanks = ✅ Terima kasih. Pemantauan inovasi #{ $id } sudah lengkap tercatat.
chk-no-longer = Pemantauan ini tidak dapat dilengkapi lagi (inovasi atau keanggotaan Bapak/Ibu sudah berubah). Jawaban yang sudah masuk tetap tersimpan.
chk-cancelled = Baik, jawaban pemantauan yang sudah masuk tetap tersimpan.
chk-fresh-active = aktif
chk-fresh-stale = perlu diperbarui
chk-fresh-stopped = berhenti
chk-screen-title = 📋 <b>Pemantauan inovasi #{ $id }</b>: { $freshness }
chk-screen-period = Ditanyakan { $period }
chk-period-default = setiap { $months } bulan (bawaan)
chk-period-own = setiap { $months } bulan (khusus inovasi ini)
chk-screen-next = Pertanyaan berikutnya: { $date }
chk-screen-none = Belum pernah ditanyakan.
chk-screen-answered = • { $parts }
chk-screen-note =   “{ $note }”
chk-screen-open = • ditanyakan { $date }, belum dijawab
chk-screen-closed = • ditanyakan { $date }, ditutup tanpa jawaban
chk-screen-trend = Orang dilayani per periode: { $trend }
chk-served-count = { $count } orang dilayani
chk-button-months = { $months } bln
chk-button-default = Ikuti bawaan
chk-overview = 📋 <b>Pemantauan</b>: { $approved } inovasi disetujui — { $active } aktif · { $unconfirmed } belum dikonfirmasi · { $stale } perlu diperbarui · { $stopped } berhenti
sch-kind-checkins = Pemantauan inovasi
sch-about-checkins = Ke anggota OPD: apakah inovasi yang disetujui masih berjalan, setiap periode sejak disetujui; satu pengingat bila belum dijawab 7 hari.
sch-checkin-period = Periode pemantauan: setiap { $months } bulan sejak disetujui
chk-sch-period = Periode pemantauan bawaan (dapat diubah per inovasi di /lihat):
exp-sheet-checkins = Pemantauan
exp-sheet-freshness = Status pemantauan
exp-round = Ke-
exp-asked = Ditanyakan
exp-reminded = Diingatkan
exp-checkin-status = Status tanya
exp-checkin-open = belum dijawab
exp-checkin-answered = dijawab
exp-checkin-closed = ditutup
exp-answer = Jawaban
exp-answered = Dijawab
exp-changes = Yang berubah
exp-served = Orang dilayani
exp-photo = Foto
exp-freshness = Status pemantauan
exp-period = Periode (bulan)
exp-last-asked = Terakhir ditanyakan
exp-last-answer = Jawaban terakhir
exp-last-answered = Terakhir dijawab
exp-served-total = Total orang dilayani
web-checkin-period = Pemantauan setiap { $months } bulan
web-served-trend = Orang dilayani per periode pemantauan

## Data IID (Indeks Inovasi Daerah)
cmd-iid = Tabel indikator IID: bobot, tingkat, impor CSV
iid-open = 📝 Lengkapi data IID
iid-intro = <b>Lengkapi data IID</b> inovasi #{ $id } { $title }: beberapa pertanyaan untuk laporan Indeks Inovasi Daerah. Semuanya boleh dilewati dan diisi nanti lewat /lihat { $id }.
iid-finish-form-first = Selesaikan dulu pengisian inovasi yang sedang terbuka (atau ketik /batal), lalu tekan tombolnya lagi.
iid-not-yours = Mohon maaf, data IID inovasi ini hanya dapat diisi oleh OPD pemiliknya.
iid-overview-title = <b>Data IID inovasi #{ $id }</b> { $title }
iid-indicators-count = Indikator bukti lengkap: { $done } dari { $total }
iid-button-indicators = 📎 Indikator bukti
iid-now = Sekarang: { $value }
iid-page = Halaman { $page } dari { $pages }
iid-indicators = <b>Indikator bukti</b> ({ $done } dari { $total } lengkap, halaman { $page } dari { $pages }). Pilih indikator untuk mengisi tingkat yang dicapai dan bukti dukungnya.
iid-ask-level = <b>{ $name }</b>: tingkat mana yang dicapai inovasi ini (menurut OPD)?
iid-level-line = { $level }. { $label }
iid-ask-proof = Kirim bukti dukung untuk <b>{ $name }</b> (foto, PDF, Word, Excel, PowerPoint), atau ketik tautannya. Tekan Lewati bila bukti yang ada sudah cukup.
iid-proof-saved = Tersimpan: { $name }.
iid-proof-invalid = Kirim berkas (foto atau dokumen), atau ketik tautan yang diawali https://, misalnya https://sumedangkab.go.id/sk-inovasi.pdf
iid-saved = Data IID inovasi #{ $id } tersimpan.
iid-ready = ✅ Siap IID: semua data wajib sudah lengkap.
iid-missing = ⏳ Belum siap IID, masih kurang { $count }: { $items }
iid-score = Perkiraan skor (penilaian OPD sendiri, bukan nilai resmi): { $score } dari { $maximum }
iid-status-title = <b>Data IID</b>
iid-cancelled = Pengisian data IID dihentikan. Yang sudah diisi tetap tersimpan.
iid-timed-out = Pengisian data IID dihentikan karena lama tidak ada jawaban. Yang sudah diisi tetap tersimpan.
iid-future-date = Tanggal ini belum lewat. Tulis tanggal yang sudah terjadi, misalnya 17/08/2024 atau Agustus 2024.
iid-applied-before-trial = Waktu penerapan tidak boleh sebelum waktu uji coba. Periksa kembali tanggalnya.
iid-budget-invalid = Anggaran tidak dikenali. Tulis dengan angka, misalnya Rp 25.000.000, 25 juta, atau 25jt.
iid-budget-too-large = Anggaran ini terlalu besar untuk satu inovasi. Periksa kembali angkanya, misalnya Rp 25.000.000.
field-innovation_form = Bentuk inovasi
sub-ask-innovation_form = Apa bentuk inovasi daerah ini?
iid-form-tata_kelola = Tata kelola pemerintahan daerah
iid-form-pelayanan_publik = Pelayanan publik
iid-form-lainnya = Bentuk lainnya
field-affair = Urusan pemerintahan
sub-ask-affair = Urusan pemerintahan apa yang didukung inovasi ini?
field-initiator = Inisiator
sub-ask-initiator = Siapa inisiator inovasi ini?
iid-initiator-kepala_daerah = Kepala daerah
iid-initiator-anggota_dprd = Anggota DPRD
iid-initiator-opd = OPD
iid-initiator-asn = ASN
iid-initiator-masyarakat = Masyarakat
field-trial_date = Waktu uji coba
sub-ask-trial_date = Kapan inovasi ini mulai diuji coba? Contoh: 17/08/2024, Agustus 2024, atau 2024.
field-applied_date = Waktu penerapan
sub-ask-applied_date = Kapan inovasi ini mulai diterapkan? Contoh: 2/01/2025, Januari 2025, atau 2025.
field-budget = Anggaran
sub-ask-budget = Berapa anggaran inovasi ini (rupiah)? Contoh: Rp 25.000.000, 25 juta, atau 25jt. Lewati bila tidak ada.
field-result = Hasil inovasi
sub-ask-result = Apa hasil inovasi ini sejauh ini? (dampak yang terukur, misalnya waktu layanan, jumlah pengguna)
iid-admin-title = <b>Indikator IID</b>: { $count } indikator aktif, jumlah bobot { $total }.
iid-admin-line = { $code } · { $name } · bobot { $weight } · { $levels } tingkat · wajib: { $required }
iid-admin-send-back = Tabel indikator saat ini. Untuk mengubahnya, ubah berkas ini (kolom kode, nama, bobot, wajib, tingkat_1 … tingkat_9) lalu kirim kembali ke sini. /batal bila tidak jadi.
iid-admin-waiting = Kirim berkas CSV indikator sebagai dokumen, atau /batal.
iid-csv-not-csv = Kirim berkas CSV (.csv), misalnya hasil "Simpan sebagai CSV UTF-8" dari Excel.
iid-csv-too-large = Berkas terlalu besar (paling besar 1 MB).
iid-csv-not-utf8 = Berkas bukan teks UTF-8. Di Excel, simpan sebagai "CSV UTF-8 (dipisahkan koma)".
iid-csv-not-readable = Berkas tidak dapat dibaca sebagai tabel CSV (ada sel yang terlalu panjang atau tanda kutip yang tidak ditutup).
iid-csv-empty = Berkas kosong. Baris pertama harus berisi judul kolom: kode, nama, bobot, wajib, tingkat_1 …
iid-csv-no-rows = Berkas hanya berisi judul kolom, tanpa indikator.
iid-csv-refused = Tidak ada yang diimpor: { $count } masalah.
iid-csv-line = Baris { $line }: { $problem }
iid-csv-more = … dan { $more } masalah lainnya.
iid-csv-unknown-column = kolom "{ $column }" tidak dikenal (yang dikenal: kode, nama, bobot, wajib, tingkat_1 … tingkat_9)
iid-csv-missing-column = kolom "{ $column }" tidak ada
iid-csv-repeated-column = ada judul kolom yang ditulis dua kali
iid-csv-extra-cells = ada isian di luar kolom yang berjudul
iid-csv-bad-code = kode "{ $code }" tidak sah (huruf kecil, angka dan _, paling panjang 32)
iid-csv-duplicate = indikator { $code } sudah ada di baris { $first }
iid-csv-bad-name = nama kosong atau lebih dari 200 karakter
iid-csv-bad-weight = bobot "{ $weight }" bukan angka (contoh: 5 atau 7,5)
iid-csv-bad-required = wajib "{ $value }" harus 1 atau 0 (ya atau tidak)
iid-csv-bad-levels = tingkat harus berurutan mulai tingkat_1, tanpa yang kosong di tengah, masing-masing paling panjang 300 karakter
iid-csv-imported = Tabel indikator IID diganti: { $count } indikator, { $retired } dinonaktifkan.
rep-iid = Siap IID: { $ready } dari { $total } inovasi terkirim
exp-sheet-iid = IID
exp-iid-level = Tingkat
exp-iid-level-label = Keterangan tingkat
exp-iid-file = Nama berkas bukti
exp-iid-link = Tautan bukti
exp-iid-design = Rancang bangun
exp-iid-ready = Siap IID
exp-iid-score = Perkiraan skor OPD
exp-iid-missing = Yang masih kurang
