/**
 * Where the content scripts run: YouTube's desktop site, on every page (it is a single-page app,
 * so a watch page can be reached from any of them without a load).
 *
 * Not m.youtube.com: the mobile site is another app (`ytm-app`, its own player, none of the
 * watch page's `#movie_player` layout or the markup the overlay docks to), so sync and the
 * overlay would meet a page they were never built or tested for. The popup says so there, and
 * how to get the desktop site instead (Firefox for Android: menu, then Desktop site).
 * @module
 */

export const YOUTUBE_MATCHES = ['*://*.youtube.com/*'];

export const YOUTUBE_EXCLUDE_MATCHES = ['*://m.youtube.com/*'];
