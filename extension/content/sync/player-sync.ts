/**
 * Keeps one player on the room's timeline: applies relay states (scheduled starts, holds, pauses
 * on the same frame), corrects drift on displayed frames, turns the user's own play, pause, seek
 * and speed changes into controls, and ignores everything else the player does: above all the
 * events our own commands cause (no echoes), YouTube's own rate resets, loads and ads.
 * The coordinator: each part (echo filter, latency model, drift controller, stall watch, user
 * reading, commands, health) keeps its own state in its own module.
 * @module
 */
import type { RoomState } from '../../../shared/protocol';
import { expectedPosition } from '../../../shared/timeline';
import { ClientTimeline, type LocalChange } from './client-timeline';
import { DriftController, SEEK_BEYOND_S } from './drift-controller';
import { EchoFilter } from './echo-filter';
import { LatencyModel } from './latency-model';
import type { Player, PlayerEvent } from './player';
import { FRAME_S, PlayerCommands } from './player-commands';
import { PageSettle } from './page-settle';
import { StallWatch } from './stall-watch';
import { readUserAction } from './user-action';
import type { PlayerSyncHooks } from './sync-hooks';
import { syncHealth, type SyncHealth } from './sync-health';

/** Applying a state: off by more than this, seek rather than leave it to the rate nudges. */
const APPLY_SEEK_S = 0.25;
/** Frames right after a start are not yet steady enough to correct on. */
const START_SETTLE_MS = 300;

export class PlayerSync {
  readonly timeline = new ClientTimeline();
  #player: Player | null = null;
  #stopFrames: (() => void) | null = null;
  #echo = new EchoFilter();
  #latency = new LatencyModel();
  #stalls = new StallWatch();
  #drift: DriftController;
  #holdWhenPlaying = false;
  #page = new PageSettle();
  #commands: PlayerCommands;
  #cancelScheduledStart: (() => void) | null = null;

  constructor(private readonly hooks: PlayerSyncHooks) {
    this.#drift = new DriftController(() => hooks.localNow());
    this.#commands = new PlayerCommands(this.#echo, this.#latency, hooks);
  }

  /** Starts driving a (new) player element. */
  attach(player: Player): void {
    this.#stopFrames?.();
    this.#player = player;
    this.#page.attached(player.readyState);
    this.#stalls.attached(player.adShowing, this.hooks.localNow());
    this.#echo.attached(player.playbackRate);
    this.#drift.clearErrors();
    this.#stopFrames = player.onFrame((time, shownAt) => this.#onFrame(time, shownAt));
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
    this.#stalls.joined();
    this.apply();
  }

  left(): void {
    this.timeline.memberId = null;
    this.#cancelScheduledStart?.();
    this.#commands.setAutoplayBlocked(false);
    const player = this.#player;
    // Give the user back a normal speed if we were nudging it.
    if (player && !player.adShowing && player.playbackRate !== this.#echo.commandedRate)
      this.#commands.rate(this.#player, this.timeline.state?.rate ?? 1);
  }

  remoteState(state: RoomState, by: string | null): void {
    if (this.timeline.memberId === null) return;
    if (this.timeline.receive(state, by)) this.apply();
  }

  /** "Resync" / "Click to sync": a fresh start on the room's timeline, seeking if needed. */
  resync(): void {
    this.#drift.resync();
    this.#commands.setAutoplayBlocked(false);
    this.apply(true);
  }

  /** Brings the player to the room's timeline; `fresh`: as a new start for drift control. */
  apply(hard = false, fresh = true): void {
    const player = this.#player;
    const state = this.timeline.state;
    if (!player || !state || this.timeline.memberId === null) return;
    // During an ad YouTube owns the element; we take over again once the video is back.
    if (player.adShowing) return;
    this.#cancelScheduledStart?.();
    this.#cancelScheduledStart = null;
    if (fresh) this.#drift.restart();
    this.#echo.roomRateApplied(state.rate, this.hooks.localNow());
    if (player.playbackRate !== state.rate) this.#commands.rate(this.#player, state.rate);
    const now = this.hooks.relayNow();
    if (state.hold || !state.playing) {
      this.#holdAt(player, state.position);
      this.#maybeReady();
      return;
    }
    const startIn = state.at - now - this.#latency.playMs;
    if (startIn > 0) {
      // A scheduled start: hold on the start frame, then go at the stamped instant (minus the
      // time this player takes from play() to its first moving frame).
      this.#holdAt(player, state.position);
      this.#cancelScheduledStart = this.hooks.setTimer(startIn, () => this.apply());
      return;
    }
    const error = player.currentTime - expectedPosition(state, now);
    if (hard ? Math.abs(error) > FRAME_S : Math.abs(error) > APPLY_SEEK_S) this.#seekOnTimeline();
    if (player.paused) this.#commands.play(player);
  }

  #holdAt(player: Player, position: number): void {
    // The user just pressed play: hold as soon as playback has begun (see 'playing').
    if (!this.#holdWhenPlaying) this.#commands.holdAt(player, position);
  }

  #seekOnTimeline(): void {
    if (this.timeline.state) this.#commands.seekOnTimeline(this.#player, this.timeline.state);
  }

