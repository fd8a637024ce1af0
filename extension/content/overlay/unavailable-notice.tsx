/**
 * What a member whose YouTube will not play the room's video is told: why, in YouTube's words
 * when it gives them, and that the room goes on without them.
 * @module
 */
import type { PlayabilityError } from '../youtube-page';

export const UNAVAILABLE_TEXT = "This video isn't available to you, so you can't watch along";

export function UnavailableNotice(props: { error: PlayabilityError }) {
  return (
    <div class="notice" role="alert">
      <p>{UNAVAILABLE_TEXT}</p>
      {props.error.reason && <p>YouTube says: {props.error.reason}</p>}
      <p class="hint">
        The room goes on without waiting for you; chat still works, and you join in as soon as a
        video plays here.
      </p>
    </div>
  );
}
