//! The input: a conclusion notice (thông báo kết luận) as typed data.
//!
//! This is the public contract of vanban. Field names are English and stable; the
//! values are the Vietnamese text of the notice. Every string is a [`Text`]
//! (NFC-normalised, non-empty, drawable), every date a [`Date`] (a real calendar
//! day), and unknown fields are errors, so a typo never silently drops content.
//! Doc comments become the descriptions of `vanban schema`.

use crate::input::date::Date;
use crate::input::messages::ErrorCode;
use crate::input::text::Text;
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

/// Một thông báo kết luận. / A conclusion notice.
#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Notice {
    /// Thể thức: "nd30" (Nghị định 30/2020/NĐ-CP, cơ quan nhà nước), "hd36"
    /// (Hướng dẫn 36-HD/VPTW, cơ quan Đảng) hoặc mã của thể thức nạp bằng --profile. /
    /// Formatting profile: "nd30" for State bodies, "hd36" for Party bodies, or the id
    /// of a profile loaded with --profile FILE.
    pub profile: ProfileId,
    /// Cơ quan ban hành. / The issuing body.
    pub issuer: Issuer,
    /// Số văn bản (số thứ tự tại văn thư); số nhỏ hơn 10 được thêm số 0. / Serial
    /// number of the document; numbers below 10 are written with a leading zero.
    #[schemars(range(min = 1))]
    pub number: u32,
    /// Chữ viết tắt tên loại văn bản, ví dụ "TB". / Abbreviation of the document
    /// type, e.g. "TB" (Thông báo).
    #[serde(default = "default_type_abbreviation")]
    pub type_abbreviation: Text,
    /// Địa danh nơi ban hành, ví dụ "Long Biên". / Place name of issue.
    pub place: Text,
    /// Ngày ban hành (YYYY-MM-DD). / Date of issue (ISO 8601).
    pub date: Date,
    /// Tên loại văn bản, ví dụ "THÔNG BÁO" hoặc "THÔNG BÁO KẾT LUẬN". / Document type
    /// line, in capitals.
    #[serde(default = "default_title")]
    pub title: Text,
    /// Trích yếu nội dung. / One-line summary under the title.
    pub summary: Text,
    /// Đơn vị được làm việc (phường, xã), dùng cho tên tệp và bảng kê. / The ward or
    /// commune the session was held with; used in file names and the batch manifest.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub ward: Option<Text>,
    /// Buổi làm việc: mẫu văn bản viết đoạn mở đầu từ các thông tin này. / The
    /// working session; the template writes the opening paragraph from it.
    pub meeting: Meeting,
    /// Nội dung kết luận. / The conclusions.
    pub body: Body,
    /// Nơi nhận, mỗi mục một nơi; thể thức tự thêm dấu "-" đầu dòng và dấu câu cuối
    /// dòng (nếu có sẵn thì được bỏ đi, không lặp lại). / Recipients, one per entry;
    /// the profile adds the leading "-" and the trailing punctuation (typed ones are
    /// removed, never doubled).
    #[serde(deserialize_with = "list_entries")]
    pub recipients: Vec<Text>,
    /// Dòng lưu: "VT, VP" (nd30, thành "Lưu: VT, VP.") hoặc "Văn phòng Quận ủy"
    /// (hd36, thành "Lưu Văn phòng Quận ủy."); "- Lưu:" và dấu chấm cuối nếu có sẵn
    /// thì được bỏ đi. / The archive line; a typed "- Lưu:" and final full stop are
    /// removed, as the profile adds them.
    #[serde(deserialize_with = "archive_entry")]
    pub archive: Text,
    /// Người ký. / The signer.
    pub signer: Signer,
    /// Ảnh con dấu của cơ quan (PNG màu đỏ, nền trong suốt), in đúng kích thước thật
    /// `width_mm`, trùm lên khoảng 1/3 chữ ký về bên trái. / The body's seal image (red
    /// PNG, transparent background) printed at its real size `width_mm`, over about
    /// the left third of the signature.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub seal: Option<ImageRef>,
    /// Decoded images, filled by [`Notice::load_images`].
    #[serde(skip)]
    #[schemars(skip)]
    pub images: crate::input::image::Signing,
    /// A draft for electronic issuance (`render --draft`): the number and the day
    /// are left blank, to be filled in at issuance (see [`crate::issue`]).
    #[serde(skip)]
    #[schemars(skip)]
    pub draft: Option<Draft>,
}

