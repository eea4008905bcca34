// Tables of the search benchmark from what probe.mjs and bench_search.sh wrote:
//   node report.mjs OUT_DIR    (reads queries.json, build.json, loa.jsonl, pagefind.jsonl there)
// Prints Markdown and writes it to OUT_DIR/report.md. Per query, each figure is the median of
// its runs; the last row of each table is the median over the queries.
import fs from "node:fs";
import path from "node:path";

const dir = process.argv[2];
const read = (f) => JSON.parse(fs.readFileSync(path.join(dir, f), "utf8"));
const qs = read("queries.json");
const { queries, pages } = qs;
const build = read("build.json");
const runs = {};
const TOOLS = ["loa", "pagefind", "pagefind-worker"];
const LABEL = {
  loa: "loa (sharded index: manifest, word and pair shards, metadata chunks + search.js)",
  pagefind: "Pagefind, search on the main thread (noWorker)",
  "pagefind-worker": "Pagefind, default web worker (its search work is not CPU-throttled)",
};
for (const tool of TOOLS) {
  const f = path.join(dir, tool + ".jsonl");
  runs[tool] = fs.existsSync(f)
    ? fs.readFileSync(f, "utf8").split("\n").filter(Boolean).map((l) => JSON.parse(l))
    : [];
}

const median = (xs) => {
  const v = xs.filter((x) => typeof x === "number" && !Number.isNaN(x)).sort((a, b) => a - b);
  if (!v.length) return NaN;
  const m = v.length >> 1;
  return v.length % 2 ? v[m] : (v[m - 1] + v[m]) / 2;
};
const kb = (b) => (Number.isNaN(b) ? "–" : (b / 1024).toFixed(1));
const ms = (x) => (Number.isNaN(x) ? "–" : Math.round(x).toString());
const mb = (b) => (b / 1048576).toFixed(2) + " MB";
const size = (b) => (b < 1048576 ? (b / 1024).toFixed(1) + " KB" : mb(b));
const esc = (s) => String(s).replace(/\|/g, "\\|");

const lines = [];
const say = (s = "") => lines.push(s);

say(`Corpus: ${build.corpus} (${pages.vi} Vietnamese and ${pages.en} English Markdown pages); ` +
  `CPU throttling ${build.rate}×, ${build.runs} run(s) per query and tool, Chromium ${build.chromium}, ` +
  `Pagefind ${build.pagefind_version}, served ${build.gzip ? "with gzip for text files (HTML, CSS, JS, JSON; not loa's .bin shards nor Pagefind's files, gzip inside)" : "without compression"}.`);
say();
say("| | loa (sharded index) | Pagefind |");
say("| --- | --- | --- |");
say(`| index build | whole site build ${build.loa_build_s} s (${build.loa_pages} pages, ${build.loa_build_cache || "?"} .loa-cache) | indexing ${build.pagefind_s} s (${build.pagefind_pages ?? "?"} pages) |`);
const pfDisk = `${build.pagefind_files} files, ${mb(build.pagefind_bytes)}`;
// Per language: the manifest, then the folder; gzip = each file gzipped alone, summed; served =
// JSON gzipped, .bin as is (what a host compressing text types only sends).
for (const x of build.loa_index) {
  const f = x.folder;
  const kinds = Object.entries(f.kinds).map(([k, v]) => `${k} ${v.files} (${size(v.bytes)}, ${size(v.gzip)} gzip)`).join(", ");
  say(`| index on disk, ${x.lang}: manifest | ${x.manifest.path} ${size(x.manifest.bytes)} (${size(x.manifest.gzip)} gzip) | ${x === build.loa_index[0] ? pfDisk + " (both languages)" : ""} |`);
  say(`| index on disk, ${x.lang}: shards, chunks, facets | ${f.path} ${f.files} files, ${mb(f.bytes)} (${mb(f.gzip)} gzip each, ${mb(f.served)} served with .bin uncompressed): ${kinds} | |`);
}
say(`| pages in the index, words indexed | ${Object.entries(qs.loa_index_pages || {}).map(([l, n]) => `${l} ${n}`).join(", ")}; every word of each | ${build.pagefind_pages ?? "?"}; every word of each |`);

