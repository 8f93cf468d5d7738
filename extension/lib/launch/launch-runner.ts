import { connectorBody, type ConnectorDefinition } from '../../../shared/connectors/connector';
import type { LaunchTicket } from '../../../shared/extension/messages';
import { originOf } from '../../../shared/origins';
import type { Credential } from '../../../shared/vault/entry';
import type { FillFailureReason } from '../../../shared/vault/fill-outcome';
import { collectRequest, matchesUrlPattern, planFill, planPost, stepCount, valuesFor } from '../fill/plan-fill';
import { ApiError, callApi } from '../session/extension-session';
import { callEngine, tabIsOpen, topDocument, type TopDocument } from './page-calls';
import { guardTab, releaseGuard } from './post-guard';
import { tabChangeOrTimeout } from './tab-wakeups';

/**
 * One launch, from the page loading in its tab to the outcome reported: release the credential once the
 * tab shows one of the app's origins, then for each login step collect → plan → insert, then watch for
 * the app's success or failure signal. The credential lives only in this function's memory.
 */
const WAIT_FOR_FORM_MS = 20_000;
const WAIT_FOR_RESULT_MS = 15_000;
/** How long a finished page on a foreign origin is given to move on before the launch gives up. */
const FOREIGN_ORIGIN_GRACE_MS = 2_000;
const COLLECT_WAIT_MS = 3_000;
const POLL_MS = 250;

export interface RunningLaunch {
  ticket: LaunchTicket;
  tabId: number;
  cancelled: boolean;
}

interface Released {
  credential: Credential;
  connector: ConnectorDefinition;
}

class LaunchEnded extends Error {}

export async function runLaunch(launch: RunningLaunch): Promise<void> {
  const { ticket, tabId } = launch;
  const outcomePath = `/api/extension/launches/${encodeURIComponent(ticket.launchId)}/outcome`;
  const report = (outcome: 'filled' | 'submitted' | 'succeeded') =>
    callApi('POST', outcomePath, { outcome }).catch(() => undefined);
  const fail = (reason: FillFailureReason) =>
    callApi('POST', outcomePath, { outcome: 'failed', reason }).catch(() => undefined);

  /** The tab's finished top document, waiting for it; throws LaunchEnded when the launch is over. */
  async function nextPage(deadline: number, problem: () => FillFailureReason): Promise<TopDocument> {
    for (;;) {
      if (launch.cancelled || !(await tabIsOpen(tabId))) throw new LaunchEnded();
      if (Date.now() > deadline) {
        await fail(problem());
        throw new LaunchEnded();
      }
      const page = await topDocument(tabId);
      if (page) return page;
      await tabChangeOrTimeout(tabId, POLL_MS);
    }
  }

  let released: Released | undefined;
  try {
    released = await fillSteps();
    if (released) await watchResult(released.connector);
  } catch (error) {
    if (!(error instanceof LaunchEnded)) throw error;
  } finally {
    released = undefined;
    await releaseGuard(tabId).catch(() => undefined);
  }

  async function release(origin: string): Promise<Released | undefined> {
    try {
      const answer = await callApi<{ credential: Credential; connector: unknown }>(
        'POST',
        `/api/extension/launches/${encodeURIComponent(ticket.launchId)}/release`,
        { appId: ticket.appId, origin },
      );
      const { version: _version, ...connector } = answer.connector as { version?: number };
      return { credential: answer.credential, connector: connectorBody.parse(connector) };
    } catch (error) {
      if (error instanceof ApiError && error.code === 'origin_not_allowed') await fail('origin_mismatch');
      return undefined;
    }
  }

  async function fillSteps(): Promise<Released | undefined> {
    let step = 0;
    let problem: FillFailureReason = 'timed_out';
    let foreignSince: number | undefined;
    let deadline = Date.now() + WAIT_FOR_FORM_MS;
    let fromRelease: Released | undefined;
    for (;;) {
      const page = await nextPage(deadline, () => problem);
      const origin = originOf(page.url) ?? '';
      const origins = fromRelease?.connector.origins ?? ticket.origins;
      if (!origins.includes(origin)) {
        problem = 'origin_mismatch';
        foreignSince ??= Date.now();
        if (fromRelease || Date.now() - foreignSince > FOREIGN_ORIGIN_GRACE_MS) {
          await fail('origin_mismatch');
          return undefined;
        }
        await tabChangeOrTimeout(tabId, POLL_MS);
        continue;
      }
      foreignSince = undefined;
      fromRelease ??= await release(origin);
      if (!fromRelease) return undefined;
      const { connector, credential } = fromRelease;
      const { login } = connector;

      if (login.mode === 'post') {
        const plan = planPost(login, origin, connector.origins, credential);
        if (!plan) {
          await fail('origin_mismatch');
          return undefined;
        }
        await guardTab(tabId, connector.origins);
        await callEngine(page, 'post', plan);
        await report('submitted');
        return fromRelease;
      }

      const request = collectRequest(login, step, COLLECT_WAIT_MS);
      const snapshot = await callEngine(page, 'collect', request).catch(() => undefined);
      if (!snapshot) {
        // The page moved on while we looked.
        await tabChangeOrTimeout(tabId, POLL_MS);
        continue;
      }
      const plan = planFill(request, snapshot, connector.origins);
      if (!plan.ok) {
        problem = plan.reason;
        const mayStillAppear = plan.reason === 'form_not_found' || (step > 0 && plan.reason === 'field_not_visible');
        if (!mayStillAppear) {
          await fail(plan.reason);
          return undefined;
        }
        await tabChangeOrTimeout(tabId, POLL_MS);
        continue;
      }
      await guardTab(tabId, connector.origins);
      const inserted = await callEngine(page, 'insert', {
        values: valuesFor(plan, credential),
        submitRef: plan.submitRef,
        submitForm: plan.submitForm,
        origins: [...connector.origins],
      }).catch((): { ok: false; reason: FillFailureReason } => ({ ok: false, reason: 'page_changed' }));
      if (!inserted.ok) {
        await fail(inserted.reason);
        return undefined;
      }
      step += 1;
      if (step < stepCount(login)) {
        deadline = Date.now() + WAIT_FOR_FORM_MS;
        problem = 'timed_out';
        await tabChangeOrTimeout(tabId, POLL_MS);
        continue;
      }
      await report(inserted.submitted ? 'submitted' : 'filled');
      return inserted.submitted ? fromRelease : undefined;
    }
  }

  async function watchResult(connector: ConnectorDefinition) {
    const { success, failure } = connector;
    if (!success && !failure) return;
    const frame = connector.login.mode === 'fill' ? connector.login.frame : undefined;
    const deadline = Date.now() + WAIT_FOR_RESULT_MS;
    for (;;) {
      const page = await nextPage(deadline, () => 'timed_out');
      if (success?.urlPattern && matchesUrlPattern(page.url, success.urlPattern)) return report('succeeded');
      if (connector.origins.includes(originOf(page.url) ?? '')) {
        const seen = await callEngine(page, 'signal', {
          failure: failure?.element,
          success: success?.element,
          frame,
        }).catch(() => 'none' as const);
        if (seen === 'failure') return fail('credentials_rejected');
        if (seen === 'success') return report('succeeded');
      }
      await tabChangeOrTimeout(tabId, POLL_MS);
    }
  }
}
