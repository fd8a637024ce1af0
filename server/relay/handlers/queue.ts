/**
 * Playlist rooms: moving the room to another entry of its playlist.
 * @module
 */
import type { InviteLookupResponse, QueueFrame } from '../../../shared/protocol';
import { failOnError } from '../failure';
import type { RelayContext, Room } from '../relay-context';
import { refuseForHostOnly } from './control';
import type { Handler } from './handler';

/**
 * What the room's invite key opens, looked up once and kept until the playlist changes: a
 * `queue` frame then costs one script instead of the playlist's lookup (a read per entry), so a
 * few sockets sending them cannot keep the shared state busy for everyone.
 */
function targetOf(
  { deps }: RelayContext,
  room: Room,
  inviteKey: string,
): Promise<InviteLookupResponse | null> {
  if (room.target) return room.target;
  const target = deps.invites.lookupInvite(inviteKey);
  room.target = target;
  // A failed lookup is not kept: the next frame tries again.
  target.catch(() => {
    if (room.target === target) room.target = null;
  });
  return target;
}

/**
 * Moves a playlist room to another entry of its playlist as it is now. The member counted from
 * the entry the room was on; if the playlist changed since (entries added, removed or moved),
 * the move is taken relative to where the room's video is now, so "next" stays next.
 */
export const queue: Handler<QueueFrame> = {
  audience: 'joined',
  async handle(ctx, connection, move) {
    const { room, inviteKey } = connection;
    if (!room || inviteKey === null) return;
    try {
      const target = await targetOf(ctx, room, inviteKey);
      if (target?.kind !== 'playlist') {
        connection.refuse({ code: target ? 'not_playlist' : 'playlist_gone' });
        return;
      }
      const playing = room.latest
        ? target.items.findIndex((item) => item.youtubeId === room.latest?.videoId)
        : -1;
      const to = (playing >= 0 ? playing : move.from) + (move.to - move.from);
      const item = target.items[to];
      if (!item) {
        // Every member reaching the end of the last video asks for the next one: nothing to do.
        if (move.to !== move.from + 1) connection.refuse({ code: 'no_entry' });
        return;
      }
      const result = await ctx.deps.rooms.selectItem(
        room.rid,
        { from: move.from, to, videoId: item.youtubeId },
        connection.memberId,
        connection.uid,
        ctx.deps.clock.now(),
      );
      if (result.outcome === 'host_only') refuseForHostOnly(connection, result.state);
      else if (result.state) ctx.registry.offer(room, result.state);
    } catch (error) {
      failOnError(ctx, connection, error, 'queue_failed');
    }
  },
};
