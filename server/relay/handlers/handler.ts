/**
 * The shape of a client frame's handler, and who may send the frame.
 * @module
 */
import type { ClientFrame } from '../../../shared/protocol';
import type { Connection } from '../connection';
import type { RelayContext } from '../relay-context';

/**
 * Which connections a frame is for: `greeting` before the hello only, `joined` members only,
 * `greeted` anyone past the hello (joining and waiting to be let in included).
 */
export type Audience = 'greeting' | 'joined' | 'greeted';

export interface Handler<F extends ClientFrame> {
  audience: Audience;
  /** Handles the frame; failures are answered to the member, never thrown. */
  handle(
    ctx: RelayContext,
    connection: Connection,
    frame: F,
    receivedAt: number,
  ): void | Promise<void>;
}

/** One handler per client frame type. */
export type Handlers = { [K in ClientFrame['type']]: Handler<Extract<ClientFrame, { type: K }>> };
