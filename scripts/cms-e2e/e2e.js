// End-to-end check of the CMS admin (issue #19), as a school's editor meets it: a starter site
// with `cms:` is built by loa and served; decap-server (Decap's local backend, git mode, so the
// editorial workflow runs) works on the site's repository, its pages renamed as `loa check`
// says so that the form can open them; in Chromium the editor logs in, opens the starter's post,
// is refused a save with required fields empty, a date whose year has a digit too many and a
// photo over loa check's limit, each with a message in Vietnamese; then writes a news post for a unit in Vietnamese and English with a
// cover photo, saves the draft, marks it ready and publishes it. Then the post must be a new bundle on the main branch with
// the front matter loa reads, `loa check` must pass, and `loa build` must show the post on its
// unit's page in both languages.
//
// Env: LOA (the loa binary), WORK (a fresh folder), SHOTS (a folder for screenshots; optional).
'use strict';
const { chromium } = require('playwright-core');
const { execFileSync, spawn, spawnSync } = require('child_process');
const fs = require('fs');
const http = require('http');
const net = require('net');
const path = require('path');

const LOA = process.env.LOA;
const WORK = process.env.WORK;
const SHOTS = process.env.SHOTS || '';
const REPO = path.resolve(__dirname, '../..');
const SITE = path.join(WORK, 'site');
const UNIT = 'thcs-mau';
const TITLE_VI = 'Ngày hội đọc sách của trường';
const TITLE_EN = 'School reading day';
const CAPTION_VI = 'Băng rôn chào mừng trên đường phố';
const ALT_VI = 'Băng rôn đỏ chữ vàng căng ngang đường';
const CAPTION_EN = 'A welcome banner over the street';
const ALT_EN = 'A red banner with yellow letters across the street';

