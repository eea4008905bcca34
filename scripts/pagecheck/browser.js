// The browser half of the page check (run.sh runs it): node browser.js BASE_URL OUT_DIR SHOTS_DIR PAGES_FILE
//  1. Every page kind in PAGES_FILE at 1280 px: axe-core (serious and critical violations fail),
//     a screenshot at 1280 and 360 px.
//  2. Every HTML page of OUT_DIR at 360 px: console errors, failed requests (network errors and
//     HTTP >= 400), Content-Security-Policy violations, a page without a CSP, horizontal overflow
//     and axe's colour-contrast rule.
// Prints each finding, then "TOTALS axe_serious console failed csp overflow"; exits 1 on any.
'use strict';
const fs = require('fs');
const path = require('path');
const { chromium } = require('playwright-core');
// Injected through the DevTools protocol, which the page's CSP does not govern (a <script> tag
// would be refused, and counted, under the theme's policy).
const AXE = fs.readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');

const [base, out, shots, pagesFile] = process.argv.slice(2);
const kinds = fs.readFileSync(pagesFile, 'utf8').split('\n').map((l) => l.trim()).filter((l) => l && !l.startsWith('#'));
const slug = (p) => p.replace(/^\/+|\/+$/g, '').replace(/[^A-Za-z0-9._-]+/g, '_') || 'index';
const tot = { axe: 0, console: 0, failed: 0, csp: 0, overflow: 0 };
// PAGECHECK_SHOTS=0 skips the screenshots (CI, where nobody looks at them: about a minute).
const shoot = process.env.PAGECHECK_SHOTS !== '0';

// Every page of the output as a URL path (dir/index.html → dir/).
function htmlPages(dir, rel = '/') {
  const list = [];
  for (const e of fs.readdirSync(dir, { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name))) {
    if (e.isDirectory()) list.push(...htmlPages(path.join(dir, e.name), rel + e.name + '/'));
    else if (e.name === 'index.html') list.push(rel);
    else if (e.name.endsWith('.html')) list.push(rel + e.name);
  }
  return list;
}

// Records what a page does wrong while it loads, into the page's current `found` sets.
function watch(page) {
  const found = new Proxy({}, { get: (_, k) => page.__found[k] });
  page.on('console', (m) => {
    const text = m.text();
    if (m.type() !== 'error' || text.startsWith('Failed to load resource')) return;
    // CSP refusals are recorded once, from their securitypolicyviolation event.
    if (!/Content Security Policy/i.test(text)) found.console.add(text);
  });
  page.on('pageerror', (e) => found.console.add('uncaught: ' + e.message));
  page.on('requestfailed', (r) => {
    const why = r.failure()?.errorText || 'failed';
    // Loads still running when the check moves on (lazy pictures) end as ERR_ABORTED; an
    // aborted page itself is a failure.
    if (why !== 'net::ERR_ABORTED' || r.isNavigationRequest()) found.failed.add(`${why} ${r.url()}`);
  });
  page.on('response', (r) => {
    if (r.status() >= 400) found.failed.add(`HTTP ${r.status()} ${r.url()}`);
  });
}

// Loads `url` in `page`, recording into `found`; `idle`: also wait for the network to settle
// (scripts that fetch after load, as search does).
async function load(page, url, found, idle) {
  page.__found = found;
  const resp = await page.goto(url, { waitUntil: 'load', timeout: 30000 });
  if (idle) await page.waitForLoadState('networkidle', { timeout: 5000 }).catch(() => {});
  for (const v of await page.evaluate(() => window.__csp || [])) found.csp.add(v);
  const hasCsp = (resp && resp.headers()['content-security-policy'])
    || await page.evaluate(() => !!document.querySelector('meta[http-equiv="Content-Security-Policy" i]'));
  if (!hasCsp) found.csp.add('no Content-Security-Policy (meta or header)');
}

