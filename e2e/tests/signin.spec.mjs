// Sign-in for every role, wrong password, sign-out, locale switch. Runs with JavaScript on and off.
import { test, expect } from '@playwright/test';
import { LOGINS, PASSWORD, signIn, watchErrors, hydrated } from '../support/helpers.mjs';

const NAMES = {
  admin: 'Demo Admin',
  hr_manager: '한지수',
  employee: 'Мария Орлова',
  contractor: '박상우',
  client_manager: 'Daniel Lee',
  foreman: 'Павел Кузнецов',
  recruiter: 'Yuna Choi',
};

for (const [role, email] of Object.entries(LOGINS)) {
  test(`${role} signs in, sees their name and menu, and signs out`, async ({ page }, testInfo) => {
    const errors = watchErrors(page);
    await signIn(page, email);
    await expect(page).toHaveURL(/\/$/);
    await expect(page.getByTestId('welcome')).toContainText(NAMES[role]);
    await hydrated(page, testInfo);
    const nav = page.locator('nav.mainnav');
    const staff = role === 'admin' || role === 'hr_manager';
    await expect(nav.getByRole('link', { name: 'People' })).toHaveCount(staff ? 1 : 0);
    await expect(nav.getByRole('link', { name: 'My profile' })).toHaveCount(1);
    await page.getByRole('button', { name: 'Sign out' }).click({ force: true });
    await expect(page).toHaveURL(/\/login$/);
    await page.goto('/');
    await expect(page).toHaveURL(/\/login$/);
    expect(errors).toEqual([]);
  });
}

test.describe('with a Korean browser', () => {
  test.use({ locale: 'ko-KR' });
  test('a wrong password shows a translated message and keeps the email', async ({ page }) => {
    await page.goto('/login');
    await page.getByLabel('이메일').fill(LOGINS.admin);
    await page.getByLabel('비밀번호').fill('not-the-password');
    await page.getByRole('button', { name: '로그인', exact: true }).click();
    await expect(page.getByTestId('form-error')).toHaveText('이메일 또는 비밀번호가 올바르지 않습니다.');
    await expect(page.locator('input[name="email"]')).toHaveValue(LOGINS.admin);
    await expect(page.locator('input[name="password"]')).toHaveValue('');
  });
});

test('the language switch changes every screen to Korean and Russian', async ({ page }, testInfo) => {
  const errors = watchErrors(page);
  await page.goto('/login');
  await page.getByRole('button', { name: '한국어' }).click();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('스태프포트 로그인');
  await expect(page.locator('html')).toHaveAttribute('lang', 'ko');
  await page.getByLabel('이메일').fill(LOGINS.hr_manager);
  await page.getByLabel('비밀번호').fill(PASSWORD);
  await page.getByRole('button', { name: '로그인', exact: true }).click();
  await expect(page.getByTestId('welcome')).toHaveText('한지수님, 환영합니다');
  await hydrated(page, testInfo);
  await page.getByRole('button', { name: 'Русский' }).click({ force: true });
  await expect(page.getByTestId('welcome')).toHaveText('Здравствуйте, 한지수');
  await expect(page.locator('nav.mainnav').getByRole('link', { name: 'Сотрудники' })).toHaveCount(1);
  // The choice is stored with the person; put it back for the other tests.
  await page.getByRole('button', { name: 'English' }).click({ force: true });
  await expect(page.getByTestId('welcome')).toHaveText('Welcome, 한지수');
  expect(errors).toEqual([]);
});

test('a phone-sized screen opens the menu with the menu button', async ({ page }) => {
  await page.setViewportSize({ width: 390, height: 844 });
  await signIn(page, LOGINS.admin);
  const people = page.locator('nav.mainnav').getByRole('link', { name: 'People' });
  await expect(people).toBeHidden();
  await page.locator('label.nav-toggle-label').click();
  await expect(people).toBeVisible();
  await people.click();
  await expect(page.getByTestId('people-table')).toBeVisible();
});

test('unknown pages answer 404 with a way home', async ({ page }) => {
  const res = await page.goto('/no/such/page');
  expect(res.status()).toBe(404);
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Page not found');
  await expect(page.getByRole('link', { name: 'Back to the home page' })).toHaveCount(1);
});

test('a link opened signed out leads back to it after signing in', async ({ page }, testInfo) => {
  const errors = watchErrors(page);
  await page.goto('/leave?year=2026');
  await expect(page).toHaveURL(/\/login\?next=%2Fleave%3Fyear%3D2026$/);
  await page.getByLabel('Email').fill(LOGINS.employee);
  await page.getByLabel('Password').fill('not-the-password');
  await page.getByRole('button', { name: 'Sign in', exact: true }).click();
  await expect(page.getByTestId('form-error')).toHaveText('Wrong email or password.');
  await page.getByLabel('Password').fill(PASSWORD);
  await page.getByRole('button', { name: 'Sign in', exact: true }).click();
  await expect(page).toHaveURL(/\/leave\?year=2026$/);
  await hydrated(page, testInfo);
  // The refused attempt's own 401 is the answer it asked for.
  expect(errors.filter((e) => !/status of 401\b/.test(e))).toEqual([]);
});
