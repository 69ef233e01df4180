// Nothing overflows sideways: every key page, signed in as the role that uses it, in English,
// Korean and Russian, on a 390-px phone and a 1,366-px laptop. Wide content (the month grid,
// the board, tables) scrolls inside its own box; the page itself never does.
import { test, expect } from '@playwright/test';
import { LOGINS, signIn, hydrated, switchLocale, forgetLocale } from '../support/helpers.mjs';

test.describe.configure({ mode: 'serial', timeout: 180_000 });

const PAGES = [
  ['employee', ['/', '/requests', '/leave', '/inbox', '/profile', '/documents']],
  ['contractor', ['/', '/timesheets']],
  ['client_manager', ['/approvals', '/summary']],
  ['hr_manager', ['/people', '/summary', '/profile', '/documents']],
  ['recruiter', ['/recruiting', '/recruiting/1', '/recruiting/1/settings', '/recruiting/candidates', '/recruiting/candidates/1']],
  ['admin', ['/', '/people', '/request-types', '/billing-terms', '/holidays', '/org', '/integrations']],
];
const LOCALES = ['en', 'ko', 'ru'];

/** How far the page reaches past `width` (the device's), and the elements that stick out (those
 *  not inside a box that scrolls sideways). Not `innerWidth`: a phone widens its layout viewport
 *  to fit a page that overflows (zoomed out), so the page would always seem to fit it. */
async function overflow(page, width) {
  return page.evaluate((width) => {
    const over = document.documentElement.scrollWidth - width;
    if (over <= 0) return { over, culprits: [] };
    const scrolls = (el) => {
      for (let p = el.parentElement; p; p = p.parentElement) {
        const o = getComputedStyle(p).overflowX;
        if (o === 'auto' || o === 'scroll' || o === 'hidden') return true;
      }
      return false;
    };
    const culprits = [...document.body.querySelectorAll('*')]
      .filter((el) => el.getBoundingClientRect().right > width + 1 && !scrolls(el))
      .slice(0, 5)
      .map((el) => `${el.tagName.toLowerCase()}${el.className ? '.' + String(el.className).trim().split(/\s+/).join('.') : ''} → ${Math.round(el.getBoundingClientRect().right)}px`);
    return { over, culprits };
  }, width);
}

for (const width of [390, 1366]) {
  test(`no key page overflows sideways at ${width} px in English, Korean and Russian @js`, async ({ browser }, testInfo) => {
    const problems = [];
    for (const [role, paths] of PAGES) {
      const page = await (await browser.newContext({ viewport: { width, height: 900 }, isMobile: width < 600, hasTouch: width < 600 })).newPage();
      await signIn(page, LOGINS[role]);
      await hydrated(page, testInfo);
      try {
        for (const locale of LOCALES) {
          await switchLocale(page, locale);
          for (const path of paths) {
            await page.goto(path);
            await hydrated(page, testInfo);
            await expect(page.locator('html')).toHaveAttribute('lang', locale);
            const { over, culprits } = await overflow(page, width);
            if (over > 0) problems.push(`${role} ${path} [${locale}] +${over}px: ${culprits.join(', ')}`);
          }
        }
      } finally {
        forgetLocale(LOGINS[role]);
        await page.context().close();
      }
    }
    expect(problems, problems.join('\n')).toEqual([]);
  });
}

test('on a phone the candidates search box and a comment box are wide enough to type in @js', async ({ browser }, testInfo) => {
  const page = await (await browser.newContext({ viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true })).newPage();
  await signIn(page, LOGINS.recruiter);
  await page.goto('/recruiting/candidates');
  await hydrated(page, testInfo);
  expect((await page.locator('form.search input[name="q"]').boundingBox()).width).toBeGreaterThan(300);
  await page.goto('/recruiting/candidates/1');
  await hydrated(page, testInfo);
  expect((await page.locator('textarea[name="body"]').boundingBox()).width).toBeGreaterThan(300);
});
