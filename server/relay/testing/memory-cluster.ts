/**
 * Relay nodes on one in-memory world, for unit tests of the relay's rules: each node is a real
 * `Relay` with the in-memory ports, and its clients are `FakeClient`s.
 * @module
 */
import type { InviteLookupResponse, WelcomeFrame } from '../../../shared/protocol';
import type { HoldCaps } from '../../../shared/room-timeline';
import { silentLog } from '../../log';
import { relayMetrics } from '../../metrics';
import { MemoryChat } from '../memory/memory-chat';
import { MemoryJoinLimits } from '../memory/memory-join-limits';
import { MemoryKnocks } from '../memory/memory-knocks';
import { MemoryLookups } from '../memory/memory-lookups';
import { MemoryMembers } from '../memory/memory-members';
import { MemoryRoomHost } from '../memory/memory-room-host';
import { MemoryRoomTimelines } from '../memory/memory-room-timelines';
import { MemoryWorld } from '../memory/memory-world';
import type { Clock } from '../ports/clock';
import { Relay } from '../relay';
import { FakeClient } from './fake-client';

export interface ClusterOptions {
  caps?: Partial<HoldCaps>;
  maxRoomMembers?: number;
  chatBurst?: number;
  removedForMs?: number;
  busLatencyMs?: number;
  /** Joins allowed per address per minute (0: no limit). */
  joinsPerMinute?: number;
}

/** A joiner's hello, beyond its key. */
export interface JoinOptions {
  name?: string;
  session?: string;
  ip?: string;
}

const HEARTBEAT_MS = 15_000;

export class MemoryCluster {
  readonly world: MemoryWorld;
  readonly lookups = new MemoryLookups();
  /** Relay time follows `Date.now()`, so that a test's fake timers move both together. */
  readonly clock: Clock = { now: () => Date.now() };
  readonly #relays: Relay[] = [];

  constructor(private readonly options: ClusterOptions = {}) {
    this.world = new MemoryWorld({
      caps: { seekHoldCapMs: 3000, stallHoldCapMs: 8000, loadHoldCapMs: 10_000, ...options.caps },
      removedForMs: options.removedForMs ?? 600_000,
      busLatencyMs: options.busLatencyMs ?? 0,
    });
  }

  /** A new relay node on the world. */
  node(): Relay {
    const { world, lookups, clock } = this;
    const relay = new Relay({
      rooms: new MemoryRoomTimelines(world),
      members: new MemoryMembers(world),
      meta: new MemoryRoomHost(world),
      chat: new MemoryChat(world),
      knocks: new MemoryKnocks(world),
      invites: lookups,
      owners: lookups,
      identity: lookups,
      limits: new MemoryJoinLimits(this.options.joinsPerMinute ?? 0, clock),
      bus: world.bus.connect(),
      clock,
      isOutage: () => false,
      isStorageFull: () => false,
      heartbeatMs: HEARTBEAT_MS,
      handshakeMs: 10_000,
      roomLingerMs: 1000,
      chatBudget: { burst: this.options.chatBurst ?? 5, refillMs: 2000 },
      maxRoomMembers: this.options.maxRoomMembers ?? 50,
      metrics: relayMetrics(),
      log: silentLog,
    });
    this.#relays.push(relay);
    return relay;
  }

  /** A video room owned by `owner`; returns its invite key. */
  video(key: string, owner: string, youtubeId = 'dQw4w9WgXcQ'): string {
    const target: InviteLookupResponse = { kind: 'video', youtubeId, title: 'A video' };
    this.lookups.addInvite(key, target, owner);
    return key;
  }

  /** A client connected to `relay` that has said hello (it may not be welcome yet). */
  hello(relay: Relay, key: string, options: JoinOptions = {}): FakeClient {
    const client = new FakeClient();
    relay.accept(client, options.ip ?? '192.0.2.1');
    const { name, session } = options;
    client.sendFrame({
      type: 'hello',
      v: 1,
      key,
      ...(name === undefined ? {} : { name }),
      ...(session === undefined ? {} : { session }),
    });
    return client;
  }

  /** A member in the room, welcomed. */
  async join(
    relay: Relay,
    key: string,
    options: JoinOptions = {},
  ): Promise<{ client: FakeClient; welcome: WelcomeFrame }> {
    const client = this.hello(relay, key, options);
    await settle();
    const welcome = client.last('welcome');
    if (!welcome) throw new Error(`not welcome: ${JSON.stringify(client.received)}`);
    return { client, welcome };
  }

  async close(): Promise<void> {
    await Promise.all(this.#relays.map((relay) => relay.close()));
  }
}

/** Lets every pending promise chain and microtask run (real I/O turns; timers stay as they are). */
export async function settle(): Promise<void> {
  for (let i = 0; i < 20; i++) await new Promise<void>((resolve) => setImmediate(resolve));
}
