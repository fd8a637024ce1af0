/**
 * The WebSocket relay: handshake, controls, holds, reports, chat, reactions, host actions, clock
 * pings and heartbeats for local members. Other nodes are reached only through the stores' shared
 * data, the events the stores publish and the `RoomBus`.
 * @module
 */
import { setTimeout as sleep } from 'node:timers/promises';
import * as v from 'valibot';
import type { WebSocket } from 'ws';
import {
  ChatTextSchema,
  CloseCode,
  MAX_FRAME_BYTES,
  PROTOCOL_VERSION,
  type ClientFrame,
  type ControlFrame,
  type HelloFrame,
  type InviteLookupResponse,
  type PingFrame,
  type QueueFrame,
  type Reaction,
  type ReportFrame,
  type RoomState,
  type WelcomeFrame,
} from '../../shared/protocol';
import type { RoomBroadcast, RoomBus } from './bus';
import type { Log } from '../log';
import type { RelayMetrics } from '../metrics';
import type { RateDecision } from '../rate-limits';
import { isStorageFull, STORAGE_FULL_MESSAGE, UNAVAILABLE_MESSAGE } from '../redis/outage';
import { roomIdForKey } from '../secrets';
import { streamIdAfter, type ChatStore } from '../redis/stores/chat-store';
import type { MemberProfile, MemberStore } from '../redis/stores/member-store';
import type { HostActionOutcome, RoomMetaStore } from '../redis/stores/room-meta-store';
import type { InviteRoom } from '../redis/stores/invite-store';
import type { KnockStore } from '../redis/stores/knock-store';
import type { RoomStore } from '../redis/stores/room-store';
import { Connection, type ChatBudget } from './connection';
import { HoldDeadlines } from './hold-deadlines';
import { KeyedThrottle } from './keyed-throttle';
import { listFor } from './members-frames';
import { relayNow } from './relay-clock';
import { RoomRegistry, type LocalRoom } from './room-registry';
import { RoomKnocks } from './room-knocks';
import { guestName, PUSH_GAP_MS, RoomRosters } from './room-rosters';

/** Close code for "try again later" (RFC 6455 1013). */
const TRY_AGAIN_LATER = 1013;
/** Close code for an unexpected server error (RFC 6455 1011). */
const INTERNAL_ERROR = 1011;
/** Re-read attempts after a bus reconnect, and the pause between them. */
const RESYNC_ATTEMPTS = 10;
const RESYNC_RETRY_MS = 500;
/** How long shutdown waits for clients to acknowledge the 1001 close before dropping them. */
const CLOSE_WAIT_MS = 2000;

const REMOVED_MESSAGE = 'The host removed you from this room';
const NOT_HOST_MESSAGE = 'Only the host can do that';
/** Room a welcome keeps for its member list's framing, beyond the rest of the frame. */
const WELCOME_LIST_MARGIN = 64;

/** The refusal a member kept out by its address hears: it may not be the one who was removed. */
function removedFromNetworkMessage(until: number): string {
  const minutes = Math.max(1, Math.ceil((until - relayNow()) / 60_000));
  return `The host removed someone using your network from this room; try again in ${minutes} min`;
}

