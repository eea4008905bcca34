// The 20 queries of the search benchmark (scripts/bench_search.sh) and the pages each should
// find, worked out from the corpus Markdown, not from either tool.
//
//   node queries.mjs CORPUS_DIR BUILT_SITE_DIR > queries.json
//
// A page's text is its front matter's shown fields (title, name, summary, tags, quote, text,
// theme, description, place, issuer, source), the name of its unit in its language (from
// content/units.yaml; a translation takes the unit of the page it translates), as both tools
// see it on the page, and its Markdown body with link targets removed, cut into words (runs of
// letters and digits). A query's expected pages are those of its
// language whose words contain the query's words one after the other: as typed, in lower case,
// when the query has Vietnamese marks; folded (lower case, marks removed, đ → d) on both sides
// when it has none, so "hoc tap" expects every page with "học tập", "hóc táp", ...
//
// Queries: 10 with marks, 10 without (7 Vietnamese, 3 English); single words, two-word ones,
// a phrase of the news titles, one post's number from its title, and words picked from the END
// of the longest bodies: words found in at most 3 pages, only past the 300th word of the body
// and in no page's front matter, so an index that keeps the first words of each page cannot
// find them. Picked the same way for the same corpus.
//
// Expected pages are named by URL, taken from the entries of loa's built index (the metadata
// chunks search-index/p<n>.json: title, URL, section, date, unit; read by loa-index.mjs), none
// of which holds body text: a Markdown file is matched to the entries of its language whose
// title has the same folded words as one of its front matter values (title, name, theme, text,
// ...), then, while more than one is left, to those of its section (its folder under content/),
// of one of its dates (any YYYY-MM-DD in its front matter or path; the entry's date is read as
// dd/mm/yyyy or "d Month yyyy") and of its unit's name. A file left with no entry is unmapped;
// with several, or with an entry another file also claims, ambiguous: the JSON says how many
// of each, and how many index entries no file claimed. Neither kind counts as expected.
import fs from "node:fs";
import path from "node:path";
import { LANGS, readIndex } from "./loa-index.mjs";

const [corpus, site] = process.argv.slice(2);
if (!corpus || !site) {
  console.error("usage: node queries.mjs CORPUS_DIR BUILT_SITE_DIR");
  process.exit(2);
}

const fold = (s) =>
  String(s).toLowerCase().normalize("NFD").replace(/\p{M}+/gu, "").replace(/đ/g, "d").normalize("NFC");
const lower = (s) => String(s).normalize("NFC").toLowerCase();
const words = (s) => String(s).split(/[^\p{L}\p{N}\p{M}]+/u).filter(Boolean);
const marked = (q) => fold(q) !== lower(q);
// A title or name as compared with loa's: its folded words (quotes and punctuation aside).
const key = (s) => words(fold(s)).join(" ");

// Front matter fields a reader sees on the page (themes show place, issuer, source...).
const SHOWN = new Set(["title", "name", "summary", "tags", "quote", "text", "theme", "description", "place", "issuer", "source"]);

function markdownFiles(dir) {
  const out = [];
  for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) out.push(...markdownFiles(p));
    else if (e.name.endsWith(".md") && !e.name.startsWith("_index")) out.push(p);
  }
  return out.sort();
}

function unquote(v) {
  v = v.trim();
  if ((v.startsWith('"') && v.endsWith('"')) || (v.startsWith("'") && v.endsWith("'"))) v = v.slice(1, -1);
  return v;
}

// A small reader for the front matter gen_corpus and the demo write: `key: value`, `key: [a, b]`
// and one level of nesting (`opening:\n  place: …`).
// units.yaml: `- id: X` then `  name: { vi: …, en: … }`.
const units = new Map();
{
  const file = path.join(corpus, "content", "units.yaml");
  let id = null;
  for (const line of fs.existsSync(file) ? fs.readFileSync(file, "utf8").split("\n") : []) {
    const i = line.match(/^- id:\s*(\S+)/);
    if (i) id = i[1];
    const n = line.match(/^\s+name:\s*\{\s*vi:\s*([^,}]*),\s*en:\s*([^}]*)\}/);
    if (n && id) units.set(id, { vi: n[1].trim(), en: n[2].trim() });
  }
}
const unitOf = (file) => {
  const raw = fs.existsSync(file) ? fs.readFileSync(file, "utf8") : "";
  const m = raw.match(/^---\n[\s\S]*?^unit:\s*(\S+)[\s\S]*?\n---/m);
  return m ? m[1] : null;
};

