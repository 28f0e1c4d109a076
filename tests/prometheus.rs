//! `slagate report`'s Prometheus edge against a real Prometheus server (Debian's
//! `prometheus` package, which brings `promtool`).
//!
//! The test writes a month of 1-minute samples as OpenMetrics, backfills a TSDB from it with
//! `promtool tsdb create-blocks-from openmetrics`, starts `prometheus` on a free loopback port
//! on that TSDB, fetches both series through `measure::prometheus::Client` (4 pages each),
//! and checks them sample for sample against the same data written as a `query_range` answer
//! and read through the matrix reader. The server is killed when the test ends, panics
//! included.
//!
//! Skipped, loudly, only when `prometheus` or `promtool` is not on `PATH` and
//! `SLAGATE_REQUIRE_PROMETHEUS` is not set; `.ci/run` sets it, so CI fails instead.

use std::fmt::Write as _;
use std::io::Write as _;
use std::net::TcpListener;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::Arc;
use std::time::{Duration, Instant};

use jiff::Timestamp;
use rust_decimal::Decimal;
use slagate::measure::data::bindings::{self, Source};
use slagate::measure::data::prometheus as matrix;
use slagate::measure::data::{Missing, SeriesKind};
use slagate::measure::prometheus::{Client, MAX_POINTS, pages};

/// 2025-11-01T00:00:00Z: a 30-day month, 43,200 minutes.
const START: i64 = 1_761_955_200;
const MINUTES: i64 = 30 * 24 * 60;

fn on_path(name: &str) -> Option<PathBuf> {
    let path = std::env::var_os("PATH")?;
    std::env::split_paths(&path)
        .map(|d| d.join(name))
        .find(|p| p.is_file())
}

/// `prometheus` and `promtool`, or `None` (after a loud message) when the test may skip.
fn binaries() -> Option<(PathBuf, PathBuf)> {
    match (on_path("prometheus"), on_path("promtool")) {
        (Some(p), Some(t)) => Some((p, t)),
        _ if std::env::var_os("SLAGATE_REQUIRE_PROMETHEUS").is_some() => panic!(
            "SLAGATE_REQUIRE_PROMETHEUS is set but `prometheus` or `promtool` is not on PATH \
             (Debian: `apt-get install -y prometheus`)"
        ),
        _ => {
            // Straight to the process's stderr: libtest captures `eprintln!` of a passing
            // test, and a skip must be seen.
            let _ = std::io::stderr().write_all(
                b"\n!!! SKIPPED: the real-Prometheus test needs `prometheus` and `promtool` on PATH\n\
                  !!! (Debian: `apt-get install -y prometheus`); set SLAGATE_REQUIRE_PROMETHEUS=1 to fail instead\n\n",
            );
            None
        }
    }
}

/// The minute's offset from `START` of `2025-11-DD HH:MM` UTC.
fn minute(day: i64, hour: i64, min: i64) -> i64 {
    (day - 1) * 1440 + hour * 60 + min
}

/// The "up" series: 0 during two outages, no sample during a gap, 1 otherwise.
fn up_value(m: i64) -> Option<&'static str> {
    // Outage 1: 2025-11-03 10:00 to 10:45, 45 minutes down.
    let outage1 = minute(3, 10, 0)..minute(3, 10, 45);
    // Outage 2: 2025-11-17 23:50 to 2025-11-18 00:20, 30 minutes down, across midnight.
    let outage2 = minute(17, 23, 50)..minute(18, 0, 20);
    // Gap: 2025-11-25 04:00 to 04:10, 10 minutes without a sample.
    let gap = minute(25, 4, 0)..minute(25, 4, 10);
    if gap.contains(&m) {
        None
    } else if outage1.contains(&m) || outage2.contains(&m) {
        Some("0")
    } else {
        Some("1")
    }
}

/// The ratio series: 0.99 for an hour, 0.5 for 20 minutes, 1 otherwise; never missing.
fn ratio_value(m: i64) -> &'static str {
    // 2025-11-10 12:00 to 13:00 at 0.99; 2025-11-20 08:00 to 08:20 at 0.5.
    if (minute(10, 12, 0)..minute(10, 13, 0)).contains(&m) {
        "0.99"
    } else if (minute(20, 8, 0)..minute(20, 8, 20)).contains(&m) {
        "0.5"
    } else {
        "1"
    }
}

