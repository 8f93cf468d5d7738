import type { ConnectorTestTicket, LaunchTicket, PortalReply } from '../../../shared/extension/messages';
import { originOf } from '../../../shared/origins';
import { managedConfig } from '../config/managed-config';
import { callApi, currentSession } from '../session/extension-session';
import {
  connectorTestEndpoints,
  runLaunch,
  tileLaunchEndpoints,
  type LaunchEndpoints,
  type RunningLaunch,
} from './launch-runner';
import { watchTabsForLaunch } from './tab-wakeups';

/**
 * The launches in progress, one per tab at most. A launch fills only the tab it opened (or, for "Sign me
 * in", the tab the person was looking at), and ends when that tab closes or a new launch takes it over.
 */
const running = new Map<number, RunningLaunch>();

export function cancelLaunchInTab(tabId: number) {
  const launch = running.get(tabId);
  if (launch) launch.cancelled = true;
  running.delete(tabId);
}

export function cancelAllLaunches() {
  for (const tabId of [...running.keys()]) cancelLaunchInTab(tabId);
}

function begin(ticket: LaunchTicket, tabId: number, endpoints = tileLaunchEndpoints(ticket.launchId)) {
  cancelLaunchInTab(tabId);
  const launch: RunningLaunch = { ticket, tabId, cancelled: false, endpoints };
  running.set(tabId, launch);
  const stopWatching = watchTabsForLaunch();
  void runLaunch(launch)
    .catch((error: unknown) => console.warn('Gatehouse: a launch stopped:', (error as Error).message))
    .finally(() => {
      stopWatching();
      if (running.get(tabId) === launch) running.delete(tabId);
    });
}

async function readiness(): Promise<PortalReply | undefined> {
  if (!managedConfig()) return { ok: false, reason: 'not_configured' };
  if (!(await currentSession())) return { ok: false, reason: 'not_paired' };
  return undefined;
}

/** A tile click at the portal: open the app in a new tab and sign in there. */
export async function launchFromPortal(ticket: LaunchTicket, endpoints?: LaunchEndpoints): Promise<PortalReply> {
  const refused = await readiness();
  if (refused) return refused;
  const tab = await browser.tabs.create({ url: ticket.launchUrl, active: true });
  begin(ticket, tab.id!, endpoints);
  return { ok: true, signedInAs: (await currentSession())!.person.username };
}

/** IT's "Test this connector": the same run as a tile launch, released from and reported to the test run. */
export function testFromPortal({ runId, appId, launchUrl, origins }: ConnectorTestTicket): Promise<PortalReply> {
  return launchFromPortal({ launchId: runId, appId, launchUrl, origins }, connectorTestEndpoints(runId));
}

interface AppForTab {
  appId: string;
  name: string;
  origins: string[];
}

let appsCache: { apps: AppForTab[]; at: number; username: string } | undefined;
const APPS_CACHE_MS = 60_000;

/** The person's app that the tab's page belongs to, if they have a stored sign-in for it. */
export async function appForTab(tabId: number): Promise<AppForTab | undefined> {
  const session = await currentSession();
  if (!session || !managedConfig()) return undefined;
  const tab = await browser.tabs.get(tabId).catch(() => undefined);
  const origin = tab?.url ? originOf(tab.url) : undefined;
  if (!origin) return undefined;
  if (!appsCache || appsCache.username !== session.person.username || Date.now() - appsCache.at > APPS_CACHE_MS) {
    const { apps } = await callApi<{ apps: AppForTab[] }>('GET', '/api/extension/apps');
    appsCache = { apps, at: Date.now(), username: session.person.username };
  }
  return appsCache.apps.find((app) => app.origins.includes(origin));
}

/** The popup's "Sign me in": a deliberate launch in the tab the person is looking at. */
export async function signMeIn(tabId: number): Promise<boolean> {
  if (await readiness()) return false;
  const app = await appForTab(tabId);
  if (!app) return false;
  const ticket = await callApi<LaunchTicket>('POST', '/api/extension/launches', { appId: app.appId });
  begin({ launchId: ticket.launchId, appId: ticket.appId, launchUrl: ticket.launchUrl, origins: app.origins }, tabId);
  return true;
}
