// The service worker only wires the feature modules to Chrome's events; every listener is registered
// synchronously at start-up, as MV3 requires for events that wake the worker.
import { onConfig, managedConfig, watchManagedConfig } from '../lib/config/managed-config';
import { repairAllBookmarks, watchBookmarks } from '../lib/bookmarks/bookmark-repair';
import { reportRepairs } from '../lib/bookmarks/report-repairs';
import { turnOffPasswordSaving } from '../lib/fill/password-saving';
import { cancelLaunchInTab } from '../lib/launch/launches';
import { releaseAllGuards } from '../lib/launch/tab-guard';
import { handlePopupMessage } from '../lib/messaging/popup-messages';
import { handlePortalMessage } from '../lib/messaging/portal-messages';
import { refreshSession } from '../lib/session/extension-session';

const SESSION_REFRESH_ALARM = 'refresh-extension-session';

export default defineBackground(() => {
  browser.tabs.onRemoved.addListener((tabId) => cancelLaunchInTab(tabId));

  browser.runtime.onMessageExternal.addListener((message, sender) => handlePortalMessage(message, sender.origin));
  browser.runtime.onMessage.addListener((message, sender) => {
    const fromOwnPage = sender.id === browser.runtime.id && sender.url?.startsWith(browser.runtime.getURL('/'));
    return fromOwnPage ? handlePopupMessage(message) : undefined;
  });

  // Bookmarks are repaired whenever a configuration arrives or changes (install and start-up included),
  // and each time a bookmark is created or edited.
  onConfig((config) => void repairAllBookmarks(config).then(reportRepairs));
  watchBookmarks(managedConfig, (count) => void reportRepairs(count));

  browser.alarms.create(SESSION_REFRESH_ALARM, { periodInMinutes: 3 });
  browser.alarms.onAlarm.addListener((alarm) => {
    if (alarm.name === SESSION_REFRESH_ALARM) void refreshSession().then(() => reportRepairs());
  });

  void watchManagedConfig();
  void turnOffPasswordSaving();
  void releaseAllGuards();
});
