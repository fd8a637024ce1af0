import { Redis } from 'ioredis';
import { describe, expect, inject, it } from 'vitest';
import { CHAT_HISTORY, type ServerFrame } from '../../shared/protocol';
import type { RunningRelay } from '../../server/relay-server';
import { roomIdForKey } from '../../server/secrets';
import { messageIdAfter } from '../../server/relay/ports/chat';
import { redisKeys } from '../../server/redis/keys';
import { newVideo } from '../support/api';
import { freshPrefix } from '../support/relay';
import { TestClient, testScope } from './harness';

const { cleanups, relayWith } = testScope();

type Member = Awaited<ReturnType<typeof TestClient.join>>;

async function join(relay: RunningRelay, key: string, name?: string): Promise<Member> {
  const joined = await TestClient.join(relay, key, name === undefined ? {} : { name });
  cleanups.push(() => joined.client.close());
  return joined;
}

/** Sends a chat message and waits for the relay to send it back to its sender. */
async function say(member: Member, text: string) {
  member.client.send({ type: 'chat', text });
  return (await member.client.nextWhere('message', (frame) => frame.message.text === text.trim()))
    .message;
}

function redisClient(): Redis {
  const redis = new Redis(inject('redisUrl'));
  cleanups.push(() => redis.quit());
  return redis;
}

describe('chat', () => {
  it('sends a joining member the earlier messages, oldest first, right after the welcome', async () => {
    const relay = await relayWith();
    const video = await newVideo(relay);
    const ana = await join(relay, video.inviteKey, 'Ana');
    expect((await ana.client.next('history')).messages).toEqual([]);
    const sent = [await say(ana, 'one'), await say(ana, '  two  '), await say(ana, 'three')];
    expect(sent.map((message) => message.text)).toEqual(['one', 'two', 'three']);
    expect(sent[0]).toMatchObject({ memberId: ana.welcome.memberId, name: 'Ana' });
    expect(sent[0]?.at).toBeGreaterThanOrEqual(ana.welcome.state.at - 1);

    // Record every frame from the start to check what follows the welcome.
    const late = await TestClient.connect(relay);
    cleanups.push(() => late.close());
    const types: string[] = [];
    late.ws.on('message', (data: Buffer) => {
      types.push((JSON.parse(data.toString('utf8')) as ServerFrame).type);
    });
    late.send({ type: 'hello', v: 1, key: video.inviteKey, name: 'Ben' });
    expect((await late.next('history')).messages).toEqual(sent);
    expect(types.slice(0, 2)).toEqual(['welcome', 'history']);
  });

  it('reaches every member, on every node, its sender included', async () => {
    const KEY_PREFIX = freshPrefix();
    const one = await relayWith({ KEY_PREFIX });
    const two = await relayWith({ KEY_PREFIX });
    const video = await newVideo(one);
    const ana = await join(one, video.inviteKey, 'Ana');
    const ben = await join(two, video.inviteKey, 'Ben');
    const cyd = await join(one, video.inviteKey, 'Cyd');
    const message = await say(ana, 'Hello from node one');
    for (const member of [ben, cyd]) {
      expect((await member.client.next('message')).message).toEqual(message);
    }
    ben.client.send({ type: 'chat', text: 'Hi from two' });
    for (const member of [ana, ben, cyd]) {
      expect((await member.client.next('message')).message).toMatchObject({
        memberId: ben.welcome.memberId,
        name: 'Ben',
        text: 'Hi from two',
      });
    }
  });

  it('stores and sends back HTML and script text verbatim', async () => {
    const KEY_PREFIX = freshPrefix();
    const relay = await relayWith({ KEY_PREFIX });
    const video = await newVideo(relay);
    const ana = await join(relay, video.inviteKey, '<b>Ana</b>');
    const text = `<script>alert("x")</script> &amp; <img src=x onerror='y'> \\u0000 "quoted" 👍🏽`;
    const message = await say(ana, text);
    expect(message).toMatchObject({ text, name: '<b>Ana</b>' });

    const redis = redisClient();
    const chatKey = redisKeys(KEY_PREFIX).roomChat(roomIdForKey(video.inviteKey));
    const [[id, fields] = ['', []]] = await redis.xrange(chatKey, '-', '+');
    expect(id).toBe(message.id);
    expect(fields).toEqual([
      'memberId',
      ana.welcome.memberId,
      'name',
      '<b>Ana</b>',
      'text',
      text,
      'at',
      String(message.at),
    ]);
    expect(await redis.ttl(chatKey)).toBeGreaterThan(29 * 86_400);

    const late = await join(relay, video.inviteKey);
    expect((await late.client.next('history')).messages).toEqual([message]);
  });

  it(`keeps the last ${CHAT_HISTORY} messages for the history`, async () => {
    // Four members of 30 messages each: within both a member's chat budget (raised here) and
    // its frame budget.
    const relay = await relayWith({ CHAT_BURST: '30' });
    const video = await newVideo(relay);
    const members: Member[] = [];
    for (let i = 0; i < 4; i++) members.push(await join(relay, video.inviteKey, `M${i}`));
    let n = 0;
    for (const member of members) {
      for (let i = 0; i < 30; i++) member.client.send({ type: 'chat', text: `message ${n++}` });
      const last = `message ${n - 1}`;
      await member.client.nextWhere('message', (frame) => frame.message.text === last);
    }
    expect(members[0]?.client.unread('error')).toEqual([]);

    const late = await join(relay, video.inviteKey);
    const { messages } = await late.client.next('history');
    expect(messages.map((message) => message.text)).toEqual(
      Array.from({ length: CHAT_HISTORY }, (_, i) => `message ${120 - CHAT_HISTORY + i}`),
    );
    // Ids go up: they are the stream's entry ids.
    for (let i = 1; i < messages.length; i++) {
      expect(messageIdAfter(messages[i]?.id ?? '', messages[i - 1]?.id ?? '')).toBe(true);
    }
  });

  it('refuses a sixth quick message with rate_limited and does not store it', async () => {
    const KEY_PREFIX = freshPrefix();
    const relay = await relayWith({ KEY_PREFIX });
    const video = await newVideo(relay);
    const ana = await join(relay, video.inviteKey, 'Ana');
    const ben = await join(relay, video.inviteKey, 'Ben');
    for (let i = 1; i <= 6; i++) ana.client.send({ type: 'chat', text: `quick ${i}` });
    expect(await ana.client.next('error')).toEqual({ type: 'error', code: 'rate_limited' });
    // The member stays connected, and the others' budgets are their own.
    const benMessage = await say(ben, 'still here');
    const seen = [];
    for (let i = 0; i < 6; i++) seen.push((await ana.client.next('message')).message.text);
    expect(seen).toEqual(['quick 1', 'quick 2', 'quick 3', 'quick 4', 'quick 5', benMessage.text]);

    const redis = redisClient();
    const chatKey = redisKeys(KEY_PREFIX).roomChat(roomIdForKey(video.inviteKey));
    expect(await redis.xlen(chatKey)).toBe(6);
    const late = await join(relay, video.inviteKey);
    const texts = (await late.client.next('history')).messages.map((message) => message.text);
    expect(texts).not.toContain('quick 6');
  });
});

