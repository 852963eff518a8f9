//! Messages of the `vanban` program: `--help` lines, usage errors, what a command says
//! when it is done, and the words around every error it prints.
//!
//! Two tables. The sentences the program says are [`ENTRIES`], declared with
//! [`crate::catalogue!`] like every room's. The `--help` texts are [`HELP`]: one
//! [`Help`] per command's summary, description and examples, and per argument, keyed
//! by the command's path (`""` for `vanban` itself, `"render"`, `"sign prepare"`) and
//! the argument's clap id (the field's name: `out_dir` for `--out-dir`).
//!
//! **Adding a flag** to a command in `src/bin/vanban/args.rs` (or `serve/mod.rs`):
//! give it an English doc comment as usual, then add one line here,
//! `arg("batch", "my_flag", "tiếng Việt…", "English…")`. The program's test
//! `help::tests::every_command_and_argument_has_help_in_both_languages` walks the
//! whole command tree and names every command or argument without its line. An
//! argument that means the same in every command (`--tsa`, `--pdfa`) may be given
//! once with the command `"*"`.

crate::catalogue! {
    /// The word before an error: `lỗi: notice.json: …`.
    level_error() {
        vi: "lỗi",
        en: "error",
    }
    /// The word before a warning: `cảnh báo: signed.pdf: …`.
    level_warning() {
        vi: "cảnh báo",
        en: "warning",
    }
    /// Where in a spreadsheet batch an error is: its row, as a person counts.
    place_row(row) {
        vi: "dòng {row}",
        en: "row {row}",
    }
    /// Which item of a batch an error belongs to.
    place_item(item) {
        vi: "mục {item}",
        en: "item {item}",
    }
    /// Where in the JSON an error is: its path.
    place_path(path) {
        vi: "tại `{path}`",
        en: "at `{path}`",
    }
    /// A file or standard input cannot be read.
    cannot_read(reason) {
        vi: "không đọc được: {reason}",
        en: "cannot read: {reason}",
    }
    /// The input is far larger than any notice.
    input_too_large(mib) {
        vi: "tệp lớn hơn {mib} MiB, giới hạn của một thông báo (một thông báo chỉ vài chục kilobyte); hãy kiểm tra đây có đúng là tệp cần dùng không (một lô thông báo thì dùng `vanban batch`)",
        en: "the input is larger than {mib} MiB, the limit for one notice (a notice is a few tens of kilobytes); check that this is the right file (a batch of notices goes to `vanban batch`)",
    }
    /// The input has a byte that is not UTF-8 (a file saved in a legacy encoding).
    not_utf8(byte) {
        vi: "byte 0x{byte} không phải văn bản UTF-8; hãy lưu tệp dưới dạng UTF-8 (Unicode)",
        en: "byte 0x{byte} is not UTF-8 text; save the file as UTF-8 (Unicode)",
    }
    /// Standard output cannot be written.
    cannot_write_stdout(reason) {
        vi: "không ghi được: {reason}",
        en: "cannot write: {reason}",
    }
    /// A folder cannot be created.
    cannot_create(path, reason) {
        vi: "không tạo được {path}: {reason}",
        en: "cannot create {path}: {reason}",
    }
    /// The folder given is the one that cannot be created.
    cannot_create_here(reason) {
        vi: "không tạo được thư mục: {reason}",
        en: "cannot create: {reason}",
    }
    /// An output file cannot be written.
    cannot_write(path, reason) {
        vi: "không ghi được {path}: {reason}",
        en: "cannot write {path}: {reason}",
    }
    /// The notice names a profile the renderer does not have (after checking, rare).
    unknown_profile() {
        vi: "không biết mẫu trình bày (profile) này",
        en: "the profile is not known",
    }
    /// A file was written.
    wrote(path) {
        vi: "đã ghi {path}",
        en: "wrote {path}",
    }
    /// `vanban init` wrote the starter notice.
    init_wrote(file, profile) {
        vi: "đã ghi {file}: một thông báo mẫu {profile} để sửa; sau đó chạy `vanban validate {file}` và `vanban render {file}`",
        en: "wrote {file}: a {profile} notice to edit; then `vanban validate {file}` and `vanban render {file}`",
    }
    /// `vanban templates export` found one of its files in the folder already.
    template_exists() {
        vi: "đã có tệp này; vanban không ghi đè (hãy xuất vào một thư mục trống, hoặc xóa tệp trước)",
        en: "already exists; vanban does not overwrite it (export into an empty folder, or remove it first)",
    }
    /// Why a file could not be opened: it is not there.
    io_not_found() {
        vi: "không có tệp hoặc thư mục này",
        en: "no such file or folder",
    }
    /// Why a file could not be opened: no permission.
    io_permission_denied() {
        vi: "không có quyền truy cập",
        en: "permission denied",
    }
    /// Why a file could not be read: it is a folder.
    io_is_a_directory() {
        vi: "đây là một thư mục, không phải tệp",
        en: "it is a folder, not a file",
    }
    /// Why a file could not be written: the disk is full.
    io_storage_full() {
        vi: "ổ đĩa đã đầy",
        en: "the disk is full",
    }
    /// Why a file could not be written: past the size limit (`ulimit -f`).
    io_file_too_large() {
        vi: "tệp vượt quá giới hạn kích thước được phép",
        en: "the file is larger than allowed",
    }
    /// Why a file could not be written: the folder is read-only.
    io_read_only() {
        vi: "ổ đĩa hoặc thư mục chỉ cho phép đọc",
        en: "the disk or folder is read-only",
    }
    /// Why something failed, when the system's reason is none of the above.
    io_other(reason) {
        vi: "lỗi hệ thống ({reason})",
        en: "{reason}",
    }

    /// The heading of the usage line in `--help` and after a usage error.
    usage_heading() {
        vi: "Cách dùng:",
        en: "Usage:",
    }
    /// The heading of the commands in `--help`.
    commands_heading() {
        vi: "Lệnh",
        en: "Commands",
    }
    /// The heading of the positional arguments (files) in `--help`.
    arguments_heading() {
        vi: "Tham số",
        en: "Arguments",
    }
    /// The heading of the flags in `--help`.
    options_heading() {
        vi: "Tùy chọn",
        en: "Options",
    }
    /// The placeholder for a subcommand in a usage line.
    command_placeholder() {
        vi: "LỆNH",
        en: "COMMAND",
    }
    /// The placeholder for the flags in a usage line.
    options_placeholder() {
        vi: "[TÙY CHỌN]",
        en: "[OPTIONS]",
    }
    /// An argument's default value, after its help.
    default_value(value) {
        vi: "[mặc định: {value}]",
        en: "[default: {value}]",
    }
    /// The values an argument accepts, after its help.
    possible_values(values) {
        vi: "[giá trị: {values}]",
        en: "[possible values: {values}]",
    }
    /// Where to read more after a usage error.
    see_help(command) {
        vi: "Xem thêm: `{command} --help`",
        en: "For more information, try `{command} --help`",
    }

    /// Usage error: a flag that the command does not have.
    unknown_argument(arg) {
        vi: "lệnh này không có tùy chọn `{arg}`",
        en: "unexpected argument `{arg}`",
    }
    /// Usage error: a flag that the command does not have, with the nearest one.
    unknown_argument_suggest(arg, suggestion) {
        vi: "lệnh này không có tùy chọn `{arg}`; có phải ý bạn là `{suggestion}`?",
        en: "unexpected argument `{arg}`; did you mean `{suggestion}`?",
    }
    /// Usage error: a command that vanban does not have.
    unknown_command(command) {
        vi: "không có lệnh `{command}`",
        en: "unrecognized command `{command}`",
    }
    /// Usage error: a command that vanban does not have, with the nearest one.
    unknown_command_suggest(command, suggestion) {
        vi: "không có lệnh `{command}`; có phải ý bạn là `{suggestion}`?",
        en: "unrecognized command `{command}`; did you mean `{suggestion}`?",
    }
    /// Usage error: a value that is not one of those the flag accepts.
    invalid_value(value, arg, values) {
        vi: "`{value}` không phải giá trị hợp lệ của `{arg}`; các giá trị được nhận: {values}",
        en: "invalid value `{value}` for `{arg}`; possible values: {values}",
    }
    /// Usage error: a value that is not one of those the flag accepts, with the nearest one.
    invalid_value_suggest(value, arg, values, suggestion) {
        vi: "`{value}` không phải giá trị hợp lệ của `{arg}`; có phải ý bạn là `{suggestion}`? (các giá trị được nhận: {values})",
        en: "invalid value `{value}` for `{arg}`; did you mean `{suggestion}`? (possible values: {values})",
    }
    /// Usage error: a flag that needs a value got none.
    missing_value(arg) {
        vi: "`{arg}` cần một giá trị",
        en: "a value is required for `{arg}`",
    }
    /// Usage error: required arguments are missing.
    missing_required(args) {
        vi: "thiếu tham số bắt buộc: {args}",
        en: "the following required arguments were not provided: {args}",
    }
    /// Usage error: a command needs a subcommand.
    missing_command(command) {
        vi: "`{command}` cần một lệnh con",
        en: "`{command}` requires a subcommand",
    }
    /// Usage error: two flags that cannot go together.
    conflict(arg, other) {
        vi: "không dùng được `{arg}` cùng với `{other}`",
        en: "the argument `{arg}` cannot be used with `{other}`",
    }
    /// Usage error: a flag given twice that may be given once.
    given_twice(arg) {
        vi: "`{arg}` chỉ được dùng một lần",
        en: "the argument `{arg}` cannot be used multiple times",
    }
    /// Usage error: more values than the command takes.
    too_many_values(value) {
        vi: "thừa giá trị `{value}`: lệnh này không nhận thêm tham số",
        en: "unexpected value `{value}`: no more arguments were expected",
    }
    /// Usage error: a number outside the range a flag accepts.
    value_out_of_range(value, arg, min, max) {
        vi: "`{value}` không hợp lệ cho `{arg}`: phải từ {min} đến {max}",
        en: "invalid value `{value}` for `{arg}`: it must be from {min} to {max}",
    }
    /// Usage error: a number outside the range a flag accepts, which has no upper end.
    value_below_minimum(value, arg, min) {
        vi: "`{value}` không hợp lệ cho `{arg}`: phải từ {min} trở lên",
        en: "invalid value `{value}` for `{arg}`: it must be {min} or more",
    }
    /// Usage error: a flag that takes a whole number got something else.
    value_not_integer(value, arg) {
        vi: "`{value}` không hợp lệ cho `{arg}`: phải là một số nguyên",
        en: "invalid value `{value}` for `{arg}`: it must be a whole number",
    }
    /// Usage error: a flag that takes a number got something else.
    value_not_number(value, arg) {
        vi: "`{value}` không hợp lệ cho `{arg}`: phải là một số (dùng dấu chấm thập phân, ví dụ 35.5)",
        en: "invalid value `{value}` for `{arg}`: it must be a number (with a decimal point, e.g. 35.5)",
    }
    /// Usage error: a value a flag's own check refused, with its reason.
    value_invalid(value, arg, reason) {
        vi: "`{value}` không hợp lệ cho `{arg}`: {reason}",
        en: "invalid value `{value}` for `{arg}`: {reason}",
    }
    /// Usage error: an argument that is not UTF-8 text.
    argument_not_utf8() {
        vi: "một tham số không phải văn bản UTF-8",
        en: "an argument is not valid UTF-8 text",
    }
    /// Usage error of a kind without a sentence of its own.
    usage_other(reason) {
        vi: "cách dùng không đúng ({reason})",
        en: "{reason}",
    }
}

