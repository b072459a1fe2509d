// The lean anchor of bench/lighthouse: a static page built with GOV.UK Frontend (npm) that lists
// the same demo catalogue as Loket's directory (title, lead, search box, every service with its
// agency, lowest fee and processing time), written into a folder that the reference server then
// serves with the same compression and cache rules as Loket's own build.
// Usage: node bench/govuk-anchor.mjs GOVUK_FRONTEND_PACKAGE_DIR OUT_DIR
import { cpSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

const [pkg, out] = process.argv.slice(2);
if (!pkg || !out) {
  console.error('usage: node bench/govuk-anchor.mjs GOVUK_FRONTEND_PACKAGE_DIR OUT_DIR');
  process.exit(2);
}
const root = new URL('../', import.meta.url).pathname;
const catalogue = JSON.parse(readFileSync(join(root, 'server/seed/catalogue.json'), 'utf8'));
const ui = JSON.parse(readFileSync(join(root, 'locales/id.json'), 'utf8'));
const govuk = join(pkg, 'dist/govuk');

mkdirSync(out, { recursive: true });
cpSync(join(govuk, 'govuk-frontend.min.css'), join(out, 'govuk-frontend.min.css'));
cpSync(join(govuk, 'govuk-frontend.min.js'), join(out, 'govuk-frontend.min.js'));
cpSync(join(govuk, 'assets'), join(out, 'assets'), { recursive: true });

const esc = (s) => String(s).replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/"/g, '&quot;');
const agency = new Map(catalogue.agencies.map((a) => [a.id, a.shortName]));
const lowestFee = (s) => (s.fees.length ? Math.min(...s.fees.map((f) => f.amountIdr)) : 0);
const rupiah = (n) => (n === 0 ? ui.fee_free : `Rp${n.toLocaleString('id-ID')}`);
const services = catalogue.services.map((s) => `
      <li class="govuk-!-margin-bottom-6">
        <h2 class="govuk-heading-m govuk-!-margin-bottom-1"><a class="govuk-link" href="/layanan/${esc(s.id)}">${esc(s.name.id)}</a></h2>
        <p class="govuk-body-s govuk-!-margin-bottom-1">${esc(agency.get(s.agencyId) ?? '')}</p>
        <dl class="govuk-summary-list govuk-summary-list--no-border govuk-!-margin-bottom-0">
          <div class="govuk-summary-list__row"><dt class="govuk-summary-list__key">${esc(ui.fees_title)}</dt><dd class="govuk-summary-list__value">${esc(rupiah(lowestFee(s)))}</dd></div>
          <div class="govuk-summary-list__row"><dt class="govuk-summary-list__key">${esc(ui.processing_title)}</dt><dd class="govuk-summary-list__value">${esc(s.processingTime.id)}</dd></div>
        </dl>
      </li>`).join('');

writeFileSync(join(out, 'index.html'), `<!doctype html>
<html lang="id" class="govuk-template">
<head>
  <meta charset="utf-8">
  <meta name="viewport" content="width=device-width, initial-scale=1, viewport-fit=cover">
  <title>${esc(ui.home_title)} · Loket</title>
  <link rel="icon" href="/assets/images/favicon.svg" type="image/svg+xml">
  <link rel="stylesheet" href="/govuk-frontend.min.css">
</head>
<body class="govuk-template__body">
  <a href="#main-content" class="govuk-skip-link" data-module="govuk-skip-link">${esc(ui.skip_to_content)}</a>
  <header class="govuk-header" data-module="govuk-header">
    <div class="govuk-header__container govuk-width-container">
      <div class="govuk-header__logo"><a href="/" class="govuk-header__link govuk-header__link--homepage">Loket</a></div>
    </div>
  </header>
  <div class="govuk-width-container">
    <main class="govuk-main-wrapper" id="main-content">
      <h1 class="govuk-heading-xl">${esc(ui.home_title)}</h1>
      <p class="govuk-body-l">${esc(ui.home_lead)}</p>
      <form role="search" class="govuk-!-margin-bottom-6">
        <div class="govuk-form-group">
          <label class="govuk-label" for="cari">${esc(ui.search_label)}</label>
          <div id="cari-hint" class="govuk-hint">${esc(ui.search_hint)}</div>
          <input class="govuk-input" id="cari" name="q" type="search" aria-describedby="cari-hint">
        </div>
      </form>
      <ul class="govuk-list">${services}
      </ul>
    </main>
  </div>
  <footer class="govuk-footer"><div class="govuk-width-container"><p class="govuk-body-s">${esc(ui.footer_note)}</p></div></footer>
  <script type="module" src="/govuk-frontend.min.js"></script>
</body>
</html>
`);
console.log(`govuk-anchor: ${catalogue.services.length} services in ${out}/index.html`);
