/**
 * The HTTP upgrade to `/ws`: path and Origin checks, then the `ws` handshake.
 * @module
 */
import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import type { WebSocket, WebSocketServer } from 'ws';

export interface WsUpgradeOptions {
  wss: WebSocketServer;
  isAllowedOrigin(origin: string): boolean;
  /** False once the node is shutting down. */
  accepting(): boolean;
  onSocket(ws: WebSocket): void;
}

/**
 * A listener for the http server's `upgrade` event. The upgrade is handled here rather than
 * through `@hono/node-server`'s `upgradeWebSocket` because the relay needs the raw `ws` socket
 * (ping, terminate, bufferedAmount), which that adapter hides behind a narrower interface.
 */
export function wsUpgradeListener(options: WsUpgradeOptions) {
  return (request: IncomingMessage, socket: Duplex, head: Buffer): void => {
    socket.on('error', () => socket.destroy());
    const path = new URL(request.url ?? '/', 'http://relay.invalid').pathname;
    if (path !== '/ws') return refuse(socket, 404, 'Not Found');
    if (!options.accepting()) return refuse(socket, 503, 'Service Unavailable');
    const origin = request.headers.origin;
    // Cross-site WebSocket hijacking: any web page can open a socket to the relay and browsers
    // do not apply CORS to WebSockets, but they always send Origin. Clients without a browser
    // send none and are let in; they could forge any Origin anyway.
    if (origin !== undefined && !options.isAllowedOrigin(origin)) {
      return refuse(socket, 403, 'Forbidden');
    }
    options.wss.handleUpgrade(request, socket, head, (ws) => options.onSocket(ws));
  };
}

function refuse(socket: Duplex, status: number, text: string): void {
  socket.end(`HTTP/1.1 ${status} ${text}\r\nConnection: close\r\nContent-Length: 0\r\n\r\n`);
}