/// Which part of a command's `--help` a text is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Part {
    /// The one-line summary, also shown in the parent command's list.
    About,
    /// The longer description `--help` shows instead of the summary.
    LongAbout,
    /// The examples after the options.
    AfterHelp,
    /// The help of the argument with this clap id (`out_dir`, `input`, `help`).
    Arg(&'static str),
}

/// One `--help` text in both languages.
#[derive(Debug, Clone, Copy)]
pub struct Help {
    /// The command's path below `vanban` (`""`, `"render"`, `"sign prepare"`), or
    /// `"*"` for an argument that reads the same in every command.
    pub command: &'static str,
    /// What of the command it describes.
    pub part: Part,
    /// The Vietnamese text.
    pub vi: &'static str,
    /// The English text.
    pub en: &'static str,
}

impl Help {
    /// The text in `lang`.
    pub fn text(&self, lang: super::Lang) -> &'static str {
        match lang {
            super::Lang::Vi => self.vi,
            super::Lang::En => self.en,
        }
    }
}

/// The help of `part` of the command at `command` (its path), falling back to the
/// shared `"*"` entries for an argument; `None` when the table has no line for it.
pub fn help(command: &str, part: Part) -> Option<&'static Help> {
    let find = |c: &str| HELP.iter().find(|h| h.command == c && h.part == part);
    find(command).or_else(|| match part {
        Part::Arg(_) => find("*"),
        _ => None,
    })
}

/// The help of the argument with clap id `id` of the command at `command`, or the
/// shared `"*"` one; `None` when the table has no line for it.
pub fn arg_help(command: &str, id: &str) -> Option<&'static Help> {
    let find = |c: &str| {
        HELP.iter()
            .find(|h| h.command == c && matches!(h.part, Part::Arg(a) if a == id))
    };
    find(command).or_else(|| find("*"))
}

