# Benefit in numbers (manfaat): the measures asked at a check-in, their totals, /manfaat.

cmd-manfaat = Ukuran manfaat pemantauan: daftar, impor CSV

ben-ask = 📈 <b>{ $name }</b> selama periode ini? Ketik angkanya dalam { $unit }, misalnya 1250, atau tekan Lewati.
ben-negative = Mohon maaf, angka ini tidak bisa kurang dari nol. Ketik angka 0 atau lebih, atau tekan Lewati.
ben-too-large = Mohon maaf, angka itu terlalu besar untuk satu periode (paling banyak { $max } { $unit }). Periksa lagi angkanya, atau tekan Lewati.
ben-not-number = Mohon maaf, "{ $given }" belum dapat saya baca sebagai angka dalam { $unit }. Tulis dengan angka bulat saja, misalnya 1250 atau 1.250, atau tekan Lewati.

ben-screen-title = 📈 <b>Manfaat</b> (nilai terakhir · jumlah semua pemantauan)
ben-screen-line = • { $name }: { $latest } { $unit } · jumlah { $total } { $unit } dari { $count } pemantauan

ben-admin-title = 📈 <b>Ukuran manfaat</b>: { $count } aktif, ditanyakan berurutan di setiap pemantauan setelah jumlah orang dilayani.
ben-admin-line = { $code } · { $name } · { $unit } · paling banyak { $max }
ben-admin-none = Belum ada ukuran manfaat aktif: pemantauan hanya menanyakan jumlah orang yang dilayani.
ben-admin-send-back = Ukuran manfaat saat ini. Untuk mengubahnya, ubah berkas ini (kolom kode, nama, nama_en, satuan, satuan_en, maksimum) lalu kirim kembali ke sini. Ukuran yang tidak ada di berkas dinonaktifkan; nilai yang sudah tercatat tetap tersimpan. /batal bila tidak jadi.
ben-admin-waiting = Kirim berkas CSV ukuran manfaat sebagai dokumen, atau /batal.
ben-cancelled = Baik, ukuran manfaat tidak diubah.
ben-csv-imported = Ukuran manfaat diganti: { $count } ukuran, { $retired } dinonaktifkan (nilainya tetap tersimpan).
ben-csv-refused = Tidak ada yang diimpor: { $count } masalah.
ben-csv-line = Baris { $line }: { $problem }
ben-csv-more = … dan { $more } masalah lainnya.
ben-csv-not-csv = Kirim berkas CSV (.csv), misalnya hasil "Simpan sebagai CSV UTF-8" dari Excel.
ben-csv-too-large = Berkas terlalu besar (paling besar 256 KB).
ben-csv-not-utf8 = Berkas bukan teks UTF-8. Di Excel, simpan sebagai "CSV UTF-8 (dipisahkan koma)".
ben-csv-not-readable = Berkas tidak dapat dibaca sebagai tabel CSV (ada sel yang terlalu panjang atau tanda kutip yang tidak ditutup).
ben-csv-empty = Berkas kosong. Baris pertama harus berisi judul kolom: kode, nama, nama_en, satuan, satuan_en, maksimum.
ben-csv-no-rows = Berkas hanya berisi judul kolom, tanpa ukuran manfaat.
ben-csv-unknown-column = kolom "{ $column }" tidak dikenal (yang dikenal: kode, nama, nama_en, satuan, satuan_en, maksimum)
ben-csv-missing-column = kolom "{ $column }" tidak ada
ben-csv-repeated-column = ada judul kolom yang ditulis dua kali
ben-csv-extra-cells = ada isian di luar kolom yang berjudul
ben-csv-bad-code = kode "{ $code }" tidak sah (huruf kecil, angka dan _, paling panjang 32)
ben-csv-duplicate = ukuran { $code } sudah ada di baris { $first }
ben-csv-bad-name = nama kosong atau lebih dari { $max } karakter
ben-csv-bad-unit = satuan kosong atau lebih dari { $max } karakter
ben-csv-bad-maximum = maksimum "{ $value }" bukan angka bulat 1 atau lebih (contoh: 10080 atau 1.000.000)
