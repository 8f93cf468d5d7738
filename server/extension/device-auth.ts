import type { MiddlewareHandler } from 'hono';
import type { SessionStore } from '../auth/sessions';
import type { Directory, Person } from '../directory/directory';
import { AppError } from '../errors';
import type { AppEnv } from '../http/env';
import type { Tx } from '../storage/storage';
import { checkDeviceProof, PROOF_WINDOW_MS } from './device-proof';
import type { ExtensionSessionStore } from './extension-sessions';
import type { ExtensionTokens } from './tokens';

export interface DeviceAuthDeps {
  tokens: ExtensionTokens;
  extensionSessions: ExtensionSessionStore;
  directory: Directory;
  /** The portal's public URL; proofs name it, whatever Host header a proxy sends. */
  publicUrl: string;
  /** Portal sessions: an extension session ends when its portal session would (idle or absolute). */
  sessions: Pick<SessionStore, 'peekByHash'>;
  /** As the portal's viewer check: a badge session ends when its person stops being eligible for a badge. */
  badgeStillAllowed: (person: Person) => boolean;
  now: () => number;
}

const refuse = (code: string, message: string) =>
  new AppError(code, 401, message, { 'WWW-Authenticate': `DPoP error="invalid_token", algs="ES256"` });

/**
 * Every extension call: a valid token (`Authorization: DPoP …`), a fresh single-use proof from the device
 * key it is bound to (`DPoP: …`), and a session that has not ended for a person who is still active.
 * A handler that writes anyway may spend the proof in its own transaction (`proofSpentBy: 'handler'`),
 * saving a commit on the busiest call; it must `await device.spendProof(tx)` before anything else.
 * Revocation holds across processes because nothing here is cached: the extension session, the portal
 * session and the person are read afresh on every call (the token cache only saves the signature check).
 */
export function requireDevice(
  deps: DeviceAuthDeps,
  options: { proofSpentBy: 'middleware' | 'handler' } = { proofSpentBy: 'middleware' },
): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    const authorization = c.req.header('authorization') ?? '';
    const [scheme, token] = authorization.split(' ');
    if (scheme !== 'DPoP' || !token) throw refuse('token_missing', 'This call needs the extension’s token.');
    const checked = await deps.tokens.verify(token);
    if (!checked.ok) {
      throw refuse(
        checked.code,
        checked.code === 'token_expired' ? 'The extension’s token has expired.' : 'The extension’s token was refused.',
      );
    }
    const proof = c.req.header('dpop');
    if (!proof) throw refuse('proof_missing', 'This call needs a proof signed by the device key.');

    const { claims } = checked;
    const now = deps.now();
    const session = await deps.extensionSessions.find(claims.sid);
    const person = session && (await deps.directory.findById(session.userId));
    const portal = session && (await deps.sessions.peekByHash(session.portalSessionHash));
    if (
      !session ||
      !person ||
      person.status !== 'active' ||
      session.userId !== claims.sub ||
      session.deviceJkt !== claims.jkt ||
      !portal ||
      (portal.method === 'badge' && !deps.badgeStillAllowed(person))
    ) {
      throw refuse('session_ended', 'The extension’s session has ended. Sign in at the portal again.');
    }
    const url = `${deps.publicUrl}${c.req.path}`;
    const verdict = checkDeviceProof(proof, { method: c.req.method, url, token, deviceKey: session.deviceJwk, now });
    if (!verdict.ok) throw refuse('proof_invalid', `The request proof was refused: ${verdict.problem}.`);
    // Remembered for twice the window a proof is accepted in, so it cannot come back while it would pass.
    const spendProof = async (tx?: Tx) => {
      if (!(await deps.extensionSessions.spendProof(verdict.jti, now + 2 * PROOF_WINDOW_MS, tx))) {
        throw refuse('proof_replayed', 'That request proof was already used.');
      }
    };
    if (options.proofSpentBy === 'middleware') await spendProof();

    c.set('device', { person, sessionId: session.id, spendProof });
    return next();
  };
}
