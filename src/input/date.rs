//! Calendar dates of the input (ISO 8601 `YYYY-MM-DD`) and their Vietnamese forms.

use serde::{Deserialize, Deserializer, Serialize, Serializer};
use std::fmt;

/// A valid Gregorian calendar date.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Date {
    /// Year (four digits).
    pub year: u16,
    /// Month, 1 to 12.
    pub month: u8,
    /// Day of the month, 1 to its last day.
    pub day: u8,
}

fn is_leap(year: u16) -> bool {
    (year.is_multiple_of(4) && !year.is_multiple_of(100)) || year.is_multiple_of(400)
}

fn days_in_month(year: u16, month: u8) -> u8 {
    match month {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        2 if is_leap(year) => 29,
        2 => 28,
        _ => 0,
    }
}

impl Date {
    /// Parse `YYYY-MM-DD`, rejecting impossible dates such as 2018-02-30.
    pub fn parse(s: &str) -> Result<Date, String> {
        use crate::messages::input as m;
        let b = s.as_bytes();
        let well_formed = b.len() == 10
            && b[4] == b'-'
            && b[7] == b'-'
            && b.iter()
                .enumerate()
                .all(|(i, c)| i == 4 || i == 7 || c.is_ascii_digit());
        if !well_formed {
            if let Some(meant) = Date::typed_otherwise(s) {
                return Err(crate::input::messages::date_meant(s, &meant));
            }
            return Err(m::not_a_date(s));
        }
        // Four and two ASCII digits: every part fits its type.
        let part = |r: std::ops::Range<usize>| s[r].parse::<u16>().map_err(|_| m::not_a_date(s));
        let (year, month, day) = (part(0..4)?, part(5..7)? as u8, part(8..10)? as u8);
        if !(1..=12).contains(&month) {
            return Err(m::date_bad_month(s, month));
        }
        if year < 1900 {
            return Err(m::date_before_1900(s));
        }
        let max = days_in_month(year, month);
        if day == 0 || day > max {
            return Err(m::date_no_such_day(s, month, year, max));
        }
        Ok(Date { year, month, day })
    }

    /// The date `s` stands for when it is written another way a clerk writes dates:
    /// day, month and year (`15/03/2024`, `15-03-2024`, `15.3.2024`, "ngày 15
    /// tháng 3 năm 2024"), or year first without the zeros (`2024-3-5`). Only a
    /// real calendar day is offered.
    fn typed_otherwise(s: &str) -> Option<Date> {
        let s = s.trim();
        let words_ok = s
            .split(|c: char| c.is_ascii_digit() || matches!(c, '/' | '-' | '.' | ' ' | ','))
            .all(|w| w.is_empty() || ["ngày", "tháng", "năm"].contains(&w.to_lowercase().as_str()));
        if !words_ok {
            return None;
        }
        let parts: Vec<&str> = s
            .split(|c: char| !c.is_ascii_digit())
            .filter(|p| !p.is_empty())
            .collect();
        let [a, b, c] = parts[..] else {
            return None;
        };
        let (y, m, d) = if a.len() == 4 { (a, b, c) } else { (c, b, a) };
        if y.len() != 4 || m.len() > 2 || d.len() > 2 {
            return None;
        }
        let iso = format!("{y}-{m:0>2}-{d:0>2}");
        if iso == s {
            return None;
        }
        Date::parse(&iso).ok()
    }

    /// "ngày 22 tháng 01 năm 2018": a leading zero for days below 10 and for months 1
    /// and 2 (ND30 Phụ lục I; 36-HD), so that nothing can be written in front later.
    pub fn long_vietnamese(&self) -> String {
        let month = if self.month <= 2 {
            format!("{:02}", self.month)
        } else {
            self.month.to_string()
        };
        format!("ngày {:02} tháng {} năm {}", self.day, month, self.year)
    }

    /// "19/01/2018", "30/6/2018": the short form used in running text, with the same
    /// leading zeros as the long form.
    pub fn short(&self) -> String {
        if self.month <= 2 {
            format!("{:02}/{:02}/{}", self.day, self.month, self.year)
        } else {
            format!("{:02}/{}/{}", self.day, self.month, self.year)
        }
    }

