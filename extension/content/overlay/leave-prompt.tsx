/**
 * "Leave the room?": what a click on another video's link asks while the tab is in a room.
 * Staying is the safe answer, so it has the focus and Escape gives it.
 * @module
 */
import { useEffect, useRef } from 'preact/hooks';

export function LeavePrompt(props: { onLeave: () => void; onStay: () => void }) {
  const stay = useRef<HTMLButtonElement>(null);
  useEffect(() => stay.current?.focus(), []);
  return (
    <section
      class="leave-prompt"
      role="alertdialog"
      aria-labelledby="we-watch-leave-title"
      aria-describedby="we-watch-leave-hint"
      onKeyDown={(event) => {
        if (event.key !== 'Escape') return;
        event.preventDefault();
        props.onStay();
      }}
    >
      <p class="leave-title" id="we-watch-leave-title">
        Leave the room?
      </p>
      <p class="hint" id="we-watch-leave-hint">
        The video you clicked opens here, and you stop watching together.
      </p>
      <div class="row actions">
        <button
          type="button"
          aria-describedby="we-watch-leave-hint"
          // A synthetic click (a script holding a reference to the button) never leaves.
          onClick={(event) => event.isTrusted && props.onLeave()}
        >
          Leave room
        </button>
        <button type="button" class="primary" ref={stay} onClick={props.onStay}>
          Stay
        </button>
      </div>
    </section>
  );
}
