// Readies a copy of a built loa site for Pagefind (scripts/bench_search.sh), as a site that
// adopts Pagefind would change its theme:
//   - the pages loa's search indexes (every URL of its index's metadata chunks,
//     search-index/p<n>.json, read through loa-index.mjs) get `data-pagefind-body` on their
//     <main>, so Pagefind indexes the same pages and leaves out list, tag, unit and home pages;
//     the previous/next links under a post (other posts' titles) get `data-pagefind-ignore`;
//   - a search page per language at <lang prefix>/pagefind-search/: loa's own search page with
//     its search.js replaced by pf-search.js, and 'wasm-unsafe-eval' added to the page's
//     Content-Security-Policy, which Pagefind's WebAssembly needs.
// Files are written to a new name and renamed over the old one, so a folder copied with
// `cp -al` (hard links) leaves the original build untouched.
//
//   node prepare-pagefind.mjs SITE_COPY_DIR > pages.json
// pages.json: the search pages' paths, Pagefind's by language ("vi", "en") and loa's ("loa_vi", "loa_en").
import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { LANGS, readIndex } from "./loa-index.mjs";

const site = process.argv[2];
if (!site) {
  console.error("usage: node prepare-pagefind.mjs SITE_COPY_DIR");
  process.exit(2);
}
const here = path.dirname(fileURLToPath(import.meta.url));

function replaceFile(file, text) {
  const tmp = file + ".pf-tmp";
  fs.writeFileSync(tmp, text);
  fs.renameSync(tmp, file);
}

let marked = 0;
let missing = [];
const pages = {};
for (const [lang, prefix] of LANGS) {
  const index = readIndex(site, prefix);
  if (!index) continue;
  for (const p of index.entries) {
    const rel = decodeURIComponent(p.url).replace(/^\//, "");
    const file = path.join(site, rel, rel.endsWith("/") || rel === "" ? "index.html" : "");
    if (!fs.existsSync(file)) {
      missing.push(p.url);
      continue;
    }
    let html = fs.readFileSync(file, "utf8");
    if (!html.includes("data-pagefind-body")) {
      const before = html;
      html = html.replace('<main id="main"', '<main id="main" data-pagefind-body');
      html = html.replace('<nav class="prev-next"', '<nav class="prev-next" data-pagefind-ignore');
      if (html === before) {
        missing.push(p.url + " (no <main id=main>)");
        continue;
      }
      replaceFile(file, html);
    }
    marked++;
  }

  // loa's search page of this language: the page whose results list reads this index.
  const dir = path.join(site, prefix);
  const wanted = `data-index="/${prefix ? prefix + "/" : ""}search-index.json"`;
  let source = null;
  for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
    const f = path.join(dir, e.name, "index.html");
    if (e.isDirectory() && fs.existsSync(f) && fs.readFileSync(f, "utf8").includes(wanted)) {
      source = f;
      break;
    }
  }
  if (!source) {
    console.error(`prepare-pagefind: no search page reads ${wanted} in ${dir}`);
    process.exit(1);
  }
  let page = fs.readFileSync(source, "utf8");
  const script = /<script src="[^"]*\/js\/search\.js[^"]*"( defer)?><\/script>/;
  if (!script.test(page)) {
    console.error(`prepare-pagefind: ${source} has no search.js <script>`);
    process.exit(1);
  }
  page = page.replace(script, '<script src="/pagefind-search/pf-search.js" defer></script>');
  page = page.replace('id="search-results"', 'id="search-results" data-pagefind="/pagefind/"');
  page = page.replace(/script-src 'self'/g, "script-src 'self' 'wasm-unsafe-eval'");
  const outDir = path.join(dir, "pagefind-search");
  fs.mkdirSync(outDir, { recursive: true });
  fs.writeFileSync(path.join(outDir, "index.html"), page);
  pages[lang] = "/" + (prefix ? prefix + "/" : "") + "pagefind-search/";
  pages["loa_" + lang] = "/" + path.relative(site, path.dirname(source)).split(path.sep).join("/") + "/";
}
fs.mkdirSync(path.join(site, "pagefind-search"), { recursive: true });
fs.copyFileSync(path.join(here, "pf-search.js"), path.join(site, "pagefind-search", "pf-search.js"));
console.error(`prepare-pagefind: ${marked} pages marked data-pagefind-body` + (missing.length ? `, ${missing.length} indexed URLs not marked, e.g. ${missing.slice(0, 3).join(", ")}` : ""));
process.stdout.write(JSON.stringify(pages) + "\n");