fn up_samples() -> Vec<(i64, &'static str)> {
    (0..MINUTES)
        .filter_map(|m| up_value(m).map(|v| (START + m * 60, v)))
        .collect()
}

fn ratio_samples() -> Vec<(i64, &'static str)> {
    (0..MINUTES)
        .map(|m| (START + m * 60, ratio_value(m)))
        .collect()
}

fn openmetrics() -> String {
    let mut out = String::new();
    out.push_str("# HELP slagate_up Whether the API answered its probe in the minute.\n");
    out.push_str("# TYPE slagate_up gauge\n");
    for (t, v) in up_samples() {
        let _ = writeln!(out, "slagate_up{{job=\"api\"}} {v} {t}");
    }
    out.push_str("# HELP slagate_ratio Good over total checkout requests in the minute.\n");
    out.push_str("# TYPE slagate_ratio gauge\n");
    for (t, v) in ratio_samples() {
        let _ = writeln!(out, "slagate_ratio{{job=\"checkout\"}} {v} {t}");
    }
    out.push_str("# EOF\n");
    out
}

/// A `query_range` answer of one series, as Prometheus writes it (one sample a line here, so
/// the reader's line numbers are checked too).
fn answer(labels: &str, samples: &[(i64, &str)]) -> String {
    let values: Vec<String> = samples
        .iter()
        .map(|(t, v)| format!("[{t},\"{v}\"]"))
        .collect();
    format!(
        "{{\"status\":\"success\",\"data\":{{\"resultType\":\"matrix\",\"result\":[{{\"metric\":{labels},\"values\":[\n{}\n]}}]}}}}\n",
        values.join(",\n")
    )
}

