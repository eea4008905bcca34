//! The HTTP/1.1 server under `loa serve`: enough of the protocol for browsers and `curl` (GET and
//! HEAD, keep-alive, pipelining, HEAD without a body), with bounds a long-running server needs.
//!
//! Written here rather than taken from tiny_http, which `loa serve` used before: it set no
//! timeouts, so every idle connection held a thread for ever (500 idle connections, 500
//! threads), and its accept loop stopped for good at the first failed `accept` (too many open
//! files), leaving a server that answered nothing. Here:
//! - a connection waits at most [`IDLE`] for its next request and [`HEAD_TIME`] for the rest of
//!   a request's head once it has started, then is closed;
//! - at most [`MAX_CONNECTIONS`] are open at once; the next gets `503` and is closed;
//! - a failed `accept` is waited out, never the end of the server.

use std::io::{Read, Write};
use std::net::{TcpListener, TcpStream};
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{Duration, Instant};

/// How long a kept-alive connection may wait for its next request.
pub(crate) const IDLE: Duration = Duration::from_secs(5);
/// How long a request's head may take to arrive once its first byte has.
const HEAD_TIME: Duration = Duration::from_secs(10);
/// How long one write may block on a client that does not read.
const WRITE_TIME: Duration = Duration::from_secs(10);
/// Connections open at once, live-reload streams included (a browser tab holds one stream and
/// up to six connections for pages and files).
pub(crate) const MAX_CONNECTIONS: usize = 128;
/// Longest request head (request line and headers).
const MAX_HEAD: usize = 16 * 1024;

/// A request as the site needs it: method and target as sent (`/tin-tuc/?q=1`).
pub(crate) struct Request {
    pub(crate) method: String,
    pub(crate) target: String,
}

pub(crate) struct Response {
    status: u16,
    headers: Vec<(&'static str, String)>,
    body: Vec<u8>,
}

impl Response {
    pub(crate) fn new(status: u16, body: Vec<u8>) -> Response {
        Response {
            status,
            headers: Vec::new(),
            body,
        }
    }

