import { describe, expect, it } from 'vitest';
import { ShownVideo } from './shown-video';

const WATCH = 'https://www.youtube.com/watch?v=aaaaaaaaaa1';
const OTHER = 'https://www.youtube.com/watch?v=bbbbbbbbbb2';
const HOME = 'https://www.youtube.com/';
const SEARCH = 'https://www.youtube.com/results?search_query=cats';

describe('ShownVideo', () => {
  it('reads a watch page from its URL', () => {
    const shown = new ShownVideo();
    expect(shown.read(WATCH, false)).toBe('aaaaaaaaaa1');
    expect(shown.read(OTHER, false)).toBe('bbbbbbbbbb2');
  });

  it('keeps the watch page’s video while the miniplayer plays it elsewhere', () => {
    const shown = new ShownVideo();
    shown.read(WATCH, false);
    expect(shown.read(HOME, true)).toBe('aaaaaaaaaa1');
    expect(shown.read(SEARCH, true)).toBe('aaaaaaaaaa1');
    expect(shown.read(WATCH, false)).toBe('aaaaaaaaaa1');
  });

  it('shows no video off a watch page without the miniplayer', () => {
    const shown = new ShownVideo();
    shown.read(WATCH, false);
    expect(shown.read(HOME, false)).toBeNull();
    // The miniplayer showing up later cannot bring back a video the page already let go.
    expect(shown.read(HOME, true)).toBeNull();
  });

  it('shows no video once the miniplayer is closed, even before YouTube takes it away', () => {
    const shown = new ShownVideo();
    shown.read(WATCH, false);
    shown.read(HOME, true);
    shown.closed();
    expect(shown.read(HOME, true)).toBeNull();
    expect(shown.read(OTHER, false)).toBe('bbbbbbbbbb2');
  });

  it('follows the miniplayer to another watch page', () => {
    const shown = new ShownVideo();
    shown.read(WATCH, false);
    shown.read(HOME, true);
    expect(shown.read(OTHER, false)).toBe('bbbbbbbbbb2');
    expect(shown.read(HOME, true)).toBe('bbbbbbbbbb2');
  });
});
