// One autocannon run, meant to be started pinned to the load generator's core by run.mjs.
//
//   node test/bench/load.mjs '<json spec>'
//
// spec: { url, method?, headers?, body?, bodies?, connections, seconds, warmupSeconds?, amount?, release? }.
// `bodies`: each request sends the next of these in turn (e.g. many badges, so no one badge is in flight
// on several connections at once, as no child's is in a classroom).
// Only 127.0.0.1 is accepted. `amount` runs that many requests instead of `seconds`.
// `release: { cookie, token, privateJwk, launches }` turns the run into credential releases against the
// Gatehouse at `url`: first (untimed) it creates `launches` launches with the cookie and signs one DPoP
// proof per launch with the device key, then every request autocannon sends takes the next launch and its
// proof. Requests beyond the last launch still go out (for a launch id that does not exist, so they fail
// and are counted as non-2xx) and are reported as `launchesShort`.
// Prints one JSON line: successful (2xx) responses per second plus the counts that say whether to trust it.

import autocannon from 'autocannon';
import { RELEASE_APP_ID, RELEASE_BODY, deviceKeyFromJwk, proofSigner, releasePath } from './release-client.mjs';

/** Connections for making launches: enough to keep the server busy, so the untimed setup stays short. */
const LAUNCH_CONNECTIONS = 16;

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
    ...(spec.bodies && { requests: [{ setupRequest: nextBodyOf(spec.bodies) }] }),
    connections: spec.connections,
    pipelining: 1,
    ...(spec.amount ? { amount: spec.amount } : { duration: spec.seconds }),
    warmup:
      spec.warmupSeconds && !spec.amount ? { connections: spec.connections, duration: spec.warmupSeconds } : undefined,
  };
}

/** autocannon's setupRequest that gives each request the next body in turn. */
function nextBodyOf(bodies) {
  let next = 0;
  return (request) => ({ ...request, body: bodies[next++ % bodies.length] });
}

/**
 * `count` tile clicks (launches) by the signed-in person, made with autocannon too (a lighter client than
 * fetch, so the server is the limit and this untimed step stays short). Resolves with the launch ids.
 */
async function makeLaunches(url, cookie, count) {
  const launchIds = [];
  const refusals = {};
  const onResponse = (status, body) => {
    if (status === 200) launchIds.push(JSON.parse(body).launchId);
    else refusals[status] = body.slice(0, 200);
  };
  const result = await autocannon({
    url: `${url}/api/vault/apps/${RELEASE_APP_ID}/launch`,
    method: 'POST',
    headers: { cookie, 'content-type': 'application/json' },
    body: '{}',
    connections: Math.min(LAUNCH_CONNECTIONS, count),
    pipelining: 1,
    amount: count,
    requests: [{ onResponse }],
  });
  if (launchIds.length !== count || result.errors || result.timeouts)
    throw new Error(
      `making ${count} launches gave ${launchIds.length} (${result.errors} errors, ${result.timeouts} timeouts; refused: ${JSON.stringify(refusals)})`,
    );
  return launchIds;
}

/**
 * Launches and proofs made before the clock starts, so the load generator only copies strings while the
 * server is measured. Proofs carry the current `iat`; the server accepts them for 60 s, as long as a launch.
 */
async function prepareReleases(spec) {
  const { cookie, token, privateJwk, launches } = spec.release;
  const portal = new URL(spec.url).origin;
  const started = performance.now();
  const launchIds = await makeLaunches(portal, cookie, launches);
  const sign = proofSigner(deviceKeyFromJwk(privateJwk), token);
  const prepared = launchIds.map((launchId) => {
    const path = releasePath(launchId);
    return { path, proof: sign('POST', `${portal}${path}`) };
  });
  const prepareSeconds = (performance.now() - started) / 1000;

  const headers = { 'content-type': 'application/json', authorization: `DPoP ${token}` };
  let taken = 0;
  let short = 0;
  const setupRequest = (request) => {
    let next = prepared[taken++];
    if (!next) {
      const path = releasePath(`bench-ran-out-of-launches-${++short}`);
      next = { path, proof: sign('POST', `${portal}${path}`) };
    }
    request.path = next.path;
    request.headers = { ...headers, dpop: next.proof };
    return request;
  };
  return {
    options: { method: 'POST', headers: {}, body: RELEASE_BODY, requests: [{ setupRequest }] },
    report: () => ({
      launches: prepared.length,
      launchesUsed: Math.min(taken, prepared.length),
      launchesShort: short,
      prepareSeconds: Number(prepareSeconds.toFixed(2)),
    }),
  };
}

function summarise(result) {
  const { warmup } = result;
  return {
    ok2xx: result['2xx'],
    non2xx: result.non2xx,
    statusCodes: result.statusCodeStats,
    errors: result.errors,
    timeouts: result.timeouts,
    seconds: result.duration,
    perSecond: result['2xx'] / result.duration,
    latencyMs: { p50: result.latency.p50, p99: result.latency.p99 },
    ...(warmup && {
      warmup: {
        ok2xx: warmup['2xx'],
        non2xx: warmup.non2xx,
        errors: warmup.errors,
        timeouts: warmup.timeouts,
        perSecond: warmup['2xx'] / warmup.duration,
      },
    }),
  };
}

/**
 * Runs autocannon; for an `amount` run the rate is timed here, up to the last response: autocannon only
 * notices the end on its once-a-second tick, so its own duration for such a run is rounded up to seconds.
 */
async function run(options) {
  const started = performance.now();
  let lastResponse = started;
  const instance = autocannon(options);
  if (options.amount) instance.on('response', () => (lastResponse = performance.now()));
  const summary = summarise(await instance);
  if (!options.amount) return summary;
  const seconds = (lastResponse - started) / 1000;
  return { ...summary, seconds: Number(seconds.toFixed(3)), perSecond: summary.ok2xx / seconds };
}

const spec = parseSpec(process.argv[2]);
const release = spec.release ? await prepareReleases(spec) : undefined;
const summary = await run({ ...autocannonOptions(spec), ...release?.options });
console.log(JSON.stringify({ ...summary, ...(release && { release: release.report() }) }));
