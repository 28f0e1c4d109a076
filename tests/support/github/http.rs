//! A deliberately small HTTP/1.1 implementation over `std::net`: enough to parse what an HTTP
//! client library sends (request line, headers, `Content-Length` or chunked bodies,
//! `Expect: 100-continue`, keep-alive) and to write plain responses. Every read is bounded
//! by size limits and timeouts.

use std::fmt::Write as _;
use std::io::{Read, Write};
use std::net::TcpStream;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::{Duration, Instant};

const MAX_HEAD: usize = 64 * 1024;
const MAX_BODY: usize = 16 * 1024 * 1024;

/// A parsed request.
#[derive(Debug, Clone)]
pub struct HttpRequest {
    /// The method as sent (upper case for a well-behaved client).
    pub method: String,
    /// The request target as sent (`/path?query`).
    pub target: String,
    /// `HTTP/1.1` or `HTTP/1.0`.
    pub version: String,
    /// Headers in order, names as sent.
    pub headers: Vec<(String, String)>,
    /// The decoded body (empty when none).
    pub body: Vec<u8>,
}

impl HttpRequest {
    /// The first header with this name (case-insensitive).
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(n, _)| n.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
    }

    /// The path part of the target.
    pub fn path(&self) -> &str {
        self.target.split_once('?').map_or(&self.target, |(p, _)| p)
    }

    /// The raw query string, if any.
    pub fn query(&self) -> Option<&str> {
        self.target.split_once('?').map(|(_, q)| q)
    }

    /// Whether the connection stays open after the response.
    pub fn keep_alive(&self) -> bool {
        let connection = self.header("connection").map(str::to_ascii_lowercase);
        match connection.as_deref() {
            Some(c) if c.contains("close") => false,
            Some(c) if c.contains("keep-alive") => true,
            _ => self.version == "HTTP/1.1",
        }
    }
}

/// A response to write.
#[derive(Debug, Clone)]
pub struct HttpResponse {
    /// Status code.
    pub status: u16,
    /// Headers (without `Content-Length` and `Connection`, which are added).
    pub headers: Vec<(String, String)>,
    /// Body bytes.
    pub body: Vec<u8>,
    /// Write it one byte every this long ([`super::Fault::trickle`]).
    pub trickle: Option<Duration>,
    /// Write nothing for this long first ([`super::Fault::delayed`]).
    pub delay: Option<Duration>,
}

/// What reading from a connection produced.
#[derive(Debug)]
pub enum ReadOutcome {
    /// A complete request.
    Request(HttpRequest),
    /// The peer closed the connection, it stayed idle too long, or the server is stopping.
    Done,
    /// A malformed or oversized request; answer 400 and close.
    Bad(String),
}

