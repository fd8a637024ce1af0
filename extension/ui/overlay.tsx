/**
 * The small panel on the watch page while the tab is in a room: connection state, the invite key
 * with Copy, and a "Click to sync" prompt when the browser refused to start playback.
 * @module
 */
import { useState } from 'preact/hooks';
import type { ConnectionStatus, RoomInfo } from '../lib/tab-messages';
import { CopyField } from './copy-field';

export interface OverlayModel {
  room: RoomInfo | null;
  status: ConnectionStatus;
  message?: string;
  autoplayBlocked: boolean;
  /** Something to tell the user after leaving (an unknown invite link, say). */
  notice?: string;
}

const STATUS_TEXT: Record<ConnectionStatus, string> = {
  connecting: 'Connecting…',
  connected: 'In sync with the room',
  reconnecting: 'Reconnecting…',
  error: 'Not connected',
};

export function Overlay(props: {
  model: OverlayModel;
  onLeave: () => void;
  onSync: () => void;
  onDismiss: () => void;
}) {
  const { room, status, message, autoplayBlocked, notice } = props.model;
  const [open, setOpen] = useState(true);
  if (!room) {
    if (!notice) return null;
    return (
      <aside class="panel" aria-label="We Watch">
        <p role="alert">{notice}</p>
        <button type="button" onClick={props.onDismiss}>
          Dismiss
        </button>
      </aside>
    );
  }
  return (
    <aside class="panel" aria-label="We Watch">
      <header>
        <strong>We Watch</strong>
        <span class={`dot ${status}`} aria-hidden="true" />
        <button type="button" class="link" aria-expanded={open} onClick={() => setOpen(!open)}>
          {open ? 'Hide' : 'Show'}
        </button>
      </header>
      {autoplayBlocked && (
        <button type="button" class="primary" onClick={props.onSync}>
          Click to sync
        </button>
      )}
      {open && (
        <>
          <p role="status">{STATUS_TEXT[status]}</p>
          {message && status !== 'connected' && <p class="error">{message}</p>}
          <CopyField label="Room invite key" value={room.key} />
          <CopyField label="Invite link" value={room.link} buttonLabel="Copy link" />
          <button type="button" onClick={props.onLeave}>
            Leave room
          </button>
        </>
      )}
    </aside>
  );
}
