import { generateDeviceKey, publicDeviceJwk, type DeviceJwk } from '../../../shared/extension/dpop-proof';

/**
 * The device key that binds the extension's token to this browser profile. The private key is a
 * non-extractable CryptoKey: IndexedDB keeps the handle across service-worker restarts, but no code (ours
 * included) can read its bytes.
 */
const DATABASE = 'gatehouse-device';
const STORE = 'keys';
const KEY_ID = 'device';

export interface DeviceKey {
  privateKey: CryptoKey;
  jwk: DeviceJwk;
}

function openDatabase(): Promise<IDBDatabase> {
  return new Promise((resolve, reject) => {
    const request = indexedDB.open(DATABASE, 1);
    request.onupgradeneeded = () => request.result.createObjectStore(STORE);
    request.onsuccess = () => resolve(request.result);
    request.onerror = () => reject(request.error);
  });
}

function inStore<T>(mode: IDBTransactionMode, act: (store: IDBObjectStore) => IDBRequest<T>): Promise<T> {
  return openDatabase().then((db) =>
    new Promise<T>((resolve, reject) => {
      const request = act(db.transaction(STORE, mode).objectStore(STORE));
      request.onsuccess = () => resolve(request.result);
      request.onerror = () => reject(request.error);
    }).finally(() => db.close()),
  );
}

let cached: Promise<DeviceKey> | undefined;

async function loadOrCreate(): Promise<DeviceKey> {
  const stored = await inStore<DeviceKey | undefined>('readonly', (store) => store.get(KEY_ID));
  if (stored) return stored;
  const pair = await generateDeviceKey();
  const key = { privateKey: pair.privateKey, jwk: await publicDeviceJwk(pair.publicKey) };
  await inStore('readwrite', (store) => store.put(key, KEY_ID));
  return key;
}

/** This profile's device key, created on first use. */
export function deviceKey(): Promise<DeviceKey> {
  cached ??= loadOrCreate().catch((error) => {
    cached = undefined;
    throw error;
  });
  return cached;
}
