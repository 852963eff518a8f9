//! The signing time: read from `--time` or `SOURCE_DATE_EPOCH`, written in Vietnam
//! time (UTC+7), as the PDF's `/M` and as ISO 8601 in the agency's appearance.

use crate::messages::issue as m;

/// Seconds of Vietnam time ahead of UTC.
const VIETNAM_OFFSET: i64 = 7 * 3600;

/// A moment, in seconds since 1970-01-01T00:00:00Z.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub struct SigningTime(pub i64);

impl SigningTime {
    /// Parse `YYYY-MM-DDTHH:MM:SS` followed by `Z` or `±HH:MM` (a date alone is
    /// midnight, Vietnam time), or a whole number of seconds since 1970 (as in
    /// `SOURCE_DATE_EPOCH`).
    pub fn parse(s: &str) -> Result<SigningTime, String> {
        let s = s.trim();
        if !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit()) {
            return s
                .parse::<i64>()
                .map(SigningTime)
                .map_err(|_| m::time_too_large(s));
        }
        let bad = || m::time_not_a_time(s);
        let b = s.as_bytes();
        let num = |from: usize, len: usize| -> Result<i64, String> {
            let part = s.get(from..from + len).ok_or_else(bad)?;
            if !part.bytes().all(|c| c.is_ascii_digit()) {
                return Err(bad());
            }
            part.parse().map_err(|_| bad())
        };
        if b.len() < 10 || b[4] != b'-' || b[7] != b'-' {
            return Err(bad());
        }
        let (year, month, day) = (num(0, 4)?, num(5, 2)?, num(8, 2)?);
        if !(1..=12).contains(&month) || day < 1 || day > days_in_month(year, month) {
            return Err(m::time_no_such_day(s));
        }
        let (mut hour, mut minute, mut second, mut offset) = (0, 0, 0, VIETNAM_OFFSET);
        if b.len() > 10 {
            if b.len() < 19 || !matches!(b[10], b'T' | b' ') || b[13] != b':' || b[16] != b':' {
                return Err(bad());
            }
            (hour, minute, second) = (num(11, 2)?, num(14, 2)?, num(17, 2)?);
            if hour > 23 || minute > 59 || second > 59 {
                return Err(m::time_no_such_hour(s));
            }
            offset = match &s[19..] {
                "Z" => 0,
                zone if zone.len() == 6 && zone.as_bytes()[3] == b':' => {
                    let sign = match zone.as_bytes()[0] {
                        b'+' => 1,
                        b'-' => -1,
                        _ => return Err(bad()),
                    };
                    let (h, m) = (num(20, 2)?, num(23, 2)?);
                    if h > 14 || m > 59 {
                        return Err(bad());
                    }
                    sign * (h * 3600 + m * 60)
                }
                _ => return Err(m::time_no_zone(s)),
            };
        }
        let days = days_from_civil(year, month, day);
        Ok(SigningTime(
            days * 86_400 + hour * 3600 + minute * 60 + second - offset,
        ))
    }

    /// The fields of this moment in Vietnam time.
    fn vietnam(self) -> (i64, i64, i64, i64, i64, i64) {
        let local = self.0 + VIETNAM_OFFSET;
        let (days, secs) = (local.div_euclid(86_400), local.rem_euclid(86_400));
        let (y, m, d) = civil_from_days(days);
        (y, m, d, secs / 3600, secs % 3600 / 60, secs % 60)
    }

    /// The day of this moment in Vietnam.
    pub fn vietnam_date(self) -> crate::input::date::Date {
        let (y, m, d, ..) = self.vietnam();
        crate::input::date::Date {
            year: y as u16,
            month: m as u8,
            day: d as u8,
        }
    }

    /// `yyyy/MM/dd HH:mm:ss` in Vietnam time, as edXML trace headers write it.
    pub fn edxml(self) -> String {
        let (y, mo, d, h, mi, s) = self.vietnam();
        format!("{y:04}/{mo:02}/{d:02} {h:02}:{mi:02}:{s:02}")
    }

    /// Read a PDF date (`D:YYYYMMDDHHmmSS+07'00'`, ISO 32000-1, 7.9.4).
    pub fn from_pdf_date(s: &str) -> Option<SigningTime> {
        let s = s.strip_prefix("D:").unwrap_or(s);
        if s.len() < 14 || !s.as_bytes()[..14].iter().all(u8::is_ascii_digit) {
            return None;
        }
        let zone = match &s[14..] {
            "" | "Z" => "Z".to_string(),
            z if z.len() >= 6 => format!("{}:{}", &z[..3], &z[4..6]),
            _ => return None,
        };
        let iso = format!(
            "{}-{}-{}T{}:{}:{}{zone}",
            &s[0..4],
            &s[4..6],
            &s[6..8],
            &s[8..10],
            &s[10..12],
            &s[12..14]
        );
        SigningTime::parse(&iso).ok()
    }

    /// `D:YYYYMMDDHHmmSS+07'00'`, the PDF date of the signature dictionary's `/M`.
    pub fn pdf_date(self) -> String {
        let (y, mo, d, h, mi, s) = self.vietnam();
        format!("D:{y:04}{mo:02}{d:02}{h:02}{mi:02}{s:02}+07'00'")
    }

    /// `YYYY-MM-DDTHH:MM:SS+07:00`, as Phụ lục I asks the agency's signing time.
    pub fn iso(self) -> String {
        let (y, mo, d, h, mi, s) = self.vietnam();
        format!("{y:04}-{mo:02}-{d:02}T{h:02}:{mi:02}:{s:02}+07:00")
    }
}

