//! Messages of `vanban serve`: problem reports, limits, the service's own words.

crate::catalogue! {
    /// Title of a problem: the body is not JSON (or not UTF-8).
    title_malformed() {
        vi: "Nội dung yêu cầu không phải JSON hợp lệ",
        en: "The request body is not valid JSON",
    }
    /// Detail of a malformed body when no error says more.
    malformed_json() {
        vi: "JSON sai cú pháp",
        en: "malformed JSON",
    }
    /// Title of a problem: valid JSON that is not a valid notice.
    title_invalid_notice() {
        vi: "Thông báo không hợp lệ",
        en: "The notice is not valid",
    }
    /// Detail of an invalid notice when no error says more.
    invalid_notice() {
        vi: "thông báo không hợp lệ",
        en: "invalid notice",
    }
    /// Title of a problem: a request of the issuance endpoints with bad fields.
    title_invalid_request() {
        vi: "Yêu cầu có trường không hợp lệ",
        en: "The request has invalid fields",
    }
    /// Title of a problem: a bad query parameter or a body that cannot be read.
    title_bad_request() {
        vi: "Yêu cầu sai",
        en: "Bad request",
    }
    /// Title of a problem: the body is over its limit.
    title_too_large() {
        vi: "Nội dung yêu cầu quá lớn",
        en: "The request body is too large",
    }
    /// Detail: one notice is over the limit of one notice.
    notice_too_large(mib) {
        vi: "dữ liệu lớn hơn {mib} MiB, giới hạn của một thông báo (một thông báo chỉ vài chục kilobyte); hãy kiểm tra có đúng tệp không (nhiều thông báo một lúc thì gửi tới /v1/batch)",
        en: "the input is larger than {mib} MiB, the limit for one notice (a notice is a few tens of kilobytes); check that this is the right file (a batch of notices goes to /v1/batch)",
    }
    /// Detail: the body is over the server's limit.
    body_too_large(limit) {
        vi: "nội dung yêu cầu lớn hơn giới hạn {limit} của máy chủ",
        en: "the request body is larger than the server's limit of {limit}",
    }
    /// Title of a problem: the body is not of a type the endpoint reads.
    title_unsupported_type() {
        vi: "Kiểu nội dung không được hỗ trợ",
        en: "Unsupported media type",
    }
    /// Detail: the body has the wrong Content-Type.
    wrong_content_type(wanted, got) {
        vi: "nội dung phải có kiểu `{wanted}`, không phải `{got}`",
        en: "the body must be `{wanted}`, not `{got}`",
    }
    /// Detail: the body has no Content-Type.
    no_content_type(wanted) {
        vi: "nội dung phải có kiểu `{wanted}` (yêu cầu không có Content-Type)",
        en: "the body must be `{wanted}` (no Content-Type was given)",
    }
    /// Title of a problem: `Accept` names no format the endpoint gives.
    title_not_acceptable() {
        vi: "Không có định dạng được yêu cầu",
        en: "Not acceptable",
    }
    /// Detail: what the endpoint can answer instead.
    not_acceptable(accept, formats) {
        vi: "không trả lời được `{accept}`; điểm cuối này trả về {formats}",
        en: "cannot answer `{accept}`; this endpoint gives {formats}",
    }
    /// Title of a problem: every slot busy and the queue full.
    title_queue_full() {
        vi: "Máy chủ đang bận",
        en: "The server is busy",
    }
    /// Detail of a full queue.
    queue_full() {
        vi: "mọi lượt xử lý đều đang bận và hàng đợi đã đầy; hãy thử lại sau ít phút",
        en: "every render slot is busy and the queue is full; try again shortly",
    }
    /// Title of a problem: the server is stopping.
    title_draining() {
        vi: "Máy chủ đang dừng",
        en: "The server is shutting down",
    }
    /// Detail of a server that is stopping.
    draining() {
        vi: "máy chủ đang dừng và không nhận việc mới; hãy gửi yêu cầu tới máy chủ khác",
        en: "the server is shutting down and takes no new work; send the request to another replica",
    }
    /// Title of a problem: past the request's deadline.
    title_timeout() {
        vi: "Yêu cầu xử lý quá lâu",
        en: "The request took too long",
    }
    /// Detail: past the request's deadline.
    timeout(secs) {
        vi: "yêu cầu không xong trong giới hạn {secs} giây của máy chủ",
        en: "the request was not done within the server's limit of {secs} s",
    }
    /// Title of a problem: the body came too slowly.
    title_body_timeout() {
        vi: "Nội dung yêu cầu đến quá chậm",
        en: "The request body came too slowly",
    }
    /// Detail: the body came too slowly.
    body_timeout(secs) {
        vi: "chưa nhận hết nội dung yêu cầu trong {secs} giây",
        en: "the request body was not received within {secs} s",
    }
    /// Title of a problem: a bug or a failure of the server.
    title_internal() {
        vi: "Lỗi nội bộ",
        en: "Internal error",
    }
    /// Detail: a panic while handling a request.
    internal_request() {
        vi: "lỗi nội bộ khi xử lý yêu cầu này; lỗi đã được ghi vào nhật ký",
        en: "internal error while handling this request; it was logged",
    }
    /// Detail: the request's task was cancelled.
    cancelled() {
        vi: "yêu cầu đã bị huỷ",
        en: "the request was cancelled",
    }
    /// Detail: a panic while rendering a notice.
    internal_render() {
        vi: "lỗi nội bộ khi dựng thông báo này; lỗi đã được ghi vào nhật ký",
        en: "internal error while rendering this notice; it was logged",
    }
    /// Detail: a panic while checking a notice.
    internal_check() {
        vi: "lỗi nội bộ khi kiểm tra thông báo này; lỗi đã được ghi vào nhật ký",
        en: "internal error while checking this notice; it was logged",
    }
    /// Detail: a panic while rendering a batch.
    internal_batch() {
        vi: "lỗi nội bộ khi dựng lô thông báo này; lỗi đã được ghi vào nhật ký",
        en: "internal error while rendering this batch; it was logged",
    }
    /// Detail: a panic while signing, issuing or packaging.
    internal_issue() {
        vi: "lỗi nội bộ khi ký, ban hành hoặc đóng gói; lỗi đã được ghi vào nhật ký",
        en: "internal error while signing, issuing or packaging; it was logged",
    }
    /// Detail: a render failed for a reason that is not the input's.
    render_failed(reason) {
        vi: "không dựng được văn bản: {reason}",
        en: "the document could not be rendered: {reason}",
    }
    /// Detail: the zip of `?format=zip` could not be built.
    cannot_zip(reason) {
        vi: "không tạo được tệp zip: {reason}",
        en: "cannot build the zip: {reason}",
    }
    /// Detail: the batch's work folder could not be made.
    cannot_make_folder(reason) {
        vi: "không tạo được thư mục làm việc: {reason}",
        en: "cannot make a work folder: {reason}",
    }
    /// Detail: the batch failed for a reason that is not the input's.
    batch_failed(reason) {
        vi: "không chạy được lô thông báo: {reason}",
        en: "the batch could not be run: {reason}",
    }
    /// What stands for the server's folders in a message sent to a client.
    work_folder() {
        vi: "thư mục làm việc của máy chủ",
        en: "the server's work folder",
    }
    /// Title of a problem: no such endpoint.
    title_not_found() {
        vi: "Không tìm thấy",
        en: "Not found",
    }
    /// Detail: no such endpoint.
    not_found(path) {
        vi: "không có điểm cuối `{path}`; danh sách ở /openapi.json",
        en: "no endpoint `{path}`; the list is at /openapi.json",
    }
    /// Title of a problem: the wrong method.
    title_method_not_allowed() {
        vi: "Phương thức không được phép",
        en: "Method not allowed",
    }
    /// Detail: the method the endpoint answers.
    method_not_allowed(allowed) {
        vi: "điểm cuối này chỉ nhận {allowed}",
        en: "this endpoint answers {allowed} only",
    }
    /// Detail: a query parameter the endpoint does not know.
    unknown_parameter(name, allowed) {
        vi: "không có tham số truy vấn `{name}` (các tham số được dùng: {allowed})",
        en: "unknown query parameter `{name}` (allowed: {allowed})",
    }
    /// Detail: a query parameter with a value not among its choices.
    bad_choice(name, choices, got) {
        vi: "`{name}` là {choices}, không phải `{got}`",
        en: "`{name}` is {choices}, not `{got}`",
    }
    /// The word joining the last two choices of a list ("pdf, docx or zip").
    or() {
        vi: "hoặc",
        en: "or",
    }
    /// Detail: the body could not be read from the connection.
    unreadable_body(reason) {
        vi: "không đọc được nội dung yêu cầu: {reason}",
        en: "the request body could not be read: {reason}",
    }
    /// A byte of the body is not UTF-8.
    not_utf8(byte) {
        vi: "byte 0x{byte} không phải văn bản UTF-8; hãy lưu tệp ở dạng UTF-8 (Unicode)",
        en: "byte 0x{byte} is not UTF-8 text; save the file as UTF-8 (Unicode)",
    }
    /// An image field names a file, which the service never reads.
    file_refused() {
        vi: "dịch vụ không đọc tệp nào: ảnh phải được gửi kèm yêu cầu trong `data_base64` (ảnh PNG mã hoá base64), không ghi tên tệp trong `file`",
        en: "the service reads no file: an image must be sent in the request as `data_base64` (the PNG in base64), not named by `file`",
    }
    /// A request body of the issuance endpoints is not a JSON object.
    not_an_object() {
        vi: "nội dung yêu cầu phải là một đối tượng JSON `{{…}}`",
        en: "the request body must be a JSON object `{{…}}`",
    }
    /// A required field of a request is absent.
    missing_field(field) {
        vi: "thiếu trường bắt buộc `{field}`",
        en: "the required field `{field}` is missing",
    }
    /// A field the request does not have.
    unknown_field(field, allowed) {
        vi: "không có trường `{field}` (các trường được dùng: {allowed})",
        en: "unknown field `{field}` (allowed: {allowed})",
    }
    /// A field of the wrong JSON type.
    wrong_type(field, wanted) {
        vi: "trường `{field}` phải là {wanted}",
        en: "the field `{field}` must be {wanted}",
    }
    /// JSON type: text.
    type_text() {
        vi: "một chuỗi văn bản",
        en: "a string",
    }
    /// JSON type: a whole number.
    type_number() {
        vi: "một số nguyên dương",
        en: "a positive whole number",
    }
    /// JSON type: a number of millimetres.
    type_mm() {
        vi: "một số milimét",
        en: "a number of millimetres",
    }
    /// JSON type: an object.
    type_object() {
        vi: "một đối tượng JSON",
        en: "a JSON object",
    }
    /// JSON type: a list of texts.
    type_text_list() {
        vi: "một danh sách chuỗi văn bản",
        en: "a list of strings",
    }
    /// A base64 field that does not decode.
    bad_base64(field) {
        vi: "trường `{field}` không phải dữ liệu base64 hợp lệ",
        en: "the field `{field}` is not valid base64",
    }
    /// Both of two fields of which one only may be given.
    one_of(first, second) {
        vi: "hãy gửi `{first}` hoặc `{second}`, chỉ một trong hai",
        en: "give `{first}` or `{second}`, exactly one of them",
    }
    /// An organ code list that is empty.
    no_recipient(field) {
        vi: "trường `{field}` cần ít nhất một mã định danh của nơi nhận",
        en: "the field `{field}` needs at least one receiving organ code",
    }
    /// A time that cannot be read.
    bad_time(reason) {
        vi: "thời điểm ký không đọc được: {reason}",
        en: "the signing time cannot be read: {reason}",
    }
    /// A picture that cannot be used as a signature or seal.
    bad_picture(field, reason) {
        vi: "ảnh trong `{field}` không dùng được: {reason}",
        en: "the picture in `{field}` cannot be used: {reason}",
    }
    /// A date that cannot be read.
    bad_date(reason) {
        vi: "ngày ban hành không đọc được: {reason}",
        en: "the issue date cannot be read: {reason}",
    }
    /// A packet that is not UTF-8 text.
    packet_not_utf8() {
        vi: "gói tin không phải văn bản UTF-8",
        en: "the packet is not UTF-8 text",
    }
    /// A PDF that cannot be read at all.
    unreadable_pdf(field) {
        vi: "không đọc được tệp PDF trong `{field}`",
        en: "the PDF in `{field}` cannot be read",
    }
    /// Title of a problem: the key or certificate cannot sign.
    title_bad_key() {
        vi: "Khoá hoặc chứng thư số không dùng được",
        en: "The key or certificate cannot be used",
    }
    /// Title of a problem: the PDF cannot take this step.
    title_bad_pdf() {
        vi: "Tệp PDF không thực hiện được bước này",
        en: "The PDF cannot take this step",
    }
    /// Title of a problem: a value of the request is refused.
    title_bad_value() {
        vi: "Giá trị không được chấp nhận",
        en: "A value is refused",
    }
    /// Title of a problem: no agency key on this server.
    title_no_agency_key() {
        vi: "Máy chủ không giữ khoá của cơ quan",
        en: "The server holds no agency key",
    }
    /// Detail: no agency key on this server.
    no_agency_key() {
        vi: "máy chủ này chạy không có `--agency-p12`, nên không ký thay cơ quan được; hãy dùng /v1/issue/prepare rồi /v1/issue/finish với dịch vụ ký số từ xa",
        en: "this server runs without `--agency-p12`, so it cannot sign for the agency; use /v1/issue/prepare then /v1/issue/finish with a remote signing service",
    }
    /// Title of a problem: the time-stamping service of `--tsa` is down or answered
    /// wrongly (the detail says which, and the service's address).
    title_tsa_failed() {
        vi: "Dịch vụ cấp dấu thời gian không cấp được dấu thời gian",
        en: "The time-stamping service gave no time-stamp",
    }
    /// Title of a problem: a packet misses required fields.
    title_invalid_packet() {
        vi: "Gói tin edXML thiếu trường bắt buộc",
        en: "The edXML packet misses required fields",
    }
    /// Detail: how many errors a packet has.
    packet_errors(count) {
        vi: "gói tin có {count} lỗi; trục liên thông sẽ từ chối nó",
        en: "the packet has {count} errors; the exchange axis would refuse it",
    }
    /// How the agency's key is named in messages to a client (never its file).
    agency_key_name() {
        vi: "khoá của cơ quan trên máy chủ",
        en: "the server's agency key",
    }
    /// The server's start: the agency password variable is not set.
    password_env_unset(var) {
        vi: "biến môi trường {var}, nơi cần chứa mật khẩu, chưa được đặt",
        en: "the environment variable {var} that should hold the password is not set",
    }
    /// The server's start: `--agency-p12` without `--agency-password-env`.
    password_env_needed() {
        vi: "`--agency-p12` cần `--agency-password-env` (tên biến môi trường chứa mật khẩu)",
        en: "`--agency-p12` needs `--agency-password-env` (the variable holding the password)",
    }
    /// The server's start: a file cannot be read.
    cannot_read(file, reason) {
        vi: "không đọc được {file}: {reason}",
        en: "cannot read {file}: {reason}",
    }
    /// `--max-body` with a unit vanban does not know.
    size_unit(given) {
        vi: "`{given}`: hãy ghi số byte, hoặc kèm K, M hay G",
        en: "`{given}`: use a number of bytes, or K, M or G",
    }
    /// `--max-body` that is not a size.
    not_a_size(given) {
        vi: "`{given}` không phải một kích thước (ví dụ 16M, 512K, 1048576)",
        en: "`{given}` is not a size (e.g. 16M, 512K, 1048576)",
    }
    /// `--max-body` of zero or too large.
    unusable_size(given) {
        vi: "không dùng được kích thước `{given}`",
        en: "`{given}` is not a usable size",
    }
    /// The server's start: the work folder cannot be made.
    cannot_create_work_folder(reason) {
        vi: "không tạo được thư mục làm việc: {reason}",
        en: "cannot create a work folder: {reason}",
    }
    /// The server's start: the runtime cannot start.
    cannot_start(reason) {
        vi: "không khởi động được: {reason}",
        en: "cannot start: {reason}",
    }
    /// The server's start: the address cannot be listened on.
    cannot_listen(addr, reason) {
        vi: "không lắng nghe được trên {addr}: {reason}",
        en: "cannot listen on {addr}: {reason}",
    }
    /// The server's start: the stop signals cannot be watched.
    cannot_watch_signals(reason) {
        vi: "không theo dõi được tín hiệu SIGTERM: {reason}",
        en: "cannot watch SIGTERM: {reason}",
    }
    /// Type of a field: a list of PDFs, each with its name and its bytes.
    type_pdf_list() {
        vi: "một danh sách PDF, mỗi PDF là một đối tượng có `name` và `pdf_base64`",
        en: "a list of PDFs, each an object with `name` and `pdf_base64`",
    }
    /// Type of a field: a batch file.
    type_batch() {
        vi: "một lô (đối tượng có `items`, hoặc một mảng thông báo)",
        en: "a batch (an object with `items`, or an array of notices)",
    }
    /// Type of a field: a list of document numbers.
    type_number_list() {
        vi: "một danh sách số văn bản (số nguyên từ 1 trở lên)",
        en: "a list of document numbers (whole numbers from 1)",
    }
    /// A batch request whose list of PDFs is empty.
    no_pdfs(field) {
        vi: "trường `{field}` cần ít nhất một PDF",
        en: "the field `{field}` needs at least one PDF",
    }
    /// A PDF's name that gives no file name (empty, or only a folder).
    bad_pdf_name(field) {
        vi: "trường `{field}` cần tên một tệp PDF, ví dụ `125-phuc-loi.signed.pdf`",
        en: "the field `{field}` needs the name of a PDF file, such as `125-phuc-loi.signed.pdf`",
    }
    /// Two PDFs of a batch request whose names give the same output file.
    pdf_name_twice(name, first) {
        vi: "tên `{name}` cho cùng tệp kết quả với PDF thứ {first}; hãy đặt tên khác",
        en: "the name `{name}` gives the same output file as PDF {first}; give it another name",
    }
    /// `numbers` does not give one number to each PDF.
    numbers_count(numbers, pdfs) {
        vi: "`numbers` có {numbers} số cho {pdfs} PDF; mỗi PDF cần đúng một số",
        en: "`numbers` gives {numbers} numbers for {pdfs} PDFs; each PDF needs exactly one",
    }
    /// A number given twice in `numbers`.
    number_given_twice(number, first) {
        vi: "số {number} đã cho PDF thứ {first}; một số văn bản chỉ được cấp một lần",
        en: "the number {number} is given to PDF {first} already; a number is given once",
    }
    /// A batch item whose issued PDF is not among the request's PDFs.
    item_pdf_missing(issued, draft) {
        vi: "không có PDF `{issued}` (hay `{draft}`) trong `pdfs` cho mục này",
        en: "no PDF `{issued}` (or `{draft}`) in `pdfs` for this item",
    }
    /// A batch whose drafts gave no item to package.
    batch_nothing_to_package() {
        vi: "lô không có mục nào hợp lệ để đóng gói",
        en: "the batch has no valid item to package",
    }
    /// A PDF of `pdfs` that no item of the batch names.
    pdf_not_in_batch(name) {
        vi: "PDF `{name}` không thuộc mục nào của lô",
        en: "the PDF `{name}` belongs to no item of the batch",
    }
}
