// Starts what the browser tests talk to: an SMTP sink, and the real server on a fresh SQLite
// database with the demo data. Returns the teardown.
import { spawn, execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startSmtpSink } from './support/smtp-sink.mjs';
import { startSmsSink } from './support/sms-sink.mjs';

export default async function globalSetup() {
  const bin = process.env.STAFFPORT_BIN;
  if (!bin) throw new Error('STAFFPORT_BIN is not set: run the browser tests through scripts/test');
  const port = process.env.STAFFPORT_E2E_PORT;
  const dir = mkdtempSync(join(tmpdir(), 'staffport-e2e-'));
  const mailDir = join(dir, 'mail');
  process.env.STAFFPORT_MAIL_DIR = mailDir;
  const sink = await startSmtpSink(mailDir);
  const sms = await startSmsSink(mailDir);
  const env = {
    ...process.env,
    DATABASE_URL: `sqlite://${join(dir, 'e2e.db')}?mode=rwc`,
    STAFFPORT_PUBLIC_URL: `http://127.0.0.1:${port}`,
    STAFFPORT_SMTP_URL: `smtp://127.0.0.1:${sink.port}`,
    STAFFPORT_SMS_URL: `http://127.0.0.1:${sms.port}/send`,
    STAFFPORT_OUTBOX_POLL_MS: '100',
    // The suite signs in as the same people many times; the limit itself is tested in Rust.
    STAFFPORT_LOGIN_PER_ACCOUNT_PER_MIN: '10000',
    STAFFPORT_LOGIN_PER_ADDR_PER_MIN: '10000',
    LEPTOS_SITE_ROOT: process.env.STAFFPORT_SITE || '../target/site',
    RUST_LOG: 'warn',
  };
  execFileSync(bin, ['seed', '--people', '60'], { env, stdio: 'inherit' });
  // For tests that use the server's own command line beside it (a second organisation).
  process.env.STAFFPORT_E2E_DATABASE_URL = env.DATABASE_URL;
  const server = spawn(bin, ['serve', '--addr', `127.0.0.1:${port}`], { env, stdio: 'inherit' });
  const deadline = Date.now() + 30_000;
  for (;;) {
    try {
      const res = await fetch(`http://127.0.0.1:${port}/health`);
      if (res.ok) break;
    } catch { /* not up yet */ }
    if (Date.now() > deadline || server.exitCode !== null) throw new Error('the server did not start');
    await new Promise((r) => setTimeout(r, 200));
  }
  return async () => {
    // Its outbox may still be handing the mail sink a message: the folder goes once it has exited.
    const exited = server.exitCode === null ? new Promise((resolve) => server.once('exit', resolve)) : null;
    server.kill('SIGTERM');
    await exited;
    sink.close();
    sms.close();
    rmSync(dir, { recursive: true, force: true });
  };
}
