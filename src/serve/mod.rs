//! `loa serve`: build, serve the output on loopback, watch the site and rebuild on every save.
//!
//! Only files inside the output folder are ever served: the request path is decoded, `..` and
//! absolute segments are refused, and the final path is checked against the output folder after
//! symlinks are resolved. HTML responses get a small live-reload script on the way out; the
//! files on disk never contain it, so `loa build` output is never touched by serve mode.

mod http;
mod incremental;
mod watch;

use std::io::Write;
use std::path::{Component, Path, PathBuf};
use std::sync::{Arc, Condvar, Mutex};
use std::time::{Duration, Instant};

use crate::error::{Error, Result};
use crate::load::BuildArgs;
use crate::pipeline::BuildReport;
use http::Response;
pub use incremental::{Session, build_session};

pub(crate) struct ServeArgs {
    pub(crate) build: BuildArgs,
    pub(crate) bind: String,
    pub(crate) port: u16,
    /// Open the site in the default browser once it is built.
    pub(crate) open: bool,
}

const LIVERELOAD_JS: &str = include_str!("livereload.js");
const EVENTS_PATH: &str = "/__loa/events";
const SCRIPT_PATH: &str = "/__loa/livereload.js";
const PING_PATH: &str = "/__loa/ping";

/// What browsers are told: a counter that moves on every finished rebuild, and how it ended.
#[derive(Clone, Debug, PartialEq)]
pub(crate) enum Outcome {
    /// Pages changed: reload.
    Reload,
    /// Only stylesheets changed: swap them without reloading.
    Css,
    /// The build failed; the last good build is still served.
    Failed(String),
}

pub(crate) struct Status {
    generation: u64,
    outcome: Outcome,
}

/// Shared between the rebuild loop and the event streams.
pub(crate) struct Hub {
    status: Mutex<Status>,
    changed: Condvar,
}

impl Hub {
    fn new(first: Outcome) -> Hub {
        Hub {
            status: Mutex::new(Status {
                generation: 0,
                outcome: first,
            }),
            changed: Condvar::new(),
        }
    }

    fn publish(&self, outcome: Outcome) {
        if let Ok(mut s) = self.status.lock() {
            s.generation += 1;
            s.outcome = outcome;
        }
        self.changed.notify_all();
    }

    /// Waits until the generation moves past `seen` (or `timeout` passes).
    fn wait(&self, seen: u64, timeout: Duration) -> Option<(u64, Outcome)> {
        let guard = self.status.lock().ok()?;
        let (guard, _) = self
            .changed
            .wait_timeout_while(guard, timeout, |s| s.generation == seen)
            .ok()?;
        Some((guard.generation, guard.outcome.clone()))
    }

    fn current(&self) -> Option<(u64, Outcome)> {
        let s = self.status.lock().ok()?;
        Some((s.generation, s.outcome.clone()))
    }
}

pub(crate) fn serve(args: ServeArgs) -> Result<()> {
    let listener = std::net::TcpListener::bind((args.bind.as_str(), args.port))
        .map_err(|e| Error::Other(format!("cannot listen on {}:{}: {e}", args.bind, args.port)))?;
    let addr = listener
        .local_addr()
        .map(|a| a.to_string())
        .unwrap_or_else(|_| format!("{}:{}", args.bind, args.port));
    let mut build_args = args.build.clone();
    build_args.base_url = Some(format!("http://{addr}"));
    if build_args.output.is_none() {
        build_args.output = Some(build_args.root.join(".loa-cache").join("serve"));
    }
    // The first build must succeed: there is nothing to serve otherwise.
    let (report, session) = build_session(&build_args)?;
    for w in &report.warnings {
        say!("warning: {w}");
    }
    say!(
        "built {} pages in {} languages in {} ms",
        report.pages,
        report.languages,
        report.elapsed.as_millis()
    );
    let root = report
        .output
        .canonicalize()
        .map_err(|e| Error::io(&report.output, e))?;
    let hub = Arc::new(Hub::new(Outcome::Reload));
    {
        let hub = hub.clone();
        http::run(listener, move |request| answer(request, &root, &hub));
    }
    // Watching before saying so: an edit saved after the message below is always seen.
    let watch = watch::Watch::new(&build_args, &report.output)?;
    let url = format!("http://{addr}/");
    say!(
        "serving {} at {url} (Ctrl+C to stop); watching for changes",
        report.output.display()
    );
    if args.open {
        open_browser(&url);
    }
    let mut session = session;
    watch.run(|changes| rebuild(&build_args, changes, &hub, &mut session))
}

