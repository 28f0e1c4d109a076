//! The HTML report in a real browser: the page of the hand-built sample report
//! (`src/report/attainment/sample_report.rs`) is loaded by Debian's headless `chromium`, which
//! dumps the DOM it built, takes a screenshot and prints it to PDF. The DOM's text must hold
//! the figures and the hostile strings as text, and no element the data tried to inject.
//!
//! Without `chromium` on the `PATH` the test says so loudly and passes, unless
//! `SLAGATE_REQUIRE_CHROMIUM` is set (`.ci/run` sets it after installing `chromium`), when it
//! fails. The screenshot and the PDF are left in `target/tmp/html/` to look at.

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use slagate::report::attainment::{AttainmentFormat, render};

/// The sample report, the same the unit tests render.
mod sample {
    use std::str::FromStr;
    use std::sync::Arc;

    use rust_decimal::Decimal;
    use slagate::measure::data::{Ignored, Origin};
    use slagate::measure::outcome::{
        Agreement, Budget, Claim, Credit, Measured, Objective, Owed, Parties, Report, Source,
        Window,
    };
    use slagate::model::Date;

    include!("../src/report/attainment/sample_report.rs");
}

/// The browser, or `None` when the test is to be skipped.
fn chromium() -> Option<PathBuf> {
    let found = std::env::var_os("PATH").and_then(|paths| {
        std::env::split_paths(&paths)
            .map(|p| p.join("chromium"))
            .find(|p| p.is_file())
    });
    if found.is_none() {
        assert!(
            std::env::var_os("SLAGATE_REQUIRE_CHROMIUM").is_none(),
            "SLAGATE_REQUIRE_CHROMIUM is set but `chromium` is not on the PATH \
             (apt-get install -y --no-install-recommends chromium)"
        );
        // Straight to the process's stderr, not through `eprintln!`, which the test harness
        // captures and hides for a passing test: the skip must be seen.
        let _ = std::io::Write::write_all(
            &mut std::io::stderr(),
            b"\n!!! SKIPPED: tests/html.rs needs Debian's `chromium` on the PATH; install it \
              or set SLAGATE_REQUIRE_CHROMIUM=1 to make this a failure !!!\n\n",
        );
    }
    found
}

/// Runs the browser headless on `args` with its own profile, within a minute; its stdout.
fn run(chromium: &Path, profile: &Path, args: &[&str]) -> String {
    let mut child = Command::new(chromium)
        .args([
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--no-first-run",
            "--no-default-browser-check",
            "--disable-extensions",
            "--disable-dev-shm-usage",
            "--hide-scrollbars",
        ])
        .arg(format!("--user-data-dir={}", profile.display()))
        .args(args)
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("chromium starts");
    // Read stdout on a thread so a large DOM cannot fill the pipe while we wait.
    let mut stdout = child.stdout.take().expect("piped");
    let reader = std::thread::spawn(move || {
        let mut s = String::new();
        std::io::Read::read_to_string(&mut stdout, &mut s).expect("utf-8 DOM");
        s
    });
    let deadline = Instant::now() + Duration::from_secs(60);
    let status = loop {
        if let Some(status) = child.try_wait().expect("wait") {
            break status;
        }
        if Instant::now() > deadline {
            child.kill().expect("kill the browser we started");
            let _ = child.wait();
            panic!("chromium {args:?} took more than 60 s");
        }
        std::thread::sleep(Duration::from_millis(100));
    };
    let mut stderr = String::new();
    if let Some(mut e) = child.stderr.take() {
        let _ = std::io::Read::read_to_string(&mut e, &mut stderr);
    }
    assert!(status.success(), "chromium {args:?}: {status}\n{stderr}");
    reader.join().expect("reader")
}

/// A screenshot of `url` at `size` ("width,height") written to `shot`: its bytes, checked to
/// be a PNG.
fn screenshot(chromium: &Path, profile: &Path, url: &str, shot: &Path, size: &str) -> Vec<u8> {
    run(
        chromium,
        profile,
        &[
            &format!("--screenshot={}", shot.display()),
            &format!("--window-size={size}"),
            url,
        ],
    );
    let png = std::fs::read(shot).expect("the screenshot was written");
    assert_eq!(png[..8], *b"\x89PNG\r\n\x1a\n", "a PNG");
    png
}

/// The text of an HTML serialisation: tags dropped (with the contents of `<style>`), the
/// five entities the serialiser writes undone.
fn text_of(dom: &str) -> String {
    let mut text = String::new();
    let mut rest = dom;
    while let Some(open) = rest.find('<') {
        text.push_str(&rest[..open]);
        rest = &rest[open..];
        if rest.starts_with("<style") {
            let end = rest.find("</style>").expect("closed style");
            rest = &rest[end + "</style>".len()..];
            continue;
        }
        let close = rest.find('>').expect("closed tag");
        // A tag ends a word: cells of a row do not run together.
        text.push(' ');
        rest = &rest[close + 1..];
    }
    text.push_str(rest);
    text.replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&quot;", "\"")
        .replace("&#39;", "'")
        .replace("&nbsp;", "\u{a0}")
        .replace("&amp;", "&")
}

