// The ceiling for password sign-in: how many argon2id verifies per second this core can do, with the
// same parameters and the same number in flight as the server's hasher. run.mjs pins it to the server's core.
//
//   node test/bench/argon2-verify.mjs <seconds> [inFlight=2] [warmupSeconds=1]
//
// Prints one JSON line: { verifies, seconds, perSecond, inFlight }.

import { hash, verify } from '@node-rs/argon2';

// Copied from ARGON2_PARAMS in server/auth/password-hasher.ts (algorithm 2 = Argon2id); keep in step.
const ARGON2_PARAMS = { algorithm: 2, memoryCost: 19_456, timeCost: 2, parallelism: 1 };
const PASSWORD = 'bench-password-1234';

/** `inFlight` loops each verifying back to back until `seconds` pass; returns the verifies finished. */
async function verifyFor(phc, seconds, inFlight) {
  const end = performance.now() + seconds * 1000;
  let verifies = 0;
  const loop = async () => {
    while (performance.now() < end) {
      if (!(await verify(phc, PASSWORD))) throw new Error('argon2id verify rejected the right password');
      verifies++;
    }
  };
  await Promise.all(Array.from({ length: inFlight }, loop));
  return verifies;
}

async function main() {
  const [seconds = 5, inFlight = 2, warmupSeconds = 1] = process.argv.slice(2).map(Number);
  const phc = await hash(PASSWORD, ARGON2_PARAMS);
  await verifyFor(phc, warmupSeconds, inFlight);
  const start = performance.now();
  const verifies = await verifyFor(phc, seconds, inFlight);
  const elapsed = (performance.now() - start) / 1000;
  console.log(JSON.stringify({ verifies, seconds: elapsed, perSecond: verifies / elapsed, inFlight }));
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
