// The browser half of the search benchmark (scripts/bench_search.sh runs it).
//
//   node probe.mjs QUERIES_JSON PAGES_JSON OUT_DIR loa=URL pagefind=URL [pagefind-worker=URL]
//
// Tools: `loa` is loa's own search page; `pagefind` is the Pagefind page (pf-search.js) with
// Pagefind's `noWorker: true`, so its search runs on the page's main thread; `pagefind-worker`
// is the same page with Pagefind's default, a web worker. The DevTools CPU throttling slows the
// page's main thread only (Chromium refuses Emulation.setCPUThrottlingRate for a worker
// target: "Operation is only supported for pages, not workers"), so in `pagefind-worker` the
// search itself runs at the machine's full speed; `pagefind` is the like-for-like figure.
//
// For every query of QUERIES_JSON (queries.mjs), RUNS times (env, default 3), each tool in turn
// (loa, then Pagefind, then the next run or query, so a slower minute of the machine hits all):
//   1. a new browser context (empty cache), a page, a DevTools session on it with
//      `Emulation.setCPUThrottlingRate {rate: RATE}` (env, default 4);
//   2. the tool's search page of the query's language with `?q=<query>` (PAGES_JSON says where:
//      loa's /tim-kiem/ and /en/search/, Pagefind's /pagefind-search/ and /en/pagefind-search/);
//   3. waits for the first result, i.e. the first `<a href>` inside `#search-results` (both pages
//      draw results there; loa's filters and "more" button are outside it), or for the page's
//      "no results" message; then for the load event and for the network to be quiet (no
//      request open for 500 ms, 10 s at most). None of these waits is part of a figure: the
//      times come from the page's clock and the bytes are split at the first result (below);
//      waiting for quiet only lets what loa fetches after its first results (facets.json, for
//      the filters) finish, for `bytes_settled`;
//   4. records, from the page's own clock (performance.now(): 0 is navigation start):
//        ms_first       navigation start → first result link in the DOM (seen by a
//                       MutationObserver installed before any script of the page runs)
//        ms_after_dcl   DOMContentLoaded event start → first result
//        ms_after_load  load event end → first result: the wait of a reader once the page has
//                       loaded ("after the page has loaded" in issue #18); negative when the
//                       result came before the load event ended
//      and the bytes of responses, as Playwright reports them for the page and its workers
//      (request.sizes(), which Playwright takes from the DevTools protocol's
//      Network.loadingFinished encodedDataLength): a response's bytes are its body as it came
//      over the wire (gzip where the server compressed it) plus its headers. Counted are the
//      responses that are script, JSON or index data: resource type script, fetch or xhr, or a
//      Content-Type of JavaScript, JSON, WebAssembly or octet-stream (loa's .bin shards, which
//      serve.mjs sends as application/octet-stream, uncompressed; Pagefind's .pf_* and
//      .pagefind files, gzip inside). A worker's script has no body size there: its
//      Content-Length is taken. Both tools' pages also load the theme's js/site.js, counted in
//      both.
//        bytes          the counted responses whose last byte came no later than the first
//                       result: responseEnd in the Resource Timing of the page, or of its worker
//                       (moved into the page's clock by the difference of their timeOrigins);
//                       a response with no entry there, by its DevTools timing (wall clock, a
//                       few ms of skew; its `clock` says "devtools"). loa asks for its
//                       manifest, the shards of the query's words and pairs and the chunks of
//                       the results it draws, then draws them; Pagefind's page asks for nothing
//                       after its first result
//        bytes_decoded  the same bodies after HTTP decompression
//        bytes_settled  every counted response until the network was quiet: for loa also
//                       facets.json, fetched after the first results are drawn
//        bytes_page, bytes_page_settled   the same two for every response (HTML, CSS, fonts,
//                       pictures too)
//        requests       each counted response: path, type, bytes (enc; dec decoded), its end
//                       relative to the first result (end_vs_first_ms) and the clock of that
//                       end, and `after_first` when not in `bytes`
//   5. only then, the first 10 results (loa: the links it drew; Pagefind: `__pfMore(10)`, which
//      loads their fragments, not counted) and the result count, compared with the query's
//      expected pages.
// Writes one JSON line per run to OUT_DIR/<tool>.jsonl (replacing the files). ONLY=1,6 (env)
// runs only these query numbers.
// Browser: Debian's /usr/bin/chromium (env CHROMIUM), headless, through playwright-core.
import fs from "node:fs";
import path from "node:path";
import { createRequire } from "node:module";

