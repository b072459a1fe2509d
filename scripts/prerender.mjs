// Build step after trunk (scripts/build): the first HTML of the app, made by the app itself.
// The release build runs in Debian's Chromium against the reference server with the demo
// catalogue, at a phone's width, in Indonesian; what it shows is written into the HTML the server
// sends, so that a citizen on a weak signal reads the directory before any wasm has arrived.
//  - dist/index.html: the directory's first screen (header, title, lead, search, the first
//    services as real links), marked data-route="/". The app mounts hidden beside it and takes
//    over in one frame once its own directory is ready (src/state/shell.rs).
//  - dist/pages/<path>.html: the same for every page made from the catalogue alone: each
//    service (/layanan/<id>), the places (/lokasi), each place (/lokasi/<id>), tracking (/lacak)
//    and each bookable service's first booking question (/pesan?layanan=<id>, kept as
//    pages/pesan/layanan=<id>.html), reached by the app's own navigation. A place's "open now" line depends on the hour the page is read, so it
//    is left blank (one line kept) and the app fills it in when it takes over.
//  - dist/shell.html: the same header and footer around a skeleton, for every other page path
//    (the booking's later steps, my bookings, a ticket: what depends on the device): the app
//    replaces it as soon as it starts.
//  - In both, the app's script and wasm are fetched only once the first HTML has painted
//    (Trunk's preload links and its start script are replaced): on a weak signal the page's own
//    bytes come first, and the directory the HTML shows never waits for the app's download.
// A deployment with its own catalogue runs this step against its backend:
//   LOKET_PRERENDER_API=https://mpp.example.go.id/api/v1 node scripts/prerender.mjs
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { launchBrowser, startServer } from './lib/server-and-browser.mjs';

const dist = process.argv[2] ?? 'dist';
const template = readFileSync(join(dist, 'index.html'), 'utf8');
if (template.includes('data-route=')) fail(`${dist}/index.html is already prerendered: rebuild with trunk first`);

function fail(message) {
  console.error(`prerender: ${message}`);
  process.exit(1);
}

const SKELETON = /<div id="loket-skeleton"[^>]*>[\s\S]*?<!-- \/loket-skeleton -->\s*<\/div>/;
if (!SKELETON.test(template)) fail('index.html has no <div id="loket-skeleton"> ... <!-- /loket-skeleton --></div>');

const server = await startServer({ LOKET_DIST: dist });
const browser = await launchBrowser();
try {
  const context = await browser.newContext({
    viewport: { width: 360, height: 740 },
    locale: 'id-ID',
    serviceWorkers: 'block',
  });
  const page = await context.newPage();
  const problems = [];
  page.on('pageerror', (e) => problems.push(e.message));
  const api = process.env.LOKET_PRERENDER_API;
  if (api) {
    await page.route('**/config.json', (route) => route.fulfill({ json: { apiBaseUrl: api } }));
  }
  await page.goto(server.url);
  await page.locator('#loket-skeleton').waitFor({ state: 'detached' });
  await page.locator('.service-card').first().waitFor();
  await page.locator('.data-status__as-of').waitFor();
  if (problems.length) fail(`the app failed while prerendering: ${problems.join('; ')}`);

  const { html, title } = await capture(page);
  const skeletonMain = template.match(SKELETON)[0].match(/<div class="sk-body">[\s\S]*?<!-- \/sk-body -->\s*<\/div>/)?.[0];
  if (!skeletonMain) fail('index.html has no <div class="sk-body"> ... <!-- /sk-body --></div>');

  const withBody = (attributes, body, pageTitle) => startAfterFirstPaint(template)
    .replace(SKELETON, () => `<div id="loket-skeleton" class="prerendered" ${attributes}>${body}<!-- /loket-skeleton --></div>`)
    .replace(/<title>[^<]*<\/title>/, () => `<title>${pageTitle}</title>`);
  // The directory, exactly as the app showed it.
  writeFileSync(join(dist, 'index.html'), withBody('data-route="/"', html, escapeText(title)));
  // Every other page: the same header and footer, a skeleton where the page will be.
  const shellBody = html.replace(/(<main\b[^>]*>)[\s\S]*<\/main>/, (_, open) => `${open}${skeletonMain}</main>`);
  if (shellBody === html) fail('the app rendered no <main>');
  writeFileSync(join(dist, 'shell.html'), withBody('aria-busy="true"', shellBody, template.match(/<title>([^<]*)<\/title>/)[1]));
  console.log(`prerender: index.html (${html.length} B of directory) and shell.html written`);

  // The pages made from the catalogue alone, each reached the way a citizen's tap reaches it.
  const catalogue = await page.evaluate(async () => {
    const { apiBaseUrl } = await (await fetch('/config.json')).json();
    return (await fetch(`${apiBaseUrl.replace(/\/$/, '')}/catalogue`)).json();
  });
  // Each page with what shows it is ready: the heading, or the text of another element.
  const pages = [
    ...catalogue.services.map((s) => [`/layanan/${encodeURIComponent(s.id)}`, 'h1', s.name.id]),
    ['/lokasi', '.place', null],
    ...catalogue.locations.map((l) => [`/lokasi/${encodeURIComponent(l.id)}`, 'h1', l.name.id]),
    // Tracking is the same form on every device; a booking's first question (where) is made
    // from the catalogue alone. Both are what a shared link or a printed QR code opens cold.
    ['/lacak', 'form #kode', null],
    ...catalogue.services.filter((s) => s.bookable)
      .map((s) => [`/pesan?layanan=${encodeURIComponent(s.id)}`, '.caption', s.name.id]),
  ];
  rmSync(join(dist, 'pages'), { recursive: true, force: true });
  let bytes = 0;
  for (const [path, ready, text] of pages) {
    await page.evaluate((to) => {
      history.pushState(null, '', to);
      dispatchEvent(new PopStateEvent('popstate', { state: null }));
    }, path);
    await page.waitForFunction(([to, ready, text]) => {
      const shown = document.querySelector(`#konten ${ready}`);
      return location.pathname + location.search === to && document.querySelector('#konten h1')
        && !document.querySelector('#konten .page-opening') && shown && (text === null || shown.textContent === text);
    }, [path, ready, text]);
    // The route's view renders in the same task as the path changes; one frame more lets the
    // document title follow.
    await page.evaluate(() => new Promise(requestAnimationFrame));
    const shown = await capture(page);
    if (!shown.html.includes('<h1')) fail(`${path} rendered no heading`);
    const file = join(dist, 'pages', `${pageFile(path)}.html`);
    mkdirSync(dirname(file), { recursive: true });
    const out = withBody(`data-route="${path}"`, shown.html, escapeText(shown.title));
    writeFileSync(file, out);
    bytes += out.length;
  }
  if (problems.length) fail(`the app failed while prerendering pages: ${problems.join('; ')}`);
  console.log(`prerender: ${pages.length} pages in ${dist}/pages (${bytes} B)`);
  await context.close();
} finally {
  await browser.close();
  await server.stop();
}

