// An approver decides a vacation request from the link in its message, on a phone with
// JavaScript off; the used link decides nothing more.
import { test, expect } from '@playwright/test';
import { LOGINS, signIn, hydrated, mailTo, mailsSoFar } from '../support/helpers.mjs';

const decideLink = (body) => (body.match(/http:\/\/\S+\/decide\/\S+/) || [null])[0];

test('a manager approves a vacation from the emailed link on a phone without JavaScript; the used link does nothing @js', async ({ browser }, testInfo) => {
  const employee = await (await browser.newContext()).newPage();
  await signIn(employee, LOGINS.employee);
  await employee.goto('/requests');
  await hydrated(employee, testInfo);
  const note = `e2e-${Date.now()}`;
  // Other tests file requests too: wait for a message newer than these.
  const before = mailsSoFar();
  const form = employee.getByTestId('new-request');
  await form.locator('select[name="type"]').selectOption('vacation');
  await form.locator('input[name="dates_from"]').fill('2027-03-08');
  await form.locator('input[name="dates_to"]').fill('2027-03-09');
  await form.locator('[name="comment"]').fill(note);
  await form.getByRole('button', { name: 'Submit' }).click();
  await expect(form.getByRole('status')).toHaveText('Request submitted.');

  const mail = await mailTo(LOGINS.admin, (m) => decideLink(m.body), before);
  const link = decideLink(mail.body);
  const phone = await browser.newContext({ viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true, javaScriptEnabled: false });
  const page = await phone.newPage();
  await page.goto(link);
  await expect(page.getByText(note)).toBeVisible();
  await expect(page.locator('button[data-action="approve"]')).toBeInViewport();
  expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
  await page.locator('textarea[name="comment"]').fill('Have a good rest');
  await page.locator('button[data-action="approve"]').tap();
  await expect(page.getByTestId('link-done')).toBeVisible();
  await expect(page.getByTestId('request-status')).toContainText('Submitted');
  await expect(page.locator('button[data-action="approve"]')).toHaveCount(0);
  await page.goto(link);
  await expect(page.getByRole('alert')).toHaveText('This link is invalid, expired or already used.');
});
