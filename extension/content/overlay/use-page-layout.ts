/**
 * Where the overlay may sit on YouTube's watch page: the page's light or dark theme, theatre mode
 * (the player spans the page, so the panel goes below it), a viewport too narrow for a panel
 * beside the player (it shrinks to a handle), and full screen (a compact toggle inside it).
 * @module
 */
import { useEffect, useState } from 'preact/hooks';

/** The panel's width plus its margin: what must fit to the right of the player. */
export const PANEL_SPACE_PX = 360;

export interface PageLayout {
  theme: 'dark' | 'light';
  fullscreen: boolean;
  theater: boolean;
  /** The panel would cover the player: show a handle until opened. */
  narrow: boolean;
  /** In theatre mode: the page coordinate just below the player. */
  belowPlayer: number | null;
}

function player(): Element | null {
  return document.querySelector('#movie_player');
}

export function readPageLayout(): PageLayout {
  const html = document.documentElement;
  const flexy = document.querySelector('ytd-watch-flexy');
  const fullscreen = document.fullscreenElement !== null;
  const theater =
    !fullscreen &&
    (flexy?.hasAttribute('theater') === true || flexy?.hasAttribute('full-bleed-player') === true);
  const rect = player()?.getBoundingClientRect();
  const narrow =
    !fullscreen && !theater && rect !== undefined && rect.width > 0
      ? rect.right + PANEL_SPACE_PX > window.innerWidth
      : !fullscreen && window.innerWidth < 2 * PANEL_SPACE_PX;
  return {
    // youtube.com marks its dark theme on <html>; without the mark the page is light.
    theme: html.hasAttribute('dark') ? 'dark' : 'light',
    fullscreen,
    theater,
    narrow,
    belowPlayer: theater && rect ? Math.round(rect.bottom + window.scrollY + 8) : null,
  };
}

function same(a: PageLayout, b: PageLayout): boolean {
  return (
    a.theme === b.theme &&
    a.fullscreen === b.fullscreen &&
    a.theater === b.theater &&
    a.narrow === b.narrow &&
    a.belowPlayer === b.belowPlayer
  );
}

/** The page layout, kept current as YouTube changes theme, mode or size. */
export function usePageLayout(): PageLayout {
  const [layout, setLayout] = useState(readPageLayout);
  useEffect(() => {
    let frame = 0;
    const check = () => {
      cancelAnimationFrame(frame);
      frame = requestAnimationFrame(() =>
        setLayout((current) => {
          const next = readPageLayout();
          return same(current, next) ? current : next;
        }),
      );
    };
    const observer = new MutationObserver(check);
    observer.observe(document.documentElement, { attributes: true, attributeFilter: ['dark'] });
    // ytd-watch-flexy comes and goes with navigation: watch attributes under <body> broadly.
    observer.observe(document.body, {
      attributes: true,
      subtree: true,
      attributeFilter: ['theater', 'full-bleed-player', 'fullscreen'],
    });
    window.addEventListener('resize', check);
    document.addEventListener('fullscreenchange', check);
    document.addEventListener('yt-navigate-finish', check);
    // The player's size settles after load; a slow poll catches what no event announces.
    const timer = setInterval(check, 2000);
    return () => {
      cancelAnimationFrame(frame);
      observer.disconnect();
      window.removeEventListener('resize', check);
      document.removeEventListener('fullscreenchange', check);
      document.removeEventListener('yt-navigate-finish', check);
      clearInterval(timer);
    };
  }, []);
  return layout;
}

/** Where `#movie_player` is on screen now, for things floating over the video. */
export function playerRect(): DOMRect | null {
  return player()?.getBoundingClientRect() ?? null;
}
