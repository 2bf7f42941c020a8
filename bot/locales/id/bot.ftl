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
