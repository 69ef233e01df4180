// The admin screens and the invitation flow (these need JavaScript: tagged @js).
import { test, expect } from '@playwright/test';
import { LOGINS, signIn, watchErrors, hydrated, mailTo } from '../support/helpers.mjs';

test('people search finds Cyrillic and Hangul names and pages through results', async ({ page }) => {
  await signIn(page, LOGINS.hr_manager);
  await page.goto('/people');
  await expect(page.getByTestId('people-total')).toHaveText(/^[\d,]+ people$/);
  await page.getByRole('searchbox').fill('иванов');
  await page.getByRole('button', { name: 'Search' }).click();
  const rows = page.getByTestId('people-table').locator('tbody tr');
  await expect(rows.first()).toContainText('Иванов');
  await page.goto('/people?q=%EA%B9%80');
  await expect(rows.first()).toContainText('김');
  await page.goto('/people');
  await page.getByRole('link', { name: 'Next' }).click();
  await expect(page.getByText(/Page 2 of \d+/)).toBeVisible();
});

test('an admin invites a person who accepts the emailed link and signs in @js', async ({ page, browser }, testInfo) => {
  const errors = watchErrors(page);
  await signIn(page, LOGINS.admin);
  await page.goto('/people/new');
  await hydrated(page, testInfo);
  const email = `invitee${Date.now()}@example.com`;
  await page.getByLabel('Email').fill(email);
  await page.getByLabel('Family name').fill('Сидорова');
  await page.getByLabel('Given name').fill('Анна');
  await page.getByLabel('Contractor').check();
  await page.getByRole('button', { name: 'Send invitation' }).click();
  await expect(page).toHaveURL(/\/people\/\d+$/);
  await expect(page.getByTestId('person-status')).toHaveText('Invited');

  const mail = await mailTo(email);
  const link = mail.body.match(/http:\/\/\S+\/invite\/\S+/)[0];
  const context = await browser.newContext();
  const invitee = await context.newPage();
  await invitee.goto(link);
  await invitee.getByLabel('New password').fill('my own secret pw');
  await invitee.getByLabel('Repeat the password').fill('my own secret pw');
  await invitee.getByRole('button', { name: 'Set password' }).click();
  await expect(invitee.getByTestId('welcome')).toContainText('Анна Сидорова');
  // The link works once: opened again, it says so and asks for nothing.
  await invitee.goto(link);
  await expect(invitee.getByTestId('form-error')).toHaveText('This link is invalid, expired or already used.');
  await expect(invitee.getByLabel('New password')).toHaveCount(0);
  await context.close();
  expect(errors).toEqual([]);
});

test('an edit keeps what was typed when someone else saved first @js', async ({ page, browser }, testInfo) => {
  await signIn(page, LOGINS.admin);
  await page.goto('/people?q=person0005');
  await page.getByTestId('people-table').locator('tbody tr a').first().click();
  await hydrated(page, testInfo);
  // A second admin session saves the same person first.
  const other = await browser.newContext();
  const otherPage = await other.newPage();
  await signIn(otherPage, LOGINS.hr_manager);
  await otherPage.goto(page.url());
  await hydrated(otherPage, testInfo);
  await otherPage.getByLabel('Position').fill('Forklift driver');
  await otherPage.getByRole('button', { name: 'Save' }).click();
  await expect(otherPage.getByText('Saved.')).toBeVisible();
  await other.close();

  await page.getByLabel('Position').fill('Warehouse lead');
  await page.getByRole('button', { name: 'Save' }).click();
  await expect(page.getByRole('alert')).toContainText('Someone else changed this record');
  await expect(page.getByLabel('Position')).toHaveValue('Warehouse lead');
});

test('deactivating a person ends their open session @js', async ({ page, browser }, testInfo) => {
  const victim = await browser.newContext();
  const victimPage = await victim.newPage();
  await signIn(victimPage, LOGINS.recruiter);
  await expect(victimPage.getByTestId('welcome')).toBeVisible();

  await signIn(page, LOGINS.admin);
  await page.goto('/people?q=recruiter%40demo');
  await page.getByTestId('people-table').locator('tbody tr a').first().click();
  await hydrated(page, testInfo);
  await page.getByRole('button', { name: 'Deactivate' }).click();
  await expect(page.getByTestId('person-status')).toHaveText('Deactivated');

  await victimPage.goto('/profile');
  await expect(victimPage).toHaveURL(/\/login(\?next=.*)?$/);
  await victim.close();
  // Put things back for other tests.
  await page.getByRole('button', { name: 'Reactivate' }).click();
  await expect(page.getByTestId('person-status')).toHaveText('Active');
});

test('HR places a contractor at a client site and the list shows it @js', async ({ page }, testInfo) => {
  const errors = watchErrors(page);
  await signIn(page, LOGINS.hr_manager);
  await page.goto('/placements');
  await hydrated(page, testInfo);
  await page.getByText('New placement').click();
  const form = page.getByTestId('new-placement');
  await form.getByLabel('Search').fill('person0001');
  await expect(form.getByLabel('Contractor').locator('option')).toHaveCount(2);
  await form.getByLabel('Contractor').selectOption({ index: 1 });
  await form.getByLabel('Client department or site').selectOption({ label: 'Volga Assembly LLC — Склад Казань' });
  await form.getByLabel('Legal entity').selectOption({ index: 1 });
  await form.getByLabel('Starts on').fill('2027-03-01');
  await form.getByLabel('Hourly rate').fill('abc');
  await form.getByRole('button', { name: 'Add' }).click();
  await expect(form.locator('.field-error')).toHaveText('Enter a rate such as 12500 or 12500.50.');
  await expect(form.getByLabel('Starts on')).toHaveValue('2027-03-01');
  await form.getByLabel('Hourly rate').fill('700,50');
  await form.getByLabel('Currency').fill('RUB');
  await form.getByRole('button', { name: 'Add' }).click();
  await expect(form.getByRole('status')).toHaveText('Created.');
  await expect(page.getByTestId('placements-table')).toContainText('700.50 RUB');
  expect(errors).toEqual([]);
});