/// Reads one request from `stream`. `buffer` carries bytes already read (pipelining) between
/// calls. The stream must have a short read timeout so that `stop` is polled.
pub fn read_request(
    stream: &mut TcpStream,
    buffer: &mut Vec<u8>,
    stop: &AtomicBool,
    idle_limit: Duration,
    request_limit: Duration,
) -> ReadOutcome {
    let started = Instant::now();
    let mut first_byte: Option<Instant> = if buffer.is_empty() {
        None
    } else {
        Some(started)
    };
    let mut chunk = [0u8; 16 * 1024];
    let mut sent_continue = false;
    loop {
        if let Some(head_end) = find(buffer, b"\r\n\r\n") {
            let head = match parse_head(&buffer[..head_end]) {
                Ok(head) => head,
                Err(e) => return ReadOutcome::Bad(e),
            };
            let body_start = head_end + 4;
            let (method, target, version, headers) = head;
            let chunked = headers.iter().any(|(n, v)| {
                n.eq_ignore_ascii_case("transfer-encoding")
                    && v.to_ascii_lowercase().contains("chunked")
            });
            let length = headers
                .iter()
                .find(|(n, _)| n.eq_ignore_ascii_case("content-length"))
                .map(|(_, v)| v.trim().parse::<usize>());
            let expects_continue = headers.iter().any(|(n, v)| {
                n.eq_ignore_ascii_case("expect") && v.eq_ignore_ascii_case("100-continue")
            });
            let complete = if chunked {
                match decode_chunked(&buffer[body_start..]) {
                    Ok(Some((body, used))) => Some((body, body_start + used)),
                    Ok(None) => None,
                    Err(e) => return ReadOutcome::Bad(e),
                }
            } else {
                let length = match length {
                    None => 0,
                    Some(Ok(n)) if n <= MAX_BODY => n,
                    Some(Ok(n)) => {
                        return ReadOutcome::Bad(format!("body of {n} bytes is too large"));
                    }
                    Some(Err(_)) => return ReadOutcome::Bad("invalid Content-Length".into()),
                };
                (buffer.len() >= body_start + length).then(|| {
                    (
                        buffer[body_start..body_start + length].to_vec(),
                        body_start + length,
                    )
                })
            };
            if let Some((body, used)) = complete {
                buffer.drain(..used);
                return ReadOutcome::Request(HttpRequest {
                    method,
                    target,
                    version,
                    headers,
                    body,
                });
            }
            if buffer.len() > MAX_HEAD + MAX_BODY {
                return ReadOutcome::Bad("request too large".into());
            }
            if expects_continue && !sent_continue {
                sent_continue = true;
                if stream.write_all(b"HTTP/1.1 100 Continue\r\n\r\n").is_err() {
                    return ReadOutcome::Done;
                }
            }
        } else if buffer.len() > MAX_HEAD {
            return ReadOutcome::Bad("request head too large".into());
        }
        if stop.load(Ordering::SeqCst) {
            return ReadOutcome::Done;
        }
        match first_byte {
            None if started.elapsed() > idle_limit => return ReadOutcome::Done,
            Some(at) if at.elapsed() > request_limit => {
                return ReadOutcome::Bad("request not completed in time".into());
            }
            _ => {}
        }
        match stream.read(&mut chunk) {
            Ok(0) => {
                return if buffer.is_empty() {
                    ReadOutcome::Done
                } else {
                    ReadOutcome::Bad("connection closed in the middle of a request".into())
                };
            }
            Ok(n) => {
                first_byte.get_or_insert_with(Instant::now);
                buffer.extend_from_slice(&chunk[..n]);
            }
            Err(e)
                if matches!(
                    e.kind(),
                    std::io::ErrorKind::WouldBlock
                        | std::io::ErrorKind::TimedOut
                        | std::io::ErrorKind::Interrupted
                ) => {}
            Err(_) => return ReadOutcome::Done,
        }
    }
}

type Head = (String, String, String, Vec<(String, String)>);

fn parse_head(head: &[u8]) -> Result<Head, String> {
    let text = std::str::from_utf8(head).map_err(|_| "request head is not UTF-8".to_owned())?;
    let mut lines = text.split("\r\n");
    let request_line = lines.next().unwrap_or_default();
    let mut parts = request_line.split(' ');
    let (Some(method), Some(target), Some(version), None) =
        (parts.next(), parts.next(), parts.next(), parts.next())
    else {
        return Err(format!("malformed request line {request_line:?}"));
    };
    if !matches!(version, "HTTP/1.1" | "HTTP/1.0") {
        return Err(format!("unsupported version {version:?}"));
    }
    if !target.starts_with('/') {
        return Err(format!(
            "request target {target:?} is not an origin-form path"
        ));
    }
    let mut headers = Vec::new();
    for line in lines {
        let Some((name, value)) = line.split_once(':') else {
            return Err(format!("malformed header line {line:?}"));
        };
        if name.is_empty() || name.contains(' ') {
            return Err(format!("malformed header name {name:?}"));
        }
        headers.push((name.to_owned(), value.trim().to_owned()));
    }
    Ok((
        method.to_owned(),
        target.to_owned(),
        version.to_owned(),
        headers,
    ))
}

