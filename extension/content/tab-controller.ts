/**
 * Everything the content script does on a YouTube tab, minus the UI: follows the page's video and
 * navigation, talks to the background, and keeps the player on the room's timeline.
 * @module
 */
import { browser } from 'wxt/browser';
import * as v from 'valibot';
import { MAX_PLAYLIST_ITEMS, type Reaction } from '../../shared/protocol';
import { EMPTY_CHAT_LOG, reduceChatLog, type ChatLogAction } from './chat-log';
import { REACTION_FLOAT_MS, addReaction, liveReactions } from './floating-reactions';
import { InvitePrompt, takeInviteFromFragment } from './invite-prompt';
import { MAX_RATE, MIN_RATE } from '../../shared/timeline-limits';
import { youtubeIdFromUrl } from '../../shared/youtube-id';
import { monotonicNow } from '../common/monotonic-now';
import { PlayerSync } from './sync/player-sync';
import { presence } from './presence';
import { openTabPort, type TabPort } from './tab-port';
import {
  SnapshotRequestSchema,
  type BackgroundToTab,
  type TabNoticeCode,
  type TabSnapshot,
} from '../common/tab-messages';
import { videoElementPlayer, watchMainVideo } from './video-element-player';
import { findMainVideo, readChannel, readTitle } from './youtube-page';
import { getNickname, onNicknameChanged } from '../common/settings';
import type { OverlayModel } from './overlay/overlay';

const TICK_MS = 250;
const REPORT_MS = 1000;
/** A speed change this soon after a click or key press is the user's own. */
const USER_INPUT_WINDOW_MS = 2000;
/** How long a refusal ("Only the host can control playback") stays on screen. */
const FLASH_MS = 4000;