/// What a draft for issuance leaves blank.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Draft {
    /// No date was given: the year is blank too.
    pub year_blank: bool,
    /// No number was given: the notice's number is a placeholder, which the
    /// metadata must not show (`crate::render::info`).
    pub number_blank: bool,
}

/// Marks a clerk types at the start of a list line: the profile writes its own "-".
const BULLETS: &[char] = &[
    '-', '–', '—', '‒', '−', '•', '·', '+', '*', '‣', '◦', '●', '▪',
];
/// Punctuation that ends a list line: the profile writes its own ";" or ",".
const LINE_ENDS: &[char] = &[';', ',', '.'];

/// Remove what the profile adds itself to a line of the "Nơi nhận" block: a leading
/// dash or bullet and the trailing ";", "," or "." (`- Chủ tịch UBND quận;` would
/// otherwise print `- - Chủ tịch UBND quận;;`).
pub fn strip_list_marks(raw: &str) -> &str {
    let s = raw.trim();
    let s = s.strip_prefix(BULLETS).map_or(s, str::trim_start);
    s.trim_end_matches(LINE_ENDS).trim_end()
}

/// Normalise `raw`, then take off what `strip` removes; an entry that was nothing but
/// marks is an error.
fn stripped_entry(raw: &str, strip: fn(&str) -> &str) -> Result<Text, String> {
    let text = Text::new(raw)?;
    let stripped = strip(&text);
    if stripped.len() == text.len() {
        return Ok(text);
    }
    if stripped.is_empty() {
        return Err(crate::messages::input::entry_only_marks(text.trim()));
    }
    Text::new(stripped)
}

/// The archive line without a typed "- Lưu:" and final full stop.
fn strip_archive_marks(raw: &str) -> &str {
    let s = raw.trim();
    let s = s.strip_prefix(BULLETS).map_or(s, str::trim_start);
    let s = s
        .strip_prefix("Lưu:")
        .or_else(|| s.strip_prefix("Lưu :"))
        .map_or(s, str::trim_start);
    s.trim_end_matches('.').trim_end()
}

/// One entry of the "Nơi nhận" list, cleaned of the marks the profile adds.
struct ListEntry(Text);

impl<'de> Deserialize<'de> for ListEntry {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<ListEntry, D::Error> {
        let raw = std::borrow::Cow::<str>::deserialize(d)?;
        stripped_entry(&raw, strip_list_marks)
            .map(ListEntry)
            .map_err(bad_text)
    }
}

/// A serde error for text that cannot be printed as typed.
fn bad_text<E: serde::de::Error>(message: String) -> E {
    E::custom(crate::input::messages::tagged(
        crate::input::messages::ErrorCode::BadText,
        &message,
    ))
}

/// The recipients, each through [`ListEntry`] (serde keeps the index in the path).
fn list_entries<'de, D: serde::Deserializer<'de>>(d: D) -> Result<Vec<Text>, D::Error> {
    Ok(Vec::<ListEntry>::deserialize(d)?
        .into_iter()
        .map(|e| e.0)
        .collect())
}

fn archive_entry<'de, D: serde::Deserializer<'de>>(d: D) -> Result<Text, D::Error> {
    let raw = std::borrow::Cow::<str>::deserialize(d)?;
    stripped_entry(&raw, strip_archive_marks).map_err(bad_text)
}

fn default_type_abbreviation() -> Text {
    Text::new("TB").expect("constant")
}

fn default_title() -> Text {
    Text::new("THÔNG BÁO").expect("constant")
}

