# Teks untuk pengguna, Bahasa Indonesia. Kunci yang sama harus ada di ../en/bot.ftl.

error-generic =
    Mohon maaf, terjadi kendala saat memproses pesan Bapak/Ibu. Data yang sudah tersimpan tetap aman.
    Silakan coba lagi sebentar lagi.

start-welcome-member =
    Selamat datang kembali, <b>{ $name }</b>.
    Anda terdaftar sebagai { $role } untuk <b>{ $opd }</b>.
start-welcome-guest =
    Selamat datang di <b>Inovasi Bot</b>, layanan pendataan karya inovasi Smart City.

    Untuk mendaftar, silakan buka tautan undangan dari admin Diskominfo, atau kirim kode undangan Bapak/Ibu di sini.
start-welcome-blocked =
    Mohon maaf, akun Bapak/Ibu sedang dinonaktifkan. Silakan hubungi admin Diskominfo.

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
sandbox-invites = Kode undangan untuk dicoba sebagai orang baru (:as new), ketik /start KODE:
sandbox-invite-line = { $role } ({ $opd }): { $code }
sandbox-help =
    Perintah sandbox:
      :as staff|coordinator|admin|new   berganti orang
      1, 2, 3 …                          tekan tombol bernomor di pesan terakhir bot
      :teks TEKS                         kirim teks apa adanya (misalnya angka)
      :foto [keterangan]                 kirim foto contoh
      :berkas PATH                       kirim berkas dari komputer ini
      :kontak                            bagikan nomor telepon
      :stiker                            kirim stiker
      :grup                              lihat pesan di grup koordinator
      :waktu JJ:MM                       majukan jam sandbox (rekap dan pengingat terjadwal)
      :keluar                            selesai
sandbox-now-speaking = ── Anda sekarang: { $name } ({ $role }) ──
sandbox-now-speaking-guest = ── Anda sekarang: { $name } (belum terdaftar) ──
sandbox-empty-line = (Pesan kosong tidak dikirim. Ketik pesan, nomor tombol, atau :bantuan.)
sandbox-too-long = (Pesan terlalu panjang: { $length } karakter, batas Telegram { $limit }. Tidak dikirim.)
sandbox-no-buttons = (Tidak ada tombol bernomor saat ini. Untuk mengirim angka sebagai teks, ketik :teks { $number })
sandbox-button-out-of-range = (Tidak ada tombol nomor { $number }; pilih 1 sampai { $count }.)
sandbox-unknown-command = (Perintah sandbox tidak dikenal: { $command }. Ketik :bantuan.)
sandbox-unknown-person = (Pilih salah satu: staff, coordinator, admin, new.)
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
sandbox-bye = Sampai jumpa.
