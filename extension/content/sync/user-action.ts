/**
 * Reads the user's own change from a play, pause, seek or speed event that was neither an echo
 * of our commands nor the page settling a load.
 * @module
 */
import type { RoomState } from '../../../shared/protocol';
import { expectedPosition } from '../../../shared/timeline';
import type { LocalChange } from './client-timeline';
import type { CommandEvent, EchoFilter } from './echo-filter';
import type { Player } from './player';

/** A seek landing this close to the timeline is ours (or harmless), not a user's. */
const SEEK_TOLERANCE_S = 0.5;

/** `reassert-rate`: YouTube set the rate on its own; ours (`echo.commandedRate`) goes back. */
export type UserAction = LocalChange | 'reassert-rate' | null;

export function readUserAction(
  event: CommandEvent,
  player: Player,
  /** The room as it will be once our changes in flight land. */
  view: RoomState,
  echo: EchoFilter,
  now: number,
  clocks: { relayNow(): number; userActedRecently(): boolean },
): UserAction {
  const position = player.currentTime;
  switch (event) {
    case 'play':
      if (view.playing) return null;
      return { action: 'play', position, rate: view.rate };
    case 'pause':
      if (view.playing && !player.ended) return { action: 'pause', position, rate: view.rate };
      return null;
    case 'seeking': {
      // Taken at `seeking`, not `seeked`: a seek into unbuffered video may land much later.
      const expected = expectedPosition(view, clocks.relayNow());
      if (Math.abs(position - expected) > SEEK_TOLERANCE_S)
        return { action: 'seek', position, rate: view.rate };
      return null;
    }
    case 'ratechange': {
      const rate = player.playbackRate;
      if (Math.abs(rate - echo.commandedRate) < 1e-3) return null;
      if (echo.isYoutubeRate(rate, view.rate, now, () => clocks.userActedRecently()))
        return 'reassert-rate';
      return { action: 'rate', position, rate };
    }
  }
}