/// Mã thể thức. / Formatting profile identifier: the `id` of a built-in profile
/// ("nd30", "hd36") or of one loaded with `--profile FILE`.
///
/// Only its form is checked when the notice is read; whether the renderer knows it
/// is checked against the renderer's [`crate::profile::ProfileSet`].
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(transparent)]
pub struct ProfileId(String);

impl ProfileId {
    /// The id, as written in the input.
    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// `id` as a profile id, if it has the form of one: 1 to 32 lowercase ASCII
    /// letters, digits, `-` or `_`.
    pub fn new(id: &str) -> Result<ProfileId, String> {
        let ok = !id.is_empty()
            && id.len() <= 32
            && id
                .bytes()
                .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-' || b == b'_');
        if ok {
            Ok(ProfileId(id.to_string()))
        } else {
            Err(crate::messages::input::bad_profile_id(
                id.chars().take(40).collect::<String>(),
            ))
        }
    }
}

impl<'de> Deserialize<'de> for ProfileId {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<ProfileId, D::Error> {
        let raw = std::borrow::Cow::<str>::deserialize(d)?;
        ProfileId::new(&raw).map_err(|m| {
            serde::de::Error::custom(crate::input::messages::tagged(
                crate::input::messages::ErrorCode::UnknownValue,
                &m,
            ))
        })
    }
}

impl JsonSchema for ProfileId {
    fn schema_name() -> std::borrow::Cow<'static, str> {
        "ProfileId".into()
    }

    fn json_schema(_: &mut schemars::SchemaGenerator) -> schemars::Schema {
        let builtin: Vec<&str> = crate::profile::Profile::builtin_ids().collect();
        schemars::json_schema!({
            "description": "Mã thể thức: \"nd30\" (Nghị định 30/2020/NĐ-CP), \"hd36\" (Hướng dẫn 36-HD/VPTW) hoặc mã của một thể thức nạp bằng --profile. / Formatting profile identifier: a built-in profile or one loaded with --profile FILE.",
            "type": "string",
            "pattern": "^[a-z0-9_-]{1,32}$",
            "examples": builtin,
        })
    }
}

/// Cơ quan ban hành. / Issuing body.
#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Issuer {
    /// Tên cơ quan cấp trên trực tiếp (nếu có), chữ in hoa. / Name of the superior
    /// body, if any, in capitals (e.g. "ĐẢNG BỘ THÀNH PHỐ HÀ NỘI").
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub superior: Option<Text>,
    /// Tên cơ quan ban hành, chữ in hoa; "\n" xuống dòng. / Name of the issuing body in
    /// capitals (e.g. "QUẬN ỦY LONG BIÊN"); a "\n" forces a line break.
    pub name: Text,
    /// Chữ viết tắt tên cơ quan trong ký hiệu, ví dụ "UBND", "QU". / Abbreviation of
    /// the body in the document symbol.
    pub abbreviation: Text,
    /// Mã định danh cơ quan (nếu có). / Identifier code of the body, if any.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub code: Option<Text>,
}

/// Người, chức vụ. / A person and their position.
#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Person {
    /// Họ và tên, ví dụ "Đỗ Mạnh Hải". / Full name.
    pub name: Text,
    /// Chức vụ, ví dụ "Thành ủy viên, Bí thư Quận ủy". / Position(s).
    pub title: Text,
}

