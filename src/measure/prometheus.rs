//! The Prometheus edge: `POST /api/v1/query_range` at a 60 s step, in pages, merged into one
//! [`Series`] per binding. The one place of `measure` that touches the network, like
//! `github::client` for GitHub; the answers are read by [`super::data::prometheus`], the
//! same reader as a saved answer.
//!
//! - **Pages.** Prometheus refuses a range query of more than 11,000 points per series
//!   ("exceeded maximum resolution of 11,000 points per timeseries"), so a period is asked in
//!   pages of at most [`MAX_POINTS`] minutes ([`pages`]): a 30-day month, 43,200 minutes, is 4
//!   pages (11,000 + 11,000 + 11,000 + 10,200). A page's range is inclusive at both ends
//!   (`start` and `end` are evaluation times), the next page starts a minute after the last,
//!   and the merge drops any sample at or before the last one kept, so a seam never counts a
//!   minute twice.
//! - **Timeouts.** Connect and read timeouts ([`Timeouts`]); no redirect is followed (a
//!   redirect could take the credentials elsewhere), no proxy is read from the environment.
//! - **Errors.** A non-2xx answer or `status: error` is an error with the status and
//!   Prometheus's own `error` text, quoted (control characters escaped).
//! - **Credentials.** A URL's `user:pass@` is taken out of the URL and sent as a `Basic`
//!   `Authorization` header; every message names the URL without it ([`Client::shown`]).

use std::cell::Cell;
use std::fmt::Write as _;
use std::sync::Arc;
use std::time::Duration;

use jiff::Timestamp;

use super::data::bindings::{Binding, Source};
use super::data::prometheus::{self as matrix, STEP, quote};
use super::data::{DataError, Series};

/// The most points one request asks for per series (Prometheus's limit is 11,000).
pub const MAX_POINTS: i64 = 11_000;

/// How long to wait for Prometheus.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Timeouts {
    /// To open the connection.
    pub connect: Duration,
    /// For the answer's head, and again for its body.
    pub read: Duration,
}

impl Default for Timeouts {
    fn default() -> Timeouts {
        Timeouts {
            connect: Duration::from_secs(10),
            read: Duration::from_secs(120),
        }
    }
}

/// The largest answer read for one page (a page of 11,000 points is about 300 KB a series).
const MAX_BODY: u64 = 256 * 1024 * 1024;

/// A Prometheus server.
pub struct Client {
    /// `scheme://host:port/prefix`, without credentials or a final `/`.
    base: String,
    /// The `Authorization` header, when the URL had credentials.
    auth: Option<String>,
    agent: ureq::Agent,
    requests: Cell<usize>,
}

impl std::fmt::Debug for Client {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Client")
            .field("base", &self.base)
            .field("auth", &self.auth.as_ref().map(|_| "<hidden>"))
            .finish_non_exhaustive()
    }
}

/// One binding's series as fetched, with the number of requests it took.
#[derive(Debug, Clone, PartialEq)]
pub struct Fetched {
    /// The merged series.
    pub series: Series,
    /// The pages asked for.
    pub pages: usize,
}

/// The pages that cover the minutes `t` with `start <= t < end` (unix seconds; `start` is
/// rounded up to a whole minute): `(first, last)` evaluation times, inclusive, at most
/// [`MAX_POINTS`] points each, one minute apart at the seams.
pub fn pages(start: i64, end: i64) -> Vec<(i64, i64)> {
    let mut first = start.div_euclid(STEP) * STEP;
    if first < start {
        first += STEP;
    }
    let mut out = Vec::new();
    while first < end {
        let last_possible = end - 1 - (end - 1 - first).rem_euclid(STEP);
        let last = last_possible.min(first + (MAX_POINTS - 1) * STEP);
        out.push((first, last));
        first = last + STEP;
    }
    out
}

/// `application/x-www-form-urlencoded` (RFC 3986 unreserved characters kept).
fn form_encode(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for b in s.bytes() {
        if b.is_ascii_alphanumeric() || b"-._~".contains(&b) {
            out.push(b as char);
        } else {
            let _ = write!(out, "%{b:02X}");
        }
    }
    out
}

