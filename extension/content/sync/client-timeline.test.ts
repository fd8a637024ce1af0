import { describe, expect, it } from 'vitest';
import type { RoomState } from '../../../shared/protocol';
import { ClientTimeline, INTENT_TIMEOUT_MS } from './client-timeline';

const base: RoomState = {
  rev: 1,
  videoId: 'aaaaaaaaaa1',
  item: null,
  playing: true,
  position: 10,
  rate: 1,
  at: 1000,
  hold: null,
};

function joined(): ClientTimeline {
  const t = new ClientTimeline();
  t.memberId = 'me';
  t.reset(base);
  return t;
}

describe('ClientTimeline', () => {
  it('adopts only newer revs when nothing of ours is in flight', () => {
    const t = joined();
    expect(t.receive({ ...base, rev: 1 }, null)).toBe(false);
    expect(t.receive({ ...base, rev: 2, playing: false }, 'ana')).toBe(true);
    expect(t.state?.playing).toBe(false);
    expect(t.receive({ ...base, rev: 1 }, null)).toBe(false);
    expect(t.state?.rev).toBe(2);
  });

  it('judges local events by the optimistic view while a change is in flight', () => {
    const t = joined();
    expect(t.beginLocalChange({ action: 'pause', position: 12, rate: 1 }, 3000, 0)).toBe(1);
    expect(t.view?.playing).toBe(false);
    expect(t.state?.playing).toBe(true);
    expect(t.settling).toBe(true);
  });

  it('chains quick successive changes on predicted revs', () => {
    const t = joined();
    expect(t.beginLocalChange({ action: 'pause', position: 12, rate: 1 }, 3000, 0)).toBe(1);
    expect(t.beginLocalChange({ action: 'seek', position: 40, rate: 1 }, 3100, 100)).toBe(2);
    // The first confirmation must not undo the seek still in flight.
    expect(t.receive({ ...base, rev: 2, playing: false, position: 12 }, 'me')).toBe(false);
    expect(t.settling).toBe(true);
    expect(t.receive({ ...base, rev: 3, playing: false, position: 40 }, 'me')).toBe(true);
    expect(t.settling).toBe(false);
    expect(t.state?.position).toBe(40);
  });

  it('gives way when someone else changed the room first', () => {
    const t = joined();
    t.beginLocalChange({ action: 'seek', position: 50, rate: 1 }, 3000, 0);
    expect(t.receive({ ...base, rev: 2, playing: false, position: 20 }, 'ana')).toBe(true);
    expect(t.settling).toBe(false);
    expect(t.view?.position).toBe(20);
  });

  it('snaps back when the relay refuses a stale change', () => {
    const t = joined();
    t.beginLocalChange({ action: 'pause', position: 12, rate: 1 }, 3000, 0);
    expect(t.receive({ ...base, rev: 1 }, null)).toBe(true);
    expect(t.view?.playing).toBe(true);
  });

  it('abandons a change the relay never confirms', () => {
    const t = joined();
    t.beginLocalChange({ action: 'pause', position: 12, rate: 1 }, 3000, 0);
    expect(t.expireIntent(INTENT_TIMEOUT_MS - 1)).toBe(false);
    expect(t.expireIntent(INTENT_TIMEOUT_MS)).toBe(true);
    expect(t.view?.playing).toBe(true);
  });

  it('trusts a rejoin snapshot even with a lower rev (the room was recreated)', () => {
    const t = joined();
    t.receive({ ...base, rev: 9 }, 'ana');
    t.reset({ ...base, rev: 1, position: 3 });
    expect(t.receive({ ...base, rev: 2 }, 'ana')).toBe(true);
  });
});