function run(cmd, args, opts = {}) {
  return execFileSync(cmd, args, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'], ...opts });
}

function fail(message) {
  throw new Error(message);
}

/// A port nothing listens on.
function freePort() {
  return new Promise((resolve) => {
    const s = net.createServer().listen(0, '127.0.0.1', () => {
      const { port } = s.address();
      s.close(() => resolve(port));
    });
  });
}

/// The Content-Security-Policy the built `_headers` gives `/admin/*`, as a host applies it.
function adminPolicy(root) {
  const lines = fs.readFileSync(path.join(root, '_headers'), 'utf8').split('\n');
  const at = lines.findIndex((l) => l.trim() === '/admin/*');
  if (at < 0) fail('_headers has no rule for /admin/*');
  const rule = lines.slice(at + 1).find((l) => l.trim().startsWith('Content-Security-Policy:'));
  if (!rule) fail('_headers gives /admin/* no Content-Security-Policy');
  return rule.trim().slice('Content-Security-Policy:'.length).trim();
}

/// Serves `root` as a host would: the types Decap checks (config.yml as YAML), and the admin
/// page's Content-Security-Policy from `_headers`, so a policy that blocks the CMS fails here.
function serve(root, port) {
  const policy = adminPolicy(root);
  const types = {
    '.html': 'text/html; charset=utf-8', '.js': 'text/javascript', '.css': 'text/css',
    '.yml': 'text/yaml', '.json': 'application/json', '.svg': 'image/svg+xml',
    '.jpg': 'image/jpeg', '.png': 'image/png', '.webp': 'image/webp', '.woff2': 'font/woff2',
  };
  const server = http.createServer((req, res) => {
    let file = path.join(root, decodeURIComponent(new URL(req.url, 'http://x').pathname));
    if (!file.startsWith(root)) { res.writeHead(403).end(); return; }
    if (fs.existsSync(file) && fs.statSync(file).isDirectory()) file = path.join(file, 'index.html');
    fs.readFile(file, (err, bytes) => {
      if (err) { res.writeHead(404).end(); return; }
      const headers = { 'Content-Type': types[path.extname(file)] || 'application/octet-stream' };
      if (req.url.startsWith('/admin/')) headers['Content-Security-Policy'] = policy;
      res.writeHead(200, headers);
      res.end(bytes);
    });
  });
  return new Promise((resolve) => server.listen(port, '127.0.0.1', () => resolve(server)));
}

async function waitFor(check, what, ms = 15000) {
  const end = Date.now() + ms;
  while (Date.now() < end) {
    if (check()) return;
    await new Promise((r) => setTimeout(r, 200));
  }
  fail(`timed out waiting for ${what}`);
}

async function main() {
  if (!LOA || !WORK) fail('LOA and WORK must be set');
  const sitePort = await freePort();
  const apiPort = await freePort();
  const base = `http://127.0.0.1:${sitePort}/`;

  // The site: a starter with the CMS on, its script served from the site itself (CI reaches npm,
  // not CDNs), in a git repository as an office's would be.
  run(LOA, ['new', SITE]);
  const decap = path.join(__dirname, 'node_modules/decap-cms/dist');
  fs.mkdirSync(path.join(SITE, 'static/decap'), { recursive: true });
  for (const f of fs.readdirSync(decap).filter((f) => f.endsWith('.js'))) {
    fs.copyFileSync(path.join(decap, f), path.join(SITE, 'static/decap', f));
  }
  fs.appendFileSync(path.join(SITE, 'site.yaml'), [
    '', 'cms:', '  backend: github', '  repo: so-gddt/cong-thong-tin',
    `  local_backend: http://127.0.0.1:${apiPort}/api/v1`, '  script: /decap/decap-cms.js', '',
  ].join('\n'));
  fs.writeFileSync(path.join(SITE, '.gitignore'), 'public/\n.loa-cache/\n');
  // The starter's pages are named as loa names them on a site without the CMS (index.md).
  // `loa check` says which ones the form cannot open and how to rename them; the office does.
  const checked = () => {
    const r = spawnSync(LOA, ['check'], { cwd: SITE, encoding: 'utf8' });
    if (r.status !== 0) fail(`loa check failed:\n${r.stdout}${r.stderr}`);
    return r.stdout + r.stderr;
  };
  const renames = [...checked().matchAll(/git mv (\S+) (\S+)/g)];
  if (!renames.some(([, from]) => from === 'content/news/2023-10-02-le-phat-dong/index.md')) {
    fail(`loa check did not say how to make the starter's post open in the form:\n${checked()}`);
  }
  for (const [, from, to] of renames) fs.renameSync(path.join(SITE, from), path.join(SITE, to));
  if (checked().includes('the CMS form cannot open')) fail(`still unopenable:\n${checked()}`);
  const git = (...args) => run('git', ['-c', 'user.email=e2e@example.vn', '-c', 'user.name=e2e', ...args], { cwd: SITE });
  git('init', '-q', '-b', 'main');
  git('add', '-A');
  git('commit', '-q', '-m', 'starter');
  run(LOA, ['build', '--base-url', base, '-o', path.join(WORK, 'public')], { cwd: SITE });

  const server = await serve(path.join(WORK, 'public'), sitePort);
  const api = spawn(process.execPath, [path.join(__dirname, 'node_modules/decap-server/dist/index.js')], {
    env: { ...process.env, PORT: String(apiPort), BIND_HOST: '127.0.0.1', MODE: 'git', GIT_REPO_DIRECTORY: SITE, LOG_LEVEL: 'error' },
    stdio: ['ignore', 'inherit', 'inherit'],
  });
  const browser = await chromium.launch({
    executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking'],
  });
  const errors = [];
  try {
    await waitFor(() => {
      try { run('curl', ['-sf', '-X', 'POST', '-H', 'Content-Type: application/json', '-d', '{"action":"info"}', `http://127.0.0.1:${apiPort}/api/v1`]); return true; } catch { return false; }
    }, 'decap-server');
    const page = await browser.newPage({ viewport: { width: 1400, height: 1000 } });
    let step = 'opening the admin page';
    page.on('pageerror', (e) => errors.push(`${step}: ${e.message} ${e.stack || ''}`.slice(0, 300)));
    page.on('dialog', (d) => d.accept());
    page.on('console', (m) => {
      if (m.text().includes('Content Security Policy')) errors.push(`${step}: ${m.text().slice(0, 300)}`);
    });
    // Opens the media library of the first empty picture field and uploads `file` into it.
    const uploadPhoto = async (file) => {
      await page.getByText('Chọn một hình').first().click();
      const [chooser] = await Promise.all([
        page.waitForEvent('filechooser'),
        page.getByText('Tải lên', { exact: true }).click(),
      ]);
      await chooser.setFiles(file);
    };
    const shot = async (name) => { if (SHOTS) await page.screenshot({ path: path.join(SHOTS, name), fullPage: true }); };

    await page.goto(`${base}admin/`);
    await page.getByRole('button', { name: 'Đăng nhập' }).click();
    await page.waitForTimeout(1000);
    step = 'opening a post written outside the form';
    // The list shows the starter's post and not the section's own page (`_index.en.md`).
    await page.goto(`${base}admin/#/collections/news`);
    const starter = page.locator('a[href$="/entries/2023-10-02-le-phat-dong/index"]');
    await starter.waitFor();
    const shown = await page.locator('a[href*="/entries/"]').evaluateAll((as) =>
      as.filter((a) => a.offsetParent !== null).map((a) => a.getAttribute('href')));
    if (shown.some((h) => h.includes('/entries/_index'))) fail(`the news list shows a section: ${shown}`);
    // The starter's post, renamed as loa check said: the form opens it, in both languages.
    await page.goto(`${base}admin/#/collections/news/entries/2023-10-02-le-phat-dong/index`);
    await page.waitForFunction(() => {
      const t = document.querySelectorAll('[id^="title-field"]');
      return t.length === 2 && t[0].value !== '' && t[1].value !== '';
    });
    const opened = [
      await page.locator('[id^="title-field"]').nth(0).inputValue(),
      await page.locator('[id^="title-field"]').nth(1).inputValue(),
      await page.locator('[id^="date-field"]').first().inputValue(),
    ];
    const want = ['Lễ phát động Tuần lễ hưởng ứng học tập suốt đời', 'Lifelong Learning Week launched', '2023-10-02'];
    if (JSON.stringify(opened) !== JSON.stringify(want)) fail(`the starter's post opened as ${JSON.stringify(opened)}`);
    step = 'opening a new post';
    await page.goto(`${base}admin/#/collections/news/new`);
    // The new post's form, not the starter's still on the page.
    await page.waitForFunction(() => {
      const t = document.querySelector('[id^="title-field"]');
      return t && t.value === '' && location.hash.endsWith('/new');
    });
    await page.waitForTimeout(500);
    // Refused in the form, in the editor's language: a required field left empty, and a photo
    // over the limit loa check applies. (Saving is possible once anything is written.)
    await page.locator('[id^="summary-field"]').nth(0).fill('Học sinh đọc sách cùng phụ huynh.');
    step = 'saving with required fields empty';
    await page.getByRole('button', { name: 'Lưu', exact: true }).click();
    await page.getByText('Tiêu đề bắt buộc nhập.').first().waitFor();

    await shot('cms-required-vi.png');
    step = 'saving with a date in the wrong form';
    // A year typed with a digit too many: the date input keeps it, and the form refuses it.
    const date = page.locator('[id^="date-field"]').first();
    await date.fill('2023-10-05');
    // Types into the year, the last part of the date in every order a browser shows it.
    const typeYear = async (digits) => {
      await date.focus();
      await page.keyboard.press('ArrowRight');
      await page.keyboard.press('ArrowRight');
      await page.keyboard.type(digits);
    };
    await typeYear('20233');
    await page.getByRole('button', { name: 'Lưu', exact: true }).click();
    await page.getByText('năm phải đủ bốn chữ số, ví dụ 2025').first().waitFor();
    await shot('cms-date-vi.png');
    // The year typed again digit by digit, as an editor does. Decap's own control turned 2023
    // into 1903 on the way (decap-cms issue 7939); the theme's keeps what is typed.
    await typeYear('2023');
    await page.waitForTimeout(300);
    const typed = await date.inputValue();
    if (typed !== '2023-10-05') fail(`the date reads ${typed} after typing its year, not 2023-10-05`);
    step = 'uploading an oversized photo';
    const huge = path.join(WORK, 'qua-lon.jpg');
    fs.writeFileSync(huge, Buffer.alloc(13 * 1024 * 1024, 0xff));
    const said = [];
    page.on('dialog', (d) => said.push(d.message()));
    await uploadPhoto(huge);
    await waitFor(() => said.some((m) => m.startsWith('Tập tin quá lớn.')), 'the oversized photo refused');
    await page.getByRole('button', { name: /Đóng|Close/ }).first().click().catch(() => page.keyboard.press('Escape'));
    await page.waitForTimeout(500);
    step = 'writing the post';
    // Both languages side by side: the default language on the left.
    const title = page.locator('[id^="title-field"]');
    await title.nth(0).fill(TITLE_VI);
    await title.nth(1).fill(TITLE_EN);
    await page.locator('[id^="unit-field"]').first().click();
    await page.keyboard.type('Trường THCS Mẫu');
    await page.keyboard.press('Enter');
    const summary = page.locator('[id^="summary-field"]');
    await summary.nth(0).fill('Học sinh đọc sách cùng phụ huynh.');
    await summary.nth(1).fill('Pupils read with their parents.');
    await page.locator('[id^="participants-field"]').first().fill('120');
    // The cover photo, uploaded into the post's own folder.
    const upload = path.join(WORK, 'doc-sach.jpg');
    fs.copyFileSync(path.join(REPO, 'content/galleries/phoi-canh-bang-ron-2022/03-san-khau-hoi-truong.jpg'), upload);
    await uploadPhoto(upload);
    await page.getByText('Lấy những cái đã chọn').click();
    // A photo of the activity with its caption and alt text, in each language.
    const photo2 = path.join(WORK, 'bang-ron.jpg');
    fs.copyFileSync(path.join(REPO, 'content/galleries/phoi-canh-bang-ron-2022/01-bang-ron-tren-duong-pho.jpg'), photo2);
    await page.getByRole('button', { name: 'Thêm ảnh' }).nth(0).click();
    await uploadPhoto(photo2);
    await page.getByText('Lấy những cái đã chọn').click();
    await page.locator('[id^="caption-field"]').nth(0).fill(CAPTION_VI);
    await page.locator('[id^="alt-field"]').nth(0).fill(ALT_VI);
    await page.getByRole('button', { name: 'Thêm ảnh' }).nth(1).click();
    await page.getByText('Chọn một hình').first().click();
    await page.getByText('bang-ron.jpg', { exact: true }).first().click();
    await page.getByText('Lấy những cái đã chọn').click();
    await page.locator('[id^="caption-field"]').nth(1).fill(CAPTION_EN);
    await page.locator('[id^="alt-field"]').nth(1).fill(ALT_EN);
    const body = page.locator('[data-slate-editor]');
    await body.nth(0).click();
    await page.keyboard.type('Sáng 5/10, học sinh và phụ huynh cùng đọc sách.');
    await body.nth(1).click();
    await page.keyboard.type('On 5 October pupils and parents read together.');
    await shot('cms-form-vi.png');

    step = 'saving and publishing';
    // Saved as a draft, marked ready, published: the office's workflow.
    await page.getByRole('button', { name: 'Lưu', exact: true }).click();
    await page.getByRole('button', { name: /Trạng/ }).waitFor();
    await page.getByRole('button', { name: /Trạng/ }).click();
    await page.locator('[role=menuitem]').filter({ hasText: 'Sẵn sàng' }).click();
    await page.waitForTimeout(1000);
    await page.getByRole('button', { name: 'Công bố', exact: true }).click();
    await page.locator('[role=menuitem]').filter({ hasText: 'Công bố ngay' }).click();

    const bundle = path.join(SITE, 'content/news/2023-10-05-ngay-hoi-doc-sach-cua-truong');
    await waitFor(() => fs.existsSync(path.join(bundle, 'index.vi.md')), 'the published post on main');
    // The screenshot once the form shows the entry published, not while it reloads.
    if (SHOTS) await page.getByText('Đã công bố', { exact: true }).first().waitFor();
    await shot('cms-published-vi.png');
    const vi = fs.readFileSync(path.join(bundle, 'index.vi.md'), 'utf8');
    const en = fs.readFileSync(path.join(bundle, 'index.en.md'), 'utf8');
    for (const [text, want] of [[vi, `title: ${TITLE_VI}`], [vi, 'date: 2023-10-05'], [vi, `unit: ${UNIT}`],
      [vi, 'cover: doc-sach.jpg'], [vi, 'participants: 120'], [en, `title: ${TITLE_EN}`],
      [vi, 'file: bang-ron.jpg'], [vi, `caption: ${CAPTION_VI}`], [vi, `alt: ${ALT_VI}`],
      [en, 'file: bang-ron.jpg'], [en, `caption: ${CAPTION_EN}`], [en, `alt: ${ALT_EN}`]]) {
      if (!text.includes(want)) fail(`the post's front matter lacks "${want}":\n${text}`);
    }
    for (const f of ['doc-sach.jpg', 'bang-ron.jpg']) {
      if (!fs.existsSync(path.join(bundle, f))) fail(`the photo ${f} is not in the bundle`);
    }
    if (git('branch', '--list', 'cms/*').trim()) fail('a draft branch is left after publishing');

    // What the office's build then does with it.
    run(LOA, ['check'], { cwd: SITE });
    const out = path.join(WORK, 'published');
    run(LOA, ['build', '-o', out], { cwd: SITE });
    for (const [file, want] of [[`don-vi/${UNIT}/index.html`, TITLE_VI], [`en/units/${UNIT}/index.html`, TITLE_EN]]) {
      const html = fs.readFileSync(path.join(out, file), 'utf8');
      if (!html.includes(want)) fail(`${file} does not show "${want}"`);
    }
    // The photo's alt text and caption, each language its own.
    for (const [file, alt, caption] of [['tin-tuc/2023-10-05-ngay-hoi-doc-sach-cua-truong/index.html', ALT_VI, CAPTION_VI],
      ['en/news/2023-10-05-ngay-hoi-doc-sach-cua-truong/index.html', ALT_EN, CAPTION_EN]]) {
      const where = path.join(out, file);
      if (!fs.existsSync(where)) fail(`${file} was not built`);
      const html = fs.readFileSync(where, 'utf8');
      if (!html.includes(`alt="${alt}"`) || !html.includes(`<figcaption>${caption}</figcaption>`)) {
        fail(`${file} lacks the photo's alt text "${alt}" or caption "${caption}"`);
      }
    }
    // Decap ends a save its validation stops with a promise rejected without a reason.
    const refused = ['saving with required fields empty', 'saving with a date in the wrong form'];
    const real = errors.filter((e) => !refused.some((step) => e.startsWith(`${step}: undefined`)));
    if (real.length) fail(`errors in the admin page: ${real.join('; ')}`);
    console.log('cms-e2e: OK (draft, ready, published; loa check passed; the unit pages show the post in vi and en)');
  } finally {
    await browser.close();
    api.kill();
    server.close();
  }
}

main().catch((e) => {
  console.error(`cms-e2e: FAILED: ${e.message}`);
  process.exit(1);
});
