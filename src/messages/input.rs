//! Messages about the input notice: JSON syntax, fields, types, dates, text, images, with their suggestions.
//!
//! Most are said after a path (`tại \`signer.name\`: không được để trống`), so a
//! message about a value starts with what is wrong with it. Field paths, JSON
//! characters and the words a user types (`thay_mat`, `width_mm`) stay as typed.

crate::catalogue! {
    // ── Where an error is ────────────────────────────────────────────────────────

    /// An input error with its place in the text (the `Display` of an input error).
    at_path_located(line, column, path, message) {
        vi: "{line}:{column}: tại `{path}`: {message}",
        en: "{line}:{column}: at `{path}`: {message}",
    }
    /// An input error without a place in a text (a value checked after reading).
    at_path(path, message) {
        vi: "tại `{path}`: {message}",
        en: "at `{path}`: {message}",
    }

    // ── JSON syntax (serde_json's own words, made plain) ─────────────────────────

    /// The text is not JSON; `detail` says why, in the words below.
    malformed_json(detail) {
        vi: "tệp không đúng cú pháp JSON: {detail}",
        en: "malformed JSON: {detail}",
    }
    /// The input is empty (or only spaces).
    json_empty() {
        vi: "tệp trống: không có nội dung JSON nào",
        en: "the input is empty: there is no JSON in it",
    }
    /// serde_json: EOF while parsing a list.
    json_eof_list() {
        vi: "tệp kết thúc khi danh sách [ … ] chưa đóng: thiếu dấu ]",
        en: "the text ends inside a list [ … ]: a ] is missing",
    }
    /// serde_json: EOF while parsing an object.
    json_eof_object() {
        vi: "tệp kết thúc khi đối tượng {{ … }} chưa đóng: thiếu dấu }}",
        en: "the text ends inside an object {{ … }}: a }} is missing",
    }
    /// serde_json: EOF while parsing a string.
    json_eof_string() {
        vi: "tệp kết thúc giữa một đoạn văn bản: thiếu dấu \" đóng",
        en: "the text ends inside a text value: its closing \" is missing",
    }
    /// serde_json: EOF while parsing a value.
    json_eof_value() {
        vi: "tệp kết thúc ở chỗ còn cần một giá trị",
        en: "the text ends where a value belongs",
    }
    /// serde_json: expected `:`.
    json_expected_colon() {
        vi: "thiếu dấu hai chấm : sau tên trường",
        en: "a colon : is missing after the field name",
    }
    /// serde_json: expected `,` or `]`.
    json_expected_list_comma() {
        vi: "thiếu dấu phẩy , giữa hai mục của danh sách (hoặc dấu ] đóng danh sách)",
        en: "a comma , is missing between two entries of the list (or the ] that closes it)",
    }
    /// serde_json: expected `,` or `}`.
    json_expected_object_comma() {
        vi: "thiếu dấu phẩy , giữa hai trường (hoặc dấu }} đóng đối tượng)",
        en: "a comma , is missing between two fields (or the }} that closes the object)",
    }
    /// serde_json: expected ident (a bare word that is not true, false or null).
    json_expected_ident() {
        vi: "có một chữ JSON không hiểu: chỉ true, false và null được viết trần; văn bản phải đặt trong dấu ngoặc kép \"",
        en: "a word JSON does not know: only true, false and null are written bare; text goes in double quotes \"",
    }
    /// serde_json: expected value.
    json_expected_value() {
        vi: "ở đây cần một giá trị: văn bản trong dấu ngoặc kép \", một số, một danh sách [ … ] hoặc một đối tượng {{ … }}",
        en: "a value belongs here: text in double quotes \", a number, a list [ … ] or an object {{ … }}",
    }
    /// serde_json: expected `"`.
    json_expected_quote() {
        vi: "ở đây cần dấu ngoặc kép \"",
        en: "a double quote \" belongs here",
    }
    /// serde_json: invalid escape.
    json_invalid_escape() {
        vi: "dấu \\ trong văn bản phải đi với một mã hợp lệ (\\n, \\\", \\\\, \\uXXXX…); muốn viết chính dấu \\ thì viết \\\\",
        en: "a backslash \\ in text starts an escape (\\n, \\\", \\\\, \\uXXXX…); to write a backslash itself, write \\\\",
    }
    /// serde_json: invalid number.
    json_invalid_number() {
        vi: "số viết không đúng cách của JSON (chỉ chữ số, dấu chấm thập phân, không có số 0 ở đầu)",
        en: "the number is not written the way JSON writes numbers (digits, a decimal point, no leading zero)",
    }
    /// serde_json: number out of range.
    json_number_out_of_range() {
        vi: "số quá lớn",
        en: "the number is too large",
    }
    /// serde_json: invalid unicode code point.
    json_invalid_code_point() {
        vi: "mã \\u trong văn bản không phải một ký tự Unicode hợp lệ",
        en: "a \\u escape in the text is not a valid Unicode character",
    }
    /// serde_json: control character found while parsing a string.
    json_control_in_string() {
        vi: "văn bản có ký tự điều khiển (ví dụ một dấu xuống dòng hay tab thật) giữa hai dấu ngoặc kép; hãy viết \\n để xuống dòng, \\t cho tab",
        en: "the text has a control character (a real line break or tab, say) between its quotes; write \\n for a line break, \\t for a tab",
    }
    /// serde_json: key must be a string.
    json_key_not_string() {
        vi: "tên trường phải đặt trong dấu ngoặc kép \" (ví dụ \"summary\")",
        en: "a field name must be in double quotes \" (like \"summary\")",
    }
    /// serde_json: lone leading surrogate in hex escape.
    json_lone_surrogate() {
        vi: "mã \\uD800–\\uDBFF trong văn bản thiếu nửa sau của nó",
        en: "a \\uD800–\\uDBFF escape in the text lacks its second half",
    }
    /// serde_json: trailing comma.
    json_trailing_comma() {
        vi: "thừa dấu phẩy , trước dấu ] hoặc }} đóng: hãy xóa nó",
        en: "a comma , before a closing ] or }} is one too many: remove it",
    }
    /// serde_json: trailing characters.
    json_trailing_characters() {
        vi: "có chữ thừa sau khi JSON đã kết thúc",
        en: "there is more text after the end of the JSON",
    }
    /// serde_json: unexpected end of hex escape.
    json_short_hex_escape() {
        vi: "mã \\u phải có đủ 4 chữ số thập lục phân",
        en: "a \\u escape needs four hexadecimal digits",
    }
    /// serde_json: recursion limit exceeded.
    json_too_deep() {
        vi: "lồng nhau quá sâu (quá 128 tầng {{ }} hoặc [ ])",
        en: "nested too deeply (more than 128 levels of {{ }} or [ ])",
    }
    /// A serde_json syntax message vanban does not know (a newer serde_json): its own words.
    json_other(detail) {
        vi: "lỗi cú pháp ({detail})",
        en: "{detail}",
    }

    // ── Look-alike characters in the JSON syntax ─────────────────────────────────

    /// A quote that looks like JSON's but is not.
    look_alike_quote(line, column, name) {
        vi: "dấu ngoặc ở {line}:{column} là {name}; JSON cần dấu ngoặc kép thẳng \" quanh tên trường và văn bản",
        en: "the quote at {line}:{column} is {name}; JSON needs the straight quote \" around names and text",
    }
    /// A colon that looks like JSON's but is not.
    look_alike_colon(line, column, name) {
        vi: "dấu hai chấm ở {line}:{column} là {name}; JSON cần dấu :",
        en: "the colon at {line}:{column} is {name}; JSON needs :",
    }
    /// A comma that looks like JSON's but is not.
    look_alike_comma(line, column, name) {
        vi: "dấu phẩy ở {line}:{column} là {name}; JSON cần dấu ,",
        en: "the comma at {line}:{column} is {name}; JSON needs ,",
    }
    /// A brace or bracket that looks like JSON's but is not.
    look_alike_bracket(line, column, name, instead) {
        vi: "dấu ngoặc ở {line}:{column} là {name}; JSON cần dấu {instead}",
        en: "the bracket at {line}:{column} is {name}; JSON needs {instead}",
    }
    /// A space JSON does not take between its parts.
    look_alike_space(line, column, name) {
        vi: "dấu cách ở {line}:{column} là {name}; ở đó JSON cần dấu cách thường (hoặc không có gì)",
        en: "the space at {line}:{column} is {name}; JSON needs an ordinary space there (or none)",
    }
    /// “ (U+201C).
    char_curly_open_quote() {
        vi: "dấu ngoặc kép cong “ của trình soạn thảo văn bản",
        en: "a curly quote “ from a word processor",
    }
    /// ” (U+201D).
    char_curly_close_quote() {
        vi: "dấu ngoặc kép cong ” của trình soạn thảo văn bản",
        en: "a curly quote ” from a word processor",
    }
    /// „ (U+201E).
    char_low_quote() {
        vi: "dấu ngoặc kép dưới „",
        en: "a low curly quote „",
    }
    /// ‟ (U+201F).
    char_reversed_quote() {
        vi: "dấu ngoặc kép cong ngược ‟",
        en: "a reversed curly quote ‟",
    }
    /// ″ (U+2033).
    char_double_prime() {
        vi: "dấu giây ″",
        en: "a double prime ″",
    }
    /// ＂ (U+FF02).
    char_full_width_quote() {
        vi: "dấu ngoặc kép toàn khổ ＂",
        en: "a full-width quote ＂",
    }
    /// ‘ (U+2018).
    char_curly_open_single() {
        vi: "dấu nháy đơn cong ‘ của trình soạn thảo văn bản",
        en: "a curly single quote ‘ from a word processor",
    }
    /// ’ (U+2019).
    char_curly_close_single() {
        vi: "dấu nháy đơn cong ’ của trình soạn thảo văn bản",
        en: "a curly single quote ’ from a word processor",
    }
    /// ' (U+0027).
    char_single_quote() {
        vi: "dấu nháy đơn '",
        en: "a single quote '",
    }
    /// ： (U+FF1A).
    char_full_width_colon() {
        vi: "dấu hai chấm toàn khổ ：",
        en: "a full-width colon ：",
    }
    /// ， (U+FF0C).
    char_full_width_comma() {
        vi: "dấu phẩy toàn khổ ，",
        en: "a full-width comma ，",
    }
    /// ｛ (U+FF5B).
    char_full_width_open_brace() {
        vi: "dấu ngoặc nhọn toàn khổ ｛",
        en: "a full-width brace ｛",
    }
    /// ｝ (U+FF5D).
    char_full_width_close_brace() {
        vi: "dấu ngoặc nhọn toàn khổ ｝",
        en: "a full-width brace ｝",
    }
    /// ［ (U+FF3B).
    char_full_width_open_bracket() {
        vi: "dấu ngoặc vuông toàn khổ ［",
        en: "a full-width bracket ［",
    }
    /// ］ (U+FF3D).
    char_full_width_close_bracket() {
        vi: "dấu ngoặc vuông toàn khổ ］",
        en: "a full-width bracket ］",
    }
    /// U+00A0.
    char_no_break_space() {
        vi: "dấu cách không ngắt dòng (U+00A0)",
        en: "a no-break space (U+00A0)",
    }
    /// U+202F.
    char_narrow_no_break_space() {
        vi: "dấu cách hẹp không ngắt dòng (U+202F)",
        en: "a narrow no-break space (U+202F)",
    }
    /// U+2007.
    char_figure_space() {
        vi: "dấu cách bằng chữ số (U+2007)",
        en: "a figure space (U+2007)",
    }
    /// U+3000.
    char_ideographic_space() {
        vi: "dấu cách của chữ Hán (U+3000)",
        en: "an ideographic space (U+3000)",
    }
    /// U+200B.
    char_zero_width_space() {
        vi: "dấu cách vô hình rộng 0 (U+200B)",
        en: "an invisible zero-width space (U+200B)",
    }
    /// U+FEFF inside the text.
    char_byte_order_mark() {
        vi: "dấu thứ tự byte vô hình (U+FEFF)",
        en: "an invisible byte order mark (U+FEFF)",
    }

    // ── The notice as a whole ────────────────────────────────────────────────────

    /// The input is a JSON list, not a notice.
    not_a_notice_list() {
        vi: "một thông báo là một đối tượng JSON {{…}}; đây là một danh sách (muốn làm nhiều thông báo, hãy dùng `vanban batch`)",
        en: "a notice is a JSON object {{…}}; this is a list (for several notices, use `vanban batch`)",
    }
    /// Text after the notice's closing brace.
    trailing_text() {
        vi: "có chữ thừa sau khi thông báo đã kết thúc",
        en: "unexpected text after the end of the notice",
    }

    // ── Fields ───────────────────────────────────────────────────────────────────

    /// A field the object does not have; `allowed` lists those it has.
    unknown_field(field, allowed) {
        vi: "không có trường `{field}` ở đây (các trường được phép: {allowed})",
        en: "unknown field `{field}` (allowed here: {allowed})",
    }
    /// A field the object does not have, with the one probably meant.
    unknown_field_meant(field, best, allowed) {
        vi: "không có trường `{field}` ở đây; có phải ý bạn là `{best}`? (các trường được phép: {allowed})",
        en: "unknown field `{field}`; did you mean `{best}`? (allowed here: {allowed})",
    }
    /// A field where the object takes none.
    unknown_field_bare(field) {
        vi: "không có trường `{field}` ở đây",
        en: "unknown field `{field}`",
    }
    /// A required field is absent. The field is the first name in backticks
    /// (`missing_field_name` reads it back).
    missing_field(field) {
        vi: "thiếu trường bắt buộc `{field}`",
        en: "the required field `{field}` is missing",
    }
    /// A required field is absent, with what it holds (from `vanban schema`).
    missing_field_holds(field, holds) {
        vi: "thiếu trường bắt buộc `{field}`: {holds}",
        en: "the required field `{field}` is missing: {holds}",
    }
    /// A field written twice in one object.
    duplicate_field(field) {
        vi: "trường `{field}` được ghi hai lần",
        en: "the field `{field}` is given twice",
    }

    // ── Types ────────────────────────────────────────────────────────────────────

    /// A value of the wrong JSON type where another belongs.
    wrong_type(got, expected) {
        vi: "sai kiểu: {got} ở chỗ cần {expected}",
        en: "wrong type: {got} where {expected} belongs",
    }
    /// A value of the wrong JSON type.
    wrong_type_bare(got) {
        vi: "sai kiểu: {got}",
        en: "wrong type: {got}",
    }
    /// A value of the right type that does not fit (a negative number for a count).
    value_does_not_fit(got, expected) {
        vi: "{got} không dùng được ở đây: cần {expected}",
        en: "{got} does not fit here: {expected} belongs",
    }
    /// A list or tuple with the wrong number of entries.
    wrong_length(count, expected) {
        vi: "sai số mục: có {count}, cần {expected}",
        en: "wrong number of entries: {count}, where {expected} belongs",
    }
    /// A number in quotes where a number belongs.
    number_in_quotes(number) {
        vi: "hãy viết {number} không có dấu ngoặc kép: trường này là số, không phải văn bản",
        en: "write {number} without quotes: this field is a number, not text",
    }
    /// Kind: an integer.
    kind_whole_number() {
        vi: "một số nguyên",
        en: "a whole number",
    }
    /// Kind: a number.
    kind_number() {
        vi: "một số",
        en: "a number",
    }
    /// Kind: a string.
    kind_text() {
        vi: "văn bản trong dấu ngoặc kép",
        en: "text in quotes",
    }
    /// Kind: an array.
    kind_list() {
        vi: "một danh sách [ … ]",
        en: "a list [ … ]",
    }
    /// Kind: an object.
    kind_object() {
        vi: "một đối tượng {{ … }}",
        en: "an object {{ … }}",
    }
    /// Kind: a boolean.
    kind_boolean() {
        vi: "true hoặc false",
        en: "true or false",
    }
    /// Kind: one of an enum's words.
    kind_allowed_word() {
        vi: "một trong các từ được phép, trong dấu ngoặc kép",
        en: "one of the allowed words, in quotes",
    }
    /// A value given: text.
    given_text(text) {
        vi: "văn bản {text}",
        en: "the text {text}",
    }
    /// A value given: a number.
    given_number(number) {
        vi: "số {number}",
        en: "the number {number}",
    }

    // ── Allowed values ───────────────────────────────────────────────────────────

    /// A signing prefix as printed (`TM.`) where the authority's word belongs.
    prefix_as_printed(given, authority, allowed) {
        vi: "`{given}` là tiền tố in trên văn bản; hãy ghi thẩm quyền ký là \"{authority}\" (thể thức tự in tiền tố của nó); các giá trị được phép: {allowed}",
        en: "`{given}` is the prefix as printed; write the authority as \"{authority}\" (the profile prints its own prefix); allowed: {allowed}",
    }
    /// A value not allowed, with the one probably meant.
    value_meant(given, best, allowed) {
        vi: "`{given}` không được phép ở đây; có phải ý bạn là \"{best}\"? (các giá trị được phép: {allowed})",
        en: "`{given}` is not allowed here; did you mean \"{best}\"? (allowed: {allowed})",
    }
    /// A value not allowed.
    value_not_allowed(given, allowed) {
        vi: "`{given}` không được phép ở đây (các giá trị được phép: {allowed})",
        en: "`{given}` is not allowed here (allowed: {allowed})",
    }
    /// A profile id of the wrong form.
    bad_profile_id(id) {
        vi: "'{id}' không phải mã thể thức: hãy dùng \"nd30\" (cơ quan nhà nước), \"hd36\" (cơ quan Đảng) hoặc mã của một thể thức đã nạp (chữ thường, chữ số, '-' hoặc '_')",
        en: "'{id}' is not a profile id: use \"nd30\" (State bodies), \"hd36\" (Party bodies) or the id of a loaded profile (lowercase letters, digits, '-' or '_')",
    }

    // ── Dates ────────────────────────────────────────────────────────────────────

    /// A date typed another way, with the ISO form of the same day.
    date_meant(typed, meant) {
        vi: "'{typed}': hãy viết ngày theo dạng YYYY-MM-DD: có phải ý bạn là {meant}?",
        en: "'{typed}': write dates as YYYY-MM-DD: did you mean {meant}?",
    }
    /// Not a date at all.
    not_a_date(typed) {
        vi: "'{typed}' không phải ngày viết theo dạng YYYY-MM-DD (ví dụ 2018-01-22)",
        en: "'{typed}' is not a date in the form YYYY-MM-DD (e.g. 2018-01-22)",
    }
    /// A month beyond 12.
    date_bad_month(typed, month) {
        vi: "'{typed}' có tháng {month}; tháng chỉ từ 01 đến 12",
        en: "'{typed}' has month {month}; months run from 01 to 12",
    }
    /// A year before 1900.
    date_before_1900(typed) {
        vi: "'{typed}' trước năm 1900",
        en: "'{typed}' is before 1900",
    }
    /// A day the month does not have.
    date_no_such_day(typed, month, year, days) {
        vi: "'{typed}' không có thật: tháng {month} năm {year} có {days} ngày",
        en: "'{typed}' does not exist: month {month} of {year} has {days} days",
    }

    // ── Text ─────────────────────────────────────────────────────────────────────

    /// A field longer than the limit.
    text_too_long(chars, limit) {
        vi: "dài {chars} ký tự; mỗi trường dài tối đa {limit} ký tự",
        en: "is {chars} characters long; the limit for one field is {limit}",
    }
    /// An empty required text.
    text_empty() {
        vi: "không được để trống",
        en: "must not be empty",
    }
    /// A text of invisible characters only.
    text_empty_invisible() {
        vi: "không được để trống (chỉ có ký tự vô hình)",
        en: "must not be empty (it holds only invisible characters)",
    }
    /// A control character in a text.
    text_control(code) {
        vi: "có ký tự điều khiển U+{code}; hãy xóa nó (thường do sao chép từ chương trình khác)",
        en: "contains the control character U+{code}; remove it (it is often left by copying from another program)",
    }
    /// A bidirectional control in a text (`name`: its Unicode name).
    text_bidi(code, name) {
        vi: "có ký tự điều khiển hướng chữ vô hình U+{code} ({name}), làm đảo thứ tự các chữ xung quanh trên màn hình: bản PDF và Word sẽ không hiện cùng một nội dung; hãy xóa nó (thường do sao chép từ trang web hoặc tin nhắn)",
        en: "contains the invisible bidirectional control U+{code} ({name}), which reorders the characters around it on screen: the PDF and Word would not show the same text; remove it (it is often left by copying from a web page or a chat)",
    }
    /// An invisible character refused (`name`: its Unicode name; `advice`: an `advice_…`).
    text_invisible(code, name, advice) {
        vi: "có ký tự vô hình U+{code} ({name}), sẽ in ra thành ô vuông hoặc làm đổi nội dung mà không ai thấy; {advice}",
        en: "contains the invisible character U+{code} ({name}), which would print as a box or change the text unseen; {advice}",
    }
    /// Advice: remove it.
    advice_remove() {
        vi: "hãy xóa nó (thường do sao chép từ chương trình khác)",
        en: "remove it (it is often left by copying from another program)",
    }
    /// Advice for U+034F.
    advice_grapheme_joiner() {
        vi: "nó ngăn dấu thanh ghép vào chữ cái; hãy xóa nó",
        en: "it keeps accents from joining their letter; remove it",
    }
    /// Advice for U+2060.
    advice_word_joiner() {
        vi: "nó cấm xuống dòng ở đó mà bản DOCX không giữ được; hãy xóa nó (muốn giữ hai chữ trên một dòng, hãy dùng dấu cách không ngắt dòng)",
        en: "it forbids a line break that the DOCX would not keep; remove it (to keep two words on one line, use a no-break space)",
    }
    /// Advice for U+2028.
    advice_line_separator() {
        vi: "hãy dùng dấu xuống dòng (\\n) hoặc một mục mới",
        en: "use a line break (\\n) or a new entry instead",
    }
    /// Advice for U+2029.
    advice_paragraph_separator() {
        vi: "hãy dùng một mục mới (một đoạn mới)",
        en: "use a new entry (a new paragraph) instead",
    }
    /// Advice for a variation selector.
    advice_variation_selector() {
        vi: "nó đòi một dạng chữ mà phông văn bản không có; hãy xóa nó",
        en: "it asks for a glyph variant the document font does not have; remove it",
    }
    /// A character the document font cannot draw.
    text_not_drawn(character, code) {
        vi: "có ký tự '{character}' (U+{code}) mà phông chữ của văn bản (Liberation Serif / Times New Roman) không vẽ được; hãy thay hoặc xóa nó",
        en: "contains '{character}' (U+{code}), which the document font (Liberation Serif / Times New Roman) cannot draw; replace or remove it",
    }
    /// Text typed in a legacy encoding; `examples` are `legacy_reads_as`, joined.
    legacy_encoding(encoding, examples) {
        vi: "có vẻ là tiếng Việt gõ bằng bảng mã cũ {encoding} ({examples}); hãy chuyển sang Unicode (ví dụ bằng công cụ chuyển mã của Unikey) rồi dán lại",
        en: "looks like Vietnamese typed in the legacy {encoding} encoding ({examples}); convert it to Unicode (for example with Unikey's converter) and paste it again",
    }
    /// One word of legacy text and what it reads.
    legacy_reads_as(word, meant) {
        vi: "\"{word}\" đọc là \"{meant}\"",
        en: "\"{word}\" reads \"{meant}\"",
    }
    /// A list entry that is only a dash or punctuation.
    entry_only_marks(text) {
        vi: "'{text}' chỉ có dấu gạch đầu dòng hoặc dấu câu; hãy ghi tên (thể thức tự viết dấu \"-\" và dấu câu cuối dòng)",
        en: "'{text}' is only a dash or punctuation; give the name (the profile writes the \"-\" and the final punctuation itself)",
    }

    // ── Checks across fields ─────────────────────────────────────────────────────

    /// Number 0.
    number_from_one() {
        vi: "số văn bản bắt đầu từ 1",
        en: "the number starts at 1",
    }
    /// An authority without what follows its prefix.
    on_behalf_of_required() {
        vi: "là bắt buộc khi đã ghi `authority` (ví dụ \"BAN THƯỜNG VỤ\" sau T/M)",
        en: "is required when `authority` is given (e.g. \"BAN THƯỜNG VỤ\" after T/M)",
    }
    /// No recipient.
    no_recipient() {
        vi: "hãy ghi ít nhất một nơi nhận (Nơi nhận)",
        en: "name at least one recipient (Nơi nhận)",
    }
    /// The session after the notice.
    session_after_notice(session, date) {
        vi: "ngày làm việc ({session}) sau ngày ban hành thông báo ({date})",
        en: "the session ({session}) is after the notice's date ({date})",
    }

    // ── Files ────────────────────────────────────────────────────────────────────

    /// A path that is not a regular file.
    file_not_regular() {
        vi: "không phải tệp thông thường (mà là thư mục, thiết bị hoặc đường ống)",
        en: "is not a regular file (a folder, a device or a pipe)",
    }
    /// A file larger than the limit.
    file_too_large(limit) {
        vi: "lớn hơn giới hạn {limit}",
        en: "is larger than the limit of {limit}",
    }
    /// A file that cannot be read (`why`: an `io_…`).
    file_unreadable(why) {
        vi: "không đọc được ({why})",
        en: "cannot be read ({why})",
    }
    /// I/O: no such file.
    io_not_found() {
        vi: "không có tệp này",
        en: "no such file",
    }
    /// I/O: a folder that is not there.
    io_no_such_folder() {
        vi: "không có thư mục này",
        en: "no such folder",
    }
    /// I/O: permission denied.
    io_permission_denied() {
        vi: "không có quyền đọc",
        en: "permission denied",
    }
    /// I/O: a folder.
    io_is_a_folder() {
        vi: "đó là một thư mục",
        en: "it is a folder",
    }
    /// I/O: what the system said.
    io_other(detail) {
        vi: "lỗi hệ thống: {detail}",
        en: "{detail}",
    }
    /// A byte count below a kilobyte.
    bytes(count) {
        vi: "{count} byte",
        en: "{count} bytes",
    }
    /// An image path leading outside the assets folder.
    asset_outside(given) {
        vi: "`{given}` nằm ngoài thư mục ảnh: tệp ảnh phải được ghi bằng đường dẫn tương đối so với thư mục của tệp đầu vào (hoặc thư mục của --assets), không có `..`, và phải nằm trong thư mục đó",
        en: "`{given}` is outside the assets folder: an image file must be given by a path relative to the input's folder (or to the folder of --assets), without `..`, and must lie inside it",
    }
    /// An image file that is not there.
    asset_not_found(given, folder) {
        vi: "không đọc được `{given}`: không có tệp này trong thư mục ảnh `{folder}`",
        en: "cannot read `{given}`: no such file in the assets folder `{folder}`",
    }
    /// An image file that cannot be read.
    asset_unreadable(given, why) {
        vi: "không đọc được `{given}`: {why}",
        en: "cannot read `{given}`: {why}",
    }

    // ── Images ───────────────────────────────────────────────────────────────────

    /// A seal.
    image_seal() {
        vi: "con dấu",
        en: "a seal",
    }
    /// A signature.
    image_signature() {
        vi: "chữ ký",
        en: "a signature",
    }
    /// A printed width out of range (`what`: `image_seal` or `image_signature`).
    image_width_out_of_range(width, what, min, max) {
        vi: "{width} mm nằm ngoài khoảng cho phép của {what}: từ {min} đến {max} mm",
        en: "{width} mm is out of range for {what}: {min} to {max} mm",
    }
    /// The width checked with the image file.
    image_width_field(detail) {
        vi: "chiều rộng `width_mm`: {detail}",
        en: "width_mm {detail}",
    }
    /// An image over the size limit.
    image_too_many_bytes(size, limit) {
        vi: "ảnh nặng {size} byte; giới hạn là {limit}",
        en: "the image is {size} bytes; the limit is {limit}",
    }
    /// base64 data over the size limit.
    image_base64_too_large(limit) {
        vi: "ảnh lớn hơn giới hạn {limit}",
        en: "the image is larger than the limit of {limit}",
    }
    /// Not a PNG (`what`: an `image_is_…`).
    image_not_png(what) {
        vi: "phải là ảnh PNG (nền trong suốt); tệp này là {what}",
        en: "must be a PNG image (with a transparent background); this is {what}",
    }
    /// A JPEG.
    image_is_jpeg() {
        vi: "ảnh JPEG",
        en: "a JPEG image",
    }
    /// A GIF.
    image_is_gif() {
        vi: "ảnh GIF",
        en: "a GIF image",
    }
    /// A PDF.
    image_is_pdf() {
        vi: "tệp PDF",
        en: "a PDF file",
    }
    /// A BMP.
    image_is_bmp() {
        vi: "ảnh BMP",
        en: "a BMP image",
    }
    /// A RIFF file.
    image_is_riff() {
        vi: "tệp WebP hoặc tệp RIFF khác",
        en: "a WebP or other RIFF file",
    }
    /// An empty file.
    image_is_empty() {
        vi: "tệp rỗng",
        en: "an empty file",
    }
    /// Something else.
    image_is_unknown() {
        vi: "loại tệp vanban không nhận ra",
        en: "not an image vanban recognises",
    }
    /// Neither or both of file and data_base64.
    image_one_source() {
        vi: "hãy ghi đúng một trong hai trường `file` và `data_base64`",
        en: "give exactly one of `file` and `data_base64`",
    }
    /// A seal without width_mm.
    seal_width_required() {
        vi: "cần có `width_mm`: con dấu được in đúng kích thước thật",
        en: "`width_mm` is required: a seal is printed at its real size",
    }
    /// base64 that does not decode (`detail`: a `base64_…`).
    not_base64(detail) {
        vi: "không phải dữ liệu base64 hợp lệ: {detail}",
        en: "is not valid base64: {detail}",
    }
    /// base64: a character outside its alphabet.
    base64_bad_character(position, character) {
        vi: "ký tự thứ {position} ('{character}') không thuộc bảng chữ của base64",
        en: "character {position} ('{character}') is not in the base64 alphabet",
    }
    /// base64: a length that cannot be.
    base64_bad_length() {
        vi: "độ dài không đúng (thiếu hoặc thừa ký tự, có lẽ bị cắt khi sao chép)",
        en: "its length cannot be right (characters missing or extra, perhaps cut in a copy)",
    }
    /// base64: the padding `=` is wrong.
    base64_bad_padding() {
        vi: "các dấu = ở cuối không đúng",
        en: "the = padding at its end is wrong",
    }
    /// PNG: cut short.
    png_cut_short() {
        vi: "ảnh PNG bị hỏng: tệp kết thúc quá sớm (bị cắt khi sao chép hoặc tải về)",
        en: "the PNG is damaged: the file ends too early (it was cut short in a copy or a download)",
    }
    /// PNG: cannot be read.
    png_unreadable(why) {
        vi: "không đọc được ảnh PNG: {why}",
        en: "the PNG cannot be read: {why}",
    }
    /// PNG: a named part.
    png_part(chunk) {
        vi: "phần {chunk}",
        en: "the {chunk} part",
    }
    /// PNG: an unnamed part.
    png_some_part() {
        vi: "một phần của tệp",
        en: "a part of the file",
    }
    /// PNG: a checksum mismatch (`part`: `png_part` or `png_some_part`).
    png_checksum(part) {
        vi: "ảnh PNG bị hỏng: tổng kiểm tra của {part} không khớp với nội dung (tệp bị sửa hoặc hỏng khi truyền); hãy xuất lại ảnh",
        en: "the PNG is damaged: the checksum of {part} does not match its content (the file was altered or broken in transfer); export the image again",
    }
    /// PNG: a malformed part.
    png_malformed(part) {
        vi: "ảnh PNG bị hỏng: {part} sai cấu trúc; hãy xuất lại ảnh",
        en: "the PNG is damaged: {part} is malformed; export the image again",
    }
    /// PNG: damaged, in the decoder's words.
    png_damaged(detail) {
        vi: "ảnh PNG bị hỏng ({detail}); hãy xuất lại ảnh",
        en: "the PNG is damaged: {detail}; export the image again",
    }
    /// PNG: the decoder refused a parameter.
    png_not_decoded() {
        vi: "không giải mã được ảnh PNG",
        en: "the PNG could not be decoded",
    }
    /// PNG: over the decoder's memory.
    png_needs_memory(limit) {
        vi: "ảnh PNG cần hơn {limit} bộ nhớ để giải mã; hãy xuất ảnh nhỏ hơn",
        en: "the PNG needs more than {limit} of memory to decode; export it smaller",
    }
    /// PNG: pixel dimensions out of range.
    png_dimensions(width, height, max) {
        vi: "ảnh có {width}×{height} điểm ảnh; mỗi cạnh phải từ 1 đến {max} điểm ảnh",
        en: "the image is {width}×{height} pixels; each side must be 1 to {max} pixels",
    }
    /// PNG: printed height out of range.
    png_height(width_mm, width, height, height_mm, what, min, max) {
        vi: "in rộng {width_mm} mm thì ảnh {width}×{height} điểm ảnh này cao {height_mm} mm; {what} phải cao từ {min} đến {max} mm (hãy cắt ảnh sát nội dung, hoặc sửa width_mm)",
        en: "printed {width_mm} mm wide, this {width}×{height} px image would be {height_mm} mm tall; {what} must be {min} to {max} mm tall (crop the image to its content, or correct width_mm)",
    }
    /// PNG: too large to decode.
    png_too_large() {
        vi: "ảnh PNG quá lớn, không giải mã được",
        en: "the PNG is too large to decode",
    }
    /// PNG: a palette that did not expand.
    png_palette() {
        vi: "không mở rộng được bảng màu của ảnh PNG",
        en: "the PNG palette could not be expanded",
    }
    /// PNG: pixel data of the wrong length.
    png_pixel_length() {
        vi: "ảnh PNG bị hỏng: dữ liệu điểm ảnh dài không đúng",
        en: "the PNG is damaged: unexpected pixel data length",
    }

    // ── vanban init ──────────────────────────────────────────────────────────────

    /// No starter for a profile.
    init_no_starter(profile, list) {
        vi: "không có thông báo mẫu cho thể thức '{profile}' (có: {list})",
        en: "no starter notice for the profile '{profile}' (there are: {list})",
    }
    /// The file to write exists.
    init_exists() {
        vi: "đã có; vanban không ghi đè (hãy đặt tên khác, hoặc xóa tệp đó trước)",
        en: "already exists; vanban does not overwrite it (give another name, or remove it first)",
    }
    /// The folder cannot be written in.
    init_cannot_write_in(folder, why) {
        vi: "không ghi được vào thư mục {folder}: {why}",
        en: "cannot write in {folder}: {why}",
    }
    /// The file cannot be written.
    init_cannot_write(why) {
        vi: "không ghi được: {why}",
        en: "cannot write: {why}",
    }
}
