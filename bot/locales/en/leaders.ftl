# The leaders' report (monthly) and each OPD's part of it.
lead-title = 📊 Leaders' report — { $month }
lead-approved = Approved innovations: { $count } ({ $new } approved in { $month })
lead-freshness = Still running: { $alive } · unconfirmed: { $unconfirmed } · overdue: { $overdue } · stopped: { $stopped }
lead-stages = Stages: { $stages }
lead-top = Top { $count } OPDs:
lead-top-line = { $rank }. { $name } — { $figures }
lead-opd-figures = { $approved } approved · { $pillars }/{ $of } quick-win pillars · { $alive }% running · { $plan }
lead-plan = action plan { $done }/{ $total } done
lead-no-plan = no action plan yet
lead-without = OPDs with no approved innovation: { $count } of { $total }
lead-opd-title = 📊 Monthly report { $month } — { $name }
lead-opd-rank = Rank { $rank } of { $of } OPDs with approved innovations.
lead-opd-unranked = No approved innovation yet, so not ranked.
lead-chart-pillars = Approved innovations per pillar
lead-chart-states = How the approved innovations stand
lead-state-active = Still running
lead-state-unconfirmed = Unconfirmed
lead-state-stale = Overdue
lead-state-stopped = Stopped

# The leaders' chat: chosen by an admin from a group the bot was added to.
button-use-as-leaders = 👔 Make it the leaders' chat
lead-set-done = ✅ The group "{ $title }" (ID <code>{ $chat }</code>) is now the leaders' chat. The monthly leaders' report can be switched on in /schedule.
lead-set-already = This group is the leaders' chat already.
lead-set-coordinators = This group is the coordinators' group, so it cannot be the leaders' chat as well.
lead-set-leaders = This group is the leaders' chat, so it cannot be the coordinators' group as well.
lead-now-leaders = This group is now Inovasi Bot's leaders' chat: the monthly innovation report will come here.
lead-chat-unreachable = ⚠️ The leaders' report could not be sent to the leaders' chat ({ $chat_id }): the bot was removed or blocked. Add the bot to that group again and choose it as the leaders' chat once more. This message is sent only once.

# /jadwal: the monthly schedule.
sch-kind-leaders = Leaders' report
sch-about-leaders = Once a month to the leaders' chat: the headline numbers of the month before and a chart; to each OPD's members: their OPD's figures and rank.
lead-sch-monthly = on day { $day } of every month
lead-sch-button-day = 📅 Day
lead-sch-ask-day = Type the day of the month to send it, 1 to 28 (e.g. 5).
lead-sch-bad-day = Please type a day from 1 to 28 (e.g. 5).
lead-sch-no-chat = No leaders' chat has been chosen yet. Add the bot to the leaders' group, then press "Make it the leaders' chat" on the message the admins receive.
