/**
 * A throwaway MV3 extension that exercises the harness without We Watch: a toolbar popup with
 * the controls the real one has, a content script on youtube.com that tries `innerHTML` and
 * keeps a port to the service worker open (reconnecting like a real content script would).
 * @module
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** Attributes the probe writes on the page's `<html>` element (read them from any world). */
export const PROBE_ATTRIBUTES = {
  /** `allowed`, or `threw: <error>` when `innerHTML` was refused. */
  innerHtml: 'data-probe-inner-html',
  /** The id of the service worker instance the content script's port last reached. */
  workerInstance: 'data-probe-worker-instance',
} as const;

const manifest = {
  manifest_version: 3,
  name: 'E2E probe',
  version: '1.0.0',
  action: { default_popup: 'popup.html', default_title: 'E2E probe' },
  background: { service_worker: 'background.js' },
  host_permissions: ['*://*.youtube.com/*'],
  content_scripts: [
    { matches: ['*://*.youtube.com/*'], js: ['content.js'], run_at: 'document_idle' },
  ],
};

const background = `
const instance = Math.random().toString(36).slice(2, 10);
chrome.runtime.onConnect.addListener((port) => port.postMessage({ instance }));
`;

const content = `
const root = document.documentElement;
try {
  const probe = document.createElement('div');
  document.body.append(probe);
  probe.innerHTML = '<b>x</b>';
  root.setAttribute('${PROBE_ATTRIBUTES.innerHtml}', 'allowed');
} catch (error) {
  root.setAttribute('${PROBE_ATTRIBUTES.innerHtml}', 'threw: ' + error);
}
// A real content script reconnects when its service worker goes away; that wakes a new one.
function connect() {
  const port = chrome.runtime.connect({ name: 'probe' });
  port.onMessage.addListener((message) => root.setAttribute('${PROBE_ATTRIBUTES.workerInstance}', message.instance));
  port.onDisconnect.addListener(() => setTimeout(connect, 100));
}
connect();
`;

const popupHtml = `<!doctype html>
<html><head><meta charset="utf-8"><title>E2E probe</title></head>
<body style="width: 320px">
<main>
  <button type="button" id="start">Start room</button>
  <label>Invite key <input id="key" /></label>
  <label>Room invite key <input id="room-key" readonly /></label>
  <button type="button" id="join" disabled>Join</button>
  <p id="status">idle</p>
  <p id="tab"></p>
</main>
<script src="popup.js"></script>
</body></html>`;

const popupJs = `
const status = document.getElementById('status');
document.getElementById('start').addEventListener('click', (event) => {
  document.getElementById('room-key').value = 'ROOM-KEY-1';
  status.textContent = 'started (' + (event.isTrusted ? 'trusted' : 'synthetic') + ' click)';
});
const key = document.getElementById('key');
key.addEventListener('input', () => {
  document.getElementById('join').disabled = key.value === '';
  status.textContent = 'typed ' + key.value;
});
chrome.tabs.query({ active: true, currentWindow: true }).then(([tab]) => {
  document.getElementById('tab').textContent = 'tab ' + (tab && tab.url);
});
`;

/** Writes the probe extension to a fresh temporary directory. */
export async function writeProbeExtension(): Promise<{ path: string; remove(): Promise<void> }> {
  const path = await mkdtemp(join(tmpdir(), 'wewatch-probe-extension-'));
  await Promise.all([
    writeFile(join(path, 'manifest.json'), JSON.stringify(manifest, null, 2)),
    writeFile(join(path, 'background.js'), background),
    writeFile(join(path, 'content.js'), content),
    writeFile(join(path, 'popup.html'), popupHtml),
    writeFile(join(path, 'popup.js'), popupJs),
  ]);
  return { path, remove: () => rm(path, { recursive: true, force: true }) };
}
