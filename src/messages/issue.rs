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
        vi: "địa chỉ --tsa {url}: {why}",
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
        vi: "{status} (dịch vụ báo: {text})",
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
    /// A manifest item is past the spreadsheet's rows.
    row_not_in_sheet() {
        vi: "bảng tính không có dòng của mục này (bảng tính và manifest không khớp nhau)",
        en: "the spreadsheet has no row for this item (the spreadsheet and the manifest do not match)",
    }
    /// The manifest places an item at another row than the spreadsheet does now.
    row_moved(listed, row) {
        vi: "tệp manifest ghi mục này ở dòng {listed} nhưng bảng tính có nó ở dòng {row} (bảng tính đã bị sửa sau khi dựng lô?)",
        en: "the manifest lists this item at row {listed} but the spreadsheet has it at row {row} (was the spreadsheet changed after the batch was rendered?)",
    }
    /// The manifest names another ward for an item than the batch gives now.
    ward_moved(listed, ward) {
        vi: "tệp manifest ghi mục này là của {listed} nhưng lô cho là {ward} (lô và manifest không khớp nhau)",
        en: "the manifest lists this item for {listed} but the batch gives {ward} (the batch and the manifest do not match)",
    }
    /// An issued PDF in the folder that no item of the batch names.
    pdf_unused() {
        vi: "không mục nào của lô dùng bản đã ban hành này (bản của lô khác?); chưa đóng gói",
        en: "no item of the batch names this issued PDF (one of another batch?); not packed",
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

    // ---- Keys and certificates (src/issue/keys.rs) ----

    /// A problem of a key or certificate file, named.
    key_in_file(file, problem) {
        vi: "tệp {file}: {problem}",
        en: "{file}: {problem}",
    }

    /// The PKCS#12 password is wrong (its MAC fails).
    key_wrong_password_mac() {
        vi: "sai mật khẩu (kiểm tra toàn vẹn của tệp không khớp với mật khẩu này)",
        en: "wrong password (the file's integrity check does not match with this password)",
    }

    /// The PKCS#12 password is wrong (the key does not decrypt).
    key_wrong_password_decrypt() {
        vi: "sai mật khẩu (không giải mã được khóa bằng mật khẩu này)",
        en: "wrong password (the key cannot be decrypted with it)",
    }

    /// The PKCS#12 uses an encryption vanban cannot read.
    key_unsupported_scheme() {
        vi: "tệp được bảo vệ theo cách vanban không đọc được; hãy xuất lại với AES-256 và SHA-256 (openssl pkcs12 -export mặc định làm vậy)",
        en: "the file is protected with a scheme vanban does not read; export it again with AES-256 and SHA-256 (openssl pkcs12 -export does by default)",
    }

    /// The key file is not PKCS#12.
    key_not_pkcs12() {
        vi: "không phải tệp PKCS#12 (.p12, .pfx), hoặc tệp đã hỏng",
        en: "not a PKCS#12 (.p12, .pfx) file, or a damaged one",
    }

    /// The PKCS#12 has no key.
    key_no_private_key() {
        vi: "tệp không chứa khóa bí mật kèm chứng thư của nó",
        en: "the file holds no private key with its certificate",
    }

    /// The PKCS#12 has a key without certificate.
    key_no_certificate_for_key() {
        vi: "tệp không chứa chứng thư cho khóa của nó",
        en: "the file holds no certificate for its key",
    }

    /// The certificate is damaged.
    key_certificate_unreadable() {
        vi: "không đọc được chứng thư của người ký",
        en: "the signer's certificate cannot be read",
    }

    /// The certificate's public key is damaged.
    key_public_key_unreadable() {
        vi: "không đọc được khóa công khai của chứng thư",
        en: "the certificate's public key cannot be read",
    }

    /// The key and certificate do not match.
    key_not_the_certificates() {
        vi: "khóa bí mật không thuộc về chứng thư này",
        en: "the private key does not belong to the certificate",
    }

    /// A certificate file that starts as PEM is not text.
    cert_not_pem() {
        vi: "không phải tệp PEM",
        en: "not a PEM file",
    }

    /// A PEM block does not decode.
    cert_pem_damaged() {
        vi: "một chứng thư trong tệp PEM bị hỏng",
        en: "a certificate in the PEM file is damaged",
    }

    /// A certificate file without a certificate.
    cert_none() {
        vi: "tệp không chứa chứng thư nào",
        en: "the file holds no certificate",
    }

    /// A certificate file that is not one.
    cert_not_certificate() {
        vi: "không phải chứng thư (PEM hoặc DER)",
        en: "not a certificate (PEM or DER)",
    }

    /// A chain certificate is damaged.
    cert_chain_unreadable() {
        vi: "không đọc được một chứng thư của chuỗi",
        en: "a certificate of the chain cannot be read",
    }

    /// A deferred signature does not verify.
    signature_does_not_verify() {
        vi: "chữ ký không khớp với khóa của chứng thư: chữ ký được tạo bằng khóa khác hoặc trên giá trị băm khác",
        en: "the signature does not verify with the certificate's key: it was made with another key or over another digest",
    }

    /// An EC key of another curve.
    key_not_p256() {
        vi: "khóa của chứng thư không phải khóa P-256",
        en: "the certificate's key is not a P-256 key",
    }

    /// A raw ECDSA signature is not DER.
    ecdsa_not_der() {
        vi: "chữ ký ECDSA không ở dạng DER",
        en: "the ECDSA signature is not in DER form",
    }

    /// A certificate key of another kind.
    key_neither_rsa_nor_p256() {
        vi: "khóa của chứng thư không phải RSA cũng không phải P-256",
        en: "the certificate's key is neither RSA nor P-256",
    }

    /// The certificate is not valid yet at the signing time.
    cert_not_yet_valid(holder, time, from) {
        vi: "chứng thư của {holder} chưa có hiệu lực vào thời điểm ký {time} (có hiệu lực từ {from})",
        en: "the certificate of {holder} is not valid yet at the signing time {time} (valid from {from})",
    }

    /// The certificate expired before the signing time.
    cert_expired(holder, until, time) {
        vi: "chứng thư của {holder} đã hết hạn ngày {until}, trước thời điểm ký {time}",
        en: "the certificate of {holder} expired on {until}, before the signing time {time}",
    }

    /// The key usage extension is damaged.
    cert_key_usage_unreadable() {
        vi: "không đọc được mục đích sử dụng khóa của chứng thư",
        en: "the certificate's key usage cannot be read",
    }

    /// The certificate's key usage leaves out digital signatures.
    cert_no_digital_signature(holder) {
        vi: "chứng thư của {holder} không cho phép ký số (mục đích sử dụng khóa không có digitalSignature); hãy dùng chứng thư ký số mà CA đã cấp",
        en: "the certificate of {holder} does not allow digital signatures (its key usage leaves out digitalSignature); use the signing certificate the CA issued",
    }

    /// An RSA key too short.
    rsa_too_short(bits, min) {
        vi: "khóa RSA chỉ có {bits} bit; chữ ký cần từ {min} bit trở lên",
        en: "the RSA key has {bits} bits; a signature needs {min} or more",
    }

    /// A private key of another kind.
    key_kind_unsupported() {
        vi: "khóa bí mật không phải RSA cũng không phải ECDSA P-256, hai loại khóa vanban ký được",
        en: "the private key is neither RSA nor ECDSA P-256, the kinds vanban signs with",
    }

    /// A public key cannot be written as DER.
    public_key_unencodable() {
        vi: "không mã hóa được khóa công khai",
        en: "the public key cannot be encoded",
    }

    // ---- The PDF, the font, the time and the container (src/issue/{incremental,font,time,cms}.rs) ----

    /// A bug: a part of the CMS container cannot be encoded (the part named as in the standard).
    cms_not_built(part) {
        vi: "không dựng được phần chứa chữ ký ({part})",
        en: "the signature container could not be built ({part})",
    }

    /// A timestamp token cannot be added to the signature.
    cms_no_timestamp(part) {
        vi: "không gắn được dấu thời gian vào chữ ký ({part})",
        en: "the signature cannot take the timestamp ({part})",
    }

    /// The timestamp token is not DER.
    cms_token_not_der() {
        vi: "dấu thời gian không ở dạng DER",
        en: "the token is not DER",
    }

    /// A bug: signing without a key.
    cms_no_private_key() {
        vi: "không có khóa bí mật để ký",
        en: "no private key to sign with",
    }

    /// A CMS given is not a SignedData with one signer.
    cms_not_signed_data() {
        vi: "tệp CMS không phải SignedData dạng DER có đúng một người ký",
        en: "the CMS is not a DER SignedData with one signer",
    }

    /// A PDF to sign or issue is damaged; `why` is one of the `pdf_damaged_…` clauses.
    pdf_damaged(file, why) {
        vi: "{file}: tệp PDF bị hỏng ({why}); hãy dựng lại",
        en: "{file}: the PDF is damaged ({why}); render it again",
    }

    /// The file is not a PDF.
    pdf_not_pdf(file) {
        vi: "{file}: không phải tệp PDF",
        en: "{file}: not a PDF file",
    }

    /// Damage: the PDF is cut short.
    pdf_cut_short() {
        vi: "tệp không kết thúc bằng %%EOF: tệp bị cắt cụt",
        en: "it does not end with %%EOF: it was cut short",
    }

    /// Damage: no startxref.
    pdf_no_startxref() {
        vi: "cuối tệp không có startxref",
        en: "no startxref at its end",
    }

    /// Damage: startxref has no number.
    pdf_startxref_no_offset() {
        vi: "startxref không cho vị trí",
        en: "startxref gives no offset",
    }

    /// Damage: startxref past the end.
    pdf_startxref_past_end() {
        vi: "startxref trỏ ra ngoài cuối tệp",
        en: "startxref points past the end",
    }

    /// Damage: startxref points elsewhere.
    pdf_startxref_not_xref() {
        vi: "startxref không trỏ tới bảng tham chiếu chéo",
        en: "startxref does not point to a cross-reference section",
    }

    /// The PDF is encrypted.
    pdf_encrypted(file) {
        vi: "{file}: tệp PDF bị mã hóa; văn bản để ký số không được mã hóa",
        en: "{file}: the PDF is encrypted; an official document for signing is not",
    }

    /// Damage: no catalog.
    pdf_no_catalog() {
        vi: "không có danh mục tài liệu (catalog)",
        en: "no document catalog",
    }

    /// A character of the agency name or the number is not in the font.
    char_not_in_font(char, code) {
        vi: "phông chữ không có ký tự “{char}” ({code}); hãy bỏ ký tự đó",
        en: "the character “{char}” ({code}) is not in the font; leave it out",
    }

    /// `--time` in seconds overflows.
    time_too_large(value) {
        vi: "`{value}` quá lớn, không phải thời điểm",
        en: "`{value}` is too large for a time",
    }

    /// `--time` cannot be read.
    time_not_a_time(value) {
        vi: "`{value}` không phải thời điểm; hãy viết dạng 2026-12-01T09:30:00+07:00 (ISO 8601) hoặc số giây tính từ năm 1970",
        en: "`{value}` is not a time; write it as 2026-12-01T09:30:00+07:00 (ISO 8601) or as seconds since 1970",
    }

    /// `--time` names a day that does not exist.
    time_no_such_day(value) {
        vi: "`{value}`: không có ngày này",
        en: "`{value}`: there is no such day",
    }

    /// `--time` names an hour that does not exist.
    time_no_such_hour(value) {
        vi: "`{value}`: không có giờ này trong ngày",
        en: "`{value}`: there is no such time of day",
    }

    /// `--time` has no zone.
    time_no_zone(value) {
        vi: "`{value}` thiếu múi giờ; hãy thêm +07:00 cho giờ Việt Nam, hoặc Z cho giờ UTC",
        en: "`{value}` has no time zone; add +07:00 for Vietnam time, or Z for UTC",
    }

    // ---- Signing and issuance (src/issue/mod.rs) ----

    /// A bug or a limit of vanban.
    internal_error(detail) {
        vi: "lỗi nội bộ của vanban: {detail}",
        en: "internal error: {detail}",
    }

    /// A bug: the written update lost its placeholder.
    placeholder_missing() {
        vi: "không tìm thấy chỗ dành cho chữ ký",
        en: "the signature placeholder was not found",
    }

    /// A signature (with its chain and timestamp) larger than its place.
    signature_too_large(bytes, reserved) {
        vi: "chữ ký chiếm {bytes} byte, vượt quá {reserved} byte đã dành sẵn",
        en: "the signature takes {bytes} bytes, more than the {reserved} reserved",
    }

    /// Refusal: the PDF carries the agency signature.
    issued_already_sealed(file) {
        vi: "{file}: văn bản đã được ban hành (đã có chữ ký số của cơ quan); văn bản đã ban hành thì không ký lại",
        en: "{file}: the document was issued already (it carries the agency's signature); an issued document is not signed again",
    }

    /// Refusal: the PDF has its number filled in.
    issued_already_numbered(file) {
        vi: "{file}: văn bản đã được ban hành (đã điền số)",
        en: "{file}: the document was issued already (its number is filled in)",
    }

    /// The signature field has no /P.
    field_no_page(file) {
        vi: "{file}: ô chữ ký không ghi thuộc trang nào",
        en: "{file}: the signature field names no page",
    }

    /// `finish` of a PDF that was not prepared.
    not_prepared(file) {
        vi: "{file}: không phải tệp PDF do `vanban sign prepare` hoặc `vanban issue prepare` chuẩn bị (hoặc đã bị sửa sau đó)",
        en: "{file}: not a PDF prepared by `vanban sign prepare` or `vanban issue prepare` (or changed since)",
    }

    /// `--cms` is not a SignedData.
    cms_file_not_signed_data() {
        vi: "tệp CMS không phải SignedData dạng DER",
        en: "the CMS file is not a DER SignedData",
    }

    /// Refusal: no signature field.
    no_signature_place(file) {
        vi: "{file}: tệp PDF không có chỗ cho chữ ký; hãy dựng thông báo với --draft (hoặc --signature-field)",
        en: "{file}: the PDF has no place for the signature; render the notice with --draft (or --signature-field)",
    }

    /// Refusal: signing a signed PDF.
    signed_already(file) {
        vi: "{file}: văn bản đã được ký; tệp đã ký chuyển sang bước `vanban issue`",
        en: "{file}: the document is signed already; the signed file goes to `vanban issue`",
    }

    /// The signature field has no /Rect.
    field_no_position(file) {
        vi: "{file}: ô chữ ký không có vị trí",
        en: "{file}: the signature field has no position",
    }

    /// Refusal: issuing an unsigned draft.
    not_signed_yet(file) {
        vi: "{file}: người có thẩm quyền chưa ký văn bản; hãy ký trước bằng `vanban sign`",
        en: "{file}: the competent person has not signed the document; sign it first with `vanban sign`",
    }

    /// Refusal: issuing a PDF whose signature waits for `finish`.
    signature_not_finished(file) {
        vi: "{file}: chữ ký của người có thẩm quyền mới được chuẩn bị, chưa hoàn tất; hãy hoàn tất trước bằng `vanban sign finish`",
        en: "{file}: the competent person's signature was prepared but not finished; complete it with `vanban sign finish` first",
    }

    /// Refusal: the PDF prints its number.
    number_printed(file) {
        vi: "{file}: văn bản đã in sẵn số, không có chỗ để điền số; khi ban hành chỉ điền số vào bản dự thảo dựng bằng `vanban render --draft`",
        en: "{file}: the document has its number printed, not a place for it; issuance fills the number of a draft made with `vanban render --draft`",
    }

    /// The Number field is of another kind.
    number_place_not_text(file) {
        vi: "{file}: chỗ điền số không phải ô văn bản",
        en: "{file}: the number's place is not a text field",
    }

    /// Refusal: the issue date is in another year than the draft prints.
    issue_year_differs(year, date) {
        vi: "bản dự thảo in sẵn năm {year}; ngày ban hành {date} thuộc năm khác (hãy dựng lại bản dự thảo với ngày của năm đó, hoặc không ghi ngày)",
        en: "the draft prints the year {year}; the issue date {date} is in another year (render the draft again with that year's date, or without a date)",
    }

    /// A text field has no /Rect.
    text_field_no_position(file, field) {
        vi: "{file}: ô {field} không có vị trí",
        en: "{file}: the field {field} has no position",
    }

    /// Refusal: a number too long for its blank.
    value_does_not_fit(value, digits) {
        vi: "{value} không vừa chỗ bản dự thảo để trống ({digits} chữ số)",
        en: "{value} does not fit the place the draft left for it ({digits} digits)",
    }

    /// The page of the signature cannot be read.
    page_unreadable(file) {
        vi: "{file}: không đọc được trang đã ký",
        en: "{file}: the signed page cannot be read",
    }

    /// Refusal: packing a draft not issued.
    not_issued_yet(file) {
        vi: "{file}: văn bản chưa được ban hành (số còn để trống); hãy ban hành trước bằng `vanban issue`",
        en: "{file}: the document is not issued yet (its number is blank); issue it first with `vanban issue`",
    }

    /// The filled number cannot be read.
    number_not_a_number(file) {
        vi: "{file}: số đã điền không phải là số",
        en: "{file}: the number filled in is not a number",
    }

    /// The issue date fields are blank.
    date_not_filled(file) {
        vi: "{file}: chưa điền ngày ban hành",
        en: "{file}: the issue date is not filled in",
    }

    /// A PDF without a name, in messages.
    what_the_pdf() {
        vi: "tệp PDF",
        en: "the PDF",
    }

    // ---- edXML packets and their check (src/issue/edxml.rs) ----

    /// A receiving body given twice on the command line.
    edxml_to_twice(code) {
        vi: "--to {code} được ghi hai lần",
        en: "--to {code} is given twice",
    }

    /// No receiving body.
    edxml_no_to() {
        vi: "hãy ghi ít nhất một cơ quan nhận bằng --to",
        en: "name at least one receiving body with --to",
    }

    /// Check finding: the packet is not XML.
    check_not_xml(cause) {
        vi: "không phải XML đúng cú pháp: {cause}",
        en: "not well-formed XML: {cause}",
    }

    /// Check finding: an element outside the namespace.
    check_namespace(element, namespace) {
        vi: "<{element}> không thuộc không gian tên edXML {namespace}",
        en: "<{element}> is not in the edXML namespace {namespace}",
    }

    /// Check finding: text that cannot be decoded.
    check_bad_text(cause) {
        vi: "văn bản trong gói bị lỗi: {cause}",
        en: "bad text: {cause}",
    }

    /// Check finding: unbalanced elements.
    check_unbalanced() {
        vi: "các phần tử XML không cân đối",
        en: "unbalanced elements",
    }

    /// Check finding: the packet is cut short.
    check_cut_short(element) {
        vi: "không phải XML đúng cú pháp: tệp kết thúc giữa chừng trong <{element}> (bị cắt cụt?)",
        en: "not well-formed XML: the file ends inside <{element}> (cut short?)",
    }

    /// Check finding: no root element.
    check_no_root() {
        vi: "không có phần tử gốc",
        en: "no root element",
    }

    /// Check finding: no header.
    check_no_header() {
        vi: "không có edXMLEnvelope/edXMLHeader/MessageHeader",
        en: "no edXMLEnvelope/edXMLHeader/MessageHeader",
    }

    /// Check finding: no sender code.
    check_no_from() {
        vi: "thiếu From/OrganId: mã định danh của cơ quan gửi",
        en: "From/OrganId is missing: the sending body's code",
    }

    /// Check finding: no receiver.
    check_no_to() {
        vi: "không có To: gói tin phải ghi ít nhất một cơ quan nhận",
        en: "no To: a packet names at least one receiving body",
    }

    /// Check finding: a receiver without code.
    check_to_no_id(n) {
        vi: "To thứ {n} không có OrganId",
        en: "To #{n} has no OrganId",
    }

    /// Check finding: a receiver twice.
    check_to_twice(code) {
        vi: "To {code} được ghi hai lần",
        en: "To {code} is named twice",
    }

    /// Check warning: an organ code of an unusual shape.
    check_organ_shape(code) {
        vi: "{code} không giống mã định danh (ví dụ 000.00.00.H41); trục liên thông có thể không nhận ra",
        en: "{code} does not look like a mã định danh (e.g. 000.00.00.H41); the axis may not know it",
    }

    /// Check finding: a required field is missing.
    check_missing(field) {
        vi: "thiếu {field}",
        en: "{field} is missing",
    }

    /// Check finding: no subject.
    check_no_subject() {
        vi: "thiếu Subject: trích yếu nội dung",
        en: "Subject is missing: the trích yếu",
    }

    /// Check finding: a date of another form.
    check_bad_date(date) {
        vi: "PromulgationDate {date} không phải ngày viết dạng YYYY/MM/DD",
        en: "PromulgationDate {date} is not a date written YYYY/MM/DD",
    }

    /// Check finding: a date in the future.
    check_future_date(date) {
        vi: "PromulgationDate {date} là ngày trong tương lai",
        en: "PromulgationDate {date} is in the future",
    }

    /// Check finding: a document type the axis refuses.
    check_bad_type(value) {
        vi: "DocumentType/Type là {value}; trục liên thông chỉ nhận 1 hoặc 2",
        en: "DocumentType/Type is {value}; the axis accepts 1 or 2",
    }

    /// Check finding: no attachment.
    check_no_attachment() {
        vi: "không có AttachmentEncoded/Attachment: gói tin không mang văn bản nào",
        en: "no AttachmentEncoded/Attachment: the packet carries no document",
    }

    /// Check finding: an attachment that does not decode.
    check_bad_base64(name) {
        vi: "tệp đính kèm {name} không phải base64 hợp lệ",
        en: "the attachment {name} is not valid base64",
    }
}
