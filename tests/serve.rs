//! `loa serve` builds and serves the site on loopback: pages, the 404 page with status 404, no
//! file outside the output folder whatever the request path; it rebuilds on every save, shows a
//! failed build in the browser while serving the last good one, and holds up under load.

mod common;

use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::sync::mpsc::{Receiver, channel};
use std::time::{Duration, Instant};

use common::*;

struct Server(Child);

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

fn get(addr: &str, path: &str) -> (u16, String) {
    let mut s = TcpStream::connect(addr).unwrap();
    s.set_read_timeout(Some(Duration::from_secs(10))).unwrap();
    write!(
        s,
        "GET {path} HTTP/1.1\r\nHost: {addr}\r\nConnection: close\r\n\r\n"
    )
    .unwrap();
    let mut buf = Vec::new();
    s.read_to_end(&mut buf).unwrap();
    let text = String::from_utf8_lossy(&buf).to_string();
    let status = text.split(' ').nth(1).unwrap().parse().unwrap();
    (status, text)
}

/// Starts `loa serve --port 0` in `site`; returns the server, its address, and the lines it
/// prints from then on.
fn start(site: &Path) -> (Server, String, Receiver<String>) {
    let mut child = Command::new(env!("CARGO_BIN_EXE_loa"))
        .args(["serve", "--port", "0"])
        .current_dir(site)
        .stderr(Stdio::piped())
        .stdout(Stdio::null())
        .spawn()
        .unwrap();
    let stderr = child.stderr.take().unwrap();
    let server = Server(child);
    let (tx, rx) = channel();
    std::thread::spawn(move || {
        for line in BufReader::new(stderr).lines().map_while(|l| l.ok()) {
            if tx.send(line).is_err() {
                break;
            }
        }
    });
    let addr = loop {
        let line = rx
            .recv_timeout(Duration::from_secs(120))
            .expect("serve printed its address");
        if let Some(rest) = line.split("at http://").nth(1) {
            break rest.split('/').next().unwrap().to_string();
        }
    };
    assert!(addr.starts_with("127.0.0.1:"), "{addr}");
    (server, addr, rx)
}

/// Polls `path` until its body satisfies `want`, for at most `secs` seconds.
fn wait_for(addr: &str, path: &str, secs: u64, want: impl Fn(&str) -> bool) -> String {
    let until = Instant::now() + Duration::from_secs(secs);
    loop {
        let (status, body) = get(addr, path);
        if status == 200 && want(&body) {
            return body;
        }
        assert!(
            Instant::now() < until,
            "{path} did not change in {secs} s:\n{body}"
        );
        std::thread::sleep(Duration::from_millis(100));
    }
}

/// Waits for a printed line containing `needle`; returns it.
fn wait_line(rx: &Receiver<String>, needle: &str) -> String {
    let until = Instant::now() + Duration::from_secs(30);
    while let Some(left) = until.checked_duration_since(Instant::now()) {
        match rx.recv_timeout(left) {
            Ok(line) if line.contains(needle) => return line,
            Ok(_) => {}
            Err(_) => break,
        }
    }
    panic!("serve never printed a line with `{needle}`");
}

#[test]
fn serves_pages_404_and_refuses_traversal() {
    let dir = starter_site();
    let site = dir.path().join("site");
    std::fs::write(dir.path().join("secret.txt"), "top secret").unwrap();
    let (_server, addr, _lines) = start(&site);

    let (status, body) = get(&addr, "/");
    assert_eq!(status, 200);
    assert!(body.contains("text/html"), "{body}");
    assert!(body.contains("Xây dựng năng lực tự học"));
    let (status, body) = get(&addr, "/en/");
    assert_eq!(status, 200);
    assert!(body.contains("lang=\"en\""));
    let (status, _) = get(&addr, "/css/site.css");
    assert_eq!(status, 200);
    let (status, body) = get(&addr, "/khong-co/");
    assert_eq!(status, 404);
    assert!(body.contains("404"));
    let (status, _) = get(&addr, "/en");
    assert_eq!(status, 301);
    for bad in [
        "/../secret.txt",
        "/%2e%2e/secret.txt",
        "/%2E%2E%2Fsecret.txt",
        "/..%2f..%2fsecret.txt",
        "//etc/passwd",
    ] {
        let (status, body) = get(&addr, bad);
        assert!(status == 400 || status == 404, "{bad}: {status}");
        assert!(
            !body.contains("top secret") && !body.contains("root:"),
            "{bad} leaked a file"
        );
    }
    // Links in the served pages point at the local server, not the public address.
    let (_, body) = get(&addr, "/");
    assert!(
        body.contains(&format!("http://{addr}/")),
        "canonical should be local"
    );
}

