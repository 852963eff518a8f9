//! The steps of issuance as the tests run them: the CLI with the test key's password
//! in its variable, bounded in time, and the sign and issue steps with the flags every
//! test gives (the fixtures' signature and seal images, fixed signing times), so that
//! a test says only what it varies: the keys, the number, the day.

use super::pki::{pki, PASSWORD};
use std::path::Path;
use std::process::{Command, Output};
use std::time::Duration;

/// The signer's signing time of every test: the same time gives the same bytes.
pub const SIGN_TIME: &str = "2026-12-01T09:30:00+07:00";
/// The agency's signing time at issuance.
pub const ISSUE_TIME: &str = "2026-12-01T10:15:00+07:00";
/// The variable the test key's password is in.
pub const PASSWORD_ENV: &str = "VANBAN_PW";

/// A path as an argument.
pub fn s(p: &Path) -> &str {
    p.to_str().expect("test paths are UTF-8")
}

/// `vanban --lang LANG ARGS` from the repository's root (the fixtures' images are
/// named from there), the key's password in [`PASSWORD_ENV`], killed (and the test
/// failed) past two minutes.
pub fn vanban_in(lang: &str, args: &[&str]) -> Output {
    super::run_bounded(
        Command::new(env!("CARGO_BIN_EXE_vanban"))
            .current_dir(env!("CARGO_MANIFEST_DIR"))
            .env(PASSWORD_ENV, PASSWORD)
            .args(["--lang", lang])
            .args(args),
        Duration::from_secs(120),
    )
}

/// [`vanban_in`] English, the language the tests' assertions on words use.
pub fn vanban(args: &[&str]) -> Output {
    vanban_in("en", args)
}

/// What a run printed, both streams, for a failed assertion's message.
pub fn text(o: &Output) -> String {
    format!(
        "{}{}",
        String::from_utf8_lossy(&o.stdout),
        String::from_utf8_lossy(&o.stderr)
    )
}

/// Whether python3 imports each of `modules` (`"pikepdf, fontTools"`); missing under
/// `CI=true` is a failure, as .ci/run installs them.
pub fn have_python(modules: &str) -> bool {
    let ok = Command::new("python3")
        .args(["-c", &format!("import {modules}")])
        .output()
        .is_ok_and(|o| o.status.success());
    if !ok {
        if std::env::var("CI").as_deref() == Ok("true") {
            panic!("python3 with {modules} is required in CI (.ci/run installs it)");
        }
        eprintln!("note: python3 with {modules} not found; skipping");
    }
    ok
}

/// `vanban sign DRAFT --p12 KEY … --out SIGNED` with the fixtures' signature image
/// at [`SIGN_TIME`]; `key` names a file of the test PKI (`signer.p12`).
pub fn sign(draft: &Path, signed: &Path, key: &str) -> Output {
    vanban(&[
        "sign",
        s(draft),
        "--p12",
        s(&pki().path(key)),
        "--password-env",
        PASSWORD_ENV,
        "--image",
        "fixtures/images/signature.png",
        "--time",
        SIGN_TIME,
        "--out",
        s(signed),
    ])
}

/// `vanban issue SIGNED --number N --date D --p12 KEY … --out ISSUED` with the
/// fixtures' seal at [`ISSUE_TIME`].
pub fn issue(signed: &Path, issued: &Path, key: &str, number: &str, date: &str) -> Output {
    vanban(&[
        "issue",
        s(signed),
        "--number",
        number,
        "--date",
        date,
        "--p12",
        s(&pki().path(key)),
        "--password-env",
        PASSWORD_ENV,
        "--seal",
        "fixtures/images/seal.png",
        "--time",
        ISSUE_TIME,
        "--out",
        s(issued),
    ])
}

/// [`sign`] then [`issue`] as number 125 of 2026-12-01, each asserted to succeed.
pub fn sign_and_issue(draft: &Path, signed: &Path, issued: &Path, signer: &str, agency: &str) {
    let r = sign(draft, signed, signer);
    assert!(r.status.success(), "sign: {}", text(&r));
    let r = issue(signed, issued, agency, "125", "2026-12-01");
    assert!(r.status.success(), "issue: {}", text(&r));
}