say();
say(`Expected pages (queries.mjs, from the corpus Markdown): ${qs.mapped ?? "?"} of ${pages.vi + pages.en} Markdown pages named by URL through ` +
  `the entries of loa's index (title, section, date, unit); ${qs.unmapped} unmapped, ${qs.ambiguous ?? "?"} ambiguous (neither counts as expected), ` +
  `${qs.index_entries_unclaimed ?? "?"} index entries no Markdown page claimed.`);

const summary = {};
for (const tool of TOOLS) {
  const recs = runs[tool];
  if (!recs.length) continue;
  say();
  say(`### ${LABEL[tool]}`);
  say();
  say("| # | query | lang | expected pages | KB | KB once quiet | ms from navigation | ms after load | results | first result expected | expected in top 10 |");
  say("| ---: | --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | --- | ---: |");
  const rows = [];
  for (const q of queries) {
    const rs = recs.filter((r) => r.id === q.id);
    if (!rs.length) continue;
    const ok = rs.filter((r) => !r.error);
    const last = ok[ok.length - 1] || rs[rs.length - 1];
    const row = {
      q,
      bytes: median(ok.map((r) => r.bytes)),
      settled: median(ok.map((r) => r.bytes_settled)),
      ms: median(ok.map((r) => r.ms_first)),
      after: median(ok.map((r) => r.ms_after_load)),
      count: last.count,
      first: ok.length ? ok.every((r) => r.first_expected) : null,
      top: last.top10_expected,
      error: ok.length < rs.length ? rs.find((r) => r.error).error : null,
    };
    rows.push(row);
    const want = Math.min(10, q.expected_count);
    say(`| ${q.id} | ${esc(q.q)} | ${q.lang} | ${q.expected_count} | ${kb(row.bytes)} | ${kb(row.settled)} | ${ms(row.ms)} | ${ms(row.after)} | ${row.count ?? "–"} | ${row.first === null ? "error" : row.first ? "yes" : "no"} | ${row.top ?? "–"}/${want}${row.error ? " (" + esc(row.error) + ")" : ""} |`);
  }
  const s = {
    bytes: median(rows.map((r) => r.bytes)),
    settled: median(rows.map((r) => r.settled)),
    ms: median(rows.map((r) => r.ms)),
    after: median(rows.map((r) => r.after)),
    first: rows.filter((r) => r.first).length,
    none: rows.filter((r) => r.count === 0).length,
    deep: rows.filter((r) => /end of a long body/.test(r.q.kind)),
    marked: rows.filter((r) => r.q.marks),
    plain: rows.filter((r) => !r.q.marks),
    n: rows.length,
  };
  summary[tool] = s;
  say(`| | **median** | | | **${kb(s.bytes)}** | **${kb(s.settled)}** | **${ms(s.ms)}** | **${ms(s.after)}** | | ${s.first}/${s.n} | |`);
}

say();
say("### Side by side (medians over the queries)");
say();
say("| | loa (sharded index) | Pagefind, main thread | Pagefind, web worker |");
say("| --- | ---: | ---: | ---: |");
const both = (f) => TOOLS.map((t) => (summary[t] ? f(summary[t]) : "–")).join(" | ");
say(`| KB per query until the first result (scripts, JSON, index data; wire bytes) | ${both((s) => kb(s.bytes))} |`);
say(`| KB per query once the network is quiet (loa: also facets.json, for the filters) | ${both((s) => kb(s.settled))} |`);
say(`| ms to first result from navigation start, ${build.rate}× CPU | ${both((s) => ms(s.ms))} |`);
say(`| ms to first result after the load event, ${build.rate}× CPU | ${both((s) => ms(s.after))} |`);
say(`| queries whose first result is an expected page | ${both((s) => `${s.first}/${s.n}`)} |`);
say(`| … of the queries with marks | ${both((s) => `${s.marked.filter((r) => r.first).length}/${s.marked.length}`)} |`);
say(`| … of the queries without marks | ${both((s) => `${s.plain.filter((r) => r.first).length}/${s.plain.length}`)} |`);
say(`| end-of-body queries whose first result is expected | ${both((s) => `${s.deep.filter((r) => r.first).length}/${s.deep.length}`)} |`);
say(`| queries with no result at all | ${both((s) => s.none)} |`);

const text = lines.join("\n") + "\n";
fs.writeFileSync(path.join(dir, "report.md"), text);
process.stdout.write(text);