/// The elements of the DOM by name, lowercased: `<svg ...>` is `svg`.
fn elements(dom: &str) -> Vec<String> {
    dom.split('<')
        .skip(1)
        .filter(|t| !t.starts_with('/') && !t.starts_with('!'))
        .map(|t| {
            t.chars()
                .take_while(|c| c.is_ascii_alphanumeric() || *c == '-')
                .collect::<String>()
                .to_ascii_lowercase()
        })
        .collect()
}

#[test]
fn the_page_renders_in_chromium_with_the_data_as_text() {
    let Some(chromium) = chromium() else {
        return;
    };
    let dir = PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join("html");
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    let profile = tempfile::tempdir().unwrap();
    let page = dir.join("report.html");
    std::fs::write(&page, render(&sample::report(), AttainmentFormat::Html)).unwrap();
    let url = format!("file://{}", page.display());

    let dom = run(&chromium, profile.path(), &["--dump-dom", &url]);
    let names = elements(&dom);
    // The page's own elements, and none of the data's: no script, no image, no iframe.
    for injected in ["script", "img", "iframe", "object", "embed", "link"] {
        assert!(
            !names.iter().any(|n| n == injected),
            "<{injected}> in the DOM"
        );
    }
    assert_eq!(names.iter().filter(|n| *n == "svg").count(), 5);
    assert_eq!(names.iter().filter(|n| *n == "table").count(), 8);
    assert_eq!(names.iter().filter(|n| *n == "h2").count(), 2);

    let text = text_of(&dom);
    for figure in [
        // The missed November, truncated (99.89996...%) and never rounded up to 99.9%.
        "99.899%",
        "missed  by less than 0.001%",
        "43m 11s of 43m 10.2s (100.03%)",
        "10% of the fee = 1250 EUR (tier < 99.9%)",
        "claim by  2026-12-30  via the support portal (https://support.acme.example/claims)",
        "30d from end-of-month",
        "2 breaches; credit owed: 10% of the 2026-11 fee; earliest claim deadline 2026-12-30",
        // The partial first window and the undefined one.
        "2026-10 partial window  2026-10-15 to  2026-10-31",
        "undefined  nothing left to measure, counted as met",
        "T-1042 after 1h 30m",
        "target >= 99.9%",
        "target >= 500 leads",
        "95% within <= 1h",
    ] {
        assert!(
            text.contains(figure),
            "{figure:?} not in the page's text:\n{text}"
        );
    }
    // The hostile strings, as text: the markup, the pipe, the emphasis and the backticks
    // as written; the line break and the override as visible escapes.
    let shown = sample::HOSTILE
        .replace('\n', "\\u{a}")
        .replace('\u{202E}', "\\u{202e}");
    assert!(text.contains(&shown), "{shown:?} not in:\n{text}");
    assert!(text.contains("<img src=x onerror=alert(1)>"));
    assert!(text.contains("Platform | team **ops**"));
    assert!(!dom.contains('\u{202E}'));

    let png = screenshot(
        &chromium,
        profile.path(),
        &url,
        &dir.join("report.png"),
        "1200,1600",
    );
    // IHDR: width and height, big-endian, at bytes 16..24.
    let width = u32::from_be_bytes(png[16..20].try_into().unwrap());
    let height = u32::from_be_bytes(png[20..24].try_into().unwrap());
    assert_eq!((width, height), (1200, 1600));
    // A blank 1200x1600 page compresses to a few KB; text, tables and charts do not.
    assert!(
        (30_000..20_000_000).contains(&png.len()),
        "{} bytes",
        png.len()
    );

    let pdf = dir.join("report.pdf");
    run(
        &chromium,
        profile.path(),
        &[
            &format!("--print-to-pdf={}", pdf.display()),
            "--no-pdf-header-footer",
            &url,
        ],
    );
    let pdf = std::fs::read(&pdf).expect("the PDF was written");
    assert!(pdf.starts_with(b"%PDF-"), "a PDF");
    assert!(pdf.len() > 10_000, "{} bytes", pdf.len());
}

/// `slagate render` with `args` in `dir`; its stdout (exit 0 asserted).
fn slagate_render(dir: &Path, args: &[&str]) -> String {
    let out = Command::new(env!("CARGO_BIN_EXE_slagate"))
        .arg("render")
        .args(args)
        .arg("--today=2026-11-01")
        .current_dir(dir)
        .env("GIT_CONFIG_NOSYSTEM", "1")
        .env("GIT_CONFIG_GLOBAL", "/dev/null")
        .output()
        .expect("slagate runs");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).expect("utf-8")
}

fn git(dir: &Path, args: &[&str]) {
    let status = Command::new("git")
        .args(["-c", "user.name=t", "-c", "user.email=t@example.com"])
        .args(args)
        .current_dir(dir)
        .env("GIT_CONFIG_NOSYSTEM", "1")
        .env("GIT_CONFIG_GLOBAL", "/dev/null")
        .stdout(Stdio::null())
        .status()
        .expect("git runs");
    assert!(status.success(), "git {args:?}");
}

