// loa's search index in a built site, for the search benchmark (scripts/bench_search.sh).
// Format (src/render/search/mod.rs): per language (Vietnamese at the root, English under en/)
// a manifest, search-index.json ({v, lang, pages, chunk, words, pairs, sections}), and a folder
// search-index/ with the word shards w<n>.bin, the pair shards b<n>.bin, the metadata chunks
// p<n>.json (`chunk` pages each: page i is entry i % chunk of chunk floor(i / chunk); entries
// {title, url, section, date?, unit?, tags?, summary?}, newest first) and facets.json.
//
// As a module: LANGS and readIndex(site, prefix) → {manifest, entries} (null when the language
// has no index). As a script, the sizes bench_search.sh puts in build.json:
//   node loa-index.mjs SITE_DIR      → JSON: per language, the manifest and the folder's files
// Sizes: `bytes` on disk; `gzip` each file gzipped alone at level 6 (as serve.mjs and web
// servers compress a response), summed; `served` what a static host that compresses text types
// only sends: JSON gzipped, the .bin shards as they are (application/octet-stream).
import fs from "node:fs";
import path from "node:path";
import zlib from "node:zlib";
import { fileURLToPath } from "node:url";

// Language and its folder in the site.
export const LANGS = [
  ["vi", ""],
  ["en", "en"],
];

export function readIndex(site, prefix) {
  const file = path.join(site, prefix, "search-index.json");
  if (!fs.existsSync(file)) return null;
  const manifest = JSON.parse(fs.readFileSync(file, "utf8"));
  if (!Number.isInteger(manifest.pages) || !(manifest.chunk > 0)) {
    throw new Error(`${file} is not a manifest of loa's sharded index (no pages or chunk)`);
  }
  const entries = [];
  for (let n = 0; n * manifest.chunk < manifest.pages; n++) {
    entries.push(...JSON.parse(fs.readFileSync(path.join(site, prefix, "search-index", `p${n}.json`), "utf8")));
  }
  if (entries.length !== manifest.pages) {
    throw new Error(`${file}: ${manifest.pages} pages, but its chunks hold ${entries.length} entries`);
  }
  return { manifest, entries };
}

const gzipped = (buf) => zlib.gzipSync(buf, { level: 6 }).length;

function sizes(site) {
  const out = [];
  for (const [lang, prefix] of LANGS) {
    const manifest = path.join(site, prefix, "search-index.json");
    if (!fs.existsSync(manifest)) continue;
    const m = fs.readFileSync(manifest);
    const dir = path.join(site, prefix, "search-index");
    const folder = { path: "/" + path.posix.join(prefix, "search-index") + "/", files: 0, bytes: 0, gzip: 0, served: 0, kinds: {} };
    for (const name of fs.readdirSync(dir).sort()) {
      const buf = fs.readFileSync(path.join(dir, name));
      const gz = gzipped(buf);
      const kind = name.endsWith(".bin") ? name[0] + "*.bin" : /^p\d+\.json$/.test(name) ? "p*.json" : name;
      const k = (folder.kinds[kind] ||= { files: 0, bytes: 0, gzip: 0 });
      for (const x of [folder, k]) {
        x.files++;
        x.bytes += buf.length;
        x.gzip += gz;
      }
      folder.served += name.endsWith(".json") ? gz : buf.length;
    }
    out.push({
      lang,
      manifest: { path: "/" + path.posix.join(prefix, "search-index.json"), bytes: m.length, gzip: gzipped(m) },
      folder,
    });
  }
  return out;
}

if (process.argv[1] && fileURLToPath(import.meta.url) === path.resolve(process.argv[1])) {
  const site = process.argv[2];
  if (!site) {
    console.error("usage: node loa-index.mjs SITE_DIR");
    process.exit(2);
  }
  process.stdout.write(JSON.stringify(sizes(site)) + "\n");
}
