import { defineConfig } from 'wxt';
import preact from '@preact/preset-vite';

/** Relay URL baked into the build; users can change it in the popup's settings. */
const relayUrl = process.env.WXT_RELAY_URL ?? 'http://localhost:8787';

export default defineConfig({
  srcDir: 'extension',
  modules: ['@wxt-dev/webextension-polyfill'],
  imports: false,
  vite: () => ({
    plugins: [preact()],
    define: { __RELAY_URL__: JSON.stringify(relayUrl) },
  }),
  manifest: {
    name: 'We Watch',
    description: 'Watch YouTube together, in tight sync, with friends anywhere.',
    permissions: ['storage'],
    host_permissions: ['*://*.youtube.com/*'],
    action: { default_title: 'We Watch' },
  },
});
