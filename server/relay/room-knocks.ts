/**
 * "Only people I let in" on this node: joiners waiting here for the host's answer, and the
 * waiting list shown to the host's members here. The list and the answers live in Redis
 * (`KnockStore`), so the joiner and the host may be on different nodes.
 * @module
 */
import type { ServerFrame } from '../../shared/protocol';
import type { Log } from '../log';
import type { Clock } from './ports/clock';
import { KNOCK_WAIT_MS, type KnockBoard, type KnockEntry } from './ports/knocks';
import type { Connection } from './connection';
import { KeyedThrottle } from './keyed-throttle';
import type { LocalRoom } from './room-registry';
import { PUSH_GAP_MS } from './room-rosters';

type Room = LocalRoom<Connection>;

/**
 * How a wait ended: let in, turned away, no answer in time, the room full of waiting joiners,
 * the switch turned off meanwhile (`open`: go in), or the joiner's socket gone.
 */
export type KnockAnswer = 'in' | 'out' | 'timeout' | 'full' | 'open' | 'gone';

interface Waiting {
  connection: Connection;
  rid: string;
  finish: (answer: KnockAnswer) => void;
}

const NO_KNOCKS = JSON.stringify({ type: 'knocks', knocks: [] } satisfies ServerFrame);

/** The waiting joiners of this node and the host's view of every room's list. */
export class RoomKnocks {
  readonly #waiting = new Map<string, Waiting>();
  /** The list each local member was last sent, serialized (absent: none, or an empty one). */
  readonly #shown = new WeakMap<Connection, string>();
  /** Rooms that have had knocks while this node held them: their hosts may need the list. */
  readonly #knocked = new WeakSet<Room>();
  readonly #shows: KeyedThrottle<Room>;

  constructor(
    private readonly store: Pick<KnockBoard, 'knock' | 'forget' | 'waiting'>,
    private readonly clock: Clock,
    private readonly log: Log,
  ) {
    this.#shows = new KeyedThrottle(PUSH_GAP_MS, (room) => {
      this.#show(room).catch((error: unknown) => {
        this.log('knocks_show_failed', { rid: room.rid, error: String(error) });
      });
    });
  }

  /**
   * Puts `connection`'s joiner on the room's waiting list and resolves with the host's answer.
   * The joiner hears `knocking` now and with every heartbeat until then.
   */
  wait(room: Room, connection: Connection, entry: KnockEntry): Promise<KnockAnswer> {
    const { memberId } = connection;
    return new Promise((resolve) => {
      // Registered before the knock is stored, so that no answer can arrive before it.
      const timer = setTimeout(() => finish('timeout'), KNOCK_WAIT_MS);
      const finish = (answer: KnockAnswer) => {
        if (this.#waiting.get(memberId)?.finish !== finish) return;
        clearTimeout(timer);
        this.#waiting.delete(memberId);
        if (answer === 'timeout' || answer === 'gone') {
          this.store.forget(room.rid, memberId).catch((error: unknown) => {
            this.log('knock_forget_failed', { rid: room.rid, error: String(error) });
          });
        }
        resolve(answer);
      };
      this.#waiting.set(memberId, { connection, rid: room.rid, finish });
      this.store.knock(room.rid, memberId, entry).then(
        (outcome) => {
          if (outcome === 'waiting') connection.send({ type: 'knocking' });
          else finish(outcome);
        },
        (error: unknown) => {
          this.log('knock_failed', { rid: room.rid, error: String(error) });
          finish('gone');
          connection.terminate();
        },
      );
    });
  }

  /** The host's answer for some joiners, from the room's channel. */
  answered(memberIds: readonly string[], verdict: 'in' | 'out'): void {
    for (const id of memberIds) this.#waiting.get(id)?.finish(verdict);
  }

  /** A socket has closed: if it was waiting, it waits no more. */
  closed(connection: Connection): void {
    const waiting = this.#waiting.get(connection.memberId);
    if (waiting?.connection === connection) waiting.finish('gone');
  }

  /** The waiting list changed (`changed`), or the host may have: show the host the list soon. */
  refresh(room: Room, changed: boolean): void {
    if (changed) this.#knocked.add(room);
    if (this.#knocked.has(room)) this.#shows.request(room);
  }

  /** Heartbeat: tells every waiting joiner it still waits (its client's watchdog hears the relay). */
  keepAlive(): void {
    for (const { connection } of this.#waiting.values()) {
      connection.probe();
      connection.send({ type: 'knocking' });
    }
  }

  stop(): void {
    this.#shows.stop();
    for (const { finish } of [...this.#waiting.values()]) finish('gone');
  }

  /** Sends the list to the room's local host members, and an empty one to a former host. */
  async #show(room: Room): Promise<void> {
    if (room.members.size === 0) return;
    const { host, knocks } = await this.store.waiting(room.rid, this.clock.now());
    const text = JSON.stringify({ type: 'knocks', knocks } satisfies ServerFrame);
    for (const member of room.members) {
      const wanted = member.uid !== null && member.uid === host ? text : NO_KNOCKS;
      if ((this.#shown.get(member) ?? NO_KNOCKS) === wanted) continue;
      this.#shown.set(member, wanted);
      member.sendText(wanted);
    }
  }
}
