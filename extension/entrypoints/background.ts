// The service worker. Session handoff, tile launch and bookmark repair arrive with the extension issue;
// for now it only logs whether the district's managed configuration is usable.
import { readManagedConfig } from '../../shared/managed-config';

export default defineBackground(() => {
  const report = async () => {
    const state = readManagedConfig(await browser.storage.managed.get(null).catch(() => ({})));
    console.info(
      state.ok ? `Gatehouse: configured for ${state.config.districtName}` : `Gatehouse: configuration ${state.reason}`,
    );
  };
  browser.storage.onChanged.addListener((_changes, area) => {
    if (area === 'managed') void report();
  });
  void report();
});
