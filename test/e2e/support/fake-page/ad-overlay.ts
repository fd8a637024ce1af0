/**
 * The ad UI YouTube draws over its player while an ad plays: the "Ad 1 of 2" badge, the preview
 * countdown of a skippable ad and then its Skip button, all inside `.video-ads.ytp-ad-module`.
 * The class names are youtube.com's (ad skippers select them).
 * @module
 */
import { player } from './page';

/** `.video-ads.ytp-ad-module`: YouTube keeps it in the player, empty while no ad plays. */
const adModule = document.createElement('div');
adModule.className = 'video-ads ytp-ad-module';
player.append(adModule);

function element(tag: string, className: string, text?: string): HTMLElement {
  const made = document.createElement(tag);
  made.className = className;
  if (text !== undefined) made.textContent = text;
  return made;
}

export interface AdOverlay {
  /** The Skip button's place: the countdown until `showSkip`, then the button. */
  countdown(seconds: number): void;
  showSkip(onSkip: () => void): void;
  remove(): void;
}

/** Draws the UI of ad `index` (0-based) of a break of `count` ads. */
export function showAdOverlay(index: number, count: number): AdOverlay {
  const layout = element('div', 'ytp-ad-player-overlay-layout');
  const info = element('div', 'ytp-ad-player-overlay-instream-info');
  const badge = element('span', 'ytp-ad-simple-ad-badge');
  badge.append(element('div', 'ytp-ad-text', count > 1 ? `Ad ${index + 1} of ${count} ·` : 'Ad ·'));
  info.append(badge);
  const slot = element('div', 'ytp-ad-skip-button-slot');
  // Bottom right over the video, where YouTube puts it; above the video so a click lands on it.
  Object.assign(slot.style, { position: 'absolute', right: '0', bottom: '48px', zIndex: '60' });
  layout.append(info, slot);
  adModule.replaceChildren(layout);
  return {
    countdown(seconds) {
      const preview = element('div', 'ytp-ad-preview-container');
      preview.append(element('div', 'ytp-ad-preview-text', String(seconds)));
      slot.replaceChildren(preview);
    },
    showSkip(onSkip) {
      const container = element('span', 'ytp-ad-skip-button-container');
      const button = element('button', 'ytp-skip-ad-button ytp-ad-skip-button-modern ytp-button');
      button.append(element('div', 'ytp-skip-ad-button__text', 'Skip'));
      Object.assign(button.style, { padding: '8px 16px', fontSize: '16px', cursor: 'pointer' });
      // YouTube ignores a scripted click(): only a person's click skips.
      button.addEventListener('click', (event) => {
        if (event.isTrusted) onSkip();
      });
      container.append(button);
      slot.replaceChildren(container);
    },
    remove() {
      if (adModule.firstChild === layout) adModule.replaceChildren();
    },
  };
}