    /// Days since 1970-01-01, for timestamps derived from the notice's date.
    pub fn days_since_epoch(&self) -> i64 {
        let (y, m, d) = (
            i64::from(self.year),
            i64::from(self.month),
            i64::from(self.day),
        );
        let y = if m <= 2 { y - 1 } else { y };
        let era = y.div_euclid(400);
        let yoe = y - era * 400;
        let mp = (m + 9) % 12;
        let doy = (153 * mp + 2) / 5 + d - 1;
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
        era * 146_097 + doe - 719_468
    }
}

impl fmt::Display for Date {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:04}-{:02}-{:02}", self.year, self.month, self.day)
    }
}

impl Serialize for Date {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(self)
    }
}

impl<'de> Deserialize<'de> for Date {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Date, D::Error> {
        let raw = std::borrow::Cow::<str>::deserialize(d)?;
        Date::parse(raw.trim()).map_err(|m| {
            serde::de::Error::custom(crate::input::messages::tagged(
                crate::input::messages::ErrorCode::InvalidDate,
                &m,
            ))
        })
    }
}

impl schemars::JsonSchema for Date {
    fn schema_name() -> std::borrow::Cow<'static, str> {
        "Date".into()
    }

    fn json_schema(_: &mut schemars::SchemaGenerator) -> schemars::Schema {
        schemars::json_schema!({
            "type": "string",
            "format": "date",
            "pattern": "^[0-9]{4}-[0-9]{2}-[0-9]{2}$",
            "description": "Ngày dương lịch YYYY-MM-DD. / Calendar date, YYYY-MM-DD."
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::messages::{with_lang, Lang};

    #[test]
    fn long_form_pads_day_and_early_months() {
        assert_eq!(
            Date::parse("2018-01-22").unwrap().long_vietnamese(),
            "ngày 22 tháng 01 năm 2018"
        );
        assert_eq!(
            Date::parse("2026-01-09").unwrap().long_vietnamese(),
            "ngày 09 tháng 01 năm 2026"
        );
        assert_eq!(
            Date::parse("2022-05-13").unwrap().long_vietnamese(),
            "ngày 13 tháng 5 năm 2022"
        );
        assert_eq!(
            Date::parse("2022-11-03").unwrap().long_vietnamese(),
            "ngày 03 tháng 11 năm 2022"
        );
    }

    #[test]
    fn short_form() {
        assert_eq!(Date::parse("2018-01-19").unwrap().short(), "19/01/2018");
        assert_eq!(Date::parse("2018-06-30").unwrap().short(), "30/6/2018");
        assert_eq!(Date::parse("2018-11-05").unwrap().short(), "05/11/2018");
    }

    #[test]
    fn impossible_dates_are_rejected() {
        assert!(with_lang(Lang::En, || Date::parse("2018-02-30"))
            .unwrap_err()
            .contains("28 days"));
        assert_eq!(
            Date::parse("2018-02-30").unwrap_err(),
            "'2018-02-30' không có thật: tháng 2 năm 2018 có 28 ngày"
        );
        assert!(Date::parse("2018-13-01").is_err());
        assert!(Date::parse("22/01/2018").is_err());
        assert!(Date::parse("2020-02-29").is_ok());
        assert!(Date::parse("2100-02-29").is_err());
    }

    #[test]
    fn dates_typed_the_vietnamese_way_are_offered_in_iso_form() {
        for typed in [
            "15/03/2024",
            "15-03-2024",
            "15.3.2024",
            "ngày 15 tháng 3 năm 2024",
            "2024/3/15",
        ] {
            let e = with_lang(Lang::En, || Date::parse(typed)).unwrap_err();
            assert!(e.contains("did you mean 2024-03-15?"), "{typed}: {e}");
            let e = Date::parse(typed).unwrap_err();
            assert!(e.contains("có phải ý bạn là 2024-03-15?"), "{typed}: {e}");
        }
        // Not a real day, or not a date at all: no suggestion.
        for typed in ["30/02/2024", "15/03", "hôm qua 1/2/2024"] {
            assert!(
                !Date::parse(typed).unwrap_err().contains("ý bạn là"),
                "{typed}"
            );
            assert!(!with_lang(Lang::En, || Date::parse(typed))
                .unwrap_err()
                .contains("did you mean"));
        }
    }

    #[test]
    fn epoch_days() {
        assert_eq!(Date::parse("1970-01-01").unwrap().days_since_epoch(), 0);
        assert_eq!(Date::parse("2018-01-22").unwrap().days_since_epoch(), 17553);
    }
}