const fn about(command: &'static str, vi: &'static str, en: &'static str) -> Help {
    Help {
        command,
        part: Part::About,
        vi,
        en,
    }
}

const fn long_about(command: &'static str, vi: &'static str, en: &'static str) -> Help {
    Help {
        command,
        part: Part::LongAbout,
        vi,
        en,
    }
}

const fn examples(command: &'static str, vi: &'static str, en: &'static str) -> Help {
    Help {
        command,
        part: Part::AfterHelp,
        vi,
        en,
    }
}

const fn arg(command: &'static str, id: &'static str, vi: &'static str, en: &'static str) -> Help {
    Help {
        command,
        part: Part::Arg(id),
        vi,
        en,
    }
}

/// Every `--help` text of the program.
pub const HELP: &[Help] = &[
    // Shared by every command.
    arg("*", "help", "In trợ giúp này", "Print help"),
    arg("*", "version", "In số phiên bản", "Print version"),
    arg("*", "templates",
        "Thư mục chứa các mẫu `.hbs` thay cho mẫu dựng sẵn cùng tên.",
        "Folder of `.hbs` templates overriding the built-in ones by name."),
    arg("*", "profiles",
        "Nạp một mẫu trình bày (profile) từ tệp TOML, hoặc mọi tệp `.toml` của một thư mục (dùng được nhiều lần). Khi đó trường \"profile\" của thông báo có thể ghi `id` của nó; profile nạp vào trùng `id` với profile dựng sẵn (nd30, hd36) sẽ thay thế profile đó.",
        "Load a formatting profile from a TOML file, or every `.toml` file of a folder (repeatable). A notice's \"profile\" may then name its `id`; a loaded profile with the id of a built-in one (nd30, hd36) replaces it."),
    arg("*", "tsa_ca",
        "Chứng thư CA (PEM) được tin cậy thêm cho --tsa dạng https://, ngoài kho chứng thư của hệ thống (dịch vụ cấp dấu thời gian riêng).",
        "A CA certificate (PEM) to trust for an https:// --tsa besides the system's (a private time-stamping service)."),
    arg("*", "pdfa",
        "Ghi PDF/A-2b để lưu trữ: siêu dữ liệu XMP và hồ sơ màu sRGB.",
        "Write PDF/A-2b for archiving: XMP identification and an sRGB output intent."),
    arg("*", "meta",
        "Ghi thêm <stem>.meta.json: các trường của gói tin edXML (số, ngày, người ký, nơi nhận, số trang…).",
        "Also write <stem>.meta.json: the edXML envelope fields (number, date, signer, recipients, page count…)."),
    arg("*", "signature_field",
        "Dành chỗ ký bằng một trường chữ ký PDF trống trên khối chữ ký, để phần mềm ký số (USB token, ký từ xa) ký vào đó.",
        "Reserve the signing place with an empty PDF signature field over the signer's block, for a token or remote-signing tool to sign in place."),
    arg("*", "assets",
        "Thư mục chứa tệp ảnh chữ ký và con dấu (mặc định: thư mục của tệp đầu vào); đường dẫn trong tệp đầu vào không được trỏ ra ngoài thư mục này.",
        "Folder the signature and seal image files are read from (default: the input's folder); paths in the input may not lead outside it."),
    arg("*", "number",
        "Số văn bản do sổ đăng ký cấp.",
        "The number the register gives the document."),
    arg("*", "date",
        "Ngày ban hành, dạng YYYY-MM-DD (ví dụ 2026-12-01).",
        "The issue date, YYYY-MM-DD."),
    arg("*", "seal",
        "Ảnh con dấu của cơ quan (PNG, màu đỏ, nền trong suốt), in đúng kích thước thật.",
        "The agency's seal image (PNG, red, transparent background), printed at its real size."),
    arg("*", "seal_width_mm",
        "Chiều rộng thật của con dấu, tính bằng mm.",
        "The seal's real width."),
    arg("*", "agency",
        "Tên cơ quan hiện cùng con dấu (mặc định: tên trong chứng thư số của cơ quan).",
        "The agency's name shown with the seal (default: the name in its certificate)."),
    arg("*", "signature",
        "Chữ ký thô trên chuỗi băm (RSA PKCS#1 v1.5 hoặc ECDSA DER).",
        "The raw signature over the digest (RSA PKCS#1 v1.5 or ECDSA DER)."),
    arg("*", "cms",
        "Cả một khối CMS SignedData (DER) trên các đoạn byte của PDF đã chuẩn bị.",
        "A whole CMS SignedData (DER) over the prepared PDF's byte ranges."),
    arg("*", "tsa",
        "Dịch vụ cấp dấu thời gian RFC 3161 (http://…): chữ ký được gắn dấu thời gian (PAdES B-T).",
        "An RFC 3161 time-stamping service (http://…): the signature gets its timestamp (PAdES B-T)."),
    arg("*", "time",
        "Thời điểm ký (ISO 8601 kèm múi giờ, ví dụ 2026-12-01T09:30:00+07:00, hoặc số giây kể từ 1970); mặc định lấy SOURCE_DATE_EPOCH, nếu không có thì lấy đồng hồ máy.",
        "The signing time (ISO 8601 with its zone, e.g. 2026-12-01T09:30:00+07:00, or seconds since 1970); default SOURCE_DATE_EPOCH, else the clock."),
    arg("*", "image",
        "Ảnh chữ ký (PNG, màu xanh, nền trong suốt) hiện trong khối chữ ký.",
        "The signature image (PNG, blue, transparent background) shown in the signer's block."),
    arg("*", "image_width_mm",
        "Chiều rộng in của ảnh chữ ký, tính bằng mm, trước khi được thu vừa khối chữ ký.",
        "Printed width of the signature image, before it is fitted into the block."),

    // vanban
    about("",
        "Tạo thông báo kết luận (THÔNG BÁO KẾT LUẬN) từ JSON thành PDF và DOCX đúng thể thức",
        "Render Vietnamese official conclusion notices (THÔNG BÁO KẾT LUẬN) from JSON to PDF and DOCX"),
    long_about("",
        "vanban chuyển một thông báo kết luận viết bằng JSON thành tệp PDF khổ A4 (và tệp DOCX sửa được), trình bày đúng Nghị định 30/2020/NĐ-CP (cơ quan nhà nước, profile nd30) hoặc Hướng dẫn 36-HD/VPTW (cơ quan Đảng, profile hd36).\n\nMã thoát: 0 thành công, 1 có tệp không tạo được, 2 đầu vào hoặc cách dùng không đúng.",
        "vanban turns a conclusion notice written as JSON into an A4 PDF (and an editable DOCX) laid out as Nghị định 30/2020/NĐ-CP (State bodies, profile nd30) or Hướng dẫn 36-HD/VPTW (Party bodies, profile hd36) require.\n\nExit codes: 0 success, 1 some output failed, 2 bad input or usage."),
    examples("",
        "Ví dụ:\n  vanban render fixtures/phuc-loi-2018.json --out-dir out/\n  vanban validate fixtures/phuc-loi-2018.json\n  vanban schema > notice.schema.json\n  vanban --lang en render --help      (trợ giúp bằng tiếng Anh)",
        "Examples:\n  vanban render fixtures/phuc-loi-2018.json --out-dir out/\n  vanban validate fixtures/phuc-loi-2018.json\n  vanban schema > notice.schema.json\n  vanban --lang vi render --help      (help in Vietnamese)"),
    arg("", "message_format",
        "Cách in lỗi: câu văn cho người đọc (human), hoặc mỗi dòng một đối tượng JSON cho chương trình (json).",
        "How errors are printed: plain sentences (human), or one JSON object per line (json)."),
    arg("", "lang",
        "Ngôn ngữ của thông báo và trợ giúp: vi (tiếng Việt, mặc định) hoặc en (tiếng Anh). Không có tùy chọn này thì dùng biến môi trường VANBAN_LANG, rồi tiếng Việt.",
        "The language of messages and help: vi (Vietnamese, the default) or en (English). Without the flag, the environment variable VANBAN_LANG, then Vietnamese."),

    // vanban help
    about("help",
        "In trợ giúp của vanban hoặc của một lệnh",
        "Print this message or the help of the given subcommand(s)"),
    arg("help", "subcommand",
        "Lệnh cần xem trợ giúp",
        "Print help for the subcommand(s)"),

    // vanban render
    about("render",
        "Tạo một thông báo thành PDF (và/hoặc DOCX).",
        "Render one notice to PDF (and/or DOCX)."),
    examples("render",
        "Ví dụ:\n  vanban render fixtures/phuc-loi-2018.json --out-dir out/\n  cat notice.json | vanban render - --out-dir out/   (ghi out/notice.pdf)",
        "Example:\n  vanban render fixtures/phuc-loi-2018.json --out-dir out/\n  cat notice.json | vanban render - --out-dir out/   (writes out/notice.pdf)"),
    arg("render", "input",
        "Tệp thông báo JSON; `-` là đọc từ đầu vào chuẩn.",
        "The notice as JSON; `-` reads standard input."),
    arg("render", "out_dir",
        "Thư mục ghi các tệp kết quả (tự tạo nếu chưa có).",
        "Folder for the output files (created if missing)."),
    arg("render", "format",
        "Loại tệp cần ghi: pdf, docx hoặc all (cả hai).",
        "What to write: pdf, docx or all (both)."),
    arg("render", "draft",
        "Bản dự thảo để ban hành điện tử: để trống số và ngày, có trường biểu mẫu cho `vanban issue` điền vào, và chỗ ký; được phép bỏ trống `number` và `date`.",
        "A draft for electronic issuance: blanks with form fields where the number and the day go (filled by `vanban issue`), and the signing place; `number` and `date` may be left out."),
    arg("render", "tasks",
        "Ghi thêm các nhiệm vụ của kết luận vào <stem>.tasks.json và thành việc cần làm iCalendar, <stem>.tasks.ics.",
        "Also write the conclusion's tasks as <stem>.tasks.json and as iCalendar to-dos, <stem>.tasks.ics."),

    // vanban batch
    about("batch",
        "Tạo một thông báo cho mỗi mục của tệp lô, chạy song song.",
        "Render one notice per item of a batch file, in parallel."),
    examples("batch",
        "Một lô là {\"base\": {…các trường chung…}, \"items\": [{…phần thay đổi…}, …]} (RFC 7396) hoặc một mảng các thông báo đầy đủ. Với --rows, mỗi dòng của bảng tính là một mục, áp lên thông báo trong --base; dòng đầu tiên ghi tên các trường (ward, number, meeting.date, body.tasks[0].text, recipients[] …).\n\nVí dụ:\n  vanban batch fixtures/long-bien-2018-batch.json --out-dir out/long-bien --format all\n  vanban batch wards.json --out-dir out --name '{{number}}-{{slug ward}}' --jobs 2\n  vanban batch --base base.json --rows wards.xlsx --out-dir out",
        "A batch is {\"base\": {…shared fields…}, \"items\": [{…merge patch…}, …]} (RFC 7396) or an array of complete notices. With --rows, each row of a spreadsheet is an item over the notice in --base; its first row names the fields (ward, number, meeting.date, body.tasks[0].text, recipients[] …).\n\nExample:\n  vanban batch fixtures/long-bien-2018-batch.json --out-dir out/long-bien --format all\n  vanban batch wards.json --out-dir out --name '{{number}}-{{slug ward}}' --jobs 2\n  vanban batch --base base.json --rows wards.xlsx --out-dir out"),
    arg("batch", "input",
        "Tệp lô JSON; `-` là đọc từ đầu vào chuẩn (không dùng cùng --rows).",
        "The batch as JSON; `-` reads standard input (not with --rows)."),
    arg("batch", "base",
        "Các trường chung của mọi thông báo (JSON), dùng với --rows.",
        "The fields every notice shares (JSON), for --rows."),
    arg("batch", "rows",
        "Bảng tính (.xlsx, .ods, .csv): mỗi dòng một thông báo, áp lên --base.",
        "A spreadsheet (.xlsx, .ods, .csv): one notice per row, over --base."),
    arg("batch", "sheet",
        "Trang tính của --rows cần đọc (mặc định: trang đầu tiên).",
        "The sheet of --rows to read (default: the first)."),
    arg("batch", "out_dir",
        "Thư mục ghi các tệp kết quả và manifest.json (tự tạo nếu chưa có).",
        "Folder for the output files and manifest.json (created if missing)."),
    arg("batch", "jobs",
        "Số luồng chạy song song, từ 1 đến 256 (mặc định: số nhân của máy).",
        "Parallel workers, 1 to 256 (default: all cores)."),
    arg("batch", "format",
        "Loại tệp cần ghi cho mỗi mục: pdf, docx hoặc all (cả hai).",
        "What to write for each item: pdf, docx or all (both)."),
    arg("batch", "name",
        "Mẫu tên tệp (Handlebars; các trường: index, number, number_padded, ward, date, profile, issuer, summary; hàm: slug).",
        "File-name pattern (Handlebars; fields: index, number, number_padded, ward, date, profile, issuer, summary; helper: slug)."),
    arg("batch", "quiet",
        "Không in tiến độ (lỗi vẫn được báo).",
        "No progress output (failures are still reported)."),
    arg("batch", "overwrite",
        "Ghi đè các tệp trong thư mục khác với bản vanban ghi lần trước (đã sửa tay, hoặc không do vanban ghi); không có tùy chọn này thì các tệp đó được giữ nguyên và mục tương ứng bị báo lỗi.",
        "Replace files in the folder that differ from what vanban last wrote there (edited by hand, or not written by vanban); without it they are kept and their items fail."),
    arg("batch", "draft",
        "Tạo bản dự thảo để phát hành điện tử, như `render --draft`: được bỏ trống số và ngày, chỗ trống có ô để `vanban issue` điền.",
        "Drafts for electronic issuance, as `render --draft` makes them: number and date may be left out, and are blanks with form fields for `vanban issue`."),

    // vanban init
    about("init",
        "Ghi một thông báo mẫu để sửa (một ví dụ đầy đủ, kiểm tra và tạo được ngay).",
        "Write a starter notice to edit (a complete example that validates and renders)."),
    examples("init",
        "Ví dụ:\n  vanban init thong-bao.json                 (thông báo của cơ quan nhà nước, Nghị định 30)\n  vanban init --profile hd36 thong-bao.json  (thông báo của cơ quan Đảng, Hướng dẫn 36)\n  vanban render thong-bao.json --out-dir out/",
        "Example:\n  vanban init thong-bao.json                 (a State notice, Nghị định 30)\n  vanban init --profile hd36 thong-bao.json  (a Party notice, Hướng dẫn 36)\n  vanban render thong-bao.json --out-dir out/"),
    arg("init", "profile",
        "Thể thức của thông báo: nd30 (cơ quan nhà nước) hoặc hd36 (cơ quan Đảng).",
        "The standard the notice follows: nd30 (State bodies) or hd36 (Party bodies)."),
    arg("init", "file",
        "Tệp cần ghi (không bao giờ ghi đè); `-` là in thông báo ra màn hình.",
        "The file to write (never overwritten); `-` prints the notice instead."),

    // vanban templates
    about("templates",
        "Các mẫu dựng sẵn, dành cho người soạn mẫu.",
        "The built-in templates, for template authors."),
    about("templates export",
        "Ghi các mẫu và mẫu con dựng sẵn vào thư mục DIR, để sửa rồi dùng lại với `--templates DIR` (không sửa gì thì tạo ra đúng từng byte như cũ).",
        "Write the built-in templates and partials into DIR, to edit and give back with `--templates DIR` (unchanged, they render the same bytes)."),
    examples("templates export",
        "Ví dụ:\n  vanban templates export my-templates/\n  vanban render notice.json --templates my-templates/",
        "Example:\n  vanban templates export my-templates/\n  vanban render notice.json --templates my-templates/"),
    arg("templates export", "dir",
        "Thư mục cần ghi vào (tự tạo nếu chưa có; không ghi đè tệp nào trong đó).",
        "The folder to write into (created if missing; no file in it is replaced)."),

    // vanban validate
    about("validate",
        "Kiểm tra một thông báo (hoặc mọi mục của một tệp lô) mà không tạo tệp.",
        "Check a notice (or every item of a batch file) without rendering it."),
    examples("validate",
        "Ví dụ:\n  vanban validate fixtures/phuc-loi-2018.json",
        "Example:\n  vanban validate fixtures/phuc-loi-2018.json"),
    arg("validate", "input",
        "Tệp thông báo (hoặc tệp lô) JSON; `-` là đọc từ đầu vào chuẩn.",
        "The notice (or batch) as JSON; `-` reads standard input."),
    arg("validate", "profiles",
        "Nạp một mẫu trình bày (profile) từ tệp TOML, hoặc mọi tệp `.toml` của một thư mục (dùng được nhiều lần); xem `--profile` của `render`.",
        "Load a formatting profile from a TOML file, or every `.toml` file of a folder (repeatable); see `--profile` of `render`."),

    // vanban schema
    about("schema",
        "In JSON Schema của tệp thông báo đầu vào.",
        "Print the JSON Schema of the notice input."),
    examples("schema",
        "Ví dụ:\n  vanban schema > notice.schema.json",
        "Example:\n  vanban schema > notice.schema.json"),

    // vanban sign
    about("sign",
        "Ký bản dự thảo với tư cách người có thẩm quyền: chữ ký PAdES tại chỗ ký của người ký.",
        "Sign a draft as the competent person: a PAdES signature in the signer's place."),
    examples("sign",
        "Tệp PDF cần có chỗ ký: hãy tạo nó với --draft (hoặc --signature-field).\nThời điểm ký lấy từ --time, nếu không có thì SOURCE_DATE_EPOCH, rồi đồng hồ máy.\nKhóa nằm trên USB token hoặc ở dịch vụ ký từ xa: dùng `vanban sign prepare`, rồi `vanban sign finish`.\n\nVí dụ:\n  SIGNER_PASSWORD=... vanban sign out/draft.pdf --p12 signer.p12 --password-env SIGNER_PASSWORD --image signature.png --out out/signed.pdf\n  SIGNER_PASSWORD=... vanban sign --batch drafts/ --p12 signer.p12 --password-env SIGNER_PASSWORD --image signature.png --out-dir signed/",
        "The PDF needs the signing place: render it with --draft (or --signature-field).\nThe time is --time, else SOURCE_DATE_EPOCH, else the clock.\nA key on a USB token or at a remote-signing service: `vanban sign prepare`, then `vanban sign finish`.\n\nExamples:\n  SIGNER_PASSWORD=... vanban sign out/draft.pdf --p12 signer.p12 --password-env SIGNER_PASSWORD --image signature.png --out out/signed.pdf\n  SIGNER_PASSWORD=... vanban sign --batch drafts/ --p12 signer.p12 --password-env SIGNER_PASSWORD --image signature.png --out-dir signed/"),
    arg("sign", "input",
        "Tệp PDF dự thảo; với --batch, bao nhiêu tệp PDF và thư mục cũng được (lấy các tệp *.pdf trong đó).",
        "The draft PDF; with --batch, any number of PDFs and folders (their *.pdf)."),
    arg("sign", "batch",
        "Ký nhiều bản dự thảo bằng một khóa: mỗi bản ghi vào --out-dir thành <stem>.signed.pdf; bản nào không ký được thì được báo lỗi và các bản khác vẫn tiếp tục.",
        "Sign many drafts with one key: each into --out-dir as <stem>.signed.pdf; a draft that cannot be signed is reported and the others go on."),
    arg("sign", "out_dir",
        "Với --batch: thư mục ghi các tệp PDF đã ký.",
        "With --batch: the folder the signed PDFs are written to."),
    arg("sign", "p12",
        "Tệp PKCS#12 (.p12, .pfx) chứa khóa bí mật và chứng thư số.",
        "The PKCS#12 file (.p12, .pfx) with the private key and its certificate."),
    arg("sign", "password_env",
        "Tên biến môi trường chứa mật khẩu của tệp PKCS#12.",
        "The environment variable holding the PKCS#12 password."),
    arg("sign", "out",
        "Nơi ghi tệp PDF đã ký.",
        "Where to write the signed PDF."),

    // vanban sign prepare
    about("sign prepare",
        "Dành chỗ cho chữ ký bằng chứng thư số của người ký và in chuỗi băm SHA-256 cần ký (dạng hex; dạng JSON với --message-format json).",
        "Reserve the signature's place with the signer's certificate and print the SHA-256 digest to sign (hex; JSON with --message-format json)."),
    examples("sign prepare",
        "Ví dụ:\n  vanban sign prepare out/draft.pdf --cert signer.pem --image signature.png --out out/prepared.pdf > digest.hex\n  xxd -r -p digest.hex > digest.bin\n  openssl pkeyutl -sign -inkey key.pem -pkeyopt digest:sha256 -in digest.bin -out sig.bin\n  vanban sign finish out/prepared.pdf --signature sig.bin --out out/signed.pdf",
        "Example:\n  vanban sign prepare out/draft.pdf --cert signer.pem --image signature.png --out out/prepared.pdf > digest.hex\n  xxd -r -p digest.hex > digest.bin\n  openssl pkeyutl -sign -inkey key.pem -pkeyopt digest:sha256 -in digest.bin -out sig.bin\n  vanban sign finish out/prepared.pdf --signature sig.bin --out out/signed.pdf"),
    arg("sign prepare", "input",
        "Tệp PDF dự thảo.",
        "The draft PDF."),
    arg("sign prepare", "cert",
        "Chứng thư số của người ký (PEM, có thể kèm chuỗi chứng thư phía sau, hoặc DER).",
        "The signer's certificate (PEM, the chain may follow, or DER)."),
    arg("sign prepare", "out",
        "Nơi ghi tệp PDF đã chuẩn bị.",
        "Where to write the prepared PDF."),

    // vanban sign finish
    about("sign finish",
        "Đưa chữ ký đã tạo trên chuỗi băm vừa in vào tệp PDF đã chuẩn bị.",
        "Put the signature made over the printed digest into the prepared PDF."),
    arg("sign finish", "input",
        "Tệp PDF do `vanban sign prepare` hoặc `vanban issue prepare` ghi ra.",
        "The PDF `vanban sign prepare` or `vanban issue prepare` wrote."),
    arg("sign finish", "out",
        "Nơi ghi tệp PDF đã ký.",
        "Where to write the signed PDF."),

    // vanban issue
    about("issue",
        "Phát hành bản đã ký với tư cách văn thư: điền số và ngày, rồi ký số của cơ quan kèm con dấu.",
        "Issue a signed draft as the văn thư: fill in the number and the day, and apply the agency's signature with the seal."),
    examples("issue",
        "Khóa của cơ quan nằm trên USB token hoặc ở dịch vụ ký từ xa: dùng `vanban issue prepare`, rồi `vanban issue finish`.\n\nVí dụ:\n  AGENCY_PASSWORD=... vanban issue out/signed.pdf --number 125 --date 2026-12-01 --p12 agency.p12 --password-env AGENCY_PASSWORD --seal seal.png --seal-width-mm 36 --out out/issued.pdf",
        "An agency key on a USB token or at a remote-signing service: `vanban issue prepare`, then `vanban issue finish`.\n\nExample:\n  AGENCY_PASSWORD=... vanban issue out/signed.pdf --number 125 --date 2026-12-01 --p12 agency.p12 --password-env AGENCY_PASSWORD --seal seal.png --seal-width-mm 36 --out out/issued.pdf"),
    arg("issue", "input",
        "Tệp PDF đã được người có thẩm quyền ký; với --batch, bao nhiêu tệp PDF và thư mục cũng được (các tệp *.pdf trong đó, theo tên), theo thứ tự cấp số.",
        "The PDF signed by the competent person; with --batch, any number of PDFs and folders (their *.pdf, by name), in the order their numbers are given."),
    arg("issue", "batch",
        "Phát hành nhiều tệp PDF đã ký bằng một khóa của cơ quan: mỗi tệp ghi vào --out-dir thành <tên>.issued.pdf; tệp nào không phát hành được thì được báo, các tệp khác vẫn tiếp tục.",
        "Issue many signed PDFs with one agency key: each into --out-dir as <stem>.issued.pdf; a PDF that cannot be issued is reported and the others go on."),
    arg("issue", "first_number",
        "Với --batch: số của tệp đầu tiên được phát hành; các tệp sau lấy số tiếp theo (tệp không phát hành được thì không lấy số).",
        "With --batch: the number of the first PDF issued; the next ones follow (a PDF that cannot be issued takes no number)."),
    arg("issue", "numbers",
        "Với --batch: sổ đăng ký cấp số cho từng tệp PDF, một tệp CSV có cột `file` và `number` (đường dẫn tệp tính từ thư mục của sổ).",
        "With --batch: the register giving each PDF its number, a CSV file with the columns `file` and `number` (files relative to the register's folder)."),
    arg("issue", "out_dir",
        "Với --batch: thư mục ghi các tệp PDF đã phát hành.",
        "With --batch: the folder the issued PDFs are written to."),
    arg("issue", "p12",
        "Tệp PKCS#12 (.p12, .pfx) chứa khóa bí mật và chứng thư số của cơ quan.",
        "The PKCS#12 file (.p12, .pfx) with the agency's private key and its certificate."),
    arg("issue", "password_env",
        "Tên biến môi trường chứa mật khẩu của tệp PKCS#12 (không bao giờ ghi mật khẩu trên dòng lệnh, nơi người dùng khác có thể thấy).",
        "The environment variable holding the PKCS#12 password (never the password itself on the command line, where other users can see it)."),
    arg("issue", "out",
        "Nơi ghi tệp PDF đã phát hành.",
        "Where to write the issued PDF."),

    // vanban issue prepare
    about("issue prepare",
        "Điền số và ngày, dành chỗ cho chữ ký của cơ quan bằng chứng thư số của cơ quan, và in chuỗi băm SHA-256 cần ký (dạng hex; dạng JSON với --message-format json).",
        "Fill in the number and the day, reserve the agency's signature with its certificate, and print the SHA-256 digest to sign (hex; JSON with --message-format json)."),
    examples("issue prepare",
        "Ví dụ:\n  vanban issue prepare out/signed.pdf --number 125 --date 2026-12-01 --cert agency.pem --seal seal.png --out out/prepared.pdf > digest.hex\n  xxd -r -p digest.hex > digest.bin\n  openssl pkeyutl -sign -inkey agency.key -pkeyopt digest:sha256 -in digest.bin -out sig.bin\n  vanban issue finish out/prepared.pdf --signature sig.bin --out out/issued.pdf",
        "Example:\n  vanban issue prepare out/signed.pdf --number 125 --date 2026-12-01 --cert agency.pem --seal seal.png --out out/prepared.pdf > digest.hex\n  xxd -r -p digest.hex > digest.bin\n  openssl pkeyutl -sign -inkey agency.key -pkeyopt digest:sha256 -in digest.bin -out sig.bin\n  vanban issue finish out/prepared.pdf --signature sig.bin --out out/issued.pdf"),
    arg("issue prepare", "input",
        "Tệp PDF đã được người có thẩm quyền ký.",
        "The PDF signed by the competent person."),
    arg("issue prepare", "cert",
        "Chứng thư số của cơ quan (PEM, có thể kèm chuỗi chứng thư phía sau, hoặc DER).",
        "The agency's certificate (PEM, the chain may follow, or DER)."),
    arg("issue prepare", "out",
        "Nơi ghi tệp PDF đã chuẩn bị.",
        "Where to write the prepared PDF."),

    // vanban issue finish
    about("issue finish",
        "Đưa chữ ký của cơ quan đã tạo trên chuỗi băm vừa in vào tệp PDF đã chuẩn bị (giống `vanban sign finish`).",
        "Put the agency's signature made over the printed digest into the prepared PDF (the same as `vanban sign finish`)."),
    arg("issue finish", "input",
        "Tệp PDF do `vanban sign prepare` hoặc `vanban issue prepare` ghi ra.",
        "The PDF `vanban sign prepare` or `vanban issue prepare` wrote."),
    arg("issue finish", "out",
        "Nơi ghi tệp PDF đã phát hành.",
        "Where to write the issued PDF."),

    // vanban edxml
    about("edxml",
        "Đóng gói thông báo đã phát hành thành gói tin edXML để gửi lên trục liên thông văn bản, hoặc kiểm tra một gói tin (--check).",
        "Package an issued notice as an edXML packet for the document-exchange axis, or check a packet (--check)."),
    examples("edxml",
        "Số và ngày lấy từ tệp PDF đã phát hành (vanban issue); các trường khác lấy từ thông báo.\n\nVí dụ:\n  vanban edxml notice.json --pdf out/issued.pdf --from 000.00.00.H26 --to 000.00.01.H26 --to 000.00.02.H26 --out out/notice.edxml\n  vanban edxml --batch --base base.json --rows wards.xlsx --manifest out/manifest.json --pdf-dir issued/ --from 000.00.00.H26 --to 000.00.01.H26 --out-dir packets/\n  vanban edxml --check out/notice.edxml",
        "The number and date come from the issued PDF (vanban issue); the other fields from the notice.\n\nExamples:\n  vanban edxml notice.json --pdf out/issued.pdf --from 000.00.00.H26 --to 000.00.01.H26 --to 000.00.02.H26 --out out/notice.edxml\n  vanban edxml --batch --base base.json --rows wards.xlsx --manifest out/manifest.json --pdf-dir issued/ --from 000.00.00.H26 --to 000.00.01.H26 --out-dir packets/\n  vanban edxml --check out/notice.edxml"),
    arg("edxml", "input",
        "Tệp thông báo JSON (được bỏ trống số và ngày, như bản dự thảo); với --batch là tệp lô (không dùng cùng --rows).",
        "The notice as JSON (number and date may be left out, as in a draft); with --batch, the batch file (not with --rows)."),
    arg("edxml", "base",
        "Với --batch --rows: các trường chung của mọi thông báo (JSON), như đã đưa cho `vanban batch`.",
        "With --batch --rows: the fields every notice shares (JSON), as `vanban batch` was given them."),
    arg("edxml", "rows",
        "Với --batch: bảng tính (.xlsx, .ods, .csv) mà `vanban batch --rows` đã đọc, mỗi dòng một thông báo áp lên --base, thay cho tệp lô.",
        "With --batch: the spreadsheet (.xlsx, .ods, .csv) `vanban batch --rows` read, one notice per row over --base, instead of a batch file."),
    arg("edxml", "sheet",
        "Trang tính của --rows cần đọc (mặc định: trang đầu tiên).",
        "The sheet of --rows to read (default: the first)."),
    arg("edxml", "batch",
        "Mỗi thông báo của một lô thành một gói tin: INPUT là tệp lô, --manifest là tệp manifest.json của thư mục `vanban batch` đã ghi.",
        "A packet for each notice of a batch: INPUT is the batch file, --manifest the manifest.json of the folder `vanban batch` wrote."),
    arg("edxml", "manifest",
        "Với --batch: tệp manifest.json của thư mục lô (cho biết mỗi mục là tệp nào).",
        "With --batch: the manifest.json of the batch's folder (which file each item is)."),
    arg("edxml", "pdf_dir",
        "Với --batch: thư mục chứa các tệp PDF đã phát hành (<tên>.issued.pdf); mặc định là thư mục của manifest.",
        "With --batch: the folder of the issued PDFs (<stem>.issued.pdf); default the manifest's folder."),
    arg("edxml", "out_dir",
        "Với --batch: thư mục ghi các gói tin (<tên>.edxml).",
        "With --batch: the folder the packets are written to (<stem>.edxml)."),
    arg("edxml", "pdf",
        "Tệp PDF đã phát hành, được nén zip và mã hóa base64 đính kèm.",
        "The issued PDF, attached zipped and base64-encoded."),
    arg("edxml", "from",
        "Mã định danh của cơ quan gửi (ví dụ 000.00.00.H26).",
        "The sending body's organ code (mã định danh, e.g. 000.00.00.H26)."),
    arg("edxml", "to",
        "Mã định danh của một cơ quan nhận; mỗi cơ quan một lần.",
        "A receiving body's organ code; once per body."),
    arg("edxml", "out",
        "Nơi ghi gói tin.",
        "Where to write the packet."),
    arg("edxml", "check",
        "Thay vào đó, kiểm tra gói tin này theo các quy định về trường bắt buộc của trục liên thông.",
        "Check this packet against the axis's required-field rules instead."),

    // vanban serve
    about("serve",
        "Cung cấp việc tạo văn bản qua HTTP (POST /v1/render, /v1/validate, /v1/batch; xem /openapi.json).",
        "Serve rendering over HTTP (POST /v1/render, /v1/validate, /v1/batch; see /openapi.json)."),
    examples("serve",
        "Ví dụ:\n  vanban serve --listen 127.0.0.1:8080 --jobs 2\n  curl -sS -H 'Content-Type: application/json' --data-binary @fixtures/phuc-loi-2018.json -o out.pdf http://127.0.0.1:8080/v1/render",
        "Example:\n  vanban serve --listen 127.0.0.1:8080 --jobs 2\n  curl -sS -H 'Content-Type: application/json' --data-binary @fixtures/phuc-loi-2018.json -o out.pdf http://127.0.0.1:8080/v1/render"),
    arg("serve", "listen",
        "Địa chỉ và cổng lắng nghe (cổng 0: một cổng trống bất kỳ, ghi ở dòng nhật ký đầu tiên).",
        "Address and port to listen on (port 0: any free port, said in the first log line)."),
    arg("serve", "jobs",
        "Số văn bản được tạo cùng lúc, từ 1 đến 256 (mặc định: số nhân của máy).",
        "Renders at once, 1 to 256 (default: all cores)."),
    arg("serve", "queue",
        "Số yêu cầu được chờ đến lượt tạo; quá số này, yêu cầu nhận ngay mã 503.",
        "Requests that may wait for a render slot; beyond them a request gets 503 at once."),
    arg("serve", "max_body",
        "Kích thước lớn nhất của nội dung yêu cầu (ví dụ 16M, 512K, 1048576); mỗi thông báo còn bị giới hạn 1 MiB, như `vanban render`.",
        "Largest request body (e.g. 16M, 512K, 1048576); one notice is further limited to 1 MiB, as in `vanban render`."),
    arg("serve", "timeout",
        "Số giây tối đa cho một yêu cầu, từ byte đầu tiên đến khi trả lời (một lô: đến byte trả lời đầu tiên); cũng là giới hạn để đọc phần đầu và nội dung yêu cầu.",
        "Seconds a request may take, from its first byte to its answer (a batch: to its first byte); also the limit for reading the headers and the body."),
    arg("serve", "profiles",
        "Nạp một mẫu trình bày (profile) từ tệp TOML, hoặc mọi tệp `.toml` của một thư mục (dùng được nhiều lần); khi đó yêu cầu có thể ghi `id` của nó trong \"profile\". Yêu cầu không tự mang profile riêng được.",
        "Load a formatting profile from a TOML file, or every `.toml` file of a folder (repeatable); requests may then name its `id` in \"profile\". Requests cannot bring profiles of their own."),
    arg("serve", "agency_p12",
        "Khóa và chứng thư số của cơ quan (tệp PKCS#12) để ký ban hành qua `POST /v1/issue`; khóa chỉ nằm trên máy chủ, không bao giờ gửi trong yêu cầu. Không có khóa thì ban hành theo hai bước (`/v1/issue/prepare`, rồi `/v1/issue/finish`).",
        "The agency's key and certificate (PKCS#12) for `POST /v1/issue`; it stays on the server, never in a request. Without it, issuance is deferred (`/v1/issue/prepare`, then `/v1/issue/finish`)."),
    arg("serve", "agency_password_env",
        "Tên biến môi trường chứa mật khẩu của `--agency-p12`.",
        "Environment variable holding the password of `--agency-p12`."),
    arg("serve", "tsa",
        "Dịch vụ cấp dấu thời gian RFC 3161 (http:// hoặc https://): mọi chữ ký máy chủ tạo hoặc hoàn tất đều có dấu thời gian (PAdES B-T), như `vanban issue --tsa`. Chỉ đặt ở máy chủ, không bao giờ trong yêu cầu.",
        "An RFC 3161 time-stamping service (http:// or https://): every signature the server makes or finishes carries a time-stamp (PAdES B-T), as with `vanban issue --tsa`. Set on the server only, never in a request."),
    arg("serve", "tsa_ca",
        "Chứng thư CA (PEM) được tin cậy thêm cho một --tsa https://, ngoài các CA gốc của hệ thống (dịch vụ cấp dấu thời gian nội bộ).",
        "A CA certificate (PEM) to trust for an https:// --tsa besides the system's roots (a private time-stamping service)."),

    // vanban markup
    about("markup",
        "In mã đánh dấu (markup) mà mẫu tạo ra cho một thông báo (dành cho người soạn mẫu).",
        "Print the markup a template produces for a notice (for template authors)."),
    examples("markup",
        "Ví dụ:\n  vanban markup fixtures/phuc-loi-2018.json --templates my-templates/",
        "Example:\n  vanban markup fixtures/phuc-loi-2018.json --templates my-templates/"),
    arg("markup", "input",
        "Tệp thông báo JSON; `-` là đọc từ đầu vào chuẩn.",
        "The notice as JSON; `-` reads standard input."),
    arg("markup", "profiles",
        "Nạp một mẫu trình bày (profile) từ tệp TOML, hoặc mọi tệp `.toml` của một thư mục (dùng được nhiều lần); xem `--profile` của `render`.",
        "Load a formatting profile from a TOML file, or every `.toml` file of a folder (repeatable); see `--profile` of `render`."),
];

