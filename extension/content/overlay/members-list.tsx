/**
 * The overlay's Members section: nickname, "(you)", the Host badge, each member's sync status,
 * and for the host, "Make host" and "Remove" beside every other member and "Let in" / "Deny"
 * beside everyone waiting to be let in; in a crowded room, how many more are watching than the
 * list shows.
 * @module
 */
import type { Knock } from '../../../shared/protocol';
import type { Presence } from '../presence';

export function MembersList(props: {
  presence: Presence;
  /** Members the relay left out of the list (a crowded room). */
  unlisted: number;
  /** Who is waiting to be let in (only the host is given any). */
  knocks: readonly Knock[];
  onHandHost: (memberId: string) => void;
  onRemove: (memberId: string) => void;
  onLetIn: (memberId: string) => void;
  onDeny: (memberId: string) => void;
}) {
  const { rows, amHost } = props.presence;
  return (
    <ul class="members" aria-label="Members">
      {rows.map((m) => {
        const nameId = `we-watch-member-${m.id.replace(/[^\w-]/g, '_')}`;
        return (
          <li key={m.id}>
            <span class="member-line">
              <span class="name" id={nameId}>
                {m.name}
                {m.you ? ' (you)' : ''}
              </span>
              <span class={`badge ${m.status}`}>{m.statusText}</span>
              {m.host && <span class="badge host">Host</span>}
            </span>
            {amHost && !m.you && (
              <span class="member-actions">
                <button
                  type="button"
                  class="small"
                  aria-describedby={nameId}
                  onClick={() => props.onHandHost(m.id)}
                >
                  Make host
                </button>
                <button
                  type="button"
                  class="small danger"
                  aria-describedby={nameId}
                  onClick={() => props.onRemove(m.id)}
                >
                  Remove
                </button>
              </span>
            )}
          </li>
        );
      })}
      {props.knocks.map((k) => {
        const nameId = `we-watch-knock-${k.id.replace(/[^\w-]/g, '_')}`;
        return (
          <li key={`knock-${k.id}`} class="knock">
            <span class="member-line">
              <span class="name" id={nameId}>
                {k.name}
              </span>
              <span class="badge knocking">Waiting to be let in</span>
            </span>
            <span class="member-actions">
              <button
                type="button"
                class="small"
                aria-describedby={nameId}
                onClick={() => props.onLetIn(k.id)}
              >
                Let in
              </button>
              <button
                type="button"
                class="small danger"
                aria-describedby={nameId}
                onClick={() => props.onDeny(k.id)}
              >
                Deny
              </button>
            </span>
          </li>
        );
      })}
      {props.unlisted > 0 && (
        <li class="more">
          and {props.unlisted} more {props.unlisted === 1 ? 'member' : 'members'}
        </li>
      )}
    </ul>
  );
}
