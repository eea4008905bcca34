//! `loa serve`: build, then serve the output on loopback. Only files inside the output folder are
//! ever served: the request path is decoded, `..` and absolute segments are refused, and the final
//! path is checked against the output folder after symlinks are resolved.

use std::path::{Component, Path, PathBuf};

use crate::build::{BuildArgs, build};
use crate::error::{Error, Result};

pub struct ServeArgs {
    pub build: BuildArgs,
    pub bind: String,
    pub port: u16,
}

pub fn serve(args: ServeArgs) -> Result<()> {
    let server = tiny_http::Server::http((args.bind.as_str(), args.port))
        .map_err(|e| Error::Other(format!("cannot listen on {}:{}: {e}", args.bind, args.port)))?;
    let addr = server
        .server_addr()
        .to_ip()
        .map(|a| a.to_string())
        .unwrap_or_else(|| format!("{}:{}", args.bind, args.port));
    let mut build_args = args.build.clone();
    build_args.base_url = Some(format!("http://{addr}"));
    if build_args.output.is_none() {
        build_args.output = Some(build_args.root.join(".loa-cache").join("serve"));
    }
    let report = build(&build_args)?;
    for w in &report.warnings {
        eprintln!("warning: {w}");
    }
    eprintln!(
        "built {} pages in {} languages in {} ms",
        report.pages,
        report.languages,
        report.elapsed.as_millis()
    );
    eprintln!(
        "serving {} at http://{addr}/ (Ctrl+C to stop)",
        report.output.display()
    );
    let root = report
        .output
        .canonicalize()
        .map_err(|e| Error::io(&report.output, e))?;
    for request in server.incoming_requests() {
        let response = respond(&root, request.url());
        let _ = request.respond(response);
    }
    Ok(())
}

type Response = tiny_http::Response<std::io::Cursor<Vec<u8>>>;

fn respond(root: &Path, raw_url: &str) -> Response {
    match resolve(root, raw_url) {
        Resolved::File(path) => match std::fs::read(&path) {
            Ok(bytes) => with_type(tiny_http::Response::from_data(bytes), &path),
            Err(_) => not_found(root, raw_url),
        },
        Resolved::Redirect(location) => {
            let mut r = tiny_http::Response::from_data(Vec::new()).with_status_code(301);
            if let Ok(h) = tiny_http::Header::from_bytes("Location", location.as_bytes()) {
                r.add_header(h);
            }
            r
        }
        Resolved::BadRequest => {
            tiny_http::Response::from_data(b"400 bad request".to_vec()).with_status_code(400)
        }
        Resolved::NotFound => not_found(root, raw_url),
    }
}

/// The 404 page of the language the URL is in (`/en/…` → `en/404.html`), else the default one.
fn not_found(root: &Path, raw_url: &str) -> Response {
    let first = raw_url
        .trim_start_matches('/')
        .split('/')
        .next()
        .unwrap_or("");
    let localized = (!first.is_empty() && !first.contains(".."))
        .then(|| root.join(first).join("404.html"))
        .filter(|p| p.is_file());
    let file = localized.unwrap_or_else(|| root.join("404.html"));
    let page = std::fs::read(file).unwrap_or_else(|_| b"404 not found".to_vec());
    with_type(tiny_http::Response::from_data(page), Path::new("404.html")).with_status_code(404)
}

fn with_type(mut r: Response, path: &Path) -> Response {
    if let Ok(h) = tiny_http::Header::from_bytes("Content-Type", mime(path).as_bytes()) {
        r.add_header(h);
    }
    r
}

pub enum Resolved {
    File(PathBuf),
    Redirect(String),
    BadRequest,
    NotFound,
}

/// Maps a request URL to a file inside `root` (which must be canonical).
pub fn resolve(root: &Path, raw_url: &str) -> Resolved {
    let path_part = raw_url.split(['?', '#']).next().unwrap_or("/");
    let Some(decoded) = percent_decode(path_part) else {
        return Resolved::BadRequest;
    };
    if decoded.contains('\0') || decoded.contains('\\') {
        return Resolved::BadRequest;
    }
    let rel = decoded.trim_start_matches('/');
    let rel_path = Path::new(rel);
    if rel_path
        .components()
        .any(|c| !matches!(c, Component::Normal(_)))
    {
        return Resolved::BadRequest;
    }
    let mut candidate = root.join(rel_path);
    if candidate.is_dir() {
        if !decoded.ends_with('/') {
            // Built from the checked relative path, never echoed from the request, so `//host`
            // cannot turn into a redirect to another site.
            let query = raw_url
                .split_once('?')
                .map(|(_, q)| format!("?{q}"))
                .unwrap_or_default();
            let encoded: String = rel
                .split('/')
                .map(encode_segment)
                .collect::<Vec<_>>()
                .join("/");
            return Resolved::Redirect(format!("/{encoded}/{query}"));
        }
        candidate = candidate.join("index.html");
    }
    match candidate.canonicalize() {
        Ok(real) if real.starts_with(root) && real.is_file() => Resolved::File(real),
        _ => Resolved::NotFound,
    }
}

fn encode_segment(seg: &str) -> String {
    let mut out = String::new();
    for b in seg.bytes() {
        if b.is_ascii_alphanumeric() || b"-._~".contains(&b) {
            out.push(b as char);
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

fn percent_decode(s: &str) -> Option<String> {
    let bytes = s.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%' {
            let hex = s.get(i + 1..i + 3)?;
            out.push(u8::from_str_radix(hex, 16).ok()?);
            i += 3;
        } else {
            out.push(bytes[i]);
            i += 1;
        }
    }
    String::from_utf8(out).ok()
}

pub fn mime(path: &Path) -> &'static str {
    match path.extension().and_then(|e| e.to_str()).unwrap_or("") {
        "html" | "htm" => "text/html; charset=utf-8",
        "css" => "text/css; charset=utf-8",
        "js" | "mjs" => "text/javascript; charset=utf-8",
        "json" => "application/json",
        "xml" => "application/xml; charset=utf-8",
        "txt" => "text/plain; charset=utf-8",
        "svg" => "image/svg+xml",
        "png" => "image/png",
        "jpg" | "jpeg" => "image/jpeg",
        "gif" => "image/gif",
        "webp" => "image/webp",
        "avif" => "image/avif",
        "ico" => "image/x-icon",
        "pdf" => "application/pdf",
        "zip" => "application/zip",
        "woff2" => "font/woff2",
        "woff" => "font/woff",
        "ttf" => "font/ttf",
        "otf" => "font/otf",
        _ => "application/octet-stream",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn refuses_traversal() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path().canonicalize().unwrap();
        std::fs::write(root.join("index.html"), "x").unwrap();
        assert!(matches!(resolve(&root, "/"), Resolved::File(_)));
        for bad in [
            "/../etc/passwd",
            "/%2e%2e/etc/passwd",
            "/a/%2E%2E/%2e%2e/x",
            "/..%2fx",
            "/%00",
        ] {
            assert!(
                matches!(
                    resolve(&root, bad),
                    Resolved::BadRequest | Resolved::NotFound
                ),
                "{bad}"
            );
        }
        assert!(matches!(resolve(&root, "/nope.html"), Resolved::NotFound));
        std::fs::create_dir(root.join("en")).unwrap();
        match resolve(&root, "//en") {
            Resolved::Redirect(to) => assert_eq!(to, "/en/"),
            _ => panic!("expected a redirect"),
        }
    }
}
