import { describe, expect, it } from 'vitest';
import { youtubeIdFromUrl } from './youtube-id';

describe('youtubeIdFromUrl', () => {
  it('reads watch pages on any youtube.com host', () => {
    expect(youtubeIdFromUrl('https://www.youtube.com/watch?v=aaaaaaaaaa1')).toBe('aaaaaaaaaa1');
    expect(youtubeIdFromUrl('https://m.youtube.com/watch?v=eeee-eee_05&t=30s')).toBe('eeee-eee_05');
  });

  it('refuses other pages, other hosts and bad ids', () => {
    expect(youtubeIdFromUrl('https://www.youtube.com/')).toBeNull();
    expect(youtubeIdFromUrl('https://www.youtube.com/watch?v=short')).toBeNull();
    expect(youtubeIdFromUrl('https://evil-youtube.com/watch?v=aaaaaaaaaa1')).toBeNull();
    expect(youtubeIdFromUrl('https://youtube.com.evil.org/watch?v=aaaaaaaaaa1')).toBeNull();
    expect(youtubeIdFromUrl('not a url')).toBeNull();
    expect(youtubeIdFromUrl(undefined)).toBeNull();
  });
});
