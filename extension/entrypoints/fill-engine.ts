// Injected on demand into the top frame of the tab a launch opened; never declared as a content script.
import { pageEngine } from '../lib/fill/page-engine';

export default defineUnlistedScript(() => {
  (globalThis as { gatehouseFillEngine?: typeof pageEngine }).gatehouseFillEngine ??= pageEngine;
});
