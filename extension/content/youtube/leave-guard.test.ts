import { describe, expect, it } from 'vitest';
import { otherVideoOpened, type LinkClick } from './leave-guard';

const ROOM = 'aaaaaaaaaa1';
const click = (change: Partial<LinkClick> = {}): LinkClick => ({
  href: 'https://www.youtube.com/watch?v=bbbbbbbbbb2',
  target: '',
  button: 0,
  modified: false,
  ...change,
});

describe('otherVideoOpened', () => {
  it('asks about a plain click on another video in this tab', () => {
    expect(otherVideoOpened(click(), ROOM)).toBe('bbbbbbbbbb2');
    expect(otherVideoOpened(click({ target: '_self' }), ROOM)).toBe('bbbbbbbbbb2');
  });

  it('lets the room’s own video through', () => {
    expect(otherVideoOpened(click({ href: `https://www.youtube.com/watch?v=${ROOM}` }), ROOM)).toBe(
      null,
    );
  });

  it('lets everything through out of a room', () => {
    expect(otherVideoOpened(click(), null)).toBeNull();
  });

  it('lets through clicks that open elsewhere or go to no video', () => {
    expect(otherVideoOpened(click({ modified: true }), ROOM)).toBeNull();
    expect(otherVideoOpened(click({ button: 1 }), ROOM)).toBeNull();
    expect(otherVideoOpened(click({ target: '_blank' }), ROOM)).toBeNull();
    expect(otherVideoOpened(click({ href: 'https://www.youtube.com/' }), ROOM)).toBeNull();
    expect(otherVideoOpened(click({ href: 'https://www.youtube.com/@channel' }), ROOM)).toBeNull();
    expect(otherVideoOpened(click({ href: 'https://example.com/watch?v=bbbbbbbbbb2' }), ROOM)).toBe(
      null,
    );
  });
});