  /** The player did something; decide whether the user did it. */
  playerEvent(event: PlayerEvent): void {
    const now = this.hooks.localNow();
    switch (event) {
      // Loads and ads are tracked in or out of a room: a room joined mid-load must know it ended.
      case 'loadstart':
        this.#page.loadStarted(now);
        return;
      case 'canplay':
        // Only the end of a load (not a seek's canplay) hands the player back to the room.
        if (this.#page.canPlay(now) && !this.timeline.settling) this.apply();
        this.#maybeReady();
        return;
      case 'adstart':
        this.#stalls.adStarted(now);
        return;
      case 'adend':
        this.#stalls.adEnded();
        this.#echo.adEnded(now);
        this.#page.adEnded(now);
        if (!this.timeline.settling) this.apply();
        return;
      case 'seeked':
        // A seek (ours or the user's) has landed: corrective seeks aim as far ahead as they take.
        if (this.#player) this.#latency.seekLanded(this.#player.currentTime, now);
        this.#maybeReady();
        return;
      case 'ended': {
        // An ad ending in the same element, or a member held or paused, is not the room's end.
        const state = this.timeline.state;
        if (state?.playing && !state.hold && this.#player && !this.#player.adShowing)
          this.hooks.ended(state, this.#player.currentTime);
        return;
      }
      case 'playing':
        // The user's play to hold now, or the buffer refilled mid-play: make up the lost time now
        // (not a fresh start: its seek would land late in a refilling buffer and seek again).
        if (this.#holdWhenPlaying) {
          this.#holdWhenPlaying = false;
          this.apply();
        } else if (this.#stalls.refilled(this.timeline)) this.apply(false, false);
        return;
      case 'play':
      case 'pause':
      case 'seeking':
      case 'ratechange':
        this.#mediaEvent(event, now);
        return;
    }
  }

  #mediaEvent(event: 'play' | 'pause' | 'seeking' | 'ratechange', now: number): void {
    const player = this.#player;
    if (!player) return;
    if (this.#echo.isEcho(player, event, now)) return;
    const view = this.timeline.view;
    if (!view || this.timeline.memberId === null || player.adShowing) return;
    if (this.#page.pageDriving(now)) {
      // The page, not the user: put the player back on the room's timeline.
      if (!this.timeline.settling) this.apply();
      return;
    }
    const action = readUserAction(event, player, view, this.#echo, now, this.hooks);
    // The user pausing no longer wants a play held (and the user playing gets one held below).
    if (event === 'pause') this.#holdWhenPlaying = false;
    if (action === null) return;
    if (action === 'reassert-rate') {
      this.#commands.rate(player, this.#echo.commandedRate);
      return;
    }
    // Everyone starts at the relay's scheduled instant, the one who pressed play too: hold once
    // playback has begun (pausing sooner would reject the page's own play() promise).
    if (action.action === 'play') this.#holdWhenPlaying = true;
    // The user's speed is now the one to keep (and to judge later changes against).
    if (action.action === 'rate') this.#echo.usersRate(action.rate);
    this.propose(action);
  }

  /** The user's change, or one asked for outside the player (Play again, a stop at the end). */
  propose(change: LocalChange): void {
    const baseRev = this.timeline.beginLocalChange(
      change,
      this.hooks.relayNow(),
      this.hooks.localNow(),
    );
    if (baseRev !== null) this.hooks.send({ type: 'control', ...change, baseRev });
  }

  #onFrame(mediaTime: number, displayedAt: number): void {
    this.#drift.frameShown();
    this.#latency.frameShown(mediaTime, displayedAt, this.#player?.playbackRate || 1);
    const relayAtDisplay = displayedAt + this.hooks.relayNow() - this.hooks.localNow();
    const error = this.#steadyError(mediaTime, relayAtDisplay);
    if (error === null) return;
    const median = this.#drift.addFrameError(error);
    if (median === null) return;
    this.#correct(median);
  }

  /** The error of a frame shown while the room plays steadily, or null when it means nothing. */
  #steadyError(mediaTime: number, relayAt: number): number | null {
    const player = this.#player;
    const state = this.timeline.state;
    if (!player || !state || this.timeline.memberId === null || this.timeline.settling) return null;
    if (!state.playing || state.hold || relayAt < state.at + START_SETTLE_MS) return null;
    if (player.paused || player.seeking || player.adShowing || this.#page.loading) return null;
    return mediaTime - expectedPosition(state, relayAt);
  }

  #correct(error: number): void {
    const state = this.timeline.state;
    if (!state) return;
    const action = this.#drift.correction(error, state.rate, this.#echo.commandedRate);
    if (action?.kind === 'seek') this.#seekOnTimeline();
    else if (action?.kind === 'rate') this.#commands.rate(this.#player, action.rate);
  }

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
    if (this.#stalls.check(player, state, now, this.hooks.relayNow(), this.#page.loading))
      this.hooks.send({ type: 'stall' });
    if (this.timeline.settling || !state.playing || state.hold || player.adShowing) return;
    if (this.#page.loading || player.seeking || player.readyState < 3) return;
    if (this.hooks.relayNow() < state.at) return;
    if (player.paused && !player.ended) {
      // Retrying a refused play() is pointless until the user clicks "Click to sync".
      if (!this.#commands.autoplayBlocked) this.apply();
      return;
    }
    if (this.#drift.framesFlowing(now)) return;
    const error = player.currentTime - expectedPosition(state, this.hooks.relayNow());
    this.#drift.addUnframedError(error);
    if (Math.abs(error) > SEEK_BEYOND_S) this.#correct(error);
  }

  /** Tells the relay we are on the hold's position and can play, once per hold. */
  #maybeReady(): void {
    const holdId = this.#stalls.ready(this.#player, this.timeline.state, this.timeline.memberId);
    if (holdId !== null) this.hooks.send({ type: 'ready', holdId });
  }

  /** What to report about this member, about once a second. */
  health(away: boolean): SyncHealth {
    return syncHealth({
      player: this.#player,
      state: this.timeline.state,
      autoplayBlocked: this.#commands.autoplayBlocked,
      lastError: this.#drift.lastError,
      loading: this.#page.loading,
      progressAt: this.#stalls.progressAt,
      away,
      relayNow: this.hooks.relayNow(),
      localNow: this.hooks.localNow(),
    });
  }
}
