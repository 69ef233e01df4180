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
