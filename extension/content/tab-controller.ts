/**
 * Everything the content script does on a YouTube tab, minus the UI: follows the page's video and
 * navigation, talks to the background, and keeps the player on the room's timeline.
 * @module
 */
import { MAX_PLAYLIST_ITEMS, type Reaction } from '../../shared/protocol';
import { youtubeIdFromUrl } from '../../shared/youtube-id';
import { monotonicNow } from '../common/monotonic-now';
import { getNickname, onNicknameChanged } from '../common/settings';
import { backgroundHandlers, dispatchToTab } from './background-handlers';
import { InvitePrompt, takeInviteFromFragment } from './invite-prompt';
import { OverlayState, type OverlayModel } from './overlay/overlay-model';
import { startPageAdapter } from './page-adapter';
import { presence } from './presence';
import { PlayerSync } from './sync/player-sync';
import type { TabContext } from './tab-context';
import { openTabPort, type TabPort } from './tab-port';
import { videoElementPlayer } from './video-element-player';
import { watchLiveStream } from './youtube/live-watch';
import { isLiveStream } from './youtube-page';
import { startStillWatching } from './youtube/still-watching';

const TICK_MS = 250;
const REPORT_MS = 1000;

/** What the overlay can ask the tab to do. */
export interface TabController {
  leave: () => void;
  /** "Resync" and "Click to sync" (a user gesture, so playback may start now). */
  resync: () => void;
  /** "Don't wait for me": the room goes on while this member catches up. */
  dontWait: () => void;
  dismissNotice: () => void;
  /** Playlist rooms: play queue entry `to` (next, previous or a pick) for everyone. */
  playItem: (to: number) => void;
  sendChat: (text: string) => void;
  react: (emoji: Reaction) => void;
  /** A new nickname, kept for later rooms too. */
  rename: (name: string) => void;
  /** Host only. */
  setHostOnly: (on: boolean) => void;
  handHost: (memberId: string) => void;
  removeMember: (memberId: string) => void;
  setLetInOnly: (on: boolean) => void;
  letIn: (memberId: string) => void;
  deny: (memberId: string) => void;
  dismissFlash: () => void;
  /** The invite prompt's **Join room**: call only for the user's own (trusted) click. */
  acceptInvite: () => void;
  /** The invite prompt's **Not now**. */
  declineInvite: () => void;
}

export function startTabController(
  ctx: TabContext,
  render: (model: OverlayModel, controller: TabController) => void,
): TabController {
  const overlay = new OverlayState(ctx, (model) => render(model, controller));
  const update = (change: Partial<OverlayModel>) => overlay.update(change);
  let clockOffset = 0;
  let port: TabPort | null = null;
  const invite = new InvitePrompt();

  const sync = new PlayerSync({
    relayNow: () => monotonicNow() + clockOffset,
    localNow: monotonicNow,
    send: (frame) => port?.send(frame),
    autoplayBlocked: (autoplayBlocked) => update({ autoplayBlocked }),
    userActedRecently: () => page.userActedRecently(),
    setTimer: (ms, run) => {
      const id = ctx.setTimeout(run, ms);
      return () => clearTimeout(id);
    },
    // Every member whose video ends asks, even at what it knows as the last entry (the playlist
    // may have grown); the relay moves the room once, and not past the end. Under "Only host
    // controls" the host's own end moves the room: others asking would only be refused.
    ended: (state) => {
      const { members, memberId, hostOnly } = overlay.model;
      const allowed = presence(members, memberId, hostOnly).canControl;
      if (allowed && state.item !== null && state.item + 1 < MAX_PLAYLIST_ITEMS)
        port?.send({ type: 'queue', from: state.item, to: state.item + 1 });
    },
  });

  const controller: TabController = {
    leave() {
      port?.send({ type: 'leave' });
    },
    resync() {
      update({ autoplayBlocked: false });
      sync.resync();
    },
    dontWait() {
      port?.send({ type: 'nowait' });
    },
    dismissNotice() {
      update({ notice: undefined });
    },
    playItem(to) {
      const from = sync.timeline.state?.item;
      if (from !== null && from !== undefined && from !== to)
        port?.send({ type: 'queue', from, to });
    },
    sendChat(text) {
      port?.send({ type: 'chat', text });
    },
    react(emoji) {
      port?.send({ type: 'react', emoji });
    },
    rename(name) {
      port?.send({ type: 'rename', name });
    },
    setHostOnly(on) {
      port?.send({ type: 'host_only', on });
    },
    handHost(memberId) {
      port?.send({ type: 'hand_host', memberId });
    },
    removeMember(memberId) {
      port?.send({ type: 'remove', memberId });
    },
    setLetInOnly(on) {
      port?.send({ type: 'let_in_only', on });
    },
    letIn(memberId) {
      port?.send({ type: 'let_in', memberId });
    },
    deny(memberId) {
      port?.send({ type: 'deny', memberId });
    },
    dismissFlash() {
      update({ flash: null });
    },
    acceptInvite() {
      const key = invite.accept();
      update({ joinPrompt: invite.shown });
      if (key) port?.send({ type: 'join', inviteKey: key });
    },
    declineInvite() {
      invite.decline();
      update({ joinPrompt: invite.shown });
    },
  };

  const handlers = backgroundHandlers({
    overlay,
    sync,
    invite,
    setClockOffset: (offset) => (clockOffset = offset),
  });

  /** Tells the background which video the page shows; an invite link's key only asks. */
  function sayHello(target: TabPort | null = port) {
    const youtubeId = youtubeIdFromUrl(location.href);
    const key = takeInviteFromFragment();
    const left = invite.navigated(youtubeId);
    const asked =
      key !== undefined && invite.offer(key, youtubeId, overlay.model.room?.key ?? null);
    if (left || asked) update({ joinPrompt: invite.shown });
    target?.send({ type: 'page', youtubeId, live: isLiveStream() });
  }

  /** Tells the room how this member is doing (about once a second, and on a change). */
  function report() {
    if (overlay.model.room && sync.timeline.memberId)
      port?.send({ type: 'report', ...sync.health(document.hidden || stillWatching.away) });
  }

  const stillWatching = startStillWatching(ctx, {
    inRoom: () => sync.timeline.memberId !== null,
    userActedRecently: () => page.userActedRecently(),
    awayChanged: report,
    resume: () => sync.apply(),
  });

  const page = startPageAdapter(ctx, {
    video: (video) => (video ? sync.attach(videoElementPlayer(video)) : sync.detach()),
    playerEvent: (event) => {
      // YouTube's own "Continue watching?" pause is not the member's.
      if (event !== 'pause' || !stillWatching.paused()) sync.playerEvent(event);
    },
    // Timers are throttled in hidden tabs: catch up the moment the tab shows again.
    visibilityChanged: () => sync.tick(),
    navigated: () => sayHello(),
  });
  watchLiveStream(ctx, (live) =>
    port?.send({ type: 'page', youtubeId: youtubeIdFromUrl(location.href), live }),
  );
  ctx.setInterval(() => sync.tick(), TICK_MS);
  ctx.setInterval(report, REPORT_MS);

  port = openTabPort({
    onMessage: (message) => dispatchToTab(handlers, message),
    onConnect: (p) => sayHello(p),
    isValid: () => ctx.isValid,
  });
  ctx.onInvalidated(() => port?.close());

  void getNickname()
    .then((nickname) => update({ nickname }))
    .catch(() => {});
  ctx.onInvalidated(onNicknameChanged((nickname) => update({ nickname })));

  render(overlay.model, controller);
  return controller;
}
