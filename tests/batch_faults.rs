//! A batch in a hostile environment: full disks, closed pipes, signals, kills,
//! concurrent runs, edited outputs, read-only folders. Every run here is bounded in
//! time: a hang fails the test (the child is killed), it never hangs CI.

mod support;

use serde_json::{json, Value};
use sha2::Digest;
use std::collections::BTreeMap;
use std::io::Read;
use std::os::unix::fs::PermissionsExt;
use std::os::unix::process::{CommandExt, ExitStatusExt};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, ExitStatus, Stdio};
use std::time::{Duration, Instant};

const BIN: &str = env!("CARGO_BIN_EXE_vanban");

struct Run {
    status: ExitStatus,
    stdout: String,
    stderr: String,
    took: Duration,
}

/// Drain a child's pipes on threads (so it never blocks on a full pipe) and wait for
/// it at most `limit`; past that it is killed and the test fails.
fn wait_bounded(mut child: Child, limit: Duration, what: &str) -> Run {
    let start = Instant::now();
    let drain = |r: Option<Box<dyn Read + Send>>| {
        std::thread::spawn(move || {
            let mut s = Vec::new();
            if let Some(mut r) = r {
                let _ = r.read_to_end(&mut s);
            }
            String::from_utf8_lossy(&s).into_owned()
        })
    };
    let out = drain(
        child
            .stdout
            .take()
            .map(|r| Box::new(r) as Box<dyn Read + Send>),
    );
    let err = drain(
        child
            .stderr
            .take()
            .map(|r| Box::new(r) as Box<dyn Read + Send>),
    );
    loop {
        if let Some(status) = child.try_wait().unwrap() {
            return Run {
                status,
                stdout: out.join().unwrap(),
                stderr: err.join().unwrap(),
                took: start.elapsed(),
            };
        }
        if start.elapsed() > limit {
            let _ = child.kill();
            let _ = child.wait();
            panic!(
                "{what} did not end within {limit:?} (killed); stderr: {}",
                err.join().unwrap()
            );
        }
        std::thread::sleep(Duration::from_millis(10));
    }
}

/// Run `cmd` (bounded in time), its messages in English (these tests check the
/// English words; the catalogue's tests check both languages).
fn run(cmd: &mut Command, limit_s: u64, what: &str) -> Run {
    let child = cmd
        .env("VANBAN_LANG", "en")
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("spawn");
    wait_bounded(child, Duration::from_secs(limit_s), what)
}

/// The fixture's batch with `n` items (numbers and wards made unique).
fn batch(n: usize) -> Value {
    let mut b: Value =
        serde_json::from_str(&support::fixture_text("long-bien-2018-batch.json")).unwrap();
    let wards = b["items"].as_array().unwrap().clone();
    b["items"] = (0..n)
        .map(|i| {
            let mut it = wards[i % wards.len()].clone();
            it["number"] = json!(1000 + i);
            it["ward"] = json!(format!("{} {i}", it["ward"].as_str().unwrap_or("x")));
            it
        })
        .collect();
    b
}

fn write_batch(dir: &Path, name: &str, b: &Value) -> PathBuf {
    let p = dir.join(name);
    std::fs::write(&p, serde_json::to_vec(b).unwrap()).unwrap();
    p
}

fn batch_cmd(input: &Path, out: &Path, extra: &[&str]) -> Command {
    let mut c = Command::new(BIN);
    c.env("VANBAN_LANG", "en")
        .arg("batch")
        .arg(input)
        .arg("--out-dir")
        .arg(out)
        .args(extra);
    c
}

