import { describe, expect, it } from 'vitest';
import { youtubePage } from '../common/youtube-page-kind';
import { YOUTUBE_EXCLUDE_MATCHES, YOUTUBE_MATCHES } from './youtube-matches';

/** A match pattern as the browser reads one (scheme `*`: http and https; host `*.`: subdomains). */
function matches(pattern: string, url: string): boolean {
  const [, scheme, host, path] = /^(\*|https?):\/\/([^/]+)(\/.*)$/.exec(pattern)!;
  const parsed = new URL(url);
  const schemeOk =
    scheme === '*' ? /^https?:$/.test(parsed.protocol) : parsed.protocol === `${scheme}:`;
  const hostOk = host!.startsWith('*.')
    ? parsed.hostname === host!.slice(2) || parsed.hostname.endsWith(host!.slice(1))
    : parsed.hostname === host;
  const pathRe = new RegExp(
    `^${path!.replace(/[.+?^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '.*')}$`,
  );
  return schemeOk && hostOk && pathRe.test(parsed.pathname + parsed.search);
}

const runsOn = (url: string) =>
  YOUTUBE_MATCHES.some((p) => matches(p, url)) &&
  !YOUTUBE_EXCLUDE_MATCHES.some((p) => matches(p, url));

describe('where the content scripts run', () => {
  it('runs on the desktop site, every page of it', () => {
    for (const url of [
      'https://www.youtube.com/watch?v=aaaaaaaaaa1',
      'https://youtube.com/shorts/ccccccccc03',
      'https://www.youtube.com/',
      'https://www.youtube.com/results?search_query=cats',
    ])
      expect(runsOn(url), url).toBe(true);
  });

  it('stays off the mobile site, which the popup words as such', () => {
    const url = 'https://m.youtube.com/watch?v=aaaaaaaaaa1';
    expect(runsOn(url)).toBe(false);
    expect(youtubePage(url).kind).toBe('mobile');
  });
});