/// Buổi làm việc. / The working session.
#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Meeting {
    /// Ngày làm việc (YYYY-MM-DD). / Date of the session.
    pub date: Date,
    /// Buổi hoặc giờ (nếu có), ví dụ "Chiều" hoặc "14 giờ 00". / Part of day or time.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub time: Option<Text>,
    /// Địa điểm, ví dụ "phòng họp số 1, trụ sở Đảng ủy phường Phúc Lợi". / Place.
    pub place: Text,
    /// Bên chủ trì làm việc, ví dụ "Ban Thường vụ Quận ủy". / The body that held the
    /// session.
    pub host: Text,
    /// Bên được làm việc, ví dụ "Ban Thường vụ Đảng ủy phường Phúc Lợi". / The body
    /// the session was held with.
    pub counterpart: Text,
    /// Nội dung làm việc, ví dụ "kết quả thực hiện nhiệm vụ năm 2017…". / Subject.
    pub topic: Text,
    /// Người chủ trì. / Who chaired.
    pub chair: Person,
    /// Thành phần dự phía cấp trên. / Attendees on the host's side.
    #[serde(default)]
    pub host_attendees: Vec<Text>,
    /// Thành phần dự phía đơn vị. / Attendees on the counterpart's side.
    #[serde(default)]
    pub counterpart_attendees: Vec<Text>,
    /// Người báo cáo. / Who presented the report.
    pub reporter: Person,
    /// Tên báo cáo, ví dụ "kết quả thực hiện nhiệm vụ năm 2017 và phương hướng nhiệm
    /// vụ năm 2018". / What was reported.
    pub report: Text,
    /// Người kết luận (mặc định: người chủ trì). / Who concluded (default: the chair).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub concluder: Option<Text>,
}

/// Nội dung kết luận. / The conclusions.
#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Body {
    /// Tiêu đề các phần (nếu muốn thay mặc định). / Section headings, to override the
    /// template's defaults.
    #[serde(default)]
    pub headings: Headings,
    /// Các đoạn đánh giá kết quả. / Assessment paragraphs.
    pub assessment: Vec<Text>,
    /// Nhiệm vụ trong thời gian tới, đánh số tự động. / Tasks, numbered in order.
    #[serde(default)]
    pub tasks: Vec<Task>,
    /// Ý kiến trả lời các kiến nghị, đề xuất. / Answers to the unit's proposals.
    #[serde(default)]
    pub proposals: Vec<Proposal>,
    /// Câu kết thúc, ví dụ "Ban Thường vụ Quận ủy thông báo để … biết, thực hiện.". /
    /// The closing sentence.
    pub closing: Text,
}

/// Tiêu đề các phần. / Section headings.
#[derive(Debug, Clone, Default, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Headings {
    /// Mặc định "Đánh giá chung". / Default "Đánh giá chung".
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub assessment: Option<Text>,
    /// Mặc định "Nhiệm vụ trọng tâm thời gian tới". / Default "Nhiệm vụ trọng tâm thời
    /// gian tới".
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub tasks: Option<Text>,
    /// Mặc định "Về các kiến nghị, đề xuất". / Default "Về các kiến nghị, đề xuất".
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub proposals: Option<Text>,
}

/// Một nhiệm vụ. / A task.
#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Task {
    /// Nội dung nhiệm vụ. / What is to be done.
    pub text: Text,
    /// Đơn vị chủ trì (nếu có). / Who is responsible, if named.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub owner: Option<Text>,
    /// Thời hạn (nếu có, YYYY-MM-DD). / Deadline, if any.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub deadline: Option<Date>,
}

/// Một kiến nghị và ý kiến trả lời. / A proposal and its answer.
#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Proposal {
    /// Nội dung kiến nghị. / What the unit proposed.
    pub proposal: Text,
    /// Ý kiến trả lời. / The answer.
    pub answer: Text,
}

/// Thẩm quyền ký. / Signing authority.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize, JsonSchema,
)]
#[serde(rename_all = "snake_case")]
pub enum Authority {
    /// Thay mặt tập thể: "TM." (nd30), "T/M" (hd36).
    ThayMat,
    /// Ký thay người đứng đầu: "KT." / "K/T".
    KyThay,
    /// Thừa lệnh: "TL." / "T/L".
    ThuaLenh,
    /// Thừa ủy quyền: "TUQ." / "T/U".
    ThuaUyQuyen,
    /// Quyền (cấp trưởng khuyết): "Q." (nd30 only).
    Quyen,
}

