// An automated WCAG 2 A/AA scan (axe-core) of every key page, signed in as the role that uses
// it: no violations.
import { test, expect } from '@playwright/test';
import AxeBuilder from '@axe-core/playwright';
import { LOGINS, signIn, hydrated } from '../support/helpers.mjs';

test.describe.configure({ mode: 'serial', timeout: 120_000 });

const PAGES = [
  ['employee', ['/', '/requests', '/leave', '/inbox', '/documents', '/profile']],
  ['contractor', ['/timesheets']],
  ['foreman', ['/timesheets/crew']],
  ['client_manager', ['/approvals', '/summary']],
  ['hr_manager', ['/people', '/summary']],
  ['recruiter', ['/recruiting', '/recruiting/1', '/recruiting/1/settings', '/recruiting/candidates', '/recruiting/candidates/1']],
  ['admin', ['/people/1', '/request-types', '/billing-terms', '/holidays', '/org', '/notifications', '/integrations']],
];

test('key pages have no WCAG 2 A/AA violations @js', async ({ browser }, testInfo) => {
  const found = [];
  for (const [role, paths] of PAGES) {
    const page = await (await browser.newContext()).newPage();
    await signIn(page, LOGINS[role]);
    for (const path of paths) {
      await page.goto(path);
      await hydrated(page, testInfo);
      const { violations } = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']).analyze();
      for (const v of violations) {
        found.push(`${role} ${path}: ${v.id} (${v.nodes.length}) ${v.nodes.slice(0, 3).map((n) => n.target.join(' ')).join(' | ')}`);
      }
    }
    await page.context().close();
  }
  expect(found, found.join('\n')).toEqual([]);
});

// (axe runs in the page: these need JavaScript on, though the pages themselves do not.)
test('the sign-in and password reset pages have no violations @js', async ({ page }) => {
  for (const path of ['/login', '/reset']) {
    await page.goto(path);
    const { violations } = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']).analyze();
    expect(violations.map((v) => `${path} ${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(' | ')}`)).toEqual([]);
  }
});
