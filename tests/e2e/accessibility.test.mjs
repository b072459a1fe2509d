// Usable by every citizen: with the keyboard alone, on the narrowest phones, with large text,
// without motion, and with fingers (every target at least 44 × 44 px). axe runs on every page
// these tests open (the harness's fixture); this file checks what axe cannot.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { locales, PAGES, useApp, waitForApp } from './support/harness.mjs';

const { id } = locales;
// The demo passport application (README): NIK ending 0001.
const PASSPORT = { code: 'YAKRK-N830B', factor: '0001' };

const app = useApp();
const h1 = (page) => page.getByRole('heading', { level: 1 });

/** Opens each page and waits for its content; `check` returns what is wrong there. */
async function everyPage(page, check) {
  const wrong = [];
  for (const [path, ready] of PAGES) {
    await page.goto(`${app.url}${path}`);
    await waitForApp(page);
    await page.locator(ready).first().waitFor();
    for (const problem of await check(page)) wrong.push(`${path}: ${problem}`);
  }
  return wrong;
}

/** How far the page is wider than the screen, if it is: it then scrolls sideways. */
const sidewaysOverflow = async (page) => {
  const { scroll, width } = await page.evaluate(() => ({
    scroll: document.documentElement.scrollWidth,
    width: window.innerWidth,
  }));
  return scroll > width ? [`${scroll - width} px wider than the ${width} px screen`] : [];
};

