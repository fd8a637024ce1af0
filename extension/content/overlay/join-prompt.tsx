/**
 * "Join the room for this video?": what an invite link (`#wewatch=KEY`) shows instead of joining.
 * The page can put a key in its own URL at any time, so only the user's click joins.
 * @module
 */
import { useEffect, useState } from 'preact/hooks';

/**
 * Join room stays disabled this long after the prompt appears, as browsers' own permission
 * prompts do: a page that sets the fragment just before a click it invited (or during a double
 * click) must not have that click land on Join room.
 */
const JOIN_ARM_MS = 1000;

export function JoinPrompt(props: { onJoin: () => void; onDecline: () => void }) {
  const [armed, setArmed] = useState(false);
  useEffect(() => {
    const timer = setTimeout(() => setArmed(true), JOIN_ARM_MS);
    return () => clearTimeout(timer);
  }, []);
  // Focus is left where it is: a prompt that took it would turn the Enter a page asked the user
  // to press into a join.
  return (
    <section
      class="join-prompt"
      role="dialog"
      aria-labelledby="we-watch-join-title"
      aria-describedby="we-watch-join-hint"
      // Escape declines, as it closes any dialog; declining is always safe.
      onKeyDown={(event) => event.key === 'Escape' && props.onDecline()}
    >
      <p class="join-title" id="we-watch-join-title">
        Join the room for this video?
      </p>
      <p class="hint" id="we-watch-join-hint">
        This page carries a We Watch invite. Join only if someone you know sent it.
      </p>
      <div class="row actions">
        <button
          type="button"
          class="primary"
          disabled={!armed}
          // A synthetic click (a script holding a reference to the button) never joins.
          onClick={(event) => event.isTrusted && props.onJoin()}
        >
          Join room
        </button>
        <button type="button" onClick={props.onDecline}>
          Not now
        </button>
      </div>
    </section>
  );
}
