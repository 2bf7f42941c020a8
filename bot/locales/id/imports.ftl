## Impor dari berkas (inovasi yang sudah ada, rencana aksi): mengapa berkas, judul kolom atau
## baris ditolak, dan /impor di chat.

imp-at-row-column = baris { $row }, kolom { $column }: { $reason }
imp-at-row = baris { $row }: { $reason }
imp-at-column = kolom { $column }: { $reason }

# Berkasnya
imp-file-missing = tidak ada
imp-file-unreadable = tidak dapat dibaca: { $why }
imp-file-folder = adalah folder, bukan berkas
imp-file-too-large = berukuran { $size } MB; impor menerima berkas paling besar { $most } MB: bagi menjadi beberapa berkas
imp-file-empty = kosong
imp-file-xls = adalah buku kerja Excel 97-2003 lama (.xls): simpan sebagai .xlsx atau CSV
imp-file-suffix = adalah berkas { $suffix }: impor membaca berkas .xlsx dan .csv
imp-file-too-many-rows = berisi lebih dari { $most } baris; impor menerima paling banyak { $most } sekaligus: bagi menjadi beberapa berkas
imp-file-no-header = tidak punya baris judul kolom (dan tidak ada baris): tidak ada yang diimpor
imp-file-not-xlsx = bukan buku kerja .xlsx yang dapat dibaca ({ $kind })
imp-file-nul = berisi byte NUL: UTF-16 tanpa penanda BOM, atau bukan berkas teks; simpan sebagai CSV UTF-8
imp-file-encoding = bukan teks yang sah dalam pengodean yang disebut BOM-nya
imp-file-not-csv = bukan berkas CSV yang dapat dibaca: { $why }

# Judul kolom
imp-header-missing = tidak punya judul, padahal baris di bawahnya berisi (sel judul digabung?): beri setiap kolom judulnya sendiri, dalam satu baris
imp-header-unknown = bukan kolom yang dikenal impor: ganti namanya seperti di templat, atau hapus kolomnya
imp-header-twice = artinya sama dengan kolom { $column }
imp-no-title-column = tidak ada kolom judul ("Judul" atau "Nama Inovasi")
imp-no-opd-column = tidak ada kolom OPD ("OPD", "Perangkat Daerah", "Kode OPD")
imp-no-plan-title-column = tidak ada kolom rencana ("Rencana", "Judul" atau "Nama Inovasi")
imp-no-pillar-column = tidak ada kolom pilar ("Pilar")
imp-no-stage-column = tidak ada kolom target tahap ("Tahap" atau "Target Tahap")
imp-no-month-column = tidak ada kolom bulan target ("Bulan Target")

