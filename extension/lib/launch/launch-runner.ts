import { connectorBody, type ConnectorDefinition } from '../../../shared/connectors/connector';
import type { LaunchTicket } from '../../../shared/extension/messages';
import { originOf } from '../../../shared/origins';
import type { Credential } from '../../../shared/vault/entry';
import type { FillFailureReason, FillSeen } from '../../../shared/vault/fill-outcome';
import {
  collectRequest,
  matchesUrlPattern,
  planFill,
  planPost,
  rejectionReason,
  seenFields,
  stepCount,
  submitRules,
  valuesFor,
} from '../fill/plan-fill';
import { ApiError, callApi } from '../session/extension-session';
import { callEngine, tabPage, type TopDocument } from './page-calls';
import { guardTab, releaseGuard } from './tab-guard';
import { tabChangeOrTimeout } from './tab-wakeups';

/**
 * One launch, from the page loading in its tab to the outcome reported: release the credential once the
 * tab shows one of the app's origins, then for each login step collect → plan → insert, then watch for
 * the app's success or failure signal. A page that already shows the success signal (the app's own
 * session) ends the launch as succeeded, with nothing filled. Every report says what the run saw. The
 * credential lives only in this object's memory, for this run.
 */
const WAIT_FOR_FORM_MS = 20_000;
const WAIT_FOR_RESULT_MS = 15_000;
/** How long a finished page on a foreign origin is given to move on before the launch gives up. */
const FOREIGN_ORIGIN_GRACE_MS = 2_000;
const COLLECT_WAIT_MS = 3_000;
const POLL_MS = 250;

/** Where a run asks for its credential and reports: a tile launch's, or IT's connector test's. */
export interface LaunchEndpoints {
  release: string;
  outcome: string;
}

export const tileLaunchEndpoints = (launchId: string): LaunchEndpoints => ({
  release: `/api/extension/launches/${encodeURIComponent(launchId)}/release`,
  outcome: `/api/extension/launches/${encodeURIComponent(launchId)}/outcome`,
});

export const connectorTestEndpoints = (runId: string): LaunchEndpoints => ({
  release: `/api/extension/connector-tests/${encodeURIComponent(runId)}/release`,
  outcome: `/api/extension/connector-tests/${encodeURIComponent(runId)}/outcome`,
});

export interface RunningLaunch {
  ticket: LaunchTicket;
  tabId: number;
  cancelled: boolean;
  endpoints: LaunchEndpoints;
}

interface Released {
  credential: Credential;
  connector: ConnectorDefinition;
}

/** What one look at a page came to. */
type StepResult =
  | { next: 'retry'; problem: FillFailureReason }
  | { next: 'failed'; reason: FillFailureReason }
  | { next: 'step' }
  | { next: 'signed_in' }
  | { next: 'done'; submitted: boolean };

const isSuccessUrl = (url: string, { success }: ConnectorDefinition) =>
  success?.urlPattern !== undefined && matchesUrlPattern(url, success.urlPattern);

/** Thrown to stop a run: its tab closed, a newer launch took it over, or its time ran out. */
class LaunchEnded extends Error {}

export async function runLaunch(launch: RunningLaunch): Promise<void> {
  const run = new LaunchRun(launch);
  try {
    const released = await run.fillSteps();
    if (released) await run.watchResult(released.connector);
  } catch (error) {
    if (!(error instanceof LaunchEnded)) throw error;
  } finally {
    releaseGuard(launch.tabId);
  }
}

class LaunchRun {
  private readonly outcomePath: string;
  /** The document the login was last submitted from: the result is on a later one. */
  private submittedFrom: string | undefined;
  /** What the run saw on the last login page it worked on, sent with every report. */
  private readonly seen: FillSeen = { step: 0, fields: {}, submit: 'none', signal: 'none' };

  constructor(private readonly launch: RunningLaunch) {
    this.outcomePath = launch.endpoints.outcome;
  }

  private get tabId() {
    return this.launch.tabId;
  }

  private report(outcome: 'filled' | 'submitted' | 'succeeded') {
    return callApi('POST', this.outcomePath, { outcome, seen: this.seen }).catch(() => undefined);
  }

