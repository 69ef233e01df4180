// Stored text that the HTML parser would change (NUL is dropped, CR becomes LF) or that is
// otherwise hostile (escape, form feed, direction override), planted straight into the database
// as an older release or an import could have left it: every list still hydrates, and its cards
// still move.
import { test, expect } from '@playwright/test';
import { LOGINS, DEMO_JOB, hydrated, signIn, sql, watchErrors } from '../support/helpers.mjs';

test.describe.configure({ mode: 'serial' });

const HOSTILE = "'Null' || char(0) || 'Name' || char(13) || char(27) || char(12) || char(8238) || 'x'";

test.beforeAll(() => {
  // A copy of a demo candidate on the demo job and of a demo person, with hostile names.
  // Each project (JS on, JS off) runs this; the second finds the rows there.
  sql(`CREATE TEMP TABLE c AS SELECT * FROM candidates WHERE full_name = '박지훈';
       UPDATE c SET id = NULL, full_name = ${HOSTILE}, source = char(0), tags = char(13), search = 'nullname',
         stage_id = (SELECT id FROM job_stages WHERE job_id = c.job_id ORDER BY position LIMIT 1), rejection_reason = NULL, status = 'active';
       INSERT INTO candidates SELECT * FROM c WHERE NOT EXISTS (SELECT 1 FROM candidates WHERE search = 'nullname');
       CREATE TEMP TABLE p AS SELECT * FROM people WHERE email = '${LOGINS.employee}';
       UPDATE p SET id = NULL, account_id = NULL, email = 'planted@demo.staffport.dev', family_name = ${HOSTILE}, given_name = char(0), search_text = 'nullname';
       INSERT INTO people SELECT * FROM p WHERE NOT EXISTS (SELECT 1 FROM people WHERE search_text = 'nullname');`);
});

for (const [who, path, ready] of [
  [LOGINS.recruiter, '/recruiting/1', 'card'],
  [LOGINS.recruiter, '/recruiting/candidates', 'candidate-row'],
  [LOGINS.hr_manager, '/people?q=nullname', 'people-table'],
]) {
  test(`${path} hydrates with planted control characters`, async ({ page }, testInfo) => {
    const errors = watchErrors(page);
    await signIn(page, who);
    await page.goto(path);
    await hydrated(page, testInfo);
    await expect(page.getByTestId(ready).filter({ hasText: /Null.?Name/ })).toHaveCount(1);
    expect(errors).toEqual([]);
  });
}

test('the board with a planted name hydrates and its cards still move by keyboard @js', async ({ page }, testInfo) => {
  const errors = watchErrors(page);
  await signIn(page, LOGINS.recruiter);
  await page.goto('/recruiting');
  await hydrated(page, testInfo);
  await page.getByTestId('job').getByRole('link', { name: DEMO_JOB }).click();
  await hydrated(page, testInfo);
  const card = page.getByTestId('card').filter({ hasText: /Null.?Name/ });
  await expect(card).toHaveCount(1);
  const from = page.getByTestId('column').filter({ has: card });
  const stage = await from.getAttribute('data-stage');
  await card.focus();
  await page.keyboard.press('Shift+ArrowRight');
  await expect(page.getByTestId('column').filter({ has: page.getByTestId('card').filter({ hasText: /Null.?Name/ }) })).not.toHaveAttribute('data-stage', stage);
  expect(errors).toEqual([]);
});
