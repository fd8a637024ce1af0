/**
 * The end of a video, as youtube.com does it: `#movie_player` takes `ended-mode`; with Autoplay
 * on (the switch in the player's controls, `.ytp-autonav-toggle-button[aria-checked]`, on by
 * default) the "Up next" countdown shows over the player (`.ytp-autonav-endscreen-countdown-overlay`,
 * `countdown-running` on the player, "Up next in N" ticking every 500 ms) and, when it runs out,
 * the page navigates in-app to the visitor's Up next. **Cancel** stops it for this video
 * (`ytp-autonav-endscreen-cancelled-state`; the switch stays on) and the end screen's suggestions
 * show instead; **Play Now** is a link to the next video. Leaving the end (a replay, a seek, a new
 * video) takes all of it away. The Up next follows the visitor (`recommendations.ts`), and is
 * in the DOM from the start of each video, as YouTube fills it.
 * @module
 */
import { byId, catalogue, page, player } from './page';

/** YouTube's default countdown (its `autoplay_time`); 8 s in full screen, not copied here. */
const COUNTDOWN_MS = 10_000;
const TICK_MS = 500;

function element<K extends keyof HTMLElementTagNameMap>(
  tag: K,
  className: string,
  text?: string,
): HTMLElementTagNameMap[K] {
  const made = document.createElement(tag);
  made.className = className;
  if (text !== undefined) made.textContent = text;
  return made;
}

const cover = 'position:absolute;inset:0;z-index:20;background:rgba(0,0,0,.75);color:#fff;';

/** Builds the end screen in the player and follows the video to its end. */
export function startAutonav(navigate: (id: string) => void): void {
  // The switch, in the player's right-hand controls.
  const controls = element('div', 'ytp-chrome-bottom');
  controls.style.cssText = 'position:absolute;right:8px;bottom:8px;z-index:30;';
  const right = element('div', 'ytp-right-controls');
  const switchButton = element('button', 'ytp-button');
  switchButton.dataset.tooltipTargetId = 'ytp-autonav-toggle-button';
  const switchContainer = element('div', 'ytp-autonav-toggle-button-container');
  const toggle = element('div', 'ytp-autonav-toggle-button');
  switchContainer.append(toggle);
  switchButton.append(switchContainer);
  right.append(switchButton);
  controls.append(right);
  const setAutonav = (on: boolean) => {
    toggle.setAttribute('aria-checked', String(on));
    switchButton.title = on ? 'Autoplay is on' : 'Autoplay is off';
    switchButton.setAttribute('aria-label', switchButton.title);
  };
  setAutonav(true);
  switchButton.addEventListener('click', () =>
    setAutonav(toggle.getAttribute('aria-checked') !== 'true'),
  );

  // The countdown, over the player.
  const overlay = element('div', 'ytp-autonav-endscreen-countdown-overlay');
  overlay.style.cssText = `${cover}display:none;`;
  const container = element('div', 'ytp-autonav-endscreen-countdown-container');
  const upNext = element('div', 'ytp-autonav-endscreen-upnext-container');
  const header = element('div', 'ytp-autonav-endscreen-upnext-header');
  const link = element('a', 'ytp-autonav-endscreen-link-container');
  const info = element('div', 'ytp-autonav-endscreen-video-info');
  const title = element('div', 'ytp-autonav-endscreen-upnext-title');
  const author = element('div', 'ytp-autonav-endscreen-upnext-author');
  info.append(title, author);
  link.append(element('div', 'ytp-autonav-endscreen-upnext-thumbnail'), info);
  upNext.append(header, link);
  const buttons = element('div', 'ytp-autonav-endscreen-button-container');
  const cancel = element(
    'button',
    'ytp-autonav-endscreen-upnext-button ytp-autonav-endscreen-upnext-cancel-button ' +
      'ytp-autonav-endscreen-upnext-button-rounded',
    'Cancel',
  );
  cancel.setAttribute('aria-label', 'Cancel autoplay');
  const playNow = element(
    'a',
    'ytp-autonav-endscreen-upnext-button ytp-autonav-endscreen-upnext-play-button ' +
      'ytp-autonav-endscreen-upnext-button-rounded',
    'Play Now',
  );
  playNow.setAttribute('role', 'button');
  playNow.setAttribute('aria-label', 'Play next video');
  buttons.append(cancel, playNow);
  container.append(upNext, buttons);
  overlay.append(container);

  // The end screen's suggestions, once autoplay is off or cancelled.
  const wall = element('div', 'html5-endscreen ytp-player-content videowall-endscreen');
  wall.style.cssText = `${cover}display:none;`;
  const wallContent = element('div', 'ytp-endscreen-content');
  wall.append(wallContent);
  player.append(overlay, wall, controls);

  let countdown: { startedAt: number; timer: number } | null = null;
  const next = () => byId(catalogue.upNext[page.current.id] ?? null);

  /** YouTube fills the Up next as each video's data arrives, long before the end. */
  function suggest(): void {
    const video = next();
    const href = video ? `/watch?v=${video.id}` : '';
    link.href = href;
    playNow.href = href;
    title.textContent = video?.title ?? '';
    author.textContent = video?.channel ?? '';
    upNext.setAttribute('aria-label', video ? `${video.title} by ${video.channel}` : '');
    wallContent.replaceChildren(
      ...catalogue.videos
        .filter((entry) => entry.id !== page.current.id)
        .map((entry) => {
          const still = element('a', 'ytp-videowall-still');
          still.href = `/watch?v=${entry.id}`;
          still.append(element('span', 'ytp-videowall-still-info-title', entry.title));
          return still;
        }),
    );
  }

  function tick(): void {
    if (!countdown) return;
    const left = COUNTDOWN_MS - (Date.now() - countdown.startedAt);
    const seconds = element('span', 'ytp-autonav-endscreen-upnext-header-countdown-number');
    seconds.textContent = String(Math.max(0, Math.ceil(left / 1000)));
    header.replaceChildren('Up next in ', seconds);
    if (left <= TICK_MS) {
      const video = next();
      stopCountdown();
      if (video) navigate(video.id);
    } else countdown.timer = window.setTimeout(tick, TICK_MS);
  }

  function stopCountdown(): void {
    if (countdown) clearTimeout(countdown.timer);
    countdown = null;
    player.classList.remove('countdown-running');
  }

  function ended(): void {
    if (player.classList.contains('ad-showing') || player.classList.contains('ended-mode')) return;
    player.classList.add('ended-mode');
    if (toggle.getAttribute('aria-checked') === 'true' && next()) {
      overlay.style.display = '';
      player.classList.add('countdown-running');
      countdown = { startedAt: Date.now(), timer: 0 };
      tick();
    } else wall.style.display = '';
  }

  function leaveEnd(): void {
    if (!player.classList.contains('ended-mode')) return;
    stopCountdown();
    overlay.style.display = 'none';
    wall.style.display = 'none';
    player.classList.remove('ended-mode', 'ytp-autonav-endscreen-cancelled-state');
  }

  cancel.addEventListener('click', () => {
    stopCountdown();
    overlay.style.display = 'none';
    player.classList.add('ytp-autonav-endscreen-cancelled-state');
    wall.style.display = '';
  });
  // Media events do not bubble, but they pass the player on their way down: a swapped `<video>`
  // is followed too.
  player.addEventListener('ended', ended, true);
  for (const type of ['play', 'seeking', 'loadstart'])
    player.addEventListener(type, leaveEnd, true);
  document.addEventListener('yt-navigate-finish', suggest);
  suggest();
}
