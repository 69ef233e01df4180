// The employee cabinet in the browser: a vacation request through the line manager and HR,
// the balance and the team calendar; protected data masked until revealed.
import { test, expect } from '@playwright/test';
import { execFileSync } from 'node:child_process';
import { LOGINS, signIn, hydrated, watchErrors } from '../support/helpers.mjs';

test.describe.configure({ mode: 'serial', timeout: 90_000 });

function nextMonday(monthsAhead) {
  const d = new Date();
  const day = new Date(d.getFullYear(), d.getMonth() + monthsAhead, 8);
  while (day.getDay() !== 1) day.setDate(day.getDate() + 1);
  return day;
}
const iso = (d) => `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}-${String(d.getDate()).padStart(2, '0')}`;
const days = (text) => Number(text.replace(/[^\d.]/g, ''));

test('an employee requests a vacation; manager and HR approve from their inbox; the balance drops and the calendar shows it @js', async ({ browser }, testInfo) => {
  const monday = nextMonday(3);
  const friday = new Date(monday);
  friday.setDate(monday.getDate() + 4);
  const employee = await (await browser.newContext()).newPage();
  const errors = watchErrors(employee);
  await signIn(employee, LOGINS.employee);
  await employee.goto('/leave');
  await hydrated(employee, testInfo).catch((e) => { throw new Error(`${e.message}\n${errors.join('\n')}`); });
  const before = days(await employee.getByTestId('leave-balance').textContent());
  expect(before).toBeGreaterThan(5);

  // The leave page leads to the request form with the vacation type chosen.
  await employee.getByTestId('request-leave').click();
  await hydrated(employee, testInfo);
  await expect(employee.getByLabel('Request type')).toHaveValue('vacation');
  await employee.locator('input[name="dates_from"]').fill(iso(monday));
  await employee.locator('input[name="dates_to"]').fill(iso(friday));
  await employee.locator('input[name="comment"]').fill('Family trip');
  await employee.getByRole('button', { name: 'Submit' }).click();
  await expect(employee.getByRole('status')).toHaveText('Request submitted.');
  await expect(employee.getByTestId('request-row').first()).toContainText('Submitted');
  // Choosing another type starts a new request: the last one's outcome goes.
  await employee.getByLabel('Request type').selectOption('employment_certificate');
  await expect(employee.getByText('Request submitted.')).toHaveCount(0);

  for (const approver of [LOGINS.admin, LOGINS.hr_manager]) {
    const page = await (await browser.newContext()).newPage();
    await signIn(page, approver);
    await page.goto('/inbox');
    await hydrated(page, testInfo);
    await expect(page.getByTestId('inbox-count')).toBeVisible();
    const waiting = Number(await page.getByTestId('inbox-count').textContent());
    await page.getByTestId('request-row').filter({ hasText: 'Vacation' }).getByRole('link').first().click();
    await hydrated(page, testInfo);
    // The dates as the reader writes them, never stored ISO values.
    const shown = (d) => d.toLocaleDateString('en-US', { month: 'short', day: 'numeric', year: 'numeric' });
    await expect(page.locator('dl.facts')).toContainText(`${shown(monday)} – ${shown(friday)}`);
    await expect(page.locator('dl.facts')).not.toContainText(iso(monday));
    await page.locator('button[data-action="approve"]').click();
    await expect(page.locator('button[data-action="approve"]')).toHaveCount(0);
    // The inbox badge counts again at once.
    if (waiting > 1) await expect(page.getByTestId('inbox-count')).toHaveText(String(waiting - 1));
    else await expect(page.getByTestId('inbox-count')).toHaveCount(0);
  }

  await employee.goto('/leave');
  await hydrated(employee, testInfo);
  const after = days(await employee.getByTestId('leave-balance').textContent());
  expect(before - after).toBeGreaterThan(0);
  expect(before - after).toBeLessThanOrEqual(5);
  await employee.goto(`/leave?month=${iso(monday).slice(0, 7)}`);
  await expect(employee.getByTestId('absence')).toContainText('Мария');
});

test('protected personal data is masked on the profile and shown on request @js', async ({ page }, testInfo) => {
  const errors = watchErrors(page);
  await signIn(page, LOGINS.employee);
  await page.goto('/profile');
  await hydrated(page, testInfo).catch((e) => { throw new Error(`${e.message}\n${errors.join('\n')}`); });
  await expect(page.getByTestId('manager')).toHaveText('Demo Admin');
  await expect(page.getByTestId('legal-entity')).toContainText('Hanbit Staffing Korea');
  const account = page.getByTestId('protected-bank_account');
  await expect(account).toContainText('•••• 4312');
  await account.getByRole('button', { name: 'Show' }).click();
  await expect(account).toContainText('40817810099910004312');
});