describe('reactions', () => {
  it('reach everyone on every node and are throttled, extra ones dropped', async () => {
    const KEY_PREFIX = freshPrefix();
    const one = await relayWith({ KEY_PREFIX });
    const two = await relayWith({ KEY_PREFIX });
    const video = await newVideo(one);
    const ana = await join(one, video.inviteKey, 'Ana');
    const ben = await join(two, video.inviteKey, 'Ben');
    for (const emoji of ['👍', '😂', '🔥', '❤️', '😮']) ana.client.send({ type: 'react', emoji });
    // A message sent after the reactions arrives after them (one channel, in order).
    await say(ana, 'done');
    await ben.client.nextWhere('message', (frame) => frame.message.text === 'done');
    for (const member of [ana, ben]) {
      expect(member.client.unread('reaction')).toEqual(
        ['👍', '😂', '🔥'].map((emoji) => ({
          type: 'reaction',
          memberId: ana.welcome.memberId,
          name: 'Ana',
          emoji,
        })),
      );
      expect(member.client.unread('error')).toEqual([]);
    }
  });
});

describe('nicknames', () => {
  it('rename a member in every list, on every node, and in its later messages', async () => {
    const KEY_PREFIX = freshPrefix();
    const one = await relayWith({ KEY_PREFIX });
    const two = await relayWith({ KEY_PREFIX });
    const video = await newVideo(one);
    const ana = await join(one, video.inviteKey, 'Ana');
    const ben = await join(two, video.inviteKey, 'Ben');
    const named = (name: string) => (frame: { members: { id: string; name: string }[] }) =>
      frame.members.some((m) => m.id === ana.welcome.memberId && m.name === name);
    await ana.client.nextWhere('members', (frame) => frame.members.length === 2);

    ana.client.send({ type: 'rename', name: '  Anabel ' });
    for (const member of [ana, ben]) await member.client.nextWhere('members', named('Anabel'));
    expect((await say(ana, 'hi')).name).toBe('Anabel');
  });
});
