import { portalMessage, type PortalReply } from '../../../shared/extension/messages';
import { reportRepairs } from '../bookmarks/report-repairs';
import { managedConfig } from '../config/managed-config';
import { cancelAllLaunches, launchFromPortal, testFromPortal } from '../launch/launches';
import { currentSession, endSession, pair } from '../session/extension-session';

/**
 * Messages from the portal page over `externally_connectable`. The manifest already limits which pages
 * can send; here only the configured portal origin is listened to, and only known messages.
 */
export async function handlePortalMessage(message: unknown, senderOrigin: string | undefined): Promise<PortalReply> {
  const config = managedConfig();
  if (!config) return { ok: false, reason: 'not_configured' };
  if (senderOrigin !== new URL(config.portalOrigin).origin) return { ok: false, reason: 'bad_message' };
  const parsed = portalMessage.safeParse(message);
  if (!parsed.success) return { ok: false, reason: 'bad_message' };
  const request = parsed.data;
  switch (request.type) {
    case 'status': {
      const session = await currentSession();
      return { ok: true, signedInAs: session?.person.username ?? null };
    }
    case 'pair':
      if (!config.deviceSecretId || !config.deviceSecret) return { ok: false, reason: 'not_managed' };
      try {
        const managed = { id: config.deviceSecretId, secret: config.deviceSecret };
        const person = await pair(config.apiBase, request.code, managed);
        void reportRepairs(); // repairs made before anyone was signed in
        return { ok: true, signedInAs: person.username };
      } catch {
        return { ok: false, reason: 'pairing_failed' };
      }
    case 'launch':
      return launchFromPortal(request.ticket);
    case 'test-connector':
      return testFromPortal(request.test);
    case 'signed-out':
      cancelAllLaunches();
      await endSession();
      return { ok: true, signedInAs: null };
  }
}
