// A static server for the page check: serves a built site on loopback as a host would, with the
// headers its `_headers` file gives (Netlify / Cloudflare Pages format), so the check sees the
// Content-Security-Policy header as well as the <meta> one. Unknown paths get the language's
// 404 page with status 404, as `loa serve` and the hosts do.
// Usage: node serve.js DIR PORT
'use strict';
const http = require('http');
const fs = require('fs');
const path = require('path');

const [dir, port] = process.argv.slice(2);
const root = fs.realpathSync(dir);
const TYPES = {
  '.html': 'text/html; charset=utf-8', '.css': 'text/css; charset=utf-8', '.js': 'text/javascript; charset=utf-8',
  '.json': 'application/json', '.xml': 'application/xml', '.txt': 'text/plain; charset=utf-8',
  '.svg': 'image/svg+xml', '.png': 'image/png', '.jpg': 'image/jpeg', '.jpeg': 'image/jpeg', '.webp': 'image/webp',
  '.woff2': 'font/woff2', '.ttf': 'font/ttf', '.pdf': 'application/pdf', '.zip': 'application/zip', '.csv': 'text/csv; charset=utf-8',
};

// `_headers`: a URL pattern on its own line, then indented `Name: value` lines.
function readHeaders() {
  const rules = [];
  let text;
  try { text = fs.readFileSync(path.join(root, '_headers'), 'utf8'); } catch (e) { return rules; }
  for (const line of text.split('\n')) {
    if (!line.trim() || line.trim().startsWith('#')) continue;
    if (!/^\s/.test(line)) { rules.push({ pattern: line.trim(), headers: [] }); continue; }
    const i = line.indexOf(':');
    if (i > 0 && rules.length) rules[rules.length - 1].headers.push([line.slice(0, i).trim(), line.slice(i + 1).trim()]);
  }
  return rules;
}
const rules = readHeaders();
const matches = (pattern, url) => pattern.endsWith('*') ? url.startsWith(pattern.slice(0, -1)) : url === pattern;

http.createServer((req, res) => {
  let url = decodeURIComponent(new URL(req.url, 'http://x').pathname);
  let file = path.join(root, url);
  let status = 200;
  if (!file.startsWith(root)) { res.writeHead(403); return res.end(); }
  if (fs.existsSync(file) && fs.statSync(file).isDirectory()) file = path.join(file, 'index.html');
  if (!fs.existsSync(file)) {
    status = 404;
    const first = url.split('/')[1] || '';
    const local = path.join(root, first, '404.html');
    file = first && fs.existsSync(local) ? local : path.join(root, '404.html');
    if (!fs.existsSync(file)) { res.writeHead(404); return res.end(); }
  }
  const headers = { 'Content-Type': TYPES[path.extname(file).toLowerCase()] || 'application/octet-stream' };
  for (const r of rules) if (matches(r.pattern, url)) for (const [k, v] of r.headers) headers[k] = v;
  res.writeHead(status, headers);
  fs.createReadStream(file).pipe(res);
}).listen(+port, '127.0.0.1');