const require = createRequire(import.meta.url);
// playwright-core from the benchmark's npm cache folder (SEARCH_BENCH_CACHE), else the usual places.
const modules = process.env.SEARCH_BENCH_CACHE ? [process.env.SEARCH_BENCH_CACHE] : undefined;
const { chromium } = require(require.resolve("playwright-core", { paths: modules }));

const [queriesFile, pagesFile, outDir, ...toolArgs] = process.argv.slice(2);
if (!queriesFile || !pagesFile || !outDir || !toolArgs.length) {
  console.error("usage: node probe.mjs QUERIES_JSON PAGES_JSON OUT_DIR tool=BASE_URL...");
  process.exit(2);
}
const RUNS = +(process.env.RUNS || 3);
const RATE = +(process.env.RATE || 4);
const TIMEOUT = +(process.env.QUERY_TIMEOUT_MS || 120000);
const { queries } = JSON.parse(fs.readFileSync(queriesFile, "utf8"));
const pages = JSON.parse(fs.readFileSync(pagesFile, "utf8"));
const tools = toolArgs.map((a) => {
  const [name, base] = a.split("=");
  return { name, base: base.replace(/\/$/, "") };
});
const only = process.env.ONLY ? new Set(process.env.ONLY.split(",").map(Number)) : null;

function pageUrl(tool, q) {
  const key = tool.name === "loa" ? "loa_" + q.lang : q.lang;
  if (!pages[key]) throw new Error(`no ${tool.name} search page for ${q.lang} in ${pagesFile}`);
  const worker = tool.name === "pagefind-worker" ? "&pfworker=1" : "";
  return tool.base + pages[key] + "?q=" + encodeURIComponent(q.q) + worker;
}

const norm = (u) => {
  try {
    u = decodeURI(new URL(u, "http://x").pathname);
  } catch {}
  return u.endsWith("/") || /\.[a-z0-9]+$/i.test(u) ? u : u + "/";
};

// Before any script of the page: notes when the first result link appears, or the page says
// there is none (loa fills data-none; pf-search.js too), in the page's clock.
// Resource Timing keeps every response of the page (its default buffer holds 250).
const WATCH = () => {
  const b = (window.__bench = { first: null, none: null, error: null });
  performance.setResourceTimingBufferSize(100000);
  const stamp = () => performance.now();
  const check = () => {
    if (b.first !== null || b.none !== null) return;
    if (document.querySelector("#search-results a[href]")) {
      b.first = stamp();
      return;
    }
    const list = document.getElementById("search-results");
    const st = document.querySelector(".search-status[role=status]");
    if (!list || !st || st.hidden) return;
    const q = (new URLSearchParams(location.search).get("q") || "").trim();
    const t = st.textContent;
    if (list.dataset.none && t === list.dataset.none.replace("{n}", 0).replace("{q}", q)) b.none = stamp();
    else if (list.dataset.error && t.startsWith(list.dataset.error)) b.error = t;
  };
  new MutationObserver(check).observe(document, { subtree: true, childList: true, characterData: true, attributes: true });
};

const COUNTED_TYPES = new Set(["script", "fetch", "xhr"]);
const countedMime = (m) => /javascript|json|wasm|octet-stream/i.test(m || "");

