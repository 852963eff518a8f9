//! The input: a conclusion notice (thông báo kết luận) as typed data.
//!
//! This is the public contract of vanban. Field names are English and stable; the
//! values are the Vietnamese text of the notice. Every string is a [`Text`]
//! (NFC-normalised, non-empty, drawable), every date a [`Date`] (a real calendar
//! day), and unknown fields are errors, so a typo never silently drops content.
//! Doc comments become the descriptions of `vanban schema`.

use crate::date::Date;
use crate::text::Text;
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

/// Một thông báo kết luận. / A conclusion notice.
#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Notice {
    /// Thể thức: "nd30" (Nghị định 30/2020/NĐ-CP, cơ quan nhà nước) hoặc "hd36"
    /// (Hướng dẫn 36-HD/VPTW, cơ quan Đảng). / Formatting profile: "nd30" for State
    /// bodies, "hd36" for Party bodies.
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
    /// Nơi nhận (mỗi dòng một nơi, không kèm dấu "-" và dấu câu cuối dòng). /
    /// Recipients, one per entry, without the leading "-" or the trailing punctuation.
    pub recipients: Vec<Text>,
    /// Dòng lưu: "VT, VP" (nd30, thành "Lưu: VT, VP.") hoặc "Văn phòng Quận ủy"
    /// (hd36, thành "Lưu Văn phòng Quận ủy."). / The archive line.
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
    pub images: crate::image::Signing,
}

fn default_type_abbreviation() -> Text {
    Text::new("TB").expect("constant")
}

fn default_title() -> Text {
    Text::new("THÔNG BÁO").expect("constant")
}

/// Mã thể thức. / Formatting profile identifier.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "lowercase")]
pub enum ProfileId {
    /// Nghị định 30/2020/NĐ-CP.
    Nd30,
    /// Hướng dẫn 36-HD/VPTW.
    Hd36,
}

impl ProfileId {
    pub fn as_str(self) -> &'static str {
        match self {
            ProfileId::Nd30 => "nd30",
            ProfileId::Hd36 => "hd36",
        }
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
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
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
    /// Đường dẫn tệp PNG, tương đối với thư mục của tệp đầu vào. / Path of the PNG
    /// file, relative to the input file's folder.
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

/// An input error, with the JSON path and position of the bad value.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct InputError {
    /// JSON path of the bad value, e.g. `meeting.chair.name` (`.` for the whole input).
    pub path: String,
    pub line: usize,
    pub column: usize,
    pub message: String,
}

impl std::fmt::Display for InputError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        if self.line > 0 {
            write!(
                f,
                "{}:{}: at `{}`: {}",
                self.line, self.column, self.path, self.message
            )
        } else {
            write!(f, "at `{}`: {}", self.path, self.message)
        }
    }
}

impl std::error::Error for InputError {}

impl Notice {
    /// Read a notice from JSON text, naming the path and position of any bad value.
    pub fn from_json(text: &str) -> Result<Notice, InputError> {
        let trimmed = text.trim_start_matches(['\u{feff}', ' ', '\t', '\r', '\n']);
        if trimmed.starts_with('[') {
            let before = &text[..text.len() - trimmed.len()];
            return Err(InputError {
                path: ".".into(),
                line: before.matches('\n').count() + 1,
                column: before.rsplit('\n').next().map_or(0, |l| l.chars().count()) + 1,
                message: "a notice is a JSON object {…}; this is a list (for several notices, use `vanban batch`)".into(),
            });
        }
        let mut de = serde_json::Deserializer::from_str(text);
        let notice: Notice = serde_path_to_error::deserialize(&mut de).map_err(|e| {
            let path = e.path().to_string();
            let inner = e.into_inner();
            let message = crate::errors::plain_serde_message(&inner.to_string());
            match inner.classify() {
                // Broken JSON has no meaningful path: say where it broke.
                serde_json::error::Category::Syntax | serde_json::error::Category::Eof => {
                    InputError {
                        path: ".".into(),
                        line: inner.line(),
                        column: inner.column(),
                        message: format!("malformed JSON: {message}"),
                    }
                }
                _ => InputError {
                    path,
                    line: inner.line(),
                    column: inner.column(),
                    message,
                },
            }
        })?;
        de.end().map_err(|e| InputError {
            path: ".".into(),
            line: e.line(),
            column: e.column(),
            message: "unexpected text after the end of the notice".into(),
        })?;
        notice.check().map_err(|(path, message)| InputError {
            line: crate::errors::locate(text, &path).map_or(0, |p| p.0),
            column: crate::errors::locate(text, &path).map_or(0, |p| p.1),
            path,
            message,
        })?;
        Ok(notice)
    }

