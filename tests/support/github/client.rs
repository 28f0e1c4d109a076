//! A tiny blocking HTTP/1.1 client over `std::net::TcpStream`, for tests that talk to the mock
//! directly (no reqwest). One connection per request (`Connection: close`) unless a test
//! drives a raw stream itself.

use std::fmt::Write as _;
use std::io::{Read, Write};
use std::net::TcpStream;
use std::time::Duration;

use serde_json::Value;

/// A response as read from the wire.
#[derive(Debug, Clone)]
pub struct ClientResponse {
    /// Status code.
    pub status: u16,
    /// Headers in order.
    pub headers: Vec<(String, String)>,
    /// The body as text.
    pub body: String,
}

impl ClientResponse {
    /// The first header with this name (case-insensitive).
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(n, _)| n.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
    }

    /// The body parsed as JSON (panics if it is not).
    pub fn json(&self) -> Value {
        serde_json::from_str(&self.body)
            .unwrap_or_else(|e| panic!("response body is not JSON ({e}): {}", self.body))
    }

    /// The URL of the `Link` relation `rel` (`next`, `last`, `prev`, `first`).
    pub fn link(&self, rel: &str) -> Option<String> {
        let header = self.header("link")?;
        header.split(',').find_map(|part| {
            let (url, params) = part.split_once(';')?;
            let wanted = format!("rel=\"{rel}\"");
            params.split(';').any(|p| p.trim() == wanted).then(|| {
                url.trim()
                    .trim_start_matches('<')
                    .trim_end_matches('>')
                    .to_owned()
            })
        })
    }
}

/// A client bound to the mock's base URL (`http://127.0.0.1:PORT[/base]`).
#[derive(Debug, Clone)]
pub struct Client {
    authority: String,
    base_path: String,
    /// Sent as `Authorization: Bearer …` when set.
    pub token: Option<String>,
    /// Sent as `User-Agent` when set.
    pub user_agent: Option<String>,
    /// Sent as `Accept` when set.
    pub accept: Option<String>,
}

impl Client {
    /// A well-behaved client: bearer token, GitHub `Accept`, a `User-Agent`.
    pub fn new(base_url: &str, token: &str) -> Client {
        let rest = base_url
            .strip_prefix("http://")
            .expect("the mock speaks plain http");
        let (authority, base_path) = match rest.find('/') {
            Some(i) => (&rest[..i], rest[i..].trim_end_matches('/')),
            None => (rest, ""),
        };
        Client {
            authority: authority.to_owned(),
            base_path: base_path.to_owned(),
            token: Some(token.to_owned()),
            user_agent: Some("slagate-tests".to_owned()),
            accept: Some("application/vnd.github+json".to_owned()),
        }
    }

    /// The same client without an `Authorization` header.
    pub fn without_token(mut self) -> Client {
        self.token = None;
        self
    }

    /// GET `path` (relative to the base URL, may carry a query).
    pub fn get(&self, path: &str) -> ClientResponse {
        self.send("GET", path, &[], None)
    }

    /// GET an absolute URL the mock handed out (a `Link` target).
    pub fn get_url(&self, url: &str) -> ClientResponse {
        let prefix = format!("http://{}{}", self.authority, self.base_path);
        let path = url
            .strip_prefix(&prefix)
            .unwrap_or_else(|| panic!("{url} is not under {prefix}"));
        self.get(path)
    }

    /// POST a JSON body.
    pub fn post(&self, path: &str, body: &Value) -> ClientResponse {
        self.send("POST", path, &[], Some(&body.to_string()))
    }

    /// PATCH a JSON body.
    pub fn patch(&self, path: &str, body: &Value) -> ClientResponse {
        self.send("PATCH", path, &[], Some(&body.to_string()))
    }

    /// PUT a JSON body.
    pub fn put(&self, path: &str, body: &Value) -> ClientResponse {
        self.send("PUT", path, &[], Some(&body.to_string()))
    }

    /// DELETE.
    pub fn delete(&self, path: &str) -> ClientResponse {
        self.send("DELETE", path, &[], None)
    }

    /// Any request; `extra` headers are added after the defaults.
    pub fn send(
        &self,
        method: &str,
        path: &str,
        extra: &[(&str, &str)],
        body: Option<&str>,
    ) -> ClientResponse {
        let mut request = format!(
            "{method} {}{path} HTTP/1.1\r\nHost: {}\r\nConnection: close\r\n",
            self.base_path, self.authority
        );
        if let Some(token) = &self.token {
            let _ = write!(request, "Authorization: Bearer {token}\r\n");
        }
        if let Some(agent) = &self.user_agent {
            let _ = write!(request, "User-Agent: {agent}\r\n");
        }
        if let Some(accept) = &self.accept {
            let _ = write!(request, "Accept: {accept}\r\n");
        }
        request.push_str("X-GitHub-Api-Version: 2022-11-28\r\n");
        for (name, value) in extra {
            let _ = write!(request, "{name}: {value}\r\n");
        }
        if let Some(body) = body {
            let _ = write!(
                request,
                "Content-Type: application/json\r\nContent-Length: {}\r\n",
                body.len()
            );
        }
        request.push_str("\r\n");
        if let Some(body) = body {
            request.push_str(body);
        }
        self.raw(request.as_bytes())
    }

    /// Writes raw bytes on a fresh connection and reads one response.
    pub fn raw(&self, bytes: &[u8]) -> ClientResponse {
        let mut stream = TcpStream::connect(&self.authority).expect("connect to the mock");
        stream
            .set_read_timeout(Some(Duration::from_secs(20)))
            .expect("timeout");
        stream.write_all(bytes).expect("write request");
        read_response(&mut stream)
    }
}

/// Reads one response (with `Content-Length`, as the mock always sends) from `stream`.
pub fn read_response(stream: &mut TcpStream) -> ClientResponse {
    let mut data = Vec::new();
    let mut chunk = [0u8; 16 * 1024];
    loop {
        if let Some(end) = data.windows(4).position(|w| w == b"\r\n\r\n") {
            let head = String::from_utf8_lossy(&data[..end]).into_owned();
            let mut lines = head.split("\r\n");
            let status_line = lines.next().unwrap_or_default();
            let status: u16 = status_line
                .split(' ')
                .nth(1)
                .and_then(|s| s.parse().ok())
                .unwrap_or_else(|| panic!("bad status line {status_line:?}"));
            let headers: Vec<(String, String)> = lines
                .filter_map(|l| l.split_once(':'))
                .map(|(n, v)| (n.to_owned(), v.trim().to_owned()))
                .collect();
            if status == 100 {
                data.drain(..end + 4);
                continue;
            }
            let length: usize = headers
                .iter()
                .find(|(n, _)| n.eq_ignore_ascii_case("content-length"))
                .map_or(0, |(_, v)| v.parse().expect("content-length"));
            if data.len() >= end + 4 + length {
                let body = String::from_utf8_lossy(&data[end + 4..end + 4 + length]).into_owned();
                data.drain(..end + 4 + length);
                return ClientResponse {
                    status,
                    headers,
                    body,
                };
            }
        }
        // A signal (another test's child process ending) may interrupt the read: read again.
        let n = match stream.read(&mut chunk) {
            Err(e) if e.kind() == std::io::ErrorKind::Interrupted => continue,
            other => other.expect("read response"),
        };
        assert!(n > 0, "connection closed before a full response");
        data.extend_from_slice(&chunk[..n]);
    }
}
