# Monitoring: the freshness of the approved innovations (/monitoring, /summary, /missing, daily).
chk-fresh-unconfirmed = unconfirmed
fresh-named-stopped = ⏸ Stopped: { $names }
fresh-named-stale = 🟠 Need an update: { $names }
fresh-and-more = , and { $count } more — /monitoring
fresh-since-stopped = stopped since { $date }
fresh-since-waiting = awaiting an answer for { $days } days
fresh-since-confirmed = last confirmed { $date }
fresh-since-never = never asked yet
cmd-pemantauan = Monitoring: innovations stopped or needing an update
fresh-title = 📋 <b>Monitoring</b> — { $approved } approved innovations (p. { $page }/{ $pages })
fresh-line = { $icon } #{ $id } { $title } ({ $opd }) — { $since }
fresh-none = No approved innovations to monitor yet.
web-freshness = Monitoring of the approved innovations
menu-monitoring = 📡 Monitoring