/// `%XX` decoded, for the user and password of a URL.
fn percent_decode(s: &str) -> Option<String> {
    let b = s.as_bytes();
    let mut out = Vec::with_capacity(b.len());
    let mut i = 0;
    while i < b.len() {
        if b[i] == b'%' {
            let hex = s.get(i + 1..i + 3)?;
            out.push(u8::from_str_radix(hex, 16).ok()?);
            i += 3;
        } else {
            out.push(b[i]);
            i += 1;
        }
    }
    String::from_utf8(out).ok()
}

fn base64(bytes: &[u8]) -> String {
    const ABC: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    let mut out = String::with_capacity(bytes.len().div_ceil(3) * 4);
    for chunk in bytes.chunks(3) {
        let n = chunk
            .iter()
            .enumerate()
            .fold(0u32, |n, (i, &b)| n | u32::from(b) << (16 - 8 * i));
        for i in 0..4 {
            if i <= chunk.len() {
                out.push(ABC[(n >> (18 - 6 * i) & 63) as usize] as char);
            } else {
                out.push('=');
            }
        }
    }
    out
}

/// Splits `http://user:pass@host:9090/prefix/` into the base without credentials and the
/// `Authorization` header. Errors never quote the credentials.
fn split_url(url: &str) -> Result<(String, Option<String>), String> {
    let (scheme, rest) = url
        .split_once("://")
        .ok_or_else(|| "the Prometheus URL must start with `http://` or `https://`".to_string())?;
    if !scheme.eq_ignore_ascii_case("http") && !scheme.eq_ignore_ascii_case("https") {
        return Err(format!(
            "the Prometheus URL's scheme is {}, not `http` or `https`",
            quote(scheme)
        ));
    }
    let (authority, path) = match rest.find(['/', '?', '#']) {
        Some(i) => rest.split_at(i),
        None => (rest, ""),
    };
    if path.contains(['?', '#']) {
        return Err("the Prometheus URL must not have a query or a fragment".to_string());
    }
    let (userinfo, host) = match authority.rsplit_once('@') {
        Some((u, h)) => (Some(u), h),
        None => (None, authority),
    };
    if host.is_empty() {
        return Err("the Prometheus URL names no host".to_string());
    }
    if host.chars().any(|c| c.is_whitespace() || c.is_control()) {
        return Err("the Prometheus URL's host has a space or a control character".to_string());
    }
    let auth = match userinfo {
        None => None,
        Some(u) => {
            let (user, pass) = u.split_once(':').unwrap_or((u, ""));
            let (Some(user), Some(pass)) = (percent_decode(user), percent_decode(pass)) else {
                return Err(
                    "the Prometheus URL's user or password is not percent-encoded UTF-8"
                        .to_string(),
                );
            };
            Some(format!(
                "Basic {}",
                base64(format!("{user}:{pass}").as_bytes())
            ))
        }
    };
    let base = format!(
        "{}://{host}{}",
        scheme.to_ascii_lowercase(),
        path.trim_end_matches('/')
    );
    Ok((base, auth))
}

impl Client {
    /// A client of the server at `url` (`http://host:9090`, a path prefix allowed), with
    /// the default timeouts.
    pub fn new(url: &str) -> Result<Client, String> {
        Client::with_timeouts(url, Timeouts::default())
    }

    /// A client with these timeouts.
    pub fn with_timeouts(url: &str, timeouts: Timeouts) -> Result<Client, String> {
        let (base, auth) = split_url(url)?;
        let tls = ureq::tls::TlsConfig::builder()
            .provider(ureq::tls::TlsProvider::Rustls)
            .root_certs(ureq::tls::RootCerts::PlatformVerifier)
            .build();
        let agent = ureq::Agent::config_builder()
            .http_status_as_error(false)
            .max_redirects(0)
            .proxy(None)
            .tls_config(tls)
            .user_agent(concat!("slagate/", env!("CARGO_PKG_VERSION")))
            .timeout_connect(Some(timeouts.connect))
            .timeout_recv_response(Some(timeouts.read))
            .timeout_recv_body(Some(timeouts.read))
            .build()
            .new_agent();
        Ok(Client {
            base,
            auth,
            agent,
            requests: Cell::new(0),
        })
    }

    /// The server's URL as messages name it: never with credentials.
    pub fn shown(&self) -> &str {
        &self.base
    }