impl Authority {
    /// Key of the prefix in the profile's `signer_prefixes`.
    pub fn key(self) -> &'static str {
        match self {
            Authority::ThayMat => "thay_mat",
            Authority::KyThay => "ky_thay",
            Authority::ThuaLenh => "thua_lenh",
            Authority::ThuaUyQuyen => "thua_uy_quyen",
            Authority::Quyen => "quyen",
        }
    }
}

/// Người ký. / The signer.
#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Signer {
    /// Thẩm quyền ký (nếu người đứng đầu ký trực tiếp thì bỏ trống). / Signing
    /// authority; omit when the head signs directly.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub authority: Option<Authority>,
    /// Tập thể hoặc chức vụ đứng sau tiền tố, ví dụ "BAN THƯỜNG VỤ", "CHỦ TỊCH". / What
    /// follows the prefix: the collective body or the head's title.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub on_behalf_of: Option<Text>,
    /// Chức vụ người ký, chữ in hoa, ví dụ "PHÓ BÍ THƯ". / Position of the signer.
    pub title: Text,
    /// Họ và tên (không kèm học hàm, học vị). / Full name, without titles.
    pub name: Text,
    /// Ảnh chữ ký của người ký (PNG nền trong suốt), đặt giữa chức vụ và họ tên. /
    /// The signer's signature image (PNG, transparent background), placed centred
    /// between the title and the name. Default width 35 mm.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub signature_image: Option<ImageRef>,
}

/// Một ảnh PNG: tệp hoặc dữ liệu base64. / A PNG image: a file or base64 data.
#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct ImageRef {
    /// Đường dẫn tệp PNG, tương đối với thư mục của tệp đầu vào (hoặc thư mục
    /// `--assets`), không ra ngoài thư mục đó. / Path of the PNG file, relative to the
    /// input file's folder (or the `--assets` folder), and inside it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub file: Option<String>,
    /// Nội dung PNG mã hóa base64 (thay cho `file`). / The PNG as base64 (instead of
    /// `file`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub data_base64: Option<String>,
    /// Chiều rộng khi in, mm (con dấu: kích thước thật). / Printed width in mm (for a
    /// seal: its real size).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub width_mm: Option<f64>,
}

/// Resolve `given` inside `assets` and read it, within the image size limit.
///
/// The path is the input's word: it may only name a file at or below the assets
/// folder. An absolute path, a `..` or a symbolic link leading out is refused with
/// one message that says nothing of what lies outside (whether a file exists there,
/// or its size).
pub fn read_asset(assets: &std::path::Path, given: &str) -> Result<Vec<u8>, String> {
    use std::path::{Component, Path};
    let outside = || crate::messages::input::asset_outside(given);
    let rel = Path::new(given);
    if given.is_empty()
        || rel
            .components()
            .any(|c| !matches!(c, Component::Normal(_) | Component::CurDir))
    {
        return Err(outside());
    }
    let full = assets.join(rel);
    let not_found = || crate::messages::input::asset_not_found(given, assets.display());
    let real = match full.canonicalize() {
        Ok(real) => real,
        Err(_) => {
            // A link inside the folder that leads nowhere may lead outside: say no
            // more about it than about any other path outside.
            let mut p = assets.to_path_buf();
            for c in rel.components() {
                p.push(c);
                if p.symlink_metadata()
                    .is_ok_and(|m| m.file_type().is_symlink())
                {
                    return Err(outside());
                }
            }
            return Err(not_found());
        }
    };
    let root = assets.canonicalize().map_err(|_| not_found())?;
    if !real.starts_with(&root) {
        return Err(outside());
    }
    crate::input::files::read_regular(&real, crate::input::image::MAX_ENCODED_BYTES as u64).map_err(
        |e| match e {
            crate::input::files::ReadError::Io(e) => {
                crate::messages::input::asset_unreadable(given, crate::input::files::io_words(&e))
            }
            // The path, then what is wrong with it ("is not a regular file").
            e => format!("`{given}` {e}"),
        },
    )
}

