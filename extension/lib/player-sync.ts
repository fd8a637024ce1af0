/**
 * Keeps one player on the room's timeline: applies relay states, turns the user's own play, pause,
 * seek and speed changes into controls, and ignores everything else the player does, above all
 * the events caused by applying a remote change (no echoes).
 * @module
 */
import type { ControlAction, RoomState } from '../../shared/protocol';
import { expectedPosition } from '../../shared/timeline';
import { ClientTimeline, type LocalChange } from './client-timeline';

/** The parts of a media element sync needs; a fake one drives the unit tests. */
export interface Player {
  readonly currentTime: number;
  readonly paused: boolean;
  readonly seeking: boolean;
  readonly ended: boolean;
  readonly playbackRate: number;
  /** HTMLMediaElement readiness: 3 (HAVE_FUTURE_DATA) and up can play on. */
  readonly readyState: number;
  play(): Promise<void>;
  pause(): void;
  seek(seconds: number): void;
  setRate(rate: number): void;
}

export type PlayerEvent = 'play' | 'pause' | 'seeked' | 'ratechange' | 'loadstart' | 'canplay';

export interface PlayerSyncHooks {
  /** Relay time in ms, from the background's clock estimate. */
  relayNow(): number;
  /** Local monotonic time in ms. */
  localNow(): number;
  sendControl(control: LocalChange & { baseRev: number }): void;
  /** The browser refused to start playback without a click on the page. */
  autoplayBlocked(blocked: boolean): void;
  /** A timer; returns a cancel function. */
  setTimer(ms: number, run: () => void): () => void;
}

/** Off by more than this while playing: seek back onto the timeline. */
export const DRIFT_SEEK_S = 0.3;
/** A seek landing this close to the timeline is ours (or harmless), not a user's. */
export const SEEK_TOLERANCE_S = 0.5;
/** Paused players this close to the room's position are on the same frame. */
const FRAME_S = 0.02;
/**
 * Once a load can play, the page drives the player for a moment (YouTube autoplays and restores
 * positions): its events are not the user's for this long.
 */
export const SETTLE_MS = 1500;

export class PlayerSync {
  readonly timeline = new ClientTimeline();
  #player: Player | null = null;
  #settleUntil = 0;
  #loading = false;
  #autoplayBlocked = false;
  #cancelScheduledStart: (() => void) | null = null;

  constructor(private readonly hooks: PlayerSyncHooks) {}

  /** Starts driving a (new) player element. */
  attach(player: Player): void {
    this.#player = player;
    // Still loading: the page will autoplay or restore a position when it can play.
    this.#loading = player.readyState < 3;
    this.apply();
  }

  detach(): void {
    this.#player = null;
    this.#cancelScheduledStart?.();
  }

  /** A fresh welcome from the relay: its snapshot is the truth. */
  joined(memberId: string, state: RoomState): void {
    this.timeline.memberId = memberId;
    this.timeline.reset(state);
    this.apply();
  }

  left(): void {
    this.timeline.memberId = null;
    this.#cancelScheduledStart?.();
    this.#setAutoplayBlocked(false);
  }

  remoteState(state: RoomState, by: string | null): void {
    if (this.timeline.memberId === null) return;
    if (this.timeline.receive(state, by)) this.apply();
  }

  /** Brings the player to the room's authoritative timeline. */
  apply(): void {
    const player = this.#player;
    const state = this.timeline.state;
    if (!player || !state || this.timeline.memberId === null) return;
    this.#cancelScheduledStart?.();
    this.#cancelScheduledStart = null;
    if (player.playbackRate !== state.rate) player.setRate(state.rate);
    const now = this.hooks.relayNow();
    if (state.playing && state.at > now) {
      // A scheduled start: hold on the start frame, then go at the stamped instant.
      this.#holdAt(player, state.position);
      this.#cancelScheduledStart = this.hooks.setTimer(state.at - now, () => this.apply());
      return;
    }
    if (!state.playing) {
      this.#holdAt(player, state.position);
      return;
    }
    const target = expectedPosition(state, now);
    if (Math.abs(player.currentTime - target) > DRIFT_SEEK_S) player.seek(target);
    if (player.paused) this.#play(player);
  }

  #holdAt(player: Player, position: number): void {
    if (!player.paused) player.pause();
    if (Math.abs(player.currentTime - position) > FRAME_S) player.seek(position);
  }

  #play(player: Player): void {
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

  /** The player did something; decide whether the user did it. */
  playerEvent(event: PlayerEvent): void {
    // Loads are tracked in or out of a room: a room joined mid-load must know the load ended.
    if (event === 'loadstart') {
      this.#loading = true;
      this.#settle();
      return;
    }
    if (event === 'canplay') {
      // Seeks fire canplay too; only the end of a load hands the player back to the room.
      if (!this.#loading) return;
      this.#loading = false;
      this.#settle();
      if (!this.timeline.settling) this.apply();
      return;
    }
    const player = this.#player;
    const view = this.timeline.view;
    if (!player || !view || this.timeline.memberId === null) return;
    if (this.#loading || this.hooks.localNow() < this.#settleUntil) {
      // The page, not the user: put the player back on the room's timeline.
      if (!this.timeline.settling) this.apply();
      return;
    }
    const position = player.currentTime;
    switch (event) {
      case 'play':
        if (!view.playing) this.#local('play', position, view.rate);
        break;
      case 'pause':
        if (view.playing && !player.seeking) this.#local('pause', position, view.rate);
        break;
      case 'seeked': {
        const expected = expectedPosition(view, this.hooks.relayNow());
        if (Math.abs(position - expected) > SEEK_TOLERANCE_S)
          this.#local('seek', position, view.rate);
        break;
      }
      case 'ratechange':
        if (Math.abs(player.playbackRate - view.rate) > 1e-3)
          this.#local('rate', position, player.playbackRate);
        break;
    }
  }

  #local(action: ControlAction, position: number, rate: number): void {
    const change = { action, position, rate };
    const baseRev = this.timeline.beginLocalChange(
      change,
      this.hooks.relayNow(),
      this.hooks.localNow(),
    );
    if (baseRev !== null) this.hooks.sendControl({ ...change, baseRev });
  }

  /**
   * Runs a few times a second: gives up on changes the relay never confirmed and keeps a playing
   * player on the timeline.
   */
  tick(): void {
    if (this.timeline.expireIntent(this.hooks.localNow())) this.apply();
    const player = this.#player;
    const state = this.timeline.state;
    if (!player || !state || this.timeline.memberId === null || this.timeline.settling) return;
    if (!state.playing || this.#loading || player.seeking || player.readyState < 3) return;
    if (player.paused && !player.ended) {
      // Retrying a refused play() is pointless until the user clicks "Click to sync".
      if (!this.#autoplayBlocked) this.apply();
      return;
    }
    const drift = player.currentTime - expectedPosition(state, this.hooks.relayNow());
    if (Math.abs(drift) > DRIFT_SEEK_S) this.apply();
  }

  #settle(): void {
    this.#settleUntil = this.hooks.localNow() + SETTLE_MS;
  }
}