export interface RelayDeps {
  rooms: Pick<
    RoomStore,
    | 'ensure'
    | 'read'
    | 'applyControl'
    | 'ready'
    | 'stopWaiting'
    | 'stall'
    | 'expireHold'
    | 'selectItem'
  >;
  members: Pick<MemberStore, 'sync' | 'join' | 'write' | 'remove'>;
  meta: Pick<RoomMetaStore, 'setHostOnly' | 'handHost' | 'remove' | 'announceRoster'>;
  chat: Pick<ChatStore, 'append' | 'recent' | 'react'>;
  knocks: Pick<KnockStore, 'setLetInOnly' | 'answer' | 'knock' | 'forget' | 'waiting'>;
  invites: { lookupInvite(key: string): Promise<InviteLookupResponse | null> };
  /** An invite's target with its owner, who is the room's rightful host. */
  owners: { lookupRoom(key: string): Promise<InviteRoom | null> };
  /** Who a hello's session belongs to. */
  identity: { userForSession(session: string): Promise<string | null> };
  bus: RoomBus;
  /** True when an error means the database is unreachable rather than a bug. */
  isOutage(error: unknown): boolean;
  heartbeatMs: number;
  handshakeMs: number;
  roomLingerMs: number;
  chatBudget: ChatBudget;
  /** The most members one room admits (its host and owner always get in). */
  maxRoomMembers: number;
  /** Counts one join from an IP against its per-IP limit. */
  admitJoin(ip: string): Promise<RateDecision>;
  metrics: Pick<RelayMetrics, 'messages' | 'rejects' | 'controlDelivery'>;
  log: Log;
}

/** Frames that only make sense from a member of a room. */
type MemberFrame = Exclude<ClientFrame, HelloFrame | PingFrame>;

/** Serves every WebSocket of one node. */
export class Relay {
  readonly #connections = new Set<Connection>();
  readonly #registry: RoomRegistry<Connection>;
  readonly #deadlines: HoldDeadlines;
  readonly #rosters: RoomRosters;
  readonly #knocks: RoomKnocks;
  /** Roster announcements per room, folded so that a burst of changes is one event per gap. */
  readonly #announcements: KeyedThrottle<string>;
  readonly #heartbeat: ReturnType<typeof setInterval>;
  #closed = false;

