// Times are read in the reader's zone, the same before and after hydration (the server with
// chrono-tz, the browser with its Intl data).
import { test, expect } from '@playwright/test';
import { LOGINS, signIn, watchErrors, hydrated } from '../support/helpers.mjs';

function seoulNow(offsetMinutes = 0) {
  const at = new Date(Date.now() - offsetMinutes * 60_000);
  return new Intl.DateTimeFormat('en-GB', { timeZone: 'Asia/Seoul', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' }).format(at);
}

test('a person reads times in their own zone, rendered alike by the server and the browser @js', async ({ page }, testInfo) => {
  const errors = watchErrors(page);
  await signIn(page, LOGINS.hr_manager);
  await page.goto('/profile');
  await hydrated(page, testInfo);
  const form = page.getByTestId('own-time-zone');
  await form.getByLabel('Time zone').fill('Asia/Seoul');
  await Promise.all([page.waitForEvent('load'), form.getByRole('button', { name: 'Save' }).click()]);
  await expect(page.getByTestId('own-time-zone').getByLabel('Time zone')).toHaveValue('Asia/Seoul');

  await page.goto('/import');
  await hydrated(page, testInfo);
  const file = 'Personnel number,Family name,Given name,Email\nTZ-1,Зонова,Ия,tz1@ru.example\n';
  await page.getByLabel('File (CSV or XLSX)').setInputFiles({ name: 'zone.csv', mimeType: 'text/csv', buffer: Buffer.from(file) });
  await page.getByTestId('import-dry-run').click();
  await expect(page.getByTestId('import-status')).toHaveText('Dry run');
  // Rendered in the browser after the run.
  const first = page.getByTestId('import-history').locator('tr').first().locator('td').first();
  await expect(first).toContainText(/\d{2}:\d{2}/);
  // The cell's first line: the date and the time (the starter's name follows).
  const inBrowser = (await first.innerText()).split('\n')[0];
  expect([seoulNow(), seoulNow(1)].some((hm) => inBrowser.includes(hm)), `${inBrowser} is Seoul's time`).toBe(true);
  // Rendered by the server.
  await page.reload();
  await hydrated(page, testInfo);
  await expect(page.getByTestId('import-history').locator('tr').first().locator('td').first()).toContainText(inBrowser);

  // Back to the organisation's zone.
  await page.goto('/profile');
  await hydrated(page, testInfo);
  await page.getByTestId('own-time-zone').getByLabel('Time zone').fill('');
  await Promise.all([page.waitForEvent('load'), page.getByTestId('own-time-zone').getByRole('button', { name: 'Save' }).click()]);
  await expect(page.getByTestId('own-time-zone').getByLabel('Time zone')).toHaveValue('UTC');
  expect(errors).toEqual([]);
});
