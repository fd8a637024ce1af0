/**
 * What a member gets on joining: the welcome (its room, state and member list) and right after
 * it the room's recent chat.
 * @module
 */
import {
  MAX_FRAME_BYTES,
  PROTOCOL_VERSION,
  type InviteLookupResponse,
  type RoomState,
  type WelcomeFrame,
} from '../../../shared/protocol';
import type { Connection } from '../connection';
import { listFor } from '../members-frames';
import { messageIdAfter } from '../ports/chat';
import type { RoomRoster } from '../ports/members';
import type { RelayContext } from '../relay-context';

/** Room a welcome keeps for its member list's framing, beyond the rest of the frame. */
const WELCOME_LIST_MARGIN = 64;

/** Sends the welcome of a member who has just joined, with `state` the room's current state. */
export function sendWelcome(
  { deps }: RelayContext,
  connection: Connection,
  target: InviteLookupResponse,
  state: RoomState,
  roster: RoomRoster,
): void {
  // A room moved to another video (Play next together) names it by the title it keeps.
  const playing =
    target.kind === 'video'
      ? state.videoId === target.youtubeId
        ? target
        : { youtubeId: state.videoId, title: state.title ?? target.title }
      : (target.items.find((item) => item.youtubeId === state.videoId) ?? {
          youtubeId: state.videoId,
          title: target.title,
        });
  const welcome: WelcomeFrame = {
    type: 'welcome',
    v: PROTOCOL_VERSION,
    memberId: connection.memberId,
    video: { youtubeId: playing.youtubeId, title: playing.title },
    state,
    members: [],
    unlisted: 0,
    hostOnly: roster.hostOnly,
    letInOnly: roster.letInOnly,
    heartbeatMs: deps.heartbeatMs,
  };
  // The list gets what the rest of the frame leaves of it, and always shows host and self.
  const budget = MAX_FRAME_BYTES - Buffer.byteLength(JSON.stringify(welcome)) - WELCOME_LIST_MARGIN;
  const listed = listFor(roster.members, connection.memberId, budget);
  connection.send({ ...welcome, ...listed });
}

/**
 * The history goes right after the welcome. Frames arriving meanwhile wait behind it; a message
 * stored before the read is in the history, so its broadcast is dropped.
 */
export async function sendHistory(
  { deps }: RelayContext,
  connection: Connection,
  rid: string,
): Promise<void> {
  connection.holdFrames();
  const messages = await deps.chat.recent(rid);
  const last = messages.at(-1)?.id;
  connection.releaseFrames(
    { type: 'history', messages },
    (frame) =>
      frame.type !== 'message' || last === undefined || messageIdAfter(frame.message.id, last),
  );
}
