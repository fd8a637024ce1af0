/**
 * Sync's own commands to the player: each leaves a token with the echo filter for the event it
 * causes and tells the latency model when it was given; play() also learns whether the browser
 * lets it start without a click.
 * @module
 */
import type { RoomState } from '../../../shared/protocol';
import { expectedPosition } from '../../../shared/timeline';
import type { EchoFilter } from './echo-filter';
import type { LatencyModel } from './latency-model';
import type { Player } from './player';
import type { PlayerSyncHooks } from './sync-hooks';

/** Paused players this close to the room's position are on the same frame. */
export const FRAME_S = 0.02;

export class PlayerCommands {
  #autoplayBlocked = false;

  constructor(
    private readonly echo: EchoFilter,
    private readonly latency: LatencyModel,
    private readonly hooks: Pick<PlayerSyncHooks, 'relayNow' | 'localNow' | 'autoplayBlocked'>,
  ) {}

  /** The browser refused our last play() for want of a click on the page. */
  get autoplayBlocked(): boolean {
    return this.#autoplayBlocked;
  }

  pause(player: Player | null): void {
    this.echo.pause(this.hooks.localNow());
    player?.pause();
  }

  seek(player: Player | null, seconds: number): void {
    const now = this.hooks.localNow();
    this.echo.seek(seconds, now);
    this.latency.seekStarted(seconds, now);
    player?.seek(seconds);
  }

  rate(player: Player | null, rate: number): void {
    this.echo.rate(rate, this.hooks.localNow());
    player?.setRate(rate);
  }

  /** Paused on `position`'s frame. */
  holdAt(player: Player, position: number): void {
    if (!player.paused) this.pause(player);
    if (Math.abs(player.currentTime - position) > FRAME_S) this.seek(player, position);
  }

  /** Seeks to where the timeline will be when the seek lands. */
  seekOnTimeline(player: Player | null, state: RoomState): void {
    const landAt = this.hooks.relayNow() + this.latency.seekS * 1000;
    this.seek(player, expectedPosition(state, landAt));
  }

  play(player: Player): void {
    this.latency.playCalled(this.hooks.localNow(), player.currentTime);
    this.echo.play(this.hooks.localNow());
    player.play().then(
      () => this.setAutoplayBlocked(false),
      (error: unknown) => {
        if (error instanceof Error && error.name === 'NotAllowedError')
          this.setAutoplayBlocked(true);
      },
    );
  }

  setAutoplayBlocked(blocked: boolean): void {
    if (this.#autoplayBlocked === blocked) return;
    this.#autoplayBlocked = blocked;
    this.hooks.autoplayBlocked(blocked);
  }
}
