// A recruiter builds an automation rule in the job's settings: the preview (worked out in the
// browser by the same code the server runs) says which current candidates would take YES as
// the conditions change; the rule is saved and reads back. Saved inactive: other browser tests
// move this job's cards and must not meet a rule.
import { test, expect } from '@playwright/test';
import { LOGINS, signIn, hydrated, watchErrors } from '../support/helpers.mjs';

test('a recruiter builds a rule and sees its preview before saving it @js', async ({ page }, testInfo) => {
  const errors = watchErrors(page);
  await signIn(page, LOGINS.recruiter);
  await page.goto('/recruiting/1/settings');
  await hydrated(page, testInfo);
  const section = page.getByTestId('automation');
  await section.getByRole('button', { name: 'Add a rule' }).click();
  const rule = section.locator('[data-rule]').last();
  await rule.getByLabel('Rule', { exact: true }).fill('Strong after scoring');
  await rule.getByLabel('When').selectOption('scorecard_submitted');
  // No condition: every current candidate would take YES.
  const preview = rule.getByTestId('rule-preview');
  const all = Number((await preview.innerText()).match(/of (\d+)/)[1]);
  expect(all).toBeGreaterThan(0);
  await expect(preview).toContainText(`Would take YES now: ${all} of ${all}`);
  // A tag nobody has: nobody.
  await rule.getByRole('button', { name: 'Add a condition' }).click();
  const condition = rule.locator('.rule-condition').last();
  await condition.getByLabel('Field').selectOption('tags');
  await condition.getByLabel('Comparison').selectOption('contains');
  await condition.getByLabel('Value').fill('no-such-tag');
  await condition.getByLabel('Value').press('Tab');
  await expect(preview).toContainText(`Would take YES now: 0 of ${all}`);
  // "Any" of that or a score of 0 and more… still only those with a scorecard.
  await rule.getByLabel('If').selectOption('any');
  await rule.locator('fieldset.rule-branch').first().getByLabel('Add an action…').selectOption('move_to');
  await rule.locator('fieldset.rule-branch').last().getByLabel('Add an action…').selectOption('add_tag');
  await rule.locator('fieldset.rule-branch').last().getByLabel('Tag').fill('hold');
  await rule.locator('fieldset.rule-branch').last().getByLabel('Tag').press('Tab');
  await rule.getByLabel('Active').uncheck();
  await section.getByRole('button', { name: 'Save' }).click();
  await expect(section.getByRole('status')).toHaveText('Saved.');

  await page.reload();
  await hydrated(page, testInfo);
  const saved = page.getByTestId('automation').locator('[data-rule]').last();
  await expect(saved.getByLabel('Rule', { exact: true })).toHaveValue('Strong after scoring');
  await expect(saved.locator('.rule-condition').getByLabel('Value')).toHaveValue('no-such-tag');
  await expect(saved.locator('fieldset.rule-branch').last().getByLabel('Tag')).toHaveValue('hold');
  await expect(saved.getByLabel('Active')).not.toBeChecked();
  expect(errors).toEqual([]);
});
