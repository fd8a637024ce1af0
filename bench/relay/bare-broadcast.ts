/**
 * The ceiling for `bench:relay`: a bare `ws` broadcast server with no checks, no Redis and no
 * state beyond a revision counter per room. It speaks the relay's framing in its simplest form:
 * `{"type":"hello","key":…}` joins a room (answered with a welcome carrying the room's rev), and
 * every later JSON frame is answered by one `state` frame, serialised once, to the room's other
 * members. Runs as a forked process reporting over IPC, like `relay-node.ts`.
 * @module
 */
import { randomBytes } from 'node:crypto';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { WebSocketServer, type WebSocket } from 'ws';
import { MAX_FRAME_BYTES } from '../../shared/protocol';
import type { ServerReport } from './ipc';
import { serveMeasurements } from './server-process';

interface BareRoom {
  rev: number;
  members: Set<WebSocket>;
}

const rooms = new Map<string, BareRoom>();
const server = createServer((_, response) => response.writeHead(404).end());
const wss = new WebSocketServer({ server, path: '/ws', maxPayload: MAX_FRAME_BYTES });

wss.on('connection', (ws) => {
  const memberId = randomBytes(8).toString('hex');
  let room: BareRoom | null = null;
  ws.on('message', (data: Buffer) => {
    let frame: { type?: unknown; key?: unknown; position?: unknown; rate?: unknown };
    try {
      frame = JSON.parse(data.toString('utf8')) as typeof frame;
    } catch {
      return;
    }
    if (!room) {
      if (frame.type !== 'hello' || typeof frame.key !== 'string') return;
      room = rooms.get(frame.key) ?? { rev: 1, members: new Set() };
      rooms.set(frame.key, room);
      room.members.add(ws);
      ws.send(JSON.stringify({ type: 'welcome', memberId, state: { rev: room.rev } }));
      return;
    }
    const text = JSON.stringify({
      type: 'state',
      state: {
        rev: ++room.rev,
        videoId: 'dQw4w9WgXcQ',
        item: null,
        playing: false,
        position: frame.position,
        rate: frame.rate,
        at: Date.now(),
        hold: null,
      },
      by: memberId,
    });
    for (const member of room.members) if (member !== ws) member.send(text);
  });
  ws.on('close', () => room?.members.delete(ws));
  ws.on('error', () => {});
});

const send = (report: ServerReport): void => {
  process.send?.(report);
};
server.once('error', (error) => {
  send({ type: 'failed', error: error.message });
  process.exit(1);
});
server.listen(0, '127.0.0.1', () => {
  serveMeasurements(
    () => ({}),
    () =>
      new Promise<void>((resolve) => {
        for (const client of wss.clients) client.terminate();
        wss.close();
        server.close(() => resolve());
      }),
  );
  send({ type: 'ready', port: (server.address() as AddressInfo).port });
});
