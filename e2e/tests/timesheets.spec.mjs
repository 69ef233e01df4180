// Timesheets in the browser: the whole two-level approval cycle with a return, the summary and
// its Excel export, and a client manager approving from an emailed link on a phone.
import { test, expect } from '@playwright/test';
import { readFileSync } from 'node:fs';
import XLSX from 'xlsx';
import { LOGINS, signIn, watchErrors, hydrated, mailTo, mailsSoFar, pageWeight, switchLocale, forgetLocale } from '../support/helpers.mjs';

const now = new Date();
const MONTH = `${now.getFullYear()}-${String(now.getMonth() + 1).padStart(2, '0')}`;

/** Types into grid cell (row, day index) and leaves it with Enter, as a person would. */
async function typeCell(page, row, day, text) {
  const cell = page.locator(`#cell-${row}-${day}`);
  await cell.click();
  await cell.fill(text);
  await cell.press('Enter');
}

async function allSaved(page) {
  await expect(page.getByTestId('save-state')).toHaveText('All changes saved.', { timeout: 15_000 });
}

test.describe.configure({ mode: 'serial', timeout: 120_000 });

test('contractor submits, client returns, contractor fixes, client and provider approve; summary and Excel agree @js', async ({ browser }, testInfo) => {
  const contractorCtx = await browser.newContext();
  const contractor = await contractorCtx.newPage();
  const errors = watchErrors(contractor);
  await signIn(contractor, LOGINS.contractor);
  await contractor.goto(`/timesheets?month=${MONTH}`);
  await hydrated(contractor, testInfo);

  // Keyboard entry: Enter moves to the next day; an arrow key moves back.
  await contractor.locator('#cell-0-1').click();
  await contractor.keyboard.type('8');
  await contractor.keyboard.press('Enter');
  await expect(contractor.locator('#cell-0-2')).toBeFocused();
  await contractor.keyboard.type('8');
  await contractor.keyboard.press('Enter');
  await contractor.keyboard.type('6');
  await contractor.keyboard.press('Enter');
  await contractor.keyboard.type('2 OT');
  await contractor.keyboard.press('ArrowLeft');
  await contractor.keyboard.press('ArrowLeft');
  await contractor.keyboard.press('ArrowLeft');
  await contractor.keyboard.press('ArrowLeft');
  await contractor.keyboard.press('ArrowLeft');
  await expect(contractor.locator('#cell-0-3')).toBeFocused();
  // A bad value is refused as you type, with the rule's message, and never sent.
  await contractor.keyboard.type('25');
  await expect(contractor.locator('#cell-0-3')).toHaveAttribute('aria-invalid', 'true');
  await expect(contractor.locator('.note-panel .field-error')).toHaveText('A day has at most 24 hours.');
  await contractor.locator('#cell-0-3').fill('6');
  await expect(contractor.locator('#cell-0-3')).toHaveAttribute('aria-invalid', 'false');
  await allSaved(contractor);
  await expect(contractor.getByTestId('row-total')).toHaveText('24');

  // Saved on the server: a reload shows the same hours.
  await contractor.reload();
  await hydrated(contractor, testInfo);
  await expect(contractor.locator('#cell-0-1')).toHaveValue('8');
  await expect(contractor.locator('#cell-0-4')).toHaveValue('2 OT');
  await contractor.getByTestId('submit-period').click();
  await expect(contractor.getByTestId('period-status')).toContainText('Submitted');

  // The client manager returns it with a comment on day 4.
  const clientCtx = await browser.newContext();
  const client = await clientCtx.newPage();
  await signIn(client, LOGINS.client_manager);
  await client.goto('/approvals');
  await hydrated(client, testInfo);
  await expect(client.getByTestId('waiting-count')).not.toHaveCount(0);
  const waiting = Number(await client.getByTestId('waiting-count').textContent());
  await client.getByTestId('queue-row').filter({ hasText: '박상우' }).getByRole('link').first().click();
  await expect(client).toHaveURL(/\/timesheets\/\d+$/);
  const sheetUrl = client.url();
  await client.getByLabel('Comment').fill('Day 4 was a full day');
  await client.getByLabel('About').selectOption({ index: 4 });
  await client.locator('button[data-action="return"]').click();
  await expect(client.getByTestId('timesheet-status')).toHaveText('Returned');
  // The Approvals badge counts again at once: one fewer waits.
  if (waiting > 1) await expect(client.getByTestId('waiting-count')).toHaveText(String(waiting - 1));
  else await expect(client.getByTestId('waiting-count')).toHaveCount(0);
  await expect(client.getByTestId('history')).toContainText('Day 4 was a full day');
  // When, to the minute (and in which zone), not only the day.
  await expect(client.getByTestId('history')).toContainText(/, \d{2}:\d{2}/);

  // The contractor sees why, fixes the day and submits again.
  await contractor.reload();
  await hydrated(contractor, testInfo);
  await expect(contractor.getByTestId('returned')).toContainText('Day 4 was a full day');
  await typeCell(contractor, 0, 3, '8');
  await allSaved(contractor);
  await contractor.getByTestId('submit-period').click();
  await expect(contractor.getByTestId('period-status')).toContainText('Submitted');

  // Client approves, then the provider.
  await client.goto(sheetUrl);
  await hydrated(client, testInfo);
  await client.locator('button[data-action="approve"]').click();
  await expect(client.getByTestId('timesheet-status')).toContainText('Provider approval');
  const hrCtx = await browser.newContext();
  const hr = await hrCtx.newPage();
  await signIn(hr, LOGINS.hr_manager);
  await hr.goto(sheetUrl);
  await hydrated(hr, testInfo);
  await hr.locator('button[data-action="approve"]').click();
  await expect(hr.getByTestId('timesheet-status')).toHaveText('Approved');
  await expect(hr.getByTestId('timesheet-totals')).toContainText('Total: 26');

  // Locked for the contractor.
  await contractor.reload();
  await hydrated(contractor, testInfo);
  await expect(contractor.getByTestId('period-status')).toContainText('Approved');
  await expect(contractor.locator('#cell-0-1')).toHaveAttribute('readonly', '');
  await expect(contractor.getByTestId('submit-period')).toHaveCount(0);

  // The summary shows the approved hours; the Excel export has the same.
  await hr.goto(`/summary?month=${MONTH}`);
  await hydrated(hr, testInfo);
  const total = hr.getByTestId('summary-total');
  await expect(total).toContainText('24');
  await expect(total).toContainText('2');
  await hr.getByTestId('summary-line').filter({ hasText: 'Seoul Logistics Co.' }).getByRole('link').click();
  await expect(hr.getByTestId('summary-line').first()).toContainText('Incheon Hub');
  const [download] = await Promise.all([hr.waitForEvent('download'), hr.getByTestId('export-xlsx').click()]);
  const book = XLSX.read(readFileSync(await download.path()));
  const rows = XLSX.utils.sheet_to_json(book.Sheets[book.SheetNames[0]], { header: 1 });
  const mine = rows.find((r) => r.includes('박상우'));
  expect(mine, JSON.stringify(rows)).toBeTruthy();
  expect(rows[0][7]).toBe('Work (W)');
  expect(mine[7]).toBe(24);
  expect(mine[8]).toBe(2);
  expect(mine[1]).toBe('Incheon Hub');
  expect(errors).toEqual([]);
});

