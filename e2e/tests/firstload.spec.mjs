// What a phone downloads: the bundle's encodings and caching, the bytes Chromium transfers
// before each key page is interactive (against budgets), every route opened directly and by
// in-app navigation, and a chunk that cannot be fetched.
import { test, expect } from '@playwright/test';
import { LOGINS, DEMO_JOB, forgetLocale, hydrated, signIn, switchLocale, watchErrors as watchAllErrors } from '../support/helpers.mjs';

/** Errors, but for the status of the page itself: a used link answers 410, an unknown
 *  certificate number 404, and the browser logs that. */
function watchErrors(page, statuses = '404|410') {
  const errors = watchAllErrors(page);
  const own = new RegExp(`status of (${statuses})\\b`);
  return { get list() { return errors.filter((e) => !own.test(e)); } };
}

const PHONE = { viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true };

/** The page's bundle directory (`/pkg/<build id>`), read from its preload links. */
async function bundleDir(request) {
  const html = await (await request.get('/login')).text();
  return html.match(/href="(\/pkg\/[0-9a-f]+)\/staffport\.css"/)[1];
}

test('the bundle is sent precompressed, typed and cached for good; pages and server answers are compressed', async ({ request }) => {
  const pkg = await bundleDir(request);
  // The language's strings: a page that runs the bundle (the not-found page, say) names them.
  const strings = (await (await request.get('/no-such-page')).text()).match(/id="sp-messages" href="(\/messages\/[0-9a-f]{16})\/en\.json"/)[1];
  for (const [file, type] of [['staffport_bg.wasm', 'application/wasm'], ['staffport.js', 'text/javascript'], ['staffport.css', 'text/css'], [`${strings}/ko.json`, 'application/json']]) {
    const url = file.startsWith('/') ? file : `${pkg}/${file}`;
    for (const encoding of ['br', 'gzip']) {
      const res = await request.get(url, { headers: { 'accept-encoding': encoding } });
      expect(res.status(), file).toBe(200);
      expect(res.headers()['content-encoding'], `${file} ${encoding}`).toBe(encoding);
      expect(res.headers()['content-type'], file).toContain(type);
      expect(res.headers()['cache-control'], file).toBe('public, max-age=31536000, immutable');
      expect(res.headers()['vary'], file).toBe('accept-encoding');
    }
    const plain = await request.get(url, { headers: { 'accept-encoding': 'identity' } });
    expect(plain.headers()['content-encoding'], file).toBeUndefined();
  }
  // A chunk or the strings of a build this server does not have: not found, and nothing caches that.
  for (const stale of ['/pkg/0123456789abcdef/staffport_bg.wasm', '/messages/0123456789abcdef/ko.json']) {
    const gone = await request.get(stale);
    expect(gone.status(), stale).toBe(404);
    expect(gone.headers()['cache-control'], stale).toBe('no-store');
  }
  // Read back in full, in the page's order of messages.
  const ko = await (await request.get(`${strings}/ko.json`)).json();
  expect(ko.length).toBeGreaterThan(500);
  expect(ko).toContain('로그인');

  const page = await request.get('/login', { headers: { 'accept-encoding': 'br, gzip' } });
  expect(page.headers()['content-encoding']).toBe('br');
  expect(page.headers()['content-type']).toContain('text/html');
  expect(page.headers()['cache-control']).toBe('no-store');
});

test('a large server-function answer is compressed @js', async ({ page }, testInfo) => {
  await signIn(page, LOGINS.recruiter);
  await page.goto('/recruiting');
  await hydrated(page, testInfo);
  const answer = page.waitForResponse((r) => r.url().includes('/api/') && r.request().method() === 'POST');
  await page.getByTestId('job').getByRole('link', { name: DEMO_JOB }).click();
  const res = await answer;
  // The board's data: well above the 1 KB threshold, sent compressed.
  expect((await res.body()).length).toBeGreaterThan(1024);
  expect((await res.allHeaders())['content-encoding']).toMatch(/^(br|gzip)$/);
});

// KB on the wire before the page is interactive, on a first visit with an empty cache. GOAL_KB
// are the targets (link pages and sign-in 180 KB; the grid, the board and home 300 KB). Link
// pages are plain HTML and CSS (no bundle), well under theirs; the grid, the board and home
// are under theirs in each language (Russian is the heaviest: its strings are 2.5 KB more than
// English; the main module alone is ~215 KB brotli). BUDGET_KB are
// today's sizes, so the test fails when a change makes a key page more than 10 % heavier; lower
// them as the bundle gets leaner.
const GOAL_KB = { 'sign-in': 180, 'approval link': 180, 'candidate reply': 180, 'timesheet grid': 300, board: 300, home: 300, 'timesheet grid ru': 300, 'board ru': 300 };
const BUDGET_KB = { 'sign-in': 15, 'approval link': 15, 'candidate reply': 15, 'timesheet grid': 294, board: 296, home: 273, 'timesheet grid ru': 297, 'board ru': 299 };
const LINK_PAGES = ['sign-in', 'approval link', 'candidate reply'];