    /// Requests sent so far.
    pub fn requests(&self) -> usize {
        self.requests.get()
    }

    /// One `query_range` request, `first` to `last` inclusive at a 60 s step: the answer's
    /// text, or why there is none (the status and Prometheus's error text, quoted).
    pub fn query_range(&self, query: &str, first: i64, last: i64) -> Result<String, String> {
        let url = format!("{}/api/v1/query_range", self.base);
        let body = format!(
            "query={}&start={first}&end={last}&step={STEP}s",
            form_encode(query)
        );
        self.requests.set(self.requests.get() + 1);
        let mut request = self
            .agent
            .post(&url)
            .header("Content-Type", "application/x-www-form-urlencoded")
            .header("Accept", "application/json");
        if let Some(auth) = &self.auth {
            request = request.header("Authorization", auth);
        }
        let mut answer = request
            .send(body)
            .map_err(|e| format!("no answer from {}: {}", self.base, transport(&e)))?;
        let status = answer.status();
        let text = answer
            .body_mut()
            .with_config()
            .limit(MAX_BODY)
            .read_to_string()
            .map_err(|e| {
                format!(
                    "the answer of {} (HTTP {status}) could not be read: {}",
                    self.base,
                    transport(&e)
                )
            })?;
        if !status.is_success() {
            #[derive(serde::Deserialize)]
            struct Refusal {
                error: String,
            }
            let why = match serde_json::from_str::<Refusal>(&text) {
                Ok(r) => quote(&r.error),
                Err(_) => quote(text.trim()),
            };
            return Err(format!("{} answered HTTP {status}: {why}", self.base));
        }
        Ok(text)
    }

    /// The binding's series for the minutes `start <= t < end`, asked page by page and
    /// merged. Errors point at the binding and name the page.
    pub fn fetch(
        &self,
        binding: &Binding,
        start: Timestamp,
        end: Timestamp,
    ) -> Result<Fetched, DataError> {
        let fail = |message: String, help: Option<&str>| DataError {
            origin: binding.origin.clone(),
            message,
            help: help.map(str::to_string),
        };
        let Source::Query(query) = &binding.source else {
            return Err(fail(
                format!(
                    "objective `{}` is bound to a file, not a query",
                    binding.objective
                ),
                None,
            ));
        };
        let target = binding.target();
        let plan = pages(start.as_second(), end.as_second());
        let label: Arc<str> = Arc::from(format!("{}/api/v1/query_range", self.base));
        let mut merged: Option<matrix::Matrix> = None;
        for (n, &(first, last)) in plan.iter().enumerate() {
            let page = || {
                format!(
                    "page {} of {} ({} to {})",
                    n + 1,
                    plan.len(),
                    stamp(first),
                    stamp(last)
                )
            };
            let text = self.query_range(query, first, last).map_err(|e| {
                fail(
                    format!("objective `{}`, {}: {e}", binding.objective, page()),
                    None,
                )
            })?;
            let answer = matrix::parse(&label, &text)
                .and_then(|m| matrix::choose(&label, &target, m))
                .map_err(|e| {
                    fail(
                        format!(
                            "objective `{}`, {}, line {} of the answer: {}",
                            binding.objective,
                            page(),
                            e.origin.line,
                            e.message
                        ),
                        e.help.as_deref(),
                    )
                })?;
            let Some(answer) = answer else { continue };
            if !merge(&mut merged, answer, !target.select.is_empty()) {
                return Err(fail(
                    format!(
                        "objective `{}`: {} answers a series of other labels than the pages before",
                        binding.objective,
                        page()
                    ),
                    Some(
                        "aggregate in the query, say `sum by () (your query)`, so the labels cannot change over the period",
                    ),
                ));
            }
        }
        let samples = merged.map(|m| m.samples).unwrap_or_default();
        let series = matrix::series(&label, 1, &target, samples).map_err(|e| {
            fail(
                format!("objective `{}`: {}", binding.objective, e.message),
                e.help.as_deref(),
            )
        })?;
        Ok(Fetched {
            series,
            pages: plan.len(),
        })
    }
}