function parse(file) {
  const raw = fs.readFileSync(file, "utf8");
  const m = raw.match(/^---\n([\s\S]*?)\n---\n?([\s\S]*)$/);
  const front = m ? m[1] : "";
  const body = m ? m[2] : raw;
  const fields = [];
  const heads = new Set(); // folded words of each top-level value: one of them is the title
  for (const line of front.split("\n")) {
    const f = line.match(/^\s*([A-Za-z_]+):\s*(.*)$/);
    if (!f || !f[2].trim()) continue;
    let v = f[2].trim();
    if (v.startsWith("[") && v.endsWith("]")) v = v.slice(1, -1).split(",").map(unquote).join(" ");
    else v = unquote(v);
    if (!/^\s/.test(line)) heads.add(key(v));
    if (SHOWN.has(f[1])) fields.push(v);
  }
  const text = body
    .replace(/!?\[([^\]]*)\]\([^)]*\)/g, "$1") // links and pictures: their text only
    .replace(/<[^>]+>/g, " ")
    .replace(/\{\{[\s\S]*?\}\}|\{%[\s\S]*?%\}/g, " ");
  const base = path.basename(file);
  const lang = /\.en\.md$/.test(base) ? "en" : "vi";
  const unit = unitOf(file) || (lang === "en" ? unitOf(file.replace(/\.en\.md$/, ".md")) : null);
  const unitName = unit && units.has(unit) ? units.get(unit)[lang] : null;
  if (unitName) fields.push(unitName);
  const rel = path.relative(corpus, file);
  const parts = path.relative(path.join(corpus, "content"), file).split(path.sep);
  return {
    file: rel,
    lang,
    heads,
    section: parts.length > 1 ? parts[0] : "",
    dates: new Set((front + "\n" + rel).match(/\d{4}-\d{2}-\d{2}/g) || []),
    unit: unitName ? key(unitName) : null,
    fields: words(fields.join(" ")),
    body: words(text),
  };
}

const docs = markdownFiles(path.join(corpus, "content")).map(parse);
for (const d of docs) {
  const all = [...d.fields, ...d.body];
  d.exact = " " + all.map(lower).join(" ") + " ";
  d.folded = " " + all.map(fold).join(" ") + " ";
  d.fieldsFolded = " " + d.fields.map(fold).join(" ") + " ";
  d.bodyFolded = d.body.map(fold);
}

// In how many pages of each language a folded word is.
const df = { vi: new Map(), en: new Map() };
for (const d of docs) {
  for (const w of new Set(d.folded.split(" ").filter(Boolean))) df[d.lang].set(w, (df[d.lang].get(w) || 0) + 1);
}

// Markdown file → URL through the entries of loa's index (see the top).
const MONTHS = ["january", "february", "march", "april", "may", "june", "july", "august", "september", "october", "november", "december"];
const iso = (y, m, d) => (m >= 1 && m <= 12 ? `${y}-${String(m).padStart(2, "0")}-${String(d).padStart(2, "0")}` : null);
function entryDate(s) {
  let m = String(s || "").trim().match(/^(\d{1,2})\/(\d{1,2})\/(\d{4})$/);
  if (m) return iso(m[3], +m[2], +m[1]);
  m = String(s || "").trim().match(/^(\d{1,2}) (\p{L}+),? (\d{4})$/u);
  if (m) return iso(m[3], MONTHS.indexOf(m[2].toLowerCase()) + 1, +m[1]);
  m = String(s || "").match(/^(\d{4})-(\d{2})-(\d{2})/);
  return m ? m[0] : null;
}
// Keeps the candidates that pass `test`, unless none would.
const narrow = (list, test) => {
  const kept = list.filter(test);
  return kept.length ? kept : list;
};
const urlOf = new Map();
const indexPages = {};
const unmapped = [];
const ambiguous = [];
let unclaimed = 0;
for (const [lang, prefix] of LANGS) {
  const index = readIndex(site, prefix);
  if (!index) continue;
  indexPages[lang] = index.manifest.pages;
  const byTitle = new Map();
  for (const e of index.entries) {
    const k = key(e.title);
    if (!byTitle.has(k)) byTitle.set(k, []);
    byTitle.get(k).push({ url: e.url, section: e.section, date: entryDate(e.date), unit: e.unit ? key(e.unit) : null });
  }
  const claims = new Map();
  for (const d of docs.filter((d) => d.lang === lang)) {
    let c = [...d.heads].flatMap((h) => byTitle.get(h) || []);
    c = narrow(c, (e) => e.section === d.section);
    c = narrow(c, (e) => e.date !== null && d.dates.has(e.date));
    c = narrow(c, (e) => e.unit === d.unit);
    const urls = [...new Set(c.map((e) => e.url))];
    if (!urls.length) unmapped.push(d.file);
    else if (urls.length > 1) ambiguous.push(d.file);
    else {
      if (!claims.has(urls[0])) claims.set(urls[0], []);
      claims.get(urls[0]).push(d);
    }
  }
  for (const [url, ds] of claims) {
    if (ds.length === 1) urlOf.set(ds[0], url);
    else ambiguous.push(...ds.map((d) => d.file));
  }
  unclaimed += index.entries.filter((e) => !claims.has(e.url)).length;
}

function expected(q, lang) {
  const exact = marked(q);
  const needle = " " + words(exact ? lower(q) : fold(q)).join(" ") + " ";
  const hits = docs.filter((d) => d.lang === lang && (exact ? d.exact : d.folded).includes(needle));
  return hits;
}

