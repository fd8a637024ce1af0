/**
 * @module The page-world side of the YouTube content script: YouTube's player API is only
 * reachable there. Logic lives in `lib/page-player-bridge.ts`.
 */
import { defineContentScript } from 'wxt/utils/define-content-script';
import { startPagePlayerBridge } from '../../lib/page-player-bridge';

export default defineContentScript({
  matches: ['*://*.youtube.com/*'],
  world: 'MAIN',
  runAt: 'document_idle',
  main() {
    startPagePlayerBridge();
  },
});
