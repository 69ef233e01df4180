// A port to start a server on: free now, below the kernel's ephemeral range (32768 and up), so
// no outgoing connection of the run (PostgreSQL, the mail sink) can take it before the server
// binds it. A random port from 20000–50000 once collided and the run failed to start.
import { createServer } from 'node:net';

export async function freePort() {
  for (;;) {
    const port = 20000 + Math.floor(Math.random() * 12000);
    const free = await new Promise((resolve) => {
      const probe = createServer().once('error', () => resolve(false));
      probe.listen(port, '127.0.0.1', () => probe.close(() => resolve(true)));
    });
    if (free) return port;
  }
}
