// The candidate's page. A coffee-chat invitation end to end: the hiring manager proposes times;
// the candidate opens the emailed link on a phone, without an account, and accepts one; the
// manager's open board shows the card confirmed without a reload. And two people editing the
// same candidate at once.
import { test, expect } from '@playwright/test';
import { DEMO_JOB, LOGINS, signIn, watchErrors, hydrated, mailTo, openBoard, pageWeight, switchLocale, forgetLocale } from '../support/helpers.mjs';

test.describe.configure({ timeout: 90_000 });

test('a candidate accepts a proposed time from the emailed link and the card shows it confirmed @js', async ({ browser }, testInfo) => {
  const manager = await openBoard(browser, LOGINS.employee, testInfo); // the demo job's hiring manager
  const errors = watchErrors(manager);
  await manager.getByTestId('card').filter({ hasText: 'Kim Minho' }).getByRole('link', { name: 'Kim Minho' }).click();
  await hydrated(manager, testInfo);
  await expect(manager.getByTestId('candidate-name')).toHaveText('Kim Minho');

  await manager.getByText('Invite to a coffee chat or an interview').click();
  const form = manager.getByTestId('invite-form');
  await form.getByLabel('Place or video link').fill('Café Namu, Seoul Forest');
  // A refused invitation keeps what was typed.
  await form.getByRole('button', { name: 'Send the invitation' }).click();
  await expect(form).toContainText('Give one to five times');
  await expect(form.getByLabel('Place or video link')).toHaveValue('Café Namu, Seoul Forest');
  await form.getByTestId('invite-slot').nth(0).fill('2026-12-08T10:00');
  await form.getByTestId('invite-slot').nth(1).fill('2026-12-09T16:30');
  await form.getByRole('button', { name: 'Send the invitation' }).click();
  await expect(manager.getByTestId('invitation-badge')).toHaveAttribute('data-status', 'proposed');
  await expect(manager.getByTestId('timeline-line').last()).toContainText('Invitation sent');
  // What was sent, in words and local times, never the stored values.
  await expect(manager.getByTestId('timeline-line').last()).toContainText('Coffee chat · Café Namu, Seoul Forest · Dec 8, 2026, 10:00, Dec 9, 2026, 16:30');
  await expect(manager.getByTestId('timeline-line').last()).not.toContainText(/coffee_chat|2026-12-08T/);

  // The manager goes back to the board and keeps it open.
  await manager.getByRole('link', { name: /Back to the board/ }).click();
  await hydrated(manager, testInfo);
  const card = manager.getByTestId('card').filter({ hasText: 'Kim Minho' });
  await expect(card.getByTestId('invitation-badge')).toHaveAttribute('data-status', 'proposed');

  // The candidate, on a phone and signed in nowhere, opens the link from the mail.
  const mail = await mailTo('minho.kim@example.com', (m) => m.body.includes('Café Namu'));
  const link = mail.body.match(/http:\/\/\S+\/invitation\/\S+/)[0];
  const phone = await (await browser.newContext({ viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true })).newPage();
  const phoneErrors = watchErrors(phone);
  await phone.goto(link);
  await hydrated(phone, testInfo);
  await expect(phone.getByRole('heading', { level: 1 })).toContainText('invites you');
  // HTML and CSS only: no bundle for a page opened from a messenger.
  const weight = await pageWeight(phone);
  expect(weight.bundle).toEqual([]);
  expect(weight.kb).toBeLessThanOrEqual(30);
  await expect(phone.getByText('Café Namu, Seoul Forest')).toBeVisible();
  await phone.getByTestId('accept-slot').nth(1).click();
  await expect(phone.getByTestId('answer-sent')).toBeVisible();
  await expect(phone.getByTestId('invitation-status')).toContainText('Dec 9, 2026, 16:30');
  await expect(phone.getByTestId('accept-slot')).toHaveCount(0);
  // Thanked, not told the invitation is closed.
  await expect(phone.getByTestId('invitation-closed')).toHaveCount(0);

  // The manager's board shows it confirmed, live.
  await expect(card.getByTestId('invitation-badge')).toHaveAttribute('data-status', 'confirmed', { timeout: 10_000 });
  await expect(card.getByTestId('invitation-badge')).toContainText('Dec 9, 2026, 16:30');
  expect(errors).toEqual([]);
  expect(phoneErrors).toEqual([]);
});

