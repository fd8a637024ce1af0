/**
 * Keeps one player on the room's timeline: applies relay states (scheduled starts, holds, pauses
 * on the same frame), corrects drift on displayed frames, turns the user's own play, pause, seek
 * and speed changes into controls, and ignores everything else the player does: above all the
 * events our own commands cause (no echoes), YouTube's own rate resets, loads and ads.
 * @module
 */
import {
  STALL_REPORT_AFTER_MS,
  type ControlAction,
  type MemberStatus,
  type RoomState,
} from '../../../shared/protocol';
import { expectedPosition } from '../../../shared/timeline';
import { MAX_RATE, MIN_RATE } from '../../../shared/timeline-limits';
import { ClientTimeline, type LocalChange } from './client-timeline';
import { ErrorWindow, correctDrift, SEEK_BEYOND_S } from './drift-controller';
import { ExpectedEvents } from './expected-events';

/** The parts of a media element sync needs; a fake one drives the unit tests. */
export interface Player {
  readonly currentTime: number;
  readonly paused: boolean;
  readonly seeking: boolean;
  readonly ended: boolean;
  readonly playbackRate: number;
  /** HTMLMediaElement readiness: 3 (HAVE_FUTURE_DATA) and up can play on. */
  readonly readyState: number;
  /** YouTube is showing an ad in this element: its time is the ad's, not the video's. */
  readonly adShowing: boolean;
  play(): Promise<void>;
  pause(): void;
  seek(seconds: number): void;
  setRate(rate: number): void;
  /** Calls back on every displayed frame with its media time and display time (local ms). */
  onFrame(callback: (mediaTime: number, displayedAt: number) => void): () => void;
}

export type PlayerEvent =
  | 'play'
  | 'playing'
  | 'pause'
  | 'seeking'
  | 'seeked'
  | 'ratechange'
  | 'loadstart'
  | 'canplay'
  | 'adstart'
  | 'adend'
  | 'ended';

export type SyncFrame =
  | ({ type: 'control'; baseRev: number } & LocalChange)
  | { type: 'ready'; holdId: number }
  | { type: 'stall' };

export interface PlayerSyncHooks {
  /** Relay time in ms, from the background's clock estimate. */
  relayNow(): number;
  /** Local time in ms on the clock frame display times use. */
  localNow(): number;
  send(frame: SyncFrame): void;
  /** The browser refused to start playback without a click on the page. */
  autoplayBlocked(blocked: boolean): void;
  /** Whether the user pressed a key or a pointer on the page in the last moments. */
  userActedRecently(): boolean;
  /** A timer; returns a cancel function. */
  setTimer(ms: number, run: () => void): () => void;
  /** The video played to its end while the room was playing it (a playlist room moves on). */
  ended(state: RoomState): void;
}

/** Applying a state: off by more than this, seek rather than leave it to the rate nudges. */
export const APPLY_SEEK_S = 0.25;
/** A seek landing this close to the timeline is ours (or harmless), not a user's. */
export const SEEK_TOLERANCE_S = 0.5;
/** Paused players this close to the room's position are on the same frame. */
const FRAME_S = 0.02;
/** Within this of the timeline a member counts as in sync. */
export const IN_SYNC_S = 0.04;
/**
 * Once a load can play, the page drives the player for a moment (YouTube autoplays and restores
 * positions): its events are not the user's for this long.
 */
export const SETTLE_MS = 1000;
/**
 * YouTube sets the rate back to its own after we change it from outside, or after loads and ads:
 * a change to 1× this soon after such an event, with no click or key press, is YouTube's.
 */
export const RATE_RESET_WINDOW_MS = 10_000;
/** Frames right after a start are not yet steady enough to correct on. */
const START_SETTLE_MS = 300;
/** Rate nudges change at most this often: each change costs YouTube a `ratechange`. */
const MIN_NUDGE_GAP_MS = 150;
/** Never correct by seeking more often than this: a seek costs a rebuffer. */
const MIN_SEEK_GAP_MS = 3000;

