import * as v from 'valibot';
import { describe, expect, inject, it } from 'vitest';
import { WebSocket } from 'ws';
import { CloseCode, SessionResponseSchema, VideoSchema } from '../../shared/protocol';
import { jsonLineLog } from '../../server/log';
import type { RunningRelay } from '../../server/relay-server';
import { newSecret } from '../../server/secrets';
import { api } from '../support/api';
import { startRelayInProcess } from '../support/relay';
import { TestClient, testScope } from './harness';

const { cleanups } = testScope();

describe('the relay log', () => {
  it('is one JSON object per line, logs rejects with a reason, and never holds a secret', async () => {
    const lines: string[] = [];
    // Per-IP limits as the relay has them, two of them low enough to be hit.
    let relay: RunningRelay | null = await startRelayInProcess({
      redisUrl: inject('redisUrl'),
      env: { NODE_ID: 'log-test', JOINS_PER_IP_PER_MIN: '3', LOOKUPS_PER_IP_PER_MIN: '2' },
      log: jsonLineLog('log-test', (line) => lines.push(line)),
    });
    cleanups.push(() => relay?.close());
    const secrets: string[] = [];

    // Identity: a first session, then a token rotation, a replay and an unknown token.
    const first = v.parse(
      SessionResponseSchema,
      (await api(relay, '/api/session', { body: {} })).json,
    );
    const second = v.parse(
      SessionResponseSchema,
      (await api(relay, '/api/session', { body: { token: first.token } })).json,
    );
    const unknownToken = newSecret();
    expect((await api(relay, '/api/session', { body: { token: unknownToken } })).status).toBe(401);
    secrets.push(first.token, first.session, second.token, second.session, unknownToken);

    // A saved video's invite key, looked up right and wrong, and a raw Authorization header.
    const saved = await api(relay, '/api/videos', {
      body: { youtubeId: 'dQw4w9WgXcQ', title: 'A video' },
      session: second.session,
    });
    const { inviteKey } = v.parse(VideoSchema, saved.json);
    const wrongKey = 'zzzzzzzzzzzzzzzzzzzzzzzzzz';
    expect((await api(relay, '/api/invites/lookup', { body: { key: inviteKey } })).status).toBe(
      200,
    );
    expect((await api(relay, '/api/invites/lookup', { body: { key: wrongKey } })).status).toBe(404);
    expect((await api(relay, '/api/invites/lookup', { body: { key: inviteKey } })).status).toBe(
      429,
    );
    const rawAuthorization = `Bearer ${newSecret()}-not-a-session`;
    const denied = await fetch(`${relay.url}/api/videos`, {
      headers: { Authorization: rawAuthorization },
    });
    expect(denied.status).toBe(401);
    secrets.push(inviteKey, wrongKey, rawAuthorization.slice('Bearer '.length));

    // The relay: a join with the session, chat, a wrong key, a bad frame, a flood of joins.
    const { client } = await TestClient.join(relay, inviteKey, { session: second.session });
    client.send({ type: 'chat', text: 'hello there' });
    await client.next('message');
    const wrong = await TestClient.connect(relay);
    wrong.send({ type: 'hello', v: 1, key: wrongKey, session: first.session });
    expect((await wrong.closed).code).toBe(CloseCode.ROOM_NOT_FOUND);
    const bad = await TestClient.connect(relay);
    bad.send(`{"type":"hello","v":1,"key":"${inviteKey}","session":"${second.session}","x":[}`);
    expect((await bad.closed).code).toBe(CloseCode.BAD_FRAME);
    const again = await TestClient.join(relay, inviteKey, { session: second.session });
    again.client.send({ type: 'hello', v: 1, key: inviteKey, session: second.session });
    expect((await again.client.closed).code).toBe(CloseCode.BAD_FRAME);
    const flood = await TestClient.connect(relay);
    flood.send({ type: 'hello', v: 1, key: inviteKey, session: second.session });
    expect((await flood.closed).code).toBe(CloseCode.RATE_LIMITED);
    const foreign = new WebSocket(`${relay.url.replace(/^http/, 'ws')}/ws`, {
      origin: 'https://evil.example',
      headers: { Authorization: rawAuthorization },
    });
    await new Promise((resolve) => foreign.once('error', resolve));
    client.close();
    await client.closed;
    await relay.close();
    relay = null;

    const events = lines.map((line) => {
      expect(line.endsWith('\n')).toBe(true);
      expect(line.slice(0, -1)).not.toContain('\n');
      const event = JSON.parse(line) as Record<string, unknown>;
      expect(event).toMatchObject({ node: 'log-test', event: expect.any(String) as unknown });
      expect(new Date(event.time as string).toISOString()).toBe(event.time);
      return event;
    });
    const names = events.map((event) => event.event);
    expect(names).toEqual(expect.arrayContaining(['relay_listening', 'ws_joined', 'relay_closed']));
    const rejects = events.filter((event) => event.event === 'ws_rejected').map((e) => e.reason);
    expect(rejects).toEqual(
      expect.arrayContaining(['room_not_found', 'bad_frame', 'rate_limited']),
    );
    expect(events).toContainEqual(
      expect.objectContaining({ event: 'ws_refused', reason: 'origin' }),
    );
    expect(events).toContainEqual(
      expect.objectContaining({ event: 'rate_limited', limit: 'lookups', ip: '127.0.0.1' }),
    );

    const log = lines.join('');
    for (const secret of secrets) expect(log).not.toContain(secret);
  });
});