/// One rebuild after a batch of changes; prints what it did and tells the browsers. An edit
/// that only changes what pages show is rebuilt from the session; anything else, or no session
/// (the last build failed, or was skipped as up to date), is a full build.
fn rebuild(args: &BuildArgs, changes: &watch::Changes, hub: &Hub, session: &mut Option<Session>) {
    let started = Instant::now();
    if let Some(s) = session.as_mut() {
        match s.update(&changes.paths) {
            Ok(Some(r)) => {
                say!(
                    "rebuilt {} {} ({} of {} files changed) in {} ms ({})",
                    r.pages,
                    if r.pages == 1 { "page" } else { "pages" },
                    r.written,
                    r.rendered,
                    r.elapsed.as_millis(),
                    changes.describe()
                );
                hub.publish(Outcome::Reload);
                return;
            }
            Ok(None) => {}
            Err(e) => {
                // The session and the output are as they were: a fix is rebuilt the same way.
                report_failure(hub, &e);
                return;
            }
        }
    }
    match build_session(args) {
        Ok((report, new_session)) => {
            *session = new_session;
            for w in &report.warnings {
                say!("warning: {w}");
            }
            say!("{}", rebuild_line(&report, changes, started.elapsed()));
            if report.skipped || report.written + report.removed == 0 {
                // Nothing in the output changed; a browser showing an error may clear it.
                let failed = hub
                    .current()
                    .is_some_and(|(_, o)| matches!(o, Outcome::Failed(_)));
                if failed {
                    hub.publish(Outcome::Reload);
                }
            } else if changes.only_css() {
                hub.publish(Outcome::Css);
            } else {
                hub.publish(Outcome::Reload);
            }
        }
        Err(e) => {
            // The templates or config the session was made with may be what changed.
            *session = None;
            report_failure(hub, &e);
        }
    }
}

fn report_failure(hub: &Hub, e: &Error) {
    say!("error: {e}");
    say!("(still serving the last good build; fix the file and save again)");
    hub.publish(Outcome::Failed(format!(
        "loa: the build failed; the last good build is still served.\n\n{e}"
    )));
}

/// "rebuilt 3 pages in 41 ms (content/news/x.md)".
fn rebuild_line(report: &BuildReport, changes: &watch::Changes, took: Duration) -> String {
    let what = changes.describe();
    if report.skipped || report.written + report.removed == 0 {
        return format!(
            "no output changed ({what}), checked in {} ms",
            took.as_millis()
        );
    }
    let mut line = format!(
        "rebuilt {} {} in {} ms ({what})",
        report.written,
        if report.written == 1 { "file" } else { "files" },
        took.as_millis()
    );
    if report.removed > 0 {
        line.push_str(&format!(", removed {}", report.removed));
    }
    line
}

fn open_browser(url: &str) {
    let opener = if cfg!(target_os = "macos") {
        "open"
    } else if cfg!(target_os = "windows") {
        "explorer"
    } else {
        "xdg-open"
    };
    if std::process::Command::new(opener)
        .arg(url)
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .spawn()
        .is_err()
    {
        say!("could not start a browser ({opener}); open {url} yourself");
    }
}

fn answer(request: &http::Request, root: &Path, hub: &Arc<Hub>) -> http::Answer {
    let url = request.target.as_str();
    let path = url.split(['?', '#']).next().unwrap_or("/");
    if path == EVENTS_PATH {
        let hub = hub.clone();
        return http::Answer::Stream(Box::new(move |out| stream_events(out, &hub)));
    }
    http::Answer::Full(match path {
        SCRIPT_PATH => with_type(
            Response::new(200, LIVERELOAD_JS.as_bytes().to_vec()),
            Path::new("x.js"),
        ),
        PING_PATH => Response::new(200, b"ok".to_vec()),
        _ if !matches!(request.method.as_str(), "GET" | "HEAD") => {
            Response::new(405, b"405 method not allowed".to_vec()).header("Allow", "GET, HEAD")
        }
        _ => respond(root, url),
    })
}

