/**
 * The handshake: a hello's key, session and limits checked, the member entered in its room (after
 * knocking, if the host lets people in), then welcomed.
 * @module
 */
import { CloseCode, PROTOCOL_VERSION, type HelloFrame } from '../../../shared/protocol';
import { roomIdForKey } from '../../secrets';
import type { Connection } from '../connection';
import { departed } from '../departure';
import { failOnError } from '../failure';
import type { MemberProfile } from '../ports/members';
import type { EnsureResult } from '../ports/room-timeline';
import type { RelayContext, Room } from '../relay-context';
import { guestName } from '../room-rosters';
import type { Handler } from './handler';
import { waitToBeLetIn } from './knock-wait';
import { sendHistory, sendWelcome } from './welcome';

/** Refuses a joiner kept out of the room, saying for how long. */
function refuseRemoved(
  ctx: RelayContext,
  connection: Connection,
  removed: Extract<EnsureResult, { outcome: 'removed' }>,
): void {
  const retryAfterS = Math.max(1, Math.ceil((removed.until - ctx.deps.clock.now()) / 1000));
  connection.fail({ code: 'removed', by: removed.by, retryAfterS }, CloseCode.REMOVED);
}

export const hello: Handler<HelloFrame> = {
  audience: 'greeting',
  async handle(ctx, connection, frame) {
    if (frame.v !== PROTOCOL_VERSION) {
      connection.fail(
        { code: 'unsupported_version', version: PROTOCOL_VERSION },
        CloseCode.UNSUPPORTED_VERSION,
      );
      return;
    }
    connection.phase = 'joining';
    // Declared this way so that the assignment in the callback is not narrowed away.
    let held = null as Room | null;
    try {
      await join(ctx, connection, frame, (room) => {
        held = room;
      });
    } catch (error) {
      // A join that failed after it was entered keeps its room: the socket's close releases it.
      if (held && connection.room !== held) ctx.registry.release(held);
      failOnError(ctx, connection, error, 'hello_failed');
    }
  },
};

/**
 * Enters the member in the room and welcomes it. `acquired` learns the local room once it is
 * held, so that a failure can release it; every refusal releases it itself.
 */
async function join(
  ctx: RelayContext,
  connection: Connection,
  hello: HelloFrame,
  acquired: (room: Room) => void,
): Promise<void> {
  const { deps, registry } = ctx;
  // Counted before the key is looked at, so a right and a wrong key cost the same.
  const admitted = await deps.limits.admitJoin(connection.clientIp);
  if (!admitted.allowed) {
    const { retryAfterS } = admitted;
    connection.fail({ code: 'rate_limited', retryAfterS }, CloseCode.RATE_LIMITED);
    return;
  }
  const found = await deps.owners.lookupRoom(hello.key);
  if (!found) {
    connection.fail({ code: 'room_not_found' }, CloseCode.ROOM_NOT_FOUND);
    return;
  }
  const { target, owner } = found;
  const first = target.kind === 'video' ? target : target.items[0];
  if (!first) {
    connection.fail({ code: 'playlist_empty' }, CloseCode.ROOM_NOT_FOUND);
    return;
  }
  // Sessions are credentials: never logged, only looked up.
  const uid =
    hello.session === undefined ? null : await deps.identity.userForSession(hello.session);
  const rid = roomIdForKey(hello.key);
  // Subscribe before reading the state: a change landing in between then reaches us as a
  // broadcast instead of being lost.
  const room = await registry.acquire(rid);
  acquired(room);
  const ensured = await deps.rooms.ensure(
    rid,
    first.youtubeId,
    target.kind === 'playlist' ? 0 : null,
    hello.initial,
    deps.clock.now(),
    { uid, owner, ip: connection.clientIp },
  );
  if (ensured.outcome === 'removed') {
    registry.release(room);
    refuseRemoved(ctx, connection, ensured);
    return;
  }
  const state =
    ensured.outcome === 'knock'
      ? await waitToBeLetIn(ctx, connection, room, hello, uid)
      : ensured.state;
  if (!state) {
    registry.release(room);
    return;
  }
  registry.offer(room, state);
  const profile: MemberProfile = {
    name: hello.name ?? guestName(connection.memberId),
    status: 'syncing',
    error: null,
    rtt: null,
    uid,
    ip: connection.clientIp,
  };
  const roster = await ctx.rosters.join(room, connection.memberId, profile);
  if (roster === 'full') {
    registry.release(room);
    connection.fail({ code: 'room_full', limit: deps.maxRoomMembers }, CloseCode.ROOM_FULL);
    return;
  }
  if (connection.phase !== 'joining') {
    registry.release(room);
    departed(ctx, room, connection.memberId);
    return;
  }
  // From here to the welcome nothing awaits, so no broadcast can reach the member before it.
  connection.joined(room, profile, hello.key, uid);
  room.members.add(connection);
  sendWelcome(ctx, connection, target, room.latest ?? state, roster);
  // A host arriving sees who is waiting to be let in.
  if (roster.letInOnly) ctx.knocks.refresh(room, true);
  deps.log('ws_joined', { rid, members: room.members.size, user: uid !== null });
  // Other nodes show the newcomer (perhaps the host, whose lock then applies again) now rather
  // than with their next refresh.
  ctx.announcements.request(rid);
  await sendHistory(ctx, connection, rid);
}