// Words from the end of the longest bodies of `lang` that only such an end holds: in at most
// 3 pages, never in front matter, never before the 300th word of a body. `n` tokens long.
const DEEP = 300;
function endWords(lang, n, want, needMarks) {
  const long = docs.filter((d) => d.lang === lang && d.body.length > DEEP + 20).sort((a, b) => b.body.length - a.body.length || (a.file < b.file ? -1 : 1));
  const picked = [];
  const usedDocs = new Set();
  for (const pass of [0, 1]) {
    for (const d of long) {
      if (picked.length >= want) break;
      if (pass === 0 && usedDocs.has(d)) continue; // first from different pages
      for (let i = d.body.length - n; i >= DEEP; i--) {
        const toks = d.body.slice(i, i + n);
        const q = toks.join(" ");
        if (picked.some((p) => fold(p.q) === fold(q))) continue;
        if (!toks.every((t) => /^\p{L}{4,}$/u.test(t.normalize("NFC")) || (n > 1 && /^\p{L}{2,}$/u.test(t.normalize("NFC"))))) continue;
        if (needMarks && !marked(q)) continue;
        const f = " " + toks.map(fold).join(" ") + " ";
        if (toks.every((t) => (df[lang].get(fold(t)) || 0) > 50)) continue;
        const holders = [];
        for (const x of docs) {
          if (x.lang === lang && x.folded.includes(f)) holders.push(x);
          if (holders.length > 3) break;
        }
        if (holders.length > 3) continue;
        // Never in shown front matter, never early in a body.
        const early = holders.some((x) => {
          if (x.fieldsFolded.includes(f)) return true;
          const b = " " + x.bodyFolded.slice(0, DEEP + n - 1).join(" ") + " ";
          return b.includes(f);
        });
        if (early) continue;
        const first = Math.min(...holders.map((x) => {
          const bf = x.bodyFolded;
          for (let k = 0; k + n <= bf.length; k++) if (bf.slice(k, k + n).join(" ") === toks.map(fold).join(" ")) return k;
          return Infinity;
        }));
        picked.push({ q: toks.map((t) => t.normalize("NFC")).join(" "), from: d.file, at: i, of: d.body.length, first });
        usedDocs.add(d);
        break;
      }
    }
  }
  return picked;
}

const newsCount = docs.filter((d) => d.lang === "vi" && /^content\/news\//.test(d.file)).length;
const post = (frac) => Math.floor(newsCount * frac);

const viEnd1 = endWords("vi", 1, 2, true);
const viEnd2 = endWords("vi", 2, 1, true);
const enEnd1 = endWords("en", 1, 1, false);

const list = [];
const add = (q, lang, kind, extra = {}) => list.push({ q, lang, kind, ...extra });
// With marks (all Vietnamese).
add("học tập", "vi", "two-word, common");
add("phường", "vi", "single word");
add("thư viện", "vi", "two-word");
add("khuyến học", "vi", "two-word");
add("ngày hội đọc sách", "vi", "phrase of titles");
add(`Đơn vị ${post(0.5)}`, "vi", "one post's title number");
add("điện thoại thông minh", "vi", "four words of titles and bodies");
for (const e of viEnd1) add(e.q, "vi", "end of a long body", { from: e.from, position: e.first, body_words: e.of });
for (const e of viEnd2) add(e.q, "vi", "end of a long body, two words", { from: e.from, position: e.first, body_words: e.of });
// Without marks.
add("hoc tap", "vi", "two-word, common");
add("phuong", "vi", "single word");
add("thu vien", "vi", "two-word");
add("ngay hoi doc sach", "vi", "phrase of titles");
add(`don vi ${post(0.25)}`, "vi", "one post's title number");
if (viEnd1[0]) add(fold(viEnd1[0].q), "vi", "end of a long body", { from: viEnd1[0].from, position: viEnd1[0].first, body_words: viEnd1[0].of });
if (viEnd2[0]) add(fold(viEnd2[0].q), "vi", "end of a long body, two words", { from: viEnd2[0].from, position: viEnd2[0].first, body_words: viEnd2[0].of });
add("lifelong learning", "en", "two-word, common");
add("smartphones", "en", "single word");
for (const e of enEnd1) add(e.q, "en", "end of a long body", { from: e.from, position: e.first, body_words: e.of });

const queries = list.map((x, i) => {
  const hits = expected(x.q, x.lang);
  const urls = [...new Set(hits.map((d) => urlOf.get(d)).filter(Boolean))];
  return {
    id: i + 1,
    ...x,
    marks: marked(x.q),
    expected_count: hits.length,
    expected_unmapped: hits.filter((d) => !urlOf.has(d)).length,
    expected: urls,
  };
});

const out = {
  corpus,
  pages: { vi: docs.filter((d) => d.lang === "vi").length, en: docs.filter((d) => d.lang === "en").length },
  loa_index_pages: indexPages,
  mapped: urlOf.size,
  unmapped: unmapped.length,
  unmapped_sample: unmapped.slice(0, 5),
  ambiguous: ambiguous.length,
  ambiguous_sample: ambiguous.slice(0, 5),
  index_entries_unclaimed: unclaimed,
  queries,
};
if (queries.length !== 20) console.error(`queries.mjs: ${queries.length} queries, not 20 (too few end-of-body words found)`);
process.stdout.write(JSON.stringify(out) + "\n");
