/**
 * Reactions: a button for each, and the ones members send floating up over the video for a
 * couple of seconds (never catching the pointer).
 * @module
 */
import { REACTIONS, type Reaction } from '../../../shared/protocol';
import type { FloatingReaction } from '../floating-reactions';
import { playerRect } from './use-page-layout';

export function ReactionBar(props: { onReact: (emoji: Reaction) => void }) {
  return (
    <div class="reactions" role="group" aria-label="Reactions">
      {REACTIONS.map((emoji) => (
        <button
          key={emoji}
          type="button"
          class="reaction"
          aria-label={`React ${emoji}`}
          onClick={() => props.onReact(emoji)}
        >
          {emoji}
        </button>
      ))}
    </div>
  );
}

export function FloatingReactions(props: { reactions: FloatingReaction[] }) {
  const rect = playerRect();
  if (!rect || props.reactions.length === 0) return null;
  return (
    <div
      class="float-layer"
      aria-hidden="true"
      style={{
        left: `${rect.left}px`,
        top: `${rect.top}px`,
        width: `${rect.width}px`,
        height: `${rect.height}px`,
      }}
    >
      {props.reactions.map((r) => (
        <span
          key={r.key}
          class="floating-reaction"
          style={{ left: `${10 + r.lane * 75}%` }}
          title={r.name}
        >
          <span class="emoji">{r.emoji}</span>
          <span class="by">{r.name}</span>
        </span>
      ))}
    </div>
  );
}