async function probe(browser, tool, q, run) {
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  const page = await context.newPage();
  await page.addInitScript(WATCH);
  const cdp = await context.newCDPSession(page);
  // Requests through Playwright, which also follows the page's dedicated workers (Pagefind
  // searches in one): the DevTools session of the page alone does not see their requests.
  const reqs = [];
  const open = new Set();
  let lastActivity = Date.now();
  let measuring = true;
  context.on("request", (r) => {
    if (!measuring) return;
    open.add(r);
    lastActivity = Date.now();
  });
  const finished = (failed) => (r) => {
    if (!measuring || !open.has(r)) return;
    open.delete(r);
    lastActivity = Date.now();
    reqs.push({ r, failed });
  };
  context.on("requestfinished", finished(false));
  context.on("requestfailed", finished(true));
  await cdp.send("Emulation.setCPUThrottlingRate", { rate: RATE });
  const errors = [];
  page.on("pageerror", (e) => errors.push("uncaught: " + e.message));
  page.on("console", (m) => {
    if (m.type() === "error" || m.type() === "warning") errors.push(m.text());
  });

  const url = pageUrl(tool, q);
  const rec = { tool: tool.name, id: q.id, q: q.q, lang: q.lang, run, url, rate: RATE };
  try {
    await page.goto(url, { waitUntil: "commit", timeout: TIMEOUT });
    await page.waitForFunction(() => window.__bench && (window.__bench.first !== null || window.__bench.none !== null || window.__bench.error !== null), null, {
      timeout: TIMEOUT,
      polling: 50,
    });
    await page.waitForFunction(() => (performance.getEntriesByType("navigation")[0] || {}).loadEventEnd > 0, null, { timeout: TIMEOUT, polling: 50 });
    const quietFrom = Date.now();
    while (Date.now() - quietFrom < 10000 && (open.size > 0 || Date.now() - lastActivity < 500)) await new Promise((r) => setTimeout(r, 50));
    measuring = false;
    if (open.size) rec.still_open = [...open].map((r) => new URL(r.url()).pathname);
    const t = await page.evaluate(() => {
      const n = performance.getEntriesByType("navigation")[0];
      return { b: window.__bench, dcl: n.domContentLoadedEventStart, load: n.loadEventEnd, status: (document.querySelector(".search-status[role=status]") || {}).textContent || "" };
    });
    if (t.b.error) throw new Error("page says: " + t.b.error);
    const at = t.b.first !== null ? t.b.first : t.b.none;
    rec.found_none = t.b.first === null;
    rec.ms_first = +at.toFixed(1);
    rec.ms_after_dcl = +(at - t.dcl).toFixed(1);
    rec.ms_after_load = +(at - t.load).toFixed(1);
    rec.dcl = +t.dcl.toFixed(1);
    rec.load = +t.load.toFixed(1);
    // When each response ended, in the page's clock: Resource Timing of the page and of its
    // workers (their clocks moved by the difference of time origins).
    const TIMING = () => ({
      origin: performance.timeOrigin,
      list: performance.getEntriesByType("resource").map((e) => [e.name, e.responseEnd]),
    });
    const ends = new Map();
    const own = await page.evaluate(TIMING);
    for (const timing of [own, ...(await Promise.all(page.workers().map((w) => w.evaluate(TIMING).catch(() => null))))]) {
      if (!timing) continue;
      for (const [name, end] of timing.list) {
        if (!ends.has(name)) ends.set(name, []);
        ends.get(name).push(end + timing.origin - own.origin);
      }
    }
    const sums = { bytes: 0, bytes_decoded: 0, bytes_page: 0, bytes_settled: 0, bytes_page_settled: 0 };
    const counted = [];
    for (const { r, failed } of reqs) {
      const resp = failed ? null : await r.response();
      const headers = resp ? await resp.allHeaders() : {};
      const sizes = failed ? { responseBodySize: 0, responseHeadersSize: 0 } : await r.sizes();
      let body = sizes.responseBodySize;
      // A worker's own script comes with no body size here; the server always sends its length.
      if (!body && resp && resp.status() === 200 && headers["content-length"]) body = +headers["content-length"];
      const enc = body + sizes.responseHeadersSize;
      // Finished before the first result, by Resource Timing (the earliest entry of its URL
      // not yet taken) or, with none, by the DevTools timing (wall clock: a few ms of skew).
      const list = ends.get(r.url()) || [];
      let end = list.length ? Math.min(...list) : NaN;
      let clock = "resource-timing";
      if (list.length) list.splice(list.indexOf(end), 1);
      else {
        const timing = r.timing();
        end = timing.responseEnd >= 0 ? timing.startTime + timing.responseEnd - own.origin : Infinity;
        clock = "devtools";
      }
      const before = end <= at;
      const type = r.resourceType();
      const isCounted = COUNTED_TYPES.has(type) || countedMime(headers["content-type"]);
      sums.bytes_page_settled += enc;
      if (before) sums.bytes_page += enc;
      if (!isCounted) continue;
      sums.bytes_settled += enc;
      const item = { path: new URL(r.url()).pathname, type, enc, status: resp ? resp.status() : "failed" };
      if (end !== Infinity) item.end_vs_first_ms = +(end - at).toFixed(1);
      item.clock = clock;
      if (before) {
        let dec = body;
        if (headers["content-encoding"]) dec = await resp.body().then((b) => b.length, () => NaN);
        sums.bytes += enc;
        sums.bytes_decoded += dec;
        item.dec = dec;
      } else item.after_first = true;
      counted.push(item);
    }
    Object.assign(rec, sums);
    rec.requests = counted;
    // Results, after the measurement.
    let count = 0;
    let top = [];
    if (tool.name.startsWith("pagefind")) {
      const more = await page.evaluate((n) => (window.__pfMore ? window.__pfMore(n) : { count: 0, results: [] }), 10);
      count = more.count;
      top = more.results;
    } else {
      top = await page.$$eval("#search-results li h2 a", (as) => as.slice(0, 10).map((a) => ({ url: a.getAttribute("href"), title: a.textContent })));
      const m = t.status.match(/\d+/);
      count = rec.found_none ? 0 : m ? +m[0] : top.length;
    }
    const expected = new Set(q.expected.map(norm));
    rec.count = count;
    rec.top = top.map((x) => ({ url: norm(x.url), title: x.title }));
    rec.first_expected = rec.top.length > 0 && expected.has(rec.top[0].url);
    rec.top10_expected = rec.top.filter((x) => expected.has(x.url)).length;
    rec.expected_count = q.expected_count;
  } catch (e) {
    rec.error = String(e.message || e).split("\n")[0];
  }
  if (errors.length) rec.console = errors.slice(0, 5);
  await context.close();
  return rec;
}

