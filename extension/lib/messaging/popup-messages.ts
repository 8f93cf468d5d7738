import { popupMessage, type CapturePopupState, type PopupState } from '../../../shared/extension/messages';
import { cancelCapture, capturePopupState, startCapture } from '../capture/capture-session';
import { configDiagnostics } from '../config/managed-config';
import { passwordSaving } from '../fill/password-saving';
import { appForTab, signMeIn } from '../launch/launches';
import { currentSession } from '../session/extension-session';

/** Messages from the extension's own popup. */
export async function handlePopupMessage(
  message: unknown,
): Promise<PopupState | CapturePopupState | { started: boolean } | null> {
  const parsed = popupMessage.safeParse(message);
  if (!parsed.success) return null;
  const { data } = parsed;
  if (data.type === 'sign-me-in') return { started: await signMeIn(data.tabId) };
  if (data.type === 'capture-state') return capturePopupState((await pageTab())?.id ?? null);
  if (data.type === 'capture-start') return { started: await startCapture(data.tabId, data.appId) };
  if (data.type === 'capture-cancel') {
    await cancelCapture();
    return { started: false };
  }
  return popupState();
}

/** The web page the person is looking at: the active tab, or the last one used when the popup has a tab of its own. */
async function pageTab() {
  const isPage = (tab: { url?: string }) => /^https?:/.test(tab.url ?? '');
  const [active] = await browser.tabs.query({ active: true, lastFocusedWindow: true });
  if (active && isPage(active)) return active;
  const pages = (await browser.tabs.query({})).filter(isPage);
  return pages.sort((a, b) => (b.lastAccessed ?? 0) - (a.lastAccessed ?? 0))[0];
}

async function popupState(): Promise<PopupState> {
  const session = await currentSession();
  const activeTab = await pageTab();
  const app = activeTab?.id === undefined ? undefined : await appForTab(activeTab.id).catch(() => undefined);
  const self = await browser.management.getSelf().catch(() => undefined);
  return {
    config: configDiagnostics(),
    person: session?.person ?? null,
    district: session?.district ?? null,
    signInOffer:
      app && activeTab?.id !== undefined ? { appId: app.appId, appName: app.name, tabId: activeTab.id } : null,
    diagnostics: {
      extensionId: browser.runtime.id,
      version: browser.runtime.getManifest().version,
      installType: self?.installType ?? 'unknown',
      sessionExpiresAt: session?.expiresAt ?? null,
      passwordSaving: await passwordSaving(),
    },
  };
}
