/**
 * The panel on the watch page while the tab is in a room: who is here and how in sync they are,
 * whom the room waits for, the invite key with Copy, and the prompts sync may need from the user.
 * @module
 */
import { useState } from 'preact/hooks';
import type { Hold, MemberInfo, MemberStatus } from '../../shared/protocol';
import type { ConnectionStatus, RoomInfo } from '../lib/tab-messages';
import { CopyField } from './copy-field';
import { QueueList } from './queue-list';

export interface OverlayModel {
  room: RoomInfo | null;
  status: ConnectionStatus;
  message?: string;
  autoplayBlocked: boolean;
  memberId: string | null;
  members: MemberInfo[];
  /** The room is holding for members (after a seek, a stall, or loading the next video). */
  hold: Hold | null;
  /** In a playlist room, the queue entry playing. */
  item: number | null;
  /** Something to tell the user after leaving (an unknown invite link, say). */
  notice?: string;
}

const STATUS_TEXT: Record<ConnectionStatus, string> = {
  connecting: 'Connecting…',
  connected: 'Connected',
  reconnecting: 'Reconnecting…',
  error: 'Not connected',
  away: 'On another video',
};

const MEMBER_STATUS_TEXT: Record<MemberStatus, string> = {
  in_sync: 'In sync',
  syncing: 'Syncing',
  buffering: 'Buffering',
  ad: 'Watching an ad',
  away: 'Away',
  blocked: 'Needs a click',
};

function waitingText(hold: Hold, members: MemberInfo[], me: string | null): string | null {
  const others = hold.waitingFor.filter((id) => id !== me);
  if (others.length === 0) return null;
  const names = others.map((id) => members.find((m) => m.id === id)?.name ?? 'a friend');
  return `Waiting for ${names.join(', ')}…`;
}

export function Overlay(props: {
  model: OverlayModel;
  onLeave: () => void;
  onSync: () => void;
  onDontWait: () => void;
  onDismiss: () => void;
  onPlayItem: (to: number) => void;
}) {
  const { room, status, message, autoplayBlocked, notice, members, memberId, hold, item } =
    props.model;
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
  const waiting = hold ? waitingText(hold, members, memberId) : null;
  const waitedFor = hold?.reason === 'buffering' && memberId && hold.waitingFor.includes(memberId);
  return (
    <aside class="panel" aria-label="We Watch">
      <header>
        <strong>We Watch</strong>
        <span class={`dot ${status}`} aria-hidden="true" />
        <span class="status" role="status">
          {STATUS_TEXT[status]}
        </span>
        <button type="button" class="link" aria-expanded={open} onClick={() => setOpen(!open)}>
          {open ? 'Hide' : 'Show'}
        </button>
      </header>
      {autoplayBlocked && (
        <button type="button" class="primary" onClick={props.onSync}>
          Click to sync
        </button>
      )}
      {waiting && <p class="waiting">{waiting}</p>}
      {waitedFor && (
        <button type="button" onClick={props.onDontWait}>
          Don't wait for me
        </button>
      )}
      {open && (
        <>
          {message && status !== 'connected' && <p class="error">{message}</p>}
          <ul class="members" aria-label="Members">
            {members.map((m) => (
              <li key={m.id}>
                <span class="name">
                  {m.name}
                  {m.id === memberId ? ' (you)' : ''}
                </span>
                <span class={`badge ${m.status}`}>{MEMBER_STATUS_TEXT[m.status]}</span>
              </li>
            ))}
          </ul>
          {room.playlist && (
            <QueueList playlist={room.playlist} item={item} onPlay={props.onPlayItem} />
          )}
          <button type="button" onClick={props.onSync}>
            Resync
          </button>
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
