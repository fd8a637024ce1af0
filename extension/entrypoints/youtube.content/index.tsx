/**
 * @module The YouTube content script: mounts the overlay in a closed shadow root and starts the tab
 * controller. Logic lives in `content/tab-controller.ts`.
 */
import { render } from 'preact';
import { defineContentScript } from 'wxt/utils/define-content-script';
import { createShadowRootUi } from 'wxt/utils/content-script-ui/shadow-root';
import { startTabController } from '../../content/tab-controller';
import { YOUTUBE_EXCLUDE_MATCHES, YOUTUBE_MATCHES } from '../../content/youtube-matches';
import { Overlay } from '../../content/overlay/overlay';
import './style.css';

export default defineContentScript({
  matches: YOUTUBE_MATCHES,
  excludeMatches: YOUTUBE_EXCLUDE_MATCHES,
  runAt: 'document_idle',
  cssInjectionMode: 'ui',
  async main(ctx) {
    const ui = await createShadowRootUi(ctx, {
      name: 'we-watch-overlay',
      // Closed: page scripts get no `shadowRoot` to read the invite key from or to click
      // Remove, Leave room or Join room with.
      mode: 'closed',
      position: 'inline',
      anchor: 'body',
      append: 'last',
      onMount: (container) => container,
      onRemove: (container) => container && render(null, container),
    });
    ui.mount();
    // Only the full-screen element and what it holds show in full screen: go inside it, and
    // back to the page after.
    ctx.addEventListener(document, 'fullscreenchange', () => {
      const full = document.fullscreenElement;
      const into = full && !(full instanceof HTMLVideoElement) ? full : document.body;
      if (ui.shadowHost.isConnected && ui.shadowHost.parentElement !== into)
        into.append(ui.shadowHost);
    });
    startTabController(ctx, (model, controller) => {
      if (!ui.mounted) return;
      render(<Overlay model={model} controller={controller} />, ui.mounted);
    });
  },
});