    /// Read and decode the signature and seal images. Files are resolved against
    /// `base` (the input's folder); `source` is the JSON text, to point errors at a
    /// line and column.
    pub fn load_images(
        &mut self,
        base: &std::path::Path,
        source: Option<&str>,
    ) -> Result<(), InputError> {
        let err = |path: &str, message: String| {
            let pos = source.and_then(|s| crate::errors::locate(s, path));
            InputError {
                path: path.to_string(),
                line: pos.map_or(0, |p| p.0),
                column: pos.map_or(0, |p| p.1),
                message,
            }
        };
        let load = |r: &ImageRef,
                    path: &str,
                    default_width: Option<f64>|
         -> Result<crate::image::Picture, InputError> {
            let bytes = match (&r.file, &r.data_base64) {
                (Some(f), None) => {
                    let full = base.join(f);
                    let meta = std::fs::metadata(&full).map_err(|e| {
                        err(
                            &format!("{path}.file"),
                            format!("cannot read {}: {e}", full.display()),
                        )
                    })?;
                    if meta.len() > crate::image::MAX_ENCODED_BYTES as u64 {
                        return Err(err(
                            &format!("{path}.file"),
                            format!(
                                "{} is {} bytes; the limit is {} MB",
                                full.display(),
                                meta.len(),
                                crate::image::MAX_ENCODED_BYTES / (1024 * 1024)
                            ),
                        ));
                    }
                    std::fs::read(&full).map_err(|e| {
                        err(
                            &format!("{path}.file"),
                            format!("cannot read {}: {e}", full.display()),
                        )
                    })?
                }
                (None, Some(b64)) => {
                    use base64::Engine;
                    if b64.len() > crate::image::MAX_ENCODED_BYTES * 4 / 3 + 4 {
                        return Err(err(
                            &format!("{path}.data_base64"),
                            "the image is larger than the limit".into(),
                        ));
                    }
                    let compact: String = b64.split_whitespace().collect();
                    base64::engine::general_purpose::STANDARD
                        .decode(compact.as_bytes())
                        .map_err(|e| {
                            err(
                                &format!("{path}.data_base64"),
                                format!("is not valid base64: {e}"),
                            )
                        })?
                }
                _ => {
                    return Err(err(
                        path,
                        "give exactly one of `file` and `data_base64`".into(),
                    ))
                }
            };
            let width = r.width_mm.or(default_width).ok_or_else(|| {
                err(
                    path,
                    "`width_mm` is required: a seal is printed at its real size".into(),
                )
            })?;
            let field = if r.file.is_some() {
                "file"
            } else {
                "data_base64"
            };
            crate::image::decode_png(bytes, width).map_err(|m| err(&format!("{path}.{field}"), m))
        };
        let mut images = crate::image::Signing::default();
        if let Some(r) = &self.signer.signature_image {
            images.signature = Some(std::sync::Arc::new(load(
                r,
                "signer.signature_image",
                Some(35.0),
            )?));
        }
        if let Some(r) = &self.seal {
            images.seal = Some(std::sync::Arc::new(load(r, "seal", None)?));
        }
        self.images = images;
        Ok(())
    }

    /// Checks across fields that the types alone cannot express.
    pub(crate) fn check(&self) -> Result<(), (String, String)> {
        if self.number == 0 {
            return Err(("number".into(), "the number starts at 1".into()));
        }
        if let Some(a) = self.signer.authority {
            let profile = crate::profile::Profile::builtin_ref(self.profile.as_str())
                .expect("built-in profile");
            if !profile.signer_prefixes.contains_key(a.key()) {
                return Err((
                    "signer.authority".into(),
                    format!(
                        "'{}' is not a signing authority of the {} profile (use one of: {})",
                        a.key(),
                        self.profile.as_str(),
                        profile
                            .signer_prefixes
                            .keys()
                            .cloned()
                            .collect::<Vec<_>>()
                            .join(", ")
                    ),
                ));
            }
            if self.signer.on_behalf_of.is_none() {
                return Err((
                    "signer.on_behalf_of".into(),
                    "is required when `authority` is given (e.g. \"BAN THƯỜNG VỤ\" after T/M)"
                        .into(),
                ));
            }
        }
        if self.recipients.is_empty() {
            return Err((
                "recipients".into(),
                "name at least one recipient (Nơi nhận)".into(),
            ));
        }
        if self.meeting.date > self.date {
            return Err((
                "meeting.date".into(),
                format!(
                    "the session ({}) is after the notice's date ({})",
                    self.meeting.date, self.date
                ),
            ));
        }
        Ok(())
    }
}
