import { defineConfig } from 'wxt';
import preact from '@preact/preset-vite';

/** Relay URL baked into the build; users can change it in the popup's settings. */
const relayUrl = process.env.WXT_RELAY_URL ?? 'http://localhost:8787';

/**
 * The Firefox add-on's id: it must never change once published (AMO, synced storage and the
 * `moz-extension://` origin's stability all hang on it).
 */
const GECKO_ID = 'we-watch@example.org';

/**
 * The extension needs Firefox 132 (`world: "MAIN"` content scripts from 128 for the player bridge,
 * `requestVideoFrameCallback` from 132 for drift control, `storage.session` from 115); AMO's
 * `data_collection_permissions` key needs 140 on desktop (the oldest ESR still supported) and 142
 * on Android.
 */
const GECKO_MIN_VERSION = '140.0';
const GECKO_ANDROID_MIN_VERSION = '142.0';

export default defineConfig({
  srcDir: 'extension',
  // Icons (drawn by scripts/make-icons.ts) and other static files, beside the source.
  publicDir: 'extension/public',
  modules: ['@wxt-dev/webextension-polyfill'],
  imports: false,
  // MV3 everywhere, Firefox too (WXT would pick MV2 for it): one manifest shape, and the player
  // bridge can stay a `world: "MAIN"` content script, which Firefox only offers in MV3.
  manifestVersion: 3,
  vite: () => ({
    plugins: [preact()],
    define: { __RELAY_URL__: JSON.stringify(relayUrl) },
  }),
  manifest: ({ browser }) => ({
    name: 'We Watch',
    description: 'Watch YouTube together, in tight sync, with friends anywhere.',
    // The relay is reached with CORS (it allows extension origins), so it needs no host
    // permission, in Chrome or Firefox, whatever address the user sets.
    permissions: ['storage'],
    host_permissions: ['*://*.youtube.com/*'],
    action: { default_title: 'We Watch' },
    ...(browser === 'firefox'
      ? {
          browser_specific_settings: {
            gecko: {
              id: GECKO_ID,
              strict_min_version: GECKO_MIN_VERSION,
              // Rooms send what is needed to watch together (the video watched, nickname, chat)
              // to the relay the user chose; nothing else is collected.
              data_collection_permissions: {
                required: ['websiteActivity', 'personalCommunications'],
              },
            },
            gecko_android: { strict_min_version: GECKO_ANDROID_MIN_VERSION },
          },
          // Firefox's default MV3 policy adds `upgrade-insecure-requests`, which would turn a
          // self-hosted relay's http:// and ws:// into https:// and wss:// (Chrome leaves them):
          // the same policy without it.
          content_security_policy: { extension_pages: "script-src 'self'" },
        }
      : {}),
  }),
  zip: {
    // The sources Firefox's reviewers rebuild from: the extension, the shared code and the build
    // setup (README.md says how), not the relay, tests or tools.
    excludeSources: ['server/**', 'redis/**', 'test/**', 'bench/**', 'scripts/**'],
  },
});