async function newPage(ctx) {
  const page = await ctx.newPage();
  watch(page);
  await page.addInitScript(() => {
    window.__csp = [];
    document.addEventListener('securitypolicyviolation', (e) => {
      window.__csp.push(`${e.violatedDirective} blocked ${e.blockedURI || 'inline'} (${e.sourceFile || ''}:${e.lineNumber || ''})`);
    });
  });
  return page;
}

const fresh = () => ({ console: new Set(), failed: new Set(), csp: new Set() });

function report(label, found) {
  let bad = false;
  for (const [key, set] of Object.entries(found)) {
    for (const msg of set) { console.log(`  ${label}: ${key}: ${msg}`); bad = true; }
    tot[key] += set.size;
  }
  return bad;
}

const t0 = Date.now();
const secs = () => `${((Date.now() - t0) / 1000).toFixed(0)} s`;
(async () => {
  const browser = await chromium.launch({
    executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
      '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
  try {
    console.log(`== axe (serious, critical) on ${kinds.length} pages, screenshots in ${shots}`);
    const desktop = await newPage(await browser.newContext({ viewport: { width: 1280, height: 800 } }));
    const phone = await newPage(await browser.newContext({ viewport: { width: 360, height: 800 } }));
    for (const p of kinds) {
      const found = fresh();
      try {
        await load(desktop, new URL(p, base).href, found, true);
        await desktop.evaluate(AXE);
        const axe = await desktop.evaluate(() => window.axe.run(document, { resultTypes: ['violations'] }));
        if (shoot) await desktop.screenshot({ path: path.join(shots, `${slug(p)}-1280.png`), fullPage: true });
        await load(phone, new URL(p, base).href, found, true);
        if (shoot) await phone.screenshot({ path: path.join(shots, `${slug(p)}-360.png`), fullPage: true });
        const bad = axe.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
        for (const v of bad) {
          console.log(`  ${p}: axe ${v.impact} ${v.id} (${v.nodes.length}): ${v.help}`);
          for (const n of v.nodes.slice(0, 3)) console.log(`      ${n.target.join(' ')}: ${(n.failureSummary || '').split('\n').slice(1).join(' ').trim()}`);
        }
        tot.axe += bad.length;
      } catch (e) {
        found.failed.add(`page check failed: ${e.message.split('\n')[0]}`);
      }
      report(p, found);
    }

    const all = htmlPages(out);
    console.log(`(${secs()})`);
    console.log(`== ${all.length} pages at 360 px: console, requests, CSP, overflow, colour contrast`);
    for (const p of all) {
      const found = fresh();
      try {
        await load(phone, new URL(p.replace(/^\//, ''), base).href, found, false);
        const width = await phone.evaluate(() => document.documentElement.scrollWidth);
        if (width > 360) { tot.overflow++; console.log(`  ${p}: overflow: ${width} px wide at 360 px`); }
        // Contrast is the one axe rule a page's own data can break (a dimmed link on a page
        // without translation, a tile's colours), so every page gets it.
        await phone.evaluate(AXE);
        const axe = await phone.evaluate(() => window.axe.run(document, { runOnly: ['color-contrast'], resultTypes: ['violations'] }));
        for (const v of axe.violations) {
          tot.axe++;
          console.log(`  ${p}: axe ${v.impact} ${v.id} (${v.nodes.length}): ${v.nodes[0].target.join(' ')}: ${(v.nodes[0].failureSummary || '').split('\n').slice(1).join(' ').trim()}`);
        }
      } catch (e) {
        found.failed.add(`page check failed: ${e.message.split('\n')[0]}`);
      }
      report(p, found);
    }
  } finally {
    await browser.close();
  }
  console.log(`(${secs()})`);
  console.log(`TOTALS axe_serious ${tot.axe} console ${tot.console} failed ${tot.failed} csp ${tot.csp} overflow ${tot.overflow}`);
  process.exit(Object.values(tot).some((n) => n > 0) ? 1 : 0);
})().catch((e) => { console.error('browser.js: ' + e.message); process.exit(2); });
