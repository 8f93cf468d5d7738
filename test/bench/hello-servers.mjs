// The two baselines for the Gatehouse bench: the same `{"hello":"world"}` answer from a bare node:http
// server and from a Hono app on @hono/node-server (the stack Gatehouse runs on).
//
//   node test/bench/hello-servers.mjs node-http|hono [port]
//
// Listens on 127.0.0.1 (port 0 = any free port) and prints "hello server listening on 127.0.0.1:<port>".

import http from 'node:http';
import { pathToFileURL } from 'node:url';
import { serve } from '@hono/node-server';
import { Hono } from 'hono';

const HOST = '127.0.0.1';

/** Bare node:http: every path answers 200 with the hello JSON. */
function startNodeHttp(port) {
  return new Promise((resolve) => {
    const server = http.createServer((_req, res) => {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ hello: 'world' }));
    });
    server.listen(port, HOST, () => resolve({ server, port: server.address().port }));
  });
}

/** Hono on @hono/node-server: every path answers 200 with the hello JSON. */
function startHono(port) {
  const app = new Hono();
  app.all('*', (c) => c.json({ hello: 'world' }));
  return new Promise((resolve) => {
    const server = serve({ fetch: app.fetch, port, hostname: HOST }, (info) => resolve({ server, port: info.port }));
  });
}

export const HELLO_SERVERS = { 'node-http': startNodeHttp, hono: startHono };

/** Starts the named hello server; resolves with `{ server, port }`. */
export function startHelloServer(kind, port = 0) {
  const start = HELLO_SERVERS[kind];
  if (!start)
    throw new Error(`Unknown hello server "${kind}"; expected one of: ${Object.keys(HELLO_SERVERS).join(', ')}`);
  return start(port);
}

async function main() {
  const [kind, port = '0'] = process.argv.slice(2);
  const { server, port: boundPort } = await startHelloServer(kind, Number(port));
  console.log(`hello server listening on ${HOST}:${boundPort}`);
  const stop = () => server.close(() => process.exit(0));
  process.once('SIGTERM', stop);
  process.once('SIGINT', stop);
}

if (import.meta.url === pathToFileURL(process.argv[1]).href) {
  main().catch((error) => {
    console.error(error);
    process.exit(1);
  });
}