  private fail(reason: FillFailureReason) {
    return callApi('POST', this.outcomePath, { outcome: 'failed', reason, seen: this.seen }).catch(() => undefined);
  }

  /** The app's success signal showed: after a submit, or on arrival (the person was already signed in). */
  private succeeded() {
    this.seen.signal = 'success';
    if (this.submittedFrom === undefined) this.seen.alreadySignedIn = true;
    return this.report('succeeded');
  }

  private pause() {
    return tabChangeOrTimeout(this.tabId, POLL_MS);
  }

  /**
   * The tab's finished top document, waiting for it; at the deadline the launch fails with `problem()`.
   * `whileLoading` sees the address the tab committed to while its page loads; when it answers true, the
   * wait is over with no document (undefined).
   */
  private async nextPage(
    deadline: number,
    problem: () => FillFailureReason,
    whileLoading?: (url: string) => Promise<boolean>,
  ): Promise<TopDocument | undefined> {
    for (;;) {
      const tab = this.launch.cancelled ? ({ state: 'closed' } as const) : await tabPage(this.tabId);
      if (tab.state === 'closed') throw new LaunchEnded();
      if (Date.now() > deadline) {
        await this.fail(problem());
        throw new LaunchEnded();
      }
      if (tab.state === 'ready') return tab.page;
      if (tab.url && (await whileLoading?.(tab.url))) return undefined;
      await this.pause();
    }
  }

  private async release(origin: string): Promise<Released | undefined> {
    const { appId } = this.launch.ticket;
    try {
      const answer = await callApi<{ credential: Credential; connector: { version?: number } }>(
        'POST',
        this.launch.endpoints.release,
        { appId, origin },
      );
      const { version: _version, ...connector } = answer.connector;
      return { credential: answer.credential, connector: connectorBody.parse(connector) };
    } catch (error) {
      if (error instanceof ApiError && error.code === 'origin_not_allowed') await this.fail('origin_mismatch');
      return undefined;
    }
  }

  /** Fills every step of the login; the released credential when it was submitted, else undefined. */
  async fillSteps(): Promise<Released | undefined> {
    let step = 0;
    let problem: FillFailureReason = 'timed_out';
    let foreignSince: number | undefined;
    let deadline = Date.now() + WAIT_FOR_FORM_MS;
    let released: Released | undefined;
    let releasing: Promise<Released | undefined> | undefined;
    // The release is asked for as soon as the tab commits to one of the app's origins, while the page
    // still loads; it is used only if the finished page is on one of them too.
    // A first page whose address already is the success URL (the app's own session sent the tab home) is
    // recognised as soon as the tab commits to it, without waiting for it to load.
    const releaseEarly = async (url: string) => {
      const origin = originOf(url) ?? '';
      if (!releasing && this.launch.ticket.origins.includes(origin)) releasing = this.release(origin);
      if (step > 0 || !releasing) return false;
      const early = await releasing;
      return early !== undefined && isSuccessUrl(url, early.connector);
    };
    for (;;) {
      const page = await this.nextPage(deadline, () => problem, releaseEarly);
      if (!page) return void (await this.succeeded());
      const origin = originOf(page.url) ?? '';
      if (!(released?.connector.origins ?? this.launch.ticket.origins).includes(origin)) {
        // Before the release a redirect may still be on its way; after it, the page left the app.
        problem = 'origin_mismatch';
        foreignSince ??= Date.now();
        if (released || Date.now() - foreignSince > FOREIGN_ORIGIN_GRACE_MS) return void (await this.fail(problem));
        await this.pause();
        continue;
      }
      foreignSince = undefined;
      released ??= await (releasing ?? this.release(origin));
      if (!released) return undefined;
      const result = await this.fillPage(page, origin, released, step);
      if (result.next === 'signed_in') return void (await this.succeeded());
      if (result.next === 'failed') return void (await this.fail(result.reason));
      if (result.next === 'done') {
        await this.report(result.submitted ? 'submitted' : 'filled');
        return result.submitted ? released : undefined;
      }
      if (result.next === 'step') {
        step += 1;
        deadline = Date.now() + WAIT_FOR_FORM_MS;
      }
      problem = result.next === 'retry' ? result.problem : 'timed_out';
      await this.pause();
    }
  }

