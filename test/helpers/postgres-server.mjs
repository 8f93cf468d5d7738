import { execFileSync, spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';

/** The newest PostgreSQL server binaries installed (Debian's layout), or undefined. */
export function postgresBinaries() {
  const root = '/usr/lib/postgresql';
  if (!fs.existsSync(root)) return undefined;
  const versions = fs
    .readdirSync(root)
    .filter((name) => fs.existsSync(path.join(root, name, 'bin', 'initdb')))
    .sort((a, b) => Number(a) - Number(b));
  return versions.length ? path.join(root, versions.at(-1), 'bin') : undefined;
}

async function freePort() {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}

/**
 * A private PostgreSQL server on loopback in a temporary folder (initdb + start ≈ 1 s), for tests and benchmarks.
 * As root, the server runs as the `postgres` account, which PostgreSQL requires. `cpuList` (e.g. '1') pins the
 * server and its backends to those cores with taskset, as the bench pins the portal. The server outlives a
 * caller that is killed before it can call `stop()` by at most a few seconds: a watchdog stops it then.
 */
export async function startThrowawayPostgres({ cpuList } = {}) {
  const bin = postgresBinaries();
  if (!bin) throw new Error('PostgreSQL is not installed: apt-get install -y --no-upgrade postgresql');
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'gatehouse-pg-'));
  const asRoot = process.getuid?.() === 0;
  const run = (program, args) => {
    const binary = path.join(bin, program);
    const pinned = cpuList ? ['taskset', '-c', cpuList, binary] : [binary];
    const [command, ...commandArgs] = asRoot
      ? ['runuser', '-u', 'postgres', '--', ...pinned, ...args]
      : [...pinned, ...args];
    const result = spawnSync(command, commandArgs, { encoding: 'utf8' });
    if (result.status !== 0) throw new Error(`${program} failed: ${result.stderr || result.stdout}`);
  };
  if (asRoot) execFileSync('chown', ['postgres', dir]);
  const data = path.join(dir, 'data');
  run('initdb', ['-D', data, '-U', 'postgres', '-A', 'trust', '-E', 'UTF8', '--locale=C.UTF-8', '--no-sync']);
  const port = await freePort();
  const options = `-p ${port} -k ${dir} -c listen_addresses=127.0.0.1 -c fsync=off -c synchronous_commit=off -c max_connections=300`;
  run('pg_ctl', ['-D', data, '-l', path.join(dir, 'log'), '-w', '-o', options, 'start']);
  stopWhenGone(process.pid, asRoot, path.join(bin, 'pg_ctl'), data, dir);
  const urlFor = (database) => `postgres://postgres@127.0.0.1:${port}/${database}`;
  return {
    url: urlFor('postgres'),
    urlFor,
    stop() {
      try {
        run('pg_ctl', ['-D', data, '-m', 'immediate', 'stop']);
      } finally {
        fs.rmSync(dir, { recursive: true, force: true });
      }
    },
  };
}

/** A detached shell that stops the server and removes its folder once process `pid` has gone. */
function stopWhenGone(pid, asRoot, pgCtl, data, dir) {
  const stop = `${asRoot ? 'runuser -u postgres -- ' : ''}"${pgCtl}" -D "${data}" -m immediate stop`;
  const script = `while kill -0 ${pid} 2>/dev/null; do sleep 2; done; ${stop} >/dev/null 2>&1; rm -rf "${dir}"`;
  spawn('sh', ['-c', script], { detached: true, stdio: 'ignore' }).unref();
}
