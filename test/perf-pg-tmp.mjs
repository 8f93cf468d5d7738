import { startThrowawayPostgres } from './helpers/postgres-server.mjs';
import { spawnSync } from 'node:child_process';
const pg = await startThrowawayPostgres();
try {
  const r = spawnSync('npx', ['tsx', 'test/perf-tmp.ts', 'pg', pg.url, process.argv[2] ?? '60000'], {
    stdio: 'inherit',
  });
} finally {
  pg.stop();
}