/** What the app shows now, as first HTML: no inline styles or scripts (the CSP allows only
 * index.html's own), and a place's "open now" line blank but one line high (it depends on the
 * hour the page is read, not the hour it was built). */
function capture(page) {
  return page.evaluate(() => {
    const app = document.getElementById('loket-app').cloneNode(true);
    for (const el of app.querySelectorAll('script')) el.remove();
    for (const el of app.querySelectorAll('[style]')) el.removeAttribute('style');
    for (const el of app.querySelectorAll('.open-status')) {
      el.className = 'open-status';
      el.textContent = '\u00a0';
    }
    return { html: app.innerHTML, title: document.title };
  });
}

/** Trunk's start script and preload links, replaced by a start once the page has painted. */
function startAfterFirstPaint(html) {
  const TRUNK_START = /<script type="module">\s*import init, \* as bindings from '([^']+)';\s*const wasm = await init\(\{ module_or_path: '([^']+)' \}\);[\s\S]*?<\/script>/;
  const found = html.match(TRUNK_START);
  if (!found) fail("index.html has no Trunk start script of the expected form (import init ... await init({ module_or_path }))");
  const [, script, wasm] = found;
  const literal = (text) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  const preloads = new RegExp(`<link rel="(?:modulepreload|preload)" href="(?:${literal(script)}|${literal(wasm)})"[^>]*>`, 'g');
  if ((html.match(preloads) ?? []).length !== 2) fail('index.html lacks the preload links of the app script and wasm');
  // A paint entry is delivered after the frame is on screen; a hidden tab never paints, so a
  // second later it starts anyway.
  // Until the app takes over, a form on the prerendered page must not send the page away (a
  // tracking code and its proof would land in a URL): the app keeps what was typed or chosen.
  const start = `<script type="module">
addEventListener('submit', (e) => { if (e.target.closest('#loket-skeleton')) e.preventDefault(); }, true);
await new Promise((paint) => {
  new PerformanceObserver((_, seen) => { seen.disconnect(); paint(); }).observe({ type: 'paint', buffered: true });
  setTimeout(paint, 1000);
});
const bindings = await import('${script}');
const wasm = await bindings.default({ module_or_path: '${wasm}' });
window.wasmBindings = bindings;
dispatchEvent(new CustomEvent('TrunkApplicationStarted', { detail: { wasm } }));
</script>`;
  return html.replace(TRUNK_START, () => start).replace(preloads, '');
}

/** Where a page's first HTML is kept: `/lacak` → `lacak`, `/pesan?layanan=x` → `pesan/layanan=x`,
 * as the server looks it up (server/src/assets.rs, `Assets::page`). */
function pageFile(route) {
  const [path, query] = route.split('?');
  return query ? `${path}/${query}` : path;
}

function escapeText(text) {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;');
}
