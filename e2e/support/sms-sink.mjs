// A local SMS / messenger gateway: takes the server's `POST {"to", "text"}` and writes each
// message beside the mails (a JSON file with `to` and `body`), so `mailTo(phone)` finds it.
import http from 'node:http';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

export function startSmsSink(dir) {
  mkdirSync(dir, { recursive: true });
  let count = 0;
  const server = http.createServer((req, res) => {
    let body = '';
    req.on('data', (chunk) => { body += chunk; });
    req.on('end', () => {
      try {
        const { to, text } = JSON.parse(body);
        count += 1;
        writeFileSync(join(dir, `${Date.now()}-sms-${count}.json`), JSON.stringify({ to, subject: '', body: text }));
        res.writeHead(200, { 'content-type': 'application/json' }).end('{"ok":true}');
      } catch {
        res.writeHead(400).end();
      }
    });
  });
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve({ port: server.address().port, close: () => server.close() })));
}
