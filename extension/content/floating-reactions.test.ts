import { describe, expect, it } from 'vitest';
import { MAX_FLOATING, REACTION_FLOAT_MS, addReaction, liveReactions } from './floating-reactions';

describe('floating reactions', () => {
  it('float for a couple of seconds', () => {
    const list = addReaction([], { key: 1, emoji: '👍', name: 'Ana', lane: 0.5 }, 0);
    expect(liveReactions(list, REACTION_FLOAT_MS - 1)).toHaveLength(1);
    expect(liveReactions(list, REACTION_FLOAT_MS)).toHaveLength(0);
  });

  it('drop finished ones and keep a few at once', () => {
    let list = addReaction([], { key: 0, emoji: '🔥', name: 'Ben', lane: 0 }, 0);
    for (let key = 1; key <= MAX_FLOATING + 5; key++)
      list = addReaction(list, { key, emoji: '😂', name: 'Ana', lane: 0.2 }, 10 + key);
    expect(list).toHaveLength(MAX_FLOATING);
    expect(list.at(-1)?.key).toBe(MAX_FLOATING + 5);
    list = addReaction(list, { key: 99, emoji: '❤️', name: 'Ana', lane: 1 }, 5000);
    expect(list.map((r) => r.key)).toEqual([99]);
  });
});