/// Adds a page's series to what the pages before gave: only its samples after the last one
/// kept, so a seam never counts a minute twice. `false` (nothing added) when its labels are
/// not those of the pages before and no `select:` chose it.
fn merge(merged: &mut Option<matrix::Matrix>, page: matrix::Matrix, selected: bool) -> bool {
    match merged {
        None => *merged = Some(page),
        Some(m) if m.labels != page.labels && !selected => return false,
        Some(m) => {
            let last_kept = m.samples.last().map_or(i64::MIN, |s| s.0);
            m.samples
                .extend(page.samples.into_iter().filter(|s| s.0 > last_kept));
        }
    }
    true
}

/// A transport error without anything the URL carried (ureq never saw the credentials,
/// which are not in the URL it was given), quoted.
fn transport(e: &ureq::Error) -> String {
    quote(&e.to_string())
}

fn stamp(t: i64) -> String {
    Timestamp::from_second(t).map_or_else(|_| t.to_string(), |t| t.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_month_is_four_pages_of_at_most_11000_points() {
        // 2026-11-01T00:00Z = 1,793,491,200; 30 days = 43,200 minutes.
        let start = 1_793_491_200;
        let end = start + 43_200 * 60;
        let p = pages(start, end);
        // 43,200 = 11,000 + 11,000 + 11,000 + 10,200.
        let points: Vec<i64> = p.iter().map(|(a, b)| (b - a) / 60 + 1).collect();
        assert_eq!(points, vec![11_000, 11_000, 11_000, 10_200]);
        assert_eq!(p[0].0, start);
        assert_eq!(
            p[3].1,
            end - 60,
            "the last minute starts a minute before the end"
        );
        for w in p.windows(2) {
            assert_eq!(w[1].0, w[0].1 + 60, "seams neither overlap nor skip");
        }
        // Exactly 11,000 minutes: one page; one more: two.
        assert_eq!(pages(0, 11_000 * 60).len(), 1);
        assert_eq!(
            pages(0, 11_001 * 60),
            vec![(0, 10_999 * 60), (11_000 * 60, 11_000 * 60)]
        );
        // A start within a minute is rounded up; an empty range asks nothing.
        assert_eq!(pages(30, 180), vec![(60, 120)]);
        assert!(pages(60, 60).is_empty());
    }

    #[test]
    fn credentials_leave_the_url_for_a_header() {
        let (base, auth) = split_url("https://alice:s%3Acret@prom.example:9090/prom/").unwrap();
        assert_eq!(base, "https://prom.example:9090/prom");
        // base64("alice:s:cret") = "YWxpY2U6czpjcmV0".
        assert_eq!(auth.as_deref(), Some("Basic YWxpY2U6czpjcmV0"));
        let (base, auth) = split_url("http://127.0.0.1:9090").unwrap();
        assert_eq!((base.as_str(), auth), ("http://127.0.0.1:9090", None));
        for bad in [
            "127.0.0.1:9090",
            "ftp://x",
            "http://u:p@/x",
            "http://h/?q=1",
        ] {
            let e = split_url(bad).unwrap_err();
            assert!(!e.contains("u:p"), "{e}");
        }
        let c = Client::new("http://bob:hunter2@127.0.0.1:1").unwrap();
        assert!(!format!("{c:?}").contains("hunter2"));
        assert_eq!(c.shown(), "http://127.0.0.1:1");
    }

    fn page(labels: &[(&str, &str)], samples: &[(i64, i64)]) -> matrix::Matrix {
        matrix::Matrix {
            labels: labels
                .iter()
                .map(|(k, v)| ((*k).to_string(), (*v).to_string()))
                .collect(),
            samples: samples
                .iter()
                .map(|&(t, v)| (t, rust_decimal::Decimal::from(v)))
                .collect(),
            line: 1,
        }
    }

    #[test]
    fn pages_merge_without_a_duplicate_at_the_seam() {
        let mut merged = None;
        assert!(merge(
            &mut merged,
            page(&[], &[(0, 1), (60, 1), (120, 0)]),
            false
        ));
        // A page that repeats the seam minute (120) with another value: the first is kept.
        assert!(merge(&mut merged, page(&[], &[(120, 1), (180, 1)]), false));
        assert!(merge(&mut merged, page(&[], &[(240, 0)]), false));
        let m = merged.clone().unwrap();
        let times: Vec<i64> = m.samples.iter().map(|s| s.0).collect();
        assert_eq!(times, vec![0, 60, 120, 180, 240]);
        assert_eq!(m.samples[2].1, rust_decimal::Decimal::ZERO);
        // Other labels on a later page: refused unless selected.
        assert!(!merge(
            &mut merged,
            page(&[("instance", "b")], &[(300, 1)]),
            false
        ));
        assert_eq!(merged.as_ref().unwrap().samples.len(), 5);
        assert!(merge(
            &mut merged,
            page(&[("instance", "b")], &[(300, 1)]),
            true
        ));
        assert_eq!(merged.unwrap().samples.len(), 6);
    }

    /// A one-shot HTTP server on a loopback port that answers `response` to the first
    /// request (or, for `None`, reads it and never answers).
    fn serve_once(response: Option<&'static [u8]>) -> String {
        use std::io::{Read, Write};
        let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
        let url = format!("http://{}", listener.local_addr().unwrap());
        std::thread::spawn(move || {
            let (mut stream, _) = listener.accept().unwrap();
            let mut buf = [0u8; 4096];
            let _ = stream.read(&mut buf);
            match response {
                Some(r) => {
                    let _ = stream.write_all(r);
                }
                None => std::thread::sleep(Duration::from_secs(5)),
            }
        });
        url
    }

    fn quick(url: &str) -> Client {
        Client::with_timeouts(
            url,
            Timeouts {
                connect: Duration::from_secs(2),
                read: Duration::from_millis(500),
            },
        )
        .unwrap()
    }

    #[test]
    fn a_non_2xx_answer_says_its_status_and_text_escaped() {
        let url = serve_once(Some(
            b"HTTP/1.1 502 Bad Gateway\r\nContent-Type: text/html\r\nContent-Length: 30\r\nConnection: close\r\n\r\n<h1>bad\x1b[31m gateway</h1>\nmore",
        ));
        let e = quick(&url).query_range("up", 0, 60).unwrap_err();
        assert!(e.contains("HTTP 502"), "{e}");
        assert!(e.contains("<h1>bad\\u{1b}[31m gateway</h1>\\nmore"), "{e}");
        assert!(!e.contains('\u{1b}') && !e.contains('\n'), "{e}");
    }

    #[test]
    fn a_server_that_never_answers_times_out() {
        let url = serve_once(None);
        let started = std::time::Instant::now();
        let e = quick(&url).query_range("up", 0, 60).unwrap_err();
        assert!(e.starts_with("no answer from"), "{e}");
        assert!(e.to_lowercase().contains("timeout"), "{e}");
        assert!(
            started.elapsed() < Duration::from_secs(4),
            "{:?}",
            started.elapsed()
        );
    }

    #[test]
    fn base64_pads_like_rfc_4648() {
        // RFC 4648 section 10 test vectors.
        let cases = [
            ("", ""),
            ("f", "Zg=="),
            ("fo", "Zm8="),
            ("foo", "Zm9v"),
            ("foob", "Zm9vYg=="),
            ("fooba", "Zm9vYmE="),
            ("foobar", "Zm9vYmFy"),
        ];
        for (plain, coded) in cases {
            assert_eq!(base64(plain.as_bytes()), coded);
        }
    }

    #[test]
    fn queries_are_form_encoded() {
        assert_eq!(
            form_encode("sum by () (up{job=\"a b\"})"),
            "sum%20by%20%28%29%20%28up%7Bjob%3D%22a%20b%22%7D%29"
        );
    }

    #[test]
    fn a_closed_port_is_an_error_naming_the_url_without_credentials() {
        // Port 1 on loopback: nothing listens there (tcpmux is not run on test machines).
        let c = Client::with_timeouts(
            "http://bob:hunter2@127.0.0.1:1",
            Timeouts {
                connect: Duration::from_secs(2),
                read: Duration::from_secs(2),
            },
        )
        .unwrap();
        let e = c.query_range("up", 0, 60).unwrap_err();
        assert!(e.starts_with("no answer from http://127.0.0.1:1"), "{e}");
        assert!(!e.contains("hunter2") && !e.contains("bob"), "{e}");
    }
}
