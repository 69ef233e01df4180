// Shared by the browser tests.
import { expect } from '@playwright/test';
import { execFileSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

export const PASSWORD = 'staffport-demo';
export const LOGINS = {
  admin: 'admin@demo.staffport.dev',
  hr_manager: 'hr@demo.staffport.dev',
  employee: 'employee@demo.staffport.dev',
  contractor: 'contractor@demo.staffport.dev',
  client_manager: 'client@demo.staffport.dev',
  foreman: 'foreman@demo.staffport.dev',
  recruiter: 'recruiter@demo.staffport.dev',
};

/** Collects uncaught page errors and console errors (hydration problems show here). The
 *  browser also logs every refused request; 409 and 422 are answers a test provokes on purpose. */
export function watchErrors(page) {
  const errors = [];
  page.on('pageerror', (e) => errors.push(`pageerror: ${e.message}`));
  page.on('console', (m) => {
    if (m.type() === 'error' && !/status of (409|422)\b/.test(m.text())) errors.push(`console: ${m.text()}`);
  });
  return errors;
}

export async function hydrated(page, testInfo) {
  if (testInfo.project.use.javaScriptEnabled !== false) {
    try {
      // Link pages are plain HTML with no bundle (app/src/shell/pages.rs): nothing hydrates.
      await expect(page.locator('html[data-hydrated="true"], html:not(:has(script[type="module"]))')).toHaveCount(1, { timeout: 20_000 });
    } catch (e) {
      // Say why: a hydration panic shows in the console.
      const recent = typeof page.consoleMessages === 'function' ? await page.consoleMessages() : [];
      const errors = recent.filter((m) => m.type() === 'error').map((m) => `${m.location().url}: ${m.text().slice(0, 300)}`);
      throw new Error(`${e.message}\nconsole errors:\n${errors.join('\n')}`);
    }
  }
}

/** What the page has fetched so far, as the browser's resource timings say: KB on the wire and
 *  the bundle files (scripts and WASM modules) among them. */
export async function pageWeight(page) {
  return page.evaluate(() => {
    const entries = [...performance.getEntriesByType('navigation'), ...performance.getEntriesByType('resource')];
    return {
      kb: Math.round(entries.reduce((sum, e) => sum + e.transferSize, 0) / 1024),
      bundle: entries.map((e) => new URL(e.name).pathname).filter((path) => /\.(wasm|js)$/.test(path)),
    };
  });
}

export async function signIn(page, email, password = PASSWORD) {
  await page.goto('/login');
  await page.getByLabel('Email').fill(email);
  await page.getByLabel('Password').fill(password);
  await page.getByRole('button', { name: 'Sign in', exact: true }).click();
}

/** Waits for a mail to `to` captured by the SMTP sink (the newest one `accept` takes). */
/** The messages captured so far (file names): pass them to `mailTo` to wait for a newer one. */
export function mailsSoFar() {
  try {
    return new Set(readdirSync(process.env.STAFFPORT_MAIL_DIR));
  } catch {
    return new Set();
  }
}

export async function mailTo(to, accept = () => true, seen = new Set()) {
  const dir = process.env.STAFFPORT_MAIL_DIR;
  for (let i = 0; i < 100; i++) {
    try {
      for (const f of readdirSync(dir).sort().reverse()) {
        if (seen.has(f)) continue;
        const mail = JSON.parse(readFileSync(join(dir, f), 'utf8'));
        if (mail.to === to && accept(mail)) return mail;
      }
    } catch { /* directory not there yet */ }
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`no mail to ${to}`);
}

/** The demo data's job, with candidates in Applied. */
export const DEMO_JOB = 'Backend developer (Rust)';

/** The unread count on the navigation (0 when there is no badge). */
export async function unreadCount(page) {
  const badge = page.getByTestId('unread-count');
  return (await badge.count()) ? Number(await badge.textContent()) : 0;
}

/** A fresh browser signed in as `login`, on the demo job's board. Tall enough that the whole
 *  board is on screen: a page scrolling under a held mouse button would start a drag on
 *  another card. */
export async function openBoard(browser, login, testInfo) {
  const page = await (await browser.newContext({ viewport: { width: 1280, height: 1400 } })).newPage();
  await signIn(page, login);
  await page.goto('/recruiting');
  await hydrated(page, testInfo);
  await page.getByTestId('job').getByRole('link', { name: DEMO_JOB }).click();
  await hydrated(page, testInfo);
  await expect(page.getByTestId('column')).toHaveCount(6);
  return page;
}

/** A new organisation beside the demo one, made with the server's own `create-admin` command,
 *  which invites `adminEmail` as its first administrator. */
export function createOrganisation(name, adminEmail) {
  execFileSync(process.env.STAFFPORT_BIN, ['create-admin', '--org', name, '--email', adminEmail, '--family-name', 'Park', '--given-name', 'Admin'], {
    env: { ...process.env, DATABASE_URL: process.env.STAFFPORT_E2E_DATABASE_URL, RUST_LOG: 'warn' },
    stdio: 'pipe',
  });
}

/** Runs SQL straight on the test server's SQLite database (to plant what the application
 *  itself would refuse to store). */
export function sql(statements) {
  const file = process.env.STAFFPORT_E2E_DATABASE_URL.replace(/^sqlite:\/\//, '').replace(/\?.*$/, '');
  execFileSync('sqlite3', [file], { input: statements, stdio: ['pipe', 'pipe', 'inherit'] });
}

/** Switches the signed-in person's language as the language switch does (a form post from our
 *  origin; it becomes their setting, which wins over cookies and the browser's language). */
export async function switchLocale(page, locale) {
  const origin = new URL(page.url()).origin;
  const res = await page.request.post('/locale', { form: { locale, back: '/' }, headers: { origin }, maxRedirects: 0 });
  expect(res.status()).toBe(303);
}

/** Clears a person's language setting, so later tests read in their browser's language. */
export function forgetLocale(email) {
  sql(`UPDATE people SET locale = NULL WHERE email = '${email}';`);
}