test('two people edit the same candidate: a clash keeps what was typed and says what it is now @js', async ({ browser }, testInfo) => {
  const open = async (login) => {
    const page = await openBoard(browser, login, testInfo);
    await page.getByRole('link', { name: 'Смирнова Анна' }).click();
    await hydrated(page, testInfo);
    await page.getByText('Edit', { exact: true }).click();
    return page;
  };
  const a = await open(LOGINS.recruiter);
  const b = await open(LOGINS.employee);
  await a.getByTestId('edit-candidate').getByLabel('Source').fill('Referral');
  await a.getByTestId('edit-candidate').getByRole('button', { name: 'Save' }).click();
  await expect(a.getByTestId('timeline-line').last()).toContainText('Edited');

  const form = b.getByTestId('edit-candidate');
  await form.getByLabel('Source').fill('Habr Career');
  await form.getByRole('button', { name: 'Save' }).click();
  await expect(form.getByTestId('changed-meanwhile')).toContainText('“Referral”');
  await expect(form.getByLabel('Source')).toHaveValue('Habr Career');
  await form.getByRole('button', { name: 'Save' }).click();
  await expect(b.getByTestId('timeline-line').last()).toContainText('Edited');
  await expect(b.locator('.facts')).toContainText('Habr Career');
});

test('the candidates list finds a Cyrillic name in any case, contacts masked', async ({ page }, testInfo) => {
  await signIn(page, LOGINS.recruiter);
  await page.goto('/recruiting/candidates');
  await hydrated(page, testInfo);
  await page.getByRole('searchbox').fill('АННА');
  await page.getByRole('button', { name: 'Search' }).click();
  await expect(page.getByTestId('candidate-row')).toHaveCount(1);
  await expect(page.getByTestId('candidate-row')).toContainText('Смирнова Анна');
  await expect(page.getByTestId('candidate-row')).toContainText('•••');
  await expect(page.getByTestId('candidate-row')).not.toContainText('916 123-45-67');
});

test('a recruiter rejects a selected candidate with a reason and rates another on a scorecard @js', async ({ page }, testInfo) => {
  const errors = watchErrors(page);
  await signIn(page, LOGINS.recruiter);
  await page.goto('/recruiting/candidates');
  await hydrated(page, testInfo);
  await page.getByRole('checkbox', { name: 'Select 박지훈' }).check();
  const bar = page.getByTestId('bulk-bar');
  await expect(bar.getByTestId('selected-count')).toHaveText('1 selected');
  await bar.getByRole('combobox', { name: 'Apply' }).selectOption('reject');
  // Without a reason the server refuses and the selection stays.
  await bar.getByRole('button', { name: 'Apply' }).click();
  await expect(bar).toContainText('Choose a reason.');
  await bar.getByRole('combobox', { name: 'Reason' }).selectOption('salary');
  await bar.getByLabel('Message to the candidate').fill('Thank you — we could not meet your expectations this time.');
  await bar.getByRole('button', { name: 'Apply' }).click();
  await expect(bar.getByTestId('bulk-done')).toHaveText('Done: 1 candidates.');
  const mail = await mailTo('jihoon.park@example.kr');
  expect(mail.body).toContain('could not meet your expectations');

  await page.getByTestId('status-views').getByRole('link', { name: 'Closed' }).click();
  await expect(page.getByTestId('candidate-row').filter({ hasText: '박지훈' })).toContainText('Salary expectations');

  // A scorecard on another candidate's page, summed up at once.
  await page.goto('/recruiting/candidates?q=kim');
  await hydrated(page, testInfo);
  await page.getByRole('link', { name: 'Kim Minho' }).click();
  await hydrated(page, testInfo);
  const cards = page.getByTestId('scorecards');
  await cards.getByText('My scorecard').click();
  await cards.getByLabel('Skills').selectOption('4');
  await cards.getByLabel('Communication').selectOption('5');
  await cards.getByLabel('Overall (0–100)').fill('82');
  await cards.getByRole('button', { name: 'Save' }).click();
  await expect(page.getByTestId('score-summary')).toContainText('Average of 1: 82.0');
  await expect(page.getByTestId('timeline-line').last()).toContainText('Scorecard');
  expect(errors).toEqual([]);
});

