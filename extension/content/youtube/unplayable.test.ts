import { describe, expect, it } from 'vitest';
import type { RoomState } from '../../../shared/protocol';
import { playingRoom } from '../sync/testing';
import { Unplayable } from './unplayable';

const VIDEO = playingRoom(10).videoId;

const held = (id: number, waitingFor: string[]): RoomState => ({
  ...playingRoom(10),
  rev: id,
  hold: { id, reason: 'seek', waitingFor, deadline: 5000 },
});

describe('Unplayable', () => {
  it('answers each hold that waits for this member once, only while the page cannot play', () => {
    const unplayable = new Unplayable();
    expect(unplayable.shouldSayNoWait(held(3, ['me', 'ana']), 'me', VIDEO)).toBe(false);
    unplayable.set(true);
    expect(unplayable.shouldSayNoWait(held(3, ['me', 'ana']), 'me', VIDEO)).toBe(true);
    expect(unplayable.shouldSayNoWait(held(3, ['me', 'ana']), 'me', VIDEO)).toBe(false);
    expect(unplayable.shouldSayNoWait(held(5, ['ana', 'me']), 'me', VIDEO)).toBe(true);
  });

  it('leaves holds that do not wait for this member, and rooms without one, alone', () => {
    const unplayable = new Unplayable();
    unplayable.set(true);
    expect(unplayable.shouldSayNoWait(held(4, ['ana']), 'me', VIDEO)).toBe(false);
    expect(unplayable.shouldSayNoWait(playingRoom(10), 'me', VIDEO)).toBe(false);
    expect(unplayable.shouldSayNoWait(held(4, ['me']), null, VIDEO)).toBe(false);
    expect(unplayable.shouldSayNoWait(null, 'me', VIDEO)).toBe(false);
  });

  it('answers the same hold again after a fresh welcome', () => {
    const unplayable = new Unplayable();
    unplayable.set(true);
    expect(unplayable.shouldSayNoWait(held(6, ['me']), 'me', VIDEO)).toBe(true);
    unplayable.joined();
    expect(unplayable.shouldSayNoWait(held(6, ['me']), 'me', VIDEO)).toBe(true);
  });

  it('waits while the page still shows another video than the room (a playlist moving on)', () => {
    const unplayable = new Unplayable();
    unplayable.set(true);
    expect(unplayable.shouldSayNoWait(held(7, ['me']), 'me', 'bbbbbbbbbb2')).toBe(false);
    expect(unplayable.shouldSayNoWait(held(7, ['me']), 'me', null)).toBe(false);
    expect(unplayable.shouldSayNoWait(held(7, ['me']), 'me', VIDEO)).toBe(true);
  });
});
