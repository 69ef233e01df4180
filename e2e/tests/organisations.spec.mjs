// One sign-in, two organisations: a person invited by a second provider joins with the password
// they already have, signs in once and switches between the two. Plain forms: runs with
// JavaScript on and off.
import { test, expect } from '@playwright/test';
import { LOGINS, PASSWORD, signIn, mailTo, hydrated, watchErrors, createOrganisation } from '../support/helpers.mjs';

test('an invitation from a second organisation is joined with the existing password, and the switch moves between them', async ({ page }, testInfo) => {
  const errors = watchErrors(page);
  const second = `Second Provider ${testInfo.project.name}`;
  createOrganisation(second, LOGINS.recruiter);
  const mail = await mailTo(LOGINS.recruiter, (m) => m.body.includes('/invite/') && m.subject.includes(second));
  const link = mail.body.split(/\s+/).find((w) => w.includes('/invite/'));
  await page.goto(new URL(link).pathname);
  await expect(page.getByTestId('join-existing')).toContainText(second);
  await expect(page.locator('input[name="confirm"]')).toHaveCount(0);
  await page.screenshot({ path: testInfo.outputPath('join-with-existing-password.png') });
  await page.getByLabel('Password').fill('not the password');
  await page.getByRole('button', { name: 'Join' }).click();
  await expect(page.getByTestId('form-error')).toHaveText('Wrong email or password.');
  await page.getByLabel('Password').fill(PASSWORD);
  await page.getByRole('button', { name: 'Join' }).click();
  await expect(page).toHaveURL(/\/$/);
  await expect(page.getByTestId('org-switch')).toHaveText(second);
  await hydrated(page, testInfo);

  // Signing in again lands where they worked last; the switch takes them back.
  await page.getByRole('button', { name: 'Sign out' }).click({ force: true });
  await signIn(page, LOGINS.recruiter);
  await expect(page.getByTestId('org-switch')).toHaveText(second);
  await page.goto('/organisations');
  await expect(page.getByTestId('org-list').getByRole('button', { name: second })).toHaveCount(1);
  await page.getByRole('button', { name: 'Hanbit Staffing' }).click();
  await expect(page).toHaveURL(/\/$/);
  await expect(page.getByTestId('org-switch')).toHaveText('Hanbit Staffing');
  await hydrated(page, testInfo);
  expect(errors).toEqual([]);
});

for (const [locale, title] of [['ko-KR', '조직 전환'], ['ru-RU', 'Сменить организацию']]) {
  test.describe(`on a phone in ${locale}`, () => {
    test.use({ locale, viewport: { width: 390, height: 844 } });
    test(`the organisation switch reads in the person's language and fits (${locale})`, async ({ page }, testInfo) => {
      // The sign-in page is in the browser's language: the form by its field names.
      await page.goto('/login');
      await page.locator('input[name="email"]').fill(LOGINS.recruiter);
      await page.locator('input[name="password"]').fill(PASSWORD);
      await page.locator('form[action="/login"] button[type="submit"]').click();
      await expect(page).toHaveURL(/\/$/);
      await page.goto('/organisations');
      await expect(page.getByRole('heading', { level: 1 })).toHaveText(title);
      await hydrated(page, testInfo);
      const width = await page.evaluate(() => document.documentElement.scrollWidth);
      expect(width).toBeLessThanOrEqual(390);
      await page.screenshot({ path: testInfo.outputPath(`organisations-${locale}.png`), fullPage: true });
    });
  });
}
