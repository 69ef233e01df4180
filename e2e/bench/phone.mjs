// Time to interactive on an emulated phone: Chromium with its CPU slowed 4x and the "fast 3G"
// network (1.6 Mbps down, 750 kbps up, 150 ms latency), each run with an empty cache. Measures
// the timesheet grid (a contractor's month) and the approval link page, for the build named by
// STAFFPORT_BIN / STAFFPORT_SITE and, beside it in the same run, for a baseline build
// (BASELINE_BIN / BASELINE_SITE, e.g. the commit before a change) when given.
//   node bench/phone.mjs            (scripts/bench phone sets the variables)
import { chromium } from 'playwright-core';
import { freePort } from '../support/ports.mjs';
import { spawn, execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const RUNS = Number(process.env.BENCH_RUNS || 5);
const FAST_3G = { offline: false, latency: 150, downloadThroughput: (1.6 * 1024 * 1024) / 8, uploadThroughput: (750 * 1024) / 8 };
const CHROMIUM_ARGS = ['--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage', '--disable-quic', '--no-first-run',
  '--disable-background-networking', '--disable-component-update', '--disable-sync'];

async function startServer(bin, site, port) {
  const dir = mkdtempSync(join(tmpdir(), 'staffport-phone-'));
  const env = { ...process.env, DATABASE_URL: `sqlite://${join(dir, 'bench.db')}?mode=rwc`, STAFFPORT_PUBLIC_URL: `http://127.0.0.1:${port}`,
    LEPTOS_SITE_ROOT: site, RUST_LOG: 'error' };
  execFileSync(bin, ['seed'], { env, stdio: 'ignore' });
  const server = spawn(bin, ['serve', '--addr', `127.0.0.1:${port}`], { env, stdio: 'ignore' });
  for (let i = 0; i < 150; i++) {
    try { if ((await fetch(`http://127.0.0.1:${port}/health`)).ok) break; } catch { /* starting */ }
    await new Promise((r) => setTimeout(r, 200));
  }
  return () => { server.kill('SIGTERM'); rmSync(dir, { recursive: true, force: true }); };
}

async function signedInState(browser, base, email) {
  const context = await browser.newContext();
  const page = await context.newPage();
  await page.goto(`${base}/login`);
  await page.getByLabel('Email').fill(email);
  await page.getByLabel('Password').fill('staffport-demo');
  await page.getByRole('button', { name: 'Sign in', exact: true }).click();
  await page.waitForURL((u) => !u.pathname.startsWith('/login'));
  const state = await context.storageState();
  await context.close();
  return state;
}

/** Milliseconds from navigation start until the page is interactive (hydrated; a link page,
 *  plain HTML with no bundle, when it has loaded), and KB transferred. */
async function timeToInteractive(browser, url, state) {
  const context = await browser.newContext({ viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true, storageState: state });
  const page = await context.newPage();
  const cdp = await context.newCDPSession(page);
  await cdp.send('Network.enable');
  await cdp.send('Network.emulateNetworkConditions', FAST_3G);
  await cdp.send('Emulation.setCPUThrottlingRate', { rate: 4 });
  let bytes = 0;
  cdp.on('Network.loadingFinished', (e) => { bytes += e.encodedDataLength; });
  const started = Date.now();
  await page.goto(url, { waitUntil: 'commit' });
  await page.waitForLoadState('domcontentloaded', { timeout: 120_000 });
  if (await page.locator('script[type="module"]').count() > 0) {
    await page.waitForSelector('html[data-hydrated="true"]', { state: 'attached', timeout: 120_000 });
  } else {
    await page.waitForLoadState('load', { timeout: 120_000 });
  }
  const ms = Date.now() - started;
  await context.close();
  return { ms, kb: Math.round(bytes / 1024) };
}

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

async function measure(label, bin, site, port) {
  const stop = await startServer(bin, site, port);
  const base = `http://127.0.0.1:${port}`;
  const browser = await chromium.launch({ executablePath: process.env.CHROMIUM_PATH || '/usr/bin/chromium', args: CHROMIUM_ARGS });
  try {
    const contractor = await signedInState(browser, base, 'contractor@demo.staffport.dev');
    const pages = [['timesheet grid', `${base}/timesheets`, contractor], ['approval link', `${base}/approve/used-link-token`, undefined]];
    for (const [name, url, state] of pages) {
      const runs = [];
      for (let i = 0; i < RUNS; i++) runs.push(await timeToInteractive(browser, url, state));
      console.log(`${label.padEnd(9)} ${name.padEnd(15)} time to interactive ${String(median(runs.map((r) => r.ms))).padStart(6)} ms (median of ${RUNS}), ${median(runs.map((r) => r.kb))} KB transferred`);
    }
  } finally {
    await browser.close();
    stop();
  }
}

if (process.env.BASELINE_BIN) await measure('baseline', process.env.BASELINE_BIN, process.env.BASELINE_SITE, await freePort());
await measure('this', process.env.STAFFPORT_BIN, process.env.STAFFPORT_SITE, await freePort());