test('an employee signs a company document with their password; a wrong password is refused @js', async ({ page }, testInfo) => {
  await signIn(page, LOGINS.employee);
  await page.goto('/documents');
  await hydrated(page, testInfo);
  const doc = page.getByTestId('document').filter({ hasText: 'Personal data protection policy' });
  await doc.getByLabel('Sign with your password').fill('not my password');
  await doc.getByRole('button', { name: 'Sign' }).click();
  await expect(doc.locator('.field-error')).toHaveText('Wrong email or password.');
  await doc.getByLabel('Sign with your password').fill('staffport-demo');
  await doc.getByRole('button', { name: 'Sign' }).click();
  await expect(doc.getByTestId('signed')).toContainText('Signed on');
  await page.reload();
  await expect(page.getByTestId('document').filter({ hasText: 'Personal data protection policy' }).getByTestId('signed')).toBeVisible();
});

/** A 1×1 red PNG: a seal as small as a seal gets. */
const SEAL = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8DwHwAFBQIAX8jx0gAAAABJRU5ErkJggg==', 'base64');

test('a certificate is a company document: the letterhead an administrator sets, the name in Cyrillic, a number that checks out @js', async ({ browser }, testInfo) => {
  const admin = await (await browser.newContext()).newPage();
  await signIn(admin, LOGINS.admin);
  await admin.goto('/org');
  await hydrated(admin, testInfo);
  const letterhead = admin.getByTestId('legal-entities').locator('li').filter({ hasText: 'Hanbit Staffing Korea' }).first().getByTestId('letterhead');
  await letterhead.locator('summary').click();
  await letterhead.getByLabel('Address').fill('서울특별시 중구 세종대로 110');
  await letterhead.getByLabel("Signer's title").fill('대표이사');
  await letterhead.getByLabel("Signer's name").fill('김하늘');
  await letterhead.locator('input[type="file"]').setInputFiles({ name: 'seal.png', mimeType: 'image/png', buffer: SEAL });
  await expect(letterhead.locator('.uploaded')).toHaveText('seal.png');
  await letterhead.getByRole('button', { name: 'Save' }).click();
  await expect(letterhead.getByRole('status')).toHaveText('Saved.');
  await expect(letterhead.getByTestId('seal-on-file')).toBeVisible();
  await admin.reload();
  await hydrated(admin, testInfo);
  await letterhead.locator('summary').click();
  await expect(letterhead.getByLabel('Address')).toHaveValue('서울특별시 중구 세종대로 110');

  const employee = await (await browser.newContext()).newPage();
  await signIn(employee, LOGINS.employee);
  await employee.goto('/requests');
  await hydrated(employee, testInfo);
  await employee.getByLabel('Request type').selectOption('employment_certificate');
  await employee.locator('select[name="purpose"]').selectOption('visa');
  await employee.locator('input[name="copies"]').fill('1');
  await employee.getByRole('button', { name: 'Submit' }).click();
  await expect(employee.getByRole('status')).toHaveText('Request submitted.');

  const hr = await (await browser.newContext()).newPage();
  await signIn(hr, LOGINS.hr_manager);
  await hr.goto('/inbox');
  await hydrated(hr, testInfo);
  await hr.getByTestId('request-row').filter({ hasText: 'Certificate of employment' }).getByRole('link').first().click();
  await hydrated(hr, testInfo);
  await hr.locator('button[data-action="approve"]').click();
  await expect(hr.locator('button[data-action="approve"]')).toHaveCount(0);

  await employee.reload();
  await hydrated(employee, testInfo);
  const link = employee.getByTestId('certificate').first().getByRole('link');
  const number = (await link.textContent()).trim();
  const [download] = await Promise.all([employee.waitForEvent('download'), link.click()]);
  const text = execFileSync('pdftotext', [await download.path(), '-']).toString('utf8');
  expect(text).toContain('Орлова Мария');
  expect(text).toContain(number);
  expect(text).toContain('서울특별시 중구 세종대로 110');
  expect(text).toContain('대표이사 김하늘');
  expect(execFileSync('pdfimages', ['-list', await download.path()]).toString('utf8')).toMatch(/ image +1 +1 /);

  const anyone = await (await browser.newContext()).newPage();
  await anyone.goto(`/verify/${number}`);
  await expect(anyone.getByTestId('verified')).toContainText('Мария Орлова');
});

test('a to-do from HR shows on the home page and is marked done @js', async ({ page }, testInfo) => {
  await signIn(page, LOGINS.employee);
  await hydrated(page, testInfo);
  const todo = page.getByTestId('announcement').filter({ hasText: 'emergency contact' });
  await todo.getByRole('button', { name: 'Mark done' }).click();
  await expect(todo.getByTestId('todo-done')).toBeVisible();
  await page.reload();
  await expect(page.getByTestId('announcement').filter({ hasText: 'emergency contact' }).getByTestId('todo-done')).toBeVisible();
});

test('each role finds its daily work on the home page: the contractor reaches the timesheet in one tap', async ({ page }, testInfo) => {
  await signIn(page, LOGINS.contractor);
  await hydrated(page, testInfo);
  await page.getByTestId('shortcuts').getByRole('link', { name: 'Fill in my timesheet' }).click();
  await expect(page.getByTestId('grid')).toBeVisible();
  await page.context().clearCookies();
  await signIn(page, LOGINS.employee);
  await expect(page.getByTestId('shortcuts').getByRole('link', { name: 'Request leave' })).toHaveAttribute('href', '/requests?type=vacation');
});
