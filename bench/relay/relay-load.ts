/**
 * The load for `bench:relay`, in a process of its own: opens every member's WebSocket, joins
 * each room, then has the rooms send controls at a set rate and times each resulting `state`
 * from the moment its control was sent to the moment it reaches each other member.
 *
 * Each room has at most one control in flight: the next is sent against the rev its predecessor
 * produced, so none is refused as stale, and a tick that finds the previous control still on its
 * way is counted as skipped. Senders rotate through the room's members, so each connection sends
 * `rate / roomSize` frames a second, well inside the relay's per-connection budget.
 * @module
 */
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { WebSocket, type RawData } from 'ws';
import { PROTOCOL_VERSION } from '../../shared/protocol';
import { LatencyHistogram } from './latency-histogram';
import type { LoadCommand, LoadMode, LoadReport, WindowStats } from './ipc';

/** A control not seen by every other member after this long is counted lost. */
const GIVE_UP_MS = 5000;
/** How long to wait for a member's welcome. */
const JOIN_TIMEOUT_MS = 60_000;
/** How often the sender loop looks for rooms due to send. */
const TICK_MS = 2;
/** How long `stop` waits for controls in flight. */
const DRAIN_MS = 3000;

interface Member {
  readonly ws: WebSocket;
  readonly room: Room;
  /** The id the server gave this member, which its states carry as `by`. */
  id: string | null;
}

interface InFlight {
  /** The rev the control produces. */
  rev: number;
  sender: Member;
  sentAt: number;
  /** Other members still to receive it. */
  remaining: number;
}

interface Room {
  readonly key: string;
  readonly members: Member[];
  /** The newest rev any member has seen. */
  rev: number;
  inFlight: InFlight | null;
  nextAt: number;
  sends: number;
}

const rooms: Room[] = [];
let mode: LoadMode = 'relay';
let closing = false;

let window = newWindow();
let histogram = new LatencyHistogram();
let bySecond: LatencyHistogram[] = [];
let closes: Record<string, number> = {};
const lag = monitorEventLoopDelay({ resolution: 5 });
let ticker: ReturnType<typeof setInterval> | undefined;

function newWindow() {
  return { startedAt: performance.now(), sent: 0, skipped: 0, delivered: 0, lost: 0 };
}

function report(message: LoadReport): void {
  process.send?.(message);
}

function text(data: RawData): string {
  if (Array.isArray(data)) return Buffer.concat(data).toString('utf8');
  return (data instanceof ArrayBuffer ? Buffer.from(data) : data).toString('utf8');
}

/** One frame from the server to `member`. Only states and welcomes matter here. */
function onFrame(member: Member, data: RawData, welcomed: () => void): void {
  const frame = text(data);
  if (frame.startsWith('{"type":"state"')) {
    const { state, by } = JSON.parse(frame) as { state: { rev: number }; by: string | null };
    onState(member, state.rev, by);
  } else if (frame.startsWith('{"type":"welcome"')) {
    const welcome = JSON.parse(frame) as { memberId: string; state: { rev: number } };
    member.id = welcome.memberId;
    member.room.rev = Math.max(member.room.rev, welcome.state.rev);
    welcomed();
  }
}

function onState(member: Member, rev: number, by: string | null): void {
  const room = member.room;
  if (rev > room.rev) room.rev = rev;
  const flight = room.inFlight;
  if (!flight || rev !== flight.rev || member === flight.sender || by !== flight.sender.id) return;
  const now = performance.now();
  const ms = now - flight.sentAt;
  histogram.record(ms);
  const second = Math.floor((now - window.startedAt) / 1000);
  (bySecond[second] ??= new LatencyHistogram()).record(ms);
  window.delivered++;
  if (--flight.remaining === 0) room.inFlight = null;
}

/** Opens one member's socket and resolves once it is welcomed into `room`. */
function join(room: Room, url: string, index: number): Promise<void> {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(url, { perMessageDeflate: false });
    const member: Member = { ws, room, id: null };
    let joined = false;
    const timer = setTimeout(() => {
      ws.terminate();
      reject(new Error(`no welcome within ${JOIN_TIMEOUT_MS / 1000} s`));
    }, JOIN_TIMEOUT_MS);
    ws.on('open', () => {
      const hello =
        mode === 'relay'
          ? { type: 'hello', v: PROTOCOL_VERSION, key: room.key, name: `Bench ${index + 1}` }
          : { type: 'hello', key: room.key };
      ws.send(JSON.stringify(hello));
    });
    ws.on('message', (data) =>
      onFrame(member, data, () => {
        if (joined) return;
        joined = true;
        clearTimeout(timer);
        room.members.push(member);
        resolve();
      }),
    );
    ws.on('error', (error) => {
      if (joined) return;
      clearTimeout(timer);
      reject(error);
    });
    ws.on('close', (code) => {
      if (!joined) {
        clearTimeout(timer);
        reject(new Error(`closed with ${code} before the welcome`));
        return;
      }
      const at = room.members.indexOf(member);
      if (at >= 0) room.members.splice(at, 1);
      if (!closing) closes[code] = (closes[code] ?? 0) + 1;
    });
  });
}

