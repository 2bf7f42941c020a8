# Benefit in numbers: the measures asked at a check-in, their totals, /benefits.

cmd-manfaat = Check-in benefit measures: list, CSV import

ben-ask = 📈 <b>{ $name }</b> in this period? Type the number in { $unit }, for example 1250, or press Skip.
ben-negative = Sorry, this number cannot be below zero. Type 0 or more, or press Skip.
ben-too-large = Sorry, that number is too large for one period (at most { $max } { $unit }). Please check it, or press Skip.
ben-not-number = Sorry, I cannot read "{ $given }" as a number in { $unit }. Type a whole number in digits, for example 1250 or 1,250, or press Skip.

ben-screen-title = 📈 <b>Benefits</b> (latest value · total of all check-ins)
ben-screen-line = • { $name }: { $latest } { $unit } · total { $total } { $unit } over { $count } check-ins

ben-admin-title = 📈 <b>Benefit measures</b>: { $count } active, asked in turn at every check-in after the people served.
ben-admin-line = { $code } · { $name } · { $unit } · at most { $max }
ben-admin-none = No active benefit measures: check-ins ask only for the people served.
ben-admin-send-back = The benefit measures as they stand. To change them, edit this file (columns kode, nama, nama_en, satuan, satuan_en, maksimum) and send it back here. Measures not in the file are retired; the values already recorded stay. /cancel if not.
ben-admin-waiting = Send the benefit measures CSV file as a document, or /cancel.
ben-cancelled = All right, the benefit measures are unchanged.
ben-csv-imported = Benefit measures replaced: { $count } measures, { $retired } retired (their values stay).
ben-csv-refused = Nothing was imported: { $count } problems.
ben-csv-line = Line { $line }: { $problem }
ben-csv-more = … and { $more } more problems.
ben-csv-not-csv = Please send a CSV file (.csv), for example saved from Excel as "CSV UTF-8".
ben-csv-too-large = The file is too large (256 KB at most).
ben-csv-not-utf8 = The file is not UTF-8 text. In Excel, save it as "CSV UTF-8 (Comma delimited)".
ben-csv-not-readable = The file cannot be read as a CSV table (a cell is too long or a quote is not closed).
ben-csv-empty = The file is empty. The first line must name the columns: kode, nama, nama_en, satuan, satuan_en, maksimum.
ben-csv-no-rows = The file has the column names but no measures.
ben-csv-unknown-column = unknown column "{ $column }" (known: kode, nama, nama_en, satuan, satuan_en, maksimum)
ben-csv-missing-column = the column "{ $column }" is missing
ben-csv-repeated-column = a column name is written twice
ben-csv-extra-cells = there are values outside the named columns
ben-csv-bad-code = code "{ $code }" is not valid (lower-case letters, digits and _, at most 32)
ben-csv-duplicate = measure { $code } already stands on line { $first }
ben-csv-bad-name = the name is empty or longer than { $max } characters
ben-csv-bad-unit = the unit is empty or longer than { $max } characters
ben-csv-bad-maximum = maximum "{ $value }" is not a whole number of 1 or more (for example 10080 or 1,000,000)
