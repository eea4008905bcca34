// The search benchmark's static server (scripts/bench_search.sh): serves a built site on
// 127.0.0.1 as a static host does. With GZIP=1 (the default) text files (HTML, CSS, JS, JSON,
// SVG, XML) are sent gzip-compressed (level 6) to a browser that accepts it, as GitHub Pages,
// Netlify or nginx with gzip on do; other files go as they are: loa's search-index/*.bin shards
// as application/octet-stream, uncompressed (those hosts compress text types only), Pagefind's
// .pf_* and .pagefind files (gzip inside already) likewise. The query string (loa's `?v=`) is
// ignored. Each compressed file is kept in memory after its first request, so compressing a
// large index is not counted in the next query's time. No caching headers: each query of the
// benchmark runs in a new browser context with an empty cache.
//
//   node serve.mjs DIR PORT        (GZIP=0 for no compression)
import http from "node:http";
import fs from "node:fs";
import path from "node:path";
import zlib from "node:zlib";

const [dir, port] = process.argv.slice(2);
const root = fs.realpathSync(dir);
const gzipOn = process.env.GZIP !== "0";
const TYPES = {
  ".html": "text/html; charset=utf-8",
  ".css": "text/css; charset=utf-8",
  ".js": "text/javascript; charset=utf-8",
  ".mjs": "text/javascript; charset=utf-8",
  ".json": "application/json",
  ".xml": "application/xml",
  ".txt": "text/plain; charset=utf-8",
  ".svg": "image/svg+xml",
  ".png": "image/png",
  ".jpg": "image/jpeg",
  ".webp": "image/webp",
  ".woff2": "font/woff2",
  ".wasm": "application/wasm",
};
const TEXT = new Set([".html", ".css", ".js", ".mjs", ".json", ".xml", ".txt", ".svg"]);
const cache = new Map();

http
  .createServer((req, res) => {
    let url;
    try {
      url = decodeURIComponent(new URL(req.url, "http://x").pathname);
    } catch {
      res.writeHead(400);
      return res.end();
    }
    let file = path.join(root, url);
    if (!file.startsWith(root)) {
      res.writeHead(403);
      return res.end();
    }
    try {
      if (fs.statSync(file).isDirectory()) file = path.join(file, "index.html");
      fs.accessSync(file);
    } catch {
      res.writeHead(404, { "Content-Type": "text/plain" });
      return res.end("not found");
    }
    const ext = path.extname(file).toLowerCase();
    const headers = { "Content-Type": TYPES[ext] || "application/octet-stream" };
    const gz = gzipOn && TEXT.has(ext) && /\bgzip\b/.test(req.headers["accept-encoding"] || "");
    if (!gz) {
      headers["Content-Length"] = fs.statSync(file).size;
      res.writeHead(200, headers);
      return fs.createReadStream(file).pipe(res);
    }
    const mtime = fs.statSync(file).mtimeMs;
    let hit = cache.get(file);
    if (!hit || hit.mtime !== mtime) {
      hit = { mtime, body: zlib.gzipSync(fs.readFileSync(file), { level: 6 }) };
      cache.set(file, hit);
    }
    headers["Content-Encoding"] = "gzip";
    headers["Content-Length"] = hit.body.length;
    headers["Vary"] = "Accept-Encoding";
    res.writeHead(200, headers);
    res.end(hit.body);
  })
  .listen(+port, "127.0.0.1");