test('a client manager approves from the emailed link on a phone; the used link approves nothing @js', async ({ browser }, testInfo) => {
  const foremanCtx = await browser.newContext();
  const foreman = await foremanCtx.newPage();
  const foremanErrors = watchErrors(foreman);
  await signIn(foreman, LOGINS.foreman);
  await foreman.goto(`/timesheets/crew?month=${MONTH}`);
  await hydrated(foreman, testInfo).catch((e) => { throw new Error(`${e.message}\n${foremanErrors.join('\n')}`); });
  // Paste a spreadsheet row into the second crew member's first days.
  await foreman.locator('#cell-1-0').click();
  await foreman.evaluate(() => {
    const data = new DataTransfer();
    data.setData('text/plain', '8\t8\t7.5\n');
    document.activeElement.dispatchEvent(new ClipboardEvent('paste', { clipboardData: data, bubbles: true, cancelable: true }));
  });
  await expect(foreman.locator('#cell-1-2')).toHaveValue('7.5');
  await allSaved(foreman);
  const seen = mailsSoFar();
  await foreman.getByTestId('submit-period').first().click();
  await expect(foreman.getByTestId('period-status').nth(1)).toContainText('Submitted');

  const name = await foreman.getByTestId('grid-row').nth(1).locator('.row-label span').textContent();
  const mail = await mailTo(LOGINS.client_manager, (m) => m.body.includes(name), seen);
  const link = mail.body.match(/http:\/\/\S+\/approve\/\S+/)[0];
  const phone = await browser.newContext({ viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true });
  const page = await phone.newPage();
  const errors = watchErrors(page);
  await page.goto(link);
  await hydrated(page, testInfo);
  await expect(page.getByTestId('timesheet-totals')).toContainText('Total: 23.5');
  // A phone on a site's network gets the page in one round trip: HTML and CSS, no bundle.
  const weight = await pageWeight(page);
  expect(weight.bundle).toEqual([]);
  expect(weight.kb).toBeLessThanOrEqual(30);
  const approve = page.locator('button[data-action="approve"]');
  // The decision bar stays in reach below the day rows, with the total.
  await expect(approve).toBeInViewport();
  await expect(page.getByTestId('decision')).toContainText('Total: 23.5');
  const box = await approve.boundingBox();
  expect(box.width).toBeLessThanOrEqual(390);
  await approve.tap();
  await expect(page.getByTestId('link-done')).toBeVisible();
  // The page shows where the timesheet went, not where it was.
  await expect(page.getByTestId('timesheet-status')).toHaveText('Submitted · Waiting for: Provider approval');
  await expect(page.getByTestId('history')).toContainText('Approve · Daniel Lee');

  // Used: the page says so and offers nothing; calling it directly approves nothing.
  await page.reload();
  await hydrated(page, testInfo);
  await expect(page.getByRole('alert')).toHaveText('This link is invalid, expired or already used.');
  await expect(page.locator('button[data-action="approve"]')).toHaveCount(0);
  const token = link.split('/approve/')[1];
  const res = await page.request.post('/api/approval_link/decide', {
    data: { token, decision: { timesheet_id: 1, version: 1, action: 'approve', comment: '', day: null } },
  });
  expect(res.status()).toBe(410);
  expect(errors.filter((e) => !/status of 410/.test(e))).toEqual([]);
});

