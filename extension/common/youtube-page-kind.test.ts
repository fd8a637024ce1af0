import { describe, expect, it } from 'vitest';
import { youtubePage } from './youtube-page-kind';

describe('youtubePage', () => {
  it('tells a watch page and a Short by their video', () => {
    expect(youtubePage('https://www.youtube.com/watch?v=aaaaaaaaaa1&t=3')).toEqual({
      kind: 'watch',
      youtubeId: 'aaaaaaaaaa1',
    });
    expect(youtubePage('https://www.youtube.com/shorts/ccccccccc03')).toEqual({
      kind: 'shorts',
      youtubeId: 'ccccccccc03',
    });
    expect(youtubePage('https://youtube.com/shorts/ccccccccc03/?feature=share').kind).toBe(
      'shorts',
    );
    expect(youtubePage('https://www.youtube.com/shorts/not-an-id').kind).toBe('other');
  });

  it('tells home, search results and other pages', () => {
    expect(youtubePage('https://www.youtube.com/').kind).toBe('home');
    expect(youtubePage('https://www.youtube.com/results?search_query=cats').kind).toBe('search');
    expect(youtubePage('https://www.youtube.com/@channel').kind).toBe('other');
    expect(youtubePage('https://www.youtube.com/watch?v=short').kind).toBe('other');
  });

  it('puts the mobile site apart, whatever it shows', () => {
    expect(youtubePage('https://m.youtube.com/watch?v=aaaaaaaaaa1')).toEqual({
      kind: 'mobile',
      youtubeId: null,
    });
    expect(youtubePage('https://m.youtube.com/shorts/ccccccccc03').kind).toBe('mobile');
  });

  it('says when a page is not YouTube at all', () => {
    expect(youtubePage('https://example.org/watch?v=aaaaaaaaaa1').kind).toBe('not_youtube');
    expect(youtubePage('chrome://newtab/').kind).toBe('not_youtube');
    expect(youtubePage(undefined).kind).toBe('not_youtube');
  });
});