fn sha(bytes: &[u8]) -> String {
    sha2::Sha256::digest(bytes)
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

fn names(dir: &Path) -> Vec<String> {
    let mut v: Vec<String> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    v.sort();
    v
}

fn manifest(out: &Path) -> Value {
    let text = std::fs::read_to_string(out.join("manifest.json")).expect("manifest.json exists");
    serde_json::from_str(&text).unwrap_or_else(|e| panic!("manifest.json is not JSON: {e}\n{text}"))
}

/// The folder holds no debris: no temporary file, no lock, no journal.
fn assert_clean(out: &Path) {
    let debris: Vec<String> = names(out)
        .into_iter()
        .filter(|n| n.starts_with('.'))
        .collect();
    assert!(debris.is_empty(), "left in the folder: {debris:?}");
}

/// Every file the manifest lists is there with its hash, and every PDF/DOCX in the
/// folder is listed (as this run's or an earlier run's).
fn assert_manifest_describes_folder(out: &Path) -> Value {
    let m = manifest(out);
    let mut listed = BTreeMap::new();
    for item in m["items"].as_array().unwrap() {
        for f in item["files"].as_array().into_iter().flatten() {
            listed.insert(f["file"].as_str().unwrap().to_string(), f["sha256"].clone());
        }
    }
    for f in m["earlier"].as_array().into_iter().flatten() {
        listed.insert(f["file"].as_str().unwrap().to_string(), f["sha256"].clone());
    }
    for (file, hash) in &listed {
        let bytes = std::fs::read(out.join(file)).unwrap_or_else(|e| panic!("{file}: {e}"));
        assert_eq!(
            json!(sha(&bytes)),
            *hash,
            "{file} differs from the manifest"
        );
    }
    for n in names(out) {
        if n.ends_with(".pdf") || n.ends_with(".docx") {
            assert!(
                listed.contains_key(&n),
                "{n} is in the folder but not in the manifest"
            );
        }
    }
    m
}

fn count(haystack: &str, needle: &str) -> usize {
    haystack.matches(needle).count()
}

#[test]
fn a_file_size_limit_stops_the_run_at_once_and_says_so_once() {
    // `ulimit -f` is the disk-full of an unprivileged process (and of root): every
    // PDF is larger than 10 KB, so the first write fails as on a full disk.
    let dir = tempfile::tempdir().unwrap();
    let input = write_batch(dir.path(), "b.json", &batch(200));
    let out = dir.path().join("out");
    let r = run(
        Command::new("sh").arg("-c").arg(format!(
            "ulimit -f 20 && exec '{BIN}' batch '{}' --out-dir '{}' --jobs 2",
            input.display(),
            out.display()
        )),
        30,
        "batch under ulimit -f",
    );
    assert_eq!(r.status.code(), Some(1), "{}", r.stderr);
    assert!(r.took < Duration::from_secs(20));
    assert_eq!(
        count(&r.stderr, "File too large"),
        1,
        "said once: {}",
        r.stderr
    );
    assert!(r.stderr.contains("the batch stopped"), "{}", r.stderr);
    let m = manifest(&out);
    assert_eq!(m["complete"], false);
    assert_eq!(m["state"], "stopped");
    assert!(m["stopped_because"].as_str().unwrap().contains("too large"));
    assert!(
        names(&out).iter().all(|n| !n.ends_with(".part")),
        "{:?}",
        names(&out)
    );
    assert!(!out.join(".vanban-lock").exists());
}

#[test]
fn a_disk_that_fills_midway_ends_valid_and_the_rerun_completes() {
    // PDFs fit under the limit, the manifest of 200 items (about 50 KB) does not.
    let dir = tempfile::tempdir().unwrap();
    let input = write_batch(dir.path(), "b.json", &batch(200));
    let out = dir.path().join("out");
    let r = run(
        Command::new("sh").arg("-c").arg(format!(
            "ulimit -f 80 && exec '{BIN}' batch '{}' --out-dir '{}' --jobs 2 --quiet",
            input.display(),
            out.display()
        )),
        30,
        "batch filling the limit",
    );
    assert_eq!(r.status.code(), Some(1), "{}", r.stderr);
    assert!(
        r.stderr.contains("cannot write the manifest"),
        "{}",
        r.stderr
    );
    let m = manifest(&out);
    assert_eq!(m["complete"], false, "{m}");
    assert!(names(&out).iter().all(|n| !n.ends_with(".part")));
    // Space again: the rerun knows the files the stopped run wrote (its journal),
    // so it replaces them without --overwrite and ends complete.
    let r = run(&mut batch_cmd(&input, &out, &["--quiet"]), 60, "rerun");
    assert!(r.status.success(), "{}", r.stderr);
    let m = assert_manifest_describes_folder(&out);
    assert_eq!(m["complete"], true);
    assert_eq!(m["succeeded"], 200);
    assert_clean(&out);
}

#[test]
fn a_small_tmpfs_fills_and_the_batch_ends() {
    // A real full disk where mounts are allowed (root, or a user namespace); the
    // file-size tests above cover the same path everywhere else.
    let probe = Command::new("unshare")
        .args(["-rm", "sh", "-c", "mount -t tmpfs -o size=1m none /mnt"])
        .output();
    if !probe.is_ok_and(|o| o.status.success()) {
        eprintln!("note: cannot mount a tmpfs here (no user namespaces); the ulimit -f tests cover a full disk");
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let input = write_batch(dir.path(), "b.json", &batch(200));
    let mnt = dir.path().join("mnt");
    std::fs::create_dir(&mnt).unwrap();
    let script = format!(
        "mount -t tmpfs -o size=2m none '{m}' && '{BIN}' batch '{i}' --out-dir '{m}/out' --jobs 2 --quiet; echo \"rc=$?\"; cat '{m}/out/manifest.json'; echo; ls -a '{m}/out'",
        m = mnt.display(),
        i = input.display()
    );
    let r = run(
        Command::new("unshare").args(["-rm", "sh", "-c", &script]),
        30,
        "batch into a 2 MB tmpfs",
    );
    assert!(r.stdout.contains("rc=1"), "{}\n{}", r.stdout, r.stderr);
    assert_eq!(
        count(&r.stderr, "No space left on device"),
        1,
        "{}",
        r.stderr
    );
    let json_start = r.stdout.find('{').unwrap();
    let json_end = r.stdout.rfind('}').unwrap();
    let m: Value = serde_json::from_str(&r.stdout[json_start..=json_end]).unwrap();
    assert_eq!(m["complete"], false);
    assert!(!r.stdout.contains(".part"), "{}", r.stdout);
}

fn closed_pipe() -> std::io::PipeWriter {
    let (reader, writer) = std::io::pipe().unwrap();
    drop(reader);
    writer
}

#[test]
fn a_closed_stderr_does_not_stop_or_hang_the_batch() {
    let dir = tempfile::tempdir().unwrap();
    let input = write_batch(dir.path(), "b.json", &batch(30));
    for (how, stderr) in [
        ("closed pipe", Stdio::from(closed_pipe())),
        (
            "/dev/full",
            Stdio::from(
                std::fs::OpenOptions::new()
                    .write(true)
                    .open("/dev/full")
                    .unwrap(),
            ),
        ),
    ] {
        let out = dir.path().join(how.replace('/', "-"));
        let child = batch_cmd(&input, &out, &["--jobs", "2"])
            .stdout(Stdio::null())
            .stderr(stderr)
            .spawn()
            .unwrap();
        let r = wait_bounded(child, Duration::from_secs(30), how);
        assert_eq!(r.status.code(), Some(0), "stderr to a {how}");
        let m = assert_manifest_describes_folder(&out);
        assert_eq!(m["succeeded"], 30, "{how}");
        assert_clean(&out);
    }
}

#[test]
fn schema_into_a_closed_pipe_exits_quietly() {
    let child = Command::new(BIN)
        .arg("schema")
        .stdout(closed_pipe())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let r = wait_bounded(child, Duration::from_secs(10), "vanban schema");
    assert_eq!(r.status.code(), Some(0), "{}", r.stderr);
    assert_eq!(r.stderr, "", "nothing to say about a reader that left");
}

#[test]
fn a_panicking_worker_fails_its_item_only() {
    let dir = tempfile::tempdir().unwrap();
    let input = write_batch(dir.path(), "b.json", &batch(20));
    let out = dir.path().join("out");
    let r = run(
        batch_cmd(&input, &out, &["--jobs", "2", "--quiet"]).env("VANBAN_FAULT_PANIC_ITEM", "6"),
        30,
        "batch with a panicking worker",
    );
    assert_eq!(r.status.code(), Some(1), "{}", r.stderr);
    assert!(
        r.stderr.contains("item 6") && r.stderr.contains("internal error"),
        "{}",
        r.stderr
    );
    let m = assert_manifest_describes_folder(&out);
    assert_eq!(m["succeeded"], 19);
    assert_eq!(m["items"][5]["ok"], false);
    assert_eq!(m["complete"], true);
    assert_clean(&out);
}

/// Start a long batch and wait until it has written `files` outputs.
fn start_long_batch(input: &Path, out: &Path, files: usize) -> Child {
    let child = batch_cmd(input, out, &["--jobs", "1", "--quiet"])
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let start = Instant::now();
    while out.exists() && names(out).iter().filter(|n| n.ends_with(".pdf")).count() < files
        || !out.exists()
    {
        assert!(
            start.elapsed() < Duration::from_secs(30),
            "the batch never started"
        );
        std::thread::sleep(Duration::from_millis(5));
    }
    child
}

fn signal(child: &Child, sig: i32) {
    // SAFETY: sends a signal to our own child.
    assert_eq!(unsafe { libc::kill(child.id() as i32, sig) }, 0);
}

#[test]
fn sigterm_during_a_rerun_leaves_a_folder_that_does_not_lie() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("out");
    let first = write_batch(dir.path(), "a.json", &batch(3000));
    let r = run(&mut batch_cmd(&first, &out, &["--quiet"]), 120, "first run");
    assert!(r.status.success(), "{}", r.stderr);
    // The rerun changes every notice (another date), and is stopped midway.
    let mut b = batch(3000);
    b["base"]["date"] = json!("2018-02-05");
    let second = write_batch(dir.path(), "b.json", &b);
    let mut child = start_long_batch(&second, &out, 3000);
    // Wait for the rerun's own first files: the marker manifest says running.
    let start = Instant::now();
    while !std::fs::read_to_string(out.join("manifest.json"))
        .is_ok_and(|t| t.contains("\"running\""))
    {
        assert!(start.elapsed() < Duration::from_secs(30));
        std::thread::sleep(Duration::from_millis(2));
    }
    std::thread::sleep(Duration::from_millis(200));
    signal(&child, libc::SIGTERM);
    let r = wait_bounded(
        child_take(&mut child),
        Duration::from_secs(20),
        "interrupted batch",
    );
    assert_eq!(r.status.signal(), Some(libc::SIGTERM), "{}", r.stderr);
    assert!(r.stderr.contains("interrupted"), "{}", r.stderr);
    let m = assert_manifest_describes_folder(&out);
    assert_eq!(m["complete"], false);
    assert_eq!(m["state"], "interrupted");
    let done = m["items"].as_array().unwrap().len();
    let earlier = m["earlier"].as_array().unwrap().len();
    assert!(
        done > 0 && done < 3000,
        "{done} items rendered before the signal"
    );
    assert_eq!(
        done + earlier,
        3000,
        "each file is this run's or listed as earlier"
    );
    assert_clean(&out);
}

/// Move a child out of a `&mut` (the wait consumes it).
fn child_take(c: &mut Child) -> Child {
    std::mem::replace(
        c,
        Command::new("true").spawn().expect("a placeholder process"),
    )
}

#[test]
fn a_second_signal_ends_the_batch_at_once() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("out");
    let input = write_batch(dir.path(), "b.json", &batch(3000));
    let mut child = start_long_batch(&input, &out, 5);
    signal(&child, libc::SIGINT);
    signal(&child, libc::SIGINT);
    let r = wait_bounded(
        child_take(&mut child),
        Duration::from_secs(10),
        "twice interrupted",
    );
    assert!(
        r.status.code() == Some(130) || r.status.signal() == Some(libc::SIGINT),
        "{:?} {}",
        r.status,
        r.stderr
    );
    // Whatever the second signal cut short, the next run starts clean.
    let r = run(&mut batch_cmd(&input, &out, &["--quiet"]), 120, "rerun");
    assert!(r.status.success(), "{}", r.stderr);
    assert_manifest_describes_folder(&out);
    assert_clean(&out);
}