test('hours typed without a connection are kept on the device and saved after a reload @js', async ({ browser }, testInfo) => {
  const next = new Date(now.getFullYear(), now.getMonth() + 1, 1);
  const month = `${next.getFullYear()}-${String(next.getMonth() + 1).padStart(2, '0')}`;
  const ctx = await browser.newContext();
  const page = await ctx.newPage();
  await signIn(page, LOGINS.contractor);
  await page.goto(`/timesheets?month=${month}`);
  await hydrated(page, testInfo);
  await ctx.setOffline(true);
  await page.locator('#cell-0-9').fill('7.5');
  await expect(page.getByTestId('save-state')).toHaveText(/^Not saved yet/, { timeout: 15_000 });
  await ctx.setOffline(false);
  await page.reload();
  await hydrated(page, testInfo);
  await expect(page.locator('#cell-0-9')).toHaveValue('7.5');
  await allSaved(page);
  // Overtime rules are flagged as you type (allowed, but worth a look).
  await page.locator('#cell-0-10').fill('10');
  await expect(page.getByTestId('cell-warning')).toHaveText(/More than 8 hours of regular work/);
  await allSaved(page);

  // The server has it: a browser without that local copy shows it too.
  const fresh = await (await browser.newContext()).newPage();
  await signIn(fresh, LOGINS.contractor);
  await fresh.goto(`/timesheets?month=${month}`);
  await expect(fresh.locator('#cell-0-9')).toHaveValue('7.5');
});

/** Whether the grid's first cells are laid out as a list of days (each below the last). */
async function listOfDays(page) {
  const [a, b] = [await page.locator('#cell-0-0').boundingBox(), await page.locator('#cell-0-1').boundingBox()];
  return b.y >= a.y + a.height - 1 && Math.abs(b.x - a.x) < 2;
}

