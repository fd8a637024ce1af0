/**
 * The messages `bench:relay` exchanges with the processes it forks: the servers under test
 * (a relay node or the bare broadcast server) and the load processes.
 * @module
 */
import type { HistogramData } from './latency-histogram';

/** Orchestrator → server process. */
export type ServerCommand = { type: 'measure'; gc: boolean } | { type: 'close' };

/** Server process → orchestrator. */
export type ServerReport =
  | { type: 'ready'; port: number }
  | { type: 'measured'; rss: number; heapUsed: number; gcExposed: boolean; events: EventCounts }
  | { type: 'failed'; error: string };

/** How often a relay node logged each notable event (failures, slow consumers, …). */
export type EventCounts = Record<string, number>;

/** Which server the load talks to: the relay protocol, or the bare server's minimal framing. */
export type LoadMode = 'relay' | 'bare';

/** One room as the load process sees it: its key and which server each member joins through. */
export interface LoadRoom {
  key: string;
}

/** Orchestrator → load process. */
export type LoadCommand =
  | {
      type: 'connect';
      mode: LoadMode;
      /** WebSocket URLs; member i of every room joins through `urls[i % urls.length]`. */
      urls: string[];
      rooms: LoadRoom[];
      roomSize: number;
      /** Handshakes in progress at once. */
      concurrency: number;
    }
  /** Starts sending `ratePerRoom` controls per second in every room. */
  | { type: 'start'; ratePerRoom: number }
  /** Starts the measurement window: counters and latencies from here on. */
  | { type: 'mark' }
  /** Ends the window and reports it; sending goes on until `stop`. */
  | { type: 'collect' }
  /** Stops sending and waits (briefly) for what is in flight. */
  | { type: 'stop' }
  | { type: 'close' };

/** One measurement window of one load process. */
export interface WindowStats {
  windowMs: number;
  /** Controls sent in the window. */
  sent: number;
  /** Sends skipped because the room's previous control had not reached every member yet. */
  skipped: number;
  /** States received by the members other than the sender. */
  delivered: number;
  /** Controls not delivered to every other member within the give-up time. */
  lost: number;
  latency: HistogramData;
  /** The same latencies split into one histogram per second of the window. */
  latencyBySecond: HistogramData[];
  /** p99 of the load process's own event-loop delay: high means it, not the server, was late. */
  loadLagP99Ms: number;
  /** Sockets that closed on their own since the previous report, by close code. */
  closes: Record<string, number>;
}

/** Load process → orchestrator. */
export type LoadReport =
  | { type: 'connected'; joined: number; failed: number; firstError: string | null; ms: number }
  | { type: 'started' }
  | { type: 'marked' }
  | { type: 'collected'; stats: WindowStats }
  | { type: 'stopped'; inFlight: number }
  | { type: 'failed'; error: string };
