// A local SMTP server that accepts every message and writes it, decoded, to a JSON file per
// message, for tests running in other processes to read.
import net from 'node:net';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

function decodeBody(headers, lines) {
  const enc = (headers['content-transfer-encoding'] || '').toLowerCase();
  if (enc === 'base64') return Buffer.from(lines.join(''), 'base64').toString('utf8');
  if (enc === 'quoted-printable') {
    const joined = lines.join('\n').replace(/=\n/g, '');
    return Buffer.from(joined.replace(/=([0-9A-F]{2})/gi, (_, h) => String.fromCharCode(parseInt(h, 16))), 'latin1').toString('utf8');
  }
  return lines.join('\n');
}

export function startSmtpSink(dir) {
  mkdirSync(dir, { recursive: true });
  let count = 0;
  const server = net.createServer((socket) => {
    let buffer = '';
    let inData = false;
    let data = [];
    let to = '';
    socket.write('220 sink ESMTP\r\n');
    socket.on('data', (chunk) => {
      buffer += chunk.toString('utf8');
      let idx;
      while ((idx = buffer.indexOf('\r\n')) >= 0) {
        const line = buffer.slice(0, idx);
        buffer = buffer.slice(idx + 2);
        if (inData) {
          if (line === '.') {
            inData = false;
            const blank = data.indexOf('');
            const headers = {};
            for (const h of data.slice(0, blank)) {
              const i = h.indexOf(':');
              if (i > 0) headers[h.slice(0, i).toLowerCase()] = h.slice(i + 1).trim();
            }
            const body = decodeBody(headers, data.slice(blank + 1));
            writeFileSync(join(dir, `${Date.now()}-${count++}.json`), JSON.stringify({ to, subject: headers.subject, body }));
            data = [];
            socket.write('250 queued\r\n');
          } else {
            data.push(line.startsWith('..') ? line.slice(1) : line);
          }
          continue;
        }
        const verb = line.slice(0, 4).toUpperCase();
        if (verb === 'RCPT') to = (line.match(/<([^>]*)>/) || [])[1] || '';
        if (verb === 'DATA') { inData = true; socket.write('354 go ahead\r\n'); continue; }
        if (verb === 'QUIT') { socket.end('221 bye\r\n'); return; }
        socket.write('250 ok\r\n');
      }
    });
    socket.on('error', () => {});
  });
  return new Promise((resolve) => {
    server.listen(0, '127.0.0.1', () => resolve({ port: server.address().port, close: () => server.close() }));
  });
}