test('on a phone the grid is a list of days with today in view; the totals and Submit stay in reach @js', async ({ browser }, testInfo) => {
  const phone = await browser.newContext({ viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true });
  const page = await phone.newPage();
  await signIn(page, LOGINS.contractor);
  await page.goto('/timesheets');
  await hydrated(page, testInfo);
  expect(await listOfDays(page)).toBe(true);
  await expect(page.locator('td.today input')).toBeInViewport();
  // Cells save as they are typed: no Save button once the page is live.
  await expect(page.getByTestId('save-hours')).toBeHidden();
  await expect(page.locator('td.today .day-label')).toBeVisible();

  const later = new Date(now.getFullYear(), now.getMonth() + 2, 1);
  const month = `${later.getFullYear()}-${String(later.getMonth() + 1).padStart(2, '0')}`;
  await page.goto(`/timesheets?month=${month}`);
  await hydrated(page, testInfo);
  // Against the phone's width, not innerWidth (a phone zooms out to fit a page that overflows).
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - 390);
  expect(overflow).toBeLessThanOrEqual(0);
  expect(await listOfDays(page)).toBe(true);
  const cell = page.locator('#cell-0-20');
  await cell.scrollIntoViewIfNeeded();
  await cell.tap();
  await page.keyboard.type('8');
  // The day's note is at hand while its hours are.
  await expect(page.getByTestId('note')).toBeInViewport();
  await page.getByTestId('note').fill('Site B');
  await allSaved(page);
  await expect(page.locator('#cell-0-20').locator('xpath=..').locator('.day-note')).toHaveText('Site B');
  await expect(page.getByTestId('row-total')).toHaveText('8');
  await expect(page.getByTestId('period-total').filter({ hasText: '8' })).toBeInViewport();
  await expect(page.getByTestId('submit-period').first()).toBeInViewport();
  await page.locator('#cell-0-0').scrollIntoViewIfNeeded();
  await expect(page.getByTestId('submit-period').first()).toBeInViewport();
  await expect(cell).not.toBeInViewport();
});

test('with JavaScript off the contractor saves and submits hours on a phone; a refused day keeps every typed value and says why @js', async ({ browser }) => {
  const m = new Date(now.getFullYear(), now.getMonth() + 6, 1);
  const month = `${m.getFullYear()}-${String(m.getMonth() + 1).padStart(2, '0')}`;
  const phone = await browser.newContext({ viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true, javaScriptEnabled: false });
  const page = await phone.newPage();
  await signIn(page, LOGINS.contractor);
  await page.goto(`/timesheets?month=${month}`);
  expect(await listOfDays(page)).toBe(true);
  await page.locator('#cell-0-1').fill('8');
  await page.locator('#cell-0-2').fill('88');
  await page.getByTestId('save-hours').tap();
  // The reason is in reach at the bottom of the screen, beside Save.
  await expect(page.getByRole('alert')).toHaveText('A day has at most 24 hours.');
  await expect(page.getByRole('alert')).toBeInViewport();
  await expect(page.locator('#cell-0-2')).toHaveAttribute('aria-invalid', 'true');
  await expect(page.locator('#cell-0-1')).toHaveValue('8');
  await expect(page.locator('#cell-0-2')).toHaveValue('88');
  // Enter in a cell saves, as the form's first button.
  await page.locator('#cell-0-2').fill('7.5');
  await page.locator('#cell-0-2').press('Enter');
  await expect(page.getByTestId('save-state')).toHaveText('All changes saved.');
  await expect(page.locator('#cell-0-1')).toHaveValue('8');
  await expect(page.locator('#cell-0-2')).toHaveValue('7.5');
  await expect(page.getByTestId('period-total').first()).toHaveText('Total: 15.5');
  const submit = page.getByTestId('submit-period').first();
  await expect(submit).toBeInViewport();
  // Typed and submitted in one press: the new hours are saved first.
  await page.locator('#cell-0-3').fill('4');
  await submit.tap();
  await expect(page.getByTestId('period-status').first()).toContainText('Submitted');
  await expect(page.getByTestId('period-total').first()).toHaveText('Total: 19.5');
  await expect(page.locator('#cell-0-3')).toHaveAttribute('readonly', '');
});