async function transferred(browser, testInfo, path, state, locale = 'en-US') {
  // The browser's language picks the page's (the demo people have no setting of their own).
  const context = await browser.newContext({ ...PHONE, storageState: state, locale });
  const page = await context.newPage();
  const errors = watchErrors(page);
  const cdp = await context.newCDPSession(page);
  await cdp.send('Network.enable');
  await cdp.send('Network.setCacheDisabled', { cacheDisabled: false });
  const requests = new Map();
  cdp.on('Network.responseReceived', (e) => requests.set(e.requestId, e.response.url));
  let bytes = 0;
  const files = [];
  cdp.on('Network.loadingFinished', (e) => {
    bytes += e.encodedDataLength;
    files.push([requests.get(e.requestId), e.encodedDataLength]);
  });
  await page.goto(path);
  await hydrated(page, testInfo);
  // Let the last responses' completion events arrive.
  await page.waitForTimeout(300);
  expect(errors.list, path).toEqual([]);
  const preloaded = await page.locator('head link[rel="preload"][as="fetch"], head link[rel="modulepreload"]')
    .evaluateAll((links) => links.map((l) => l.href));
  await context.close();
  const urls = files.map(([url]) => url);
  return { kb: Math.round(bytes / 1024), requests: files.length, urls, bundle: urls.filter((url) => /\/pkg\/.*\.(wasm|js)$/.test(url)), preloaded };
}

