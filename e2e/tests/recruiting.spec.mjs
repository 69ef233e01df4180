// The recruiting board with two people on it: a card dragged by one appears in its new column
// on the other's open board without a reload; a keyboard move travels back the same way.
import { test, expect } from '@playwright/test';
import { LOGINS, hydrated, openBoard, unreadCount } from '../support/helpers.mjs';

test.describe.configure({ mode: 'serial', timeout: 90_000 });

const column = (page, i) => page.getByTestId('column').nth(i);

test('a card dragged by one recruiter moves on the other recruiter\'s open board, live @js', async ({ browser }, testInfo) => {
  const a = await openBoard(browser, LOGINS.recruiter, testInfo);
  const b = await openBoard(browser, LOGINS.admin, testInfo);
  await expect(column(b, 0).getByTestId('card').filter({ hasText: '이서연' })).toBeVisible();
  // Contacts are masked on the card.
  await expect(column(a, 0).getByTestId('card').filter({ hasText: '이서연' })).toContainText('•••• ••21');

  // Grabbed by its edge (the name is a link to the candidate's page).
  await column(a, 0).getByTestId('card').filter({ hasText: '이서연' }).dragTo(column(a, 1), { sourcePosition: { x: 4, y: 4 } });
  await expect(column(a, 1).getByTestId('card').filter({ hasText: '이서연' })).toBeVisible();
  // B did not reload: the move arrives over the live stream.
  await expect(column(b, 1).getByTestId('card').filter({ hasText: '이서연' })).toBeVisible({ timeout: 10_000 });
  await expect(column(b, 0).getByTestId('card').filter({ hasText: '이서연' })).toHaveCount(0);
  await expect(column(b, 1).getByTestId('stage-count')).toHaveText('1');

  // B moves it on with the keyboard; A sees that. The board is one tab stop; Shift+→ moves
  // the card and it stays focused; the arrows go from card to card, over empty stages.
  await expect(b.locator('[data-testid="card"][tabindex="0"]')).toHaveCount(1);
  await column(b, 1).getByTestId('card').filter({ hasText: '이서연' }).focus();
  await b.keyboard.press('Shift+ArrowRight');
  const moved = column(b, 2).getByTestId('card').filter({ hasText: '이서연' });
  await expect(moved).toBeVisible();
  await expect(moved).toBeFocused();
  await expect(b.getByTestId('board-notice')).toContainText('이서연');
  await b.keyboard.press('ArrowLeft');
  await expect(column(b, 0).getByTestId('card').first()).toBeFocused();
  await b.keyboard.press('ArrowRight');
  await expect(moved).toBeFocused();
  await expect(moved).toHaveAttribute('tabindex', '0');
  await expect(column(a, 2).getByTestId('card').filter({ hasText: '이서연' })).toBeVisible({ timeout: 10_000 });

  // A recruiter may reveal a phone number (audited); the card then shows it.
  const card = column(a, 2).getByTestId('card').filter({ hasText: '이서연' });
  await card.getByRole('button', { name: 'Show' }).first().click();
  await expect(card).toContainText('+82 10-8765-4321');

  // A comments on the candidate, mentioning B (@admin); B's unread count goes up on the page
  // B has open, without a reload, and the notification centre opens the candidate.
  const before = await unreadCount(b);
  await card.getByRole('link', { name: '이서연' }).click();
  await hydrated(a, testInfo);
  await expect(a.getByTestId('candidate-name')).toHaveText('이서연');
  await a.locator('textarea[name="body"]').fill('Good Rust answers — @admin could you take the tech interview?');
  await a.getByRole('button', { name: 'Add comment' }).click();
  await expect(a.getByTestId('timeline-line').last()).toContainText('@admin could you take the tech interview?');
  await expect(b.getByTestId('unread-count')).toHaveText(String(before + 1), { timeout: 10_000 });
  await b.locator('nav.mainnav').getByRole('link', { name: /^Notifications/ }).click();
  const notice = b.getByTestId('notice').filter({ hasText: 'mentioned you about 이서연' }).first();
  await expect(notice).toHaveClass(/unread/);
  await notice.getByRole('link').click();
  await expect(b.getByTestId('candidate-name')).toHaveText('이서연');
  await expect(b.getByTestId('unread-count')).toHaveCount(before === 0 ? 0 : 1);

  // B keeps the candidate open while A comments again: the comment arrives without a reload,
  // and what B is typing stays.
  await b.locator('textarea[name="body"]').fill('Half-written');
  await a.locator('textarea[name="body"]').fill('Scheduled for Friday.');
  await a.getByRole('button', { name: 'Add comment' }).click();
  await expect(b.getByTestId('timeline-line').last()).toContainText('Scheduled for Friday.', { timeout: 10_000 });
  await expect(b.locator('textarea[name="body"]')).toHaveValue('Half-written');

  // B is an administrator: the reveal log shows A's reveal of the phone number.
  await b.goto('/recruiting/reveals');
  await hydrated(b, testInfo);
  await expect(b.getByTestId('reveal-line').first()).toContainText('이서연');
  await expect(b.getByTestId('reveal-line').first()).toContainText('Phone');
});
