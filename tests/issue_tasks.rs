//! `vanban render --tasks`: the conclusion's tasks beside the PDF as JSON and as
//! iCalendar to-dos, read back here and compared with the input.

use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

fn render_with_tasks(dir: &std::path::Path) {
    let mut child = Command::new(env!("CARGO_BIN_EXE_vanban"))
        .args([
            "render",
            "fixtures/phuc-loi-2018-nd30.json",
            "--tasks",
            "--out-dir",
        ])
        .arg(dir)
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let start = Instant::now();
    let status = loop {
        if let Some(s) = child.try_wait().unwrap() {
            break s;
        }
        if start.elapsed() > Duration::from_secs(60) {
            let _ = child.kill();
            panic!("render --tasks took over a minute");
        }
        std::thread::sleep(Duration::from_millis(20));
    };
    assert!(status.success());
}

/// The input's tasks: (text, owner, deadline).
fn input_tasks() -> Vec<(String, Option<String>, Option<String>)> {
    let text = std::fs::read_to_string(
        std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures/phuc-loi-2018-nd30.json"),
    )
    .unwrap();
    let v: serde_json::Value = serde_json::from_str(&text).unwrap();
    v["body"]["tasks"]
        .as_array()
        .unwrap()
        .iter()
        .map(|t| {
            (
                t["text"].as_str().unwrap().to_string(),
                t["owner"].as_str().map(String::from),
                t["deadline"].as_str().map(String::from),
            )
        })
        .collect()
}

#[test]
fn tasks_are_written_as_json_and_icalendar_todos() {
    let dir = tempfile::tempdir().unwrap();
    render_with_tasks(dir.path());
    let expected = input_tasks();
    assert!(expected.len() >= 3, "the fixture has tasks");

    let json: serde_json::Value = serde_json::from_slice(
        &std::fs::read(dir.path().join("phuc-loi-2018-nd30.tasks.json")).unwrap(),
    )
    .unwrap();
    assert_eq!(json["document"]["symbol"], "05/TB-UBND");
    assert_eq!(json["document"]["date"], "2018-01-22");
    let tasks = json["tasks"].as_array().unwrap();
    assert_eq!(tasks.len(), expected.len());
    for (i, (t, (text, owner, deadline))) in tasks.iter().zip(&expected).enumerate() {
        assert_eq!(t["index"], i + 1);
        assert_eq!(t["content"].as_str(), Some(text.as_str()));
        assert_eq!(t["unit"].as_str(), owner.as_deref());
        assert_eq!(t["deadline"].as_str(), deadline.as_deref());
    }

    let ics = std::fs::read_to_string(dir.path().join("phuc-loi-2018-nd30.tasks.ics")).unwrap();
    assert!(ics.starts_with("BEGIN:VCALENDAR\r\nVERSION:2.0\r\n"));
    assert!(ics.ends_with("END:VCALENDAR\r\n"));
    for line in ics.split("\r\n") {
        assert!(line.len() <= 75, "a content line over 75 octets: {line}");
        assert!(!line.contains('\n'), "bare line feed");
    }
    // Unfold (RFC 5545, 3.1) and read each to-do's properties.
    let unfolded = ics.replace("\r\n ", "");
    let todos: Vec<&str> = unfolded.split("BEGIN:VTODO\r\n").skip(1).collect();
    assert_eq!(todos.len(), expected.len());
    let unescape = |s: &str| {
        s.replace("\\n", "\n")
            .replace("\\,", ",")
            .replace("\\;", ";")
            .replace("\\\\", "\\")
    };
    let mut uids = std::collections::BTreeSet::new();
    for (todo, (text, owner, deadline)) in todos.iter().zip(&expected) {
        let prop = |name: &str| {
            todo.split("\r\n")
                .find_map(|l| l.strip_prefix(name))
                .map(|v| v.to_string())
        };
        assert_eq!(prop("SUMMARY:").map(|s| unescape(&s)), Some(text.clone()));
        let due = deadline.as_ref().map(|d| d.replace('-', ""));
        assert_eq!(prop("DUE;VALUE=DATE:"), due);
        if let Some(owner) = owner {
            assert!(unescape(&prop("DESCRIPTION:").unwrap()).contains(owner.as_str()));
        }
        assert_eq!(prop("DTSTAMP:").as_deref(), Some("20180122T000000Z"));
        assert!(uids.insert(prop("UID:").unwrap()), "UIDs are unique");
        assert!(todo.contains("END:VTODO"));
    }
}