#[cfg(test)]
mod tests {
    use super::*;

    use crate::messages::tests::has_vietnamese_letter;

    #[test]
    fn every_help_text_has_both_languages_once() {
        let mut problems = Vec::new();
        for (i, h) in HELP.iter().enumerate() {
            let key = format!("{:?} of `{}`", h.part, h.command);
            if h.vi.trim().is_empty() || h.en.trim().is_empty() {
                problems.push(format!("{key}: a text is empty"));
            }
            if h.vi == h.en && h.part != Part::AfterHelp {
                problems.push(format!("{key}: the two texts are the same"));
            }
            if !has_vietnamese_letter(h.vi) {
                problems.push(format!(
                    "{key}: the Vietnamese text has no Vietnamese letter"
                ));
            }
            if HELP[..i]
                .iter()
                .any(|o| o.command == h.command && o.part == h.part)
            {
                problems.push(format!("{key}: given twice"));
            }
        }
        assert!(problems.is_empty(), "{}", problems.join("\n"));
    }

    #[test]
    fn an_argument_falls_back_to_the_shared_text() {
        let tsa = help("sign finish", Part::Arg("tsa")).unwrap();
        assert_eq!(tsa.command, "*");
        assert!(help("render", Part::Arg("out_dir"))
            .unwrap()
            .vi
            .starts_with("Thư mục"));
        assert!(help("render", Part::Arg("no_such_flag")).is_none());
        assert!(help("no such command", Part::About).is_none());
    }
}