#[test]
fn after_sigkill_the_next_run_cleans_up_and_knows_what_was_written() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("out");
    let input = write_batch(dir.path(), "b.json", &batch(3000));
    let mut child = start_long_batch(&input, &out, 20);
    signal(&child, libc::SIGKILL);
    let pid = child.id();
    let _ = wait_bounded(
        child_take(&mut child),
        Duration::from_secs(10),
        "killed batch",
    );
    // What a kill leaves: the lock with its pid, the journal, the running marker.
    assert_eq!(
        std::fs::read_to_string(out.join(".vanban-lock"))
            .unwrap()
            .trim(),
        pid.to_string()
    );
    assert_eq!(manifest(&out)["state"], "running");
    // A temporary file as a kill mid-write leaves it.
    std::fs::write(
        out.join(format!(".vanban-batch-{pid}-999.part")),
        b"%PDF-1.7 trunc",
    )
    .unwrap();
    // The rerun has other content (another date), so every file is replaced: only
    // what the journal recorded lets it do so without --overwrite.
    let mut b = batch(3000);
    b["base"]["date"] = json!("2018-02-05");
    let second = write_batch(dir.path(), "c.json", &b);
    let r = run(
        &mut batch_cmd(&second, &out, &["--quiet"]),
        120,
        "rerun after kill",
    );
    assert!(r.status.success(), "{}", r.stderr);
    assert!(
        r.stderr.contains(&format!("(pid {pid}) did not finish")),
        "{}",
        r.stderr
    );
    let m = assert_manifest_describes_folder(&out);
    assert_eq!(m["complete"], true);
    assert_eq!(m["succeeded"], 3000);
    assert_clean(&out);
}

