/**
 * Joining every room of a setup through the load processes, with the servers' memory read at
 * checkpoints along the way: its slope against joined connections is the cost of one idle
 * connection.
 * @module
 */
import { sleep } from '../common/deadline';
import { fitSlope } from '../common/stats';
import type { LoadMode, LoadRoom } from './ipc';
import { measureServers, type LoadLink, type ServerLink, type ServerMeasure } from './processes';

/** Share of the rooms joined first, before the idle baseline, so start-up costs stay out of it. */
const WARM_SHARE = 0.05;
/** Handshakes each load process keeps in progress at once. */
const JOIN_CONCURRENCY = 64;
/** RSS readings after the warm baseline, as the rest of the rooms join. */
const MEMORY_CHECKPOINTS = 4;

export interface Joined {
  joined: number;
  failed: number;
  firstError: string | null;
}

/** Joins `rooms` through the load processes (rooms dealt out in turn). */
async function joinRooms(
  loads: LoadLink[],
  mode: LoadMode,
  urls: string[],
  rooms: LoadRoom[],
  roomSize: number,
): Promise<Joined> {
  const replies = await Promise.all(
    loads.map((load, index) =>
      load.request(
        {
          type: 'connect',
          mode,
          urls,
          rooms: rooms.filter((_, room) => room % loads.length === index),
          roomSize,
          concurrency: JOIN_CONCURRENCY,
        },
        'connected',
        15 * 60_000,
      ),
    ),
  );
  return {
    joined: replies.reduce((sum, reply) => sum + reply.joined, 0),
    failed: replies.reduce((sum, reply) => sum + reply.failed, 0),
    firstError: replies.find((reply) => reply.firstError)?.firstError ?? null,
  };
}

export interface JoinedWithMemory {
  joins: Joined[];
  /** Time spent joining, without the pauses before the memory readings. */
  joinMs: number;
  /** Growth per joined connection, bytes, summed over the servers. */
  rssPerConnection: number;
  heapPerConnection: number;
  gcExposed: boolean;
}

/**
 * Joins every room, reading the servers' memory at checkpoints. Memory per idle connection is
 * the slope of RSS against joined connections, fitted over several checkpoints (one noisy reading
 * moves it little), from a warm baseline: a few rooms already joined, so code paths are compiled
 * and pools allocated.
 */
export async function joinMeasuringMemory(
  loads: LoadLink[],
  servers: ServerLink[],
  mode: LoadMode,
  urls: string[],
  rooms: LoadRoom[],
  roomSize: number,
): Promise<JoinedWithMemory> {
  const roomCount = rooms.length;
  const warm = Math.max(1, Math.ceil(roomCount * WARM_SHARE));
  const started = performance.now();
  const joins = [await joinRooms(loads, mode, urls, rooms.slice(0, warm), roomSize)];
  await sleep(2000);
  const checkpoints = [{ joined: joins[0]!.joined, measured: await measureServers(servers, true) }];
  let joinMs = performance.now() - started - 2000;
  const chunk = Math.ceil((roomCount - warm) / MEMORY_CHECKPOINTS);
  for (let from = warm; from < roomCount; from += chunk) {
    const chunkStarted = performance.now();
    const joined = await joinRooms(loads, mode, urls, rooms.slice(from, from + chunk), roomSize);
    joinMs += performance.now() - chunkStarted;
    joins.push(joined);
    await sleep(1000);
    checkpoints.push({
      joined: checkpoints.at(-1)!.joined + joined.joined,
      measured: await measureServers(servers, true),
    });
  }
  const slope = (pick: (m: ServerMeasure) => number) =>
    fitSlope(
      checkpoints.map(({ joined, measured }) => [
        joined,
        measured.reduce((sum, m) => sum + pick(m), 0),
      ]),
    );
  return {
    joins,
    joinMs,
    rssPerConnection: slope((m) => m.rss),
    heapPerConnection: slope((m) => m.heapUsed),
    gcExposed: checkpoints.at(-1)!.measured.every((m) => m.gcExposed),
  };
}
