/**
 * Chat that fits the wire: a message of 500 long emoji arrives whole, one over a limit is refused
 * without losing the socket, and a history of maximum-size messages does not cut joiners off.
 */
import { Redis } from 'ioredis';
import { describe, expect, inject, it } from 'vitest';
import {
  CHAT_HISTORY,
  MAX_SERVER_FRAME_BYTES,
  ServerFrameSchema,
  parseFrame,
  type ChatMessage,
} from '../../shared/protocol';
import { roomIdForKey } from '../../server/secrets';
import { ChatStore } from '../../server/redis/stores/chat-store';
import { redisKeys } from '../../server/redis/keys';
import { newVideo } from '../support/api';
import { freshPrefix } from '../support/relay';
import { TestClient, testScope } from '../integration/harness';

const { cleanups, relayWith } = testScope();

/** 500 emoji of about 11 bytes each: over 4 KiB, as a message of emoji easily is. */
const EMOJI = ['👩🏽‍💻', '🏳️‍🌈', '👍🏾', '🇫🇷', '😀', '❤️', '👨‍👩‍👧'];
const FIVE_HUNDRED_EMOJI = Array.from({ length: 500 }, (_, i) => EMOJI[i % EMOJI.length]).join('');
/** A family emoji is one character of 25 bytes: 240 of them are the most bytes a message has. */
const FAMILY = '👨‍👩‍👧‍👦';
const LONGEST = FAMILY.repeat(240);

async function join(relay: Parameters<typeof TestClient.join>[0], key: string, name: string) {
  const joined = await TestClient.join(relay, key, { name });
  cleanups.push(() => joined.client.close());
  await joined.client.next('history');
  return joined;
}

describe('chat size', () => {
  it('delivers a message of 500 emoji intact to everyone', async () => {
    expect(Buffer.byteLength(FIVE_HUNDRED_EMOJI)).toBeGreaterThan(5000);
    const relay = await relayWith();
    const video = await newVideo(relay);
    const ana = await join(relay, video.inviteKey, 'Ana');
    const ben = await join(relay, video.inviteKey, 'Ben');
    ana.client.send({ type: 'chat', text: FIVE_HUNDRED_EMOJI });
    for (const member of [ana, ben]) {
      const { message } = await member.client.next('message');
      expect(message.text).toBe(FIVE_HUNDRED_EMOJI);
      expect(message.memberId).toBe(ana.welcome.memberId);
    }
  });

  it('refuses a message over a limit with a clear error, and the socket stays open', async () => {
    const relay = await relayWith();
    const video = await newVideo(relay);
    const ana = await join(relay, video.inviteKey, 'Ana');
    const ben = await join(relay, video.inviteKey, 'Ben');

    ana.client.send({ type: 'chat', text: `${LONGEST}${FAMILY}` });
    expect(await ana.client.next('error')).toEqual({
      type: 'error',
      code: 'too_long',
      limit: 6000,
    });
    ana.client.send({ type: 'chat', text: 'x'.repeat(501) });
    expect(await ana.client.next('error')).toEqual({ type: 'error', code: 'too_long', limit: 500 });

    // Still in the room: the longest message there is goes through, and nobody saw the others.
    ana.client.send({ type: 'chat', text: LONGEST });
    expect((await ben.client.next('message')).message.text).toBe(LONGEST);
    expect(ben.client.unread('message')).toEqual([]);
    expect(ana.client.ws.readyState).toBe(ana.client.ws.OPEN);
  });

  it(`sends a joiner after ${CHAT_HISTORY} maximum-size messages the newest that fit, and keeps it`, async () => {
    const KEY_PREFIX = freshPrefix();
    const relay = await relayWith({ KEY_PREFIX, HEARTBEAT_MS: '100' });
    const video = await newVideo(relay);
    const ana = await join(relay, video.inviteKey, 'Ana');

    const redis = new Redis(inject('redisUrl'));
    cleanups.push(() => redis.quit());
    const chat = new ChatStore(redis, redisKeys(KEY_PREFIX));
    const rid = roomIdForKey(video.inviteKey);
    const written: ChatMessage[] = [];
    for (let i = 0; i < CHAT_HISTORY; i++) {
      const at = Date.now();
      written.push(
        await chat.append(rid, { memberId: ana.welcome.memberId, name: 'Ana', text: LONGEST, at }),
      );
    }

    const ben = await TestClient.connect(relay);
    cleanups.push(() => ben.close());
    const sizes = new Map<string, number>();
    ben.ws.on('message', (data: Buffer) => {
      const parsed = parseFrame(ServerFrameSchema, data.toString('utf8'));
      if (parsed.ok)
        sizes.set(parsed.value.type, Math.max(sizes.get(parsed.value.type) ?? 0, data.length));
    });
    ben.send({ type: 'hello', v: 1, key: video.inviteKey, name: 'Ben' });
    const { messages } = await ben.next('history');
    expect(messages.length).toBeGreaterThan(0);
    expect(messages).toEqual(written.slice(-messages.length));
    expect(sizes.get('history')).toBeLessThanOrEqual(MAX_SERVER_FRAME_BYTES);

    // Connected through several heartbeats, and hearing the room.
    for (let beat = 0; beat < 3; beat++) await ben.next('state');
    ana.client.send({ type: 'chat', text: 'still there?' });
    expect((await ben.next('message')).message.text).toBe('still there?');
    expect(ben.ws.readyState).toBe(ben.ws.OPEN);
  }, 30_000);
});
