# The benefit measures' totals where leaders read: the leaders' report and the dashboard.
lead-benefits = 📈 Benefits recorded ({ $month }'s part in brackets): { $measures }
lead-benefit = { $name } { $total } { $unit } (+{ $within })
web-benefits = Benefits recorded
web-benefits-note = The values the OPDs recorded at each check-in, added up per benefit measure.
web-benefit-line = { $total } { $unit }
web-benefit-checkins = over { $count } check-ins
web-benefits-none = No benefit value has been recorded yet.