test('each key page transfers no more than its budget on a phone\'s first visit @js', async ({ browser }, testInfo) => {
  const signedIn = async (login) => {
    const context = await browser.newContext(PHONE);
    const page = await context.newPage();
    await signIn(page, login);
    await expect(page).not.toHaveURL(/\/login/);
    const state = await context.storageState();
    let board;
    if (login === LOGINS.recruiter) {
      await page.goto('/recruiting');
      board = await page.getByTestId('job').getByRole('link', { name: DEMO_JOB }).getAttribute('href');
    }
    await context.close();
    return { state, board };
  };
  const contractor = await signedIn(LOGINS.contractor);
  const recruiter = await signedIn(LOGINS.recruiter);
  const employee = await signedIn(LOGINS.employee);
  const pages = {
    'sign-in': ['/login'],
    // A used link renders the same page and bundle as a fresh one.
    'approval link': ['/approve/used-link-token'],
    'candidate reply': ['/invitation/used-link-token'],
    'timesheet grid': ['/timesheets', contractor.state],
    board: [recruiter.board, recruiter.state],
    home: ['/', employee.state],
    // Russian's strings are the heaviest of the three languages.
    'timesheet grid ru': ['/timesheets', contractor.state, 'ru-RU'],
    'board ru': [recruiter.board, recruiter.state, 'ru-RU'],
  };
  const measured = {};
  for (const [name, [path, state, locale]] of Object.entries(pages)) {
    measured[name] = await transferred(browser, testInfo, path, state, locale);
  }
  console.log('KB transferred before interactive (first visit, phone):');
  for (const [name, m] of Object.entries(measured)) console.log(`  ${name.padEnd(16)} ${String(m.kb).padStart(5)} KB in ${m.requests} requests (budget ${BUDGET_KB[name]} KB, goal ${GOAL_KB[name]} KB)`);
  for (const [name, m] of Object.entries(measured)) {
    expect(m.kb, `${name}: ${m.kb} KB, budget ${BUDGET_KB[name]} KB`).toBeLessThanOrEqual(BUDGET_KB[name] * 1.1);
    // Each page came in its language, whose strings it fetched.
    const language = name.endsWith(' ru') ? 'ru' : 'en';
    if (!LINK_PAGES.includes(name)) expect(m.urls.filter((url) => /\/messages\//.test(url)), name).toEqual([expect.stringMatching(new RegExp(`/${language}\\.json$`))]);
    // A link page fetches no script and no module; every other page does.
    if (LINK_PAGES.includes(name)) expect(m.bundle, name).toEqual([]);
    else {
      expect(m.bundle.length, name).toBeGreaterThan(0);
      // No waterfall: the page's head named every module of its area, and the loader, that
      // the browser then fetched.
      const areaFiles = m.bundle.filter((url) => /\/(chunk_|split_|__wasm_split)[^/]*$/.test(url));
      expect(areaFiles.length, name).toBeGreaterThan(1);
      expect(areaFiles.filter((url) => !m.preloaded.includes(url)), name).toEqual([]);
    }
  }
});

test('a later visit fetches the page and only the modules it has not had: the bundle and the strings come from the cache @js', async ({ browser }, testInfo) => {
  const context = await browser.newContext(PHONE);
  const page = await context.newPage();
  await signIn(page, LOGINS.contractor);
  await page.goto('/timesheets');
  await hydrated(page, testInfo);
  const cdp = await context.newCDPSession(page);
  await cdp.send('Network.enable');
  const urls = new Map();
  const cached = new Set();
  const fetched = [];
  cdp.on('Network.requestServedFromCache', (e) => cached.add(e.requestId));
  cdp.on('Network.responseReceived', (e) => {
    urls.set(e.requestId, new URL(e.response.url).pathname);
    if (e.response.fromDiskCache) cached.add(e.requestId);
  });
  cdp.on('Network.loadingFinished', (e) => { if (!cached.has(e.requestId)) fetched.push([urls.get(e.requestId), e.encodedDataLength]); });
  const visit = async (path) => {
    fetched.length = 0;
    await page.goto(path);
    await hydrated(page, testInfo);
    await page.waitForTimeout(300);
    return { kb: fetched.reduce((sum, [, bytes]) => sum + bytes, 0) / 1024, files: fetched.map(([url]) => url) };
  };
  // The same page again (a link from a reminder, say): the page itself, its strings not in it.
  const again = await visit('/timesheets');
  expect(again.files, 'only the page').toEqual(['/timesheets']);
  expect(again.kb).toBeLessThan(12);
  // An area not opened yet (sign-in may have landed on home): its own modules, not the main
  // module, the glue or the strings again.
  const other = await visit('/notifications');
  expect(other.files).toContain('/notifications');
  expect(other.files.some((f) => /split_people_\d+\.wasm$/.test(f)), other.files.join(' ')).toBe(true);
  expect(other.files.filter((f) => /staffport_bg\.wasm|staffport\.(js|css)|messages\.\w+\.json/.test(f))).toEqual([]);
  await context.close();
});

const PUBLIC_ROUTES = ['/login', '/reset', '/reset/used-token', '/invite/used-token', '/approve/used-token', '/decide/used-token', '/invitation/used-token', '/verify/NO-SUCH-NUMBER'];
const ADMIN_ROUTES = [
  '/', '/people', '/people/new', '/profile', '/notifications', '/organisations', '/org', '/placements',
  '/timesheets', '/timesheets/crew', '/approvals', '/summary', '/holidays', '/billing-terms',
  '/requests', '/request-types', '/recruiting', '/recruiting/reveals', '/recruiting/candidates',
  '/inbox', '/leave', '/documents', '/integrations',
];

/** Signs `login` in on a page of its own, watching its errors. */
async function signedInPage(browser, login, statuses) {
  const page = await (await browser.newContext()).newPage();
  const errors = watchErrors(page, statuses);
  await signIn(page, login);
  await expect(page).not.toHaveURL(/\/login/);
  return { page, errors };
}

async function opensDirectly(page, errors, path, testInfo) {
  await page.goto(path);
  await hydrated(page, testInfo);
  await expect(page.locator('main#main')).not.toBeEmpty();
  expect(errors.list, path).toEqual([]);
}

test('every route opened directly works with no console errors: signed-in pages hydrate, link pages are plain HTML @js', async ({ browser, page }, testInfo) => {
  const errors = watchErrors(page);
  for (const path of PUBLIC_ROUTES) {
    await page.goto(path);
    await expect(page.locator('main, .auth-page').first()).not.toBeEmpty();
    await expect(page.locator('script[type="module"], link[rel="modulepreload"], link[rel="preload"]'), path).toHaveCount(0);
    expect(errors.list, path).toEqual([]);
  }
  // The administrator opens every page; where they have no part (their own timesheets, say)
  // the page says so (the browser logs its 403), hydrated all the same.
  const admin = await signedInPage(browser, LOGINS.admin, '403|404');
  const withIds = [];
  for (const [list, pattern] of [['/people', /^\/people\/\d+$/], ['/requests', /^\/requests\/\d+$/], ['/recruiting', /^\/recruiting\/\d+$/], ['/recruiting/candidates', /^\/recruiting\/candidates\/\d+$/], ['/summary', /^\/timesheets\/\d+$/]]) {
    await admin.page.goto(list);
    const hrefs = await admin.page.locator('main a[href]').evaluateAll((links) => links.map((a) => a.getAttribute('href')));
    const first = hrefs.find((h) => pattern.test(h));
    if (first) withIds.push(first);
    if (first && list === '/recruiting') withIds.push(`${first}/settings`);
  }
  expect(withIds.length).toBeGreaterThanOrEqual(4);
  for (const path of [...ADMIN_ROUTES, ...withIds]) await opensDirectly(admin.page, admin.errors, path, testInfo);
  // And the people each page is for, with nothing refused.
  for (const [login, paths] of [[LOGINS.contractor, ['/timesheets']], [LOGINS.foreman, ['/timesheets/crew']],
    [LOGINS.client_manager, ['/approvals']], [LOGINS.recruiter, ['/recruiting', '/recruiting/candidates']], [LOGINS.employee, ['/', '/inbox', '/documents', '/leave', '/requests']]]) {
    const person = await signedInPage(browser, login, '404');
    for (const path of paths) await opensDirectly(person.page, person.errors, path, testInfo);
  }
});

test('every area opens by in-app navigation, fetching its modules then @js', async ({ page }, testInfo) => {
  const errors = watchErrors(page);
  await signIn(page, LOGINS.admin);
  await page.goto('/');
  await hydrated(page, testInfo);
  const links = await page.locator('nav a[href^="/"]').evaluateAll((as) => [...new Set(as.map((a) => a.getAttribute('href')))]);
  expect(links.length).toBeGreaterThan(8);
  for (const href of links) {
    const before = await page.evaluate(() => performance.timeOrigin);
    await page.locator(`nav a[href="${href}"]`).first().click();
    await expect(page).toHaveURL(new RegExp(`${href.replace(/[?]/g, '\\?')}$`));
    await expect(page.locator('main#main')).not.toBeEmpty();
    // A client-side navigation, not a page load.
    expect(await page.evaluate(() => performance.timeOrigin)).toBe(before);
    expect(errors.list, href).toEqual([]);
  }
});

test('an in-app link to a link page loads it from the server, as a link from a message does @js', async ({ page }, testInfo) => {
  const errors = watchErrors(page);
  await signIn(page, LOGINS.employee);
  await page.goto('/');
  await hydrated(page, testInfo);
  const [origin, entries] = await page.evaluate(() => [performance.timeOrigin, history.length]);
  // A link the router handles (same origin, not external), as one in a page's text would be.
  await page.evaluate(() => {
    const a = Object.assign(document.createElement('a'), { href: '/verify/C-404', id: 'to-verify', textContent: 'check' });
    document.querySelector('main').append(a);
  });
  await page.click('#to-verify');
  await page.waitForURL('**/verify/C-404');
  await expect(page.locator('h1')).toBeVisible();
  // A page load of a page served without the bundle, one step further in the history.
  expect(await page.evaluate(() => performance.timeOrigin)).not.toBe(origin);
  expect(await page.locator('script[type=module]').count()).toBe(0);
  expect(await page.evaluate(() => history.length)).toBe(entries + 1);
  await page.goBack();
  await expect(page).toHaveURL(/\/$/);
  expect(errors.list).toEqual([]);
});

test('a module that cannot be fetched shows a reload notice instead of a dead page @js', async ({ page }, testInfo) => {
  await signIn(page, LOGINS.admin);
  await page.goto('/');
  await hydrated(page, testInfo);
  // As after an upgrade that removed this build's files: every further module fails.
  await page.route('**/pkg/**/*.wasm', (route) => route.fulfill({ status: 404, body: '' }));
  await page.locator('nav a[href="/people"]').first().click();
  const notice = page.locator('#reload-notice');
  await expect(notice).toBeVisible();
  await expect(notice).toContainText('A new version of Staffport is available.');
  await expect(notice.getByRole('link', { name: 'Reload' })).toBeVisible();
  // Reloading with the files back brings the page.
  await page.unroute('**/pkg/**/*.wasm');
  await notice.getByRole('link', { name: 'Reload' }).click();
  await hydrated(page, testInfo);
  await expect(page.locator('#reload-notice')).toHaveCount(0);
});

test('a bundle that stops for another reason says so in the page\'s language, with a way back @js', async ({ page }, testInfo) => {
  await signIn(page, LOGINS.admin);
  await switchLocale(page, 'ru');
  // The language is the person's setting: cleared afterwards for later tests.
  try {
    await stopsInRussian(page, testInfo);
  } finally {
    forgetLocale(LOGINS.admin);
  }
});

async function stopsInRussian(page, testInfo) {
  await page.goto('/people');
  await hydrated(page, testInfo);
  await expect(page.locator('#reload-notice')).toHaveCount(0);
  // What a panic in the release bundle is to the page: the module traps (no message, no hook).
  await page.evaluate(() => setTimeout(() => { throw new WebAssembly.RuntimeError('unreachable'); }));
  const notice = page.locator('#reload-notice');
  await expect(notice).toContainText('Страница перестала работать.');
  await expect(notice.getByRole('link', { name: 'Обновить' })).toHaveAttribute('href', /\/people$/);
  // A script error that is not the bundle's stop changes nothing.
  await page.reload();
  await hydrated(page, testInfo);
  await page.evaluate(() => setTimeout(() => { throw new TypeError('not ours'); }));
  await page.waitForTimeout(200);
  await expect(page.locator('#reload-notice')).toHaveCount(0);
}
