// A job's settings: a recruiter adds a stage named in Korean only and moves it into place; a
// colleague watching the board sees the new column without a reload. The recruiter puts HR on
// the hiring team; HR is told, and the notification opens the board.
import { test, expect } from '@playwright/test';
import { LOGINS, signIn, hydrated, unreadCount, watchErrors } from '../support/helpers.mjs';

test.describe.configure({ timeout: 90_000 });

const JOB = 'Site foreman / 현장 반장';

async function fresh(browser, login) {
  const page = await (await browser.newContext({ viewport: { width: 1280, height: 1400 } })).newPage();
  await signIn(page, login);
  return page;
}

test('a recruiter adds a stage and a teammate; the board and the teammate hear of it live @js', async ({ browser }, testInfo) => {
  const a = await fresh(browser, LOGINS.recruiter);
  const errors = watchErrors(a);
  await a.goto('/recruiting');
  await hydrated(a, testInfo);
  await a.getByLabel('Job title').fill(JOB);
  await a.getByRole('button', { name: 'New job' }).click();
  await a.getByRole('link', { name: JOB }).click();
  await expect(a.getByTestId('column')).toHaveCount(6);
  const board = a.url();

  // An administrator has the new board open.
  const b = await fresh(browser, LOGINS.admin);
  await b.goto(board);
  await hydrated(b, testInfo);
  await expect(b.getByTestId('column')).toHaveCount(6);

  await a.getByRole('link', { name: 'Job settings' }).click();
  const stages = a.getByTestId('stages');
  await expect(stages.getByTestId('stage-row')).toHaveCount(6);
  await stages.getByRole('button', { name: 'Add stage' }).click();
  // Added before the hired stage, then moved up above the offer.
  const added = stages.getByTestId('stage-row').nth(4);
  await added.getByLabel('Korean').fill('실기 테스트');
  await added.getByRole('button', { name: 'Move up' }).click();
  await expect(stages.getByTestId('stage-row').nth(3).getByLabel('Korean')).toHaveValue('실기 테스트');
  await stages.getByRole('button', { name: 'Save' }).click();
  await expect(stages.getByRole('status')).toHaveText('Saved.');
  // The name given fills the other languages.
  await expect(stages.getByTestId('stage-row').nth(3).getByLabel('English')).toHaveValue('실기 테스트');

  await expect(b.getByTestId('column')).toHaveCount(7, { timeout: 10_000 });
  await expect(b.getByTestId('column').nth(3)).toContainText('실기 테스트');

  // HR on the hiring team.
  const hr = await fresh(browser, LOGINS.hr_manager);
  await hr.goto('/');
  await hydrated(hr, testInfo);
  const before = await unreadCount(hr);
  const team = a.getByTestId('team');
  await team.getByLabel('Find a colleague by name or email').fill('hr@demo');
  await team.getByTestId('colleague').filter({ hasText: 'hr@demo.staffport.dev' }).getByRole('button', { name: 'Add to the team' }).click();
  await expect(team.getByTestId('team-member')).toContainText('hr@demo.staffport.dev');
  await team.getByRole('button', { name: 'Save' }).click();
  await expect(team.getByRole('status')).toHaveText('Saved.');

  await expect(hr.getByTestId('unread-count')).toHaveText(String(before + 1), { timeout: 10_000 });
  await hr.locator('nav.mainnav').getByRole('link', { name: /^Notifications/ }).click();
  await hr.getByTestId('notice').filter({ hasText: 'hiring team' }).first().getByRole('link').click();
  await expect(hr.getByTestId('column')).toHaveCount(7);
  expect(errors).toEqual([]);
});