# Satu baris
imp-no-opd = OPD tidak diisi
imp-no-title = judul tidak diisi
imp-no-pillar = pilar tidak diisi
imp-no-stage = target tahap tidak diisi
imp-no-month = bulan target tidak diisi
imp-same-number = nomornya sama dengan baris { $row }
imp-same-opd-title = OPD dan judulnya sama dengan baris { $row }
imp-no-opd-code = tidak ada OPD berkode "{ $code }" (lihat daftar di templat)
imp-opd-ambiguous = "{ $name }" bisa beberapa OPD: { $candidates }; tulis kodenya
imp-no-opd-named = tidak ada OPD bernama "{ $name }" (lihat daftar di templat)
imp-not-pillar = "{ $text }" bukan pilar (lihat daftar di templat)
imp-one-pillar = "{ $text }": satu baris rencana aksi hanya untuk satu pilar
imp-not-flag = "{ $text }" bukan 1 atau 0
imp-not-status = "{ $text }" bukan status (disetujui atau terkirim)
imp-status-not-imported = "{ $text }": hanya inovasi yang disetujui atau terkirim yang diimpor
imp-not-a-choice = "{ $text }" bukan salah satu pilihan ({ $choices })
imp-not-stage = "{ $text }" bukan target tahap (uji coba atau penerapan)
imp-not-month = "{ $text }" bukan bulan (08/2026, Agustus 2026 atau 2026-08)
imp-not-innovation-number = "{ $text }" bukan nomor inovasi
imp-no-innovation = tidak ada inovasi bernomor { $number }
imp-innovation-other-opd = inovasi { $number } milik OPD lain ({ $code })
imp-title-length = judul harus { $min }-{ $max } karakter (yang ini { $length })
imp-too-short = terlalu pendek (paling sedikit { $min } karakter)
imp-too-long = terlalu panjang: { $length } karakter, paling banyak { $max }
imp-not-link = bukan alamat web (mis. https://sumedangkab.go.id/layanan)
imp-not-date = bukan tanggal (17/08/2024, 08/2024, Agustus 2024 atau 2024)
imp-future-date = tanggal mulai di masa depan
imp-invalid = bukan nilai yang diterima impor

# /impor di chat
cmd-impor = Impor inovasi atau rencana aksi dari berkas
import-choose = <b>Impor dari berkas</b>
    Apa yang akan Bapak/Ibu impor? Setiap baris diperiksa dulu; tidak ada yang disimpan kecuali semua baris benar.
import-button-innovations = 💡 Inovasi (yang sudah ada)
import-button-plans = 🗓 Rencana aksi
import-button-template = 📄 Templat
import-button-skip = Lewati baris yang salah & impor sisanya
import-kind-innovations = inovasi
import-kind-plans = baris rencana aksi
import-ask-file = Silakan kirim <b>{ $kind }</b> dalam berkas .xlsx atau .csv (sebagai dokumen, paling besar { $most } MB). Tombol 📄 Templat mengirim berkas berisi kolom-kolomnya, satu baris contoh, serta daftar OPD dan pilar. /batal untuk berhenti.
import-template-caption = Templat impor { $kind }: isi satu baris untuk setiap data, lalu kirim kembali berkasnya ke sini.
import-only-admins = Hanya admin yang dapat mengimpor inovasi. Silakan hubungi { $admins }, atau impor rencana aksi di sini.
import-only-admins-nobody = Hanya admin yang dapat mengimpor inovasi; bot belum punya admin. Bapak/Ibu dapat mengimpor rencana aksi di sini.
import-send-file = Silakan kirim berkas .xlsx atau .csv sebagai dokumen (📎 → Berkas), bukan foto, stiker atau teks.
import-not-table = { $file } bukan berkas .xlsx atau .csv. Silakan kirim lembar kerjanya sebagai .xlsx atau .csv.
import-too-large = { $file } berukuran { $size } MB; impor menerima berkas paling besar { $most } MB. Silakan bagi menjadi beberapa berkas.
import-unreadable = Berkasnya tidak dapat saya unduh dari Telegram. Silakan kirim lagi.
import-file-refused = ❌ <b>{ $file }</b> { $why }. Tidak ada yang disimpan.
import-refused = ❌ <b>Tidak ada yang disimpan</b>: { $file } punya { $count } masalah:
import-problem = • { $problem }
import-more = … dan { $more } lainnya.
import-fix = Silakan perbaiki berkasnya lalu kirim lagi, atau /batal.
import-skip-offer = { $good } baris benar: tombol di bawah mengimpor baris-baris itu dan melewati yang salah.
import-done = ✅ <b>Berhasil diimpor</b> { $file }: { $created } baru, { $updated } berubah, { $unchanged } tetap ({ $kind }).
import-skipped = Baris salah yang dilewati: { $rows }.
import-skip-used = Tombol ini sudah dipakai: baris yang benar sudah diimpor.
import-cancelled = Impor dibatalkan. Tidak ada lagi yang disimpan.
import-timed-out = Impor terlalu lama menunggu berkas dan sudah berakhir. Kirim /impor untuk mulai lagi.
