// Injected on demand into the top frame of the tab IT is capturing a login in; never declared as a content script.
import { capturePage } from '../lib/capture/capture-page';

export default defineUnlistedScript(() => {
  (globalThis as { gatehouseCaptureEngine?: typeof capturePage }).gatehouseCaptureEngine ??= capturePage;
});
