# The benefit measures' totals where leaders read: the leaders' report and the dashboard.
lead-benefits = 📈 Manfaat tercatat (tambahan { $month } dalam kurung): { $measures }
lead-benefit = { $name } { $total } { $unit } (+{ $within })
web-benefits = Manfaat tercatat
web-benefits-note = Jumlah nilai yang dicatat OPD pada setiap pemantauan, per ukuran manfaat.
web-benefit-line = { $total } { $unit }
web-benefit-checkins = dari { $count } pemantauan
web-benefits-none = Belum ada nilai manfaat yang tercatat.