/// A base64 decoding error in plain words (the decoder's own are English and
/// count from 0).
fn base64_words(e: &base64::DecodeError) -> String {
    use crate::messages::input as m;
    match *e {
        base64::DecodeError::InvalidByte(at, byte)
        | base64::DecodeError::InvalidLastSymbol(at, byte) => {
            m::base64_bad_character(at + 1, char::from(byte))
        }
        base64::DecodeError::InvalidLength(_) => m::base64_bad_length(),
        base64::DecodeError::InvalidPadding => m::base64_bad_padding(),
    }
}

/// An input error, with the JSON path and position of the bad value.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct InputError {
    /// JSON path of the bad value, e.g. `meeting.chair.name` (`.` for the whole input).
    pub path: String,
    /// 1-based line of the bad value (0 when it has no place in a text).
    pub line: usize,
    /// 1-based column of the bad value.
    pub column: usize,
    /// What is wrong, in plain words, with a suggestion where one helps.
    pub message: String,
    /// The kind of error, stable across versions (see [`ErrorCode::as_str`]).
    pub code: ErrorCode,
}

impl InputError {
    /// The error at `path`, placed at its line and column in `source` (the JSON text
    /// the notice was read from) when there is one and the path is found in it.
    pub fn located(
        source: Option<&str>,
        path: String,
        message: String,
        code: ErrorCode,
    ) -> InputError {
        let pos = source.and_then(|s| crate::input::messages::locate(s, &path));
        InputError {
            line: pos.map_or(0, |p| p.0),
            column: pos.map_or(0, |p| p.1),
            path,
            message,
            code,
        }
    }
}

impl std::fmt::Display for InputError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        // In the language of the thread that shows it (the message itself is in
        // the language of the thread that made it: the same one, in vanban).
        f.write_str(&if self.line > 0 {
            crate::messages::input::at_path_located(
                self.line,
                self.column,
                &self.path,
                &self.message,
            )
        } else {
            crate::messages::input::at_path(&self.path, &self.message)
        })
    }
}

impl std::error::Error for InputError {}

/// The values a draft for issuance leaves out, put in for the checks only: number 1,
/// and the meeting's date for the date (its year is then blank too).
fn draft_placeholders(
    object: &serde_json::Map<String, serde_json::Value>,
) -> Vec<(&'static str, serde_json::Value)> {
    let mut out = Vec::new();
    if !object.contains_key("number") {
        out.push(("number", serde_json::Value::from(1)));
    }
    if !object.contains_key("date") {
        let meeting = object
            .get("meeting")
            .and_then(|m| m.get("date"))
            .and_then(|d| d.as_str())
            .unwrap_or("1970-01-01");
        out.push(("date", serde_json::Value::from(meeting)));
    }
    out
}

/// A notice's JSON as a draft for issuance (a batch's merged item): the values a
/// draft may leave out are put in for the checks, and what the draft leaves blank
/// is returned, to be set as the notice's `draft`.
pub fn draft_blanks(value: &mut serde_json::Value) -> Draft {
    let Some(object) = value.as_object_mut() else {
        return Draft::default();
    };
    let year_blank = !object.contains_key("date");
    let number_blank = !object.contains_key("number");
    for (key, v) in draft_placeholders(object) {
        object.insert(key.to_string(), v);
    }
    Draft {
        year_blank,
        number_blank,
    }
}

