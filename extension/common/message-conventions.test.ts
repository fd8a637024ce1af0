/**
 * Every runtime message the background takes (popup → background, tab → background) has a
 * schema, exactly one handler, and an example here that its schema accepts.
 */
import * as v from 'valibot';
import { describe, expect, it, vi } from 'vitest';
import { popupHandlers } from '../background/popup-handlers';
import { tabHandlers } from '../background/tab-handlers';
import { PopupRequestSchema, type PopupMethod, type PopupRequest } from './popup-messages';
import { TabToBackgroundSchema, type TabToBackground } from './tab-messages';

vi.hoisted(() => vi.stubGlobal('__RELAY_URL__', 'http://relay.test'));

const KEY = 'abcdefghijklmnopqrstuvwxyz';
const SECRET = 'S'.repeat(43);
const MEMBER = 'a1b2c3';

const popupFixtures: { [M in PopupMethod]: Extract<PopupRequest, { method: M }> } = {
  visit: { method: 'visit', tabId: null },
  status: { method: 'status', tabId: 4 },
  startRoom: { method: 'startRoom', tabId: 4 },
  joinRoom: {
    method: 'joinRoom',
    input: `https://www.youtube.com/watch?v=x#wewatch=${KEY}`,
    tabId: null,
  },
  leaveRoom: { method: 'leaveRoom', tabId: 4 },
  setRelayUrl: { method: 'setRelayUrl', url: 'http://localhost:8787' },
  session: { method: 'session', renew: SECRET },
  startOver: { method: 'startOver', tabId: null },
  restoreIdentity: { method: 'restoreIdentity', recovery: `ww1-${'c'.repeat(43)}`, tabId: 4 },
  saveVideo: { method: 'saveVideo', tabId: 4 },
  openRoom: { method: 'openRoom', key: KEY },
};

const tabFixtures: { [T in TabToBackground['type']]: Extract<TabToBackground, { type: T }> } = {
  page: { type: 'page', youtubeId: 'aaaaaaaaaaa', live: false },
  join: { type: 'join', inviteKey: KEY },
  control: { type: 'control', baseRev: 3, action: 'seek', position: 61.5, rate: 1 },
  ready: { type: 'ready', holdId: 4 },
  stall: { type: 'stall' },
  nowait: { type: 'nowait' },
  queue: { type: 'queue', from: 0, to: 1 },
  move: { type: 'move', from: 'aaaaaaaaaaa', to: 'bbbbbbbbbbb', title: 'Up next' },
  report: { type: 'report', status: 'in_sync', error: -0.02 },
  leave: { type: 'leave' },
  chat: { type: 'chat', text: 'Hello' },
  react: { type: 'react', emoji: '👍' },
  rename: { type: 'rename', name: 'Robin' },
  host_only: { type: 'host_only', on: true },
  hand_host: { type: 'hand_host', memberId: MEMBER },
  remove: { type: 'remove', memberId: MEMBER },
  let_in_only: { type: 'let_in_only', on: false },
  let_in: { type: 'let_in', memberId: MEMBER },
  deny: { type: 'deny', memberId: MEMBER },
};

/** The discriminator values a `v.variant` schema accepts, one per option, in order. */
function variantTags(schema: {
  key: string;
  options: readonly { entries: Record<string, unknown> }[];
}): unknown[] {
  return schema.options.map(
    (option) => (option.entries[schema.key] as { literal: unknown }).literal,
  );
}

describe.each([
  ['popup → background', PopupRequestSchema, popupHandlers, popupFixtures],
  ['tab → background', TabToBackgroundSchema, tabHandlers, tabFixtures],
] as const)('%s messages', (_name, schema, handlers, fixtures) => {
  const tags = variantTags(schema);

  it('each have one schema, named once', () => {
    expect(new Set(tags).size).toBe(tags.length);
  });

  it('each have exactly one handler, and no handler is for a message without a schema', () => {
    expect(Object.keys(handlers).sort()).toEqual([...tags].sort());
    for (const handler of Object.values(handlers)) expect(handler).toBeTypeOf('function');
  });

  it('each have an example that the schema accepts as it is', () => {
    expect(Object.keys(fixtures).sort()).toEqual([...tags].sort());
    for (const [tag, fixture] of Object.entries(fixtures)) {
      const parsed = v.safeParse(schema, fixture);
      expect(
        parsed.issues?.map((issue) => issue.message),
        tag,
      ).toBeUndefined();
      expect(parsed.output).toEqual(fixture);
    }
  });
});
