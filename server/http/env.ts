import type { Person } from '../directory/directory';
import type { Session } from '../auth/sessions';
import type { Tx } from '../storage/storage';

/** What middleware puts on the request context for the handlers after it. */
export interface AppEnv {
  Variables: {
    viewer: { person: Person; session: Session; sessionToken: string };
    /** Set by requireDevice: the person behind a verified extension token and proof. */
    device: {
      person: Person;
      sessionId: string;
      /** Marks the request's proof used, in the caller's unit of work when given; throws on a replay. */
      spendProof: (tx?: Tx) => Promise<void>;
    };
  };
}
