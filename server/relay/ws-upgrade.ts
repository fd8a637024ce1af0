/**
 * The HTTP upgrade to `/ws`: path, Origin and per-IP connection checks, then the `ws` handshake.
 * @module
 */
import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import type { WebSocket, WebSocketServer } from 'ws';
import { clientIp, type ProxyTrust } from '../http/client-ip';
import type { Log } from '../log';
import type { Counter } from '../metrics';
import type { ConnectionSlot } from '../rate-limits';
import type { ApiError } from '../../shared/protocol';

/** What a client told to wait because its IP has too many sockets open should wait (s). */
const CONNECTION_RETRY_AFTER_S = 10;
/** What a client refused because this node is full should wait (s) before trying any node. */
const NODE_FULL_RETRY_AFTER_S = 5;
/** The answer to an upgrade this node is too full for: a code, as every refusal (see error-text). */
const NODE_FULL_BODY = JSON.stringify({
  error: { code: 'node_full', retryAfterS: NODE_FULL_RETRY_AFTER_S },
} satisfies ApiError);

export interface WsUpgradeOptions {
  wss: WebSocketServer;
  isAllowedOrigin(origin: string): boolean;
  /** False once the node is shutting down. */
  accepting(): boolean;
  /** Open WebSockets (and upgrades under way) this node takes; past it upgrades answer 503. */
  maxConnections: number;
  /** The proxies whose `X-Forwarded-For` hops are believed; null: none (see `clientIp`). */
  trustProxy: ProxyTrust | null;
  /** A slot for one more socket from `ip`, or null when it has too many open. */
  takeSlot(ip: string): Promise<ConnectionSlot | null>;
  onSocket(ws: WebSocket, ip: string): void;
  /** Counts refusals by reason. */
  rejects: Counter;
  log: Log;
}

/**
 * A listener for the http server's `upgrade` event. The upgrade is handled here rather than
 * through `@hono/node-server`'s `upgradeWebSocket` because the relay needs the raw `ws` socket
 * (ping, terminate, bufferedAmount), which that adapter hides behind a narrower interface.
 */
export function wsUpgradeListener(options: WsUpgradeOptions) {
  const refuse = (
    socket: Duplex,
    reason: string,
    status: number,
    text: string,
    extra = '',
    ip?: string,
    body = '',
  ) => {
    options.rejects.inc(reason);
    options.log('ws_refused', { reason, status, ip });
    const type = body === '' ? '' : 'Content-Type: application/json\r\n';
    socket.end(
      `HTTP/1.1 ${status} ${text}\r\nConnection: close\r\n${extra}${type}` +
        `Content-Length: ${Buffer.byteLength(body)}\r\n\r\n${body}`,
    );
  };
  let open = 0;
  return (request: IncomingMessage, socket: Duplex, head: Buffer): void => {
    socket.on('error', () => socket.destroy());
    const path = new URL(request.url ?? '/', 'http://relay.invalid').pathname;
    if (path !== '/ws') return refuse(socket, 'not_found', 404, 'Not Found');
    if (!options.accepting()) return refuse(socket, 'shutting_down', 503, 'Service Unavailable');
    const origin = request.headers.origin;
    // Cross-site WebSocket hijacking: any web page can open a socket to the relay and browsers
    // do not apply CORS to WebSockets, but they always send Origin. Clients without a browser
    // send none and are let in; they could forge any Origin anyway.
    if (origin !== undefined && !options.isAllowedOrigin(origin)) {
      return refuse(socket, 'origin', 403, 'Forbidden');
    }
    // Memory and descriptor exhaustion on one node, from however many addresses: counted from
    // here until the TCP socket closes, so upgrades still waiting for Redis count too.
    if (open >= options.maxConnections) {
      return refuse(
        socket,
        'node_full',
        503,
        'Service Unavailable',
        `Retry-After: ${NODE_FULL_RETRY_AFTER_S}\r\n`,
        undefined,
        NODE_FULL_BODY,
      );
    }
    open++;
    socket.once('close', () => open--);
    const ip = clientIp(
      request.socket.remoteAddress,
      request.headers['x-forwarded-for'],
      options.trustProxy,
    );
    // Descriptor exhaustion: one address opening sockets without end, spread over every node.
    void options
      .takeSlot(ip)
      .then((slot) => {
        if (!slot) {
          return refuse(
            socket,
            'connection_limit',
            429,
            'Too Many Requests',
            `Retry-After: ${CONNECTION_RETRY_AFTER_S}\r\n`,
            ip,
          );
        }
        // The TCP socket closes however the upgrade ends: refused by ws, or the WebSocket closing.
        if (socket.destroyed) return slot.release();
        socket.once('close', () => slot.release());
        if (!options.accepting())
          return refuse(socket, 'shutting_down', 503, 'Service Unavailable');
        options.wss.handleUpgrade(request, socket, head, (ws) => options.onSocket(ws, ip));
      })
      .catch((error: unknown) => {
        options.log('ws_upgrade_failed', { error: String(error) });
        socket.destroy();
      });
  };
}
