// How a person is told (their profile) and "remind me" (on what they may come back to, listed on
// home). The recruiter is used here: no other browser test counts their messages.
import { test, expect } from '@playwright/test';
import { LOGINS, signIn, watchErrors, hydrated } from '../support/helpers.mjs';

test('a person chooses per kind how they are told, with quiet hours and a daily digest @js', async ({ page }, testInfo) => {
  const errors = watchErrors(page);
  await signIn(page, LOGINS.recruiter);
  await page.goto('/profile');
  await hydrated(page, testInfo);
  const form = page.getByTestId('my-notices');
  await expect(form.getByRole('heading', { name: 'How I am told' })).toBeVisible();
  const kind = (name) => form.locator(`fieldset[data-kind="${name}"]`);
  // A mandatory kind reaching nowhere is refused beside it; what was typed stays.
  await kind('request_waiting').getByLabel('Email').uncheck();
  await form.getByLabel('Daily digest at (empty: none)').fill('08:00');
  await form.getByRole('button', { name: 'Save' }).click();
  await expect(kind('request_waiting').locator('.field-error')).toHaveText(/has to reach you/);
  await expect(form.getByLabel('Daily digest at (empty: none)')).toHaveValue('08:00');
  // In the digest instead; new candidates by messenger; quiet at night.
  await kind('request_waiting').getByLabel('In the digest').check();
  await expect(kind('request_waiting').getByLabel('Email')).toBeDisabled();
  await kind('new_candidate').getByLabel('Messenger').check();
  await form.getByLabel('Quiet hours from').fill('22:00');
  await form.getByLabel('until').fill('07:00');
  await form.getByRole('button', { name: 'Save' }).click();
  await expect(form.getByRole('status')).toHaveText('Saved.');
  await page.reload();
  await hydrated(page, testInfo);
  const again = page.getByTestId('my-notices');
  await expect(again.locator('fieldset[data-kind="request_waiting"]').getByLabel('In the digest')).toBeChecked();
  await expect(again.locator('fieldset[data-kind="new_candidate"]').getByLabel('Messenger')).toBeChecked();
  await expect(again.getByLabel('Quiet hours from')).toHaveValue('22:00');
  await expect(again.getByLabel('Daily digest at (empty: none)')).toHaveValue('08:00');
  // The organisation's default is named under each kind.
  await expect(again.locator('fieldset[data-kind="document_published"]')).toContainText('Organisation default: Email');
  expect(errors).toEqual([]);
});

test('"remind me" on a candidate lists the reminder on home until it is cancelled @js', async ({ page }, testInfo) => {
  const errors = watchErrors(page);
  await signIn(page, LOGINS.recruiter);
  await page.goto('/recruiting/candidates/1');
  await hydrated(page, testInfo);
  const name = await page.getByTestId('candidate-name').innerText();
  const box = page.getByTestId('remind-me');
  await box.getByRole('button', { name: 'Remind me' }).click();
  // In the past: refused, translated, beside the field.
  await box.getByLabel('When').fill('2020-01-01T09:00');
  await box.getByRole('button', { name: 'Save' }).click();
  await expect(box.locator('.field-error')).toHaveText('Choose a day and time from now on.');
  const next = new Date(Date.now() + 2 * 86_400_000);
  const day = next.toISOString().slice(0, 10);
  await box.getByLabel('When').fill(`${day}T09:30`);
  await box.getByLabel('Note (optional)').fill('call about the offer');
  await box.getByRole('button', { name: 'Save' }).click();
  await expect(box.getByRole('status')).toContainText('I will remind you on');
  await expect(box.getByRole('status')).toContainText('9:30');

  await page.goto('/');
  await hydrated(page, testInfo);
  const mine = page.getByTestId('my-reminders');
  const item = mine.locator('li', { hasText: 'call about the offer' });
  await expect(item.getByRole('link', { name })).toHaveAttribute('href', '/recruiting/candidates/1');
  await item.getByRole('button', { name: 'Cancel the reminder' }).click();
  await expect(page.locator('li', { hasText: 'call about the offer' })).toHaveCount(0);
  expect(errors).toEqual([]);
});