fn find(haystack: &[u8], needle: &[u8]) -> Option<usize> {
    haystack.windows(needle.len()).position(|w| w == needle)
}

/// Decodes a chunked body: `Ok(None)` while incomplete, else the body and bytes consumed.
fn decode_chunked(data: &[u8]) -> Result<Option<(Vec<u8>, usize)>, String> {
    let mut body = Vec::new();
    let mut at = 0;
    loop {
        let Some(line_end) = find(&data[at..], b"\r\n") else {
            return Ok(None);
        };
        let size_line = std::str::from_utf8(&data[at..at + line_end])
            .map_err(|_| "bad chunk size".to_owned())?;
        let size_hex = size_line.split(';').next().unwrap_or_default().trim();
        let size = usize::from_str_radix(size_hex, 16)
            .map_err(|_| format!("bad chunk size {size_hex:?}"))?;
        at += line_end + 2;
        if size == 0 {
            // Trailers until an empty line.
            loop {
                let Some(end) = find(&data[at..], b"\r\n") else {
                    return Ok(None);
                };
                at += end + 2;
                if end == 0 {
                    return Ok(Some((body, at)));
                }
            }
        }
        if body.len() + size > MAX_BODY {
            return Err("chunked body too large".into());
        }
        if data.len() < at + size + 2 {
            return Ok(None);
        }
        body.extend_from_slice(&data[at..at + size]);
        if &data[at + size..at + size + 2] != b"\r\n" {
            return Err("chunk not terminated by CRLF".into());
        }
        at += size + 2;
    }
}

/// The reason phrase of a status code.
pub fn reason(status: u16) -> &'static str {
    match status {
        100 => "Continue",
        200 => "OK",
        201 => "Created",
        204 => "No Content",
        301 => "Moved Permanently",
        304 => "Not Modified",
        400 => "Bad Request",
        401 => "Unauthorized",
        403 => "Forbidden",
        404 => "Not Found",
        405 => "Method Not Allowed",
        409 => "Conflict",
        410 => "Gone",
        422 => "Unprocessable Entity",
        429 => "Too Many Requests",
        500 => "Internal Server Error",
        501 => "Not Implemented",
        502 => "Bad Gateway",
        503 => "Service Unavailable",
        _ => "Unknown",
    }
}

/// Writes a response; `keep_alive` decides the `Connection` header. A trickled one stops
/// when the client goes away or the server stops (`stop`).
pub fn write_response(
    stream: &mut TcpStream,
    response: &HttpResponse,
    keep_alive: bool,
    stop: &AtomicBool,
) -> std::io::Result<()> {
    let mut head = format!(
        "HTTP/1.1 {} {}\r\n",
        response.status,
        reason(response.status)
    );
    for (name, value) in &response.headers {
        head.push_str(name);
        head.push_str(": ");
        head.push_str(value);
        head.push_str("\r\n");
    }
    let _ = write!(head, "Content-Length: {}\r\n", response.body.len());
    head.push_str(if keep_alive {
        "Connection: keep-alive\r\n\r\n"
    } else {
        "Connection: close\r\n\r\n"
    });
    let mut bytes = head.into_bytes();
    bytes.extend_from_slice(&response.body);
    if let Some(delay) = response.delay {
        let until = std::time::Instant::now() + delay;
        while std::time::Instant::now() < until {
            if stop.load(Ordering::SeqCst) {
                return Err(std::io::Error::other("the server stops"));
            }
            std::thread::sleep(Duration::from_millis(20));
        }
    }
    let Some(interval) = response.trickle else {
        stream.write_all(&bytes)?;
        return stream.flush();
    };
    for b in bytes {
        if stop.load(Ordering::SeqCst) {
            return Err(std::io::Error::other("the server stops"));
        }
        stream.write_all(&[b])?;
        stream.flush()?;
        std::thread::sleep(interval);
    }
    Ok(())
}