/// Server-sent events: `reload`, `css`, `build-error` (with the message) and `build-ok`. A new
/// stream is told at once if the current build failed, so a page opened (or reloaded) while the
/// site is broken shows the error too.
fn stream_events(out: &mut dyn Write, hub: &Hub) {
    let head = "HTTP/1.1 200 OK\r\nContent-Type: text/event-stream\r\nCache-Control: no-store\r\nConnection: keep-alive\r\n\r\n";
    if out
        .write_all(head.as_bytes())
        .and_then(|_| out.flush())
        .is_err()
    {
        return;
    }
    let Some((mut seen, outcome)) = hub.current() else {
        return;
    };
    if let Outcome::Failed(message) = &outcome
        && send(out, "build-error", message).is_err()
    {
        return;
    }
    loop {
        match hub.wait(seen, Duration::from_secs(15)) {
            Some((generation, outcome)) if generation != seen => {
                seen = generation;
                let sent = match outcome {
                    Outcome::Reload => send(out, "reload", ""),
                    Outcome::Css => send(out, "css", ""),
                    Outcome::Failed(message) => send(out, "build-error", &message),
                };
                if sent.is_err() {
                    return;
                }
            }
            // A comment now and then: finds closed connections and keeps proxies from timing out.
            Some(_) => {
                if out
                    .write_all(b": keep-alive\n\n")
                    .and_then(|_| out.flush())
                    .is_err()
                {
                    return;
                }
            }
            None => return,
        }
    }
}

fn send(out: &mut dyn Write, event: &str, data: &str) -> std::io::Result<()> {
    let mut msg = format!("event: {event}\n");
    for line in data.lines() {
        msg.push_str("data: ");
        msg.push_str(line);
        msg.push('\n');
    }
    if data.is_empty() {
        msg.push_str("data: \n");
    }
    msg.push('\n');
    out.write_all(msg.as_bytes())?;
    out.flush()
}

fn respond(root: &Path, raw_url: &str) -> Response {
    match resolve(root, raw_url) {
        Resolved::File(path) => match std::fs::read(&path) {
            Ok(bytes) => {
                let bytes = if is_html(&path) { inject(bytes) } else { bytes };
                no_store(with_type(Response::new(200, bytes), &path))
            }
            Err(_) => not_found(root, raw_url),
        },
        Resolved::Redirect(location) => Response::new(301, Vec::new()).header("Location", location),
        Resolved::BadRequest => Response::new(400, b"400 bad request".to_vec()),
        Resolved::NotFound => not_found(root, raw_url),
    }
}

fn is_html(path: &Path) -> bool {
    path.extension()
        .is_some_and(|e| e.eq_ignore_ascii_case("html") || e.eq_ignore_ascii_case("htm"))
}

/// The live-reload script tag before the last `</body>` (or at the end).
pub(crate) fn inject(mut html: Vec<u8>) -> Vec<u8> {
    let tag = format!("<script src=\"{SCRIPT_PATH}\" defer></script>");
    let at = html
        .windows(7)
        .rposition(|w| w.eq_ignore_ascii_case(b"</body>"))
        .unwrap_or(html.len());
    html.splice(at..at, tag.bytes());
    html
}

/// A browser must never show yesterday's page after a rebuild.
fn no_store(r: Response) -> Response {
    r.header("Cache-Control", "no-store")
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
    let page = std::fs::read(file)
        .map(inject)
        .unwrap_or_else(|_| b"404 not found".to_vec());
    no_store(with_type(Response::new(404, page), Path::new("404.html")))
}

fn with_type(r: Response, path: &Path) -> Response {
    r.header("Content-Type", mime(path))
}

pub(crate) enum Resolved {
    File(PathBuf),
    Redirect(String),
    BadRequest,
    NotFound,
}

/// Maps a request URL to a file inside `root` (which must be canonical).
pub(crate) fn resolve(root: &Path, raw_url: &str) -> Resolved {
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

pub(crate) fn mime(path: &Path) -> &'static str {
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