#[test]
fn rebuilds_on_save_shows_errors_and_recovers() {
    let dir = starter_site();
    let site = dir.path().join("site");
    let post = site.join("content/news/2023-10-02-le-phat-dong/index.md");
    let page = "/tin-tuc/2023-10-02-le-phat-dong/";
    let (_server, addr, lines) = start(&site);
    let first = wait_for(&addr, page, 10, |b| b.contains("<html"));
    // Live reload is added on the way out, never written into the output.
    assert!(first.contains("/__loa/livereload.js"));
    let on_disk = std::fs::read_to_string(
        site.join(".loa-cache/serve/tin-tuc/2023-10-02-le-phat-dong/index.html"),
    )
    .unwrap();
    assert!(!on_disk.contains("livereload"));
    let (status, js) = get(&addr, "/__loa/livereload.js");
    assert_eq!(status, 200);
    assert!(js.contains("EventSource"));

    // The browser's event stream: told about the failure below.
    let mut events = TcpStream::connect(&addr).unwrap();
    events
        .set_read_timeout(Some(Duration::from_secs(30)))
        .unwrap();
    write!(events, "GET /__loa/events HTTP/1.1\r\nHost: {addr}\r\n\r\n").unwrap();

    // An editor saving through a temporary file and a rename.
    let text = std::fs::read_to_string(&post).unwrap();
    let edited = text.replacen("\n---\n", "\n---\n\nDòng mới: **bản sửa thứ nhất**.\n\n", 1);
    let tmp = post.with_file_name(".index.md.tmp");
    std::fs::write(&tmp, &edited).unwrap();
    std::fs::rename(&tmp, &post).unwrap();
    wait_for(&addr, page, 15, |b| b.contains("bản sửa thứ nhất"));
    wait_line(&lines, "rebuilt");

    // Broken front matter: reported in the terminal and to the browser, old page still served.
    std::fs::write(&post, edited.replacen("title:", "title: [không đóng", 1)).unwrap();
    let line = wait_line(&lines, "error:");
    assert!(line.contains("index.md"), "{line}");
    let mut seen = String::new();
    let mut buf = [0u8; 4096];
    while !seen.contains("event: build-error") {
        let n = events.read(&mut buf).expect("an event before the timeout");
        assert!(n > 0, "event stream closed: {seen}");
        seen.push_str(&String::from_utf8_lossy(&buf[..n]));
    }
    assert!(seen.contains("text/event-stream"), "{seen}");
    assert!(seen.contains("index.md"), "{seen}");
    let (status, body) = get(&addr, page);
    assert_eq!(status, 200);
    assert!(body.contains("bản sửa thứ nhất"));

    // Fixed: the next save recovers.
    std::fs::write(&post, edited.replace("bản sửa thứ nhất", "bản sửa thứ hai")).unwrap();
    wait_for(&addr, page, 15, |b| b.contains("bản sửa thứ hai"));
}

#[test]
fn load_of_2000_requests_50_at_a_time_has_no_errors() {
    let dir = starter_site();
    let site = dir.path().join("site");
    let (_server, addr, _lines) = start(&site);
    let paths = ["/", "/en/", "/css/site.css", "/tin-tuc/", "/khong-co/"];
    let workers: Vec<_> = (0..50)
        .map(|w| {
            let addr = addr.clone();
            std::thread::spawn(move || {
                let mut failures = Vec::new();
                for i in 0..40 {
                    let path = paths[(w + i) % paths.len()];
                    let (status, _) = get(&addr, path);
                    let want = if path == "/khong-co/" { 404 } else { 200 };
                    if status != want {
                        failures.push(format!("{path}: {status}"));
                    }
                }
                failures
            })
        })
        .collect();
    let failures: Vec<String> = workers
        .into_iter()
        .flat_map(|w| w.join().unwrap())
        .collect();
    assert!(failures.is_empty(), "{failures:?}");
}

