/**
 * The Room tab: start a room on the YouTube tab in front (or just save its video), join one by
 * invite key, and choose the relay. Every action answers with the state to show, or a sentence
 * saying what went wrong.
 * @module
 */
import { useEffect, useState } from 'preact/hooks';
import type { Video } from '../../shared/protocol';
import { callBackground } from './state/background-client';
import type { PopupRequest, PopupStatus } from '../common/popup-messages';
import { forgetPopupSession } from './state/popup-session';
import type { ConnectionStatus } from '../common/tab-messages';
import { getNickname, setNickname } from '../common/settings';
import { CopyField } from '../common/ui/copy-field';
import { IdentityProblem, IdentitySettings, useIdentityActions } from './identity-settings';
import { NicknameForm } from '../common/ui/nickname-form';
import { START_HINT, startLabel, startingText } from './start-hint';

const STATUS_POLL_MS = 1000;

const ROOM_STATUS_TEXT: Record<ConnectionStatus, string> = {
  connecting: ' (connecting…)',
  connected: '',
  reconnecting: ' (reconnecting…)',
  error: ' (not connected)',
  away: ' (this tab is on another video)',
  knocking: ' (waiting for the host to let you in)',
};

interface Problem {
  message: string;
  retry?: () => void;
}

type StatusRequest = Extract<
  PopupRequest,
  { method: 'visit' | 'status' | 'startRoom' | 'joinRoom' | 'leaveRoom' | 'setRelayUrl' }
>;

export function RoomView(props: {
  /** The tab in front; undefined until known. */
  tabId: number | null | undefined;
  status: PopupStatus | null;
  onStatus: (status: PopupStatus) => void;
  /** A video the Save button put in the library. */
  onSaved: (video: Video) => void;
  /** This browser's identity on the relay was replaced (restored, or started over). */
  onIdentityChanged: () => void;
}) {
  const { tabId, status, onStatus } = props;
  const [busy, setBusy] = useState<PopupRequest['method'] | null>(null);
  const [problem, setProblem] = useState<Problem | null>(null);
  const [inviteInput, setInviteInput] = useState('');
  const [relayInput, setRelayInput] = useState<string | null>(null);
  const [saved, setSaved] = useState<string | null>(null);
  const [nickname, setNicknameShown] = useState<string | null>(null);
  const identity = useIdentityActions(tabId, (next) => {
    onStatus(next);
    setProblem(null);
    props.onIdentityChanged();
  });

  useEffect(() => {
    void getNickname().then(setNicknameShown);
  }, []);

  async function run(request: StatusRequest): Promise<boolean> {
    setBusy(request.method);
    const outcome = await callBackground(request);
    setBusy(null);
    if (!outcome.ok) {
      setProblem({ message: outcome.error, retry: () => void run(request) });
      return false;
    }
    onStatus(outcome.value);
    setProblem(null);
    return true;
  }

  async function save(id: number): Promise<void> {
    setBusy('saveVideo');
    setSaved(null);
    const outcome = await callBackground({ method: 'saveVideo', tabId: id });
    setBusy(null);
    if (!outcome.ok) {
      setProblem({ message: outcome.error, retry: () => void save(id) });
      return;
    }
    setProblem(null);
    setSaved(outcome.value.created ? 'Saved to your library' : 'Already in your library');
    props.onSaved(outcome.value.video);
  }

  useEffect(() => {
    if (tabId === undefined) return;
    void run({ method: 'visit', tabId });
  }, [tabId]);

  // The room's connection state changes after the popup opened (connecting → connected).
  useEffect(() => {
    if (tabId === undefined) return;
    const timer = setInterval(() => {
      void callBackground({ method: 'status', tabId }).then((o) => o.ok && onStatus(o.value));
    }, STATUS_POLL_MS);
    return () => clearInterval(timer);
  }, [tabId]);

  const tab = status?.tab ?? null;
  const room = status?.room ?? null;
  const page = tab?.page ?? 'not_youtube';
  const onWatchPage = page === 'watch';
  const canStart = (onWatchPage || page === 'shorts') && busy === null;

  return (
    <>
      <IdentityProblem status={status} actions={identity} />
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
              {room.info.playlist && (
                <>
                  {' '}
                  from the playlist <q>{room.info.playlist.title}</q>
                </>
              )}
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
            <div class="row">
              <button
                type="button"
                class="primary"
                disabled={!canStart}
                aria-busy={busy === 'startRoom'}
                aria-describedby="start-hint"
                onClick={() => tab && void run({ method: 'startRoom', tabId: tab.id })}
              >
                {startLabel(page)}
              </button>
              <button
                type="button"
                disabled={!canStart || !onWatchPage}
                aria-busy={busy === 'saveVideo'}
                aria-describedby="save-feedback"
                onClick={() => tab && void save(tab.id)}
              >
                Save
              </button>
            </div>
            <p id="start-hint" class="hint">
              {busy === 'startRoom' ? startingText(page) : START_HINT[page]}
            </p>
            <p id="save-feedback" class="feedback" role="status">
              {busy === 'saveVideo' ? 'Saving…' : (saved ?? '')}
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
        <NicknameForm
          idPrefix="popup"
          value={nickname}
          onSave={async (name) => {
            const kept = await setNickname(name);
            if (kept) setNicknameShown(kept);
            return kept !== null;
          }}
        />
        <form
          onSubmit={(event) => {
            event.preventDefault();
            if (relayInput !== null)
              void run({ method: 'setRelayUrl', url: relayInput }).then((ok) => {
                if (!ok) return;
                // Library calls must go to the new relay, with a session of its own.
                forgetPopupSession();
                setRelayInput(null);
              });
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
            <button
              type="submit"
              aria-label="Save relay URL"
              disabled={busy !== null || relayInput === null}
            >
              Save
            </button>
          </div>
        </form>
        <IdentitySettings relayUrl={status?.relayUrl ?? null} actions={identity} />
      </section>
    </>
  );
}
