/**
 * @module The YouTube content script: mounts the overlay in a shadow root and starts the tab
 * controller. Logic lives in `lib/tab-controller.ts`.
 */
import { render } from 'preact';
import { defineContentScript } from 'wxt/utils/define-content-script';
import { createShadowRootUi } from 'wxt/utils/content-script-ui/shadow-root';
import { startTabController } from '../../lib/tab-controller';
import { Overlay } from '../../ui/overlay';
import './style.css';

export default defineContentScript({
  matches: ['*://*.youtube.com/*'],
  runAt: 'document_idle',
  cssInjectionMode: 'ui',
  async main(ctx) {
    const ui = await createShadowRootUi(ctx, {
      name: 'we-watch-overlay',
      position: 'inline',
      anchor: 'body',
      append: 'last',
      onMount: (container) => container,
      onRemove: (container) => container && render(null, container),
    });
    ui.mount();
    startTabController(ctx, (model, controller) => {
      if (!ui.mounted) return;
      render(
        <Overlay
          model={model}
          onLeave={controller.leave}
          onSync={controller.resync}
          onDontWait={controller.dontWait}
          onDismiss={controller.dismissNotice}
          onPlayItem={controller.playItem}
        />,
        ui.mounted,
      );
    });
  },
});