impl Notice {
    /// Read a notice from JSON text, naming the path and position of any bad value.
    /// A draft for issuance: `number` and `date` may be left out (the văn thư
    /// gives them at issuance); the draft prints blanks in their place.
    pub fn from_json_draft(text: &str) -> Result<Notice, InputError> {
        // The missing values are put in for the checks only, at the start of the
        // object, so that the lines of every other error stay where they are.
        let value: Option<serde_json::Value> = serde_json::from_str(text).ok();
        let object = value.as_ref().and_then(|v| v.as_object());
        let mut extra = String::new();
        let year_blank = object.is_some_and(|o| !o.contains_key("date"));
        let number_blank = object.is_some_and(|o| !o.contains_key("number"));
        for (key, value) in object.map(draft_placeholders).unwrap_or_default() {
            extra.push_str(&format!("{}:{value},", serde_json::Value::from(key)));
        }
        let text = match text.find('{') {
            Some(i) if !extra.is_empty() => format!("{}{extra}{}", &text[..=i], &text[i + 1..]),
            _ => text.to_string(),
        };
        let mut notice = Notice::from_json(&text)?;
        notice.draft = Some(Draft {
            year_blank,
            number_blank,
        });
        Ok(notice)
    }

    /// Read a notice from JSON text and check it against `profiles` (that its
    /// profile is one of them, and what depends on the profile), naming the path and
    /// position of any bad value.
    pub fn from_json_in(
        text: &str,
        profiles: &crate::profile::ProfileSet,
    ) -> Result<Notice, InputError> {
        let notice = Notice::from_json(text)?;
        notice.check_profile(profiles, Some(text))?;
        Ok(notice)
    }

