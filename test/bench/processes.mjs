// Child processes and temp dirs for the bench: CPU pinning with taskset, waiting for a "ready" line,
// and cleanup that runs on success, on error and on Ctrl-C alike.

import { execFileSync, spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

/** Core for the servers under test (and the raw argon2id run, which stands in for a server). */
export const SERVER_CORE = 1;
/** Core for autocannon and for this orchestrator. */
export const LOAD_CORE = 0;

const children = new Set();
const tempDirs = new Set();
const cleanUpSteps = [];
let interrupted = false;

/** True once Ctrl-C or SIGTERM has started the cleanup (children then fail on purpose). */
export const wasInterrupted = () => interrupted;

/** Pins to single cores when taskset exists and cores 0 and 1 are both usable; otherwise says why not. */
export function detectPinning() {
  if (os.availableParallelism() < 2) return { pinned: false, note: 'only one core available' };
  try {
    for (const core of [LOAD_CORE, SERVER_CORE])
      execFileSync('taskset', ['-c', String(core), 'true'], { stdio: 'ignore' });
  } catch {
    return { pinned: false, note: 'taskset is missing or cannot pin to cores 0 and 1' };
  }
  return { pinned: true, note: `servers on core ${SERVER_CORE}, load generator on core ${LOAD_CORE}` };
}

/** Moves this process (all of its threads) to the load generator's core, so it never competes with a server. */
export function pinSelf(pinning) {
  if (!pinning.pinned) return;
  execFileSync('taskset', ['-a', '-cp', String(LOAD_CORE), String(process.pid)], { stdio: 'ignore' });
}

/** Starts `node <args>` on `core` (when pinning) and tracks it for cleanup. */
export function spawnNode(pinning, core, args, options = {}) {
  const [command, commandArgs] = pinning.pinned
    ? ['taskset', ['-c', String(core), process.execPath, ...args]]
    : [process.execPath, args];
  const child = spawn(command, commandArgs, { stdio: ['ignore', 'pipe', 'pipe'], ...options });
  child.output = { stdout: '', stderr: '' };
  child.stdout.setEncoding('utf8').on('data', (chunk) => (child.output.stdout += chunk));
  child.stderr.setEncoding('utf8').on('data', (chunk) => (child.output.stderr += chunk));
  // 'close', not 'exit': by then stdout has been read to the end.
  child.exited = new Promise((resolve) => child.once('close', (code, signal) => resolve({ code, signal })));
  children.add(child);
  child.exited.then(() => children.delete(child));
  return child;
}

const describeOutput = (child) =>
  `\n--- stdout ---\n${child.output.stdout.slice(-2000)}\n--- stderr ---\n${child.output.stderr.slice(-2000)}`;

/** Resolves with the first stdout match of `pattern`; rejects if the child exits or `timeoutMs` passes first. */
export function waitForOutput(child, pattern, what, timeoutMs = 30_000) {
  return new Promise((resolve, reject) => {
    const check = () => {
      const match = pattern.exec(child.output.stdout);
      if (match) finish(() => resolve(match));
    };
    const timer = setTimeout(
      () => finish(() => reject(new Error(`${what}: not ready after ${timeoutMs} ms${describeOutput(child)}`))),
      timeoutMs,
    );
    const onExit = (code, signal) =>
      finish(() => reject(new Error(`${what}: exited early (code ${code}, signal ${signal})${describeOutput(child)}`)));
    function finish(settle) {
      clearTimeout(timer);
      child.stdout.off('data', check);
      child.off('exit', onExit);
      settle();
    }
    child.stdout.on('data', check);
    child.once('exit', onExit);
    check();
  });
}

/** Runs a node script to completion and returns its last stdout line parsed as JSON. */
export async function runNodeForJson(pinning, core, args, what) {
  const child = spawnNode(pinning, core, args);
  const { code, signal } = await child.exited;
  const lastLine = child.output.stdout.trim().split('\n').at(-1) ?? '';
  if (code !== 0) throw new Error(`${what}: exited with code ${code}, signal ${signal}${describeOutput(child)}`);
  try {
    return JSON.parse(lastLine);
  } catch {
    throw new Error(`${what}: did not print a JSON result${describeOutput(child)}`);
  }
}

/** SIGTERM, then SIGKILL if the child has not gone after `graceMs`. */
export async function stopChild(child, graceMs = 5_000) {
  if (child.exitCode !== null || child.signalCode !== null) return;
  child.kill('SIGTERM');
  const timer = setTimeout(() => child.kill('SIGKILL'), graceMs);
  await child.exited;
  clearTimeout(timer);
}

export function makeTempDir(prefix) {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), prefix));
  tempDirs.add(dir);
  return dir;
}

/** Something else to undo at clean-up (a PostgreSQL server), after the children have stopped. */
export function onCleanUp(step) {
  cleanUpSteps.push(step);
}

/** Stops every child still running, runs the clean-up steps and removes every temp dir made here. */
export async function cleanUp() {
  await Promise.all([...children].map((child) => stopChild(child)));
  for (const step of cleanUpSteps.splice(0)) step();
  for (const dir of tempDirs) fs.rmSync(dir, { recursive: true, force: true });
  tempDirs.clear();
}

/** Last resort for exits that skip `cleanUp` (a signal, process.exit): kill synchronously, remove dirs. */
export function installExitHooks() {
  process.once('exit', () => {
    for (const child of children) child.kill('SIGKILL');
    for (const step of cleanUpSteps.splice(0)) step();
    for (const dir of tempDirs) fs.rmSync(dir, { recursive: true, force: true });
  });
  for (const signal of ['SIGINT', 'SIGTERM']) {
    process.once(signal, () => {
      interrupted = true;
      console.error(`\n${signal}: stopping benchmark servers…`);
      cleanUp().finally(() => process.exit(130));
    });
  }
}