export class PlayerSync {
  readonly timeline = new ClientTimeline();
  #player: Player | null = null;
  #stopFrames: (() => void) | null = null;
  #expected = new ExpectedEvents();
  #errors = new ErrorWindow();
  #correcting = false;
  #lastError: number | null = null;
  #lastFrameAt = 0;
  /** The rate we last set: a nudged one while correcting drift. */
  #commandedRate = 1;
  /** The room's rate as last applied here, and when a new one was applied from outside. */
  #roomRate = 1;
  #roomRateAppliedAt = -Infinity;
  /** Seconds a seek takes to land here, measured; seeks aim that far ahead. */
  #seekLatency = 0.15;
  #seekStartedAt: number | null = null;
  #seekTarget = 0;
  /** Milliseconds from play() to the first frame that moves on, measured. */
  #playLatency = 30;
  #playCalled: { at: number; from: number } | null = null;
  #holdWhenPlaying = false;
  #lastCorrectiveSeekAt = -Infinity;
  #lastNudgeAt = -Infinity;
  #settleUntil = 0;
  #loading = false;
  #autoplayBlocked = false;
  #cancelScheduledStart: (() => void) | null = null;
  #readySentFor = 0;
  #stallSent = false;
  #progress = { time: 0, at: 0 };
  #adSince: number | null = null;

  constructor(private readonly hooks: PlayerSyncHooks) {}