/** The slice of WXT's content script context this needs (timers and listeners die with it). */
export interface TabContext {
  readonly isValid: boolean;
  setInterval(handler: () => void, timeout: number): number;
  setTimeout(handler: () => void, timeout: number): number;
  addEventListener(
    target: EventTarget,
    type: string,
    handler: (event: Event) => void,
    options?: AddEventListenerOptions,
  ): void;
  onInvalidated(cb: () => void): () => void;
}

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
  let model: OverlayModel = {
    room: null,
    status: 'connecting',
    autoplayBlocked: false,
    memberId: null,
    members: [],
    unlisted: 0,
    hold: null,
    item: null,
    hostOnly: false,
    letInOnly: false,
    knocks: [],
    chat: EMPTY_CHAT_LOG,
    reactions: [],
    flash: null,
    nickname: null,
    joinPrompt: null,
  };
  let clockOffset = 0;
  let nextReactionKey = 1;
  let flashTimer: number | undefined;
  let port: TabPort | null = null;
  /** Set by a (re)join: the next state is the relay's snapshot, to trust whatever its rev. */
  let joiningAs: string | null = null;
  const invite = new InvitePrompt();

  let lastUserInputAt = -Infinity;

  const sync = new PlayerSync({
    relayNow: () => monotonicNow() + clockOffset,
    localNow: monotonicNow,
    send: (frame) => port?.send(frame),
    autoplayBlocked: (autoplayBlocked) => update({ autoplayBlocked }),
    userActedRecently: () => monotonicNow() - lastUserInputAt < USER_INPUT_WINDOW_MS,
    setTimer: (ms, run) => {
      const id = ctx.setTimeout(run, ms);
      return () => clearTimeout(id);
    },
    // Every member whose video ends asks, even at what it knows as the last entry (the playlist
    // may have grown); the relay moves the room once, and not past the end. Under "Only host
    // controls" the host's own end moves the room: others asking would only be refused.
    ended: (state) => {
      const allowed = presence(model.members, model.memberId, model.hostOnly).canControl;
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

  function chat(action: ChatLogAction) {
    update({ chat: reduceChatLog(model.chat, action) });
  }

  function flash(code: TabNoticeCode, message: string) {
    clearTimeout(flashTimer);
    update({ flash: { code, message, key: (model.flash?.key ?? 0) + 1 } });
    flashTimer = ctx.setTimeout(() => update({ flash: null }), FLASH_MS);
  }

  function update(change: Partial<OverlayModel>) {
    model = { ...model, ...change };
    render(model, controller);
  }

  function onBackground(message: BackgroundToTab) {
    switch (message.type) {
      case 'room':
        invite.joined(message.room.key);
        update({ room: message.room, notice: undefined, joinPrompt: invite.shown });
        chat({ type: 'rejoined' });
        joiningAs = message.memberId;
        break;
      case 'state':
        clockOffset = message.clockOffset;
        if (joiningAs !== null) {
          update({ memberId: joiningAs });
          sync.joined(joiningAs, message.state);
        } else sync.remoteState(message.state, message.by);
        joiningAs = null;
        update({
          hold: sync.timeline.state?.hold ?? null,
          item: sync.timeline.state?.item ?? null,
        });
        break;
      case 'members':
        update({
          members: message.members,
          hostOnly: message.hostOnly,
          unlisted: message.unlisted,
          letInOnly: message.letInOnly,
        });
        chat({ type: 'members', members: message.members, at: Date.now() });
        break;
      case 'knocks':
        update({ knocks: message.knocks });
        break;
      case 'history':
        chat({ type: 'history', messages: message.messages });
        break;
      case 'message':
        chat({ type: 'message', message: message.message });
        break;
      case 'reaction': {
        const now = monotonicNow();
        update({
          reactions: addReaction(
            model.reactions,
            {
              key: nextReactionKey++,
              emoji: message.emoji,
              name: message.name,
              lane: Math.random(),
            },
            now,
          ),
        });
        ctx.setTimeout(
          () => update({ reactions: liveReactions(model.reactions, monotonicNow()) }),
          REACTION_FLOAT_MS + 50,
        );
        break;
      }
      case 'notice':
        if (message.code === 'host_only') {
          // Our change was refused: the room's state stands, so go back to it.
          const state = sync.timeline.state;
          if (state) {
            sync.timeline.reset(state);
            sync.apply();
          }
        }
        flash(message.code, message.message);
        break;
      case 'clock':
        clockOffset = message.clockOffset;
        break;
      case 'status':
        update({ status: message.status, message: message.message });
        break;
      case 'left':
        sync.left();
        joiningAs = null;
        update({
          room: null,
          // Not `knocking` any more: a joiner turned away (or giving up) sees why, not the wait.
          status: 'connecting',
          notice: message.message,
          autoplayBlocked: false,
          members: [],
          unlisted: 0,
          hold: null,
          item: null,
          hostOnly: false,
          letInOnly: false,
          knocks: [],
          chat: reduceChatLog(model.chat, { type: 'clear' }),
          reactions: [],
          flash: null,
        });
        break;
    }
  }

  /** Tells the background which video the page shows; an invite link's key only asks. */
  function sayHello(target: TabPort | null = port) {
    const youtubeId = youtubeIdFromUrl(location.href);
    const key = takeInviteFromFragment();
    const left = invite.navigated(youtubeId);
    const asked = key !== undefined && invite.offer(key, youtubeId, model.room?.key ?? null);
    if (left || asked) update({ joinPrompt: invite.shown });
    target?.send({ type: 'page', youtubeId });
  }

  const videos = watchMainVideo(
    (video) => (video ? sync.attach(videoElementPlayer(video)) : sync.detach()),
    (event) => sync.playerEvent(event),
  );
  ctx.onInvalidated(() => videos.stop());
  ctx.setInterval(() => sync.tick(), TICK_MS);
  ctx.setInterval(() => {
    if (model.room && sync.timeline.memberId)
      port?.send({ type: 'report', ...sync.health(document.hidden) });
  }, REPORT_MS);
  // Trusted input tells the user's own speed changes from YouTube's resets.
  for (const type of ['pointerdown', 'keydown'])
    ctx.addEventListener(
      window,
      type,
      (event) => {
        if (event.isTrusted) lastUserInputAt = monotonicNow();
      },
      { capture: true },
    );
  // Timers are throttled in hidden tabs: catch up the moment the tab shows again.
  ctx.addEventListener(document, 'visibilitychange', () => sync.tick());

  port = openTabPort({
    onMessage: onBackground,
    onConnect: (p) => sayHello(p),
    isValid: () => ctx.isValid,
  });
  ctx.onInvalidated(() => port?.close());

  // In-app navigation (YouTube is a single-page app) and invite links opened on this page (they
  // only ask: see invite-prompt.ts).
  ctx.addEventListener(document, 'yt-navigate-finish', () => sayHello());
  ctx.addEventListener(window, 'popstate', () => sayHello());
  ctx.addEventListener(window, 'hashchange', () => sayHello());

  // The runtime behind `wxt/browser` is webextension-polyfill (the WXT module), which answers
  // with a returned promise's value; WXT's Chrome-based types only know `sendResponse`.
  // eslint-disable-next-line @typescript-eslint/no-misused-promises
  browser.runtime.onMessage.addListener((raw: unknown) => {
    if (!v.is(SnapshotRequestSchema, raw)) return undefined;
    const video = findMainVideo();
    const snapshot: TabSnapshot = {
      title: readTitle(),
      channel: readChannel(),
      player: video
        ? {
            playing: !video.paused,
            position: video.currentTime,
            rate: Math.min(MAX_RATE, Math.max(MIN_RATE, video.playbackRate)),
          }
        : null,
    };
    return Promise.resolve(snapshot);
  });

  void getNickname()
    .then((nickname) => update({ nickname }))
    .catch(() => {});
  ctx.onInvalidated(onNicknameChanged((nickname) => update({ nickname })));

  render(model, controller);
  return controller;
}
