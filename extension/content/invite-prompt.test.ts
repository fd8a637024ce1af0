import { describe, expect, it } from 'vitest';
import { InvitePrompt } from './invite-prompt';

const KEY = 'abcdefghijklmnopqrstuvwxyz';
const OTHER = 'zyxwvutsrqponmlkjihgfedcba';

describe('InvitePrompt', () => {
  it('asks for a key from the fragment and joins it once, on Join room', () => {
    const prompt = new InvitePrompt();
    expect(prompt.shown).toBeNull();
    expect(prompt.offer(KEY, 'aaaaaaaaaa1', null)).toBe(true);
    expect(prompt.shown).toBe(1);
    expect(prompt.accept()).toBe(KEY);
    expect(prompt.shown).toBeNull();
    expect(prompt.accept()).toBeNull();
  });

  it('forgets the key on Not now', () => {
    const prompt = new InvitePrompt();
    prompt.offer(KEY, 'aaaaaaaaaa1', null);
    prompt.decline();
    expect(prompt.shown).toBeNull();
    expect(prompt.accept()).toBeNull();
  });

  it('does not ask for the room the tab is in', () => {
    const prompt = new InvitePrompt();
    expect(prompt.offer(KEY, 'aaaaaaaaaa1', KEY)).toBe(false);
    expect(prompt.shown).toBeNull();
  });

  it('asks anew (a new number) only for another key, so a page cannot keep restarting it', () => {
    const prompt = new InvitePrompt();
    prompt.offer(KEY, 'aaaaaaaaaa1', null);
    expect(prompt.offer(KEY, 'aaaaaaaaaa1', null)).toBe(false);
    expect(prompt.shown).toBe(1);
    expect(prompt.offer(OTHER, 'aaaaaaaaaa1', null)).toBe(true);
    expect(prompt.shown).toBe(2);
    expect(prompt.accept()).toBe(OTHER);
  });

  it('drops the question when the page moves to another video', () => {
    const prompt = new InvitePrompt();
    prompt.offer(KEY, 'aaaaaaaaaa1', null);
    expect(prompt.navigated('aaaaaaaaaa1')).toBe(false);
    expect(prompt.shown).toBe(1);
    expect(prompt.navigated('bbbbbbbbbb2')).toBe(true);
    expect(prompt.shown).toBeNull();
  });

  it('drops the question once the tab is in that room (joined from the popup)', () => {
    const prompt = new InvitePrompt();
    prompt.offer(KEY, 'aaaaaaaaaa1', null);
    expect(prompt.joined(OTHER)).toBe(false);
    expect(prompt.joined(KEY)).toBe(true);
    expect(prompt.shown).toBeNull();
  });
});
