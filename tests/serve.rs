//! `loa serve` builds and serves the site on loopback: pages, the 404 page with status 404, and
//! no file outside the output folder whatever the request path.

mod common;

use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::process::{Child, Command, Stdio};
use std::time::Duration;

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

#[test]
fn serves_pages_404_and_refuses_traversal() {
    let dir = starter_site();
    let site = dir.path().join("site");
    std::fs::write(dir.path().join("secret.txt"), "top secret").unwrap();
    let mut child = Command::new(env!("CARGO_BIN_EXE_loa"))
        .args(["serve", "--port", "0"])
        .current_dir(&site)
        .stderr(Stdio::piped())
        .stdout(Stdio::null())
        .spawn()
        .unwrap();
    let stderr = child.stderr.take().unwrap();
    let _server = Server(child);
    let mut addr = String::new();
    for line in BufReader::new(stderr).lines() {
        let line = line.unwrap();
        if let Some(rest) = line.split("at http://").nth(1) {
            addr = rest.split('/').next().unwrap().to_string();
            break;
        }
    }
    assert!(addr.starts_with("127.0.0.1:"), "{addr}");

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
