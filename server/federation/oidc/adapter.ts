import { errors, type Adapter, type AdapterFactory, type AdapterPayload, type ClientMetadata } from 'oidc-provider';
import type { OidcPayloadStore, StoredPayload } from './payload-store';

/**
 * oidc-provider's storage on the storage seam: every model in `oidc_payloads` through the payload store, except
 * clients, which are IT's registrations (read on every lookup, so an edit or removal takes effect at once).
 */
export function payloadAdapter(
  store: OidcPayloadStore,
  clientMetadata: (clientId: string) => Promise<ClientMetadata | undefined>,
): AdapterFactory {
  return (model) => (model === 'Client' ? registeredClients(clientMetadata) : storedModel(store, model));
}

const asPayload = (stored: StoredPayload | undefined): AdapterPayload | undefined =>
  stored && {
    ...stored.payload,
    ...(stored.consumedAt === null ? {} : { consumed: Math.floor(stored.consumedAt / 1000) }),
  };

function storedModel(store: OidcPayloadStore, model: string): Adapter {
  return {
    upsert: (id, payload, expiresIn) => store.upsert(model, id, { ...payload }, expiresIn),
    find: async (id) => asPayload(await store.find(model, id)),
    findByUid: async (uid) => asPayload(await store.findByUid(model, uid)),
    findByUserCode: async (userCode) => asPayload(await store.findByUserCode(model, userCode)),
    async consume(id) {
      // Two token requests with one code both read it unspent; only the first spends it.
      if (!(await store.consume(model, id))) throw new errors.InvalidGrant('grant already used');
    },
    destroy: (id) => store.destroy(model, id),
    revokeByGrantId: (grantId) => store.revokeByGrantId(model, grantId),
  };
}

function registeredClients(clientMetadata: (clientId: string) => Promise<ClientMetadata | undefined>): Adapter {
  const readOnly = async () => {
    throw new Error('OIDC clients are registered by IT (the Apps page, the API or the CLI), not by the provider.');
  };
  return {
    find: (clientId) => clientMetadata(clientId),
    findByUid: async () => undefined,
    findByUserCode: async () => undefined,
    upsert: readOnly,
    consume: readOnly,
    destroy: readOnly,
    revokeByGrantId: readOnly,
  };
}
