//! Messages of batches: the manifest's and the progress's words, a failed item's reason, the spreadsheet reader's and the batch folder's errors.

crate::catalogue! {
    // ---- Naming an item (counted from 1, as a person counts).

    /// An item of a batch file, by its place from 1.
    item(n) {
        vi: "mục {n}",
        en: "item {n}",
    }
    /// An item of a batch file that names its ward.
    item_with_ward(n, ward) {
        vi: "mục {n} ({ward})",
        en: "item {n} ({ward})",
    }
    /// An item read from a spreadsheet row, by the row's number in the sheet.
    row(row) {
        vi: "dòng {row}",
        en: "row {row}",
    }
    /// An item read from a spreadsheet row that names its ward.
    row_with_ward(row, ward) {
        vi: "dòng {row} ({ward})",
        en: "row {row} ({ward})",
    }
    /// Joins two file names in a sentence ("a.pdf and a.docx").
    and() {
        vi: " và ",
        en: " and ",
    }

    // ---- Reading the batch file.

    /// Where a value of the batch file is wrong: its JSON path.
    at_path(path, message) {
        vi: "ở `{path}`: {message}",
        en: "at `{path}`: {message}",
    }
    /// Where a value of the batch file is wrong: line, column and JSON path.
    at_line_path(line, column, path, message) {
        vi: "{line}:{column}: ở `{path}`: {message}",
        en: "{line}:{column}: at `{path}`: {message}",
    }
    /// The batch's `base` is not an object.
    base_not_object() {
        vi: "`base` phải là một đối tượng JSON {{…}} chứa các trường chung của mọi văn bản",
        en: "`base` must be an object",
    }
    /// A top-level key of the batch file is given twice.
    batch_key_twice(key) {
        vi: "`{key}` được ghi hai lần trong tệp lô; chỉ ghi một lần",
        en: "`{key}` is given twice in the batch; give it once",
    }
    /// A key of an item is given twice.
    key_twice(key) {
        vi: "`{key}` được ghi hai lần; mỗi trường chỉ ghi một lần",
        en: "`{key}` is given twice; give each field once",
    }
    /// A top-level key the batch file does not have.
    unknown_batch_field(field) {
        vi: "tệp lô không có trường `{field}` (các trường của tệp lô: base, items, description)",
        en: "unknown field `{field}` in the batch (expected base, items, description)",
    }
    /// What the batch file should be (said when it is something else).
    expecting_batch() {
        vi: "một tệp lô {{\"base\": …, \"items\": […]}} hoặc một danh sách văn bản",
        en: "a batch object {{\"base\": …, \"items\": […]}} or an array of notices",
    }
    /// What `items` should be.
    expecting_items() {
        vi: "một danh sách các mục",
        en: "an array of items",
    }
    /// An item over the size of one notice.
    item_too_large(mib) {
        vi: "lớn hơn {mib} MiB JSON, giới hạn của một văn bản (như `vanban render`); một văn bản chỉ vài chục kilobyte, hãy kiểm tra mục này",
        en: "is larger than {mib} MiB of JSON, the limit for one notice (as for `vanban render`); a notice is a few tens of kilobytes, check this item",
    }
    /// One value so large that the batch file is not read further.
    value_too_large(hard, limit) {
        vi: "có một giá trị lớn hơn {hard} MiB; giới hạn của một văn bản là {limit} MiB",
        en: "a value is larger than {hard} MiB; the limit for one notice is {limit} MiB",
    }
    /// The batch file is not well-formed JSON (nothing was rendered).
    malformed_batch(at) {
        vi: "tệp lô sai cú pháp JSON ở {at}",
        en: "the batch file is malformed at {at}",
    }
    /// `vanban validate`: the batch file is not well-formed JSON (the items before
    /// the fault were checked).
    malformed_batch_json(at) {
        vi: "tệp lô sai cú pháp JSON ở {at}",
        en: "the batch file is malformed JSON at {at}",
    }
    /// The batch file is not well-formed JSON past some items (those were rendered).
    malformed_batch_midway(at) {
        vi: "tệp lô sai cú pháp JSON ở {at}; các mục trước chỗ đó đã được xuất",
        en: "the batch file is malformed at {at}; the items before that point were rendered",
    }
    /// A base file (of a spreadsheet batch) that is not well-formed JSON.
    malformed_json_at(line, column, words) {
        vi: "{line}:{column}: JSON sai cú pháp: {words}",
        en: "{line}:{column}: malformed JSON: {words}",
    }
    /// A base file whose size or content is wrong as a whole.
    the_base_is(message) {
        vi: "tệp base {message}",
        en: "the base {message}",
    }
    /// A base file that is not an object.
    base_file_not_object() {
        vi: "tệp base phải là một đối tượng JSON {{…}} chứa các trường chung của mọi văn bản",
        en: "the base must be a JSON object {{…}} of the fields every notice shares",
    }

    // ---- `{ward}` in the base.

    /// A brace pair in a base string that is not `{ward}`.
    unknown_placeholder(written) {
        vi: "`{written}` không phải chỗ thay thế nào (base chỉ biết {{ward}}, được thay bằng `ward` của từng mục); để in dấu ngoặc nhọn, hãy viết {{{{ và }}}}",
        en: "`{written}` is not a substitution (the base knows only {{ward}}, replaced by each item's `ward`); write {{{{ and }}}} for a literal brace",
    }
    /// A lone brace in a base string.
    lone_brace(brace) {
        vi: "dấu `{brace}` đứng một mình; trong base, {{ward}} được thay bằng `ward` của từng mục, còn dấu ngoặc nhọn thì viết {{{{ và }}}}",
        en: "a lone `{brace}`; in the base, {{ward}} is replaced by each item's `ward`, and a literal brace is written {{{{ or }}}}",
    }
    /// The base's own `ward` says `{ward}`.
    ward_says_ward() {
        vi: "`ward` của base không thể chứa {{ward}}; hãy ghi tên phường, xã ở từng mục",
        en: "the base's `ward` cannot say {{ward}}; give each item its ward",
    }
    /// An item keeps a base string that says `{ward}` and has no ward.
    no_ward(path) {
        vi: "`{path}` có {{ward}}, nhưng mục này không có `ward`; hãy ghi tên phường, xã vào `ward` của mục",
        en: "`{path}` says {{ward}}, but this item has no `ward`; give the item its ward",
    }

    // ---- A failed item.

    /// Two items give the same issuer the same number in the same year.
    number_taken(number, first, issuer, year) {
        vi: "số {number} cũng đã dùng cho {first}: cả hai sẽ là số {number} của {issuer} năm {year}, mà mỗi số văn bản chỉ được cấp một lần trong năm; hãy cho một trong hai số khác",
        en: "number {number} is also given to {first}: both would be number {number} of {issuer} in {year}, and a body gives each number once a year; give one of them another number",
    }
    /// Two items would be written to one file name.
    name_clash(file, first) {
        vi: "tên tệp “{file}” đã dùng cho {first}; không ghi đè tệp nào (hãy làm cho mẫu --name khác nhau giữa các mục, ví dụ thêm {{{{number}}}})",
        en: "file name “{file}” is already used by {first}; nothing was overwritten (make the --name pattern unique, e.g. add {{{{number}}}})",
    }
    /// The `--name` pattern cannot be filled for this item.
    name_pattern_fails(why) {
        vi: "mẫu tên tệp (--name) không dùng được cho mục này: {why}",
        en: "file name pattern: {why}",
    }
    /// The `--name` pattern gives an empty name for this item.
    name_empty(raw) {
        vi: "mẫu tên tệp (--name) cho ra một tên rỗng (“{raw}”)",
        en: "the file name pattern gives an empty name (“{raw}”)",
    }
    /// The `--name` pattern itself is wrong.
    bad_name_pattern(why) {
        vi: "mẫu --name sai: {why}",
        en: "--name pattern: {why}",
    }
    /// The profile of a checked item is not the renderer's (should not happen).
    unknown_profile() {
        vi: "không phải một thể thức (profile) của lần chạy này",
        en: "not a profile of this renderer",
    }
    /// An item that fails to read but whose errors cannot be listed (should not happen).
    unreadable_item() {
        vi: "không đọc được mục này thành văn bản",
        en: "this item cannot be read as a notice",
    }
    /// An output file was edited or not written by vanban, and is kept.
    file_kept(files) {
        vi: "{files} khác với bản vanban đã ghi lần trước (đã bị sửa, hoặc không do vanban ghi); tệp được giữ nguyên và mục này không ghi gì (dùng --overwrite để thay)",
        en: "{files} differs from what vanban last wrote there (edited, or not written by vanban); it was kept and nothing was written for this item (use --overwrite to replace it)",
    }
    /// A file of an item cannot be written.
    cannot_write(file, why) {
        vi: "không ghi được {file}: {why}",
        en: "cannot write {file}: {why}",
    }
    /// A file cannot be written because of the folder: the run stops.
    cannot_write_in(file, dir, why) {
        vi: "không ghi được {file} vào {dir}: {why}",
        en: "cannot write {file} in {dir}: {why}",
    }
    /// A worker panicked on this item.
    internal_error(what) {
        vi: "lỗi nội bộ khi xuất văn bản này ({what}); không ghi gì cho mục này; xin báo lỗi kèm theo mục",
        en: "internal error while rendering this notice ({what}); nothing was written for it; please report it with the item",
    }

    // ---- The run and the folder.

    /// The output folder cannot be made.
    cannot_create(dir, why) {
        vi: "không tạo được thư mục {dir}: {why}",
        en: "cannot create {dir}: {why}",
    }
    /// The manifest cannot be written.
    cannot_write_manifest(why) {
        vi: "không ghi được manifest: {why}",
        en: "cannot write the manifest: {why}",
    }
    /// The manifest writer failed (a bug).
    manifest_writer_failed() {
        vi: "bộ ghi manifest bị lỗi",
        en: "the manifest writer failed",
    }
    /// No worker thread could be started.
    no_worker() {
        vi: "không khởi động được luồng xử lý nào",
        en: "cannot start any worker thread",
    }
    // ---- What `vanban batch` and `vanban validate` say.

    /// A file cannot be read.
    cannot_read(why) {
        vi: "không đọc được: {why}",
        en: "cannot read: {why}",
    }
    /// A notice checked by `vanban validate` is valid.
    valid(input) {
        vi: "{input}: hợp lệ",
        en: "{input}: valid",
    }
    /// Every item of a batch checked by `vanban validate` is valid.
    valid_batch(input, total) {
        vi: "{input}: hợp lệ ({total} văn bản)",
        en: "{input}: valid ({total} notices)",
    }
    /// Some items of a batch checked by `vanban validate` are invalid.
    invalid_of(input, failed, total) {
        vi: "{input}: {failed} trên {total} văn bản không hợp lệ",
        en: "{input}: {failed} of {total} notices are invalid",
    }
    /// A batch item was written (plain progress line).
    item_ok(n, ward, files) {
        vi: "mục {n} {ward}: xong {files}",
        en: "item {n} {ward}: ok {files}",
    }
    /// A spreadsheet row was written (plain progress line).
    row_ok(row, ward, files) {
        vi: "dòng {row} {ward}: xong {files}",
        en: "row {row} {ward}: ok {files}",
    }
    /// The progress bar's line (indicatif's template: keep the `{{…}}` keys).
    progress_bar() {
        vi: "{{bar:40}} {{pos}}/{{len}} văn bản  {{elapsed}} {{msg}}",
        en: "{{bar:40}} {{pos}}/{{len}} notices  {{elapsed}} {{msg}}",
    }
    /// A failed item's earlier files were removed.
    removed_earlier(message, files) {
        vi: "{message}; đã xoá {files} của lần chạy trước",
        en: "{message}; removed the earlier {files}",
    }
    /// An earlier run into the folder was killed; its temporary files were removed.
    earlier_unfinished(dir, pid, cleaned) {
        vi: "lưu ý: một lần chạy lô trước vào {dir} (pid {pid}) chưa xong; đã xoá {cleaned} tệp tạm nó để lại",
        en: "note: an earlier batch into {dir} (pid {pid}) did not finish; removed the {cleaned} temporary files it left",
    }
    /// Where the manifest is.
    manifest_at(path) {
        vi: "danh mục (manifest): {path}",
        en: "manifest: {path}",
    }
    /// The full manifest could not be written.
    manifest_not_written(path) {
        vi: "không ghi được manifest đầy đủ; {path} chỉ cho biết lần chạy chưa hoàn tất",
        en: "the full manifest could not be written; {path} only says that the run did not complete",
    }
    /// The manifest of a run that did not complete.
    incomplete(listed) {
        vi: "{listed} (\"complete\": false: chưa hoàn tất)",
        en: "{listed} (\"complete\": false)",
    }
    /// The summary of a completed run.
    rendered_of(succeeded, total, failed, listed) {
        vi: "đã xuất {succeeded} trên {total} văn bản ({failed} lỗi); {listed}",
        en: "rendered {succeeded} of {total} notices ({failed} failed); {listed}",
    }
    /// The summary of an interrupted run.
    interrupted(succeeded, total, failed, not_rendered, listed) {
        vi: "đã dừng theo yêu cầu: đã xuất {succeeded} trên {total} văn bản ({failed} lỗi, {not_rendered} đã đọc nhưng chưa xuất); {listed}",
        en: "interrupted: rendered {succeeded} of {total} notices ({failed} failed, {not_rendered} read but not rendered); {listed}",
    }
    /// The summary of a run that had to stop.
    rendered_of_stopped(succeeded, total, failed, not_rendered, listed) {
        vi: "đã xuất {succeeded} trên {total} văn bản ({failed} lỗi, {not_rendered} đã đọc nhưng chưa xuất); {listed}",
        en: "rendered {succeeded} of {total} notices ({failed} failed, {not_rendered} read but not rendered); {listed}",
    }
    /// Why a run stopped.
    stopped(cause) {
        vi: "lô đã dừng: {cause}",
        en: "the batch stopped: {cause}",
    }
    // ---- The batch folder.

    /// The folder cannot be written into.
    cannot_write_into(dir, why) {
        vi: "không ghi được vào {dir}: {why}",
        en: "cannot write in {dir}: {why}",
    }
    /// The running marker of the manifest cannot be written.
    cannot_write_manifest_in(dir, why) {
        vi: "không ghi được manifest.json vào {dir}: {why}",
        en: "cannot write manifest.json in {dir}: {why}",
    }
    /// What a short manifest says when the full one could not be written.
    manifest_could_not_be_written(why) {
        vi: "không ghi được manifest: {why}",
        en: "the manifest could not be written: {why}",
    }
    /// A file is written before the run's journal is open (a bug).
    journal_not_open() {
        vi: "nhật ký ghi (journal) chưa được mở",
        en: "the journal is not open",
    }
    /// The folder's lock cannot be taken.
    cannot_lock(dir, why) {
        vi: "không khoá được {dir}: {why}",
        en: "cannot lock {dir}: {why}",
    }
    /// The folder's lock file keeps being replaced.
    lock_keeps_changing(dir) {
        vi: "không khoá được {dir}: tệp khoá liên tục thay đổi",
        en: "cannot lock {dir}: it keeps changing",
    }
    /// Another batch (whose pid is known) holds the folder.
    locked_by_pid(pid, dir) {
        vi: "một lần chạy vanban batch khác (pid {pid}) đang ghi vào {dir}; mỗi thư mục chỉ một lô một lúc: hãy đợi nó xong, hoặc chọn --out-dir khác",
        en: "another vanban batch (pid {pid}) is writing into {dir}; one batch per folder at a time: wait until it ends, or choose another --out-dir",
    }
    /// Another batch holds the folder.
    locked(dir) {
        vi: "một lần chạy vanban batch khác đang ghi vào {dir}; mỗi thư mục chỉ một lô một lúc: hãy đợi nó xong, hoặc chọn --out-dir khác",
        en: "another vanban batch is writing into {dir}; one batch per folder at a time: wait until it ends, or choose another --out-dir",
    }

    // ---- Spreadsheets: the file.

    /// The rows file is not a regular file.
    sheet_not_a_file() {
        vi: "không phải một tệp thông thường",
        en: "is not a regular file",
    }
    /// The rows file is too large.
    sheet_too_large(mib) {
        vi: "lớn hơn {mib} MiB, giới hạn của một bảng tính các dòng; hãy kiểm tra đúng tệp chưa",
        en: "is larger than {mib} MiB, the limit for a spreadsheet of rows; check that this is the right file",
    }
    /// `--sheet` given with a CSV file.
    csv_has_no_sheets() {
        vi: "tệp CSV không có trang tính; hãy bỏ --sheet",
        en: "a CSV file has no sheets; leave out --sheet",
    }
    /// The rows file is of a kind vanban does not read.
    not_a_spreadsheet() {
        vi: "không phải bảng tính vanban đọc được: hãy dùng tệp .xlsx, .ods hoặc .csv",
        en: "is not a spreadsheet vanban reads: give an .xlsx, .ods or .csv file",
    }
    /// The sheet has too many rows.
    too_many_rows(rows, max) {
        vi: "có {rows} dòng; chỉ đọc tối đa {max} dòng",
        en: "has {rows} rows; at most {max} are read",
    }
    /// The workbook cannot be opened.
    unreadable_spreadsheet(why) {
        vi: "không đọc được như một bảng tính: {why}",
        en: "cannot be read as a spreadsheet: {why}",
    }
    /// `--sheet` names a sheet the workbook does not have.
    no_such_sheet(sheet, sheets) {
        vi: "không có trang tính “{sheet}” (các trang tính của tệp: {sheets})",
        en: "has no sheet “{sheet}” (its sheets: {sheets})",
    }
    /// The workbook has no sheet.
    no_sheet() {
        vi: "không có trang tính nào",
        en: "holds no sheet",
    }
    /// A sheet cannot be read.
    unreadable_sheet(sheet, why) {
        vi: "không đọc được trang tính “{sheet}”: {why}",
        en: "sheet “{sheet}” cannot be read: {why}",
    }
    /// A CSV line cannot be read.
    csv_row_error(row, why) {
        vi: "dòng {row}: {why}",
        en: "row {row}: {why}",
    }
    /// A CSV cell is not UTF-8.
    csv_not_utf8(cell) {
        vi: "{cell}: không phải văn bản UTF-8; hãy lưu tệp dạng “CSV UTF-8” (Excel) hoặc với bộ ký tự “Unicode (UTF-8)” (LibreOffice)",
        en: "{cell}: is not UTF-8 text; save the file as “CSV UTF-8” (Excel) or with the character set “Unicode (UTF-8)” (LibreOffice)",
    }

    // ---- Spreadsheets: the header row.

    /// The sheet is empty.
    sheet_empty(sheet) {
        vi: "trang tính {sheet} trống; dòng đầu tiên ghi tên các trường (ward, number, meeting.date, …) và mỗi dòng bên dưới là một văn bản",
        en: "sheet {sheet} is empty; its first row names the fields (ward, number, meeting.date, …) and each row below is one notice",
    }
    /// A header cell that is not text.
    header_not_text(cell, holds) {
        vi: "{cell}: ô tiêu đề ghi tên trường bằng chữ; ô này chứa {holds}",
        en: "{cell}: a header names a field as text; this one holds {holds}",
    }
    /// A header cell is wrong: its cell, its text and why.
    header_cell(cell, header, why) {
        vi: "{cell} (tiêu đề “{header}”): {why}",
        en: "{cell} (header “{header}”): {why}",
    }
    /// Two columns have one header.
    header_twice(cell, header, first) {
        vi: "{cell}: tiêu đề “{header}” trùng với tiêu đề ở {first}; mỗi trường chỉ một cột",
        en: "{cell}: the header “{header}” is also the header of {first}; give each field one column",
    }
    /// The header row names no field.
    header_row_empty(cell) {
        vi: "{cell}: dòng đầu tiên không ghi tên trường nào; nó cần các tiêu đề như ward, number, meeting.date",
        en: "{cell}: the first row names no field; it should hold headers such as ward, number, meeting.date",
    }
    /// A filled cell under no header.
    column_without_header(cell, header_cell) {
        vi: "{cell}: cột này không có tiêu đề nên nội dung của nó sẽ bị mất; hãy ghi tên trường ở {header_cell} (hoặc bắt đầu tiêu đề bằng # cho một cột ghi chú)",
        en: "{cell}: this column has no header, so its cells would be lost; name the field in {header_cell} (or begin the header with # for a column of notes)",
    }
    /// A header with an empty name between dots.
    header_name_missing() {
        vi: "thiếu tên trường (ghi các tên nối bằng dấu chấm, như `meeting.chair.name`)",
        en: "a field name is missing (write names joined by dots, such as `meeting.chair.name`)",
    }
    /// A header with `[` and no `]`.
    header_bracket_open() {
        vi: "dấu `[` chưa được đóng bằng `]`",
        en: "a `[` is not closed by `]`",
    }
    /// A header's `[…]` that is not a position.
    header_bad_position(inside) {
        vi: "`[{inside}]` không phải vị trí trong danh sách (ghi [0], [1], … hoặc [] để mỗi dòng trong ô là một mục)",
        en: "`[{inside}]` is no position in a list (write [0], [1], … or [] for one entry per line)",
    }
    /// Text after `]` in a header.
    header_after_bracket(rest) {
        vi: "có `{rest}` thừa sau `]`",
        en: "unexpected `{rest}` after `]`",
    }
    /// `[]` not at the end of a header.
    header_lines_last() {
        vi: "`[]` (mỗi dòng một mục) phải ở cuối tiêu đề",
        en: "`[]` (one entry per line) must end the header",
    }
    /// A header sets a field inside a value that has no fields.
    header_no_fields(at, field) {
        vi: "`{at}` không có trường con; không thể đặt `{field}` trong đó",
        en: "`{at}` holds no fields; `{field}` cannot be set in it",
    }
    /// A header names a field the notice does not have.
    header_unknown_field(field) {
        vi: "không có trường `{field}`",
        en: "unknown field `{field}`",
    }
    /// A header names a field the object does not have.
    header_unknown_field_in(field, at) {
        vi: "`{at}` không có trường `{field}`",
        en: "unknown field `{field}` in `{at}`",
    }
    /// The field probably meant (appended to a message).
    did_you_mean(best) {
        vi: "; có phải ý bạn là `{best}`?",
        en: "; did you mean `{best}`?",
    }
    /// The fields allowed where a wrong one is named (appended to a message).
    allowed_here(names) {
        vi: " (các trường ở đây: {names})",
        en: " (allowed here: {names})",
    }
    /// A header indexes a value that is not a list.
    header_not_a_list(at) {
        vi: "`{at}` không phải danh sách",
        en: "`{at}` is not a list",
    }
    /// `[]` on a list of objects.
    header_lines_of_texts_only(at) {
        vi: "`{at}[]` nhận mỗi dòng một mục, việc chỉ danh sách các chuỗi chữ làm được; hãy điền từng mục theo vị trí, như `{at}[0].…`",
        en: "`{at}[]` takes one entry per line, which only a list of texts can; fill its entries by position, as `{at}[0].…`",
    }
    /// A header names an object or a list as a whole.
    header_several_fields(at) {
        vi: "`{at}` gồm nhiều trường; hãy ghi tên một trường trong đó (như `{at}.…`)",
        en: "`{at}` holds several fields; name one of them (such as `{at}.…`)",
    }

    // ---- Spreadsheets: a cell.

    /// An empty cell, in a message.
    shown_nothing() {
        vi: "ô trống",
        en: "nothing",
    }
    /// A text cell, in a message.
    shown_text(text) {
        vi: "chữ “{text}”",
        en: "the text “{text}”",
    }
    /// A numeric cell, in a message.
    shown_number(number) {
        vi: "số {number}",
        en: "the number {number}",
    }
    /// A TRUE/FALSE cell, in a message.
    shown_value(value) {
        vi: "giá trị {value}",
        en: "the value {value}",
    }
    /// A date cell, in a message.
    shown_date(date) {
        vi: "ngày {date}",
        en: "the date {date}",
    }
    /// A cell whose formula failed, in a message.
    shown_error(error) {
        vi: "lỗi {error}",
        en: "the error {error}",
    }
    /// A cell whose formula failed.
    cell_formula_error(error) {
        vi: "ô hiện lỗi {error} (công thức bị lỗi); hãy sửa công thức hoặc gõ giá trị",
        en: "the cell shows the error {error} (its formula failed); fix the formula or type the value",
    }
    /// A date cell where a number is wanted.
    cell_date_for_number(date) {
        vi: "ô chứa ngày {date}; trường này cần một số",
        en: "holds the date {date}; this field wants a number",
    }
    /// A date-and-time cell where a date is wanted.
    cell_date_with_time(date) {
        vi: "ô chứa cả ngày và giờ ({date} …); chỉ cần ngày (định dạng ô là ngày, hoặc gõ 2024-03-15)",
        en: "holds a date and a time of day ({date} …); a date alone is wanted (format the cell as a date, or type 2024-03-15)",
    }
    /// Text that is not a whole number where one is wanted.
    cell_not_whole(text) {
        vi: "“{text}” không phải số nguyên; trường này cần một số nguyên, như 125",
        en: "“{text}” is not a whole number; this field wants one, such as 125",
    }
    /// A cell that is not a whole number where one is wanted.
    cell_holds_wants_whole(holds) {
        vi: "ô chứa {holds}; trường này cần một số nguyên, như 125",
        en: "holds {holds}; this field wants a whole number, such as 125",
    }
    /// Text that is not a number where one is wanted.
    cell_not_number(text) {
        vi: "“{text}” không phải một số; trường này cần một số, như 35 hoặc 35,5",
        en: "“{text}” is not a number; this field wants one, such as 35 or 35.5",
    }
    /// A cell that is not a number where one is wanted.
    cell_holds_wants_number(holds) {
        vi: "ô chứa {holds}; trường này cần một số, như 35",
        en: "holds {holds}; this field wants a number, such as 35",
    }
    /// Text that is neither yes nor no.
    cell_not_yes_no(text) {
        vi: "“{text}” không phải có hay không",
        en: "“{text}” is neither yes nor no",
    }
    /// A cell that is neither yes nor no where one is wanted.
    cell_holds_wants_yes_no(holds) {
        vi: "ô chứa {holds}; trường này cần có hoặc không",
        en: "holds {holds}; this field wants yes or no",
    }
}
