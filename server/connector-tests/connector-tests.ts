import { randomBytes } from 'node:crypto';
import type { AppCatalog } from '../apps/catalog';
import type { AuditLog } from '../audit/audit-log';
import { ConnectorInvalidError, problemsOf, type ConnectorStore } from '../connectors/connector-store';
import type { Person } from '../directory/directory';
import type { Storage, Tx } from '../storage/storage';
import type { CipherBinding, VaultCipher } from '../vault/cipher';
import type { ConnectorTestRequest, ConnectorTestRunView, ConnectorTestStarted } from '../../shared/connector-tests';
import { connectorSchema, type ConnectorDefinition } from '../../shared/connectors/connector';
import { isOnOrigins } from '../../shared/origins';
import type { Credential } from '../../shared/vault/entry';
import { blameOf, countedReason, type FillOutcomeReport } from '../../shared/vault/fill-outcome';
import { testRunError, type TestRunRefusal } from './refusals';
import { createTestRunStore, type TestRun } from './test-run-store';

/** IT has five minutes to get the test to a managed browser's extension. */
export const TEST_RUN_MS = 5 * 60_000;
/**
 * After its release a run is finished once the extension has had time for every login step and the result
 * (the runner's waits, with room to spare), even if its last report never came.
 */
export const RUN_SETTLES_MS = 90_000;

export interface ConnectorTestDeps {
  storage: Storage;
  cipher: VaultCipher;
  connectors: Pick<ConnectorStore, 'current'>;
  catalog: Pick<AppCatalog, 'byId'>;
  audit: AuditLog;
  /** Whether the person may still run connector tests (the right the Connectors page needs). */
  mayTest: (person: Person) => Promise<boolean>;
  allowDevelopmentHttp: boolean;
  now: () => number;
}

export interface TestReleaseRequest {
  runId: string;
  appId: string;
  /** The origin of the page the extension is about to fill. */
  origin: string;
  person: Person;
  ip: string;
  /** Marks the request's device proof used, in the release's own transaction. */
  spendProof: (tx: Tx) => Promise<void>;
}

type Result<T> = ({ ok: true } & T) | { ok: false; code: TestRunRefusal };

const FINAL_OUTCOMES = new Set(['succeeded', 'failed']);

/**
 * IT's connector tests: a test account's sign-in, sealed like a vault value, released once to the same IT
 * person's extension within five minutes, then what the extension saw. A test never reads, holds or counts
 * the app's real stored sign-ins: it has its own table and never touches the vault's.
 */