fn is_leap(y: i64) -> bool {
    (y % 4 == 0 && y % 100 != 0) || y % 400 == 0
}

fn days_in_month(y: i64, m: i64) -> i64 {
    match m {
        2 if is_leap(y) => 29,
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    }
}

/// Days since 1970-01-01 of a proleptic Gregorian date (H. Hinnant's algorithm).
pub fn days_from_civil(y: i64, m: i64, d: i64) -> i64 {
    let y = if m <= 2 { y - 1 } else { y };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let mp = (m + 9) % 12;
    let doy = (153 * mp + 2) / 5 + d - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

fn civil_from_days(z: i64) -> (i64, i64, i64) {
    let z = z + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = doy - (153 * mp + 2) / 5 + 1;
    let m = if mp < 10 { mp + 3 } else { mp - 9 };
    let y = yoe + era * 400 + i64::from(m <= 2);
    (y, m, d)
}

#[cfg(test)]
mod tests {
    use super::SigningTime;

    #[test]
    fn times_read_in_any_zone_and_written_in_vietnam_time() {
        let t = SigningTime::parse("2026-12-01T09:30:05+07:00").unwrap();
        assert_eq!(t, SigningTime::parse("2026-12-01T02:30:05Z").unwrap());
        assert_eq!(t.iso(), "2026-12-01T09:30:05+07:00");
        assert_eq!(t.pdf_date(), "D:20261201093005+07'00'");
        assert_eq!(SigningTime::parse("1796092205").unwrap(), t);
        let late = SigningTime::parse("2026-12-31T20:00:00-05:00").unwrap();
        assert_eq!(late.iso(), "2027-01-01T08:00:00+07:00");
        assert!(SigningTime::parse("2026-02-29T00:00:00Z").is_err());
        use crate::messages::{with_lang, Lang};
        let no_zone = |lang| with_lang(lang, || SigningTime::parse("2026-12-01T09:30:00"));
        assert!(no_zone(Lang::En).unwrap_err().contains("time zone"));
        assert!(no_zone(Lang::Vi).unwrap_err().contains("thiếu múi giờ"));
        assert!(SigningTime::parse("yesterday").is_err());
        assert_eq!(SigningTime::from_pdf_date(&t.pdf_date()), Some(t));
        assert_eq!(t.edxml(), "2026/12/01 09:30:05");
    }
}
