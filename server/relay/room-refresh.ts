/**
 * Re-reading every local room's state and re-sending it: the heartbeat's repair of any broadcast
 * that pub/sub dropped, and the catch-up after the bus reconnects.
 * @module
 */
import { setTimeout as sleep } from 'node:timers/promises';
import type { RelayContext } from './relay-context';

/** Re-read attempts after a bus reconnect, and the pause between them. */
const RESYNC_ATTEMPTS = 10;
const RESYNC_RETRY_MS = 500;

/**
 * Re-reads every local room's state and pushes it to the room's members. Resolves false if any
 * read failed; those rooms still get their last known state.
 */
export async function refreshRooms({ deps, registry }: RelayContext): Promise<boolean> {
  const rooms = [...registry.rooms()].filter((room) => room.members.size > 0);
  const reads = await Promise.all(
    rooms.map(async (room) => {
      let read = true;
      try {
        const state = await deps.rooms.read(room.rid);
        if (state) registry.offer(room, state);
      } catch (error) {
        read = false;
        deps.log('room_refresh_failed', { rid: room.rid, error: String(error) });
      }
      const state = room.latest;
      if (state) for (const member of room.members) member.send({ type: 'state', state, by: null });
      return read;
    }),
  );
  return reads.every(Boolean);
}

/**
 * After the bus reconnects: re-reads every room until all reads succeed, because the command
 * connection may come back a moment after the bus. The heartbeat takes over after that.
 */
export async function resync(ctx: RelayContext, closed: () => boolean): Promise<void> {
  for (let attempt = 0; attempt < RESYNC_ATTEMPTS && !closed(); attempt++) {
    if (await refreshRooms(ctx)) return;
    await sleep(RESYNC_RETRY_MS);
  }
}
