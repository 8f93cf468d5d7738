import { readManagedConfig, type ManagedConfig } from '../../../shared/managed-config';

/**
 * The district's configuration from Chrome policy (`chrome.storage.managed`). On a fresh profile it arrives
 * seconds after start-up, so an empty read means "not yet", never "none". A configuration that later turns
 * empty or invalid does not replace the last good one (kept in local storage across restarts); nothing
 * here ever signs the person out.
 */
const LAST_GOOD_KEY = 'lastGoodManagedConfig';

export type ConfigState = 'ok' | 'missing' | 'invalid';

let current: ManagedConfig | undefined;
let state: ConfigState = 'missing';
let rawValues: Record<string, unknown> = {};
const listeners = new Set<(config: ManagedConfig) => void>();

/** The configuration in force, if any has ever been good. */
export const managedConfig = () => current;

/** The managed-device secret is never shown, only whether the policy carries one. */
const withoutSecret = <T extends Record<string, unknown>>({ deviceSecret, ...rest }: T) => ({
  ...rest,
  ...(deviceSecret ? { deviceSecret: true } : {}),
});

/** What the popup's diagnostics show: the state of the latest read and the values in force. */
export const configDiagnostics = () => ({
  state,
  inForce: current !== undefined,
  values: withoutSecret(current ?? rawValues),
});

/** Called with every new good configuration (on arrival and on each change). */
export function onConfig(listener: (config: ManagedConfig) => void) {
  listeners.add(listener);
}

async function apply(raw: Record<string, unknown>) {
  rawValues = raw;
  const read = readManagedConfig(raw);
  state = read.ok ? 'ok' : read.reason;
  const next = read.ok ? read.config : (current ?? (await restoreLastGood()));
  if (!next || JSON.stringify(next) === JSON.stringify(current)) return;
  current = next;
  // The copy on disk leaves the managed-device secret out: only managed storage ever holds it.
  if (read.ok) await browser.storage.local.set({ [LAST_GOOD_KEY]: { ...next, deviceSecret: undefined } });
  for (const listener of listeners) listener(next);
}

async function restoreLastGood(): Promise<ManagedConfig | undefined> {
  const stored = (await browser.storage.local.get(LAST_GOOD_KEY))[LAST_GOOD_KEY];
  const read = readManagedConfig(stored);
  return read.ok ? read.config : undefined;
}

/** Reads the policy now and whenever Chrome says it changed. Call once, at the worker's top level. */
export function watchManagedConfig(): Promise<void> {
  browser.storage.onChanged.addListener((_changes, area) => {
    if (area === 'managed') void browser.storage.managed.get(null).then(apply);
  });
  return browser.storage.managed
    .get(null)
    .catch(() => ({}))
    .then(apply);
}
