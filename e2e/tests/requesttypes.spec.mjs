// The request catalogue in the browser: an administrator defines a type with a file field and
// a step with two parallel approvers; a refused save keeps what was typed; an employee files it
// with an attachment, and the request page links the file.
import { test, expect } from '@playwright/test';
import { LOGINS, signIn, hydrated } from '../support/helpers.mjs';

test.describe.configure({ mode: 'serial', timeout: 90_000 });

// A PNG signature and header: all the upload check reads.
const PNG = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13, 0x49, 0x48, 0x44, 0x52]);

test('an administrator defines a request type and an employee files it with an attachment @js', async ({ browser }, testInfo) => {
  const admin = await (await browser.newContext()).newPage();
  await signIn(admin, LOGINS.admin);
  await admin.goto('/request-types');
  await hydrated(admin, testInfo);
  await admin.getByRole('button', { name: 'New request type' }).click();
  await admin.locator('input[name="code"]').fill('equipment');
  await admin.locator('input[name="name_en"]').fill('Equipment');
  await admin.locator('input[name="name_ko"]').fill('장비 신청');

  await admin.getByRole('button', { name: 'Add field' }).click();
  const item = admin.locator('.field-row[data-field="0"]');
  await item.locator('input[name="field0_key"]').fill('item');
  await item.locator('input[name="label_en"]').fill('Item');
  await item.locator('input[name="label_ko"]').fill('품목');
  await item.locator('input[name="label_ru"]').fill('Предмет');
  await item.locator('input[name="field0_required"]').check();
  await admin.getByRole('button', { name: 'Add field' }).click();
  const receipt = admin.locator('.field-row[data-field="1"]');
  await receipt.locator('input[name="field1_key"]').fill('receipt');
  await receipt.locator('select[name="field1_kind"]').selectOption('file');
  await receipt.locator('input[name="label_en"]').fill('Quote');
  await receipt.locator('input[name="label_ko"]').fill('견적서');
  await receipt.locator('input[name="label_ru"]').fill('Смета');
  await admin.getByRole('button', { name: 'Add a parallel approver' }).click();
  await expect(admin.locator('select[name="step0_slot1"]')).toHaveValue('role:hr_manager');

  // The Russian name is missing: refused, and nothing typed is lost.
  await admin.getByRole('button', { name: 'Save', exact: true }).click();
  await expect(admin.getByText('Write it in English, Korean and Russian.').first()).toBeVisible();
  await expect(admin.locator('input[name="field1_key"]')).toHaveValue('receipt');
  await admin.locator('input[name="name_ru"]').fill('Заявка на оборудование');
  await admin.getByRole('button', { name: 'Save', exact: true }).click();
  await expect(admin.getByRole('status')).toHaveText('Saved.');
  await expect(admin.getByRole('button', { name: 'Equipment' })).toBeVisible();

  const employee = await (await browser.newContext()).newPage();
  await signIn(employee, LOGINS.employee);
  await employee.goto('/requests');
  await hydrated(employee, testInfo);
  await employee.getByLabel('Request type').selectOption('equipment');
  await employee.locator('input[name="item"]').fill('Monitor 27"');
  await employee.locator('input[name="receipt"]').setInputFiles({ name: 'invoice.exe', mimeType: 'application/pdf', buffer: Buffer.from('MZ') });
  await expect(employee.locator('.upload .field-error')).toHaveText('Attach a PDF, JPEG or PNG file.');
  await employee.locator('input[name="receipt"]').setInputFiles({ name: '견적서.png', mimeType: 'image/png', buffer: PNG });
  await expect(employee.locator('.uploaded')).toHaveText('견적서.png');
  await employee.getByRole('button', { name: 'Submit' }).click();
  await expect(employee.getByRole('status')).toHaveText('Request submitted.');

  await employee.getByTestId('request-row').filter({ hasText: 'Equipment' }).getByRole('link').first().click();
  await hydrated(employee, testInfo);
  const link = employee.getByRole('link', { name: '견적서.png' });
  await expect(link).toBeVisible();
  const file = await employee.request.get(await link.getAttribute('href'));
  expect(file.status()).toBe(200);
  expect(file.headers()['content-type']).toBe('image/png');
});
