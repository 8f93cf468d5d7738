// Password sign-ins, over and over, for the sign-in-during-import figure; run.mjs starts it pinned to the load
// generator's core. Unlike autocannon it keeps every request's start time, so the figure can take the
// requests that started while the import ran, and no others.
//
//   node test/bench/sign-in-load.mjs '{"url","username","password","connections","seconds"}'
//
// Stops after `seconds`, or sooner on SIGTERM (the requests in flight finish first). Prints one JSON line: { samples: [[startedAt (epoch
// ms), latency ms, status], …] } (status 0: the request failed without an answer).

const spec = JSON.parse(process.argv[2] ?? '');
if (new URL(spec.url).hostname !== '127.0.0.1') throw new Error(`The bench only loads 127.0.0.1, not ${spec.url}`);

let stopped = false;
const stop = () => (stopped = true);
setTimeout(stop, spec.seconds * 1000).unref();
process.on('SIGTERM', stop);

const body = JSON.stringify({ username: spec.username, password: spec.password });
const samples = [];

async function signInLoop() {
  while (!stopped) {
    const startedAt = Date.now();
    const started = performance.now();
    let status = 0;
    try {
      const response = await fetch(`${spec.url}/api/auth/sign-in`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body,
      });
      status = response.status;
      await response.arrayBuffer();
    } catch {
      status = 0;
    }
    samples.push([startedAt, Math.round((performance.now() - started) * 10) / 10, status]);
  }
}

await Promise.all(Array.from({ length: spec.connections }, signInLoop));
console.log(JSON.stringify({ samples }));
process.exit(0);
