/**
 * Everything the content script does on a YouTube tab, minus the UI: follows the page's video and
 * navigation, talks to the background, and keeps the player on the room's timeline.
 * @module
 */
import { monotonicNow } from '../common/monotonic-now';
import { getNickname, onNicknameChanged } from '../common/settings';
import { backgroundHandlers, dispatchToTab } from './background-handlers';
import { InvitePrompt, takeInviteFromFragment } from './invite-prompt';
import { OverlayState, type OverlayModel } from './overlay/overlay-model';
import { startPageAdapter } from './page-adapter';
import { presence } from './presence';
import { endStep } from './room-end';
import { PlayerSync } from './sync/player-sync';
import type { TabContext } from './tab-context';
import type { TabController } from './tab-actions';
import { openTabPort, type TabPort } from './tab-port';
import { videoElementPlayer } from './video-element-player';
import { startLeaveGuard } from './youtube/leave-guard';
import { ShownVideo } from './youtube/shown-video';
import { onMiniplayerClosed } from './youtube/miniplayer-close';
import { isLiveStream, isMiniplayerActive } from './youtube-page';
import { watchLiveStream } from './youtube/live-watch';
import { startStillWatching } from './youtube/still-watching';
import { watchEndOfVideo } from './youtube/end-of-video';
import { watchPlayability } from './youtube/playability-watch';
import { Unplayable } from './youtube/unplayable';

const TICK_MS = 250;
const REPORT_MS = 1000;
/** Leave room opens the clicked video once out of the room, or after this if no answer comes. */
const LEAVE_ANSWER_MS = 3000;

export function startTabController(
  ctx: TabContext,
  render: (model: OverlayModel, controller: TabController) => void,
): TabController {
  const overlay = new OverlayState(ctx, (model) => render(model, controller));
  const update = (change: Partial<OverlayModel>) => overlay.update(change);
  let clockOffset = 0;
  let port: TabPort | null = null;
  const invite = new InvitePrompt();
  const shown = new ShownVideo();
  /** The click "Leave the room?" holds, then the one to open once out of the room. */
  let heldClick: (() => void) | null = null;
  let openWhenLeft: (() => void) | null = null;
  const unplayable = new Unplayable();
  /** The page's `<video>`: sync leaves it alone while YouTube will not play the video. */
  let pageVideo: HTMLVideoElement | null = null;
  const drive = () =>
    pageVideo && !unplayable.on ? sync.attach(videoElementPlayer(pageVideo)) : sync.detach();
  /** A member who cannot play is never waited for: each hold for it is answered at once. */
  const answerHold = () => {
    const { state, memberId } = sync.timeline;
    if (
      unplayable.shouldSayNoWait(state, memberId, shown.read(location.href, isMiniplayerActive()))
    )
      port?.send({ type: 'nowait' });
  };

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
    ended: (state, position) => {
      const { room, members, memberId, hostOnly } = overlay.model;
      if (!room) return;
      const step = endStep(state, presence(members, memberId, hostOnly).canControl);
      if (step?.kind === 'queue') port?.send({ type: 'queue', from: step.from, to: step.to });
      else if (step) sync.propose({ action: 'pause', position, rate: state.rate });
    },
  });
  const endOfVideo = watchEndOfVideo(ctx, { overlay, sync });

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
      update({ notice: undefined, rejoin: null });
    },
    playItem(to) {
      const from = sync.timeline.state?.item;
      if (from !== null && from !== undefined && from !== to)
        port?.send({ type: 'queue', from, to });
    },
    playAgain() {
      const view = sync.timeline.view;
      if (view && overlay.model.room)
        sync.propose({ action: 'play', position: 0, rate: view.rate });
    },
    playNext() {
      const state = sync.timeline.state;
      const next = overlay.model.end?.upNext;
      if (state && next)
        port?.send({ type: 'move', from: state.videoId, to: next.youtubeId, title: next.title });
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
    leaveForVideo() {
      openWhenLeft = heldClick;
      heldClick = null;
      update({ leaveAsk: null });
      port?.send({ type: 'leave' });
      ctx.setTimeout(opened, LEAVE_ANSWER_MS);
    },
    stay() {
      heldClick = null;
      update({ leaveAsk: null });
    },
    backToVideo() {
      const id = overlay.model.rejoin;
      if (id) location.assign(`/watch?v=${encodeURIComponent(id)}`);
    },
  };

  /** Out of the room (or tired of waiting to be): the video Leave room was pressed for opens. */
  function opened() {
    const open = openWhenLeft;
    openWhenLeft = null;
    open?.();
  }

  const handlers = backgroundHandlers({
    overlay,
    sync,
    invite,
    setClockOffset: (offset) => (clockOffset = offset),
    stateApplied: (fresh) => {
      if (fresh) unplayable.joined();
      answerHold();
    },
  });

  /** Tells the background which video the page shows; an invite link's key only asks. */
  function sayHello(target: TabPort | null = port) {
    const youtubeId = shown.read(location.href, isMiniplayerActive());
    const key = takeInviteFromFragment();
    const left = invite.navigated(youtubeId);
    const asked =
      key !== undefined && invite.offer(key, youtubeId, overlay.model.room?.key ?? null);
    if (left || asked) update({ joinPrompt: invite.shown });
    target?.send({ type: 'page', youtubeId, live: isLiveStream() });
  }

  /** Tells the room how this member is doing (about once a second, and on a change). */
  function report() {
    if (!overlay.model.room || !sync.timeline.memberId) return;
    const health = unplayable.on
      ? { status: 'unavailable' as const, error: null }
      : sync.health(document.hidden || stillWatching.away);
    port?.send({ type: 'report', ...health });
  }

  const stillWatching = startStillWatching(ctx, {
    inRoom: () => sync.timeline.memberId !== null,
    userActedRecently: () => page.userActedRecently(),
    awayChanged: report,
    resume: () => sync.apply(),
  });

  const page = startPageAdapter(ctx, {
    video: (video) => {
      pageVideo = video;
      drive();
    },
    playerEvent: (event) => {
      // YouTube's own "Continue watching?" pause is not the member's.
      if (event !== 'pause' || !stillWatching.paused()) sync.playerEvent(event);
      endOfVideo.check();
    },
    // Timers are throttled in hidden tabs: catch up the moment the tab shows again.
    visibilityChanged: () => sync.tick(),
    navigated: () => sayHello(),
  });
  // Out of sync before the pause of the stopped video is seen, rather than trusting the
  // background to end the session before that pause's control frame arrives (a worker just
  // restarted reads its storage first).
  onMiniplayerClosed(ctx, () => {
    shown.closed();
    if (overlay.model.room) sync.left();
    sayHello();
  });
  startLeaveGuard(ctx, {
    roomVideo: () => overlay.model.room?.youtubeId ?? null,
    ask: (open) => {
      heldClick = open;
      update({ leaveAsk: (overlay.model.leaveAsk ?? 0) + 1 });
    },
  });
  watchPlayability(ctx, (error) => {
    unplayable.set(error !== null);
    update({ unavailable: error });
    drive();
    answerHold();
    report();
  });
  watchLiveStream(ctx, (live) =>
    port?.send({ type: 'page', youtubeId: shown.read(location.href, isMiniplayerActive()), live }),
  );
  ctx.setInterval(() => {
    sync.tick();
    endOfVideo.check();
  }, TICK_MS);
  ctx.setInterval(report, REPORT_MS);

  port = openTabPort({
    onMessage: (message) => {
      dispatchToTab(handlers, message);
      endOfVideo.check();
      if (message.type !== 'left') return;
      heldClick = null;
      opened();
    },
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
