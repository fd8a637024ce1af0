import { describe, expect, it } from 'vitest';
import type { MemberInfo } from '../../shared/protocol';
import { presence } from './presence';

const members: MemberInfo[] = [
  { id: 'a', name: 'Ana', host: true, status: 'in_sync', error: 0.01 },
  { id: 'b', name: 'Ben', host: false, status: 'blocked', error: null },
  { id: 'c', name: 'Cy', host: false, status: 'ad', error: null },
];

describe('presence', () => {
  it('names me, the host and every status', () => {
    const p = presence(members, 'b', false);
    expect(p.me?.name).toBe('Ben');
    expect(p.host?.name).toBe('Ana');
    expect(p.rows.map((r) => [r.name, r.you, r.host, r.statusText])).toEqual([
      ['Ana', false, true, 'In sync'],
      ['Ben', true, false, 'Needs a click'],
      ['Cy', false, false, 'Watching an ad'],
    ]);
  });

  it('lets everyone control when the lock is off', () => {
    expect(presence(members, 'b', false)).toMatchObject({ amHost: false, canControl: true });
  });

  it('lets only the host control when the lock is on', () => {
    expect(presence(members, 'b', true)).toMatchObject({
      amHost: false,
      hostOnly: true,
      canControl: false,
    });
    expect(presence(members, 'a', true)).toMatchObject({ amHost: true, canControl: true });
  });

  it('knows nobody before the welcome', () => {
    expect(presence([], null, false)).toMatchObject({ me: null, host: null, amHost: false });
  });
});
