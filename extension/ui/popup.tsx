/**
 * The toolbar popup: start a room on the YouTube tab in front, join one by invite key, and choose
 * the relay. Every action answers with the state to show, or a sentence saying what went wrong.
 * @module
 */
import { useEffect, useState } from 'preact/hooks';
import browser from 'webextension-polyfill';
import { callBackground } from '../lib/background-client';
import type { PopupRequest, PopupStatus } from '../lib/popup-messages';
import type { ConnectionStatus } from '../lib/tab-messages';
import { CopyField } from './copy-field';

const STATUS_POLL_MS = 1000;

const ROOM_STATUS_TEXT: Record<ConnectionStatus, string> = {
  connecting: ' (connecting…)',
  connected: '',
  reconnecting: ' (reconnecting…)',
  error: ' (not connected)',
  away: ' (this tab is on another video)',
};

interface Problem {
  message: string;
  retry?: () => void;
}

export function Popup() {
  const [tabId, setTabId] = useState<number | null | undefined>(undefined);
  const [status, setStatus] = useState<PopupStatus | null>(null);
  const [busy, setBusy] = useState<PopupRequest['method'] | null>(null);
  const [problem, setProblem] = useState<Problem | null>(null);
  const [inviteInput, setInviteInput] = useState('');
  const [relayInput, setRelayInput] = useState<string | null>(null);

  async function run(request: PopupRequest): Promise<boolean> {
    setBusy(request.method);
    const outcome = await callBackground(request);
    setBusy(null);
    if (!outcome.ok) {
      setProblem({ message: outcome.error, retry: () => void run(request) });
      return false;
    }
    setStatus(outcome.value);
    setProblem(null);
    return true;
  }

  useEffect(() => {
    void browser.tabs.query({ active: true, currentWindow: true }).then(([tab]) => {
      const id = tab?.id ?? null;
      setTabId(id);
      void run({ method: 'visit', tabId: id });
    });
  }, []);

  // The room's connection state changes after the popup opened (connecting → connected).
  useEffect(() => {
    if (tabId === undefined) return;
    const timer = setInterval(() => {
      void callBackground({ method: 'status', tabId }).then((o) => o.ok && setStatus(o.value));
    }, STATUS_POLL_MS);
    return () => clearInterval(timer);
  }, [tabId]);

  const tab = status?.tab ?? null;
  const room = status?.room ?? null;
  const canStart = tab !== null && tab.youtubeId !== null && busy === null;

  return (
    <main>
      <h1>We Watch</h1>
      {status?.relayError && !problem && (
        <div class="problem" role="alert">
          <p>{status.relayError}</p>
          <button type="button" onClick={() => void run({ method: 'visit', tabId: tabId ?? null })}>
            Retry
          </button>
        </div>
      )}
      {problem && (
        <div class="problem" role="alert">
          <p>{problem.message}</p>
          {problem.retry && (
            <button type="button" onClick={problem.retry}>
              Retry
            </button>
          )}
        </div>
      )}

      <section aria-labelledby="room-heading">
        <h2 id="room-heading">This tab</h2>
        {room ? (
          <>
            <p>
              In a room watching <q>{room.info.title}</q>
              {ROOM_STATUS_TEXT[room.status]}
            </p>
            {room.message && room.status !== 'connected' && <p class="error">{room.message}</p>}
            <CopyField label="Room invite key" value={room.info.key} />
            <CopyField label="Invite link" value={room.info.link} buttonLabel="Copy link" />
            <button
              type="button"
              onClick={() => tab && void run({ method: 'leaveRoom', tabId: tab.id })}
            >
              Leave room
            </button>
          </>
        ) : (
          <>
            <button
              type="button"
              class="primary"
              disabled={!canStart}
              aria-busy={busy === 'startRoom'}
              aria-describedby="start-hint"
              onClick={() => tab && void run({ method: 'startRoom', tabId: tab.id })}
            >
              Start room
            </button>
            <p id="start-hint" class="hint">
              {busy === 'startRoom'
                ? 'Starting the room…'
                : tab?.youtubeId
                  ? 'Saves this video to your library and invites friends to watch it with you.'
                  : 'Open a YouTube video to start a room.'}
            </p>
          </>
        )}
      </section>

      <section aria-labelledby="join-heading">
        <h2 id="join-heading">Join a room</h2>
        <form
          onSubmit={(event) => {
            event.preventDefault();
            void run({ method: 'joinRoom', input: inviteInput, tabId: tabId ?? null }).then(
              (ok) => ok && setInviteInput(''),
            );
          }}
        >
          <label for="invite-key">Invite key</label>
          <div class="row">
            <input
              id="invite-key"
              value={inviteInput}
              autoComplete="off"
              spellcheck={false}
              placeholder="Paste a key or invite link"
              onInput={(e) => setInviteInput(e.currentTarget.value)}
            />
            <button type="submit" disabled={busy !== null || inviteInput.trim() === ''}>
              Join
            </button>
          </div>
        </form>
      </section>

      <section aria-labelledby="settings-heading">
        <h2 id="settings-heading">Settings</h2>
        <form
          onSubmit={(event) => {
            event.preventDefault();
            if (relayInput !== null)
              void run({ method: 'setRelayUrl', url: relayInput }).then(
                (ok) => ok && setRelayInput(null),
              );
          }}
        >
          <label for="relay-url">Relay URL</label>
          <div class="row">
            <input
              id="relay-url"
              type="url"
              value={relayInput ?? status?.relayUrl ?? ''}
              onInput={(e) => setRelayInput(e.currentTarget.value)}
            />
            <button type="submit" disabled={busy !== null || relayInput === null}>
              Save
            </button>
          </div>
        </form>
      </section>
    </main>
  );
}