    /// The checks that depend on the profile (see
    /// [`crate::profile::ProfileSet::check_notice`]); `source` is the JSON text, to
    /// point an error at a line and column.
    pub fn check_profile<'p>(
        &self,
        profiles: &'p crate::profile::ProfileSet,
        source: Option<&str>,
    ) -> Result<&'p crate::profile::Profile, InputError> {
        profiles.check_notice(self).map_err(|(path, message)| {
            InputError::located(source, path, message, ErrorCode::InvalidValue)
        })
    }

    /// Read a notice from JSON text, naming the path and position of any bad value.
    /// The profile is checked for its form only: the renderer checks that it knows
    /// it (or use [`Notice::from_json_in`]).
    pub fn from_json(text: &str) -> Result<Notice, InputError> {
        // Windows Notepad starts a UTF-8 file with a byte order mark; it is no part of
        // the JSON, and an editor shows no column for it.
        let text = text.strip_prefix('\u{feff}').unwrap_or(text);
        let trimmed = text.trim_start_matches([' ', '\t', '\r', '\n']);
        if trimmed.starts_with('[') {
            let at = crate::util::position::Position::after(&text[..text.len() - trimmed.len()]);
            return Err(InputError {
                path: ".".into(),
                line: at.line,
                column: at.column,
                message: crate::messages::input::not_a_notice_list(),
                code: ErrorCode::NotANotice,
            });
        }
        let mut de = serde_json::Deserializer::from_str(text);
        let notice: Notice = serde_path_to_error::deserialize(&mut de).map_err(|e| {
            let path = e.path().to_string();
            let inner = e.into_inner();
            match inner.classify() {
                // Broken JSON has no meaningful path: say where it broke, and why
                // when a look-alike character is the cause.
                serde_json::error::Category::Syntax | serde_json::error::Category::Eof => {
                    let raw = inner.to_string();
                    let (line, column, code, message) = crate::input::messages::syntax_error(
                        text,
                        inner.line(),
                        inner.column(),
                        &raw,
                    );
                    InputError {
                        path: ".".into(),
                        line,
                        column,
                        message,
                        code,
                    }
                }
                _ => {
                    let (code, mut message) =
                        crate::input::messages::classify_serde(&inner.to_string());
                    if code == ErrorCode::MissingField {
                        if let Some(field) = crate::input::messages::missing_field_name(&message) {
                            let holds = crate::input::messages::field_holds(&path, field);
                            message =
                                crate::input::messages::missing_field(field, holds.as_deref());
                        }
                    }
                    InputError {
                        path,
                        line: inner.line(),
                        column: inner.column(),
                        message,
                        code,
                    }
                }
            }
        })?;
        de.end().map_err(|e| InputError {
            path: ".".into(),
            line: e.line(),
            column: e.column(),
            message: crate::messages::input::trailing_text(),
            code: ErrorCode::NotANotice,
        })?;
        notice.check().map_err(|(path, message)| {
            InputError::located(Some(text), path, message, ErrorCode::InvalidValue)
        })?;
        Ok(notice)
    }

    /// Read and decode the signature and seal images. Files are resolved inside
    /// `assets` (the input's folder, or the folder given with `--assets`) and nowhere
    /// else; `source` is the JSON text, to point errors at a line and column. A
    /// signature image without `width_mm` is `profile`'s `signature.image_width_mm`
    /// wide.
    pub fn load_images(
        &mut self,
        assets: &std::path::Path,
        source: Option<&str>,
        profile: &crate::profile::Profile,
    ) -> Result<(), InputError> {
        use crate::input::image::Kind;
        let err = |path: &str, message: String| {
            InputError::located(source, path.to_string(), message, ErrorCode::BadImage)
        };
        let load = |r: &ImageRef,
                    path: &str,
                    kind: Kind,
                    default_width: Option<f64>|
         -> Result<crate::input::image::Picture, InputError> {
            if let Some(w) = r.width_mm {
                kind.check_width(w)
                    .map_err(|m| err(&format!("{path}.width_mm"), m))?;
            }
            let bytes = match (&r.file, &r.data_base64) {
                (Some(f), None) => {
                    read_asset(assets, f).map_err(|m| err(&format!("{path}.file"), m))?
                }
                (None, Some(b64)) => {
                    use base64::Engine;
                    if b64.len() > crate::input::image::MAX_ENCODED_BYTES * 4 / 3 + 4 {
                        return Err(err(
                            &format!("{path}.data_base64"),
                            crate::messages::input::image_base64_too_large(
                                crate::input::files::size(
                                    crate::input::image::MAX_ENCODED_BYTES as u64,
                                ),
                            ),
                        ));
                    }
                    let compact: String = b64.split_whitespace().collect();
                    base64::engine::general_purpose::STANDARD
                        .decode(compact.as_bytes())
                        .map_err(|e| {
                            err(
                                &format!("{path}.data_base64"),
                                crate::messages::input::not_base64(base64_words(&e)),
                            )
                        })?
                }
                _ => return Err(err(path, crate::messages::input::image_one_source())),
            };
            let width = r
                .width_mm
                .or(default_width)
                .ok_or_else(|| err(path, crate::messages::input::seal_width_required()))?;
            let field = if r.file.is_some() {
                "file"
            } else {
                "data_base64"
            };
            crate::input::image::decode_png(bytes, width, kind)
                .map_err(|m| err(&format!("{path}.{field}"), m))
        };
        let mut images = crate::input::image::Signing::default();
        if let Some(r) = &self.signer.signature_image {
            images.signature = Some(std::sync::Arc::new(load(
                r,
                "signer.signature_image",
                Kind::Signature,
                Some(profile.signature.image_width.0),
            )?));
        }
        if let Some(r) = &self.seal {
            images.seal = Some(std::sync::Arc::new(load(r, "seal", Kind::Seal, None)?));
        }
        self.images = images;
        Ok(())
    }

    /// Checks across fields that the types alone cannot express.
    pub(crate) fn check(&self) -> Result<(), (String, String)> {
        if self.number == 0 {
            return Err(("number".into(), crate::messages::input::number_from_one()));
        }
        // Whether the profile has a prefix for the authority is checked against the
        // renderer's profiles (`ProfileSet::check_notice`).
        if self.signer.authority.is_some() && self.signer.on_behalf_of.is_none() {
            return Err((
                "signer.on_behalf_of".into(),
                crate::messages::input::on_behalf_of_required(),
            ));
        }
        if self.recipients.is_empty() {
            return Err(("recipients".into(), crate::messages::input::no_recipient()));
        }
        if self.meeting.date > self.date {
            return Err((
                "meeting.date".into(),
                crate::messages::input::session_after_notice(self.meeting.date, self.date),
            ));
        }
        Ok(())
    }
}