    /// Adds a header; a value with a control character (which could end the head early) is
    /// left out.
    pub(crate) fn header(mut self, name: &'static str, value: impl Into<String>) -> Response {
        let value = value.into();
        if !value.chars().any(char::is_control) {
            self.headers.push((name, value));
        }
        self
    }
}

/// Writes a response that lasts until the client goes (server-sent events), head included.
pub(crate) type Streamer = Box<dyn FnOnce(&mut dyn Write) + Send>;

/// What a request gets: a whole response, or the connection itself for a stream.
pub(crate) enum Answer {
    Full(Response),
    Stream(Streamer),
}

/// Serves `listener` on a thread of its own, each connection on one more, `answer` answering.
pub(crate) fn run(
    listener: TcpListener,
    answer: impl Fn(&Request) -> Answer + Send + Sync + 'static,
) {
    let answer: Arc<dyn Fn(&Request) -> Answer + Send + Sync> = Arc::new(answer);
    let open = Arc::new(AtomicUsize::new(0));
    let (refusals, refused) = std::sync::mpsc::sync_channel::<TcpStream>(64);
    std::thread::spawn(move || {
        for stream in refused {
            refuse(stream);
        }
    });
    std::thread::spawn(move || {
        loop {
            let stream = match listener.accept() {
                Ok((stream, _)) => stream,
                // Out of file descriptors, or a connection reset before it was accepted: the
                // next one may well work.
                Err(_) => {
                    std::thread::sleep(Duration::from_millis(50));
                    continue;
                }
            };
            if open.load(Ordering::Acquire) >= MAX_CONNECTIONS {
                // Told on a thread of its own; when even that one is behind, just closed.
                let _ = refusals.try_send(stream);
                continue;
            }
            let slot = Slot::take(&open);
            let answer = answer.clone();
            // If no thread can be made, the closure and its slot are dropped: the connection
            // closes and its place is given back.
            let _ = std::thread::Builder::new()
                .name("loa-http".into())
                .spawn(move || {
                    let _slot = slot;
                    connection(stream, &*answer);
                });
        }
    });
}

/// One place among the [`MAX_CONNECTIONS`], given back when dropped.
struct Slot(Arc<AtomicUsize>);

impl Slot {
    fn take(open: &Arc<AtomicUsize>) -> Slot {
        open.fetch_add(1, Ordering::AcqRel);
        Slot(open.clone())
    }
}

impl Drop for Slot {
    fn drop(&mut self) {
        self.0.fetch_sub(1, Ordering::AcqRel);
    }
}

/// Answers `503` without reading the request, then reads what the client sent before closing:
/// a socket closed with unread bytes is reset, and the reset can reach the client before the
/// answer does.
fn refuse(mut stream: TcpStream) {
    let _ = stream.set_write_timeout(Some(Duration::from_millis(500)));
    let body = b"503 too many connections; try again\n";
    let _ = write_response(
        &mut stream,
        &Response::new(503, body.to_vec()).header("Retry-After", "1"),
        false,
        false,
    );
    let _ = stream.shutdown(std::net::Shutdown::Write);
    let _ = stream.set_read_timeout(Some(Duration::from_millis(200)));
    let mut sink = [0u8; 4096];
    let mut left = MAX_HEAD;
    while left > 0 {
        match stream.read(&mut sink) {
            Ok(n) if n > 0 => left = left.saturating_sub(n),
            _ => break,
        }
    }
}

fn connection(mut stream: TcpStream, answer: &(dyn Fn(&Request) -> Answer + Send + Sync)) {
    let _ = stream.set_nodelay(true);
    let _ = stream.set_write_timeout(Some(WRITE_TIME));
    let mut buffer = Vec::new();
    loop {
        let head = match read_head(&mut stream, &mut buffer) {
            Ok(Some(head)) => head,
            Ok(None) => return,
            Err(status) => {
                let text = format!("{status} {}\n", reason(status));
                let _ = write_response(
                    &mut stream,
                    &Response::new(status, text.into_bytes()),
                    false,
                    false,
                );
                return;
            }
        };
        let Some(head) = Head::parse(&head) else {
            let _ = write_response(
                &mut stream,
                &Response::new(400, b"400 bad request\n".to_vec()),
                false,
                false,
            );
            return;
        };
        let head_only = head.request.method == "HEAD";
        match answer(&head.request) {
            Answer::Full(response) => {
                if write_response(&mut stream, &response, head.keep_alive, head_only).is_err()
                    || !head.keep_alive
                {
                    return;
                }
            }
            Answer::Stream(stream_to) => {
                stream_to(&mut stream);
                return;
            }
        }
    }
}

/// Reads up to the end of the next request's head (`\r\n\r\n`), which it returns, keeping any
/// bytes after it for the next request (pipelining). `None` when the client closed or stayed
/// idle past [`IDLE`]; `Err` with the status to answer for a head too long or too slow.
fn read_head(stream: &mut TcpStream, buffer: &mut Vec<u8>) -> Result<Option<Vec<u8>>, u16> {
    let mut started: Option<Instant> = None;
    let idle_until = Instant::now() + IDLE;
    let mut chunk = [0u8; 4096];
    loop {
        // Blank lines between requests are allowed (RFC 9112, 2.2).
        let blank = buffer
            .iter()
            .take_while(|b| matches!(b, b'\r' | b'\n'))
            .count();
        buffer.drain(..blank);
        let end = buffer.windows(4).position(|w| w == b"\r\n\r\n");
        if end.map_or(buffer.len(), |e| e + 4) > MAX_HEAD {
            return Err(431);
        }
        if let Some(end) = end {
            let rest = buffer.split_off(end + 4);
            return Ok(Some(std::mem::replace(buffer, rest)));
        }
        if !buffer.is_empty() && started.is_none() {
            started = Some(Instant::now());
        }
        let until = started.map_or(idle_until, |s| s + HEAD_TIME);
        let Some(left) = until
            .checked_duration_since(Instant::now())
            .filter(|d| !d.is_zero())
        else {
            return if buffer.is_empty() {
                Ok(None)
            } else {
                Err(408)
            };
        };
        if stream.set_read_timeout(Some(left)).is_err() {
            return Ok(None);
        }
        match stream.read(&mut chunk) {
            Ok(0) => return Ok(None),
            Ok(n) => buffer.extend_from_slice(&chunk[..n]),
            Err(e) if e.kind() == std::io::ErrorKind::Interrupted => {}
            // Timed out: the deadline above decides.
            Err(e)
                if matches!(
                    e.kind(),
                    std::io::ErrorKind::WouldBlock | std::io::ErrorKind::TimedOut
                ) => {}
            Err(_) => return Ok(None),
        }
    }
}

struct Head {
    request: Request,
    keep_alive: bool,
}

impl Head {
    /// The request line and the headers that decide the connection's fate; `None` when the
    /// request line is not `METHOD TARGET HTTP/1.x`.
    fn parse(bytes: &[u8]) -> Option<Head> {
        let text = String::from_utf8_lossy(bytes);
        let mut lines = text.split("\r\n");
        let mut parts = lines.next()?.split(' ');
        let (method, target, version) = (parts.next()?, parts.next()?, parts.next()?);
        // The absolute form (`GET http://host/a HTTP/1.1`) is the same request (RFC 9112, 3.2.2).
        let target = ["http://", "https://"]
            .iter()
            .find_map(|scheme| target.strip_prefix(scheme))
            .map_or(target, |rest| rest.find('/').map_or("/", |at| &rest[at..]));
        if parts.next().is_some()
            || method.is_empty()
            || !method.bytes().all(|b| b.is_ascii_uppercase())
            || !target.starts_with('/')
            || target.bytes().any(|b| b.is_ascii_control())
        {
            return None;
        }
        let http11 = match version {
            "HTTP/1.1" => true,
            "HTTP/1.0" => false,
            _ => return None,
        };
        let (mut close, mut keep, mut body) = (false, false, false);
        for line in lines {
            let Some((name, value)) = line.split_once(':') else {
                continue;
            };
            let value = value.trim().to_ascii_lowercase();
            match name.trim().to_ascii_lowercase().as_str() {
                "connection" => {
                    close |= value.split(',').any(|t| t.trim() == "close");
                    keep |= value.split(',').any(|t| t.trim() == "keep-alive");
                }
                "content-length" => body |= value != "0",
                "transfer-encoding" => body = true,
                _ => {}
            }
        }
        Some(Head {
            request: Request {
                method: method.to_string(),
                target: target.to_string(),
            },
            // A request body is never read: after answering, the connection closes rather
            // than take the body for the next request.
            keep_alive: !close && !body && (http11 || keep),
        })
    }
}

fn write_response(
    stream: &mut dyn Write,
    response: &Response,
    keep_alive: bool,
    head_only: bool,
) -> std::io::Result<()> {
    let mut head = format!(
        "HTTP/1.1 {} {}\r\nDate: {}\r\nContent-Length: {}\r\n",
        response.status,
        reason(response.status),
        chrono::Utc::now().format("%a, %d %b %Y %H:%M:%S GMT"),
        response.body.len()
    );
    for (name, value) in &response.headers {
        head.push_str(&format!("{name}: {value}\r\n"));
    }
    if keep_alive {
        head.push_str(&format!(
            "Connection: keep-alive\r\nKeep-Alive: timeout={}\r\n\r\n",
            IDLE.as_secs()
        ));
    } else {
        head.push_str("Connection: close\r\n\r\n");
    }
    let mut bytes = head.into_bytes();
    if !head_only {
        bytes.extend_from_slice(&response.body);
    }
    stream.write_all(&bytes)?;
    stream.flush()
}

fn reason(status: u16) -> &'static str {
    match status {
        200 => "OK",
        301 => "Moved Permanently",
        400 => "Bad Request",
        404 => "Not Found",
        405 => "Method Not Allowed",
        408 => "Request Timeout",
        431 => "Request Header Fields Too Large",
        503 => "Service Unavailable",
        _ => "",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn heads_decide_keep_alive_and_refuse_what_is_not_http() {
        let parse = |s: &str| Head::parse(s.as_bytes()).map(|h| (h.request.target, h.keep_alive));
        assert_eq!(
            parse("GET /a?b HTTP/1.1\r\nHost: x\r\n\r\n"),
            Some(("/a?b".into(), true))
        );
        assert_eq!(
            parse("GET / HTTP/1.1\r\nconnection: Close\r\n\r\n"),
            Some(("/".into(), false))
        );
        assert_eq!(parse("GET / HTTP/1.0\r\n\r\n"), Some(("/".into(), false)));
        assert_eq!(
            parse("GET / HTTP/1.0\r\nConnection: keep-alive\r\n\r\n"),
            Some(("/".into(), true))
        );
        assert_eq!(
            parse("GET http://127.0.0.1:1111/en/?q HTTP/1.1\r\n\r\n"),
            Some(("/en/?q".into(), true))
        );
        // A body is not read, so the connection cannot be kept.
        assert_eq!(
            parse("POST / HTTP/1.1\r\nContent-Length: 3\r\n\r\n"),
            Some(("/".into(), false))
        );
        for bad in [
            "GET\r\n\r\n",
            "GET / HTTP/2\r\n\r\n",
            "GET  / HTTP/1.1\r\n\r\n",
            "get / HTTP/1.1\r\n\r\n",
            "OPTIONS * HTTP/1.1\r\n\r\n",
            "GET /a\nLocation: x HTTP/1.1\r\n\r\n",
            "\u{0}\u{1} / HTTP/1.1\r\n\r\n",
        ] {
            assert!(parse(bad).is_none(), "{bad:?}");
        }
    }
}
