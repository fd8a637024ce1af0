import { describe, expect, it } from 'vitest';
import { redisKeys } from './keys';

/** The part of a key Redis Cluster hashes: the first non-empty `{…}`, else the whole key. */
function hashTag(key: string): string {
  const open = key.indexOf('{');
  const close = open < 0 ? -1 : key.indexOf('}', open + 1);
  return close > open + 1 ? key.slice(open + 1, close) : key;
}

describe('redisKeys', () => {
  it('puts every key of a room in one Cluster slot, whatever the prefix', () => {
    for (const prefix of ['ww:', '', 'deploy-7:']) {
      const keys = redisKeys(prefix);
      const rid = 'a1b2c3';
      const roomKeys = [
        keys.roomState(rid),
        keys.roomMembers(rid),
        keys.roomMeta(rid),
        keys.roomChat(rid),
        keys.roomBanned(rid),
        keys.roomKnocks(rid),
        keys.roomAdmitted(rid),
      ];
      for (const key of roomKeys) expect(hashTag(key)).toBe(rid);
    }
  });
});