const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM || "/usr/bin/chromium",
  headless: true,
  args: ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-quic", "--no-first-run"],
});
fs.mkdirSync(outDir, { recursive: true });
const files = {};
for (const tool of tools) {
  files[tool.name] = path.join(outDir, tool.name + ".jsonl");
  fs.writeFileSync(files[tool.name], "");
}
// One query per tool first, not recorded: the browser's and the server's first-time costs (the
// server compresses each file once) land on no query.
for (const tool of tools) await probe(browser, tool, queries[0], 0);

const list = queries.filter((q) => !only || only.has(q.id));
for (const q of list) {
  for (let run = 1; run <= RUNS; run++) {
    for (const tool of tools) {
      const rec = await probe(browser, tool, q, run);
      fs.appendFileSync(files[tool.name], JSON.stringify(rec) + "\n");
      const what = rec.error
        ? "ERROR " + rec.error
        : `${(rec.bytes / 1024).toFixed(1)} KB (${(rec.bytes_settled / 1024).toFixed(1)} KB once quiet), ${rec.ms_first} ms (${rec.ms_after_load} after load), ${rec.count} results, first ${rec.first_expected ? "expected" : "NOT expected"}`;
      console.error(`[${tool.name}] #${q.id} ${JSON.stringify(q.q)} run ${run}: ${what}`);
    }
  }
}
await browser.close();
