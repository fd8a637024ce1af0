/**
 * A joiner waiting for the host ("Only people I let in").
 * @module
 */
import { CloseCode, MAX_KNOCKS, type HelloFrame, type RoomState } from '../../../shared/protocol';
import type { Connection } from '../connection';
import type { RelayContext, Room } from '../relay-context';
import { guestName } from '../room-rosters';

/**
 * Knocks and waits. Resolves with the room's state once let in, or null once turned away (the
 * socket is then closed) or gone.
 */
export async function waitToBeLetIn(
  { deps, knocks }: RelayContext,
  connection: Connection,
  room: Room,
  hello: HelloFrame,
  uid: string | null,
): Promise<RoomState | null> {
  connection.knocking();
  const answer = await knocks.wait(room, connection, {
    name: hello.name ?? guestName(connection.memberId),
    uid,
    ip: connection.clientIp,
    at: deps.clock.now(),
  });
  switch (answer) {
    case 'in':
    case 'open': {
      if (connection.phase !== 'knocking') return null;
      connection.phase = 'joining';
      const state = room.latest ?? (await deps.rooms.read(room.rid));
      if (!state) throw new Error(`room ${room.rid} has no state`);
      return state;
    }
    case 'out':
      connection.fail({ code: 'denied' }, CloseCode.DENIED);
      return null;
    case 'timeout':
      connection.fail({ code: 'knock_timeout' }, CloseCode.DENIED);
      return null;
    case 'full':
      connection.fail({ code: 'knocks_full', limit: MAX_KNOCKS }, CloseCode.ROOM_FULL);
      return null;
    case 'gone':
      return null;
  }
}