/// The contract and the redline pages of `slagate render`, built by Chromium from an
/// agreement whose free text is hostile (`tests/fixtures/render/hostile.sla.yaml`): the text
/// reads as written, nothing of it became an element, the redline's marks are `<del>` and
/// `<ins>`, and the page prints to PDF.
#[test]
fn the_contract_and_its_redline_render_in_chromium_with_the_text_as_text() {
    let Some(chromium) = chromium() else {
        return;
    };
    let dir = PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join("render");
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    let profile = tempfile::tempdir().unwrap();
    let repo = tempfile::tempdir().unwrap();
    let fixture = std::fs::read_to_string(
        Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/render/hostile.sla.yaml"),
    )
    .unwrap();
    std::fs::write(repo.path().join("hostile.sla.yaml"), &fixture).unwrap();
    std::fs::write(
        repo.path().join("acme.sla.yaml"),
        std::fs::read(Path::new(env!("CARGO_MANIFEST_DIR")).join("policies/acme-crm.sla.yaml"))
            .unwrap(),
    )
    .unwrap();

    // The contract page of both agreements.
    let page = dir.join("contract.html");
    std::fs::write(&page, slagate_render(repo.path(), &["--format", "html"])).unwrap();
    let url = format!("file://{}", page.display());
    let dom = run(&chromium, profile.path(), &["--dump-dom", &url]);
    let names = elements(&dom);
    for injected in [
        "script", "img", "iframe", "object", "embed", "link", "b", "code",
    ] {
        assert!(
            !names.iter().any(|n| n == injected),
            "<{injected}> in the DOM"
        );
    }
    assert_eq!(names.iter().filter(|n| *n == "article").count(), 2);
    // The only links are the two contents lists' own.
    let anchors = dom.matches("<a ").count();
    assert_eq!(anchors, dom.matches("<a href=\"#a").count());
    let text = text_of(&dom);
    for phrase in [
        "<script>alert(1)</script> | `code` [x](javascript:alert(1)) @octocat #12 https://evil.example **b** ~~s~~ \\u{202e}end",
        "\"'><img src=x onerror=alert(1)>",
        "# heading",
        "=== rule",
        // The customer SLA's figures in words, computed in the unit tests.
        "Less than 99.9% but at least 99.5%",
        "13 minutes 3 seconds per calendar month on average",
        "the next review is due by 15 September 2027",
        "within 3 business days, during business hours",
    ] {
        assert!(
            text.contains(phrase),
            "{phrase:?} not in the page's text:\n{text}"
        );
    }
    assert!(!dom.contains('\u{202E}'));
    let png = screenshot(
        &chromium,
        profile.path(),
        &url,
        &dir.join("contract.png"),
        "1000,1800",
    );
    assert!(png.len() > 30_000, "{} bytes: a blank page?", png.len());
    let pdf = dir.join("contract.pdf");
    run(
        &chromium,
        profile.path(),
        &[
            &format!("--print-to-pdf={}", pdf.display()),
            "--no-pdf-header-footer",
            &url,
        ],
    );
    let pdf = std::fs::read(&pdf).expect("the PDF was written");
    assert!(pdf.starts_with(b"%PDF-"), "a PDF");

    // The redline: the hostile agreement's target lowered and its disputes clause reworded.
    git(repo.path(), &["init", "-q", "-b", "main"]);
    git(repo.path(), &["add", "-A"]);
    git(repo.path(), &["commit", "-q", "-m", "base"]);
    let head = fixture
        .replacen("target: '>= 99.9%'", "target: '>= 99.5%'", 1)
        .replace(
            "  disputes: \"<script>",
            "  disputes: \"<img src=y onerror=alert(2)> <script>",
        );
    assert_ne!(head, fixture);
    std::fs::write(repo.path().join("hostile.sla.yaml"), head).unwrap();
    let page = dir.join("redline.html");
    std::fs::write(
        &page,
        slagate_render(repo.path(), &["--format", "html", "--base", "main"]),
    )
    .unwrap();
    let url = format!("file://{}", page.display());
    let dom = run(&chromium, profile.path(), &["--dump-dom", &url]);
    let names = elements(&dom);
    for injected in ["script", "img", "iframe", "link"] {
        assert!(
            !names.iter().any(|n| n == injected),
            "<{injected}> in the redline's DOM"
        );
    }
    assert!(dom.contains("<del>99.9%</del> <ins>99.5%</ins>"), "{dom}");
    assert!(names.iter().filter(|n| *n == "ins").count() >= 2);
    let text = text_of(&dom);
    assert!(text.contains("<img src=y onerror=alert(2)>"), "{text}");
    assert!(text.contains("weakened for the customer"), "{text}");
    let shot = dir.join("redline.png");
    run(
        &chromium,
        profile.path(),
        &[
            &format!("--screenshot={}", shot.display()),
            "--window-size=1000,1400",
            &url,
        ],
    );
    assert!(std::fs::read(&shot).unwrap().len() > 20_000);
}
