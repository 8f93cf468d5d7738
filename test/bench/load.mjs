// One autocannon run, meant to be started pinned to the load generator's core by run.mjs.
//
//   node test/bench/load.mjs '<json spec>'
//
// spec: { url, method?, headers?, body?, connections, seconds, warmupSeconds? }. Only 127.0.0.1 is accepted.
// Prints one JSON line: successful (2xx) responses per second plus the counts that say whether to trust it.

import autocannon from 'autocannon';

function parseSpec(argument) {
  const spec = JSON.parse(argument ?? '');
  if (new URL(spec.url).hostname !== '127.0.0.1') throw new Error(`The bench only loads 127.0.0.1, not ${spec.url}`);
  return spec;
}

function autocannonOptions(spec) {
  return {
    url: spec.url,
    method: spec.method ?? 'GET',
    headers: spec.headers ?? {},
    body: spec.body,
    connections: spec.connections,
    pipelining: 1,
    duration: spec.seconds,
    warmup: spec.warmupSeconds ? { connections: spec.connections, duration: spec.warmupSeconds } : undefined,
  };
}

function summarise(result) {
  return {
    ok2xx: result['2xx'],
    non2xx: result.non2xx,
    statusCodes: result.statusCodeStats,
    errors: result.errors,
    timeouts: result.timeouts,
    seconds: result.duration,
    perSecond: result['2xx'] / result.duration,
    latencyMs: { p50: result.latency.p50, p99: result.latency.p99 },
  };
}

const result = await autocannon(autocannonOptions(parseSpec(process.argv[2])));
console.log(JSON.stringify(summarise(result)));