#[test]
fn two_batches_into_one_folder_the_second_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("out");
    let input = write_batch(dir.path(), "b.json", &batch(2000));
    let mut first = start_long_batch(&input, &out, 5);
    let second = run(
        &mut batch_cmd(&input, &out, &["--quiet"]),
        20,
        "second batch",
    );
    assert_eq!(second.status.code(), Some(1), "{}", second.stderr);
    assert!(
        second
            .stderr
            .contains(&format!("another vanban batch (pid {})", first.id())),
        "{}",
        second.stderr
    );
    let r = wait_bounded(
        child_take(&mut first),
        Duration::from_secs(120),
        "first batch",
    );
    assert!(r.status.success(), "{}", r.stderr);
    let m = assert_manifest_describes_folder(&out);
    assert_eq!(m["succeeded"], 2000);
    assert_clean(&out);
}

#[test]
fn an_edited_output_is_kept_and_named_unless_overwrite() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("out");
    let input = write_batch(dir.path(), "b.json", &batch(5));
    let r = run(
        &mut batch_cmd(&input, &out, &["--quiet", "--format", "all"]),
        60,
        "first",
    );
    assert!(r.status.success(), "{}", r.stderr);
    let m = manifest(&out);
    let docx = m["items"][2]["files"][1]["file"]
        .as_str()
        .unwrap()
        .to_string();
    assert!(docx.ends_with(".docx"));
    let mut edited = std::fs::read(out.join(&docx)).unwrap();
    edited.extend_from_slice(b"clerk's edit");
    std::fs::write(out.join(&docx), &edited).unwrap();
    let r = run(
        &mut batch_cmd(&input, &out, &["--quiet", "--format", "all"]),
        60,
        "rerun",
    );
    assert_eq!(r.status.code(), Some(1), "{}", r.stderr);
    assert!(
        r.stderr.contains(&docx) && r.stderr.contains("--overwrite"),
        "{}",
        r.stderr
    );
    assert_eq!(
        std::fs::read(out.join(&docx)).unwrap(),
        edited,
        "the edit is kept"
    );
    let m = assert_manifest_describes_folder_except(&out, &docx);
    assert_eq!(m["succeeded"], 4);
    let r = run(
        &mut batch_cmd(&input, &out, &["--quiet", "--format", "all", "--overwrite"]),
        60,
        "rerun --overwrite",
    );
    assert!(r.status.success(), "{}", r.stderr);
    assert_ne!(std::fs::read(out.join(&docx)).unwrap(), edited);
    assert_manifest_describes_folder(&out);
}