describe('accessibility beyond axe', () => {
  test('search, a service and tracking with the keyboard alone, the focus always visible', async () => {
    const { context, page } = await app.newPhonePage();
    await page.goto(app.url);
    await waitForApp(page);
    await page.locator('.service-card').first().waitFor();

    const focused = () => page.evaluate(() => {
      const el = document.activeElement;
      const style = getComputedStyle(el);
      return {
        text: el.textContent.trim(),
        id: el.id,
        tag: el.tagName,
        visible: style.outlineStyle !== 'none' && parseFloat(style.outlineWidth) >= 2,
      };
    });
    /** Presses Tab until `selector` has focus, checking that each stop shows where it is. */
    const tabTo = async (selector) => {
      for (let i = 0; i < 80; i++) {
        if (await page.evaluate((s) => document.activeElement?.matches(s), selector)) return;
        await page.keyboard.press('Tab');
        const now = await focused();
        if (now.tag !== 'BODY' && now.tag !== 'MAIN') assert.ok(now.visible, `no visible focus on ${now.tag} "${now.text}"`);
      }
      assert.fail(`${selector} is not reachable with Tab`);
    };

    // The first Tab reaches the skip link, which is shown and takes the focus to the content.
    await page.keyboard.press('Tab');
    const skip = await focused();
    assert.equal(skip.text, id.skip_to_content);
    assert.ok(skip.visible);
    assert.ok(await page.locator('.skip-link').isVisible());
    await page.keyboard.press('Enter');
    assert.equal((await focused()).id, 'konten');

    await tabTo('input[type=search]');
    await page.keyboard.type('paspor');
    await page.locator('.service-card').filter({ hasText: 'Paspor' }).first().waitFor();
    await tabTo('.service-card a');
    await page.keyboard.press('Enter');
    await h1(page).filter({ hasText: /Paspor/ }).waitFor();
    assert.match(new URL(page.url()).pathname, /^\/layanan\//);

    await tabTo(`nav a[href="/lacak"]`);
    await page.keyboard.press('Enter');
    await h1(page).filter({ hasText: id.track_title }).waitFor();
    // A submit with nothing typed: the error summary takes the focus and leads to the field.
    await tabTo('button[type=submit]');
    await page.keyboard.press('Enter');
    await page.locator('.error-summary:focus').waitFor();
    await tabTo('.error-summary a');
    await page.keyboard.press('Enter');
    assert.equal((await focused()).id, 'kode');
    await page.keyboard.type(PASSPORT.code);
    await page.keyboard.press('Tab');
    assert.equal((await focused()).id, 'verifikasi');
    await page.keyboard.type(PASSPORT.factor);
    await page.keyboard.press('Enter');
    await h1(page).filter({ hasText: id.application_page_title }).waitFor();
    await page.getByText(PASSPORT.code).first().waitFor();
    await context.close();
  });

  test('on a 320 px screen no page scrolls sideways', async () => {
    const { context, page } = await app.newPhonePage({ viewport: { width: 320, height: 640 } });
    assert.deepEqual(await everyPage(page, sidewaysOverflow), []);
    await context.close();
  });

  test('with text at 200 % every page still fits the phone and nothing is cut off', async () => {
    const { context, page } = await app.newPhonePage();
    // What a browser's text-size setting does: a larger root font, the layout left to reflow.
    await page.addInitScript(() => {
      document.addEventListener('DOMContentLoaded', () => { document.documentElement.style.fontSize = '200%'; });
    });
    const wrong = await everyPage(page, async (p) => {
      const size = await p.evaluate(() => getComputedStyle(document.documentElement).fontSize);
      assert.equal(size, '32px', 'the text is at 200 %');
      const clipped = await p.evaluate(() => [...document.querySelectorAll('main *, header *')]
        .filter((el) => el.checkVisibility() && ['hidden', 'clip'].includes(getComputedStyle(el).overflowX)
          && el.scrollWidth > el.clientWidth + 1)
        .map((el) => `${el.tagName.toLowerCase()}.${el.className} is cut off`));
      return [...await sidewaysOverflow(p), ...clipped];
    });
    assert.deepEqual(wrong, []);
    await context.close();
  });

  test('asked for less motion, the loading skeleton keeps still', async () => {
    // The wasm is held back so that the skeleton stays on screen to be looked at. The directory's
    // first HTML is the directory itself; a page that depends on the device gets the shell, with
    // the skeleton.
    const skeletonAnimations = async (reducedMotion) => {
      const { context, page } = await app.newPhonePage();
      await page.emulateMedia({ reducedMotion });
      let release;
      const held = new Promise((resolve) => { release = resolve; });
      await page.route('**/*_bg.wasm', async (route) => { await held; await route.continue(); });
      await page.goto(`${app.url}/pesanan-saya`);
      await page.locator('#loket-skeleton .sk-line').first().waitFor();
      const running = await page.evaluate(() => document.getAnimations().length);
      release();
      await waitForApp(page);
      await context.close();
      return running;
    };
    assert.ok(await skeletonAnimations('no-preference') > 0, 'the skeleton pulses by default');
    assert.equal(await skeletonAnimations('reduce'), 0);
  });

  test('every button, field and link outside running text is at least 44 × 44 px', async () => {
    const { context, page } = await app.newPhonePage();
    const tooSmall = (p) => p.evaluate(() => {
      const MIN = 44;
      const found = [];
      for (const el of document.querySelectorAll('a[href], button, input, select, textarea, summary')) {
        if (!el.checkVisibility()) continue;
        // A link inside a sentence is exempt (WCAG 2.5.8): the sentence sets its size.
        if (el.tagName === 'A' && getComputedStyle(el).display === 'inline'
          && el.parentElement.textContent.trim().length > el.textContent.trim().length) continue;
        // A radio or checkbox is hit through its label, which must be big enough instead.
        const target = ['radio', 'checkbox'].includes(el.type) ? (el.labels?.[0] ?? el) : el;
        if (target !== el && el.closest('label') === null) {
          // The input and its label side by side make the target together.
          const a = el.getBoundingClientRect();
          const b = target.getBoundingClientRect();
          const height = Math.max(a.bottom, b.bottom) - Math.min(a.top, b.top);
          if (height < MIN) found.push(`${el.type} "${target.textContent.trim()}" ${Math.round(height)} px high`);
          continue;
        }
        const { width, height } = target.getBoundingClientRect();
        if (width < MIN || height < MIN) {
          found.push(`${target.tagName.toLowerCase()} "${(target.textContent || target.getAttribute('aria-label') || target.id).trim()}" ${Math.round(width)}×${Math.round(height)}`);
        }
      }
      return found;
    });
    assert.deepEqual(await everyPage(page, tooSmall), []);
    await context.close();
  });
});
