/**
 * @module The page-world side of the YouTube content script: YouTube's player API is only
 * reachable there. Logic lives in `page-world/page-player-bridge.ts`.
 *
 * `world: 'MAIN'` works in Chrome (111+) and in Firefox MV3 (128+), which is why the Firefox build
 * is MV3: no `<script src>` injection (and no web-accessible script) is needed. The two worlds
 * talk only through DOM events carrying a number, which cross Firefox's Xray wrappers as is.
 */
import { defineContentScript } from 'wxt/utils/define-content-script';
import { YOUTUBE_EXCLUDE_MATCHES, YOUTUBE_MATCHES } from '../../content/youtube-matches';
import { startPagePlayerBridge } from '../../page-world/page-player-bridge';

export default defineContentScript({
  matches: YOUTUBE_MATCHES,
  excludeMatches: YOUTUBE_EXCLUDE_MATCHES,
  world: 'MAIN',
  runAt: 'document_idle',
  main() {
    startPagePlayerBridge();
  },
});
