//! Messages of electronic issuance: signing, numbering at issuance, sealing, edXML packets, tasks.

crate::catalogue! {
    // ---- The time-stamping service (src/issue/tsa.rs) -------------------------

    /// A time-stamping service failed or answered wrongly; `why` is one of the
    /// `tsa_…` clauses below, said of the service.
    tsa_refused(url, why) {
        vi: "dịch vụ cấp dấu thời gian {url} {why}; chưa ghi tệp nào",
        en: "the time-stamping service {url} {why}; nothing was written",
    }
    /// `--tsa` is not a usable address; `why` says what is wrong with it.
    tsa_bad_address(url, why) {
        vi: "--tsa {url}: {why}",
        en: "--tsa {url}: {why}",
    }
    /// The address is neither http:// nor https://.
    tsa_not_http() {
        vi: "không phải địa chỉ http:// hay https://",
        en: "not an http:// or https:// address",
    }
    /// The port of the address is not a number.
    tsa_port_not_number() {
        vi: "cổng không phải là số",
        en: "the port is not a number",
    }
    /// The address names no host.
    tsa_no_host() {
        vi: "không có tên máy chủ",
        en: "no host",
    }
    /// `--tsa-ca` was given without `--tsa`.
    tsa_ca_without_tsa() {
        vi: "--tsa-ca chỉ dùng cùng với --tsa",
        en: "--tsa-ca is used with --tsa only",
    }
    /// The CA file of `--tsa-ca` holds no certificate vanban can use.
    tsa_ca_unreadable(file) {
        vi: "{file}: không đọc được chứng thư CA (cần tệp PEM hoặc một chứng thư DER)",
        en: "{file}: the CA certificate cannot be read (give a PEM file, or one DER certificate)",
    }
    /// The host name has no address.
    tsa_no_address() {
        vi: "không có địa chỉ nào",
        en: "no address",
    }
    /// No connection could be made.
    tsa_unreachable(cause) {
        vi: "không kết nối được ({cause})",
        en: "cannot be reached ({cause})",
    }
    /// The connection broke or timed out.
    tsa_no_answer(cause) {
        vi: "không trả lời ({cause})",
        en: "did not answer ({cause})",
    }
    /// The host of an https address is not a name a certificate can be for.
    tsa_bad_host_name() {
        vi: "có tên máy chủ không dùng được cho https",
        en: "has a host name https cannot check",
    }
    /// The server's certificate does not chain to a trusted root.
    tsa_cert_untrusted() {
        vi: "dùng chứng thư TLS không được tin cậy (với dịch vụ riêng, hãy chỉ chứng thư CA của nó bằng --tsa-ca)",
        en: "has a TLS certificate that is not trusted (for a private service, give its CA certificate with --tsa-ca)",
    }
    /// The server's certificate has expired.
    tsa_cert_expired() {
        vi: "dùng chứng thư TLS đã hết hạn",
        en: "has an expired TLS certificate",
    }
    /// The server's certificate is not valid yet.
    tsa_cert_not_yet_valid() {
        vi: "dùng chứng thư TLS chưa đến ngày có hiệu lực",
        en: "has a TLS certificate that is not valid yet",
    }
    /// The server's certificate is for another name.
    tsa_cert_wrong_name() {
        vi: "dùng chứng thư TLS cấp cho tên máy chủ khác",
        en: "has a TLS certificate for another host name",
    }
    /// Another TLS failure.
    tsa_tls_failed(cause) {
        vi: "không lập được kết nối https ({cause})",
        en: "could not make the https connection ({cause})",
    }
    /// The answer is larger than any timestamp.
    tsa_answer_too_large() {
        vi: "gửi về một câu trả lời quá lớn, không thể là dấu thời gian",
        en: "sent an answer too large to be a timestamp",
    }
    /// The answer is not HTTP.
    tsa_no_http() {
        vi: "không gửi về câu trả lời HTTP",
        en: "sent no HTTP answer",
    }
    /// The HTTP status is not 200.
    tsa_http_status(status) {
        vi: "trả lời {status}",
        en: "answered {status}",
    }
    /// The Content-Length header is not a number.
    tsa_bad_length() {
        vi: "gửi Content-Length sai",
        en: "sent a bad Content-Length",
    }
    /// The answer ended before its Content-Length.
    tsa_cut_short() {
        vi: "đóng kết nối trước khi gửi hết câu trả lời",
        en: "closed the connection before the end of its answer",
    }
    /// The chunked answer is damaged.
    tsa_bad_chunks() {
        vi: "gửi câu trả lời dạng chunked bị hỏng",
        en: "sent a damaged chunked answer",
    }
    /// The answer is not a TimeStampResp.
    tsa_not_an_answer() {
        vi: "gửi về thứ không phải câu trả lời cấp dấu thời gian",
        en: "sent something that is not a timestamp answer",
    }
    /// Status rejection.
    tsa_status_rejection() {
        vi: "từ chối yêu cầu",
        en: "refused the request",
    }
    /// Status waiting.
    tsa_status_waiting() {
        vi: "đang chờ xử lý",
        en: "is waiting for something",
    }
    /// Status revocation warning.
    tsa_status_revocation_warning() {
        vi: "báo sắp thu hồi chứng thư",
        en: "warns that a revocation is coming",
    }
    /// Status revocation notification.
    tsa_status_revoked() {
        vi: "báo chứng thư đã bị thu hồi",
        en: "says a revocation happened",
    }
    /// Another status.
    tsa_status_unknown() {
        vi: "trả lời với trạng thái không rõ",
        en: "answered with an unknown status",
    }
    /// A status with the service's own text.
    tsa_status_with_text(status, text) {
        vi: "{status} ({text})",
        en: "{status} ({text})",
    }
    /// Granted, but no token.
    tsa_no_token() {
        vi: "chấp nhận yêu cầu nhưng không gửi dấu thời gian",
        en: "granted the request but sent no token",
    }
    /// The token is not CMS.
    tsa_token_not_cms() {
        vi: "gửi dấu thời gian không phải CMS ContentInfo",
        en: "sent a token that is not a CMS ContentInfo",
    }
    /// The token is not a SignedData.
    tsa_token_not_signed_data() {
        vi: "gửi dấu thời gian không phải SignedData",
        en: "sent a token that is not a SignedData",
    }
    /// The token holds no TSTInfo.
    tsa_token_no_tst_info() {
        vi: "gửi dấu thời gian không chứa TSTInfo",
        en: "sent a token that holds no TSTInfo",
    }
    /// The token's signature does not cover its TSTInfo.
    tsa_token_altered() {
        vi: "gửi dấu thời gian có chữ ký không khớp với TSTInfo của nó",
        en: "sent a token whose signature does not cover its TSTInfo",
    }
    /// The token has not exactly one signer.
    tsa_token_signers() {
        vi: "gửi dấu thời gian không có đúng một người ký",
        en: "sent a token without exactly one signer",
    }
    /// The token is signed with an unknown digest.
    tsa_unknown_digest(oid) {
        vi: "ký dấu thời gian bằng thuật toán băm vanban không biết ({oid})",
        en: "signed its token with a digest vanban does not know ({oid})",
    }
    /// The TSTInfo is damaged.
    tsa_bad_tst_info() {
        vi: "gửi TSTInfo bị hỏng",
        en: "sent a damaged TSTInfo",
    }
    /// The timestamp is over another digest.
    tsa_other_digest() {
        vi: "trả về dấu thời gian cho một giá trị băm khác giá trị đã gửi (không phải của chữ ký này)",
        en: "answered with a timestamp over another digest than the one sent (not this signature's)",
    }
    /// The nonce is another request's.
    tsa_other_nonce() {
        vi: "trả lời với số nonce của một yêu cầu khác (câu trả lời bị phát lại hoặc lẫn)",
        en: "answered with another request's nonce (a replayed or mixed-up answer)",
    }
    /// The nonce is missing.
    tsa_no_nonce() {
        vi: "trả lời không kèm số nonce đã gửi",
        en: "answered without the nonce that was sent",
    }

    // ---- The command line: sign, issue, edxml (src/bin/vanban/issuance.rs) ----

    /// `vanban sign` with several PDFs and no `--batch`.
    sign_one_or_batch() {
        vi: "hãy đưa một tệp PDF để ký, hoặc --batch --out-dir THƯ_MỤC cho nhiều tệp",
        en: "give one PDF to sign, or --batch --out-dir DIR for several",
    }
    /// `vanban issue` with several PDFs and no `--batch`.
    issue_one_or_batch() {
        vi: "hãy đưa một tệp PDF để ban hành, hoặc --batch --out-dir THƯ_MỤC cho nhiều tệp",
        en: "give one PDF to issue, or --batch --out-dir DIR for several",
    }
    /// `vanban issue --batch` without exactly one way of numbering.
    batch_numbers() {
        vi: "một lô ban hành cần số: --first-number N (theo thứ tự các tệp) hoặc --numbers SỔ.csv (cột file,number), chỉ một trong hai",
        en: "a batch of issuance needs its numbers: --first-number N (in the order of the files) or --numbers REGISTER.csv (columns file,number), one of the two",
    }
    /// `vanban issue` (one PDF) without `--number`.
    number_needed() {
        vi: "thiếu số văn bản: hãy cho --number",
        en: "the number is missing: give --number",
    }
    /// A file could not be read; `what` names it ("tệp PDF", "the PDF").
    cannot_read(what, cause) {
        vi: "không đọc được {what}: {cause}",
        en: "cannot read the {what}: {cause}",
    }
    /// A file is larger than what vanban reads.
    too_large(what) {
        vi: "{what} lớn hơn 64 MB",
        en: "the {what} is larger than 64 MB",
    }
    /// What a file is: a PDF.
    what_pdf() {
        vi: "tệp PDF",
        en: "PDF",
    }
    /// What a file is: a PKCS#12 key file.
    what_key_file() {
        vi: "tệp khóa",
        en: "key file",
    }
    /// What a file is: an image.
    what_image() {
        vi: "tệp ảnh",
        en: "image",
    }
    /// What a file is: a certificate.
    what_certificate() {
        vi: "tệp chứng thư",
        en: "certificate",
    }
    /// What a file is: a raw signature.
    what_signature() {
        vi: "tệp chữ ký",
        en: "signature",
    }
    /// What a file is: a CMS file.
    what_cms() {
        vi: "tệp CMS",
        en: "CMS file",
    }
    /// What a file is: an edXML packet.
    what_packet() {
        vi: "gói edXML",
        en: "packet",
    }
    /// What a file is: the register of numbers.
    what_register() {
        vi: "sổ đăng ký số",
        en: "register",
    }
    /// What a file is: a batch folder's manifest.
    what_manifest() {
        vi: "tệp manifest",
        en: "manifest",
    }
    /// The environment variable of `--password-env` is not set.
    password_env_unset(var) {
        vi: "chưa đặt biến môi trường {var} chứa mật khẩu",
        en: "the environment variable {var} that should hold the password is not set",
    }
    /// A folder of PDFs could not be listed.
    cannot_read_folder(cause) {
        vi: "không đọc được thư mục: {cause}",
        en: "cannot read the folder: {cause}",
    }
    /// The output folder could not be created.
    cannot_create(cause) {
        vi: "không tạo được: {cause}",
        en: "cannot create: {cause}",
    }
    /// An output file could not be written.
    cannot_write(cause) {
        vi: "không ghi được: {cause}",
        en: "cannot write: {cause}",
    }
    /// A file was written.
    wrote(file) {
        vi: "đã ghi {file}",
        en: "wrote {file}",
    }
    /// A batch has no PDF to sign.
    no_pdf_to_sign() {
        vi: "không có tệp PDF nào để ký",
        en: "no PDF to sign",
    }
    /// A batch has no PDF to issue.
    no_pdf_to_issue() {
        vi: "không có tệp PDF nào để ban hành",
        en: "no PDF to issue",
    }
    /// A batch's output would replace one of its inputs.
    output_is_an_input(file) {
        vi: "{file} là một trong các tệp đầu vào; không ghi đè",
        en: "{file} is one of the inputs; not overwritten",
    }
    /// The end of `vanban sign --batch`.
    signed_summary(done, total, dir) {
        vi: "đã ký {done}/{total} bản dự thảo vào {dir}",
        en: "signed {done} of {total} drafts into {dir}",
    }
    /// One PDF of `vanban issue --batch` issued.
    issued_as(file, number, out) {
        vi: "{file}: ban hành với số {number} → {out}",
        en: "{file}: issued as number {number} → {out}",
    }
    /// The end of `vanban issue --batch`.
    issued_summary(done, total, dir) {
        vi: "đã ban hành {done}/{total} văn bản vào {dir}",
        en: "issued {done} of {total} documents into {dir}",
    }
    /// A number would be given twice in a year.
    number_used(number, year, other) {
        vi: "số {number} của năm {year} đã cấp cho {other}; một số không được cấp hai lần",
        en: "number {number} of {year} was given to {other}; a number is never given twice",
    }
    /// `--numbers` and PDFs on the command line together.
    register_and_files() {
        vi: "với --numbers, các tệp được lấy từ sổ đăng ký; đừng liệt kê thêm tệp",
        en: "with --numbers the files come from the register; give no files besides",
    }
    /// The register is not UTF-8 text.
    register_not_utf8() {
        vi: "sổ đăng ký không phải văn bản UTF-8 (hãy lưu CSV dạng UTF-8)",
        en: "the register is not UTF-8 text (save the CSV as UTF-8)",
    }
    /// The register cannot be read as CSV.
    register_unreadable(cause) {
        vi: "không đọc được sổ đăng ký dạng CSV: {cause}",
        en: "the register cannot be read as CSV: {cause}",
    }
    /// The register lacks its columns.
    register_columns() {
        vi: "sổ đăng ký cần dòng tiêu đề có các cột `file` và `number`",
        en: "the register needs a header row with the columns `file` and `number`",
    }
    /// A row's number is not a number.
    register_bad_number(line, value) {
        vi: "dòng {line}: `{value}` không phải số văn bản (số nguyên từ 1)",
        en: "line {line}: `{value}` is not a document number (a whole number from 1)",
    }
    /// A row names no file.
    register_no_file(line) {
        vi: "dòng {line}: thiếu tên tệp",
        en: "line {line}: no file",
    }
    /// A number is given twice in the register.
    register_number_twice(number, first, line) {
        vi: "số {number} ghi hai lần (dòng {first} và dòng {line}); một số không được cấp hai lần",
        en: "number {number} is given twice (lines {first} and {line}); a number is never given twice",
    }
    /// A file is given twice in the register.
    register_file_twice(file, first, line) {
        vi: "tệp {file} ghi hai lần (dòng {first} và dòng {line})",
        en: "the file {file} is listed twice (lines {first} and {line})",
    }
    /// The register lists nothing.
    register_empty() {
        vi: "sổ đăng ký không có dòng nào",
        en: "the register lists no file",
    }
    /// A PDF cannot be read at all.
    pdf_unreadable() {
        vi: "không đọc được tệp PDF",
        en: "the PDF cannot be read",
    }
    /// The batch file of `edxml --batch` is not JSON.
    batch_file_unreadable(cause) {
        vi: "tệp lô không phải JSON hợp lệ: {cause}",
        en: "the batch file is not valid JSON: {cause}",
    }
    /// The batch file is neither `{"base", "items"}` nor an array.
    batch_file_shape() {
        vi: "tệp lô cần dạng {{\"base\": …, \"items\": […]}} hoặc một mảng các thông báo",
        en: "the batch file must be {{\"base\": …, \"items\": […]}} or an array of notices",
    }
    /// The manifest is not JSON.
    manifest_unreadable(cause) {
        vi: "tệp manifest không phải JSON hợp lệ: {cause}",
        en: "the manifest is not valid JSON: {cause}",
    }
    /// The manifest has no items.
    manifest_no_items() {
        vi: "tệp manifest không có danh sách `items` (hãy dùng manifest.json mà `vanban batch` ghi)",
        en: "the manifest has no `items` (give the manifest.json `vanban batch` wrote)",
    }
    /// The manifest lists no PDF rendered.
    manifest_nothing() {
        vi: "tệp manifest không liệt kê bản PDF nào đã dựng thành công",
        en: "the manifest lists no PDF that was rendered",
    }
    /// A manifest item is not in the batch file.
    item_not_in_batch() {
        vi: "tệp lô không có mục này (tệp lô và manifest không khớp nhau)",
        en: "the batch file has no such item (the batch file and the manifest do not match)",
    }
    /// The issued PDF of an item is missing.
    item_pdf_missing(file) {
        vi: "không thấy bản đã ban hành {file}",
        en: "the issued PDF {file} is not there",
    }
    /// The end of `vanban edxml --batch`.
    packets_summary(done, total, dir) {
        vi: "đã đóng gói {done}/{total} văn bản vào {dir}",
        en: "packed {done} of {total} documents into {dir}",
    }
    /// The packet is not UTF-8.
    packet_not_utf8() {
        vi: "gói tin không phải văn bản UTF-8",
        en: "the packet is not UTF-8 text",
    }
    /// A warning of `edxml --check`.
    check_warning(file, warning) {
        vi: "cảnh báo: {file}: {warning}",
        en: "warning: {file}: {warning}",
    }
    /// `edxml --check` found every required field.
    check_passed(file) {
        vi: "{file}: gói tin có đủ các trường bắt buộc",
        en: "{file}: the packet has every required field",
    }
    /// `sign finish` without a signature.
    finish_needs() {
        vi: "hãy cho --signature hoặc --cms",
        en: "give --signature or --cms",
    }
}
