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
        vi: "không phải một hồ sơ (profile) của lần chạy này",
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
}
