// Only meaningful with JavaScript off: the server-rendered forms work on their own.
import { test, expect } from '@playwright/test';
import { LOGINS, signIn } from '../support/helpers.mjs';

test('sign-in posts and redirects without JavaScript', async ({ page }, testInfo) => {
  test.skip(testInfo.project.name !== 'no-js', 'no-js project only');
  await signIn(page, LOGINS.client_manager);
  await expect(page.getByTestId('welcome')).toContainText('Daniel Lee');
  await page.goto('/placements');
  await expect(page.getByTestId('placements-table').locator('tbody tr').first()).toContainText('Seoul Logistics Co.');
  await expect(page.locator('html[data-hydrated]')).toHaveCount(0);
});

test('the hours summary drills down and exports without JavaScript', async ({ page }, testInfo) => {
  test.skip(testInfo.project.name !== 'no-js', 'no-js project only');
  // The demo data approves last month for every placement.
  const d = new Date();
  const last = new Date(d.getFullYear(), d.getMonth() - 1, 1);
  const month = `${last.getFullYear()}-${String(last.getMonth() + 1).padStart(2, '0')}`;
  await signIn(page, LOGINS.hr_manager);
  await page.goto(`/summary?month=${month}`);
  const lines = page.getByTestId('summary-line');
  await expect(lines.filter({ hasText: 'Volga Assembly LLC' })).toHaveCount(1);
  await lines.filter({ hasText: 'Seoul Logistics Co.' }).getByRole('link').click();
  await expect(lines.first()).toContainText(/Incheon Hub|Pyeongtaek Warehouse/);
  const csv = await page.request.get(await page.getByTestId('export-csv').getAttribute('href'));
  expect(csv.status()).toBe(200);
  const text = (await csv.body()).toString('utf8');
  expect(text.charCodeAt(0)).toBe(0xfeff);
  expect(text).toContain('Seoul Logistics Co.');
});