async function connect(command: Extract<LoadCommand, { type: 'connect' }>): Promise<void> {
  const started = performance.now();
  mode = command.mode;
  const jobs: Array<() => Promise<void>> = [];
  for (const { key } of command.rooms) {
    const room: Room = { key, members: [], rev: 0, inFlight: null, nextAt: 0, sends: 0 };
    rooms.push(room);
    for (let i = 0; i < command.roomSize; i++) {
      const url = command.urls[i % command.urls.length]!;
      jobs.push(() => join(room, url, i));
    }
  }
  let joined = 0;
  let failed = 0;
  let firstError: string | null = null;
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < jobs.length) {
      const job = jobs[next++]!;
      try {
        await job();
        joined++;
      } catch (error) {
        failed++;
        firstError ??= error instanceof Error ? error.message : String(error);
      }
    }
  };
  await Promise.all(Array.from({ length: command.concurrency }, worker));
  report({ type: 'connected', joined, failed, firstError, ms: performance.now() - started });
}

function start(ratePerRoom: number): void {
  const interval = 1000 / ratePerRoom;
  const now = performance.now();
  // Random phases spread the rooms' sends evenly over each interval.
  for (const room of rooms) room.nextAt = now + Math.random() * interval;
  clearInterval(ticker);
  ticker = setInterval(() => {
    const now = performance.now();
    for (const room of rooms) {
      if (room.nextAt > now || room.members.length < 2) continue;
      room.nextAt = Math.max(room.nextAt + interval, now);
      const flight = room.inFlight;
      if (flight) {
        if (now - flight.sentAt < GIVE_UP_MS) {
          window.skipped++;
          continue;
        }
        window.lost++;
      }
      sendControl(room, now);
    }
  }, TICK_MS);
  report({ type: 'started' });
}

function sendControl(room: Room, now: number): void {
  const sender = room.members[room.sends % room.members.length]!;
  room.sends++;
  // Alternating speed changes: valid, hold-free controls that always move the rev on.
  const rate = room.sends % 2 === 0 ? 1 : 1.25;
  const position = (room.sends % 3600) + 0.5;
  room.inFlight = { rev: room.rev + 1, sender, sentAt: now, remaining: room.members.length - 1 };
  sender.ws.send(
    `{"type":"control","baseRev":${room.rev},"action":"rate","position":${position},"rate":${rate}}`,
  );
  window.sent++;
}

function collect(): WindowStats {
  const stats: WindowStats = {
    windowMs: performance.now() - window.startedAt,
    sent: window.sent,
    skipped: window.skipped,
    delivered: window.delivered,
    lost: window.lost,
    latency: histogram.toData(),
    latencyBySecond: Array.from(bySecond, (h) => (h ?? new LatencyHistogram()).toData()),
    loadLagP99Ms: lag.percentile(99) / 1e6,
    closes,
  };
  closes = {};
  return stats;
}

async function stop(): Promise<void> {
  clearInterval(ticker);
  ticker = undefined;
  const deadline = performance.now() + DRAIN_MS;
  const inFlight = () => rooms.filter((room) => room.inFlight).length;
  while (inFlight() > 0 && performance.now() < deadline) {
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  const left = inFlight();
  for (const room of rooms) room.inFlight = null;
  report({ type: 'stopped', inFlight: left });
}

process.on('message', (command: LoadCommand) => {
  const run = async (): Promise<void> => {
    switch (command.type) {
      case 'connect':
        await connect(command);
        return;
      case 'start':
        start(command.ratePerRoom);
        return;
      case 'mark':
        window = newWindow();
        histogram = new LatencyHistogram();
        bySecond = [];
        lag.reset();
        lag.enable();
        report({ type: 'marked' });
        return;
      case 'collect':
        report({ type: 'collected', stats: collect() });
        return;
      case 'stop':
        await stop();
        return;
      case 'close':
        closing = true;
        clearInterval(ticker);
        for (const room of rooms) for (const member of room.members) member.ws.terminate();
        process.exit(0);
    }
  };
  run().catch((error: unknown) => {
    report({ type: 'failed', error: error instanceof Error ? error.message : String(error) });
  });
});
// Never outlive the orchestrator.
process.on('disconnect', () => process.exit(0));