  /** One look at a page on the app's origin: already signed in, or post, or collect → plan → insert for this step. */
  private async fillPage(page: TopDocument, origin: string, released: Released, step: number): Promise<StepResult> {
    const { connector, credential } = released;
    const { login } = connector;
    this.seen.step = step;
    const request = collectRequest(login, step, COLLECT_WAIT_MS, connector.success);
    const snapshot = await callEngine(page, 'collect', request).catch(() => undefined);
    if (!snapshot) return { next: 'retry', problem: 'page_changed' }; // the page moved on while we looked
    if (snapshot.signedIn) return { next: 'signed_in' };
    if (login.mode === 'post') {
      const plan = planPost(login, origin, connector.origins, credential);
      if (!plan) return { next: 'failed', reason: 'origin_mismatch' };
      await guardTab(this.tabId, connector.origins);
      this.submittedFrom = page.documentId;
      this.seen.submit = 'post';
      await callEngine(page, 'post', plan);
      return { next: 'done', submitted: true };
    }
    this.seen.fields = seenFields(request, snapshot);
    const plan = planFill(request, snapshot, connector.origins);
    if (!plan.ok) {
      // A form may still be rendering, and a later step's fields may show only once the page moves on.
      const mayStillAppear = plan.reason === 'form_not_found' || (step > 0 && plan.reason === 'field_not_visible');
      return mayStillAppear ? { next: 'retry', problem: plan.reason } : { next: 'failed', reason: plan.reason };
    }
    await guardTab(this.tabId, connector.origins);
    this.submittedFrom = page.documentId;
    const inserted = await callEngine(page, 'insert', {
      values: valuesFor(plan, credential),
      submitRef: plan.submitRef,
      submitForm: plan.submitForm,
      origins: [...connector.origins],
      ...submitRules(login, step, plan),
    }).catch((): { ok: false; reason: FillFailureReason } => ({ ok: false, reason: 'page_changed' }));
    if (!inserted.ok) return { next: 'failed', reason: inserted.reason };
    this.seen.submit = inserted.way;
    return step + 1 < stepCount(login) ? { next: 'step' } : { next: 'done', submitted: inserted.submitted };
  }

  /**
   * After the submit: succeeded on the connector's success signal; failed on its failure signal, which
   * blames the password only when the submit went the page's own way (see rejectionReason).
   */
  async watchResult(connector: ConnectorDefinition) {
    const { success, failure } = connector;
    const deadline = Date.now() + WAIT_FOR_RESULT_MS;
    if (!success && !failure) return this.pageAfterSubmit(deadline);
    const frame = connector.login.mode === 'fill' ? connector.login.frame : undefined;
    for (;;) {
      const page = (await this.nextPage(deadline, () => 'timed_out'))!;
      if (isSuccessUrl(page.url, connector)) return this.succeeded();
      if (connector.origins.includes(originOf(page.url) ?? '')) {
        const shown = await callEngine(page, 'signal', {
          failure,
          success,
          frame,
          newPage: page.documentId !== this.submittedFrom,
        }).catch(() => 'none' as const);
        if (shown === 'failure') {
          this.seen.signal = 'failure';
          return this.fail(rejectionReason(this.seen.submit));
        }
        if (shown === 'success') return this.succeeded();
      }
      await this.pause();
    }
  }

  /**
   * With no signal to watch for, the launch, and so its tab guard, still lasts until the page the submit
   * leads to has loaded (or the deadline): a slow answer that redirects the posted password elsewhere meets the guard.
   */
  private async pageAfterSubmit(deadline: number) {
    while (Date.now() < deadline) {
      const tab = this.launch.cancelled ? ({ state: 'closed' } as const) : await tabPage(this.tabId);
      if (tab.state === 'closed') return;
      if (tab.state === 'ready' && tab.page.documentId !== this.submittedFrom) return;
      await this.pause();
    }
  }
}
