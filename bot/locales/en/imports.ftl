## Importing from a file (the backlog of innovations, the action plans): why a file, a header
## or a row is refused, and the chat's /import. The command line prints these in English.

imp-at-row-column = row { $row }, column { $column }: { $reason }
imp-at-row = row { $row }: { $reason }
imp-at-column = column { $column }: { $reason }

# The whole file
imp-file-missing = no such file
imp-file-unreadable = cannot read it: { $why }
imp-file-folder = is a folder, not a file
imp-file-too-large = is { $size } MB; the import takes files up to { $most } MB: split it into several files
imp-file-empty = is empty
imp-file-xls = is an old Excel 97-2003 workbook (.xls): save it as .xlsx or CSV
imp-file-suffix = is a { $suffix } file: the import reads .xlsx and .csv files
imp-file-too-many-rows = has more than { $most } rows; the import takes up to { $most } at a time: split it into several files
imp-file-no-header = has no header row (and no rows): nothing to import
imp-file-not-xlsx = is not a readable .xlsx workbook ({ $kind })
imp-file-nul = holds NUL bytes: UTF-16 without a byte order mark, or not a text file; save it as CSV UTF-8
imp-file-encoding = is not valid text in the encoding its BOM names
imp-file-not-csv = is not a readable CSV file: { $why }

# The header
imp-header-missing = has no header, though rows below have values (a merged header cell?): give every column its own header, on one row
imp-header-unknown = is not a column the import knows: rename it as the template's, or delete the column
imp-header-twice = means the same as column { $column }
imp-no-title-column = no title column ("Judul" or "Nama Inovasi")
imp-no-opd-column = no OPD column ("OPD", "Perangkat Daerah", "Kode OPD")
imp-no-plan-title-column = no plan column ("Rencana", "Judul" or "Nama Inovasi")
imp-no-pillar-column = no pillar column ("Pilar")
imp-no-stage-column = no target stage column ("Tahap" or "Target Tahap")
imp-no-month-column = no target month column ("Bulan Target")

# A row
imp-no-opd = no OPD given
imp-no-title = no title
imp-no-pillar = no pillar given
imp-no-stage = no target stage given
imp-no-month = no target month given
imp-same-number = the same number as row { $row }
imp-same-opd-title = the same OPD and title as row { $row }
imp-no-opd-code = no OPD has the code "{ $code }" (see the template's list)
imp-opd-ambiguous = "{ $name }" could be several OPDs: { $candidates }; write its code
imp-no-opd-named = no OPD is called "{ $name }" (see the template's list)
imp-not-pillar = "{ $text }" is not a pillar (see the template's list)
imp-one-pillar = "{ $text }": a plan entry has exactly one pillar
imp-not-flag = "{ $text }" is not 1 or 0
imp-not-status = "{ $text }" is not a status (disetujui/approved or terkirim/submitted)
imp-status-not-imported = "{ $text }": only approved or submitted innovations are imported
imp-not-a-choice = "{ $text }" is not one of the choices ({ $choices })
imp-not-stage = "{ $text }" is not a target stage (uji coba/trial or penerapan/implementation)
imp-not-month = "{ $text }" is not a month (08/2026, Agustus 2026 or 2026-08)
imp-not-innovation-number = "{ $text }" is not an innovation's number
imp-no-innovation = no innovation has the number { $number }
imp-innovation-other-opd = innovation { $number } is another OPD's ({ $code })
imp-title-length = a title must be { $min }-{ $max } characters (this one has { $length })
imp-too-short = too short (at least { $min } characters)
imp-too-long = too long: { $length } characters, at most { $max }
imp-not-link = not a web address (e.g. https://sumedangkab.go.id/layanan)
imp-not-date = not a date (17/08/2024, 08/2024, Agustus 2024 or 2024)
imp-future-date = a start date in the future
imp-invalid = not a value the import takes

# /import in the chat
cmd-impor = Import innovations or action plans from a file
import-choose = <b>Import from a file</b>
    What would you like to import? Each row is checked first; nothing is saved unless every row is good.
import-button-innovations = 💡 Innovations (backlog)
import-button-plans = 🗓 Action plans
import-button-template = 📄 Template
import-button-skip = Skip the bad rows & import the rest
import-kind-innovations = innovations
import-kind-plans = action plan entries
import-ask-file = Please send the <b>{ $kind }</b> as an .xlsx or .csv file (as a document, at most { $most } MB). The 📄 Template button sends a file with the columns, one example row and the lists of OPDs and pillars. /cancel stops.
import-template-caption = Template for importing { $kind }: fill in one row per line, then send the file back here.
import-only-admins = Only an admin can import innovations. Please ask { $admins }, or import action plans here.
import-only-admins-nobody = Only an admin can import innovations; the bot has no admin yet. You can import action plans here.
import-send-file = Please send the .xlsx or .csv file as a document (📎 → File), not a photo, sticker or text.
import-not-table = { $file } is not an .xlsx or .csv file. Please send the spreadsheet as .xlsx or .csv.
import-too-large = { $file } is { $size } MB; the import takes files up to { $most } MB. Please split it into several files.
import-unreadable = I could not download the file from Telegram. Please send it again.
import-file-refused = ❌ <b>{ $file }</b> { $why }. Nothing was saved.
import-refused = ❌ <b>Nothing was saved</b>: { $file } has { $count ->
        [one] one problem
       *[other] { $count } problems
    }:
import-problem = • { $problem }
import-more = … and { $more } more.
import-fix = Please fix the file and send it again, or /cancel.
import-skip-offer = { $good ->
        [one] One row is good
       *[other] { $good } rows are good
    }: the button below imports them and skips the bad ones.
import-done = ✅ <b>Imported</b> { $file }: { $created } new, { $updated } changed, { $unchanged } unchanged { $kind }.
import-skipped = Skipped bad rows: { $rows }.
import-skip-used = That button has been used already: the good rows were imported.
import-cancelled = The import was cancelled. Nothing more was saved.
import-timed-out = The import waited too long for a file and has ended. Send /import to start again.