export function createConnectorTests(deps: ConnectorTestDeps) {
  const { storage, cipher, connectors, catalog, audit, now } = deps;
  const runs = createTestRunStore(storage);
  const schema = connectorSchema({ allowDevelopmentHttp: deps.allowDevelopmentHttp });

  const binding = (run: Pick<TestRun, 'id' | 'createdBy' | 'appId'>, field: keyof Credential): CipherBinding => ({
    entryId: run.id,
    owner: run.createdBy,
    appId: run.appId,
    field: `connector-test.${field}`,
  });

  function viewOf(run: TestRun): ConnectorTestRunView {
    const at = now();
    const finished =
      (run.outcome !== null && FINAL_OUTCOMES.has(run.outcome)) ||
      (run.releasedAt !== null && at >= run.releasedAt + RUN_SETTLES_MS);
    const state = finished
      ? 'finished'
      : run.releasedAt !== null
        ? 'running'
        : at >= run.expiresAt
          ? 'expired'
          : 'waiting';
    return {
      id: run.id,
      appId: run.appId,
      state,
      createdAt: run.createdAt,
      expiresAt: run.expiresAt,
      releasedAt: run.releasedAt,
      outcome: run.outcome,
      reason: run.outcomeReason,
      blame: run.outcomeReason ? blameOf(run.outcomeReason) : null,
      seen: run.seen,
    };
  }

  async function refuseStart(person: Person, appId: string, reason: string, ip: string) {
    await audit.record({
      action: 'connector.test_run',
      outcome: 'failure',
      actorUserId: person.id,
      appId: appId.slice(0, 100),
      ip,
      detail: { reason },
    });
  }

  /** The editor's connector when given (checked as a save would be), else the app's saved one. */
  async function connectorToTest(person: Person, input: ConnectorTestRequest, ip: string) {
    if (input.definition === undefined) {
      const saved = connectors.current(input.appId);
      if (saved) return { definition: saved.definition, version: saved.version };
      await refuseStart(person, input.appId, 'test_no_connector', ip);
      throw testRunError('test_no_connector');
    }
    const parsed = schema.safeParse(input.definition);
    if (parsed.success) return { definition: parsed.data, version: null };
    const problems = problemsOf(input.appId, parsed.error.issues);
    await refuseStart(person, input.appId, 'connector_invalid', ip);
    throw new ConnectorInvalidError(problems.map((problem) => ({ ...problem, field: `definition.${problem.field}` })));
  }

  async function decideRelease(
    request: TestReleaseRequest,
    run: TestRun | undefined,
  ): Promise<Result<{ run: TestRun }>> {
    if (!run || run.createdBy !== request.person.id) return { ok: false, code: 'test_run_not_found' };
    if (run.appId !== request.appId) return { ok: false, code: 'test_run_app_mismatch' };
    if (run.releasedAt !== null) return { ok: false, code: 'test_run_used' };
    // IT was already shown how it ended (the extension failed before it could release): nothing more goes out.
    if (run.outcome !== null && FINAL_OUTCOMES.has(run.outcome)) return { ok: false, code: 'test_run_finished' };
    if (now() >= run.expiresAt) return { ok: false, code: 'test_run_expired' };
    if (!isOnOrigins(request.origin, run.definition.origins)) return { ok: false, code: 'origin_not_allowed' };
    if (!(await deps.mayTest(request.person))) return { ok: false, code: 'test_not_allowed' };
    return { ok: true, run };
  }

  /** Why a release lost its guarded update: another took it, IT was shown a final outcome, or time ran out. */
  const afterLostRelease = (run: TestRun | undefined) =>
    run?.releasedAt !== null
      ? 'test_run_used'
      : run.outcome !== null && FINAL_OUTCOMES.has(run.outcome)
        ? 'test_run_finished'
        : 'test_run_expired';

  /** Opens the run's test credential, read in the release's transaction before the update wipes it. */
  const openCredential = (run: TestRun): Credential => ({
    username: cipher.open(run.username, binding(run, 'username')),
    password: cipher.open(run.password, binding(run, 'password')),
    ...(run.extra ? { extra: cipher.open(run.extra, binding(run, 'extra')) } : {}),
  });

  return {
    /** A new run for IT's own extension; the test credential is sealed, never logged or shown again. */
    async start(person: Person, input: ConnectorTestRequest, ip: string): Promise<ConnectorTestStarted> {
      const app = catalog.byId(input.appId);
      if (!app) {
        await refuseStart(person, input.appId, 'test_app_not_found', ip);
        throw testRunError('test_app_not_found');
      }
      const { definition, version } = await connectorToTest(person, input, ip);
      const at = now();
      const place = { id: randomBytes(16).toString('base64url'), createdBy: person.id, appId: app.id };
      const run = {
        ...place,
        definition,
        username: cipher.seal(input.username, binding(place, 'username')),
        password: cipher.seal(input.password, binding(place, 'password')),
        extra: input.extra === undefined ? null : cipher.seal(input.extra, binding(place, 'extra')),
        createdAt: at,
        expiresAt: at + TEST_RUN_MS,
      };
      await storage.transaction(async (tx) => {
        await runs.wipeExpired(at, tx);
        await runs.create(run, tx);
        await audit.record(
          {
            action: 'connector.test_run',
            outcome: 'success',
            actorUserId: person.id,
            appId: app.id,
            ip,
            detail: { runId: run.id, connector: version === null ? 'unsaved' : `version ${version}` },
          },
          tx,
        );
      });
      const fresh = { releasedAt: null, outcome: null, outcomeReason: null, seen: null, outcomeAt: null };
      return {
        run: viewOf({ ...run, ...fresh }),
        ticket: { runId: run.id, appId: app.id, launchUrl: definition.launchUrl, origins: [...definition.origins] },
      };
    },

    /** The run as its creator sees it; anyone else is told it does not exist (and the attempt is audited). */
    async view(person: Person, runId: string, ip: string): Promise<ConnectorTestRunView> {
      const run = await runs.find(runId);
      if (run && run.createdBy === person.id) return viewOf(run);
      await audit.record({
        action: 'access.denied',
        outcome: 'failure',
        actorUserId: person.id,
        appId: run?.appId ?? null,
        ip,
        detail: { reason: 'test_run_not_found', runId: runId.slice(0, 100) },
      });
      throw testRunError('test_run_not_found');
    },

    /**
     * Exactly once, to the extension of the IT person who made the run, on one of the tested connector's
     * origins, before it expires. The proof spent, the run marked used (its sealed credential wiped) and the
     * audit row written: all three, or none.
     */
    async release(request: TestReleaseRequest): Promise<{ credential: Credential; connector: ConnectorDefinition }> {
      // Decided before the transaction (a read of the rights inside it would wait for the connection it holds);
      // the guarded update inside still decides who wins.
      const before = await decideRelease(request, await runs.find(request.runId));
      const result = await storage.transaction(async (tx) => {
        await request.spendProof(tx);
        const run = before.ok ? await runs.find(before.run.id, tx) : undefined;
        let decided = before;
        const credential = run && run.password !== '' ? openCredential(run) : undefined;
        if (decided.ok && !(credential && (await runs.markReleased(decided.run.id, now(), tx)))) {
          const after = await runs.find(decided.run.id, tx);
          decided = { ok: false, code: afterLostRelease(after) };
        }
        await audit.record(
          {
            action: 'connector.test_released',
            outcome: decided.ok ? 'success' : 'failure',
            actorUserId: request.person.id,
            appId: request.appId.slice(0, 100),
            ip: request.ip,
            detail: decided.ok
              ? { runId: request.runId }
              : { runId: request.runId.slice(0, 100), reason: decided.code },
          },
          tx,
        );
        return decided.ok ? { ok: true as const, credential: credential!, connector: decided.run.definition } : decided;
      });
      if (!result.ok) throw testRunError(result.code);
      return { credential: result.credential, connector: result.connector };
    },

    /** What the extension saw: recorded on the run and audited, never on the vault's launches or holds. */
    async reportOutcome(person: Person, runId: string, report: FillOutcomeReport, ip: string) {
      const run = await runs.find(runId);
      const refusal: TestRunRefusal | undefined =
        !run || run.createdBy !== person.id
          ? 'test_run_not_found'
          : run.releasedAt === null && report.outcome !== 'failed'
            ? 'test_run_not_released'
            : undefined;
      const reason = countedReason(report);
      const recorded =
        refusal === undefined &&
        (await runs.recordOutcome(runId, { outcome: report.outcome, reason, seen: report.seen ?? null }, now()));
      const code = refusal ?? (recorded ? undefined : 'test_run_finished');
      await audit.record({
        action: 'connector.test_outcome',
        outcome: code ? 'failure' : 'success',
        actorUserId: person.id,
        appId: run?.appId ?? null,
        ip,
        detail: code
          ? { runId: runId.slice(0, 100), reason: code }
          : {
              runId,
              outcome: report.outcome,
              ...(reason ? { reason, blame: blameOf(reason) } : {}),
              seen: report.seen,
            },
      });
      if (code) throw testRunError(code);
    },
  };
}

export type ConnectorTests = ReturnType<typeof createConnectorTests>;
