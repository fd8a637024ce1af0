/**
 * The fake youtube.com's pages without a watch player: YouTube's Shorts player and its search
 * results, with the element names YouTube uses (`ytd-shorts` with `ytd-reel-video-renderer` and
 * the Shorts player's own `<video>`; `ytd-search` with `ytd-video-renderer` results). Neither has
 * the watch page's `#movie_player` or its page script.
 * @module
 */
import { escapeHtml } from './fake-html';
import type { PageCatalogue, PageVideo } from './fake-youtube-types';

/** `/shorts/ID`: the Short plays on a loop in the Shorts player, as YouTube does. */
export function shortsPage(video: PageVideo): string {
  return `<ytd-app><div id="masthead"><a id="logo" href="/">YouTube</a></div>
<ytd-page-manager id="page-manager"><ytd-shorts><div id="shorts-container"><div id="shorts-inner-container">
<ytd-reel-video-renderer is-active><div id="player-container"><ytd-player id="player"><div id="container">
<div id="shorts-player" class="html5-video-player">
<div class="html5-video-container"><video class="video-stream html5-main-video" loop autoplay playsinline src="${video.src}"></video></div>
</div></div></ytd-player></div>
<ytd-reel-player-overlay-renderer><h2 class="title">${escapeHtml(video.title)}</h2>
<yt-formatted-string id="channel-name">${escapeHtml(video.channel)}</yt-formatted-string></ytd-reel-player-overlay-renderer>
</ytd-reel-video-renderer></div></div></ytd-shorts></ytd-page-manager></ytd-app>`;
}

/** `/results?search_query=…`: the videos whose title has the words, each linking to its page. */
export function resultsPage(catalogue: PageCatalogue, query: string): string {
  const words = query.toLowerCase().split(/\s+/).filter(Boolean);
  const found = catalogue.videos.filter((video) =>
    words.every((word) => video.title.toLowerCase().includes(word)),
  );
  const results = found
    .map(
      (video) =>
        `<ytd-video-renderer class="style-scope ytd-item-section-renderer"><div id="dismissible">` +
        `<a id="video-title" class="yt-simple-endpoint" href="/watch?v=${video.id}" title="${escapeHtml(video.title)}">` +
        `<yt-formatted-string>${escapeHtml(video.title)}</yt-formatted-string></a>` +
        `<ytd-channel-name id="channel-name"><a href="/@channel">${escapeHtml(video.channel)}</a></ytd-channel-name>` +
        `</div></ytd-video-renderer>`,
    )
    .join('');
  return `<ytd-app><div id="masthead"><a id="logo" href="/">YouTube</a>
<form id="search-form" action="/results"><input id="search" name="search_query" value="${escapeHtml(query)}"></form></div>
<ytd-page-manager id="page-manager"><ytd-search><div id="contents"><ytd-item-section-renderer>
<div id="contents">${results}</div></ytd-item-section-renderer></div></ytd-search></ytd-page-manager></ytd-app>`;
}
