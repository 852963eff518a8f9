//! The tasks a conclusion assigns (content, unit in charge, deadline), beside the
//! PDF as JSON and as iCalendar VTODOs (RFC 5545), for task-tracking systems and
//! people's calendars. Everything comes from the notice; no clock: the stamp of
//! each to-do is the notice's date.

use crate::input::notice::Notice;
use crate::profile::Profile;
use serde::Serialize;

#[derive(Serialize)]
struct Document<'a> {
    /// "05/TB-UBND", or the blank of a draft.
    symbol: String,
    date: Option<String>,
    subject: &'a str,
    issuer: String,
}

#[derive(Serialize)]
struct TaskOut<'a> {
    /// 1, 2, 3… as the notice numbers them.
    index: usize,
    content: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    unit: Option<&'a str>,
    /// YYYY-MM-DD.
    #[serde(skip_serializing_if = "Option::is_none")]
    deadline: Option<String>,
}

#[derive(Serialize)]
struct Tasks<'a> {
    schema: &'static str,
    document: Document<'a>,
    tasks: Vec<TaskOut<'a>>,
}

fn symbol(notice: &Notice, profile: &Profile) -> String {
    let (_, symbol) = crate::compose::template::number_and_symbol(notice, profile);
    if notice.draft.is_some() {
        // A draft's number is given at issuance.
        let number = profile.numbering.padded(notice.number);
        return symbol
            .strip_prefix(&number)
            .map_or(symbol.clone(), |rest| rest.to_string());
    }
    symbol
}

/// The tasks as JSON.
pub fn json(notice: &Notice, profile: &Profile) -> Vec<u8> {
    let out = Tasks {
        schema: "vanban tasks 1",
        document: Document {
            symbol: symbol(notice, profile),
            date: notice.draft.is_none().then(|| notice.date.to_string()),
            subject: &notice.summary,
            issuer: notice.issuer.name.replace('\n', " "),
        },
        tasks: notice
            .body
            .tasks
            .iter()
            .enumerate()
            .map(|(i, t)| TaskOut {
                index: i + 1,
                content: &t.text,
                unit: t.owner.as_deref(),
                deadline: t.deadline.map(|d| d.to_string()),
            })
            .collect(),
    };
    let mut v = serde_json::to_vec_pretty(&out).expect("tasks serialise");
    v.push(b'\n');
    v
}

/// RFC 5545 text: backslash, semicolon, comma and line ends escaped.
fn ics_text(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '\\' => out.push_str("\\\\"),
            ';' => out.push_str("\\;"),
            ',' => out.push_str("\\,"),
            '\n' => out.push_str("\\n"),
            '\r' => {}
            c => out.push(c),
        }
    }
    out
}

/// A content line folded at 75 octets (RFC 5545, 3.1), never inside a character.
fn push_line(out: &mut String, line: &str) {
    let mut width = 0;
    for c in line.chars() {
        if width + c.len_utf8() > 75 {
            out.push_str("\r\n ");
            width = 1;
        }
        out.push(c);
        width += c.len_utf8();
    }
    out.push_str("\r\n");
}

/// The tasks as an iCalendar file of VTODOs, one per task, due on its deadline.
pub fn icalendar(notice: &Notice, profile: &Profile) -> Vec<u8> {
    let symbol = symbol(notice, profile);
    let d = notice.date;
    let stamp = format!("{:04}{:02}{:02}T000000Z", d.year, d.month, d.day);
    let uid_base: String = format!("{}-{}", d.year, symbol)
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || c == '-' {
                c
            } else {
                '-'
            }
        })
        .collect();
    let mut out = String::new();
    for line in [
        "BEGIN:VCALENDAR",
        "VERSION:2.0",
        "PRODID:-//vanban//vanban tasks 1//VI",
        "CALSCALE:GREGORIAN",
    ] {
        push_line(&mut out, line);
    }
    for (i, t) in notice.body.tasks.iter().enumerate() {
        push_line(&mut out, "BEGIN:VTODO");
        push_line(&mut out, &format!("UID:{uid_base}-task-{}@vanban", i + 1));
        push_line(&mut out, &format!("DTSTAMP:{stamp}"));
        push_line(&mut out, &format!("SUMMARY:{}", ics_text(&t.text)));
        let mut description = format!("{} – {}", symbol.trim_start_matches('/'), notice.summary);
        if let Some(owner) = &t.owner {
            description = format!("Đơn vị chủ trì: {owner}\n{description}");
        }
        push_line(&mut out, &format!("DESCRIPTION:{}", ics_text(&description)));
        if let Some(deadline) = t.deadline {
            push_line(
                &mut out,
                &format!(
                    "DUE;VALUE=DATE:{:04}{:02}{:02}",
                    deadline.year, deadline.month, deadline.day
                ),
            );
        }
        push_line(&mut out, "STATUS:NEEDS-ACTION");
        push_line(&mut out, "END:VTODO");
    }
    push_line(&mut out, "END:VCALENDAR");
    out.into_bytes()
}

#[cfg(test)]
mod tests {
    use super::{ics_text, push_line};

    #[test]
    fn ics_lines_are_escaped_and_folded_between_characters() {
        assert_eq!(ics_text("a, b; c\\d\ne"), "a\\, b\\; c\\\\d\\ne");
        let mut out = String::new();
        let long = format!("SUMMARY:{}", "ệ".repeat(40));
        push_line(&mut out, &long);
        for line in out.split("\r\n").filter(|l| !l.is_empty()) {
            assert!(line.len() <= 75, "{line}");
        }
        assert_eq!(out.replace("\r\n ", "").trim_end(), long);
    }
}
