/**
 * Clock pings: answered at once with the relay's receive and send times.
 * @module
 */
import type { PingFrame } from '../../../shared/protocol';
import type { Handler } from './handler';

export const ping: Handler<PingFrame> = {
  audience: 'greeted',
  handle({ deps }, connection, frame, receivedAt) {
    connection.send({
      type: 'pong',
      id: frame.id,
      t0: frame.t0,
      t1: receivedAt,
      t2: deps.clock.now(),
    });
  },
};