/// Sends `raw` on a new connection and reads until the server closes it (at most 20 s).
fn exchange(addr: &str, raw: &[u8]) -> (String, Duration) {
    let mut s = TcpStream::connect(addr).unwrap();
    s.set_read_timeout(Some(Duration::from_secs(20))).unwrap();
    let started = Instant::now();
    // A server that refuses may close before all is sent: what it answered is read all the same.
    let _ = s.write_all(raw);
    let mut buf = Vec::new();
    let _ = s.read_to_end(&mut buf);
    (String::from_utf8_lossy(&buf).to_string(), started.elapsed())
}

#[test]
fn idle_connections_are_closed_and_their_number_is_capped() {
    let dir = starter_site();
    let site = dir.path().join("site");
    let (_server, addr, _lines) = start(&site);
    // Two requests on one kept-alive connection, pipelined, then silence: both are answered,
    // the second without a body (HEAD), and the server closes the connection after 5 s idle.
    let (text, took) = exchange(
        &addr,
        format!("GET /css/site.css HTTP/1.1\r\nHost: {addr}\r\n\r\nHEAD / HTTP/1.1\r\nHost: {addr}\r\n\r\n").as_bytes(),
    );
    assert_eq!(text.matches("HTTP/1.1 200 OK").count(), 2, "{text}");
    assert!(text.contains("Keep-Alive: timeout=5"), "{text}");
    // The CSS has no `</html>`; the home page would, had HEAD sent a body.
    assert!(!text.contains("</html>"), "HEAD sent a body:\n{text}");
    assert!(
        took >= Duration::from_secs(4) && took < Duration::from_secs(15),
        "closed after {took:?}"
    );
    // A head that never ends is cut off too (slowloris), with 408 once it has started.
    let (text, took) = exchange(&addr, b"GET / HTTP/1.1\r\nX: y");
    assert!(text.starts_with("HTTP/1.1 408"), "{text}");
    assert!(took < Duration::from_secs(15), "closed after {took:?}");
    // Malformed and oversized heads are refused and closed.
    let (text, _) = exchange(&addr, b"\x16\x03\x01 hello\r\n\r\n");
    assert!(text.starts_with("HTTP/1.1 400"), "{text}");
    let (text, _) = exchange(
        &addr,
        format!("GET / HTTP/1.1\r\nX: {}\r\n\r\n", "a".repeat(20_000)).as_bytes(),
    );
    assert!(text.starts_with("HTTP/1.1 431"), "{text}");
    let (text, _) = exchange(&addr, b"POST / HTTP/1.1\r\nContent-Length: 2\r\n\r\nab");
    assert!(text.starts_with("HTTP/1.1 405"), "{text}");
    assert!(text.contains("Connection: close"), "{text}");

    // 128 idle connections take every place: the next is told so at once, not left hanging.
    let idle: Vec<TcpStream> = (0..128)
        .map(|_| TcpStream::connect(&addr).unwrap())
        .collect();
    std::thread::sleep(Duration::from_millis(500));
    let (text, took) = exchange(
        &addr,
        format!("GET / HTTP/1.1\r\nHost: {addr}\r\n\r\n").as_bytes(),
    );
    assert!(text.starts_with("HTTP/1.1 503"), "{text}");
    assert!(took < Duration::from_secs(3), "{took:?}");
    // Once the idle ones are closed (by the server, their clients still holding them), pages
    // are served again.
    let until = Instant::now() + Duration::from_secs(15);
    let request = format!("GET / HTTP/1.1\r\nHost: {addr}\r\nConnection: close\r\n\r\n");
    loop {
        let (text, _) = exchange(&addr, request.as_bytes());
        if text.starts_with("HTTP/1.1 200") {
            break;
        }
        assert!(Instant::now() < until, "still refused: {text}");
        std::thread::sleep(Duration::from_millis(200));
    }
    drop(idle);
}