/** The contractor's grid for the month `ahead` months from now, in a fresh browser. */
async function contractorGrid(browser, testInfo, ahead, contextOptions = {}) {
  const m = new Date(now.getFullYear(), now.getMonth() + ahead, 1);
  const month = `${m.getFullYear()}-${String(m.getMonth() + 1).padStart(2, '0')}`;
  const ctx = await browser.newContext(contextOptions);
  const page = await ctx.newPage();
  await signIn(page, LOGINS.contractor);
  await page.goto(`/timesheets?month=${month}`);
  await hydrated(page, testInfo);
  return { ctx, page, month };
}

test('typing into a filled cell replaces it; refused or unsaved hours hold Submit back and say which day, also after a reload @js', async ({ browser }, testInfo) => {
  const { page } = await contractorGrid(browser, testInfo, 3);
  await typeCell(page, 0, 2, '8');
  await allSaved(page);
  // Clicking into the filled cell and typing replaces its value, as in a spreadsheet.
  await page.locator('#cell-0-2').click();
  await page.keyboard.type('7');
  await expect(page.locator('#cell-0-2')).toHaveValue('7');
  await allSaved(page);
  await expect(page.getByTestId('submit-period').first()).toBeEnabled();
  // 88 is refused: kept on the device, shown red, and Submit waits, naming the day.
  await page.locator('#cell-0-3').click();
  await page.locator('#cell-0-2').click();
  await page.keyboard.type('88');
  await expect(page.locator('#cell-0-2')).toHaveAttribute('aria-invalid', 'true');
  const day = await page.locator('#cell-0-2').getAttribute('aria-label');
  await expect(page.getByTestId('submit-period').first()).toBeDisabled();
  await expect(page.getByTestId('submit-blocked').first()).toContainText('Correct the hours marked in red');
  await expect(page.getByTestId('submit-blocked').first()).toContainText(day.replace(/ Hours$/, ''));
  await page.reload();
  await hydrated(page, testInfo);
  await expect(page.locator('#cell-0-2')).toHaveValue('88');
  await expect(page.locator('#cell-0-2')).toHaveAttribute('aria-invalid', 'true');
  await expect(page.getByTestId('submit-period').first()).toBeDisabled();
  await expect(page.getByTestId('submit-blocked').first()).toContainText('Correct the hours marked in red');
  await page.locator('#cell-0-2').click();
  await page.keyboard.type('8');
  await allSaved(page);
  await expect(page.getByTestId('submit-period').first()).toBeEnabled();
  await expect(page.getByTestId('submit-blocked')).toHaveCount(0);
});

test('hours typed before the page is interactive are kept and saved @js', async ({ browser }, testInfo) => {
  const m = new Date(now.getFullYear(), now.getMonth() + 4, 1);
  const month = `${m.getFullYear()}-${String(m.getMonth() + 1).padStart(2, '0')}`;
  const page = await (await browser.newContext()).newPage();
  await signIn(page, LOGINS.contractor);
  await hydrated(page, testInfo);
  // A slow phone: the bundle arrives only after the person has typed.
  let release;
  const gate = new Promise((r) => { release = r; });
  await page.route('**/pkg/**/staffport_bg.wasm', async (route) => { await gate; await route.continue(); });
  await page.goto(`/timesheets?month=${month}`, { waitUntil: 'domcontentloaded' });
  await page.locator('#cell-0-6').click();
  await page.keyboard.type('6.5');
  release();
  await hydrated(page, testInfo);
  await expect(page.locator('#cell-0-6')).toHaveValue('6.5');
  await allSaved(page);
  const fresh = await (await browser.newContext()).newPage();
  await signIn(fresh, LOGINS.contractor);
  await fresh.goto(`/timesheets?month=${month}`);
  await expect(fresh.locator('#cell-0-6')).toHaveValue('6.5');
});