  /** Starts driving a (new) player element. */
  attach(player: Player): void {
    this.#stopFrames?.();
    this.#player = player;
    // Still loading: the page will autoplay or restore a position when it can play.
    this.#loading = player.readyState < 3;
    this.#adSince = player.adShowing ? this.hooks.localNow() : null;
    this.#expected.clear();
    this.#errors.clear();
    this.#commandedRate = player.playbackRate;
    this.#stopFrames = player.onFrame((mediaTime, displayedAt) =>
      this.#onFrame(mediaTime, displayedAt),
    );
    this.apply();
  }

  detach(): void {
    this.#stopFrames?.();
    this.#stopFrames = null;
    this.#player = null;
    this.#cancelScheduledStart?.();
  }

  /** A fresh welcome from the relay: its snapshot is the truth. */
  joined(memberId: string, state: RoomState): void {
    this.timeline.memberId = memberId;
    this.timeline.reset(state);
    this.#readySentFor = 0;
    this.#stallSent = false;
    this.apply();
  }

  left(): void {
    this.timeline.memberId = null;
    this.#cancelScheduledStart?.();
    this.#setAutoplayBlocked(false);
    const player = this.#player;
    // Give the user back a normal speed if we were nudging it.
    if (player && !player.adShowing && player.playbackRate !== this.#commandedRate)
      this.#commandRate(this.timeline.state?.rate ?? 1);
  }

  remoteState(state: RoomState, by: string | null): void {
    if (this.timeline.memberId === null) return;
    if (this.timeline.receive(state, by)) this.apply();
  }

  /** "Resync" / "Click to sync": a fresh start on the room's timeline, seeking if needed. */
  resync(): void {
    this.#errors.clear();
    this.#correcting = false;
    this.#lastCorrectiveSeekAt = -Infinity;
    this.#setAutoplayBlocked(false);
    this.apply(true);
  }

  /** Brings the player to the room's authoritative timeline. */
  apply(hard = false): void {
    const player = this.#player;
    const state = this.timeline.state;
    if (!player || !state || this.timeline.memberId === null) return;
    // During an ad YouTube owns the element; we take over again once the video is back.
    if (player.adShowing) return;
    this.#cancelScheduledStart?.();
    this.#cancelScheduledStart = null;
    this.#correcting = false;
    this.#errors.clear();
    if (state.rate !== this.#roomRate) {
      this.#roomRate = state.rate;
      this.#roomRateAppliedAt = this.hooks.localNow();
    }
    if (player.playbackRate !== state.rate) this.#commandRate(state.rate);
    const now = this.hooks.relayNow();
    if (state.hold || !state.playing) {
      this.#holdAt(player, state.position);
      this.#maybeReady();
      return;
    }
    const startIn = state.at - now - this.#playLatency;
    if (startIn > 0) {
      // A scheduled start: hold on the start frame, then go at the stamped instant (minus the
      // time this player takes from play() to its first moving frame).
      this.#holdAt(player, state.position);
      this.#cancelScheduledStart = this.hooks.setTimer(startIn, () => this.apply());
      return;
    }
    const error = player.currentTime - expectedPosition(state, now);
    if (hard ? Math.abs(error) > FRAME_S : Math.abs(error) > APPLY_SEEK_S) this.#seekOnTimeline();
    if (player.paused) this.#play(player);
  }

  #holdAt(player: Player, position: number): void {
    // The user just pressed play: hold as soon as playback has begun (see 'playing').
    if (this.#holdWhenPlaying) return;
    if (!player.paused) this.#commandPause();
    if (Math.abs(player.currentTime - position) > FRAME_S) this.#commandSeek(position);
  }

  /** Seeks to where the timeline will be when the seek lands. */
  #seekOnTimeline(): void {
    const state = this.timeline.state;
    if (!state) return;
    const landAt = this.hooks.relayNow() + this.#seekLatency * 1000;
    this.#commandSeek(expectedPosition(state, landAt));
  }

  // ---------- our own commands, each leaving a token for the event it causes ----------

  #commandPause(): void {
    this.#expected.expect('pause', this.hooks.localNow());
    this.#player?.pause();
  }

  #commandSeek(seconds: number): void {
    const now = this.hooks.localNow();
    this.#expected.expect('seeking', now);
    this.#seekStartedAt = now;
    this.#seekTarget = seconds;
    this.#player?.seek(seconds);
  }

  #commandRate(rate: number): void {
    this.#commandedRate = rate;
    this.#expected.expect('ratechange', this.hooks.localNow());
    this.#player?.setRate(rate);
  }

  #play(player: Player): void {
    this.#playCalled = { at: this.hooks.localNow(), from: player.currentTime };
    this.#expected.expect('play', this.hooks.localNow());
    player.play().then(
      () => this.#setAutoplayBlocked(false),
      (error: unknown) => {
        if (error instanceof Error && error.name === 'NotAllowedError')
          this.#setAutoplayBlocked(true);
      },
    );
  }

  #setAutoplayBlocked(blocked: boolean): void {
    if (this.#autoplayBlocked === blocked) return;
    this.#autoplayBlocked = blocked;
    this.hooks.autoplayBlocked(blocked);
  }

  // ---------- what the player did ----------

  /** The player did something; decide whether the user did it. */
  playerEvent(event: PlayerEvent): void {
    const now = this.hooks.localNow();
    switch (event) {
      // Loads and ads are tracked in or out of a room: a room joined mid-load must know it ended.
      case 'loadstart':
        this.#loading = true;
        this.#settleUntil = now + SETTLE_MS;
        return;
      case 'canplay':
        // Seeks fire canplay too; only the end of a load hands the player back to the room.
        if (this.#loading) {
          this.#loading = false;
          this.#settleUntil = now + SETTLE_MS;
          if (!this.timeline.settling) this.apply();
        }
        this.#maybeReady();
        return;
      case 'adstart':
        this.#adSince = now;
        return;
      case 'adend':
        this.#adSince = null;
        this.#roomRateAppliedAt = now;
        this.#settleUntil = now + SETTLE_MS;
        this.#expected.clear();
        if (!this.timeline.settling) this.apply();
        return;
      case 'seeked':
        this.#seekLanded(now);
        return;
      case 'ended': {
        // An ad ending in the same element, or a member held or paused, is not the room's end.
        const state = this.timeline.state;
        if (state?.playing && !state.hold && this.#player && !this.#player.adShowing)
          this.hooks.ended(state);
        return;
      }
      case 'playing':
        if (this.#holdWhenPlaying) {
          this.#holdWhenPlaying = false;
          this.apply();
        }
        return;
      case 'play':
      case 'pause':
      case 'seeking':
      case 'ratechange':
        this.#mediaEvent(event, now);
        return;
    }
  }

  /**
   * Whether the player shows what our own seek or rate command set: a user seeking right after
   * our seek must not pass for ours. (Play and pause events lag the element's state, so their
   * tokens alone decide.)
   */
  #showsOurCommand(player: Player, event: 'play' | 'pause' | 'seeking' | 'ratechange'): boolean {
    switch (event) {
      case 'play':
      case 'pause':
        return true;
      case 'seeking':
        return Math.abs(player.currentTime - this.#seekTarget) < 0.1;
      case 'ratechange':
        return Math.abs(player.playbackRate - this.#commandedRate) < 1e-3;
    }
  }

  /** A seek (ours or the user's) has landed: learn its latency, and maybe say ready. */
  #seekLanded(now: number): void {
    const player = this.#player;
    if (
      player &&
      this.#seekStartedAt !== null &&
      Math.abs(player.currentTime - this.#seekTarget) < 0.1
    ) {
      // Corrective seeks aim where the timeline will be once they land.
      const took = (now - this.#seekStartedAt) / 1000;
      this.#seekLatency = Math.min(1.5, Math.max(0.02, 0.7 * this.#seekLatency + 0.3 * took));
      this.#seekStartedAt = null;
    }
    this.#maybeReady();
  }

  #mediaEvent(event: 'play' | 'pause' | 'seeking' | 'ratechange', now: number): void {
    const player = this.#player;
    if (!player) return;
    if (this.#showsOurCommand(player, event) && this.#expected.consume(event, now)) return;
    const view = this.timeline.view;
    if (!view || this.timeline.memberId === null || player.adShowing) return;
    if (this.#loading || now < this.#settleUntil) {
      // The page, not the user: put the player back on the room's timeline.
      if (!this.timeline.settling) this.apply();
      return;
    }
    const position = player.currentTime;
    switch (event) {
      case 'play':
        if (view.playing) return;
        // Everyone starts at the relay's scheduled instant, the one who pressed play too: hold
        // once playback has begun (pausing sooner would reject the page's own play() promise).
        this.#holdWhenPlaying = true;
        this.#local('play', position, view.rate);
        return;
      case 'pause':
        this.#holdWhenPlaying = false;
        if (view.playing && !player.ended) this.#local('pause', position, view.rate);
        return;
      case 'seeking': {
        // Taken at `seeking`, not `seeked`: a seek into unbuffered video may land much later.
        const expected = expectedPosition(view, this.hooks.relayNow());
        if (Math.abs(position - expected) > SEEK_TOLERANCE_S)
          this.#local('seek', position, view.rate);
        return;
      }
      case 'ratechange': {
        const rate = player.playbackRate;
        if (Math.abs(rate - this.#commandedRate) < 1e-3) return;
        // YouTube sets the rate back on its own (to the room's rate, or to 1 after we changed it
        // from outside, and after loads and ads): re-assert ours. Anything else is the user's.
        const toRoomRate = Math.abs(rate - view.rate) < 1e-3;
        const resetProne = now - this.#roomRateAppliedAt < RATE_RESET_WINDOW_MS;
        const youtubeReset =
          Math.abs(rate - 1) < 1e-3 && !this.hooks.userActedRecently() && resetProne;
        if (toRoomRate || youtubeReset || rate < MIN_RATE || rate > MAX_RATE) {
          this.#commandRate(this.#commandedRate);
          return;
        }
        // The user's speed is now the one to keep (and to judge later changes against).
        this.#roomRate = rate;
        this.#commandedRate = rate;
        this.#local('rate', position, rate);
        return;
      }
    }
  }

  #local(action: ControlAction, position: number, rate: number): void {
    const change = { action, position, rate };
    const baseRev = this.timeline.beginLocalChange(
      change,
      this.hooks.relayNow(),
      this.hooks.localNow(),
    );
    if (baseRev !== null) this.hooks.send({ type: 'control', ...change, baseRev });
  }

  // ---------- drift control on displayed frames ----------

  #onFrame(mediaTime: number, displayedAt: number): void {
    this.#lastFrameAt = this.hooks.localNow();
    const started = this.#playCalled;
    if (started && mediaTime > started.from + 0.001) {
      // The media clock started before this frame showed: by the media time already played.
      // Counting from the frame instead would make every later start that much early.
      const rate = this.#player?.playbackRate || 1;
      const took = displayedAt - ((mediaTime - started.from) * 1000) / rate - started.at;
      if (took > 0 && took < 500)
        this.#playLatency = Math.min(200, 0.7 * this.#playLatency + 0.3 * took);
      this.#playCalled = null;
    }
    const relayAtDisplay = displayedAt + this.hooks.relayNow() - this.hooks.localNow();
    const error = this.#steadyError(mediaTime, relayAtDisplay);
    if (error === null) return;
    this.#errors.add(error);
    const median = this.#errors.median;
    if (median === null) return;
    this.#lastError = median;
    this.#correct(median);
  }

  /** The error of a frame shown while the room plays steadily, or null when it means nothing. */
  #steadyError(mediaTime: number, relayAt: number): number | null {
    const player = this.#player;
    const state = this.timeline.state;
    if (!player || !state || this.timeline.memberId === null || this.timeline.settling) return null;
    if (!state.playing || state.hold || relayAt < state.at + START_SETTLE_MS) return null;
    if (player.paused || player.seeking || player.adShowing || this.#loading) return null;
    return mediaTime - expectedPosition(state, relayAt);
  }

  #correct(error: number): void {
    const state = this.timeline.state;
    if (!state) return;
    const correction = correctDrift(error, state.rate, this.#correcting);
    if (correction.kind === 'seek') {
      const now = this.hooks.localNow();
      if (now - this.#lastCorrectiveSeekAt < MIN_SEEK_GAP_MS) return;
      this.#lastCorrectiveSeekAt = now;
      this.#errors.clear();
      this.#seekOnTimeline();
      return;
    }
    this.#correcting = correction.correcting;
    const now = this.hooks.localNow();
    const backToRoomRate = correction.rate === state.rate;
    if (Math.abs(correction.rate - this.#commandedRate) < 1e-4) return;
    if (!backToRoomRate && now - this.#lastNudgeAt < MIN_NUDGE_GAP_MS) return;
    this.#lastNudgeAt = now;
    this.#commandRate(correction.rate);
  }

  // ---------- the periodic check ----------

  /**
   * Runs a few times a second: gives up on changes the relay never confirmed, reports ready and
   * stalls, and keeps a player that shows no frames (a hidden tab) on the timeline.
   */
  tick(): void {
    const now = this.hooks.localNow();
    if (this.timeline.expireIntent(now)) this.apply();
    const player = this.#player;
    const state = this.timeline.state;
    if (!player || !state || this.timeline.memberId === null) return;
    this.#maybeReady();
    this.#watchForStall(player, state, now);
    if (this.timeline.settling || !state.playing || state.hold || player.adShowing) return;
    if (this.#loading || player.seeking || player.readyState < 3) return;
    if (this.hooks.relayNow() < state.at) return;
    if (player.paused && !player.ended) {
      // Retrying a refused play() is pointless until the user clicks "Click to sync".
      if (!this.#autoplayBlocked) this.apply();
      return;
    }
    if (now - this.#lastFrameAt < 500) return; // frames are flowing: drift control has it
    const error = player.currentTime - expectedPosition(state, this.hooks.relayNow());
    this.#lastError = error;
    if (Math.abs(error) > SEEK_BEYOND_S) this.#correct(error);
  }

  /** Tells the relay when this player has stalled (or sat in an ad) too long to absorb. */
  #watchForStall(player: Player, state: RoomState, now: number): void {
    const shouldPlay = state.playing && !state.hold && this.hooks.relayNow() >= state.at;
    const idle = player.paused && !this.#loading;
    if (!shouldPlay || player.currentTime !== this.#progress.time || idle) {
      this.#progress = { time: player.currentTime, at: now };
      if (!player.adShowing) this.#stallSent = false;
    }
    if (player.adShowing) this.#adSince ??= now;
    if (!shouldPlay || this.#stallSent) return;
    // An ad, a reload (YouTube re-buffering) or a playing element that does not advance.
    const stalledFor = player.adShowing
      ? now - (this.#adSince ?? now)
      : player.paused && !this.#loading
        ? 0
        : now - this.#progress.at;
    if (stalledFor < STALL_REPORT_AFTER_MS) return;
    this.#stallSent = true;
    this.hooks.send({ type: 'stall' });
  }

  /** Tells the relay we are on the hold's position and can play, once per hold. */
  #maybeReady(): void {
    const player = this.#player;
    const state = this.timeline.state;
    const hold = state?.hold;
    const me = this.timeline.memberId;
    if (!player || !state || !hold || me === null || this.#readySentFor === hold.id) return;
    if (!hold.waitingFor.includes(me)) return;
    // HAVE_CURRENT_DATA: the frame is there; a paused element may load no further until played.
    if (player.seeking || player.readyState < 2 || player.adShowing) return;
    if (Math.abs(player.currentTime - state.position) > 0.1) return;
    this.#readySentFor = hold.id;
    // Ready ends this stall episode: a later one (an ad, say) is reported afresh.
    this.#stallSent = false;
    this.hooks.send({ type: 'ready', holdId: hold.id });
  }

  // ---------- sync health ----------

  /** What to report about this member, about once a second. */
  health(hidden: boolean): { status: MemberStatus; error: number | null } {
    const player = this.#player;
    const state = this.timeline.state;
    if (!player || !state) return { status: 'syncing', error: null };
    if (player.adShowing) return { status: 'ad', error: null };
    if (this.#autoplayBlocked) return { status: 'blocked', error: null };
    const steady = state.playing && !state.hold && this.hooks.relayNow() >= state.at;
    const error = steady ? this.#lastError : player.currentTime - state.position;
    if (hidden) return { status: 'away', error };
    const stalled = steady && !player.paused && this.hooks.localNow() - this.#progress.at > 500;
    if (this.#loading || player.seeking || stalled) return { status: 'buffering', error };
    if (error === null) return { status: 'syncing', error };
    return { status: Math.abs(error) < IN_SYNC_S ? 'in_sync' : 'syncing', error };
  }
}