/// The Prometheus server, killed on drop (also when the test panics).
struct Server {
    child: Child,
    url: String,
    log: PathBuf,
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn free_port() -> u16 {
    let l = TcpListener::bind("127.0.0.1:0").expect("a loopback port");
    l.local_addr().expect("its address").port()
}

fn start(prometheus: &Path, tsdb: &Path, dir: &Path) -> Server {
    let config = dir.join("prometheus.yml");
    std::fs::write(
        &config,
        "global:\n  scrape_interval: 1m\nscrape_configs: []\n",
    )
    .unwrap();
    let log = dir.join("prometheus.log");
    let port = free_port();
    let child = Command::new(prometheus)
        .arg(format!("--config.file={}", config.display()))
        .arg(format!("--storage.tsdb.path={}", tsdb.display()))
        .arg(format!("--web.listen-address=127.0.0.1:{port}"))
        // The backfilled month is in the past: keep it.
        .arg("--storage.tsdb.retention.time=100y")
        // An evaluation at t sees only the sample at t, so a minute without a sample is
        // missing in the answer as in the data (the default 5 minutes would carry the last
        // sample over the gap).
        .arg("--query.lookback-delta=30s")
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(std::fs::File::create(&log).unwrap())
        .spawn()
        .expect("prometheus starts");
    let server = Server {
        child,
        url: format!("http://127.0.0.1:{port}"),
        log,
    };
    let agent = ureq::Agent::config_builder()
        .http_status_as_error(false)
        .proxy(None)
        .timeout_global(Some(Duration::from_secs(2)))
        .build()
        .new_agent();
    let deadline = Instant::now() + Duration::from_secs(120);
    loop {
        if let Ok(r) = agent.get(format!("{}/-/ready", server.url)).call() {
            if r.status().is_success() {
                return server;
            }
        }
        assert!(
            Instant::now() < deadline,
            "prometheus was not ready in 120 s; its log:\n{}",
            std::fs::read_to_string(&server.log).unwrap_or_default()
        );
        std::thread::sleep(Duration::from_millis(200));
    }
}

fn decimal(s: &str) -> Decimal {
    s.parse().unwrap()
}

#[test]
fn a_month_from_a_real_prometheus_matches_the_same_data_read_from_a_file() {
    let Some((prometheus, promtool)) = binaries() else {
        return;
    };
    let dir = tempfile::tempdir().unwrap();
    let om = dir.path().join("month.om");
    std::fs::File::create(&om)
        .unwrap()
        .write_all(openmetrics().as_bytes())
        .unwrap();
    let tsdb = dir.path().join("tsdb");
    let out = Command::new(&promtool)
        .args(["tsdb", "create-blocks-from", "openmetrics", "--quiet"])
        .arg(&om)
        .arg(&tsdb)
        .output()
        .expect("promtool runs");
    assert!(
        out.status.success(),
        "promtool failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    let server = start(&prometheus, &tsdb, dir.path());

    // The bindings: the up series asked of the server, the ratio asked too, and the same
    // two series from the files this test writes beside them.
    let bindings_file = dir.path().join("bindings.yaml");
    std::fs::write(
        &bindings_file,
        "objectives:\n\
         \x20 - objective: availability\n\
         \x20   query: 'slagate_up{job=\"api\"}'\n\
         \x20   kind: up\n\
         \x20   missing: down\n\
         \x20 - objective: checkout-success\n\
         \x20   query: 'slagate_ratio'\n\
         \x20   kind: ratio\n\
         \x20   missing: excluded\n\
         \x20 - objective: availability\n\
         \x20   agreement: from-file\n\
         \x20   file: up.json\n\
         \x20   kind: up\n\
         \x20 - objective: checkout-success\n\
         \x20   agreement: from-file\n\
         \x20   file: ratio.json\n\
         \x20   kind: ratio\n\
         \x20   missing: excluded\n\
         \x20 - objective: both\n\
         \x20   query: '{__name__=~\"slagate_.*\"}'\n\
         \x20   kind: up\n",
    )
    .unwrap();
    std::fs::write(
        dir.path().join("up.json"),
        answer(
            "{\"__name__\":\"slagate_up\",\"job\":\"api\"}",
            &up_samples(),
        ),
    )
    .unwrap();
    std::fs::write(
        dir.path().join("ratio.json"),
        answer(
            "{\"__name__\":\"slagate_ratio\",\"job\":\"checkout\"}",
            &ratio_samples(),
        ),
    )
    .unwrap();
    let name: Arc<str> = Arc::from(bindings_file.to_string_lossy().as_ref());
    let b = bindings::read(&name, std::fs::read(&bindings_file).unwrap()).unwrap();
    assert_eq!(b.objectives.len(), 5);

    let client = Client::new(&server.url).unwrap();
    let start = Timestamp::from_second(START).unwrap();
    let end = Timestamp::from_second(START + MINUTES * 60).unwrap();

    // A month is 4 pages: 43,200 = 11,000 + 11,000 + 11,000 + 10,200.
    let plan = pages(START, START + MINUTES * 60);
    assert_eq!(plan.len(), 4);
    assert!(plan.iter().all(|(a, b)| (b - a) / 60 < MAX_POINTS));

    let from_file = |i: usize| {
        let Source::File { path, .. } = &b.objectives[i].source else {
            panic!("binding {i} reads a file");
        };
        let file: Arc<str> = Arc::from(path.to_string_lossy().as_ref());
        matrix::read(
            &file,
            &std::fs::read_to_string(path).unwrap(),
            &b.objectives[i].target(),
        )
        .unwrap()
    };

    // --- availability: the up series ---
    let before = client.requests();
    let up = client.fetch(&b.objectives[0], start, end).unwrap();
    assert_eq!(up.pages, 4);
    assert_eq!(client.requests() - before, 4, "one request a page");
    let s = &up.series;
    assert_eq!(
        (s.kind, s.missing, s.step),
        (SeriesKind::Up, Missing::Down, 60)
    );
    // 43,200 minutes - 10 without a sample = 43,190 samples.
    assert_eq!(s.samples.len(), 43_190);
    // Down: 45 (Nov 3, 10:00-10:45) + 30 (Nov 17 23:50 - Nov 18 00:20) = 75 minutes.
    let down = s.samples.iter().filter(|(_, v)| v.is_zero()).count();
    assert_eq!(down, 75);
    // Up: 43,190 - 75 = 43,115 minutes.
    let up_minutes = s.samples.iter().filter(|(_, v)| *v == Decimal::ONE).count();
    assert_eq!(up_minutes, 43_115);
    // No duplicate at the seams: strictly ascending, and the first and last minutes there.
    assert!(s.samples.windows(2).all(|w| w[0].0 < w[1].0));
    assert_eq!(s.samples[0].0, START);
    assert_eq!(s.samples.last().unwrap().0, START + (MINUTES - 1) * 60);
    // The 10-minute gap is missing, not filled: 2025-11-25 04:00 is minute 34,800.
    let gap_start = START + minute(25, 4, 0) * 60;
    assert!(
        !s.samples
            .iter()
            .any(|(t, _)| (gap_start..gap_start + 600).contains(t))
    );
    // Sample for sample the same as the file.
    let file_up = from_file(2);
    assert_eq!(file_up.samples, s.samples);
    assert_eq!(file_up.agreement.as_deref(), Some("from-file"));

    // --- checkout-success: the ratio ---
    let ratio = client.fetch(&b.objectives[1], start, end).unwrap();
    assert_eq!(ratio.pages, 4);
    let r = &ratio.series;
    assert_eq!((r.kind, r.missing), (SeriesKind::Ratio, Missing::Excluded));
    assert_eq!(r.samples.len(), 43_200);
    // Sum of the ratios: 43,200 - 60 x (1 - 0.99) - 20 x (1 - 0.5) = 43,200 - 0.6 - 10
    // = 43,189.4, exact (the values are read as decimals from Prometheus's text).
    let sum: Decimal = r.samples.iter().map(|(_, v)| *v).sum();
    assert_eq!(sum, decimal("43189.4"));
    assert_eq!(
        r.samples
            .iter()
            .filter(|(_, v)| *v == decimal("0.99"))
            .count(),
        60
    );
    assert_eq!(from_file(3).samples, r.samples);

    // --- what Prometheus refuses, said with its own words ---
    // Several series: the message says how to aggregate.
    let e = client.fetch(&b.objectives[4], start, end).unwrap_err();
    assert!(e.message.contains("2 series"), "{e}");
    assert!(
        e.help.as_deref().unwrap_or_default().contains("sum by ()"),
        "{e}"
    );
    assert_eq!(e.origin.line, 19, "{e}");
    // A syntax error: HTTP 400 with Prometheus's `error` text.
    let err = client.query_range("sum(", START, START + 60).unwrap_err();
    assert!(
        err.contains("HTTP 400") && err.contains("parse error"),
        "{err}"
    );
    // The limit the pages stay under: 11,002 points are refused (11,001 still pass, as
    // Prometheus compares (end - start) / step with 11,000).
    let err = client
        .query_range("slagate_up", START, START + 11_001 * 60)
        .unwrap_err();
    assert!(
        err.contains("exceeded maximum resolution of 11,000 points"),
        "{err}"
    );
    // Nothing in an error names credentials: the same server through a URL with them.
    let with_creds = Client::new(&server.url.replace("://", "://bob:hunter2@")).unwrap();
    let err = with_creds
        .query_range("sum(", START, START + 60)
        .unwrap_err();
    assert!(!err.contains("hunter2") && !err.contains("bob"), "{err}");

    // --- `slagate report --prometheus`: the same figures live and from the files ---
    report_live_and_from_files(&server.url, dir.path());

    // Stopped on drop: the port no longer answers.
    let addr = server.url.trim_start_matches("http://").to_string();
    drop(server);
    assert!(
        std::net::TcpStream::connect(&addr).is_err(),
        "prometheus still listens on {addr} after the test"
    );
}

fn fixtures() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/report/prometheus")
}

fn fixture_bindings() -> bindings::Bindings {
    let path = fixtures().join("bindings.yaml");
    let name: Arc<str> = Arc::from(path.to_string_lossy().as_ref());
    bindings::read(&name, std::fs::read(&path).unwrap()).unwrap()
}

fn read_bound(b: &bindings::Binding) -> Result<slagate::measure::data::Series, String> {
    let Source::File { path, .. } = &b.source else {
        panic!("a file binding");
    };
    let file: Arc<str> = Arc::from(path.to_string_lossy().as_ref());
    let text = std::fs::read_to_string(path).unwrap();
    matrix::read(&file, &text, &b.target()).map_err(|e| e.to_string())
}

#[test]
fn saved_answers_of_a_real_prometheus_read_with_hand_counted_minutes() {
    let b = fixture_bindings();
    assert_eq!(b.objectives.len(), 3);
    assert!(matches!(&b.objectives[0].source, Source::Query(q) if q.starts_with("min by ()")));
    assert_eq!(b.service_of("API"), Some("api"));

    // up-outage.json: 09:55 to 10:50 inclusive is 56 minutes; down 10:00 to 10:44 is 45;
    // up 09:55-09:59 (5) and 10:45-10:50 (6) is 11.
    let s = read_bound(&b.objectives[1]).unwrap();
    assert_eq!(s.agreement.as_deref(), Some("acme-api-saved"));
    assert_eq!(s.missing, Missing::Excluded);
    assert_eq!(s.samples.len(), 56);
    assert_eq!(s.samples.iter().filter(|(_, v)| v.is_zero()).count(), 45);
    assert_eq!(
        s.samples.iter().filter(|(_, v)| *v == Decimal::ONE).count(),
        11
    );
    // 1762164000 is 2025-11-03T10:00:00Z, the first minute down.
    assert_eq!(s.samples[5], (1_762_164_000, Decimal::ZERO));
    assert_eq!(s.samples[4], (1_762_163_940, Decimal::ONE));

    // two-series.json: `select: {job: api}` picks the second of two series.
    let s = read_bound(&b.objectives[2]).unwrap();
    assert_eq!(s.samples.len(), 3);
    let mut unselected = b.objectives[2].clone();
    unselected.select.clear();
    let e = read_bound(&unselected).unwrap_err();
    assert!(e.contains("2 series") && e.contains("sum by ()"), "{e}");
}

#[test]
fn saved_error_answers_carry_prometheus_text() {
    let target = fixture_bindings().objectives[1].target();
    for (file, words) in [
        (
            "status-error.json",
            "parse error: unclosed left parenthesis",
        ),
        (
            "resolution-error.json",
            "exceeded maximum resolution of 11,000 points",
        ),
    ] {
        let name: Arc<str> = Arc::from(file);
        let text = std::fs::read_to_string(fixtures().join(file)).unwrap();
        let e = matrix::read(&name, &text, &target).unwrap_err();
        assert!(e.message.contains(words), "{e}");
        assert!(e.message.contains("\"bad_data\""), "{e}");
        assert_eq!(e.origin.to_string(), format!("{file}:1"));
    }
}

/// The bindings example of `docs/report.md` ("Prometheus") reads as it says.
#[test]
fn the_bindings_example_in_the_docs_reads() {
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("docs/report.md");
    let text = std::fs::read_to_string(&path).unwrap();
    let section = &text[text.find("## Prometheus").expect("the section")..];
    let start = section.find("```yaml\n").expect("a yaml example") + "```yaml\n".len();
    let body = &section[start..start + section[start..].find("```").unwrap()];
    let name: Arc<str> = Arc::from("docs/report.md");
    let b = bindings::read(&name, body.as_bytes().to_vec()).unwrap();
    assert_eq!(b.objectives.len(), 2);
    assert_eq!(b.objectives[0].agreement.as_deref(), Some("acme-api"));
    assert_eq!(b.objectives[1].kind, SeriesKind::Ratio);
    assert_eq!(b.objectives[1].missing, Missing::Excluded);
    assert_eq!(b.objectives[1].select.len(), 1);
    assert_eq!(b.service_of("Dashboard"), Some("dashboard"));
}

/// Two agreements with the same objectives, one measured by the server's queries, the other
/// by the saved answers; `slagate report` must give both the same figures, which are checked
/// by hand too.
fn report_live_and_from_files(url: &str, dir: &Path) {
    let agreement = |id: &str| {
        format!(
            "apiVersion: slagate/v1
kind: ServiceLevelAgreement
metadata: {{id: {id}, version: 1}}
spec:
  type: customer
  parties:
    provider: {{name: Northwind, approvers: [alice]}}
    customer: {{name: Acme}}
  effective: {{from: 2025-01-01}}
  review: {{every: year, last: 2025-06-01}}
  services:
    - {{id: api, name: API, description: The API}}
  objectives:
    - id: availability
      service: api
      indicator: availability
      target: '>= 99.9%'
      credits:
        - {{when: '< 99.9%', credit: 10%}}
    - id: checkout-success
      service: api
      indicator: ratio
      target: '>= 99.9%'
  changelog:
    - {{version: 1, date: 2025-01-01, summary: First}}
"
        )
    };
    std::fs::write(dir.join("live.sla.yaml"), agreement("live")).unwrap();
    std::fs::write(dir.join("from-file.sla.yaml"), agreement("from-file")).unwrap();
    std::fs::write(
        dir.join("report-bindings.yaml"),
        "objectives:\n\
         \x20 - {objective: availability, agreement: live, query: 'slagate_up{job=\"api\"}', kind: up}\n\
         \x20 - {objective: checkout-success, agreement: live, query: slagate_ratio, kind: ratio, missing: excluded}\n\
         \x20 - {objective: availability, agreement: from-file, file: up.json, kind: up}\n\
         \x20 - {objective: checkout-success, agreement: from-file, file: ratio.json, kind: ratio, missing: excluded}\n",
    )
    .unwrap();
    let out = Command::new(env!("CARGO_BIN_EXE_slagate"))
        .current_dir(dir)
        .args([
            "report",
            "live.sla.yaml",
            "from-file.sla.yaml",
            "--period",
            "2025-11",
            "--prometheus",
            url,
            "--bindings",
            "report-bindings.yaml",
            "--now",
            "2025-12-01T00:00:00Z",
            "--format",
            "json",
        ])
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let agreements = json["agreements"].as_array().unwrap();
    assert_eq!(agreements.len(), 2);
    let windows = |a: &serde_json::Value| -> Vec<serde_json::Value> {
        a["objectives"]
            .as_array()
            .unwrap()
            .iter()
            .map(|o| o["windows"][0].clone())
            .collect()
    };
    let by_id = |id: &str| {
        agreements
            .iter()
            .find(|a| a["id"] == id)
            .unwrap_or_else(|| panic!("agreement {id}"))
    };
    let (live, file) = (windows(by_id("live")), windows(by_id("from-file")));
    assert_eq!(live, file, "the server and the saved answers disagree");
    // Each says where its samples came from: the query asked, or the saved answer.
    let source = |a: &serde_json::Value| a["objectives"][0]["source"].clone();
    assert_eq!(source(by_id("live"))["kind"], "series");
    assert_eq!(source(by_id("live"))["query"], "slagate_up{job=\"api\"}");
    assert!(
        source(by_id("from-file"))["query"]
            .as_str()
            .unwrap()
            .ends_with("up.json"),
        "{}",
        source(by_id("from-file"))
    );
    // Availability: 24x7 (UTC) November 2025 is 43,200 covered minutes; 43,190 have a sample,
    // 43,115 of them up; the 10 without one count as down (the default): 43,115 / 43,200 =
    // 99.80324...%: missed, the 10% tier.
    let a = &live[0];
    assert_eq!(a["measured"]["minutes"], 43_190);
    assert_eq!(a["measured"]["noData"], 10);
    assert_eq!(a["measured"]["noDataAs"], "down");
    assert!(
        a["value"].as_str().unwrap().starts_with("99.8032407407"),
        "{}",
        a["value"]
    );
    assert_eq!(a["met"], false);
    assert_eq!(a["credit"]["amount"], "10");
    // The ratio: 43,189.4 good of 43,200 minutes (none missing): 99.97546...%: met.
    let r = &live[1];
    assert_eq!(r["measured"]["good"], "43189.4");
    assert!(
        r["value"].as_str().unwrap().starts_with("99.9754629629"),
        "{}",
        r["value"]
    );
    assert_eq!(r["met"], true);
}
