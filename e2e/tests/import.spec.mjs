// Importing people from a payroll export in the admin screen (needs JavaScript: tagged @js).
import { test, expect } from '@playwright/test';
import { readFileSync } from 'node:fs';
import { LOGINS, signIn, watchErrors, hydrated, mailTo } from '../support/helpers.mjs';

const FIXTURES = new URL('../../server/tests/fixtures/import/', import.meta.url);

/** A generated template file of `n` people: large enough that applying it takes a while. */
function bulk(n) {
  const lines = ['Personnel number,Family name,Given name,Email,Department,Legal entity,Hire date'];
  for (let i = 0; i < n; i++) {
    lines.push(`E2E-${String(i).padStart(5, '0')},Тестова${i},Анна,e2e${i}@bulk.example,Отдел кадров,ООО «Ханбит Стаффинг Рус»,2024-02-01`);
  }
  return Buffer.from(lines.join('\n'));
}

async function dryRun(page, file) {
  await page.getByLabel('File (CSV or XLSX)').setInputFiles(file);
  await page.getByTestId('import-dry-run').click();
  await expect(page.getByTestId('import-status')).toHaveText('Dry run');
}

test('HR checks a 1C export, reads the report, applies it and sees the progress @js', async ({ page }, testInfo) => {
  const errors = watchErrors(page);
  await signIn(page, LOGINS.hr_manager);
  await page.goto('/people');
  await page.getByTestId('people-import').click();
  await expect(page).toHaveURL(/\/import$/);
  await hydrated(page, testInfo);

  await page.getByLabel('Source').selectOption('1c_zup');
  await dryRun(page, {
    name: 'onec_employees_cp1251.csv',
    mimeType: 'text/csv',
    buffer: readFileSync(new URL('onec_employees_cp1251.csv', FIXTURES)),
  });
  await expect(page.getByTestId('import-count-create')).toContainText('4');
  await expect(page.getByTestId('import-count-error')).toContainText('7');
  const rows = page.getByTestId('import-rows').locator('tbody tr');
  // Line 9: an impossible date, named by the file's own column, in the reader's language.
  await expect(rows.filter({ hasText: 'Р-0004' })).toContainText('Дата приема: Not a possible date.');
  // Markup in a name is text.
  await expect(rows.filter({ hasText: 'Р-0005' })).toContainText('<b>Жуков</b>');
  await page.getByTestId('import-count-error').click();
  await expect(rows).toHaveCount(7);
  await expect(page.getByRole('link', { name: 'Download the report' })).toHaveAttribute('href', /\/exports\/import\/\d+\/report\.csv/);

  await page.getByTestId('import-apply').click();
  await expect(page.getByTestId('import-status')).toHaveText('Applied');
  await expect(page.getByTestId('import-count-create')).toContainText('4');

  // A large file shows its progress while it applies.
  await dryRun(page, { name: 'bulk.csv', mimeType: 'text/csv', buffer: bulk(6000) });
  await expect(page.getByTestId('import-count-create')).toContainText('6,000');
  await page.getByTestId('import-apply').click();
  await expect(page.getByTestId('import-progress')).toBeVisible();
  await expect(page.getByTestId('import-status')).toHaveText('Applied', { timeout: 60_000 });
  await expect(page.getByTestId('import-history').locator('tr').first()).toContainText('bulk.csv');

  // The same file again: nothing to change, and it says so.
  await dryRun(page, { name: 'bulk.csv', mimeType: 'text/csv', buffer: bulk(6000) });
  await expect(page.getByTestId('import-noop')).toBeVisible();
  await expect(page.getByTestId('import-apply')).toHaveCount(0);
  expect(errors).toEqual([]);
});

test('contractors come with their placements, client companies and sites @js', async ({ page }, testInfo) => {
  const errors = watchErrors(page);
  await signIn(page, LOGINS.hr_manager);
  await page.goto('/import');
  await hydrated(page, testInfo);
  await page.getByLabel('Source').selectOption('1c_zup');
  await dryRun(page, {
    name: 'onec_placements_cp1251.csv',
    mimeType: 'text/csv',
    buffer: readFileSync(new URL('onec_placements_cp1251.csv', FIXTURES)),
  });
  await expect(page.getByTestId('import-count-create')).toContainText('3');
  const structure = page.getByTestId('import-structure');
  await expect(structure).toHaveText([
    'New departments: 1',
    'New legal entities, client companies and sites: 3',
    'New placements: 3',
  ]);
  const rows = page.getByTestId('import-rows').locator('tbody tr');
  await expect(rows.filter({ hasText: 'П-004' })).toContainText('Вид занятости: A placement is for a contractor; this row is an employee.');
  await page.getByTestId('import-apply').click();
  await expect(page.getByTestId('import-status')).toHaveText('Applied');
  await page.goto('/placements');
  await expect(page.getByTestId('placements-table')).toContainText('Объект Самара');
  expect(errors).toEqual([]);
});

test('a contractor without email is invited by SMS and signs in with the phone number @js', async ({ page, browser }, testInfo) => {
  const errors = watchErrors(page);
  await signIn(page, LOGINS.hr_manager);
  await page.goto('/import');
  await hydrated(page, testInfo);
  const file = 'Табельный номер;Фамилия;Имя;Телефон;Юрлицо;Вид занятости\n'
    + 'SMS-1;Смсова;Дарья;8 (912) 765-43-21;ООО «Ханбит Стаффинг Рус»;Подрядчик\n';
  await page.getByLabel('By SMS; by email to those without a phone').check();
  await dryRun(page, { name: 'phones.csv', mimeType: 'text/csv', buffer: Buffer.from(file) });
  await expect(page.getByTestId('import-count-create')).toContainText('1');
  await page.getByTestId('import-apply').click();
  await expect(page.getByTestId('import-status')).toHaveText('Applied');

  // The gateway listener got the SMS with the link.
  const sms = await mailTo('+79127654321');
  const link = sms.body.match(/http:\/\/\S+\/invite\/\S+/)[0];
  const context = await browser.newContext();
  const invitee = await context.newPage();
  await invitee.goto(link);
  await invitee.getByLabel('New password').fill('phone person pw');
  await invitee.getByLabel('Repeat the password').fill('phone person pw');
  await invitee.getByRole('button', { name: 'Set password' }).click();
  await expect(invitee.getByTestId('welcome')).toContainText('Дарья');
  await context.close();

  // Later, on another phone: the number as she types it.
  const later = await browser.newContext();
  const phone = await later.newPage();
  await phone.goto('/login');
  await phone.getByLabel('Email or mobile number').fill('8 912 765-43-21');
  await phone.getByLabel('Password').fill('phone person pw');
  await phone.getByRole('button', { name: 'Sign in', exact: true }).click();
  await expect(phone.getByTestId('welcome')).toContainText('Дарья');
  await later.close();
  expect(errors).toEqual([]);
});