  constructor(private readonly deps: RelayDeps) {
    // The release reaches every node, this one included, as a broadcast.
    this.#deadlines = new HoldDeadlines(async (rid, holdId) => {
      await deps.rooms.expireHold(rid, holdId, relayNow());
    }, deps.log);
    this.#registry = new RoomRegistry(deps.bus, deps.roomLingerMs, deps.log, (room) =>
      this.#deadlines.follow(room.rid, room.latest),
    );
    this.#rosters = new RoomRosters(
      deps.members,
      () => this.#registry.rooms(),
      deps.log,
      deps.maxRoomMembers,
    );
    this.#knocks = new RoomKnocks(deps.knocks, deps.log);
    this.#announcements = new KeyedThrottle(PUSH_GAP_MS, (rid) => {
      deps.meta.announceRoster(rid).catch((error: unknown) => {
        deps.log('members_announce_failed', { rid, error: String(error) });
      });
    });
    deps.bus.listen({
      broadcast: (rid, event) => this.#onRoomEvent(rid, event),
      reconnected: () => {
        deps.log('bus_reconnected');
        // A playlist change announced while the bus was down is lost: look every queue up again.
        for (const room of this.#registry.rooms()) room.target = null;
        void this.#resync();
      },
    });
    this.#heartbeat = setInterval(() => this.#beat(), deps.heartbeatMs);
  }

  /** Open sockets on this node. */
  get connectionCount(): number {
    return this.#connections.size;
  }

  /** Local rooms with members on this node. */
  get roomCount(): number {
    let count = 0;
    for (const room of this.#registry.rooms()) if (room.members.size > 0) count++;
    return count;
  }

  /** Takes over an upgraded socket from `clientIp`. */
  accept(ws: WebSocket, clientIp: string): void {
    const connection = new Connection(
      ws,
      {
        frame: (c, frame, receivedAt) => this.#onFrame(c, frame, receivedAt),
        closed: (c) => this.#onClosed(c),
      },
      this.deps.handshakeMs,
      this.deps.chatBudget,
      this.deps.log,
      this.deps.metrics,
      clientIp,
    );
    this.#connections.add(connection);
  }

  /** Closes every socket with 1001 (clients reconnect elsewhere) and unsubscribes. */
  async close(): Promise<void> {
    this.#closed = true;
    clearInterval(this.#heartbeat);
    this.#rosters.stop();
    this.#announcements.stop();
    this.#knocks.stop();
    this.#deadlines.stop();
    const open = [...this.#connections];
    const allClosed = Promise.all(
      open.map((c) => new Promise<void>((resolve) => c.onceClosed(resolve))),
    );
    for (const c of open) c.close(CloseCode.GOING_AWAY, 'relay shutting down');
    let timer: ReturnType<typeof setTimeout> | undefined;
    const waited = new Promise<void>((resolve) => {
      timer = setTimeout(resolve, CLOSE_WAIT_MS);
    });
    await Promise.race([allClosed, waited]);
    clearTimeout(timer);
    for (const c of this.#connections) c.terminate();
    await this.#registry.clear();
  }

  #onFrame(connection: Connection, frame: ClientFrame, receivedAt: number): void {
    switch (frame.type) {
      case 'hello':
        if (connection.phase !== 'greeting') {
          connection.fail('bad_frame', 'Already said hello', CloseCode.BAD_FRAME);
          return;
        }
        void this.#hello(connection, frame);
        return;
      case 'control':
      case 'ready':
      case 'stall':
      case 'nowait':
      case 'queue':
      case 'report':
      case 'chat':
      case 'react':
      case 'rename':
      case 'host_only':
      case 'hand_host':
      case 'remove':
      case 'let_in_only':
      case 'let_in':
      case 'deny':
        if (connection.phase !== 'joined') {
          connection.fail(
            'bad_frame',
            'Send hello and wait for welcome first',
            CloseCode.BAD_FRAME,
          );
          return;
        }
        this.#onMemberFrame(connection, frame);
        return;
      case 'ping':
        if (connection.phase === 'greeting') {
          connection.fail('bad_frame', 'The first frame must be hello', CloseCode.BAD_FRAME);
          return;
        }
        connection.send({
          type: 'pong',
          id: frame.id,
          t0: frame.t0,
          t1: receivedAt,
          t2: relayNow(),
        });
        return;
    }
  }

  #onMemberFrame(connection: Connection, frame: MemberFrame): void {
    const rooms = this.deps.rooms;
    switch (frame.type) {
      case 'control':
        void this.#control(connection, frame);
        return;
      case 'ready':
        void this.#changeHold(connection, 'ready_failed', (rid, memberId, now) =>
          rooms.ready(rid, memberId, frame.holdId, now),
        );
        return;
      case 'stall':
        // Under the host-only lock a guest's stall holds no one (nothing goes out): its player
        // waits alone and catches up.
        void this.#changeHold(connection, 'stall_failed', (rid, memberId, now) =>
          rooms.stall(rid, memberId, connection.uid, now),
        );
        return;
      case 'nowait':
        void this.#changeHold(connection, 'nowait_failed', (rid, memberId, now) =>
          rooms.stopWaiting(rid, memberId, memberId, now),
        );
        return;
      case 'queue':
        void this.#queue(connection, frame);
        return;
      case 'report':
        void this.#report(connection, frame);
        return;
      case 'chat':
        void this.#chat(connection, frame.text);
        return;
      case 'react':
        void this.#react(connection, frame.emoji);
        return;
      case 'rename':
        this.#rename(connection, frame.name);
        return;
      case 'host_only':
        void this.#hostAction(connection, 'host_only_failed', (rid, uid) =>
          this.deps.meta.setHostOnly(rid, uid, frame.on),
        );
        return;
      case 'hand_host':
        void this.#hostAction(connection, 'hand_host_failed', (rid, uid) =>
          this.deps.meta.handHost(rid, uid, frame.memberId, relayNow()),
        );
        return;
      case 'remove':
        void this.#hostAction(connection, 'remove_failed', (rid, uid) =>
          this.deps.meta.remove(rid, uid, frame.memberId, relayNow()),
        );
        return;
      case 'let_in_only':
        void this.#hostAction(connection, 'let_in_only_failed', (rid, uid) =>
          this.deps.knocks.setLetInOnly(rid, uid, frame.on, relayNow()),
        );
        return;
      case 'let_in':
      case 'deny':
        void this.#hostAction(connection, `${frame.type}_failed`, (rid, uid) =>
          this.deps.knocks.answer(rid, uid, frame.memberId, frame.type === 'let_in', relayNow()),
        );
        return;
    }
  }

  /** Delivers an event from the room's channel to this node's members of the room. */
  #onRoomEvent(rid: string, event: RoomBroadcast): void {
    if (event.kind === 'state') {
      this.#registry.broadcast(rid, event.state, event.by);
      this.deps.metrics.controlDelivery.delivered(rid, event.state.rev);
      return;
    }
    const room = this.#registry.get(rid);
    if (!room) return;
    switch (event.kind) {
      case 'message':
        for (const member of room.members) member.send({ type: 'message', message: event.message });
        return;
      case 'reaction': {
        const { memberId, name, emoji } = event;
        for (const member of room.members) {
          member.send({ type: 'reaction', memberId, name, emoji });
        }
        return;
      }
      case 'kick':
        for (const member of room.members) {
          if (event.memberIds.includes(member.memberId)) {
            member.fail('removed', REMOVED_MESSAGE, CloseCode.REMOVED);
          }
        }
        return;
      case 'roster':
        if (room.members.size > 0) this.#rosters.requestRefresh(room);
        this.#knocks.refresh(room, false);
        return;
      case 'knocks':
        this.#knocks.refresh(room, true);
        return;
      case 'admit':
        this.#knocks.answered(event.memberIds, event.verdict);
        return;
      case 'playlist':
        room.target = null;
        return;
    }
  }

  /**
   * What the room's invite key opens, looked up once and kept until the playlist changes: a
   * `queue` frame then costs one script instead of the playlist's lookup (a read per entry), so a
   * few sockets sending them cannot keep Redis busy for everyone.
   */
  #targetOf(room: LocalRoom<Connection>, inviteKey: string): Promise<InviteLookupResponse | null> {
    if (room.target) return room.target;
    const target = this.deps.invites.lookupInvite(inviteKey);
    room.target = target;
    // A failed lookup is not kept: the next frame tries again.
    target.catch(() => {
      if (room.target === target) room.target = null;
    });
    return target;
  }

  /** Tells every node to show the room's member list now (or at the end of the gap). */
  #announceRoster(rid: string): void {
    this.#announcements.request(rid);
  }

  /**
   * A chat message: stored and published to everyone (its sender too) unless it is too long or
   * the member is over its budget, which it is told. The text goes out exactly as the member sent
   * it (trimmed).
   */
  async #chat(connection: Connection, draft: string): Promise<void> {
    const { room, profile } = connection;
    if (!room || !profile) return;
    const checked = v.safeParse(ChatTextSchema, draft);
    if (!checked.success) {
      // Answered, not closed: a message the sender's counter let through must not cost the room.
      connection.send({ type: 'error', code: 'too_long', message: checked.issues[0].message });
      return;
    }
    const text = checked.output;
    if (!connection.mayChat()) {
      connection.send({
        type: 'error',
        code: 'rate_limited',
        message: 'Slow down: you are sending messages too fast',
      });
      return;
    }
    try {
      await this.deps.chat.append(room.rid, {
        memberId: connection.memberId,
        name: profile.name,
        text,
        at: Math.round(relayNow()),
      });
    } catch (error) {
      this.#failOnError(connection, error, 'chat_failed');
    }
  }

  /** A reaction for everyone; over the member's budget it is dropped without a word. */
  async #react(connection: Connection, emoji: Reaction): Promise<void> {
    const { room, profile } = connection;
    if (!room || !profile || !connection.mayReact()) return;
    try {
      await this.deps.chat.react(room.rid, {
        memberId: connection.memberId,
        name: profile.name,
        emoji,
      });
    } catch (error) {
      this.#failOnError(connection, error, 'react_failed');
    }
  }

  /**
   * A new nickname, within the member's rename budget (a flood of renames takes effect as its
   * newest, a few seconds later): this node's members see it with the next list, other nodes'
   * members on the event. Both are folded with other changes to the room.
   */
  #rename(connection: Connection, name: string): void {
    connection.rename(name, (newest) => {
      const { room, profile } = connection;
      if (!room || !profile) return;
      profile.name = newest;
      this.#rosters.requestRefresh(room);
      this.#announceRoster(room.rid);
    });
  }

  /**
   * Runs a host action for the member's user. The store checks atomically that the user is the
   * host; a member without a user never is. A change reaches every node as an event; this node's
   * members also get the new list at once.
   */
  async #hostAction(
    connection: Connection,
    event: string,
    act: (rid: string, uid: string) => Promise<HostActionOutcome>,
  ): Promise<void> {
    const { room, uid } = connection;
    if (!room) return;
    try {
      const outcome = uid === null ? 'not_host' : await act(room.rid, uid);
      switch (outcome) {
        case 'done':
          await this.#rosters.refresh(room);
          return;
        case 'not_host':
          connection.send({ type: 'error', code: 'host_only', message: NOT_HOST_MESSAGE });
          return;
        case 'no_member':
          connection.send({
            type: 'error',
            code: 'bad_frame',
            message: 'That member is no longer in the room',
          });
          return;
        case 'no_user':
          connection.send({
            type: 'error',
            code: 'bad_frame',
            message: 'That member has no We Watch identity, so they cannot be host',
          });
          return;
        case 'self':
          connection.send({
            type: 'error',
            code: 'bad_frame',
            message: 'You cannot remove yourself',
          });
          return;
        case 'owner':
          connection.send({
            type: 'error',
            code: 'host_only',
            message: 'The room’s owner cannot be removed',
          });
          return;
      }
    } catch (error) {
      this.#failOnError(connection, error, event);
    }
  }

  /** Answers a playback change the host-only lock refused: the room as it is, and why. */
  #refuseForHostOnly(connection: Connection, state: RoomState): void {
    connection.send({ type: 'state', state, by: null });
    connection.send({
      type: 'error',
      code: 'host_only',
      message: 'Only the host can control playback',
    });
  }

  /**
   * Moves a playlist room to another entry of its playlist as it is now. The member counted from
   * the entry the room was on; if the playlist changed since (entries added, removed or moved),
   * the move is taken relative to where the room's video is now, so "next" stays next.
   */
  async #queue(connection: Connection, move: QueueFrame): Promise<void> {
    const { room, inviteKey } = connection;
    if (!room || inviteKey === null) return;
    try {
      const target = await this.#targetOf(room, inviteKey);
      if (target?.kind !== 'playlist') {
        connection.send({
          type: 'error',
          code: 'bad_frame',
          message: target
            ? 'This room plays one video, not a playlist'
            : 'That playlist no longer exists',
        });
        return;
      }
      const playing = room.latest
        ? target.items.findIndex((item) => item.youtubeId === room.latest?.videoId)
        : -1;
      const to = (playing >= 0 ? playing : move.from) + (move.to - move.from);
      const item = target.items[to];
      if (!item) {
        // Every member reaching the end of the last video asks for the next one: nothing to do.
        if (move.to !== move.from + 1)
          connection.send({
            type: 'error',
            code: 'bad_frame',
            message: 'That playlist entry no longer exists',
          });
        return;
      }
      const result = await this.deps.rooms.selectItem(
        room.rid,
        { from: move.from, to, videoId: item.youtubeId },
        connection.memberId,
        connection.uid,
        relayNow(),
      );
      if (result.outcome === 'host_only') this.#refuseForHostOnly(connection, result.state);
      else if (result.state) this.#registry.offer(room, result.state);
    } catch (error) {
      this.#failOnError(connection, error, 'queue_failed');
    }
  }

  async #hello(connection: Connection, hello: HelloFrame): Promise<void> {
    if (hello.v !== PROTOCOL_VERSION) {
      connection.fail(
        'unsupported_version',
        `This relay speaks protocol ${PROTOCOL_VERSION}; update We Watch`,
        CloseCode.UNSUPPORTED_VERSION,
      );
      return;
    }
    connection.phase = 'joining';
    let room: LocalRoom<Connection> | null = null;
    try {
      // Counted before the key is looked at, so a right and a wrong key cost the same.
      const admitted = await this.deps.admitJoin(connection.clientIp);
      if (!admitted.allowed) {
        connection.fail(
          'rate_limited',
          `Too many joins; try again in ${admitted.retryAfterS} s`,
          CloseCode.RATE_LIMITED,
        );
        return;
      }
      const found = await this.deps.owners.lookupRoom(hello.key);
      if (!found) {
        connection.fail('room_not_found', 'No room with that invite key', CloseCode.ROOM_NOT_FOUND);
        return;
      }
      const { target, owner } = found;
      const first = target.kind === 'video' ? target : target.items[0];
      if (!first) {
        connection.fail(
          'room_not_found',
          'That playlist has no videos yet',
          CloseCode.ROOM_NOT_FOUND,
        );
        return;
      }
      // Sessions are credentials: never logged, only looked up.
      const uid =
        hello.session === undefined ? null : await this.deps.identity.userForSession(hello.session);
      const rid = roomIdForKey(hello.key);
      // Subscribe before reading the state: a change landing in between then reaches us as a
      // broadcast instead of being lost.
      room = await this.#registry.acquire(rid);
      const ensured = await this.deps.rooms.ensure(
        rid,
        first.youtubeId,
        target.kind === 'playlist' ? 0 : null,
        hello.initial,
        relayNow(),
        { uid, owner, ip: connection.clientIp },
      );
      if (ensured.outcome === 'removed') {
        this.#registry.release(room);
        room = null;
        const message =
          ensured.by === 'address' ? removedFromNetworkMessage(ensured.until) : REMOVED_MESSAGE;
        connection.fail('removed', message, CloseCode.REMOVED);
        return;
      }
      const state =
        ensured.outcome === 'knock'
          ? await this.#knock(connection, room, hello, uid)
          : ensured.state;
      if (!state) {
        this.#registry.release(room);
        room = null;
        return;
      }
      this.#registry.offer(room, state);
      const profile: MemberProfile = {
        name: hello.name ?? guestName(connection.memberId),
        status: 'syncing',
        error: null,
        rtt: null,
        uid,
        ip: connection.clientIp,
      };
      const roster = await this.#rosters.join(room, connection.memberId, profile);
      if (roster === 'full') {
        this.#registry.release(room);
        room = null;
        connection.fail(
          'room_full',
          `This room is full (${this.deps.maxRoomMembers} members); try again when someone leaves`,
          CloseCode.ROOM_FULL,
        );
        return;
      }
      if (connection.phase !== 'joining') {
        this.#registry.release(room);
        this.#departed(room, connection.memberId);
        return;
      }
      // From here to the welcome nothing awaits, so no broadcast can reach the member before it.
      connection.joined(room, profile, hello.key, uid);
      room.members.add(connection);
      const current = room.latest ?? state;
      const playing =
        target.kind === 'video'
          ? target
          : (target.items.find((item) => item.youtubeId === current.videoId) ?? {
              youtubeId: current.videoId,
              title: target.title,
            });
      const welcome: WelcomeFrame = {
        type: 'welcome',
        v: PROTOCOL_VERSION,
        memberId: connection.memberId,
        video: { youtubeId: playing.youtubeId, title: playing.title },
        state: current,
        members: [],
        unlisted: 0,
        hostOnly: roster.hostOnly,
        letInOnly: roster.letInOnly,
        heartbeatMs: this.deps.heartbeatMs,
      };
      // The list gets what the rest of the frame leaves of it, and always shows host and self.
      const budget =
        MAX_FRAME_BYTES - Buffer.byteLength(JSON.stringify(welcome)) - WELCOME_LIST_MARGIN;
      const listed = listFor(roster.members, connection.memberId, budget);
      connection.send({ ...welcome, ...listed });
      // A host arriving sees who is waiting to be let in.
      if (roster.letInOnly) this.#knocks.refresh(room, true);
      this.deps.log('ws_joined', { rid, members: room.members.size, user: uid !== null });
      // Other nodes show the newcomer (perhaps the host, whose lock then applies again) now
      // rather than with their next refresh.
      this.#announceRoster(rid);
      // The history goes right after the welcome. Frames arriving meanwhile wait behind it; a
      // message stored before the read is in the history, so its broadcast is dropped.
      connection.holdFrames();
      const messages = await this.deps.chat.recent(rid);
      const last = messages.at(-1)?.id;
      connection.releaseFrames(
        { type: 'history', messages },
        (frame) =>
          frame.type !== 'message' || last === undefined || streamIdAfter(frame.message.id, last),
      );
    } catch (error) {
      if (room && connection.room !== room) this.#registry.release(room);
      this.#failOnError(connection, error, 'hello_failed');
    }
  }

  /**
   * A joiner waits for the host ("Only people I let in"). Resolves with the room's state once let
   * in, or null once turned away (the socket is then closed) or gone.
   */
  async #knock(
    connection: Connection,
    room: LocalRoom<Connection>,
    hello: HelloFrame,
    uid: string | null,
  ): Promise<RoomState | null> {
    connection.knocking();
    const answer = await this.#knocks.wait(room, connection, {
      name: hello.name ?? guestName(connection.memberId),
      uid,
      ip: connection.clientIp,
      at: relayNow(),
    });
    switch (answer) {
      case 'in':
      case 'open': {
        if (connection.phase !== 'knocking') return null;
        connection.phase = 'joining';
        const state = room.latest ?? (await this.deps.rooms.read(room.rid));
        if (!state) throw new Error(`room ${room.rid} has no state`);
        return state;
      }
      case 'out':
        connection.fail('denied', 'The host did not let you in', CloseCode.DENIED);
        return null;
      case 'timeout':
        connection.fail('denied', 'Nobody let you in; try again later', CloseCode.DENIED);
        return null;
      case 'full':
        connection.fail(
          'room_full',
          'Too many people are waiting to be let in; try again later',
          CloseCode.ROOM_FULL,
        );
        return null;
      case 'gone':
        return null;
    }
  }

  async #control(connection: Connection, control: ControlFrame): Promise<void> {
    const delivery = this.deps.metrics.controlDelivery.received();
    const room = connection.room;
    if (!room) return;
    try {
      const result = await this.deps.rooms.applyControl(
        room.rid,
        control,
        relayNow(),
        connection.memberId,
        connection.uid,
      );
      this.#registry.offer(room, result.state);
      if (result.outcome === 'applied') delivery.applied(room.rid, result.state.rev);
      // Applied changes reach everyone, the sender included, through the bus; a stale one (or a
      // play during a hold, or one the host-only lock refuses) is answered to its sender alone so
      // that its player snaps back.
      if (result.outcome === 'host_only') this.#refuseForHostOnly(connection, result.state);
      else if (result.outcome === 'stale') {
        connection.send({ type: 'state', state: result.state, by: null });
      }
    } catch (error) {
      this.#failOnError(connection, error, 'control_failed');
    }
  }

  /** Runs a hold change for the member; a change reaches everyone through the bus, a no-op no one. */
  async #changeHold(
    connection: Connection,
    event: string,
    change: (rid: string, memberId: string, now: number) => Promise<RoomState | null>,
  ): Promise<void> {
    const room = connection.room;
    if (!room) return;
    try {
      const state = await change(room.rid, connection.memberId, relayNow());
      if (state) this.#registry.offer(room, state);
    } catch (error) {
      this.#failOnError(connection, error, event);
    }
  }

  async #report(connection: Connection, report: ReportFrame): Promise<void> {
    const { room, profile } = connection;
    if (!room || !profile) return;
    const statusChanged = report.status !== profile.status;
    profile.status = report.status;
    profile.error = report.error;
    profile.rtt = report.rtt;
    try {
      await this.#rosters.report(room, connection.memberId, profile, statusChanged);
    } catch (error) {
      this.#failOnError(connection, error, 'report_failed');
    }
  }

  #onClosed(connection: Connection): void {
    this.#connections.delete(connection);
    this.#knocks.closed(connection);
    const room = connection.room;
    if (!room) return;
    room.members.delete(connection);
    this.#registry.release(room);
    this.#departed(room, connection.memberId);
  }

  /** A member has gone: out of the room's list, and no longer awaited by its hold. */
  #departed(room: LocalRoom<Connection>, memberId: string): void {
    const failed = (error: unknown) => {
      this.deps.log('member_leave_failed', { rid: room.rid, error: String(error) });
    };
    // The list entry goes first, so that a release's start lead no longer counts the member.
    this.#rosters.leave(room, memberId).then(() => this.#announceRoster(room.rid), failed);
    this.deps.rooms.stopWaiting(room.rid, memberId, null, relayNow()).then((state) => {
      if (state) this.#registry.offer(room, state);
    }, failed);
  }

  #failOnError(connection: Connection, error: unknown, event: string): void {
    if (isStorageFull(error)) {
      this.deps.log(event, { rid: connection.room?.rid, storageFull: true, error: String(error) });
      connection.fail('storage_full', STORAGE_FULL_MESSAGE, TRY_AGAIN_LATER);
      return;
    }
    const outage = this.deps.isOutage(error);
    this.deps.log(event, { rid: connection.room?.rid, outage, error: String(error) });
    connection.fail(
      'unavailable',
      outage ? UNAVAILABLE_MESSAGE : 'The We Watch server had a problem; reconnecting',
      outage ? TRY_AGAIN_LATER : INTERNAL_ERROR,
    );
  }

  /**
   * The heartbeat: reaps sockets that missed a pong, pings the rest, and re-sends every room's
   * state. The state keeps the browser's service worker awake and repairs any broadcast that
   * pub/sub dropped.
   */
  #beat(): void {
    for (const connection of this.#connections) {
      if (connection.phase === 'joined') connection.probe();
    }
    this.#knocks.keepAlive();
    void this.#refreshRooms();
  }

  /**
   * After the bus reconnects: re-reads every room until all reads succeed, because the command
   * connection may come back a moment after the bus. The heartbeat takes over after that.
   */
  async #resync(): Promise<void> {
    for (let attempt = 0; attempt < RESYNC_ATTEMPTS && !this.#closed; attempt++) {
      if (await this.#refreshRooms()) return;
      await sleep(RESYNC_RETRY_MS);
    }
  }

  /**
   * Re-reads every local room's state and pushes it to the room's members. Resolves false if any
   * read failed; those rooms still get their last known state.
   */
  async #refreshRooms(): Promise<boolean> {
    const rooms = [...this.#registry.rooms()].filter((room) => room.members.size > 0);
    const reads = await Promise.all(
      rooms.map(async (room) => {
        let read = true;
        try {
          const state = await this.deps.rooms.read(room.rid);
          if (state) this.#registry.offer(room, state);
        } catch (error) {
          read = false;
          this.deps.log('room_refresh_failed', { rid: room.rid, error: String(error) });
        }
        const state = room.latest;
        if (state)
          for (const member of room.members) member.send({ type: 'state', state, by: null });
        return read;
      }),
    );
    return reads.every(Boolean);
  }
}
