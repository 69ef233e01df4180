// An administrator connects another system: makes an API token (its secret shown once), the
// token reads people through the REST API, revoking it stops it at once; a webhook address is
// subscribed and its signing secret shown once.
import { test, expect } from '@playwright/test';
import { LOGINS, signIn, hydrated, watchErrors } from '../support/helpers.mjs';

test('an administrator makes a token, uses it, revokes it, and subscribes a webhook @js', async ({ page, request }, testInfo) => {
  const errors = watchErrors(page);
  await signIn(page, LOGINS.admin);
  await page.goto('/integrations');
  await hydrated(page, testInfo);
  const mine = page.locator('section.tokens[data-kind="personal"]');
  const name = `Nightly sync ${testInfo.retry}`;
  await mine.getByLabel('Name').fill(name);
  await mine.getByRole('checkbox', { name: 'people:read' }).check();
  await mine.getByRole('button', { name: 'Make a token' }).click();
  const secret = await mine.locator('input.secret-value').inputValue();
  expect(secret).toMatch(/^sp_pat_/);
  const row = mine.locator('li.token', { hasText: name });
  await expect(row).toContainText('people:read');
  await expect(row).toContainText('Not used yet');

  const ok = await request.get('/api/v1/people?limit=2', { headers: { authorization: `Bearer ${secret}` } });
  expect(ok.status()).toBe(200);
  expect((await ok.json()).items).toHaveLength(2);
  await row.getByRole('button', { name: 'Revoke' }).click();
  await expect(row).toContainText('Revoked');
  const refused = await request.get('/api/v1/people', { headers: { authorization: `Bearer ${secret}`, 'accept-language': 'ru' } });
  expect(refused.status()).toBe(401);
  expect(refused.headers()['content-type']).toBe('application/problem+json');
  expect((await refused.json()).title).toContain('Токен API');

  const hooks = page.locator('section.webhooks');
  const form = hooks.locator('form.endpoint-form').last();
  await form.getByLabel('Address (https://)').fill('https://hooks.example.com/staffport');
  await form.getByLabel('Name').fill(`Payroll ${testInfo.retry}`);
  await form.getByRole('checkbox', { name: 'person.created' }).check();
  // Saved stopped: nothing is sent to an address outside the test machine.
  await form.getByLabel('Sending').uncheck();
  await form.getByRole('button', { name: 'Save' }).click();
  await expect(form.locator('input.secret-value')).toHaveValue(/^whsec_/);
  await expect(hooks.locator('article.endpoint', { hasText: `Payroll ${testInfo.retry}` })).toContainText('Stopped');
  expect(errors).toEqual([]);
});

test('the API reference is a page of its own, in the reader\'s language, with nothing from elsewhere', async ({ browser }) => {
  const page = await (await browser.newContext({ locale: 'ru-RU' })).newPage();
  const requests = [];
  page.on('request', (r) => requests.push(new URL(r.url()).host));
  await page.goto('/api/v1/reference');
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Справочник API');
  await expect(page.locator('#people_list')).toContainText('GET /api/v1/people');
  expect(new Set(requests).size).toBe(1);
});