/// As `assert_manifest_describes_folder`, for a folder where `kept` was edited: the
/// manifest lists it as an earlier run's file with the hash vanban gave it.
fn assert_manifest_describes_folder_except(out: &Path, kept: &str) -> Value {
    let m = manifest(out);
    let earlier: Vec<&str> = m["earlier"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["file"].as_str().unwrap())
        .collect();
    assert!(earlier.contains(&kept), "{earlier:?}");
    m
}

#[test]
fn an_item_that_now_fails_does_not_leave_its_old_file_looking_current() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("out");
    let good = batch(6);
    let input = write_batch(dir.path(), "b.json", &good);
    assert!(run(&mut batch_cmd(&input, &out, &["--quiet"]), 60, "first")
        .status
        .success());
    let old = manifest(&out)["items"][3]["files"][0]["file"]
        .as_str()
        .unwrap()
        .to_string();
    let mut bad = good.clone();
    bad["items"][3]["meeting"] = json!({"date": "2018-02-30"});
    let input = write_batch(dir.path(), "b.json", &bad);
    let r = run(&mut batch_cmd(&input, &out, &["--quiet"]), 60, "rerun");
    assert_eq!(r.status.code(), Some(1));
    assert!(
        r.stderr.contains("item 4") && r.stderr.contains(&old),
        "{}",
        r.stderr
    );
    assert!(!out.join(&old).exists(), "{old} still looks current");
    let m = assert_manifest_describes_folder(&out);
    assert_eq!(m["items"][3]["ok"], false);
    assert_eq!(m["items"][3]["removed"][0], old.as_str());
}