test('a recruiter adds a field in the job\'s settings and the new-candidate form asks for it @js', async ({ browser }, testInfo) => {
  const page = await openBoard(browser, LOGINS.recruiter, testInfo);
  const errors = watchErrors(page);
  await page.getByRole('link', { name: 'Job settings' }).click();
  await hydrated(page, testInfo);
  const editor = page.getByTestId('job-fields');
  // The demo job's fields are there, labelled in each language; a third one is added, its
  // label written in English and Korean (Russian takes the English).
  const label = (i, language) => editor.getByRole('group', { name: 'Label' }).nth(i).getByLabel(language);
  await expect(label(0, 'English')).toHaveValue('Years of experience');
  await expect(label(0, 'Korean')).toHaveValue('경력 연수');
  await editor.getByRole('button', { name: 'Add field' }).click();
  await label(2, 'English').fill('Notice period');
  await label(2, 'Korean').fill('입사 가능 시기');
  await editor.getByLabel('Kind').nth(2).selectOption('choice');
  await editor.getByRole('button', { name: 'Save' }).click();
  await expect(editor).toContainText('Give the choices.');
  await editor.getByLabel('Choices, comma-separated').nth(2).fill('none, 1 month, 3 months');
  await editor.getByRole('button', { name: 'Save' }).click();
  await expect(editor.getByRole('status')).toHaveText('Saved.');

  await page.getByRole('link', { name: DEMO_JOB }).click();
  await expect(page.getByTestId('column')).toHaveCount(6);
  await page.locator('summary', { hasText: 'Add candidate' }).click();
  const notice = page.getByRole('combobox', { name: 'Notice period' });
  await expect(notice).toBeVisible();
  await page.getByLabel('Full name').fill('Field Test Yoo');
  await page.getByLabel('Years of experience').fill('three');
  await notice.selectOption('1 month');
  await page.getByRole('button', { name: 'Add candidate' }).click();
  await expect(page.getByText('Enter a number.')).toBeVisible();
  await expect(page.getByLabel('Full name')).toHaveValue('Field Test Yoo');
  await page.getByLabel('Years of experience').fill('3');
  await page.getByRole('button', { name: 'Add candidate' }).click();
  await expect(page.getByTestId('card').filter({ hasText: 'Field Test Yoo' })).toBeVisible();
  await page.getByRole('link', { name: 'Field Test Yoo' }).click();
  await hydrated(page, testInfo);
  await expect(page.locator('[data-field="custom:f1"]')).toHaveText('1 month');
  expect(errors).toEqual([]);
  // A Korean reader sees the labels written in Korean; where none was written, the one given.
  await switchLocale(page, 'ko');
  try {
    await page.reload();
    await hydrated(page, testInfo);
    const labels = page.locator('dl dt');
    await expect(labels.filter({ hasText: '경력 연수' })).toHaveCount(1);
    await expect(labels.filter({ hasText: '입사 가능 시기' })).toHaveCount(1);
    await switchLocale(page, 'ru');
    await page.reload();
    await expect(page.locator('dl dt').filter({ hasText: 'Опыт, лет' })).toHaveCount(1);
    await expect(page.locator('dl dt').filter({ hasText: 'Notice period' })).toHaveCount(1);
  } finally {
    forgetLocale(LOGINS.recruiter);
  }
});

test('a candidate answers the invitation with JavaScript off, in Russian: an empty proposal is refused with the reason @js', async ({ browser }, testInfo) => {
  const manager = await openBoard(browser, LOGINS.employee, testInfo);
  await manager.getByTestId('card').filter({ hasText: 'Смирнова Анна' }).getByRole('link', { name: 'Смирнова Анна' }).click();
  await hydrated(manager, testInfo);
  await manager.getByText('Invite to a coffee chat or an interview').click();
  const form = manager.getByTestId('invite-form');
  await form.getByLabel('Place or video link').fill('Zoom');
  await form.getByTestId('invite-slot').nth(0).fill('2026-12-10T11:00');
  await form.getByRole('button', { name: 'Send the invitation' }).click();
  await expect(manager.getByTestId('invitation-badge')).toHaveAttribute('data-status', 'proposed');
  const mail = await mailTo('anna.smirnova@example.ru', (m) => m.body.includes('Zoom'));
  const link = mail.body.match(/http:\/\/\S+\/invitation\/\S+/)[0];

  const ctx = await browser.newContext({ viewport: { width: 390, height: 844 }, isMobile: true, javaScriptEnabled: false, locale: 'ru-RU' });
  await ctx.addCookies([{ name: 'sp_locale', value: 'ru', url: link }]);
  const phone = await ctx.newPage();
  await phone.goto(link);
  await expect(phone.locator('.slot')).toHaveText('10.12.2026 11:00');
  // An empty proposal is refused with the reason; the page still offers every answer.
  await phone.getByRole('button', { name: 'Предложить другое время' }).click();
  await expect(phone.locator('.field-error')).toBeVisible();
  await expect(phone.getByTestId('accept-slot')).toHaveCount(1);
  await phone.locator('textarea[name="text"]').fill('Четверг после 15:00');
  await phone.getByRole('button', { name: 'Предложить другое время' }).click();
  await expect(phone.getByTestId('answer-sent')).toBeVisible();
  await expect(phone.getByTestId('invitation-closed')).toHaveCount(0);
  // The manager's open page hears of it without a reload: the proposal on the timeline and
  // on the invitation.
  await expect(manager.getByTestId('timeline-line').last()).toContainText('Четверг после 15:00');
  await expect(manager.getByTestId('invitation-badge')).toContainText('proposes: Четверг после 15:00');
});