test('on a narrow screen a focused cell is never under the sticky row label @js', async ({ browser }, testInfo) => {
  // A small tablet: wide enough for the month grid, too narrow for all of its days.
  const { page } = await contractorGrid(browser, testInfo, 3, { viewport: { width: 720, height: 900 }, hasTouch: true });
  const label = page.locator('.row-label').nth(1);
  // Scrolled so that the 12th sits half under the label, as after moving right and back.
  await page.locator('.grid-wrap').evaluate((wrap) => {
    const cell = document.getElementById('cell-0-11');
    const labelRight = document.querySelector('tbody .row-label').getBoundingClientRect().right;
    wrap.scrollLeft += cell.getBoundingClientRect().left - labelRight + cell.getBoundingClientRect().width / 2;
  });
  await page.locator('#cell-0-12').focus();
  await page.keyboard.press('ArrowLeft');
  await expect(page.locator('#cell-0-11')).toBeFocused();
  const [cellLeft, labelRight] = await page.evaluate(() => [
    document.getElementById('cell-0-11').getBoundingClientRect().left,
    document.querySelector('tbody .row-label').getBoundingClientRect().right,
  ]);
  expect(cellLeft).toBeGreaterThanOrEqual(labelRight - 1);
  await expect(label).toBeVisible();
});

test('the approval link works with JavaScript off: a refused return keeps the comment, the approval shows the new state @js', async ({ browser }, testInfo) => {
  const m = new Date(now.getFullYear(), now.getMonth() + 5, 1);
  const month = `${m.getFullYear()}-${String(m.getMonth() + 1).padStart(2, '0')}`;
  const foreman = await (await browser.newContext()).newPage();
  await signIn(foreman, LOGINS.foreman);
  await foreman.goto(`/timesheets/crew?month=${month}`);
  await hydrated(foreman, testInfo);
  await typeCell(foreman, 1, 0, '6');
  await allSaved(foreman);
  // The same crew member's earlier links are in the mailbox: wait for a newer message.
  const seen = mailsSoFar();
  await foreman.getByTestId('submit-period').first().click();
  await expect(foreman.getByTestId('period-status').nth(1)).toContainText('Submitted');
  const name = await foreman.getByTestId('grid-row').nth(1).locator('.row-label span').textContent();
  const mail = await mailTo(LOGINS.client_manager, (x) => x.body.includes(name) && x.body.includes('6'), seen);
  const link = mail.body.match(/http:\/\/\S+\/approve\/\S+/)[0];

  const phone = await browser.newContext({ viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true, javaScriptEnabled: false });
  const page = await phone.newPage();
  await page.goto(link);
  await expect(page.locator('button[data-action="approve"]')).toBeInViewport();
  // Returning needs a comment: refused, and what was chosen is still there.
  await page.locator('select[name="day"]').selectOption({ index: 1 });
  await page.locator('button[data-action="return"]').tap();
  await expect(page.getByText('Say why in the comment.')).toBeVisible();
  await expect(page.locator('select[name="day"]')).not.toHaveValue('');
  await page.locator('textarea[name="comment"]').fill('Check the first day');
  await page.locator('select[name="day"]').selectOption({ index: 0 });
  await page.locator('button[data-action="approve"]').tap();
  await expect(page.getByTestId('link-done')).toBeVisible();
  await expect(page.getByTestId('timesheet-status')).toHaveText('Submitted · Waiting for: Provider approval');
  await expect(page.locator('button[data-action="approve"]')).toHaveCount(0);
  // Used: a second post approves nothing.
  await page.goto(link);
  await expect(page.getByRole('alert')).toHaveText('This link is invalid, expired or already used.');
});

test('report numbers are grouped as the reader writes them, and each currency shows its own digits', async ({ page }, testInfo) => {
  const last = new Date(now.getFullYear(), now.getMonth() - 1, 1);
  const month = `${last.getFullYear()}-${String(last.getMonth() + 1).padStart(2, '0')}`;
  await signIn(page, LOGINS.hr_manager);
  await page.goto(`/summary?month=${month}`);
  await hydrated(page, testInfo);
  // Last month's demo hours run into thousands.
  await expect(page.getByTestId('summary-total')).toContainText(/\d,\d{3}/);
  const won = page.getByTestId('basis-line').filter({ hasText: 'KRW' }).first();
  await expect(won).toContainText(/\d{1,3}(,\d{3})+ KRW/);
  await expect(won).not.toContainText('.00 KRW');
  await switchLocale(page, 'ru');
  try {
    await page.reload();
    await expect(page.getByTestId('summary-total')).toContainText(/\d\u00a0\d{3}/);
  } finally {
    forgetLocale(LOGINS.hr_manager);
  }
});