#[test]
fn a_garbage_batch_keeps_the_good_manifest() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("out");
    let input = write_batch(dir.path(), "b.json", &batch(4));
    assert!(run(&mut batch_cmd(&input, &out, &["--quiet"]), 60, "first")
        .status
        .success());
    let before = std::fs::read(out.join("manifest.json")).unwrap();
    for garbage in [
        "garbage",
        "{\"base\": {\"number\": 1, \"number\": 2}, \"items\": [{}]}",
        "{\"items\": 3}",
    ] {
        let g = dir.path().join("g.json");
        std::fs::write(&g, garbage).unwrap();
        let r = run(&mut batch_cmd(&g, &out, &[]), 20, "garbage");
        assert_eq!(r.status.code(), Some(2), "{garbage}: {}", r.stderr);
        assert!(r.stderr.contains("malformed"), "{}", r.stderr);
        assert_eq!(
            std::fs::read(out.join("manifest.json")).unwrap(),
            before,
            "{garbage}"
        );
        assert_clean(&out);
    }
}

#[test]
fn items_given_twice_stop_with_a_position_and_a_manifest_that_says_so() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("out");
    let b = batch(2);
    let text = format!(
        "{{\"base\": {},\n\"items\": {},\n\"items\": {}}}",
        b["base"], b["items"], b["items"]
    );
    let input = dir.path().join("b.json");
    std::fs::write(&input, text).unwrap();
    let r = run(
        &mut batch_cmd(&input, &out, &["--quiet"]),
        30,
        "items twice",
    );
    assert_eq!(r.status.code(), Some(2), "{}", r.stderr);
    assert!(
        r.stderr
            .contains("malformed at 3:8: `items` is given twice"),
        "{}",
        r.stderr
    );
    let m = assert_manifest_describes_folder(&out);
    assert_eq!(m["complete"], false);
    assert_eq!(m["succeeded"], 2);
}

#[test]
fn a_duplicate_key_in_an_item_fails_that_item_with_its_position() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("out");
    let b = batch(3);
    let items: Vec<String> = b["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|i| i.to_string())
        .collect();
    let dup = items[1].replacen('{', "{\"ward\": \"X\", ", 1);
    let text = format!(
        "{{\"base\": {},\n\"items\": [\n{},\n{},\n{}]}}",
        b["base"], items[0], dup, items[2]
    );
    let input = dir.path().join("b.json");
    std::fs::write(&input, text).unwrap();
    let r = run(
        &mut batch_cmd(&input, &out, &["--quiet"]),
        30,
        "duplicate key",
    );
    assert_eq!(r.status.code(), Some(1), "{}", r.stderr);
    let ward_col = dup[..dup.rfind("\"ward\"").unwrap()].chars().count() + 1;
    assert!(
        r.stderr.contains(&format!(
            "item 2: 4:{ward_col}: at `ward`: `ward` is given twice"
        )),
        "{}",
        r.stderr
    );
    assert_eq!(manifest(&out)["succeeded"], 2);
}

#[test]
fn an_oversized_item_is_refused_with_its_index_and_little_memory() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("out");
    let mut b = batch(3);
    let task = json!({"text": "Tiếp tục rà soát, hoàn thiện hồ sơ", "owner": "UBND phường"});
    b["items"][1]["body"] = json!({"tasks": vec![task; 400_000]});
    let input = write_batch(dir.path(), "b.json", &b);
    assert!(std::fs::metadata(&input).unwrap().len() > 30 << 20);
    let r = run(
        Command::new("/usr/bin/time")
            .arg("-f")
            .arg("maxrss=%M")
            .arg(BIN)
            .args([
                "batch",
                input.to_str().unwrap(),
                "--out-dir",
                out.to_str().unwrap(),
                "--quiet",
            ]),
        60,
        "oversized item",
    );
    assert_eq!(r.status.code(), Some(1), "{}", r.stderr);
    assert!(
        r.stderr.contains("item 2: 2:") || r.stderr.contains("item 2:"),
        "{}",
        r.stderr
    );
    assert!(r.stderr.contains("larger than 1 MiB"), "{}", r.stderr);
    let rss_kb: u64 = r
        .stderr
        .rsplit("maxrss=")
        .next()
        .unwrap()
        .trim()
        .parse()
        .unwrap();
    assert!(rss_kb < 200_000, "peak RSS {rss_kb} kB for a 30 MB item");
    assert_eq!(manifest(&out)["succeeded"], 2);
}

#[test]
fn huge_jobs_are_a_usage_error_not_a_panic() {
    let dir = tempfile::tempdir().unwrap();
    let input = write_batch(dir.path(), "b.json", &batch(1));
    for jobs in ["100000", "18446744073709551616", "0"] {
        let r = run(
            &mut batch_cmd(&input, &dir.path().join("out"), &["--jobs", jobs]),
            10,
            "--jobs",
        );
        assert_eq!(r.status.code(), Some(2), "--jobs {jobs}: {}", r.stderr);
        assert!(
            r.stderr.contains("--jobs") && !r.stderr.contains("panicked"),
            "{}",
            r.stderr
        );
    }
}

#[test]
fn long_vietnamese_names_fit_and_bidi_controls_are_dropped() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("out");
    let mut b = batch(2);
    b["items"][0]["ward"] = json!("Phường Thượng Thanh ".repeat(30).trim_end());
    b["items"][1]["ward"] = json!("Bồ Đề\u{202E}fdp.exe");
    let input = write_batch(dir.path(), "b.json", &b);
    let r = run(
        &mut batch_cmd(
            &input,
            &out,
            &["--quiet", "--name", "{{ward}}", "--format", "all", "--meta"],
        ),
        30,
        "long names",
    );
    // The bidi control in the ward itself may be refused by the notice's checks;
    // the name must never carry it either way.
    for n in names(&out) {
        assert!(n.len() <= 255, "{n}: {} bytes", n.len());
        assert!(!n.contains('\u{202E}'), "{n:?}");
    }
    let m = manifest(&out);
    assert_eq!(m["items"][0]["ok"], true, "{}", r.stderr);
    assert_eq!(m["items"][0]["files"].as_array().unwrap().len(), 3);
}

#[test]
fn new_files_follow_the_umask() {
    let dir = tempfile::tempdir().unwrap();
    let input = write_batch(dir.path(), "b.json", &batch(2));
    for (umask, mode) in [("077", 0o600), ("022", 0o644)] {
        let out = dir.path().join(format!("out{umask}"));
        let r = run(
            Command::new("sh").arg("-c").arg(format!(
                "umask {umask} && exec '{BIN}' batch '{}' --out-dir '{}' --quiet",
                input.display(),
                out.display()
            )),
            30,
            "umask",
        );
        assert!(r.status.success(), "{}", r.stderr);
        for n in names(&out) {
            let m = std::fs::metadata(out.join(&n))
                .unwrap()
                .permissions()
                .mode()
                & 0o777;
            assert_eq!(m, mode, "{n} under umask {umask}");
        }
    }
}

#[test]
fn a_read_only_folder_is_an_output_failure_exit_1() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::set_permissions(dir.path(), std::fs::Permissions::from_mode(0o755)).unwrap();
    let input = write_batch(dir.path(), "b.json", &batch(3));
    std::fs::set_permissions(&input, std::fs::Permissions::from_mode(0o644)).unwrap();
    let out = dir.path().join("out");
    std::fs::create_dir(&out).unwrap();
    std::fs::set_permissions(&out, std::fs::Permissions::from_mode(0o555)).unwrap();
    let mut cmd = batch_cmd(&input, &out, &[]);
    // SAFETY: geteuid has no preconditions.
    if unsafe { libc::geteuid() } == 0 {
        // Root writes through permissions (CI runs as root): the run drops to an
        // unprivileged user, for whom the folder is read-only.
        cmd.uid(65534).gid(65534);
    }
    let r = run(&mut cmd, 20, "read-only folder");
    assert_eq!(r.status.code(), Some(1), "{}", r.stderr);
    assert_eq!(count(&r.stderr, "Permission denied"), 1, "{}", r.stderr);
    assert!(names(&out).is_empty());
}
